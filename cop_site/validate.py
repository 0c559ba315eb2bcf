"""Stage 2: raw documents -> typed entities and problems."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from . import clock
from .load import RawDoc, kind_from_path, page_source
from .model import (
    AGREEMENT_STATUSES,
    CONSULTANCY_FIELDS,
    GROUP_STATUSES,
    MEASURE_FIELDS,
    MILESTONE_FIELDS,
    MODELS,
    NOTE_KINDS,
    OUTREACH_RESPONSES,
    PARTNER_KINDS,
    REQUIRED_FALLBACK,
    RESERVED_SLUGS,
    SCENARIO_STATUSES,
    SCHEDULE_FIELDS,
    WORKSHEET_NAME,
    Entity,
    Group,
    Note,
    Outreach,
    Partner,
    Scenario,
    Source,
)
from .problems import Problem, suggest
from .settings import Settings, Taxonomy
from .tracking import check_scenario, check_schedule

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "page"


@dataclass
class Content:
    """Validated content: entities by key, the ordinary pages, and what must not be published."""

    partners: dict[str, Partner] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)  # key: "<group>/<name>"
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    pages: list[RawDoc] = field(default_factory=list)  # ordinary Markdown pages
    # What is never published, decided here once for every output: files (rel paths) and
    # whole folders ("groups/x/"), whatever their files are (Markdown, pictures, PDFs).
    withheld: set[str] = field(default_factory=set)
    withheld_dirs: set[str] = field(default_factory=set)
    # kind -> keys that exist but are not published (unreadable or draft): references to them
    # are not reported again, and render as plain text.
    unpublished: dict[str, set[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # The vocabularies the content was checked against, for outputs that list values in the
    # site's own order (cop.json's agreements and stages) without being handed the settings.
    taxonomy: Taxonomy | None = None
    _pages: dict[str, RawDoc] = field(default_factory=dict, repr=False)

    def page_source(self, rel: str) -> tuple[dict[str, Any], str] | None:
        """An ordinary page's fields and text as cop-site read them (see `load.page_source`)."""
        if len(self._pages) != len(self.pages):
            self._pages = {d.rel: d for d in self.pages}
        doc = self._pages.get(rel)
        return page_source(doc) if doc is not None else None

    def of_kind(self, kind: str) -> Mapping[str, Partner | Group | Note | Scenario]:
        """The entities of one kind ("partner", "group", "note" or "scenario"), by key."""
        by_kind: dict[str, Mapping[str, Partner | Group | Note | Scenario]] = {
            "partner": self.partners,
            "group": self.groups,
            "note": self.notes,
            "scenario": self.scenarios,
        }
        return by_kind[kind]

    def is_withheld(self, rel: str) -> bool:
        """Whether the file at `rel` (in the content folder) must stay out of every output."""
        return rel in self.withheld or within(rel, self.withheld_dirs)

    def _withhold(self, doc: RawDoc) -> None:
        self.withheld.add(doc.rel)
        if doc.kind:
            self.unpublished.setdefault(doc.kind, set()).add(doc.key)


def within(rel: str, dirs: set[str]) -> bool:
    """Whether `rel` lies in one of the folders `dirs` (each ending with '/')."""
    if dirs:
        cut = rel.find("/")
        while cut != -1:
            if rel[: cut + 1] in dirs:
                return True
            cut = rel.find("/", cut + 1)
    return False


@dataclass
class Built:
    """What `validate` made of each document, kept by a caller that validates the same site
    again (`serve`): a document the load cache gave back unchanged (the same object), under
    the same settings and on the same day (answers may not be dated after today), gives the
    same entity and the same problems without being checked again. Entities are immutable."""

    under: tuple[Settings, object] | None = None
    entities: dict[int, tuple[RawDoc, Entity | None, list[Problem]]] = field(default_factory=dict)


