"""Form-based editing: the configuration of a Decap-compatible editor (Decap CMS or Sveltia
CMS) generated from the content model, and the admin page that loads the editor from a copy of
its npm package shipped with the built site.

The forms come from one description: `schema.schema_for`, the JSON Schema that model.py's
pydantic models and the site's vocabularies give (the same one `cop-site schema` writes and
the check follows). Each property becomes a widget by its shape (`_field`): a vocabulary is a
select showing labels, a date a date picker, a list a list, a nested model a group of fields, a
slug of a partner or scenario a picker of names (`REFERENCES`). A field added to model.py (and
its vocabulary, if any, to schema.py) therefore gets a widget with no change here; the one
place to name a new field that holds partner or scenario slugs is `REFERENCES`, and a long
text field `LONG_TEXT`.

Nothing is lost on saving, by construction: each collection reads and writes its files through
cop-forms.js (assets/cms/), which keeps the file as read and merges the form into it, so a field
the form does not show, or a value written in a shape the form does not use, is written back as
it was; `_field` also returns that shape description for the script.

The editors themselves are not in this repository: `scripts/decap` fetches them from the npm
registry into .cache/decap/ (see Help > Forms), and the build copies the chosen one into admin/."""

from __future__ import annotations

import html
import json
import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .model import AGREEMENT_STATUSES, CONSULTANCY_FIELDS, GROUP_STATUSES, MILESTONE_STATUSES, NOTE_KINDS, PARTNER_KINDS, REPEATS, SCENARIO_STATUSES
from .schema import DESCRIPTIONS, schema_for
from .settings import Settings, cms_options

CACHE = ".cache/decap"  # where scripts/decap puts the editors, from the site folder
EDITORS = {
    # cms option -> (folder under CACHE, main script)
    "decap": ("decap-cms", "decap-cms.js"),
    "sveltia": ("sveltia", "sveltia-cms.js"),
}
BUNDLE_DIR = f"{CACHE}/decap-cms"
BUNDLE_MAIN = "decap-cms.js"
YAML_JS = "js-yaml.min.js"  # js-yaml, fetched beside each editor by scripts/decap
SCRIPT = Path(__file__).parent / "assets" / "cms" / "cop-forms.js"
DATA_JS = "cop-forms-data.js"  # what cop-forms.js needs to know about this site (written per build)
LOCAL_PORT = 8081
STASH = "cop_original"  # the hidden field holding the file as read (see cop-forms.js)
NOTE_MARK = "cop_note"  # true on a note as read, and on a new one; never written to a file
# Long text gets a multi-line box; other text a single line.
LONG_TEXT = {
    "focus",
    "interest",
    "desired_outcomes",
    "values",
    "intention",
    "actions",
    "assessment",
    "next_steps",
    "problem",
    "question",
    "resources",
    "information_needs",
    "goal",
    "decisions",
    "feedback",
    "evidence",
    "notes",
    "text",  # a success statement ("we will know we are successful if ...")
}
# Fields that hold slugs of other entities, by field name: the picker shows their names.
REFERENCES = {
    "alliances": "partners",
    "attendees": "partners",
    "backbone": "partners",
    "conveners": "partners",
    "presenter": "partners",
    "partners": "partners",
    "owner": "partners",  # a milestone's
    "partner": "partners",
    "participants": "partners",
    "by": "partners",  # who made an invitation (a group's or scenario's `outreach`)
    "scenarios": "scenarios",
}
# Not in the forms (kept as written): `type` overrides the folder, `group` places a note
# kept outside its group's folder; neither is something a form should change.
HIDDEN = {"type", "group"}
PRIVATE_KEYS = ("notes", "contact", "fears")
# A note shows a field of one kind only when it is of that kind (the check reports others).
NOTE_KIND_FIELDS = {
    **{name: "consultancy" for name in CONSULTANCY_FIELDS},
    **{name: "progress-report" for name in ("intention", "actions", "assessment")},
}
DATE_HINT = "Pick the day in the calendar (the file stores it as YYYY-MM-DD)."


