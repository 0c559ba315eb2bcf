"""`cop-site new`: start a partner, group, note or scenario from a template.

Templates are Markdown files with `{{placeholders}}`, shipped in cop_site/data/templates/.
A site replaces any of them by putting a file of the same name in a `templates/` folder
beside its mkdocs.yml (see Help > Editing)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import siteconfig
from .model import GROUP_STATUSES, MILESTONE_STATUSES, NOTE_KINDS, PARTNER_KINDS, REPEATS, SCENARIO_STATUSES
from .problems import suggest
from .settings import Settings, build_settings

SITE_TEMPLATES = "templates"
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A front-matter line whose comment can be moved to line up with the others: no '#' in
# the value (bare, or in double quotes), so the comment is certainly a comment.
ALIGNABLE = re.compile(r"^([A-Za-z_]+:(?: *\"[^\"#]*\"|[^#\"']*?))\s+(# .*)$")
COMMENT_COLUMN = 30


class NewError(Exception):
    """A sentence for the editor: what is wrong and what to do instead."""


@dataclass
class Site:
    """What `new` needs to know about a site: where its content lives and its vocabulary."""

    root: Path
    content: Path
    settings: Settings

    @property
    def groups(self) -> list[str]:
        folder = self.content / "groups"
        return sorted(p.parent.name for p in folder.glob("*/index.md")) if folder.is_dir() else []


def read_site(site_dir: Path, config_file: str = "mkdocs.yml") -> Site:
    """The site in `site_dir`, from its mkdocs.yml (read as `cop-site check` reads it)."""
    path = site_dir / config_file
    if not path.is_file():
        raise NewError(f"{path}: not found; run this in the folder that holds mkdocs.yml")
    loaded = siteconfig.load(path)
    if isinstance(loaded, str):
        raise NewError(f"{config_file}: {loaded}")
    options, content, _ = loaded
    try:  # MkDocs gives the folder absolute; editors read paths from the site's folder
        content = site_dir / content.resolve().relative_to(site_dir.resolve())
    except ValueError:
        pass
    settings, _ = build_settings(options or {}, site_dir, config_file)
    return Site(site_dir, content, settings)


def slug_of(name: str) -> str:
    """The slug a name becomes: lower-case ASCII letters, digits and single hyphens."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def display_name(name: str) -> str:
    """A name typed as a slug ("valley-college") reads better as "Valley College"."""
    if SLUG_RE.match(name):
        return " ".join(word.capitalize() for word in name.split("-"))
    return name.strip()


def yaml_scalar(value: str) -> str:
    """`value` as YAML: bare when YAML reads it back unchanged as text, else double-quoted."""
    try:
        if yaml.safe_load(f"k: {value}") == {"k": value} and "#" not in value:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def template_text(site: Site, name: str) -> str:
    own = site.root / SITE_TEMPLATES / name
    if own.is_file():
        return own.read_text("utf-8")
    return resources.files("cop_site").joinpath("data").joinpath("templates").joinpath(name).read_text("utf-8")