def validate(
    docs: list[RawDoc], settings: Settings, withheld: set[str] | None = None, withheld_dirs: set[str] | None = None, built: Built | None = None
) -> Content:
    """`withheld`, `withheld_dirs`: files and folders already known to stay out (`pipeline.scope`).
    `built`: kept from the previous run (see `Built`)."""
    content = Content(withheld=set(withheld or ()), withheld_dirs=set(withheld_dirs or ()), taxonomy=settings.taxonomy)
    build = _memo(built, settings, content.problems) if built is not None else lambda doc: _build(doc, settings, content.problems)
    # First what is withheld, since a group's draft flag decides for its notes, which come
    # before its index.md in a sorted walk.
    hidden: dict[str, bool] = {}
    for doc in docs:
        content.problems.extend(doc.problems)
        draft, problem = doc.draft_flag() if doc.readable else (False, None)
        if problem:
            content.problems.append(problem)
        hidden[doc.rel] = not doc.readable or (draft and not settings.internal)
        if hidden[doc.rel] and doc.kind == "group" and doc.rel.endswith("/index.md"):
            content.withheld_dirs.add(doc.rel[: -len("index.md")])  # the group's notes and files
    # Two files for one entity: the one in the type's own folder wins over a `type:` elsewhere.
    claimed: dict[tuple[str, str], RawDoc] = {}
    for doc in sorted((d for d in docs if d.kind is not None), key=lambda d: kind_from_path(d.rel)[0] != d.kind):
        claimed.setdefault((doc.kind, doc.key), doc)  # type: ignore[arg-type]
    targets = {"partner": content.partners, "group": content.groups, "note": content.notes, "scenario": content.scenarios}
    for doc in docs:
        if hidden[doc.rel] or content.is_withheld(doc.rel):
            content._withhold(doc)
        if doc.kind is not None:
            other = claimed[(doc.kind, doc.key)]
            if other is not doc:
                message = f"a {doc.kind} with the slug '{doc.key}' already comes from {other.display}"
                content.problems.append(Problem(doc.display, 1, message, "rename one of them; until then this file is not published"))
                content.withheld.add(doc.rel)  # not _withhold: the key is still published, by the other file
                continue
        if not doc.readable:
            continue
        if doc.kind is None:
            if doc.rel not in content.withheld:
                content.pages.append(doc)
            continue
        entity = build(doc)  # a draft is checked too, so it is ready when published
        if entity is None:  # not an entity, and not an ordinary page either: never published as it is
            content._withhold(doc)
            continue
        if doc.rel in content.withheld:
            continue
        targets[doc.kind][doc.key] = entity  # type: ignore[index]
    # A note of a withheld group that lives elsewhere (`type: note` with `group:`).
    for key, note in list(content.notes.items()):
        if note.group in content.unpublished.get("group", ()):
            del content.notes[key]
            content.withheld.add(note.src.rel)
            content.unpublished.setdefault("note", set()).add(key)
    return content


def _memo(built: Built, settings: Settings, problems: list[Problem]) -> Callable[[RawDoc], Entity | None]:
    under = (settings, clock.today())
    if built.under != under:
        built.under, built.entities = under, {}
    before, built.entities = built.entities, {}  # left holding this run's documents only

    def build(doc: RawDoc) -> Entity | None:
        held = before.get(id(doc))
        if held is None or held[0] is not doc:
            mine: list[Problem] = []
            held = (doc, _build(doc, settings, mine), mine)
        built.entities[id(doc)] = held
        problems.extend(held[2])
        return held[1]

    return build


