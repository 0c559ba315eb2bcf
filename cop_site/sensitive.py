"""A warning, never an error: front-matter fields whose names look private (fears, contact
details) written outside `private:`, where they would be published, and where the file in
a public repository is readable by anyone anyway.

It reads every Markdown file's front matter itself, drafts included (a draft is not
published, but its file still sits in the repository), and parses only those whose front
matter mentions one of the words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import yamlio
from .problems import Problem

WORDS = ("fear", "contact", "phone", "email", "e-mail")
KEY = re.compile("|".join(re.escape(w) for w in WORDS), re.IGNORECASE)
# A line that may hold such a key: cheap to test on every file, so most files are not parsed.
MAYBE = re.compile(r"^[\s\-{,]*['\"]?[\w\- ]*(?:" + "|".join(re.escape(w) for w in WORDS) + r")[\w\- ]*['\"]?\s*:", re.IGNORECASE | re.MULTILINE)
HINT = "move it under 'private:' (see Help > Privacy), or rename it if it holds nothing private"


def _front_matter(text: str) -> str | None:
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    return text[4 : end + 1] if end != -1 else None


def _walk(node: Any, path: tuple, found: list[tuple[tuple, str]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if not path and key == "private":
                continue
            if isinstance(key, str) and KEY.search(key):
                found.append(((*path, key), key))
            _walk(value, (*path, key), found)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _walk(value, (*path, i), found)


def sensitive_keys(docs_dir: Path, shown_dir: str) -> list[Problem]:
    """A warning for each field in `docs_dir` whose name looks private and that is not under
    `private:`; paths are shown under `shown_dir` (the content folder as the editor names it)."""
    warnings: list[Problem] = []
    for path in sorted(docs_dir.rglob("*.md")):
        try:
            block = _front_matter(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError):  # `check` reports those itself
            continue
        if not block or not MAYBE.search(block):
            continue
        try:
            parsed = yamlio.parse(block, first_line=2)
        except Exception:  # a YAML error is `check`'s to report
            continue
        found: list[tuple[tuple, str]] = []
        _walk(parsed.data, (), found)
        shown = f"{shown_dir}/{path.relative_to(docs_dir).as_posix()}"
        for where, key in found:
            warnings.append(Problem(shown, parsed.line_of(where), f"'{key}' looks private but is not under 'private:', so it would be published", HINT))
    return warnings


def warning_text(problem: Problem, fmt: str) -> str:
    if fmt == "github":
        return problem.github().replace("::error ", "::warning ", 1)
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    return f"{where}: warning: {problem.message}; {problem.hint}"
