"""Stage 1: files -> raw documents (front matter with line numbers, body, problems)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import xmlsafe, yamlio
from .problems import Problem, suggest

MARKDOWN_SUFFIX = ".md"
ENTITY_KINDS = ("partner", "group", "note", "scenario")


@dataclass
class RawDoc:
    rel: str  # path inside the content folder, with forward slashes
    display: str  # path shown to the editor (relative to the site folder)
    kind: str | None  # partner, group, note, scenario; None for ordinary pages
    slug: str  # file name (a group's folder name) without .md
    group: str | None = None  # for a note: its group's slug
    meta: yamlio.Parsed | None = None
    body: str = ""
    body_line: int = 1  # line number of the body's first line in the file
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True  # False: cannot be parsed, so it is never published

    @property
    def data(self) -> dict[str, Any]:
        return self.meta.data if self.meta and isinstance(self.meta.data, dict) else {}

    @property
    def key(self) -> str:
        return f"{self.group}/{self.slug}" if self.kind == "note" else self.slug

    def draft_flag(self) -> tuple[bool, Problem | None]:
        """Whether the file is a draft. Only `true` and `false` are answers: any other value
        (`yes`, "true", 1, empty) or a `draft` given twice is a problem, and the file counts
        as a draft until it is fixed, so a slip never publishes what was meant to wait."""
        data = self.data
        if "draft" not in data:
            return False, None
        value = data["draft"]
        line = self.meta.line_of(("draft",)) if self.meta else None
        if any(not d.path and d.key == "draft" for d in (self.meta.duplicates if self.meta else ())):
            return True, None  # the duplicate itself is reported; which one counts is unclear
        if value is True or value is False:
            return value, None
        shown = "empty" if value is None else f"'{value}'"
        return True, Problem(
            self.display, line, f"'draft' must be true or false, not {shown}", "until it is, the file is treated as a draft and is not published"
        )


def kind_from_path(rel: str) -> tuple[str | None, str, str | None]:
    """(type, slug, group) from a file's place in the content folder."""
    parts = rel.split("/")
    stem = parts[-1][: -len(MARKDOWN_SUFFIX)] if parts[-1].endswith(MARKDOWN_SUFFIX) else parts[-1]
    if len(parts) == 2 and parts[0] == "partners" and stem != "index":
        return "partner", stem, None
    if len(parts) == 2 and parts[0] == "scenarios" and stem != "index":
        return "scenario", stem, None
    if len(parts) == 3 and parts[0] == "groups":
        if stem == "index":
            return "group", parts[1], None
        return "note", stem, parts[1]
    return None, stem, None