def _build(doc: RawDoc, settings: Settings, problems: list[Problem]) -> Entity | None:
    kind = doc.kind
    assert kind is not None
    model = MODELS[kind]
    data: dict[str, Any] = dict(doc.data)
    assert doc.meta is not None
    meta = doc.meta
    if not SLUG_RE.match(doc.slug):
        what = "folder name" if kind == "group" else "file name"
        fixed = slugify(doc.slug)
        problems.append(
            Problem(doc.display, 1, f"the {what} '{doc.slug}' is not a valid slug (lower-case letters, digits and hyphens)", f"rename it to '{fixed}'")
        )
    if kind == "note" and doc.slug == WORKSHEET_NAME and doc.rel == f"groups/{doc.group}/{WORKSHEET_NAME}.md":
        problems.append(
            Problem(
                doc.display,
                1,
                f"'{WORKSHEET_NAME}.md' in a group's folder is where the group's printable self-assessment worksheet goes",
                "rename this note, for example to a dated name such as 2025-03-14-worksheet.md; until then the worksheet is not made",
            )
        )
    if kind in ("partner", "scenario") and doc.slug in RESERVED_SLUGS:  # only with `type:`: see kind_from_path
        message = f"a {kind} cannot have the slug '{doc.slug}': {kind}s/{doc.slug}.md is the page that lists every {kind}"
        problems.append(Problem(doc.display, meta.line_of(("type",)), message, f"rename the file, for example to '{doc.slug}-{kind}.md'"))
        return None
    if kind == "note" and not doc.group:
        problems.append(Problem(doc.display, meta.line_of(("type",)), "a note outside a group's folder needs 'group: <group-slug>'"))
        return None
    extras = {name: data.pop(name) for name in settings.extra_fields.get(kind, []) if name in data}
    # Values cop.json writes as they are (the site's own fields; the private ones in the
    # internal edition) must be plain: a tagged NaN would make it invalid JSON.
    private: dict[str, Any] = {}
    if isinstance(data.get("private"), dict):
        private = data["private"] = dict(data["private"])  # a copy: the document may be read again (serve)
    for values, base in ((extras, ()), (private, ("private",))):
        for name in list(values):
            try:
                values[name] = plain_value(values[name], (*base, name), keep_private=settings.internal or bool(base))
            except NotPlain as exc:
                problems.append(
                    Problem(
                        doc.display,
                        meta.line_of(exc.path),
                        f"{_field_label(exc.path)} must be plain text, true/false, a list or 'name: value' lines, not {exc.what}",
                        "remove the '!!' tag (or put the value in quotes); until then the field is left out",
                    )
                )
                del values[name]
    data["draft"] = doc.draft_flag()[0]
    # `category:`, `category: null`, `category: []` and `name: "   "` say nothing: the field is missing.
    emptied = {name for name, info in model.model_fields.items() if info.is_required() and name in data and _blank(data[name])}
    for name in emptied:
        del data[name]
    # Suggest the entity's own fields first; the shared ones (draft, private) last.
    fields = [f for f in model.model_fields if f not in ("type", "draft", "private")] + ["draft", "private"]
    allowed_names = fields + settings.extra_fields.get(kind, [])
    for _ in range(len(data) + 2 + sum(_size(data.get(t)) for t in TRACKED)):
        try:
            entity = cast(Entity, model.model_validate(data))
            break
        except ValidationError as exc:
            pruned: dict[str, Any] = {}
            for err in exc.errors():
                loc = _untagged(kind, tuple(err["loc"]))
                problems.append(_message(doc, kind, loc, err, allowed_names, emptied))
                top = loc[0] if loc else None
                if _prune(data, pruned, loc):
                    continue
                if err["type"] == "missing" and len(loc) == 1:
                    data[str(top)] = REQUIRED_FALLBACK[kind].get(str(top))
                    if data[str(top)] is None:
                        data[str(top)] = doc.slug
                elif top in data:
                    del data[top]
                    if top in REQUIRED_FALLBACK[kind]:
                        data[str(top)] = REQUIRED_FALLBACK[kind][str(top)] or doc.slug
            for name, value in pruned.items():
                data[name] = _without_gone(value)
    else:  # pragma: no cover - each round removes a field, so this cannot loop forever
        return None
    entity._src = Source(rel=doc.rel, display=doc.display, slug=doc.key, body=doc.body, body_line=doc.body_line, meta=meta, extras=extras)
    fixes = _check_vocabulary(entity, settings, problems)
    if isinstance(entity, Note) and entity.group != doc.group:
        fixes["group"] = doc.group
    # Entities are frozen: what validation settled makes one new entity, never edits.
    return entity.model_copy(update=fixes) if fixes else entity


# Fields of the tracked shared work whose items are many: a wrong value drops that value (or
# its item), not the whole field, so the rest still shows and every problem is named at once.
TRACKED = ("schedule", "measures", "milestones", "success")
_GONE = object()
_OPTIONAL = {
    "schedule": {"time", "duration", "timezone", "repeat", "until", "location"},
    "measures": {"unit", "baseline", "target", "by", "values", "source"},
    "milestones": {"status", "owner"},
    "success": set(),
}


