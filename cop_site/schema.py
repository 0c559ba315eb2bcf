"""JSON Schema (draft 2020-12) for each type's front matter, for editors' tools and forms.

Generated, never written by hand: the structure (fields, types, what is required, that no
other field is allowed) comes from model.py's pydantic models, and the allowed values from
the site's own vocabularies. What the models accept beyond their types is added here: a
single value where a list is expected, slugs for references, the vocabularies as enums.
What a schema cannot know (whether a slug names an existing page) stays `cop-site check`'s."""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .model import (
    AGREEMENT_STATUSES,
    CONSULTANCY_FIELDS,
    GROUP_STATUSES,
    MILESTONE_STATUSES,
    MODELS,
    NOTE_KINDS,
    OUTREACH_RESPONSES,
    PARTNER_KINDS,
    REPEATS,
    SCENARIO_STATUSES,
)
from .settings import ENTITY_TYPES, Settings

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SLUG = {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}
TYPE_WORDS = {"partner": "a partner", "group": "a practice group", "note": "a practice-group note", "scenario": "a shared-work scenario"}
Schema = dict[str, Any]

# One line per field, the same help an editor gets in the templates' comments.
DESCRIPTIONS: dict[str, str] = {
    "type": "Overrides the type the folder gives; rarely needed.",
    "draft": "true keeps this file off the published site.",
    "private": "Never published: fears, contact details, anything not for the public.",
    "name": "The name shown on the site.",
    "kind": "What kind it is.",
    "category": "One stakeholder category, or a list of them.",
    "level": "The level it works at.",
    "roles": "Its roles as a partner.",
    "topics": "The issues it cares about, as topic slugs.",
    "relationship": "How closely you work together: one stage, or a dated history [{date, stage}], oldest first (the last is the current stage).",
    "relationship_goal": "The stage both sides are working towards.",
    "expects_roles": "Partner roles this group should have among those present (default: the site's expected_roles).",
    "needs_roles": "Partner roles this work should have among those present (default: the site's expected_roles).",
    "outreach": "Who was invited, when, by whom, and the answer: {partner, date, by, response: invited/accepted/declined/no-reply, note}.",
    "engagement": "How much it cares about this work.",
    "influence": "How much it can move this work.",
    "interest": "Why this work matters to it.",
    "desired_outcomes": "What it hopes will come out of the work.",
    "values": "The commitments that guide its decisions.",
    "alliances": "Other partners it already works with, as slugs.",
    "website": "Its website, starting with https://",
    "assessments": "Partnership self-assessments on the rubric, oldest first: {date, participants, scores, evidence, next_steps}.",
    "resources": "What it can bring to bear on the work: people, money, authority, reach.",
    "information_needs": "What it wants to hear about, and how.",
    "agreement": "The agreement for results: each element agreed, drafting or open (an element left out is open).",
    "goal": "The goal of the real work that could unite the partners.",
    "focus": "The shared concern, in one sentence.",
    "conveners": "The lead connectors, as partner slugs.",
    "members": "Partner slugs, or {partner, role, since}.",
    "expects": "Categories this group should hear from (default: the site's).",
    "levels": "Levels this group should span (default: the site's).",
    "meets": "How often it meets.",
    "status": "Where it stands.",
    "conditions": "Collective impact conditions: dated assessments, oldest first, or one mapping of condition to level.",
    "title": "The title shown on the site.",
    "date": "The date, as YYYY-MM-DD.",
    "group": "The group's slug, for a note kept outside its group's folder.",
    "attendees": "Who was there, as partner slugs.",
    "scenarios": "The shared work this note moves forward, as scenario slugs.",
    "decisions": "What was agreed, one item each.",
    "next_steps": "Who does what next.",
    "intention": "A progress report: what the group set out to do.",
    "actions": "A progress report: what was done since the last report.",
    "assessment": "A progress report: how far that went towards the intention.",
    "presenter": "A consultancy: the partner who brought the problem, as a slug.",
    "problem": "A consultancy: the problem of practice.",
    "question": "A consultancy: the question put to the group.",
    "feedback": "A consultancy: what the group offered, one item each.",
    "groups": "The practice groups doing this work, as slugs.",
    "partners": "The partners engaged in this work, as slugs.",
    "needs": "Categories that must be at the table (default: the site's).",
    "efforts": "Separate efforts already under way, one item each.",
    "schedule": "When the group meets, for its calendar: start, time (HH:MM), duration (minutes), timezone, repeat, until, location.",
    "backbone": "The partner that carries the backbone role for this work, as a slug.",
    "priorities": "The top priorities, in order, one item each.",
    "measures": "Shared measures: name, unit, baseline, target, by (date), values [{date, value}], source.",
    "milestones": "Milestones: name, due (date), status (planned, on-track, at-risk, done, missed), owner (partner slug).",
    "success": "By this date we will know we are successful if ...: {by, text}.",
}