def words(slug: str) -> str:
    """A value as readers see it when the site gives it no label: "power-broker" -> "Power broker"."""
    text = str(slug).replace("-", " ").replace("_", " ")
    return text[:1].upper() + text[1:]


def labels(settings: Settings) -> dict[str, str]:
    """value -> label for every vocabulary the forms offer."""
    tax = settings.taxonomy
    out: dict[str, str] = {}
    for vocab in (tax.rubric_levels, tax.relationships, tax.roles, tax.domains, tax.conditions, tax.agreement_elements, tax.indicators, tax.categories):
        for slug, term in vocab.items():
            out[slug] = term.label or words(slug)
    fixed = (*NOTE_KINDS, *PARTNER_KINDS, *GROUP_STATUSES, *SCENARIO_STATUSES, *AGREEMENT_STATUSES, *MILESTONE_STATUSES, *REPEATS)
    for slug in [*tax.levels, *tax.ratings, *fixed]:
        out.setdefault(slug, words(slug))
    return out


Shape = dict[str, Any]
Field = dict[str, Any]


class _Context:
    def __init__(self, settings: Settings, defs: dict[str, Any], groups: dict[str, str]) -> None:
        self.labels = labels(settings)
        self.defs = defs
        self.groups = groups

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = {**self.defs[node["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
        if "allOf" in node and node["allOf"]:  # a required field: the first part is the field
            node = {**self.resolve(node["allOf"][0]), **{k: v for k, v in node.items() if k != "allOf"}}
        return node

    def options(self, values: list[Any]) -> list[dict[str, str]]:
        return [{"label": self.labels.get(str(v), words(str(v))), "value": str(v)} for v in values if v is not None]


def _relation(collection: str, multiple: bool) -> Field:
    label = "name" if collection == "partners" else "title"
    return {
        "widget": "relation",
        "collection": collection,
        "value_field": "{{slug}}",
        "search_fields": [label],
        "display_fields": [label],
        "multiple": multiple,
    }


def _numeric(node: dict[str, Any], ctx: _Context) -> str | None:
    """"int" or "float" for a number (which the schema also lets a file write as digits in
    quotes, or leave empty); None for anything else."""
    kinds: set[str] = set()
    for part in node.get("anyOf", [node]):
        part = ctx.resolve(part)
        if "anyOf" in part:
            inner = _numeric(part, ctx)
            if inner is None:
                return None
            kinds.add(inner)
        elif part.get("type") in ("integer", "number"):
            kinds.add("int" if part["type"] == "integer" else "float")
        elif not (part.get("type") == "null" or part.get("type") == "string" and "pattern" in part):
            return None
    return ("float" if "float" in kinds else "int") if kinds else None


def _scalar(name: str, node: dict[str, Any], ctx: _Context, multiple: bool = False) -> tuple[Field, Shape] | None:
    """The widget of one value (or, with `multiple`, of a list of them): None if it has none."""
    if node.get("type") == "boolean":
        return ({"widget": "boolean"}, {"t": "s"}) if not multiple else None
    kind = _numeric(node, ctx)
    if kind is not None:
        # A measure's numbers, a meeting's minutes: written back as numbers, as typed.
        return ({"widget": "number", "value_type": kind}, {"t": "s"}) if not multiple else None
    if node.get("type") != "string" and "enum" not in node:
        return None
    if node.get("format") == "date":
        field: Field = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False, "picker_utc": True}
        return (field, {"t": "s", "date": 1}) if not multiple else None
    if "enum" in node:
        return {"widget": "select", "options": ctx.options(node["enum"]), "multiple": multiple}, {"t": "s"}
    if name in REFERENCES:
        return _relation(REFERENCES[name], multiple), {"t": "s"}
    if name == "groups" and ctx.groups:
        options = [{"label": label, "value": slug} for slug, label in sorted(ctx.groups.items(), key=lambda kv: kv[1].lower())]
        return {"widget": "select", "options": options, "multiple": multiple}, {"t": "s"}
    if multiple:
        return None
    return {"widget": "text" if name in LONG_TEXT else "string"}, {"t": "s"}


def _label(name: str) -> str:
    return words(name)


def _singular(label: str) -> str:
    """One item's label in a list: "Priorities" -> "Priority", "Topics" -> "Topic"."""
    return label[:-3] + "y" if label.endswith("ies") else label.rstrip("s")


def _field(name: str, raw: dict[str, Any], ctx: _Context) -> tuple[Field, Shape] | None:
    """A form field and the shape cop-forms.js reads and writes it in, from one property of the
    JSON Schema; None when no widget can show it (the value is then kept as written)."""
    node = ctx.resolve(raw)
    if name == "private":
        subs = {k: {"name": k, "label": _label(k), "widget": "text", "required": False} for k in PRIVATE_KEYS}
        return (
            {"widget": "object", "collapsed": True, "fields": list(subs.values())},
            {"t": "o", "f": {k: {"t": "s"} for k in PRIVATE_KEYS}},
        )
    if _numeric(node, ctx) is not None:
        return _scalar(name, node, ctx)
    variants = [ctx.resolve(v) for v in node.get("anyOf", node.get("oneOf", [])) if ctx.resolve(v).get("type") != "null"]
    arrays = [v for v in variants if v.get("type") == "array"]
    singles = [v for v in variants if v.get("type") != "array"]
    if name == "conditions" and arrays:
        item = _field("item", arrays[0]["items"], ctx)
        if item is None:
            return None
        return {**item[0], "widget": "list", "summary": "{{fields.date}}"}, {"t": "c", "item": item[1]}
    if arrays or node.get("type") == "array":
        array = arrays[0] if arrays else node
        one = bool(singles) or node.get("type") != "array" and not arrays
        item_node = ctx.resolve(array.get("items", {}))
        item_variants = [ctx.resolve(v) for v in item_node.get("anyOf", [])] or [item_node]
        objects = [v for v in item_variants if v.get("type") == "object" and v.get("properties")]
        if objects:
            # A list of records (assessments, members): one record per item. A record that
            # may also be written as one bare value (a member's slug) keeps that short form.
            sub = _object(objects[0], ctx)
            if sub is None:
                return None
            fields, shape = sub
            if len(item_variants) > 1:
                short = next(iter(shape["f"]))
                shape = {**shape, "short": short}
            return (
                {"widget": "list", "fields": fields, "collapsed": False, "summary": _summary(fields)},
                {"t": "l", "one": int(one), "item": shape},
            )
        picked = _scalar(name, item_variants[0], ctx, multiple=True)
        if picked is not None:
            return picked[0], {"t": "l", "one": int(one), "item": picked[1]}
        single = _scalar(name, item_variants[0], ctx)
        if single is None:
            return None
        # One box per item: a plain list widget would split text at its commas.
        box = {"name": "item", "label": _singular(_label(name)) or "Item", **single[0]}
        return {"widget": "list", "field": box, "summary": "{{fields.item}}"}, {"t": "l", "one": int(one), "item": single[1]}
    if len(singles) == 1 and not node.get("type"):
        node = {**singles[0], **{k: v for k, v in node.items() if k not in ("anyOf", "oneOf")}}
    if node.get("type") == "object":
        sub = _object(node, ctx)
        if sub is None:
            return None
        return {"widget": "object", "collapsed": True, "fields": sub[0]}, sub[1]
    return _scalar(name, node, ctx)


def _summary(fields: list[Field]) -> str:
    names = [f["name"] for f in fields if f.get("widget") in ("string", "relation", "datetime", "select")][:2]
    return " · ".join("{{fields." + n + "}}" for n in names)


def _object(node: dict[str, Any], ctx: _Context) -> tuple[list[Field], Shape] | None:
    """A group of fields: a model's properties, or a rubric's mapping (one field per indicator,
    condition or agreement element, whose keys the site's vocabulary gives)."""
    props: dict[str, Any] = node.get("properties") or {}
    if not props and "enum" in ctx.resolve(node.get("propertyNames", {})):
        values = ctx.resolve(node.get("additionalProperties") or {"type": "string"})
        props = {str(k): {**values, "title": ctx.labels.get(str(k), words(str(k)))} for k in ctx.resolve(node["propertyNames"])["enum"]}
        long = "enum" not in values
        fields: list[Field] = []
        shape: Shape = {"t": "o", "f": {}}
        for key, sub in props.items():
            made = _scalar("evidence" if long else key, sub, ctx)
            if made is None:
                return None
            fields.append({"name": key, "label": sub["title"], "required": False, **made[0]})
            shape["f"][key] = made[1]
        return fields, shape
    if not props:
        return None
    required = set(node.get("required", []))
    fields = []
    shape = {"t": "o", "f": {}}
    for key, sub in props.items():
        made = _field(key, sub, ctx)
        if made is None:
            continue
        fields.append({"name": key, "label": _label(key), "required": key in required, **made[0]})
        shape["f"][key] = made[1]
    return fields, shape


def fields_for(kind: str, settings: Settings, groups: dict[str, str] | list[str], extra: list[str] | None = None) -> tuple[list[Field], Shape]:
    """The form's fields for a type, in the model's order (the shared ones last), and the shape
    description cop-forms.js reads and writes the files with."""
    schema = schema_for(kind, settings)
    names = groups if isinstance(groups, dict) else {g: g for g in groups}
    ctx = _Context(settings, schema.get("$defs", {}), names)
    props: dict[str, Any] = schema["properties"]
    required = set(schema.get("required", []))
    order = [n for n in props if n not in ("draft", "private")] + ["draft", "private"]
    fields: list[Field] = []
    shape: Shape = {"t": "o", "f": {}}
    for name in order:
        if name in HIDDEN or name not in props or name in (extra or []):
            continue
        made = _field(name, props[name], ctx)
        if made is None:
            continue  # kept as written by cop-forms.js
        field: Field = {"name": name, "label": _label(name), "required": name in required, **made[0]}
        if name in DESCRIPTIONS:
            field["hint"] = DESCRIPTIONS[name]
        if made[0].get("widget") == "datetime":
            field["hint"] = DATE_HINT
            if name in required:
                field["default"] = "{{now}}"
        default = props[name].get("default")
        if default not in (None, [], {}, False, ""):
            field["default"] = default
            made[1]["d"] = default
        elif made[0].get("widget") == "boolean":
            field["default"] = False
            made[1]["d"] = False
        fields.append(field)
        shape["f"][name] = made[1]
    for name in extra or []:
        fields.append({"name": name, "label": _label(name), "widget": "string", "required": False, "hint": "A field of this site's own."})
        shape["f"][name] = {"t": "s"}
    # The body as Markdown the site reads: the plain-text mode only, so [[wikilinks]] and
    # everything else stay exactly as typed.
    body = {"name": "body", "label": "Text", "widget": "markdown", "required": False, "modes": ["raw"]}
    fields.append({**body, "hint": "Markdown; link a page with [[its-slug]]."})
    fields.append({"name": STASH, "label": "Original", "widget": "hidden"})
    return fields, shape


def repo_from_edit_uri(edit_uri: str | None, repo_url: str | None) -> tuple[str | None, str]:
    """owner/name and branch of a GitHub repository, from edit_uri (or repo_url)."""
    for url in (edit_uri, repo_url):
        if not url:
            continue
        parts = urlsplit(url)
        if parts.hostname != "github.com":
            continue
        bits = [b for b in parts.path.split("/") if b]
        if len(bits) >= 2:
            branch = bits[3] if len(bits) >= 4 and bits[2] in ("edit", "blob", "tree") else "main"
            return f"{bits[0]}/{bits[1]}", branch
    return None, "main"


def config(
    settings: Settings,
    docs_prefix: str,
    groups: dict[str, str] | list[str],
    options: dict[str, Any],
    edit_uri: str | None = None,
    repo_url: str | None = None,
) -> dict[str, Any]:
    """The editor's config.yml as data (valid for Decap CMS and Sveltia CMS alike).
    `docs_prefix` is the content folder as a path from the repository's root (e.g.
    "content"); `groups` the practice groups, slug -> name."""
    return build(settings, docs_prefix, groups, options, edit_uri, repo_url)[0]


def editor(options: dict[str, Any]) -> str:
    """Which editor the `cms` option asks for: "sveltia" (default) or "decap"."""
    return str(options.get("editor") or "sveltia")


def build(
    settings: Settings,
    docs_prefix: str,
    groups: dict[str, str] | list[str],
    options: dict[str, Any],
    edit_uri: str | None = None,
    repo_url: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """config.yml as data, and the shapes cop-forms.js reads and writes each type's files in."""
    options = cms_options(options)[0]  # what is usable: the settings named the rest as problems
    names = groups if isinstance(groups, dict) else {g: g for g in groups}
    repo, branch = repo_from_edit_uri(edit_uri, repo_url)
    backend = dict(options.get("backend") or {"name": "github", "repo": repo or "OWNER/REPOSITORY", "branch": branch})
    port = int(options.get("local_port") or LOCAL_PORT)
    extra = settings.extra_fields
    docs = docs_prefix.strip("/")
    shapes: dict[str, Any] = {}

    def fields(kind: str) -> list[Field]:
        made, shape = fields_for(kind, settings, names, extra.get(kind))
        shapes[kind] = shape
        return made

    def sort(*names_: str) -> list[Any]:
        # Decap takes the default order from `default_sort`; Sveltia from the first field and
        # refuses the object form (its schema differs), so each gets what it reads.
        if editor(options) == "decap":
            return [{"field": names_[0], "default_sort": True}, *names_[1:]]
        return list(names_)

    partner_fields = fields("partner")
    group_fields = fields("group")
    note_fields = fields("note")
    scenario_fields = fields("scenario")
    collections: list[dict[str, Any]] = [
        {
            "name": "partners",
            "label": "Partners",
            "label_singular": "Partner",
            "folder": f"{docs}/partners",
            "create": True,
            "extension": "md",
            "format": "cop-partner-frontmatter",
            "identifier_field": "name",
            "slug": "{{slug}}",
            "summary": "{{name}}",
            "sortable_fields": sort("name"),
            "fields": partner_fields,
        },
        {
            "name": "groups",
            "label": "Practice groups",
            "label_singular": "Practice group",
            "format": "cop-group-frontmatter",
            "files": [
                {
                    "name": g,
                    "label": names[g],
                    "file": f"{docs}/groups/{g}/index.md",
                    "fields": group_fields,
                }
                for g in sorted(names, key=lambda g: names[g].lower())
            ],
        },
    ]
    for g in sorted(names, key=lambda g: names[g].lower()):
        collections.append(
            {
                "name": f"notes-{g}",
                "label": f"Notes of {names[g]}",
                "label_singular": "Note",
                "folder": f"{docs}/groups/{g}",
                "create": True,
                "extension": "md",
                "format": "cop-note-frontmatter",
                # The group's own index.md is the group, not one of its notes.
                # (cop-forms.js marks each file that is a note; the index is a group's).
                "filter": {"field": NOTE_MARK, "value": True},
                "identifier_field": "title",
                "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
                "summary": "{{date}}: {{title}}",
                "sortable_fields": sort("date", "title"),
                "fields": [*note_fields, {"name": NOTE_MARK, "label": "Note", "widget": "hidden", "default": True}],
            }
        )
    collections.append(
        {
            "name": "scenarios",
            "label": "Shared work",
            "label_singular": "Scenario",
            "folder": f"{docs}/scenarios",
            "create": True,
            "extension": "md",
            "format": "cop-scenario-frontmatter",
            "identifier_field": "title",
            "slug": "{{slug}}",
            "summary": "{{title}}",
            "sortable_fields": sort("title"),
            "fields": scenario_fields,
        }
    )
    top: dict[str, Any] = {"publish_mode": options["publish_mode"]} if options.get("publish_mode") else {}
    data = {
        "backend": backend,
        **top,
        # Used only when the editor itself is opened from this computer (localhost) and
        # `decap-server` runs: it then reads and writes the files in this folder directly.
        "local_backend": {"url": f"http://127.0.0.1:{port}/api/v1", "allowed_hosts": ["127.0.0.1", "localhost"]},
        "media_folder": f"{docs}/assets",
        "public_folder": "/assets",
        # Slugs as cop-site wants them: lower-case ASCII, accents dropped.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }
    return data, shapes


def dumps(data: dict[str, Any]) -> str:
    header = "# Generated by cop-site from the content model and this site's vocabularies. Do not edit: rebuild.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


ADMIN_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Edit {site_name}</title>
  <link rel="icon" href="data:,">
  <!-- Scripts from this folder only (`mkdocs serve` adds its live-reload script to every page,
       and here a reload in the middle of an edit would lose it), and no connection but to
       GitHub and the local server: the editors' update checks and web fonts stay unloaded. -->
  <meta http-equiv="Content-Security-Policy" content="{policy}">
  <link href="config.yml" type="application/yaml" rel="cms-config-url">
</head>
<body>
{body}
</body>
</html>
"""
MISSING = """<main style="font-family: sans-serif; max-width: 40em; margin: 2em auto">
  <h1>The editor is not part of this build</h1>
  <p>The form-based editor ({editor}) is fetched once from the npm registry. In the site's
  folder run <code>bash scripts/decap</code>, then build or serve the site again.</p>
</main>"""


def policy(data: dict[str, Any]) -> str:
    """The admin page's Content-Security-Policy: its own files, GitHub's API, the backend's own
    addresses if the config names any, and the local server."""
    backend = data.get("backend") or {}
    connect = ["'self'", "https://api.github.com"]
    for key in ("api_root", "base_url"):
        if backend.get(key):
            parts = urlsplit(str(backend[key]))
            connect.append(f"{parts.scheme}://{parts.netloc}")
    local = urlsplit(str((data.get("local_backend") or {}).get("url") or ""))
    if local.netloc:
        connect += [f"{local.scheme}://{local.netloc}", f"{local.scheme}://localhost:{local.port}"]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval' blob:",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob: https://avatars.githubusercontent.com https://raw.githubusercontent.com",
            "font-src 'self' data:",
            "connect-src " + " ".join(dict.fromkeys([*connect, "data:", "blob:"])),
            "frame-src 'self' blob: data:",
            "worker-src 'self' blob:",
        ]
    )


def _script_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def write_admin(
    site_dir: Path,
    out: Path,
    data: dict[str, Any],
    site_name: str,
    bundle: Path,
    shapes: dict[str, Any] | None = None,
    page_data: dict[str, Any] | None = None,
    editor_name: str = "decap",
) -> bool:
    """admin/config.yml and admin/index.html in the built site, with the editor's files, js-yaml
    and cop-forms.js beside them when `bundle` holds the editor. True when it was copied."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.yml").write_text(dumps(data), encoding="utf-8")
    main = EDITORS.get(editor_name, EDITORS["decap"])[1]
    present = (bundle / main).is_file() and (bundle / YAML_JS).is_file()
    if present:
        for path in bundle.rglob("*"):
            # The main script and the chunks it loads on demand, from its own folder.
            if path.is_file() and not path.name.endswith(".map"):
                target = out / path.relative_to(bundle)
                if not target.exists() or target.stat().st_size != path.stat().st_size:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target)
        shutil.copyfile(SCRIPT, out / SCRIPT.name)
        forms = {"kinds": shapes or {}, **(page_data or {})}
        # The editor starts when cop-forms.js has registered its formats (CMS.init).
        forms["editor"] = editor_name
        (out / DATA_JS).write_text(f"window.CMS_MANUAL_INIT = true;\nwindow.COP_FORMS = {_script_json(forms)};\n", encoding="utf-8")
        body = f'<script src="{DATA_JS}"></script>\n<script src="{main}"></script>\n<script src="{YAML_JS}"></script>\n<script src="{SCRIPT.name}"></script>'
    else:
        body = MISSING.format(editor="Sveltia CMS" if editor_name == "sveltia" else "Decap CMS")
    page = ADMIN_PAGE.format(site_name=html.escape(site_name), body=body, policy=html.escape(policy(data)))
    (out / "index.html").write_text(page, encoding="utf-8")
    return present


def page_data(settings: Settings, content: Any, data: dict[str, Any], edit_uri: str | None, styles: list[str]) -> dict[str, Any]:
    """What cop-forms.js needs beyond the shapes: names for slugs and labels for values (the
    preview shows what readers see), which collection holds which type, the site's styles, and
    where to edit a file the form cannot open. Published entities only: drafts stay out."""
    names: dict[str, str] = {}
    for slug, scenario in content.scenarios.items():
        names[slug] = scenario.title
    for slug, group in content.groups.items():
        names[slug] = group.name
    for slug, partner in content.partners.items():
        names[slug] = partner.name
    kinds = {f"cop-{kind}-frontmatter": kind for kind in ("partner", "group", "note", "scenario")}
    collections: list[dict[str, str]] = []
    for c in data["collections"]:
        if "files" in c:
            collections.extend({"name": f["name"], "kind": kinds[c["format"]]} for f in c["files"])
        else:
            collections.append({"name": c["name"], "kind": kinds[c["format"]]})
    titles = {name: words(name) for name in DESCRIPTIONS}
    topics = {slug: term.label for slug, term in settings.taxonomy.topics.items()}
    return {
        "names": names,
        "labels": {**labels(settings), **topics},
        "titles": titles,
        "collections": collections,
        "only": NOTE_KIND_FIELDS,
        "mark": NOTE_MARK,
        "refs": [*REFERENCES, "groups", "group"],
        "noteKinds": list(NOTE_KINDS),
        "edit_uri": edit_uri or "",
        "styles": ["../" + s.lstrip("/") for s in styles if "://" not in s],
    }


def _stylesheets(site_dir: Path) -> list[str]:
    """The theme's own stylesheets in the built site (their names carry a hash)."""
    folder = site_dir / "assets" / "stylesheets"
    found = sorted(folder.glob("main.*.min.css")) + sorted(folder.glob("palette.*.min.css"))
    return [p.relative_to(site_dir).as_posix() for p in found]


def write_for_site(
    site_root: Path,
    docs_dir: Path,
    site_dir: Path,
    site_name: str,
    options: dict[str, Any],
    settings: Settings,
    content: Any,
    edit_uri: str | None,
    repo_url: str | None,
    extra_css: list[str] | None = None,
) -> str | None:
    """admin/ for a built site: the form-based editor, configured from the model. A sentence
    for the build's log when the editor itself is not there yet, else None."""
    options = cms_options(options)[0]
    try:
        docs = docs_dir.resolve().relative_to(site_root.resolve()).as_posix()
    except ValueError:
        docs = docs_dir.name
    prefix = "/".join(p for p in (str(options.get("site_folder") or "").strip("/"), docs) if p)
    groups = {slug: g.name for slug, g in content.groups.items()}
    data, shapes = build(settings, prefix, groups, options, edit_uri, repo_url)
    name = editor(options)
    folder = EDITORS.get(name, EDITORS["decap"])[0]
    bundle = Path(os.environ.get("COP_SITE_DECAP_BUNDLE") or site_root / str(options.get("bundle") or f"{CACHE}/{folder}"))
    styles = [*_stylesheets(site_dir), *(extra_css or [])]
    page = page_data(settings, content, data, edit_uri, styles)
    if not write_admin(site_root, site_dir / "admin", data, site_name, bundle, shapes, page, name):
        return f"cop-site: admin/ has no editor yet: it is not in {bundle}; run bash scripts/decap to fetch it"
    return None