def _size(value: Any) -> int:
    if isinstance(value, list):
        return len(value) + sum(_size(v) for v in value)
    if isinstance(value, dict):
        return len(value) + sum(_size(v) for v in value.values())
    return 0


def _prune(data: dict[str, Any], pruned: dict[str, Any], loc: tuple[str | int, ...]) -> bool:
    """Drop what an error in a tracked field points at: an optional key, else the innermost
    list item holding it (a measure's value, a milestone). False: drop the whole field.
    Works on a copy (`pruned`), so the document as read stays as it was."""
    if len(loc) < 2 or loc[0] not in TRACKED or loc[0] not in data:
        return False
    top = str(loc[0])
    if top not in pruned:
        value = copy.deepcopy(data[top])
        pruned[top] = [value] if isinstance(value, dict) and top != "schedule" else value
    path = list(loc[1:])
    # The key itself when it is optional (and the error is about its value), else its item.
    if isinstance(path[-1], str) and path[-1] in _OPTIONAL[top] and not any(isinstance(p, int) for p in path[1:-1]):
        cut = len(path)
    else:
        ints = [i for i, p in enumerate(path) if isinstance(p, int)]
        if not ints:
            return False
        cut = ints[-1] + 1
    node = pruned[top]
    try:
        for step in path[: cut - 1]:
            node = node[step]
        last = path[cut - 1]
        if isinstance(node, list) and isinstance(last, int):
            node[last] = _GONE
        elif isinstance(node, dict):
            node.pop(last, None)
        else:
            return False
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _without_gone(value: Any) -> Any:
    if isinstance(value, list):
        return [_without_gone(v) for v in value if v is not _GONE]
    if isinstance(value, dict):
        return {k: _without_gone(v) for k, v in value.items()}
    return value


class NotPlain(Exception):
    """A value YAML made from a tag (`!!float .nan`, `!!set`, `!!binary`...): no output
    writes it faithfully (cop.json would hold a bare NaN)."""

    def __init__(self, path: tuple[str | int, ...], what: str) -> None:
        super().__init__(what)
        self.path = path
        self.what = what


def plain_value(value: Any, path: tuple[str | int, ...] = (), keep_private: bool = False) -> Any:
    """`value` as an editor's plain YAML gives it (text, true/false, empty, lists, mappings
    with text keys), without any `private:` inside it unless `keep_private`: what is under
    `private:` is private at any depth. Raises NotPlain at the first other value."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, list):
        return [plain_value(v, (*path, i), keep_private) for i, v in enumerate(value)]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise NotPlain(path, f"a key made by a tag ({type(k).__name__})")
            if k == "private" and not keep_private:
                continue
            out[k] = plain_value(v, (*path, k), keep_private)
        return out
    shown = {"float": "a number made by a tag", "int": "a number made by a tag", "bytes": "binary data", "set": "a set"}.get(type(value).__name__)
    raise NotPlain(path, shown or f"a value made by a tag ({type(value).__name__})")


def _blank(value: Any) -> bool:
    """Whether a value says nothing: empty, or text of spaces only (which would show as an
    empty link wherever the entity is named)."""
    return value in (None, "", [], {}) or (isinstance(value, str) and not value.strip())


def _untagged(kind: str, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The error's location as written in the file: pydantic adds the name of the form it
    tried ('mapping' or 'list', see `model.Conditions`) after a group's `conditions`."""
    if kind == "group" and len(loc) > 1 and loc[0] == "conditions" and loc[1] in ("mapping", "list"):
        return (loc[0],) + loc[2:]
    if kind == "partner" and len(loc) > 1 and loc[0] == "relationship" and loc[1] in ("stage", "history"):
        return (loc[0],) + loc[2:]
    return loc


def _field_label(loc: tuple[str | int, ...]) -> str:
    parts = []
    for item in loc:
        parts.append(f"item {item + 1}" if isinstance(item, int) else str(item))
    return "'" + parts[0] + "'" + (" (" + ", ".join(parts[1:]) + ")" if len(parts) > 1 else "") if parts else "front matter"


