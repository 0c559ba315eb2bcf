"""Form-based editing: a Decap CMS configuration generated from the content model, and the
admin page that loads Decap from a copy of its npm package shipped with the built site.

The collections' fields come from model.py's pydantic models (names, order, what is
required, dates, lists); select widgets take the site's vocabularies, and fields that hold
slugs of partners or scenarios are relation widgets, so an editor picks a name from a
list instead of typing a slug. The Decap bundle itself is not in this repository: the
`scripts/decap` command fetches it from the npm registry into .cache/decap/ (see
Help > Editing in a browser), and the build copies it into admin/."""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
import typing
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .model import AGREEMENT_STATUSES, GROUP_STATUSES, MODELS, NOTE_KINDS, PARTNER_KINDS, SCENARIO_STATUSES
from .schema import DESCRIPTIONS
from .settings import Settings

BUNDLE_DIR = ".cache/decap/decap-cms"  # where scripts/decap puts the bundle, from the site folder
BUNDLE_MAIN = "decap-cms.js"
LOCAL_PORT = 8081
# Long text gets a multi-line box; other text a single line.
LONG_TEXT = {"focus", "interest", "desired_outcomes", "values", "intention", "assessment", "problem", "question", "resources", "information_needs", "goal"}
# Fields Decap cannot show faithfully are left out of the forms. Decap drops fields it does
# not know when it saves, so these types' forms warn about them (see Help).
SKIPPED = {"type", "group"}
PRIVATE_KEYS = ("notes", "contact", "fears")


def _relation(collection: str, multiple: bool) -> dict[str, Any]:
    label = "name" if collection == "partners" else "title"
    return {
        "widget": "relation",
        "collection": collection,
        "value_field": "{{slug}}",
        "search_fields": [label],
        "display_fields": [label],
        "multiple": multiple,
        "hint": f"Type a few letters of a {'name' if label == 'name' else 'title'} and pick from the list.",
    }


def _select(options: typing.Iterable[str], multiple: bool = False) -> dict[str, Any]:
    return {"widget": "select", "options": list(options), "multiple": multiple}


DATE_WIDGET: dict[str, Any] = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}