def _enum(values: Any) -> Schema:
    return {"type": "string", "enum": [str(v) for v in values]}


def _vocabularies(settings: Settings) -> dict[str, dict[str, Schema]]:
    """kind -> field -> the schema of one value of that field."""
    tax = settings.taxonomy
    return {
        "partner": {
            "kind": _enum(PARTNER_KINDS),
            "category": _enum(tax.categories),
            "level": _enum(tax.levels),
            "roles": _enum(tax.roles),
            "relationship": _enum(tax.relationships),
            "relationship_goal": _enum(tax.relationships),
            "engagement": _enum(tax.ratings),
            "influence": _enum(tax.ratings),
            "topics": SLUG,
            "alliances": SLUG,
            "website": {"type": "string", "pattern": "^https?://"},
        },
        "group": {
            "topics": SLUG,
            "conveners": SLUG,
            "expects": _enum(tax.categories),
            "expects_roles": _enum(tax.roles),
            "levels": _enum(tax.levels),
            "status": _enum(GROUP_STATUSES),
        },
        "note": {
            "kind": _enum(NOTE_KINDS),
            "group": SLUG,
            "attendees": SLUG,
            "scenarios": SLUG,
            "presenter": SLUG,
        },
        "scenario": {
            "status": _enum(SCENARIO_STATUSES),
            "topics": SLUG,
            "groups": SLUG,
            "partners": SLUG,
            "needs": _enum(tax.categories),
            "needs_roles": _enum(tax.roles),
        },
    }


def _replace_strings(node: Any, item: Schema) -> Any:
    """`node` with each plain {"type": "string"} in it (a value, or a list's item) replaced by `item`."""
    if isinstance(node, dict):
        if node.get("type") == "string" and "format" not in node and "enum" not in node and "pattern" not in node:
            return {**{k: v for k, v in node.items() if k != "type"}, **item}
        return {k: _replace_strings(v, item) if k in ("anyOf", "oneOf", "items") else v for k, v in node.items()}
    if isinstance(node, list):
        return [_replace_strings(v, item) for v in node]
    return node


def _one_or_many(node: Schema) -> Schema:
    """The models turn a single value into a one-item list: the schema accepts both."""
    arrays = [node] if node.get("type") == "array" else [s for s in node.get("anyOf", []) if s.get("type") == "array"]
    if not arrays:
        return node
    keep = {k: v for k, v in node.items() if k in ("title", "default", "description")}
    options = [arrays[0]["items"], *([node] if "anyOf" not in node else node["anyOf"])]
    if {"type": "null"} not in options:
        options.append({"type": "null"})  # an empty field ("topics:") is an empty list
    return {**keep, "anyOf": options}


def _before_validated(model: type) -> set[str]:
    """The fields a model turns from a single value into a list before checking types."""
    names: set[str] = set()
    for dec in model.__pydantic_decorators__.field_validators.values():  # type: ignore[attr-defined]
        if dec.info.mode == "before":
            names.update(dec.info.fields)
    return names