def _message(doc: RawDoc, kind: str, loc: tuple[str | int, ...], err: ErrorDetails, allowed: list[str], emptied: set[str]) -> Problem:
    assert doc.meta is not None
    line = doc.meta.line_of(loc)
    kind_ = err["type"]
    value = err.get("input")
    if kind_ == "missing":
        if len(loc) == 1 and loc[0] in emptied:
            return Problem(doc.display, line, f"missing required field '{loc[0]}' for a {kind}: it is there but empty")
        if len(loc) == 1:
            return Problem(doc.display, 1, f"missing required field '{loc[0]}' for a {kind}")
        return Problem(doc.display, line, f"{_field_label(loc[:-1])} is missing '{loc[-1]}'")
    if kind_ == "extra_forbidden":
        name = str(loc[-1])
        choices = allowed if len(loc) == 1 else _nested_fields(kind, loc)
        hint = suggest(name, choices)
        if len(loc) == 1 and kind == "partner" and hint and "allowed values" in hint:
            hint = "private details belong under 'private:'; allowed fields: " + ", ".join(choices)
        where = "" if len(loc) == 1 else f" in {_field_label(loc[:-1])}"
        return Problem(doc.display, line, f"unknown field '{name}'{where}", hint)
    if kind_.startswith("date") or kind_ in ("date_from_datetime_inexact",):
        return Problem(doc.display, line, f"{_field_label(loc)} is not a valid date: '{value}'", "write dates as YYYY-MM-DD, for example 2025-03-14")
    if kind_ == "list_type":
        return Problem(doc.display, line, f"{_field_label(loc)} must be a list", "write it as [a, b] or as lines starting with '- '")
    if kind_ in ("string_type", "string_sub_type"):
        return Problem(doc.display, line, f"{_field_label(loc)} must be text, not {type(value).__name__ if value is not None else 'empty'}")
    if kind_ in ("dict_type", "model_type", "model_attributes_type"):
        return Problem(doc.display, line, f"{_field_label(loc)} must be a mapping of 'name: value' lines")
    if kind_ in ("float_parsing", "float_type", "finite_number", "int_parsing", "int_type", "int_from_float"):
        whole = kind_.startswith("int")
        what = "a whole number" if whole else "a number"
        digits = re.sub(r"[^0-9.\-]", "", str(value).replace(",", "")) if isinstance(value, str) else ""
        try:
            float(digits)
            hint = f"did you mean '{digits}'?" + (" (the unit goes in 'unit')" if not whole else "")
        except ValueError:
            hint = "write a plain number, such as 42 or 3.5" if not whole else "write a number of minutes, such as 90"
        return Problem(doc.display, line, f"{_field_label(loc)} must be {what}, not '{value}'", hint)
    if kind_ == "bool_type" or kind_ == "bool_parsing":
        return Problem(doc.display, line, f"{_field_label(loc)} must be true or false, not '{value}'")
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return Problem(doc.display, line, f"{_field_label(loc)}: {msg}")


def _nested_fields(kind: str, loc: tuple[str | int, ...]) -> list[str]:
    if kind == "group" and loc[0] == "members":
        return ["partner", "role", "since"]
    if loc[0] == "assessments" and kind in ("partner", "group", "scenario"):
        return ["date", "participants", "scores", "evidence", "next_steps"]
    if kind == "group" and loc[0] == "conditions":
        return ["date", "scores", "evidence"]
    if kind == "partner" and loc[0] == "agreement":
        return ["signed", "elements", "notes"]
    if kind == "group" and loc[0] == "schedule":
        return list(SCHEDULE_FIELDS)
    if kind == "scenario" and loc[0] == "measures":
        return ["date", "value"] if "values" in loc[1:-1] else list(MEASURE_FIELDS)
    if kind == "scenario" and loc[0] == "milestones":
        return list(MILESTONE_FIELDS)
    if kind == "scenario" and loc[0] == "success":
        return ["by", "text"]
    if kind == "partner" and loc[0] == "relationship":
        return ["date", "stage"]
    if kind in ("group", "scenario") and loc[0] == "outreach":
        return ["partner", "date", "by", "response", "note"]
    return []