def _widgets(kind: str, settings: Settings, groups: list[str]) -> dict[str, dict[str, Any]]:
    tax = settings.taxonomy
    rubric = list(tax.rubric_levels)
    common: dict[str, dict[str, Any]] = {"topics": {"widget": "list", "hint": "topic slugs, separated by commas"}}
    # The partnership rubric, the same form for a partner, a group and a scenario: one item per
    # sitting, oldest first.
    assessments: dict[str, Any] = {
        "widget": "list",
        "hint": "one item per sitting, oldest first",
        "fields": [
            {"name": "date", "label": "Date", **DATE_WIDGET},
            {**_relation("partners", True), "name": "participants", "label": "Who took part", "required": False},
            {
                "name": "scores",
                "label": "Levels",
                "widget": "object",
                "fields": [{"name": slug, "label": ind.label, **_select(rubric), "required": False} for slug, ind in tax.indicators.items()],
            },
            {
                "name": "evidence",
                "label": "Evidence",
                "widget": "object",
                "fields": [{"name": slug, "label": ind.label, "widget": "text", "required": False} for slug, ind in tax.indicators.items()],
            },
            {
                "name": "next_steps",
                "label": "Agreed next steps",
                "widget": "object",
                "fields": [{"name": slug, "label": ind.label, "widget": "text", "required": False} for slug, ind in tax.indicators.items()],
            },
        ],
    }
    per_kind: dict[str, dict[str, dict[str, Any]]] = {
        "partner": {
            "kind": {**_select(PARTNER_KINDS), "default": PARTNER_KINDS[0]},
            "category": {**_select(tax.categories, multiple=True), "min": 1},
            "level": _select(tax.levels),
            "roles": _select(tax.roles, multiple=True),
            "relationship": _select(tax.relationships),
            "engagement": _select(tax.ratings),
            "influence": _select(tax.ratings),
            "alliances": _relation("partners", True),
            "website": {"widget": "string", "pattern": ["^https?://", "starts with https://"]},
            "assessments": assessments,
            "agreement": {
                "widget": "object",
                "collapsed": True,
                "fields": [
                    {"name": "signed", "label": "Signed", **DATE_WIDGET, "required": False},
                    {
                        "name": "elements",
                        "label": "Elements (one left empty is open)",
                        "widget": "object",
                        "fields": [
                            {"name": slug, "label": term.label, **_select(AGREEMENT_STATUSES), "required": False, "hint": term.description}
                            for slug, term in tax.agreement_elements.items()
                        ],
                    },
                    {
                        "name": "notes",
                        "label": "Notes",
                        "widget": "object",
                        "fields": [{"name": slug, "label": term.label, "widget": "text", "required": False} for slug, term in tax.agreement_elements.items()],
                    },
                ],
            },
        },
        "group": {
            "conveners": _relation("partners", True),
            "members": {**_relation("partners", True), "hint": "a member with a role or a start date is edited in the file itself"},
            "expects": _select(tax.categories, multiple=True),
            "levels": _select(tax.levels, multiple=True),
            "status": {**_select(GROUP_STATUSES), "default": "active"},
            "assessments": assessments,
            # The dated form (a list, oldest first), so each save adds to the history. A file
            # in the older mapping form is best moved to a first dated item by hand.
            "conditions": {
                "widget": "list",
                "hint": "one assessment per date, oldest first",
                "fields": [
                    {"name": "date", "label": "Date", **DATE_WIDGET},
                    {
                        "name": "scores",
                        "label": "Levels",
                        "widget": "object",
                        "fields": [{"name": slug, "label": term.label, **_select(rubric), "required": False} for slug, term in tax.conditions.items()],
                    },
                    {
                        "name": "evidence",
                        "label": "Evidence",
                        "widget": "object",
                        "fields": [{"name": slug, "label": term.label, "widget": "text", "required": False} for slug, term in tax.conditions.items()],
                    },
                ],
            },
        },
        "note": {
            "kind": {**_select(NOTE_KINDS), "default": NOTE_KINDS[0]},
            "attendees": _relation("partners", True),
            "scenarios": _relation("scenarios", True),
            "presenter": _relation("partners", False),
        },
        "scenario": {
            "status": {**_select(SCENARIO_STATUSES), "default": "exploring"},
            "groups": _select(groups, multiple=True) if groups else {"widget": "list"},
            "partners": _relation("partners", True),
            "needs": _select(tax.categories, multiple=True),
            "assessments": assessments,
        },
    }
    return {**common, **per_kind[kind]}


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list or any(typing.get_origin(a) is list for a in typing.get_args(annotation))


def _is_date(annotation: Any) -> bool:
    return annotation is dt.date or dt.date in typing.get_args(annotation)


