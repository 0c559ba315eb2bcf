"""`cop-site new`: start a partner, group, note or scenario from a template.

Templates are Markdown files with `{{placeholders}}`, shipped in cop_site/data/templates/.
A site replaces any of them by putting a file of the same name in a `templates/` folder
beside its mkdocs.yml (see Help > Editing)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import clock, siteconfig
from .model import GROUP_STATUSES, MILESTONE_STATUSES, NOTE_KINDS, PARTNER_KINDS, REPEATS, RESERVED_SLUGS, SCENARIO_STATUSES
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
    site = siteconfig.find(site_dir, config_file, "run this in the folder that holds mkdocs.yml")
    if isinstance(site, str):
        raise NewError(site)
    options, content = site.options, site.docs_dir
    try:  # MkDocs gives the folder absolute; editors read paths from the site's folder
        content = site_dir / content.resolve().relative_to(site_dir.resolve())
    except ValueError:
        pass
    settings, problems = build_settings(options or {}, site_dir, config_file)
    # Not a reason to stop (the file or schema is still useful), but the editor should know;
    # `cop-site check` lists them with the content's own problems.
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return Site(site_dir, content, settings)


# A file name's slug at most (a note's also has its date in front): a long title keeps its
# first words, well inside every file system's limit (255 bytes) and readable in a URL.
MAX_SLUG = 60


def slug_of(name: str) -> str:
    """The slug a name becomes: lower-case ASCII letters, digits and single hyphens, cut
    after a whole word to MAX_SLUG characters at most."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[: MAX_SLUG + 1].rpartition("-")[0]
        slug = cut if len(cut) >= MAX_SLUG // 2 else slug[:MAX_SLUG].rstrip("-")
    return slug