def _rubric_map(keys: Schema, values: Schema | None) -> Callable[[Schema], Schema]:
    def apply(node: Schema) -> Schema:
        out = {k: v for k, v in node.items() if k != "additionalProperties"}
        out["propertyNames"] = keys
        out["additionalProperties"] = values if values is not None else node.get("additionalProperties", {"type": "string"})
        return out

    return apply


def schema_for(kind: str, settings: Settings, base_url: str | None = None) -> Schema:
    model = MODELS[kind]
    schema: Schema = copy.deepcopy(model.model_json_schema())
    props: dict[str, Schema] = schema["properties"]
    vocab = _vocabularies(settings)[kind]
    listy = _before_validated(model)
    tax = settings.taxonomy
    for name, node in list(props.items()):
        if name in vocab:
            node = _replace_strings(node, vocab[name])
        if name in listy:
            node = _one_or_many(node)
        if name in DESCRIPTIONS:
            node["description"] = DESCRIPTIONS[name]
        props[name] = node
    props["type"] = {"description": DESCRIPTIONS["type"], "enum": [kind, None]}
    defs = schema.get("$defs", {})
    if "Assessment" in defs:  # the partnership rubric: a partner's, a group's or a scenario's
        assessment = defs["Assessment"]
        assessment["description"] = "One sitting on the partnership rubric: who took part, each indicator's level, its evidence and the next step agreed."
        a = assessment["properties"]
        # An empty mapping may be written as a bare `scores:` (a skeleton from `cop-site new assessment`).
        a["scores"] = {"anyOf": [_rubric_map(_enum(tax.indicators), _enum(tax.rubric_levels))(a["scores"]), {"type": "null"}], "title": "Scores"}
        a["evidence"] = {"anyOf": [_rubric_map(_enum(tax.indicators), None)(a["evidence"]), {"type": "null"}], "title": "Evidence"}
        a["next_steps"] = {"anyOf": [_rubric_map(_enum(tax.indicators), None)(a["next_steps"]), {"type": "null"}], "title": "Next Steps"}
        a["participants"] = _one_or_many(_replace_strings(a["participants"], SLUG))
        a["participants"]["description"] = "Who took part in the sitting, as partner slugs."
    if kind == "partner" and "RelationshipStep" in defs:
        defs["RelationshipStep"]["properties"]["stage"] = {"title": "Stage", **_enum(tax.relationships)}
    if kind in ("group", "scenario") and "Outreach" in defs:
        entry = defs["Outreach"]["properties"]
        entry["partner"] = {"title": "Partner", **SLUG}
        entry["by"] = {"title": "By", "anyOf": [SLUG, {"type": "null"}], "default": None}
        entry["response"] = {"title": "Response", "default": "invited", **_enum(OUTREACH_RESPONSES)}
    if kind == "partner" and "Agreement" in defs:
        agreement = defs["Agreement"]
        agreement["description"] = DESCRIPTIONS["agreement"]
        elements = agreement["properties"]
        elements["elements"] = _rubric_map(_enum(tax.agreement_elements), _enum(AGREEMENT_STATUSES))(elements["elements"])
        elements["notes"] = _rubric_map(_enum(tax.agreement_elements), None)(elements["notes"])
    if kind == "group":
        # Two written forms (model.Conditions): one undated mapping, or dated assessments in
        # the shape of a partner's, where each item needs its date.
        levels = _rubric_map(_enum(tax.conditions), _enum(tax.rubric_levels))
        node = props["conditions"]
        mapping = levels({"type": "object"})
        props["conditions"] = {
            **{k: v for k, v in node.items() if k in ("title", "default", "description")},
            "oneOf": [mapping, {"type": "array", "items": {"$ref": "#/$defs/ConditionAssessment"}}],
        }
        assessment = defs["ConditionAssessment"]
        assessment["description"] = "One dated assessment of the conditions."
        assessment["required"] = ["date"]
        assessment["properties"]["date"] = {"title": "Date", "type": "string", "format": "date"}
        assessment["properties"]["scores"] = levels(assessment["properties"]["scores"])
        assessment["properties"]["evidence"] = _rubric_map(_enum(tax.conditions), None)(assessment["properties"]["evidence"])
        member = defs["Member"]
        member["properties"]["partner"] = {**member["properties"]["partner"], **SLUG}
        members = props["members"]
        # A member is a bare slug or {partner, role, since}.
        members["anyOf"] = [
            SLUG,
            {"$ref": "#/$defs/Member"},
            {"type": "array", "items": {"anyOf": [SLUG, {"$ref": "#/$defs/Member"}]}},
            {"type": "null"},
        ]
    if kind == "group" and "Schedule" in defs:
        sch = defs["Schedule"]["properties"]
        sch["time"] = {"anyOf": [{"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}, {"type": "null"}], "description": "HH:MM, 24-hour clock"}
        sch["duration"] = {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 1440}, {"type": "string", "pattern": "^[0-9]+$"}], "description": "minutes"}
        sch["repeat"] = _enum(REPEATS)
        sch["timezone"] = {"anyOf": [{"type": "string", "pattern": "^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$"}, {"type": "null"}], "description": "an IANA time zone"}
        props["schedule"]["description"] = DESCRIPTIONS["schedule"]
    if kind == "scenario":
        # Numbers may be written as YAML numbers or as text that reads as one.
        number = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}]}
        for name in ("baseline", "target"):
            defs["Measure"]["properties"][name] = {"anyOf": [number, {"type": "null"}]}
        defs["MeasureValue"]["properties"]["value"] = number
        defs["Milestone"]["properties"]["status"] = _enum(MILESTONE_STATUSES)
        defs["Milestone"]["properties"]["owner"] = {"anyOf": [SLUG, {"type": "null"}]}
        props["backbone"] = {"anyOf": [SLUG, {"type": "null"}], "description": DESCRIPTIONS["backbone"]}
    if kind == "note":
        # A consultancy's fields are written on a consultancy only (`cop-site check` says so);
        # left empty, as a template leaves them, they are fine on any note.
        empty = {"anyOf": [{"type": "null"}, {"const": ""}, {"type": "array", "maxItems": 0}]}
        schema["if"] = {"properties": {"kind": {"const": "consultancy"}}, "required": ["kind"]}
        schema["else"] = {"properties": {name: empty for name in CONSULTANCY_FIELDS}}
    # A required field must say something: `category:`, `category: null` and `category: []`
    # are missing to the engine, so they are to the schema too.
    for name in schema.get("required", []):
        props[name] = {"allOf": [props[name], {"not": {"type": "null"}}, {"not": {"const": ""}}, {"not": {"type": "array", "maxItems": 0}}]}
    for extra in settings.extra_fields.get(kind, []):
        props[extra] = {"description": "A field of this site's own (extra_fields in mkdocs.yml)."}
    out: Schema = {"$schema": DIALECT}
    if base_url:
        out["$id"] = f"{base_url.rstrip('/')}/schema/{kind}.schema.json"
    out.update(schema)
    out["title"] = f"Front matter of {TYPE_WORDS[kind]}"
    out["description"] = f"The fields between the two --- lines of {TYPE_WORDS[kind]}'s Markdown file. Generated by cop-site from its content model."
    return out


def schemas(settings: Settings, base_url: str | None = None) -> dict[str, Schema]:
    return {kind: schema_for(kind, settings, base_url) for kind in ENTITY_TYPES}


def dumps(schema: Schema) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_all(folder: Path, settings: Settings, base_url: str | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, schema in schemas(settings, base_url).items():
        path = folder / f"{kind}.schema.json"
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(dumps(schema))
        written.append(path)
    return written


def write_schemas(site_dir: Path, out: Path | None, config_file: str = "mkdocs.yml") -> int:
    """`cop-site schema`: the site's schemas (its vocabularies from mkdocs.yml) into `out`."""
    from .scaffold import NewError, read_site

    try:
        site = read_site(site_dir, config_file)
    except NewError as exc:
        print(f"cop-site schema: {exc}", file=sys.stderr)
        return 2
    if out is None:
        out = site_dir / "schema"
    for path in write_all(out, site.settings):
        print(path.as_posix())
    return 0