def fill(text: str, values: dict[str, str], template: str) -> str:
    def swap(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in values:
            raise NewError(f"the template {template} has an unknown placeholder {{{{{key}}}}}; known: {', '.join(sorted(values))}")
        return values[key]

    lines = []
    for line in PLACEHOLDER.sub(swap, text).splitlines():
        m = ALIGNABLE.match(line)
        if m and not line.startswith("#"):
            line = f"{m.group(1).rstrip():<{COMMENT_COLUMN - 1}} {m.group(2)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def plan(
    site: Site, kind: str, name: str, group: str | None = None, date: str | None = None, note_kind: str | None = None
) -> tuple[Path, str]:
    """The path to write and its text, or NewError with a sentence."""
    slug = slug_of(name)
    if not slug:
        raise NewError(f"'{name}' cannot become a file name: use letters or digits, for example 'Valley College' or 'kickoff-meeting'")
    tax = site.settings.taxonomy
    values: dict[str, Any] = {
        "name": yaml_scalar(display_name(name)),
        "title": yaml_scalar(display_name(name)),
        "slug": slug,
        "focus": "Say in one sentence what this group works on together.",
        "category": next(iter(tax.categories), "community"),
        "categories": ", ".join(tax.categories),
        "levels": ", ".join(tax.levels),
        "roles": ", ".join(tax.roles),
        "relationships": ", ".join(tax.relationships),
        "ratings": ", ".join(tax.ratings),
        "conditions": ", ".join(tax.conditions),
        "note_kinds": ", ".join(NOTE_KINDS),
        "group_statuses": ", ".join(GROUP_STATUSES),
        "scenario_statuses": ", ".join(SCENARIO_STATUSES),
        "milestone_statuses": ", ".join(MILESTONE_STATUSES),
        "repeats": ", ".join(REPEATS),
        "partner_kinds": ", ".join(PARTNER_KINDS),
        "today": dt.date.today().isoformat(),
    }
    if kind != "note" and (group or date):
        raise NewError(f"--group and --date are for notes only, not for a {kind}")
    kinds = {"note": NOTE_KINDS, "partner": PARTNER_KINDS}.get(kind)
    if note_kind is not None:
        if kinds is None:
            raise NewError(f"--kind is for a note or a partner, not for a {kind}")
        if note_kind not in kinds:
            hint = suggest(note_kind, kinds) or ""
            raise NewError(f"unknown {kind} kind '{note_kind}'; {hint}".rstrip("; "))
    template = f"{kind}.md"
    if kind == "partner":
        values["kind"] = note_kind or PARTNER_KINDS[0]
        rel = f"partners/{slug}.md"
    elif kind == "group":
        rel = f"groups/{slug}/index.md"
    elif kind == "scenario":
        rel = f"scenarios/{slug}.md"
    else:
        known = site.groups
        if group is None:
            if len(known) != 1:
                listed = f"; the groups are: {', '.join(known)}" if known else "; start one with: cop-site new group NAME"
                raise NewError(f"say which group the note belongs to with --group SLUG{listed}")
            group = known[0]
        if group not in known:
            hint = suggest(group, known) or ("there are no groups yet; start one with: cop-site new group NAME")
            raise NewError(f"there is no group '{group}' (no {site.content.name}/groups/{group}/index.md); {hint}")
        when = date or values["today"]
        try:
            day = dt.date.fromisoformat(when)
        except ValueError:
            raise NewError(f"--date '{when}' is not a date; write it as YYYY-MM-DD, for example {values['today']}") from None
        values.update(group=group, date=day.isoformat(), kind=note_kind or NOTE_KINDS[0])
        rel = f"groups/{group}/{day.isoformat()}-{slug}.md"
        if note_kind in ("progress-report", "consultancy"):
            template = f"note-{note_kind}.md"
    text = fill(template_text(site, template), {k: str(v) for k, v in values.items()}, template)
    return site.content / rel, text


def new(
    site_dir: Path,
    kind: str,
    name: str,
    group: str | None = None,
    date: str | None = None,
    note_kind: str | None = None,
    config_file: str = "mkdocs.yml",
) -> int:
    try:
        site = read_site(site_dir, config_file)
        path, text = plan(site, kind, name, group, date, note_kind)
    except NewError as exc:
        print(f"cop-site new: {exc}", file=sys.stderr)
        return 1
    shown = path.relative_to(site_dir) if path.is_relative_to(site_dir) else path
    if path.exists():
        print(f"cop-site new: {shown} already exists and was left as it is; choose another name, or edit that file", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite, even in a race
            fh.write(text)
    except FileExistsError:
        print(f"cop-site new: {shown} already exists and was left as it is", file=sys.stderr)
        return 1
    print(shown.as_posix())
    return 0