def slug_was_cut(name: str) -> bool:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return len(re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")) > MAX_SLUG


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
    if slug in RESERVED_SLUGS and kind in ("partner", "scenario"):  # a group has a folder, a note a dated name
        folder = f"{kind}s"
        raise NewError(
            f"'{name}' would make the file {folder}/{slug}.md, the address of the page that lists every {kind}; "
            f"did you mean '{display_name(slug)} {kind.capitalize()}' ({folder}/{slug}-{kind}.md)? Give a fuller name"
        )
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
        "today": clock.today().isoformat(),  # SOURCE_DATE_EPOCH fixes it, as for outreach and assessments
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
    planned = planned_or_said(site_dir, config_file, lambda site: plan(site, kind, name, group, date, note_kind))
    if planned is None:
        return 1
    path, text = planned
    shown = shown_path(path, site_dir)
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
    if slug_was_cut(name):
        print(f"cop-site new: the name is long, so its file name keeps its first words only ({MAX_SLUG} characters at most)", file=sys.stderr)
    print(shown.as_posix())
    return 0


# ---- outreach: one more entry in a group's or scenario's file --------------------------------
def add_outreach(
    site_dir: Path,
    partner: str | None,
    group: str | None = None,
    scenario: str | None = None,
    by: str | None = None,
    response: str = "invited",
    config_file: str = "mkdocs.yml",
) -> int:
    """`cop-site new outreach --group SLUG --partner SLUG`: append `{partner, date: today,
    by, response}` to the file's `outreach` list, leaving every other byte of it as it was."""
    return rewrite(site_dir, config_file, lambda site: plan_outreach(site, partner, group, scenario, by, response))


def planned_or_said(site_dir: Path, config_file: str, planner: Callable[[Site], tuple[Path, str]]) -> tuple[Path, str] | None:
    """The file `planner` would write and its text; or None, once the reason is on stderr."""
    try:
        return planner(read_site(site_dir, config_file))
    except NewError as exc:
        print(f"cop-site new: {exc}", file=sys.stderr)
        return None


def shown_path(path: Path, site_dir: Path) -> Path:
    """The path as an editor typed it: relative to the site when it is inside it."""
    return path.relative_to(site_dir) if path.is_relative_to(site_dir) else path


def rewrite(site_dir: Path, config_file: str, planner: Callable[[Site], tuple[Path, str]]) -> int:
    """Write over an existing file with the text `planner` made of it (outreach, assessment)."""
    planned = planned_or_said(site_dir, config_file, planner)
    if planned is None:
        return 1
    path, text = planned
    with open(path, "w", encoding="utf-8", newline="") as fh:  # newline="": the file's own line endings stay
        fh.write(text)
    print(shown_path(path, site_dir).as_posix())
    return 0


def plan_outreach(site: Site, partner: str | None, group: str | None, scenario: str | None, by: str | None, response: str) -> tuple[Path, str]:
    from .model import OUTREACH_RESPONSES

    if (group is None) == (scenario is None):
        raise NewError("say where the invitation was made: --group SLUG or --scenario SLUG (one of them)")
    if group is not None:
        known, path, what = site.groups, site.content / "groups" / str(group) / "index.md", "group"
        slug = group
    else:
        folder = site.content / "scenarios"
        known = sorted(p.stem for p in folder.glob("*.md") if p.stem != "index") if folder.is_dir() else []
        path, what, slug = folder / f"{scenario}.md", "scenario", str(scenario)
    if slug not in known or not path.is_file():
        hint = suggest(slug, known, list_all=False) or (f"the {what}s are: {', '.join(known)}" if known else f"there are no {what}s yet")
        raise NewError(f"there is no {what} '{slug}'; {hint}")
    folder = site.content / "partners"
    partners = sorted(p.stem for p in folder.glob("*.md") if p.stem != "index") if folder.is_dir() else []
    if not partner:
        raise NewError("say who was invited with --partner SLUG")
    for value, flag in ((partner, "--partner"), (by, "--by")):
        if value is not None and value not in partners:
            hint = suggest(value, partners, list_all=False) or "its slug is the file name in partners/, without .md"
            raise NewError(f"{flag} '{value}' is not a partner; {hint}")
    if response not in OUTREACH_RESPONSES:
        raise NewError(f"--response '{response}' is not one of: {', '.join(OUTREACH_RESPONSES)}")
    fields = [f"partner: {partner}", f"date: {clock.today().isoformat()}"]
    if by:
        fields.append(f"by: {by}")
    fields.append(f"response: {response}")
    entry = "{" + ", ".join(fields) + "}"
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise NewError(f"{path}: the file is not UTF-8 text; save it with UTF-8 encoding first") from None
    return path, append_outreach(text, entry, str(path))


def append_outreach(text: str, entry: str, where: str) -> str:
    """`text` (a whole Markdown file) with `entry` (a YAML flow mapping) appended to the
    front matter's `outreach` list: a new block item after the last one, an item added inside
    a `[...]` list, or a new `outreach:` key before the closing `---`. Nothing else changes."""
    eol = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    lines = body.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise NewError(f"{where}: no front matter (the file must start with a '---' line)")
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if close is None:
        raise NewError(f"{where}: the front matter has no closing '---' line")
    # Offsets in `body` of the front matter (after the first line) and of its closing line.
    start = len(lines[0]) + 1
    end = start + sum(len(line) + 1 for line in lines[1:close])
    front = body[start:end]
    try:
        root = yaml.compose(front.replace("\r\n", "\n") if eol == "\r\n" else front, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise NewError(f"{where}: the front matter is not valid YAML ({exc.__class__.__name__}); fix it first (cop-site check names the line)") from None
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise NewError(f"{where}: the front matter is not a list of 'name: value' lines")
    node = key_node = None
    for key, value in root.value if root is not None else []:
        if isinstance(key, yaml.ScalarNode) and key.value == "outreach":
            key_node, node = key, value
    crlf = eol == "\r\n"

    def at(mark: yaml.Mark) -> int:
        return start + mark.index + (mark.line if crlf else 0)  # one "\r" per line before the mark

    item = f"  - {entry}{eol}"
    if node is None or key_node is None:
        out = body[:end] + f"outreach:{eol}" + item + body[end:]
    elif isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null", "Null", "NULL"):
        # `outreach:` with nothing after it (or `null`): the list starts on the next line.
        after_key = at(key_node.end_mark)
        if node.value:
            value_at = at(node.start_mark)
            body = body[:value_at].rstrip(" ") + body[at(node.end_mark) :]
        line_end = body.find("\n", after_key)
        cut = len(body) if line_end == -1 else line_end + 1
        out = body[:cut] + item + body[cut:]
    elif isinstance(node, yaml.SequenceNode) and node.flow_style:
        close_at = at(node.end_mark) - 1  # the ']'
        inner = body[at(node.start_mark) + 1 : close_at]
        if inner.strip():
            out = body[:close_at].rstrip(" ") + ", " + entry + body[close_at:]
        else:
            out = body[: at(node.start_mark) + 1] + entry + body[close_at:]
    elif isinstance(node, yaml.SequenceNode) and node.value:
        indent = " " * node.start_mark.column
        last = node.value[-1]
        after = at(last.end_mark)
        # The end of the last item's last line (a block mapping item ends at the next line's start).
        if after > 0 and body[after - 1] == "\n":
            cut = after
        else:
            line_end = body.find("\n", after)
            cut = len(body) if line_end == -1 else line_end + 1
        cut = min(cut, end)
        out = body[:cut] + f"{indent}- {entry}{eol}" + body[cut:]
    else:
        raise NewError(f"{where}: 'outreach' is not a list; write it as a list of entries first")
    return bom + out


# ---- `cop-site new assessment`: a sitting's skeleton, appended to a file's front matter ----
ASSESSED_FILES = {"partner": "partners/{slug}.md", "group": "groups/{slug}/index.md", "scenario": "scenarios/{slug}.md"}


def assessment_skeleton(site: Site, day: dt.date, indent: str, newline: str = "\n") -> str:
    """One assessment as YAML lines, its list item at `indent`: the date filled in and every
    indicator of the rubric listed, commented out, under scores, evidence and next_steps, so
    a facilitator removes the '#' of each indicator the team rated and types the result."""
    tax = site.settings.taxonomy
    inner = indent + "  "
    levels = ", ".join(tax.rubric_levels)
    lines = [
        f"{indent}- date: {day.isoformat()}",
        f"{inner}participants: []  # who took part, as partner slugs, for example [{', '.join(list(_example_partners(site))[:2]) or 'valley-college'}]",
        f"{inner}# For each indicator the team rated: remove its '#' and write the level ({levels}).",
        f"{inner}scores:",
    ]

    def commented(value_hint: str) -> list[str]:
        out = []
        for domain in tax.domains.values():
            out.append(f"{inner}  # {domain.label}")
            out += [f"{inner}  # {slug}:{value_hint}" for slug, ind in tax.indicators.items() if ind.domain == domain.slug]
        return out

    lines += commented("")
    lines.append(f"{inner}# What shows each level, in the team's words: remove the '#' and write it after the colon.")
    lines.append(f"{inner}evidence:")
    lines += commented("")
    lines.append(f"{inner}# What the team agreed to do to move each indicator (only for an indicator with a level).")
    lines.append(f"{inner}next_steps:")
    lines += commented("")
    return newline.join(lines) + newline


def _example_partners(site: Site) -> list[str]:
    folder = site.content / "partners"
    return sorted(p.stem for p in folder.glob("*.md") if p.stem != "index") if folder.is_dir() else []


def _known_slugs(site: Site, kind: str) -> list[str]:
    if kind == "group":
        return site.groups
    folder = site.content / f"{kind}s"
    return sorted(p.stem for p in folder.glob("*.md") if p.stem != "index") if folder.is_dir() else []


def plan_assessment(site: Site, kind: str, slug: str, date: str | None = None) -> tuple[Path, str]:
    """The file of the partner, group or scenario `slug` and its text with a new, empty
    assessment added at the end of its `assessments` (every byte already there kept as it
    is); or NewError with a sentence."""
    from . import yamlio

    path = site.content / ASSESSED_FILES[kind].format(slug=slug)
    if not path.is_file():
        known = _known_slugs(site, kind)
        hint = suggest(slug, known, list_all=False) or (f"the {kind}s are: {', '.join(known)}" if known and len(known) <= 20 else "")
        raise NewError(f"there is no {kind} '{slug}' (no {site.content.name}/{ASSESSED_FILES[kind].format(slug=slug)}){'; ' + hint if hint else ''}")
    today = clock.today().isoformat()  # the build's "today": SOURCE_DATE_EPOCH fixes it, as for outreach
    when = date or today
    try:
        day = dt.date.fromisoformat(when)
    except ValueError:
        raise NewError(f"--date '{when}' is not a date; write it as YYYY-MM-DD, for example {today}") from None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise NewError(f"{path.name} is not UTF-8 text; save it as UTF-8 first") from None
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    start = 1 if lines and lines[0].lstrip("\ufeff").rstrip() == "---" else None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None) if start else None
    shown = f"{site.content.name}/{ASSESSED_FILES[kind].format(slug=slug)}"
    if start is None or end is None:
        raise NewError(f"{shown} has no front matter between two --- lines; add its fields first")
    try:
        parsed = yamlio.parse(newline.join(lines[1:end]) if end > 1 else "", first_line=2)
    except yamlio.YamlError as exc:
        raise NewError(f"{shown}:{exc.line}: {exc.message}; fix it first (cop-site check lists every problem)") from None
    data = parsed.data if isinstance(parsed.data, dict) else {}
    existing = data.get("assessments")
    if existing is None and "assessments" not in data:
        insert_at, indent = end, "  "
        block = "assessments:" + newline + assessment_skeleton(site, day, indent, newline)
    else:
        if existing is not None and not isinstance(existing, list):
            raise NewError(f"{shown}:{parsed.line_of(('assessments',))}: 'assessments' is not a list; fix it first (cop-site check says how)")
        key_line = (parsed.line_of(("assessments",)) or 1) - 1  # index in `lines`
        written = lines[key_line].split(":", 1)[1] if ":" in lines[key_line] else ""
        value, hash_, comment = written.partition("#")
        if value.strip() == "[]":
            # The empty placeholder a template writes: the one change to the file's own text
            # is this line losing its "[]", so the list can grow under it.
            kept = lines[key_line].split(":", 1)[0] + ":" + value.replace("[]", "  ", 1)
            lines[key_line] = kept + hash_ + comment if hash_ else kept.rstrip()
        elif value.strip() not in ("", "null", "~"):
            raise NewError(
                f"{shown}:{key_line + 1}: 'assessments' is written on one line in [brackets]; "
                "write each assessment as lines starting with '- date:' and run this again"
            )
        elif value.strip():
            raise NewError(f"{shown}:{key_line + 1}: 'assessments' is empty ({value.strip()}); remove '{value.strip()}' and run this again")
        for item in existing or []:
            earlier = item.get("date") if isinstance(item, dict) else None
            if str(earlier) == day.isoformat():
                raise NewError(f"{shown} already has an assessment on {day.isoformat()}; add the results to it, or give another --date")
            if isinstance(earlier, str) and earlier > day.isoformat():
                raise NewError(f"{shown} has an assessment on {earlier}, after {day.isoformat()}; assessments go oldest first, so give a later --date")
        # The list ends at the next line that starts at the margin with a field name.
        first_item = next((lines[i] for i in range(key_line + 1, end) if lines[i].strip().startswith("-")), "  -")
        indent = first_item[: len(first_item) - len(first_item.lstrip())]
        stop = end
        for i in range(key_line + 1, end):
            line = lines[i]
            if line.strip() and not line.startswith((" ", "\t", "#")) and not (indent == "" and line.startswith("-")):
                stop = i
                break
        insert_at = stop
        while insert_at - 1 > key_line and (not lines[insert_at - 1].strip() or lines[insert_at - 1].startswith("#")):
            insert_at -= 1  # after the last item's own lines, before blank lines and the next field's comments
        block = assessment_skeleton(site, day, indent, newline)
    head = newline.join(lines[:insert_at])
    tail = newline.join(lines[insert_at:])
    return path, head + newline + block + tail


def new_assessment(site_dir: Path, kind: str, slug: str, date: str | None = None, config_file: str = "mkdocs.yml") -> int:
    return rewrite(site_dir, config_file, lambda site: plan_assessment(site, kind, slug, date))