def split_front_matter(text: str) -> tuple[str | None, str, int, int]:
    """(front matter text or None, body, line of the front matter's first line, line of the body)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 0, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), 2, index + 2
    return "\n".join(lines[1:]), "", 2, len(lines) + 1


def decode_text(raw: bytes, display: str) -> tuple[str | None, Problem | None]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, Problem(display, line, "the file is not UTF-8 text", "save it with UTF-8 encoding (most editors offer it under 'Save as')")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def load_doc(rel: str, display: str, raw: bytes) -> RawDoc:
    """A document from a file's bytes."""
    kind, slug, group = kind_from_path(rel)
    doc = RawDoc(rel=rel, display=display, kind=kind, slug=slug, group=group)
    text, problem = decode_text(raw, display)
    if problem:
        doc.problems.append(problem)
        doc.readable = False
        return doc
    assert text is not None
    front, body, fm_line, body_line = split_front_matter(text)
    doc.body, doc.body_line = body, body_line
    if front is not None and not body and not any(line.rstrip() in ("---", "...") for line in text.split("\n")[1:]):
        # Read as front matter to the end, as before; MkDocs would show it all as the page's
        # text, so the plugin hands MkDocs what is read here (see `page_source`).
        doc.problems.append(
            Problem(display, 1, "the front matter that starts on line 1 is never closed", "end it with a line of three hyphens (---) before the page's text")
        )
    if front is None:
        if kind is not None:
            doc.readable = False
            if not text.strip():
                doc.problems.append(Problem(display, 1, "the file is empty", _front_matter_hint(kind)))
            else:
                doc.problems.append(
                    Problem(display, 1, "no front matter: the file must start with a '---' line, its fields, and another '---' line", _front_matter_hint(kind))
                )
        return doc
    try:
        doc.meta = yamlio.parse(front, first_line=fm_line)
    except yamlio.YamlError as exc:
        doc.problems.append(Problem(display, exc.line, exc.message, exc.hint))
        doc.readable = False
        return doc
    data = doc.meta.data
    if data is None:
        data = doc.meta.data = {}
    if not isinstance(data, dict):
        doc.problems.append(Problem(display, fm_line, f"front matter must be fields like 'name: ...', not {_describe(data)}"))
        doc.readable = False
        return doc
    for dup in doc.meta.duplicates:
        where = f"the field '{dup.key}'" if not dup.path else f"'{dup.key}' in {_path_label(dup.path)}"
        doc.problems.append(Problem(display, dup.line, f"{where} is given twice, on lines {dup.first_line} and {dup.line}", "keep one of them"))
    explicit = data.get("type")
    if explicit is not None:
        if explicit in ENTITY_KINDS:
            doc.kind = explicit
            if explicit == "note" and group is None:
                doc.group = data.get("group") if isinstance(data.get("group"), str) else None
        else:
            doc.problems.append(Problem(display, doc.meta.line_of(("type",)), f"unknown type '{explicit}'", suggest(str(explicit), ENTITY_KINDS)))
    if doc.kind is not None:  # what reaches the feeds and network files
        doc.problems += control_characters(doc, front)
    return doc


def control_characters(doc: RawDoc, front: str) -> list[Problem]:
    """Where the file holds a character XML cannot (U+0001, U+000B, U+FFFF...): invisible in
    most editors, and left out of the feeds and network files (see xmlsafe.py). In front
    matter only a YAML escape in double quotes ("\\x01") can make one: YAML refuses them
    written as they are."""
    found: list[Problem] = []

    def report(line: int | None, where: str, char: str) -> None:
        found.append(
            Problem(
                doc.display,
                line,
                f"{where} holds the invisible control character U+{ord(char):04X}, which feeds and network files cannot hold",
                "delete it (it is left out of feed.xml and the exports until then)",
            )
        )

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, str):
            m = xmlsafe.NOT_XML.search(value)
            if m:
                report(doc.meta.line_of(path) if doc.meta else None, _path_label(path) if path else "the front matter", m.group())
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*path, str(k)))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))

    if "\\" in front:
        walk(doc.data, ())
    m = xmlsafe.NOT_XML.search(doc.body)
    if m:
        report(doc.body_line + doc.body.count("\n", 0, m.start()), "the text", m.group())
    return found


def without_private(value: Any) -> Any:
    """`value` with every `private:` mapping taken out, at any depth: private wherever it is."""
    if isinstance(value, dict):
        return {k: without_private(v) for k, v in value.items() if k != "private"}
    if isinstance(value, list):
        return [without_private(v) for v in value]
    return value


def page_source(doc: RawDoc) -> tuple[dict[str, Any], str] | None:
    """An ordinary page's fields (nothing under `private:`) and Markdown text as read here,
    for every output to use: MkDocs' own reader gives up on front matter that this one
    reads (no line break after the closing '---', a date such as 2024-02-30) and would
    then publish it all as the page's text. None for a page without front matter."""
    if doc.meta is None:
        return None
    return without_private(doc.data), doc.body