def _check_vocabulary(entity: Entity, settings: Settings, problems: list[Problem]) -> dict[str, Any]:
    """Each value checked against the site's vocabularies; returns the fields to change
    (unknown values dropped or defaulted), for a new entity made from them."""
    fixes: dict[str, Any] = {}

    def fix(name: str, value: Any) -> Any:
        if value != getattr(entity, name):
            fixes[name] = value
        return value

    tax = settings.taxonomy
    src: Source = entity.src

    def check_one(value: str | None, allowed: Collection[str], path: tuple[str | int, ...], what: str) -> str | None:
        if value is None or value in allowed:
            return value
        problems.append(Problem(src.display, src.line(*path), f"unknown {what} '{value}'", suggest(str(value), list(allowed))))
        return None

    def check_list(values: list[str], allowed: Collection[str], name: str, what: str) -> list[str]:
        return [v for i, v in enumerate(values) if check_one(v, allowed, (name, i), what) is not None]

    def check_slugs(values: list[str], name: str) -> list[str]:
        kept = []
        for i, v in enumerate(values):
            if name == "topics" and v in RESERVED_SLUGS:
                others = [t for t in tax.topics if t not in RESERVED_SLUGS]
                hint = suggest(v, others, list_all=False) or f"use another slug, such as '{v}-{slugify(src.slug)}'"
                message = f"'{v}' in 'topics' is reserved: topics/{v}.md is the address of the Topics page"
                problems.append(Problem(src.display, src.line(name, i), message, hint))
            elif SLUG_RE.match(v):
                kept.append(v)
            else:
                problems.append(Problem(src.display, src.line(name, i), f"'{v}' in '{name}' is not a valid slug", f"write it as '{slugify(v)}'"))
        return kept

    if isinstance(entity, Partner):
        fix("kind", check_one(entity.kind, PARTNER_KINDS, ("kind",), "kind") or "organization")
        fix("category", list(dict.fromkeys(check_list(entity.category, tax.categories, "category", "category"))))
        fix("level", check_one(entity.level, tax.levels, ("level",), "level"))
        fix("roles", list(dict.fromkeys(check_list(entity.roles, tax.roles, "roles", "role"))))
        if entity.relationship_history:
            fix("relationship", _check_relationship_history(entity, settings, check_one, problems))
        else:
            fix("relationship", check_one(entity.stage, tax.relationships, ("relationship",), "relationship stage"))
        fix("relationship_goal", check_one(entity.relationship_goal, tax.relationships, ("relationship_goal",), "relationship stage"))
        fix("engagement", check_one(entity.engagement, tax.ratings, ("engagement",), "engagement rating"))
        fix("influence", check_one(entity.influence, tax.ratings, ("influence",), "influence rating"))
        fix("topics", list(dict.fromkeys(check_slugs(entity.topics, "topics"))))
        fix("alliances", list(dict.fromkeys(check_slugs(entity.alliances, "alliances"))))
        _check_assessments(entity, settings, check_one, problems)
        if entity.agreement is not None:
            agreement = entity.agreement
            for element in list(agreement.elements):
                path = ("agreement", "elements", element)
                if check_one(element, tax.agreement_elements, path, "agreement element") is None:
                    del agreement.elements[element]
                elif check_one(agreement.elements[element], AGREEMENT_STATUSES, path, "agreement status") is None:
                    del agreement.elements[element]  # counts as open, as an unlisted element does
            for element in list(agreement.notes):
                if check_one(element, tax.agreement_elements, ("agreement", "notes", element), "agreement element") is None:
                    del agreement.notes[element]
    elif isinstance(entity, Group):
        fix("status", check_one(entity.status, GROUP_STATUSES, ("status",), "group status") or "active")
        if entity.expects is not None:
            fix("expects", check_list(entity.expects, tax.categories, "expects", "category"))
        if entity.levels is not None:
            fix("levels", check_list(entity.levels, tax.levels, "levels", "level"))
        fix("topics", list(dict.fromkeys(check_slugs(entity.topics, "topics"))))
        fix("conveners", check_slugs(entity.conveners, "conveners"))
        if entity.expects_roles is not None:
            fix("expects_roles", list(dict.fromkeys(check_list(entity.expects_roles, tax.roles, "expects_roles", "role"))))
        fix("outreach", _check_outreach(entity, check_one, problems))
        fix("conditions", _check_conditions(entity, settings, check_one, problems))
        _check_assessments(entity, settings, check_one, problems)
        fix("schedule", check_schedule(entity, problems))
    elif isinstance(entity, Note):
        fix("kind", check_one(entity.kind, NOTE_KINDS, ("kind",), "note kind") or "meeting")
        fix("attendees", check_slugs(entity.attendees, "attendees"))
        fix("scenarios", check_slugs(entity.scenarios, "scenarios"))
        if entity.presenter is not None:
            fix("presenter", next(iter(check_slugs([entity.presenter], "presenter")), None))
        if fixes.get("kind", entity.kind) != "consultancy":
            # Written, but no page would show it: most likely `kind: consultancy` was forgotten.
            for name in CONSULTANCY_FIELDS:
                if fixes.get(name, getattr(entity, name)):
                    problems.append(
                        Problem(
                            src.display,
                            src.line(name),
                            f"'{name}' belongs to a note of kind consultancy, and this note is a {fixes.get('kind', entity.kind)}",
                            "add 'kind: consultancy', or remove the field",
                        )
                    )
    elif isinstance(entity, Scenario):
        fix("status", check_one(entity.status, SCENARIO_STATUSES, ("status",), "scenario status") or "exploring")
        if entity.needs is not None:
            fix("needs", check_list(entity.needs, tax.categories, "needs", "category"))
        fix("topics", list(dict.fromkeys(check_slugs(entity.topics, "topics"))))
        fix("groups", check_slugs(entity.groups, "groups"))
        fix("partners", check_slugs(entity.partners, "partners"))
        if entity.backbone is not None:
            fix("backbone", next(iter(check_slugs([entity.backbone], "backbone")), None))
        fixes.update(check_scenario(entity, problems))
        if entity.needs_roles is not None:
            fix("needs_roles", list(dict.fromkeys(check_list(entity.needs_roles, tax.roles, "needs_roles", "role"))))
        fix("outreach", _check_outreach(entity, check_one, problems))
        _check_assessments(entity, settings, check_one, problems)
    return fixes


