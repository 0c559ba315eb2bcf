"""Stage 1: files -> raw documents (front matter with line numbers, body, problems)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlio
from .problems import Problem

MARKDOWN_SUFFIX = ".md"


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

    @property
    def draft(self) -> bool:
        return self.data.get("draft") is True


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
        doc.problems.append(Problem(display, exc.line, exc.message, "check the indentation and quote values that contain ':' or '#'"))
        doc.readable = False
        return doc
    data = doc.meta.data
    if data is None:
        data = doc.meta.data = {}
    if not isinstance(data, dict):
        doc.problems.append(Problem(display, fm_line, f"front matter must be fields like 'name: ...', not {_describe(data)}"))
        doc.readable = False
        return doc
    for key, line in doc.meta.duplicates:
        doc.problems.append(Problem(display, line, f"the field '{key}' is given twice", "keep one of them"))
    explicit = data.get("type")
    if isinstance(explicit, str) and explicit in ("partner", "group", "note", "scenario"):
        doc.kind = explicit
        if explicit == "note" and group is None:
            doc.group = data.get("group") if isinstance(data.get("group"), str) else None
    return doc


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
    """Markdown files under root, sorted, skipping hidden files and folders (as MkDocs does)."""
    found: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(MARKDOWN_SUFFIX):
                continue
            path = Path(dirpath) / name
            found.append((path, path.relative_to(root).as_posix()))
    return found


Cache = dict[str, tuple[bytes, RawDoc]]  # displayed path -> the file's bytes and what they gave


def load_tree(root: Path, display_prefix: str = "", cache: Cache | None = None) -> list[RawDoc]:
    """Every Markdown file under root. `display_prefix` is prepended to paths in problems.

    With a `cache` (from the previous build, under `mkdocs serve`), a file whose bytes are
    unchanged gives the document it gave then, without parsing it again; the cache is left
    holding this build's files only. The documents must not have been changed since."""
    previous = dict(cache) if cache is not None else {}
    if cache is not None:
        cache.clear()
    docs = []
    for path, rel in iter_markdown(root):
        display = display_prefix + rel
        raw = path.read_bytes()
        known = previous.get(display)
        doc = known[1] if known is not None and known[0] == raw else load_doc(rel, display, raw)
        if cache is not None:
            cache[display] = (raw, doc)
        docs.append(doc)
    return docs
