"""A warning, never an error: front-matter fields whose names look private (fears, contact
details) written outside `private:`, where they would be published, and where the file in
a public repository is readable by anyone anyway.

It looks at every file the check read, drafts included (a draft is not published, but its
file still sits in the repository)."""

from __future__ import annotations

import re
from typing import Any

from .load import RawDoc
from .problems import Problem, visible

WORDS = ("fear", "contact", "phone", "email", "e-mail")
KEY = re.compile("|".join(re.escape(w) for w in WORDS), re.IGNORECASE)
HINT = "move it under 'private:' (see Help > Privacy), or rename it if it holds nothing private"


def _walk(node: Any, path: tuple[Any, ...], found: list[tuple[tuple[Any, ...], str]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "private" or (not path and key == "agreement"):
                # private: where such fields belong, at any depth (never published, see
                # load.without_private); agreement: its keys are the vocabulary's element
                # names ("concerns-and-fears" is what the partners agreed to write down)
                continue
            if isinstance(key, str) and KEY.search(key):
                found.append(((*path, key), key))
            _walk(value, (*path, key), found)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _walk(value, (*path, i), found)


def sensitive_keys(docs: list[RawDoc]) -> list[Problem]:
    """A warning for each field whose name looks private and that is not under `private:`,
    in every file read, drafts included, from the fields already parsed for the check."""
    warnings: list[Problem] = []
    for doc in docs:
        if doc.meta is None or not isinstance(doc.meta.data, dict):
            continue
        found: list[tuple[tuple[Any, ...], str]] = []
        _walk(doc.meta.data, (), found)
        for where, key in found:
            warnings.append(Problem(doc.display, doc.meta.line_of(where), f"'{key}' looks private but is not under 'private:', so it would be published", HINT))
    return warnings


def warning_text(problem: Problem, fmt: str) -> str:
    if fmt == "github":
        return problem.github().replace("::error ", "::warning ", 1)
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    return visible(f"{where}: warning: {problem.message}; {problem.hint}")