def _check_assessments(entity: Partner | Group | Scenario, settings: Settings, check_one: Callable[..., str | None], problems: list[Problem]) -> None:
    """Rubric assessments (a partner's, a group's, a scenario's) against the rubric, each
    problem on its own line: unknown indicators and levels, a next step for an indicator the
    sitting did not score, dates out of order. Participants are resolved by `link`. Like the
    conditions, the assessments are fixed in place: this entity is not handed out yet."""
    tax = settings.taxonomy
    src = entity.src
    for i, assessment in enumerate(entity.assessments):
        base = ("assessments", i)
        assessment._written_at = i
        written = set(assessment.scores)  # a misspelt level is its own problem, not also a next step's
        for indicator in list(assessment.scores):
            if check_one(indicator, tax.indicators, base + ("scores", indicator), "rubric indicator") is None:
                del assessment.scores[indicator]
            elif check_one(assessment.scores[indicator], tax.rubric_levels, base + ("scores", indicator), "rubric level") is None:
                del assessment.scores[indicator]
        for name in ("evidence", "next_steps"):
            notes: dict[str, str] = getattr(assessment, name)
            for indicator in list(notes):
                if check_one(indicator, tax.indicators, base + (name, indicator), "rubric indicator") is None:
                    del notes[indicator]
        for indicator in assessment.next_steps:
            if indicator not in written:
                problems.append(
                    Problem(
                        src.display,
                        src.line(*base, "next_steps", indicator),
                        f"a next step for '{indicator}', which this assessment gives no level",
                        f"add '{indicator}: <level>' under scores, or move the next step to the assessment that scored it",
                    )
                )
        slugs = []
        for n, slug in enumerate(assessment.participants):
            if SLUG_RE.match(slug):
                slugs.append(slug)
            else:
                problems.append(
                    Problem(
                        src.display, src.line(*base, "participants", n), f"'{slug}' in 'participants' is not a valid slug", f"write it as '{slugify(slug)}'"
                    )
                )
        assessment.participants = list(dict.fromkeys(slugs))
    dates = [a.date for a in entity.assessments]
    for i in range(1, len(dates)):
        if dates[i] < dates[i - 1]:
            problems.append(
                Problem(
                    src.display,
                    src.line("assessments", i, "date"),
                    f"assessments must be listed oldest first: {dates[i].isoformat()} comes after {dates[i - 1].isoformat()}",
                    "put the earliest date first, and add a new sitting at the end",
                )
            )
            break
    if dates != sorted(dates):
        entity.assessments.sort(key=lambda a: a.date)