def fields_for(kind: str, settings: Settings, groups: list[str], extra: list[str] | None = None) -> list[dict[str, Any]]:
    """The form's fields for a type, in the model's order, the shared ones last."""
    model = MODELS[kind]
    widgets = _widgets(kind, settings, groups)
    names = [n for n in model.model_fields if n not in ("type", "draft", "private")] + ["draft", "private"]
    out: list[dict[str, Any]] = []
    for name in names:
        if name in SKIPPED:
            continue
        info = model.model_fields[name]
        field: dict[str, Any] = {"name": name, "label": name.replace("_", " ").capitalize(), "required": info.is_required()}
        if name in DESCRIPTIONS:
            field["hint"] = DESCRIPTIONS[name]
        if name in widgets:
            field.update(widgets[name])
        elif name == "draft":
            field.update(widget="boolean", default=False)
        elif name == "private":
            field.update(
                widget="object",
                collapsed=True,
                fields=[{"name": k, "label": k.capitalize(), "widget": "text", "required": False} for k in PRIVATE_KEYS],
            )
        elif name in LONG_TEXT:
            field["widget"] = "text"
        elif _is_date(info.annotation):
            field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False)
        elif _is_list(info.annotation):
            # One line per item (a plain list widget would split text at its commas).
            field.update(widget="list", field={"name": "item", "label": "Item", "widget": "string"})
        else:
            field["widget"] = "string"
        out.append(field)
    for name in extra or []:
        out.append({"name": name, "label": name.replace("_", " ").capitalize(), "widget": "string", "required": False})
    out.append({"name": "body", "label": "Text", "widget": "markdown", "required": False})
    return out


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
    groups: list[str],
    options: dict[str, Any],
    edit_uri: str | None = None,
    repo_url: str | None = None,
) -> dict[str, Any]:
    """Decap's config.yml as data. `docs_prefix` is the content folder as a path from the
    repository's root (e.g. "content")."""
    repo, branch = repo_from_edit_uri(edit_uri, repo_url)
    backend = dict(options.get("backend") or {"name": "github", "repo": repo or "OWNER/REPOSITORY", "branch": branch})
    port = int(options.get("local_port") or LOCAL_PORT)
    extra = settings.extra_fields
    docs = docs_prefix.strip("/")
    collections: list[dict[str, Any]] = [
        {
            "name": "partners",
            "label": "Partners",
            "label_singular": "Partner",
            "folder": f"{docs}/partners",
            "create": True,
            "extension": "md",
            "format": "frontmatter",
            "identifier_field": "name",
            "slug": "{{slug}}",
            "summary": "{{name}}",
            "fields": fields_for("partner", settings, groups, extra.get("partner")),
        },
        {
            "name": "groups",
            "label": "Practice groups",
            "label_singular": "Practice group",
            "files": [
                {
                    "name": g,
                    "label": g,
                    "file": f"{docs}/groups/{g}/index.md",
                    "fields": fields_for("group", settings, groups, extra.get("group")),
                }
                for g in groups
            ],
        },
    ]
    for g in groups:
        collections.append(
            {
                "name": f"notes-{g}",
                "label": f"Notes: {g}",
                "label_singular": "Note",
                "folder": f"{docs}/groups/{g}",
                "create": True,
                "extension": "md",
                "format": "frontmatter",
                "identifier_field": "title",
                "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
                "summary": "{{date}}: {{title}}",
                "sortable_fields": ["date", "title"],
                "fields": fields_for("note", settings, groups, extra.get("note")),
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
            "format": "frontmatter",
            "identifier_field": "title",
            "slug": "{{slug}}",
            "summary": "{{title}}",
            "fields": fields_for("scenario", settings, groups, extra.get("scenario")),
        }
    )
    top: dict[str, Any] = {"publish_mode": options["publish_mode"]} if options.get("publish_mode") else {}
    return {
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
  <link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
{body}
</body>
</html>
"""
MISSING = """<main style="font-family: sans-serif; max-width: 40em; margin: 2em auto">
  <h1>The editor is not part of this build</h1>
  <p>The form-based editor (Decap CMS) is fetched once from the npm registry. In the site's
  folder run <code>bash scripts/decap</code>, then build or serve the site again.</p>
</main>"""


def write_admin(site_dir: Path, out: Path, data: dict[str, Any], site_name: str, bundle: Path) -> bool:
    """admin/config.yml and admin/index.html in the built site, and the Decap bundle beside
    them when `bundle` holds it. True when the bundle was copied."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.yml").write_text(dumps(data), encoding="utf-8")
    present = (bundle / BUNDLE_MAIN).is_file()
    if present:
        for path in bundle.iterdir():
            # The main script and the chunks it loads on demand, from its own folder.
            if path.is_file() and not path.name.endswith(".map"):
                target = out / path.name
                if not target.exists() or target.stat().st_size != path.stat().st_size:
                    shutil.copyfile(path, target)
        body = f'<script src="{BUNDLE_MAIN}"></script>'
    else:
        body = MISSING
    (out / "index.html").write_text(ADMIN_PAGE.format(site_name=html.escape(site_name), body=body), encoding="utf-8")
    return present


def write_for_site(site_root: Path, docs_dir: Path, site_dir: Path, site_name: str, options: dict[str, Any], settings: Settings, groups: list[str],
                   edit_uri: str | None, repo_url: str | None) -> str | None:
    """admin/ for a built site: the form-based editor, configured from the model. A sentence
    for the build's log when the editor itself is not there yet, else None."""
    try:
        docs = docs_dir.resolve().relative_to(site_root.resolve()).as_posix()
    except ValueError:
        docs = docs_dir.name
    prefix = "/".join(p for p in (str(options.get("site_folder") or "").strip("/"), docs) if p)
    data = config(settings, prefix, groups, options, edit_uri, repo_url)
    bundle = Path(os.environ.get("COP_SITE_DECAP_BUNDLE") or site_root / str(options.get("bundle") or BUNDLE_DIR))
    if not write_admin(site_root, site_dir / "admin", data, site_name, bundle):
        return f"cop-site: admin/ has no editor yet: Decap CMS is not in {bundle}; run bash scripts/decap to fetch it"
    return None