def _path_label(path: tuple[Any, ...]) -> str:
    """('assessments', 0, 'scores') -> "'assessments' (item 1, scores)", as validation says it."""
    parts = [f"item {p + 1}" if isinstance(p, int) else str(p) for p in path]
    return f"'{parts[0]}'" + (f" ({', '.join(parts[1:])})" if len(parts) > 1 else "")


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "plain text"
    return f"a {type(value).__name__}"


def _front_matter_hint(kind: str) -> str:
    required = {"partner": "name, category", "group": "name, focus", "note": "title, date", "scenario": "title"}[kind]
    return f"a {kind} needs at least: {required}"


def iter_markdown(root: Path) -> list[tuple[Path, str]]:
    """Markdown files under root, sorted, as MkDocs lists them: links followed, hidden files
    and folders skipped. (The plugin uses MkDocs' own list; see `refused_links` for the
    links that are not read at all.)"""
    found: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(MARKDOWN_SUFFIX):
                continue
            path = Path(dirpath) / name
            found.append((path, path.relative_to(root).as_posix()))
    return found


def refused_links(root: Path, site_root: Path, private: Path | None) -> list[tuple[str, str]]:
    """Symbolic links in the content folder that must not be followed, as (rel path, why).

    MkDocs follows every link and publishes what it finds, so a link could publish files
    from anywhere on the machine that builds the site (a CI runner's secrets), the private
    overlay, or loop for ever. A link is followed only if it points inside the site's folder,
    outside the private overlay, and not to a folder that holds it."""
    site = site_root.resolve()
    overlay = private.resolve() if private is not None else None
    refused: list[tuple[str, str]] = []
    stack: list[tuple[Path, str, tuple[Path, ...]]] = [(root.resolve(), "", ())]
    while stack:
        real_dir, rel_dir, ancestors = stack.pop()
        ancestors = (*ancestors, real_dir)
        try:
            entries = sorted(os.scandir(real_dir), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = rel_dir + entry.name
            if not entry.is_symlink():
                if entry.is_dir(follow_symlinks=False):
                    stack.append((Path(entry.path), rel + "/", ancestors))
                continue
            target = Path(os.path.realpath(entry.path))
            why = None
            if not target.exists():
                why = "it points to nothing"
            elif target != site and site not in target.parents:
                why = "it points outside the site's folder"
            elif overlay is not None and (target == overlay or overlay in target.parents):
                why = "it points into the private folder"
            elif target.is_dir() and (target in ancestors or target in real_dir.parents):
                why = "it points to a folder that holds it, so it would repeat for ever"
            if why:
                refused.append((rel, why))
            elif target.is_dir():
                stack.append((target, rel + "/", ancestors))
    return sorted(refused)


# Displayed path -> what the file's status said when it was read, and the document it gave.
Cache = dict[str, tuple[tuple[int, int, int, int], RawDoc]]


def load_tree(root: Path, display_prefix: str = "", cache: Cache | None = None, files: list[tuple[Path, str]] | None = None) -> list[RawDoc]:
    """Every Markdown file under root (or the given `files`: (path, rel) pairs, as MkDocs
    lists them). `display_prefix` is prepended to paths in problems.

    With a `cache` (from the previous build, under `mkdocs serve`), a file whose status is
    unchanged (modification and change times, size, inode) gives the document it gave then,
    without being read again: MkDocs' watcher finds changes by the same status, so a change
    it would miss never starts a rebuild anyway. The cache is left holding this build's files
    only. The documents must not have been changed since."""
    previous = dict(cache) if cache is not None else {}
    if cache is not None:
        cache.clear()
    docs = []
    for path, rel in iter_markdown(root) if files is None else files:
        display = display_prefix + rel
        known = previous.get(display)
        doc = None
        if cache is not None:
            st = os.stat(path)
            status = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
            doc = known[1] if known is not None and known[0] == status else None
        if doc is None:
            doc = load_doc(rel, display, path.read_bytes())
        if cache is not None:
            cache[display] = (status, doc)
        docs.append(doc)
    return docs