def _check_conditions(group: Group, settings: Settings, check_one: Callable[..., str | None], problems: list[Problem]) -> dict[str, str]:
    """A group's condition assessments against the vocabulary, each problem on the line it
    is written on in whichever form (mapping or dated list). Returns the latest scores: what
    `conditions` holds once validated."""
    tax = settings.taxonomy
    src = group.src
    listed = group.conditions_listed
    kept = []
    for i, assessment in enumerate(group.condition_assessments):
        base: tuple[str | int, ...] = ("conditions", i) if listed else ("conditions",)
        if listed and assessment.date is None:
            message = f"'conditions' (item {i + 1}) is missing 'date'"
            problems.append(Problem(src.display, src.line("conditions", i), message, "write dates as YYYY-MM-DD, for example 2025-03-14"))
            continue
        scores = base + ("scores",) if listed else base
        for condition in list(assessment.scores):
            if check_one(condition, tax.conditions, scores + (condition,), "collective impact condition") is None:
                del assessment.scores[condition]
            elif check_one(assessment.scores[condition], tax.rubric_levels, scores + (condition,), "level") is None:
                del assessment.scores[condition]
        for condition in list(assessment.evidence):
            if check_one(condition, tax.conditions, base + ("evidence", condition), "collective impact condition") is None:
                del assessment.evidence[condition]
        kept.append(assessment)
    dates = [a.date for a in kept if a.date is not None]
    if dates != sorted(dates):
        message = "the assessments in 'conditions' must be listed oldest first"
        problems.append(Problem(src.display, src.line("conditions"), message, "put the earliest date first"))
        kept.sort(key=lambda a: a.date)  # type: ignore[arg-type, return-value]
    group.condition_assessments[:] = kept  # still being validated: this group is not handed out yet
    return group.latest_conditions


def _check_relationship_history(partner: Partner, settings: Settings, check_one: Callable[..., str | None], problems: list[Problem]) -> str | None:
    """A dated relationship history: known stages, oldest first (each problem on its line).
    Returns the current stage: what `relationship` holds once validated."""
    src = partner.src
    history = partner.relationship_history
    kept = [
        step for i, step in enumerate(history) if check_one(step.stage, settings.taxonomy.relationships, ("relationship", i, "stage"), "relationship stage")
    ]
    for i in range(1, len(history)):
        if history[i].date < history[i - 1].date:
            message = f"'relationship' (item {i + 1}) is dated {history[i].date.isoformat()}, before the item above it ({history[i - 1].date.isoformat()})"
            problems.append(
                Problem(src.display, src.line("relationship", i, "date"), message, "list the stages oldest first; the last one is the current stage")
            )
            break
    kept.sort(key=lambda step: step.date)
    history[:] = kept  # still being validated: this partner is not handed out yet
    return kept[-1].stage if kept else None


def _check_outreach(entity: Group | Scenario, check_one: Callable[..., str | None], problems: list[Problem]) -> list[Outreach]:
    """Each outreach entry's answer against the vocabulary, and no answer dated after today
    (an invitation may be planned ahead; an answer cannot arrive before it is given). Whether
    `partner` and `by` name partners is the link stage's question. Returns the entries kept,
    each knowing its place in the file (for later messages' lines)."""
    src = entity.src
    today = clock.today()
    kept = []
    for i, entry in enumerate(entity.outreach):
        entry._index = i
        if check_one(entry.response, OUTREACH_RESPONSES, ("outreach", i, "response"), "outreach response") is None:
            continue
        if entry.response != "invited" and entry.date > today:
            message = f"'outreach' (item {i + 1}) records the answer '{entry.response}' on {entry.date.isoformat()}, which is after today ({today.isoformat()})"
            problems.append(
                Problem(
                    src.display,
                    src.line("outreach", i, "date"),
                    message,
                    "write the date the answer came, or 'response: invited' for an invitation still to send",
                )
            )
            continue
        kept.append(entry)
    return kept
