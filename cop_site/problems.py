"""Problems are values: each stage returns them and the edge decides how to show them."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        # One line whatever the names hold: a file name with a line break could otherwise
        # start a line of its own, which a CI runner may read as a command (`::error ...`).
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return visible(f"{text}; {self.hint}" if self.hint else text)

    def github(self) -> str:
        """One GitHub Actions workflow command, so the problem shows on the file in a PR."""
        props = f"file={_gh_escape(self.path, prop=True)}"
        if self.line:
            props += f",line={self.line}"
        message = f"{self.message}; {self.hint}" if self.hint else self.message
        return f"::error {props}::{_gh_escape(message)}"


# Line breaks and other control characters (C0, DEL, C1, the Unicode line and paragraph
# separators) shown as escapes, as Python writes them: `\n`, `\x01`, `\u2028`.
_INVISIBLE = {c: repr(chr(c))[1:-1] for c in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)}


def visible(text: str) -> str:
    """`text` on one line, its control characters written out (a tab stays a tab)."""
    return text.translate({c: e for c, e in _INVISIBLE.items() if c != 0x09})


def _gh_escape(value: str, prop: bool = False) -> str:
    # A workflow command ends at a line break, and GitHub decodes %0A, %0D and %25 only.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    value = value.translate({c: e for c, e in _INVISIBLE.items() if c not in (0x09, 0x0A, 0x0D)})
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def suggest(value: str, allowed: Iterable[str], *, list_all: bool = True) -> str | None:
    """A did-you-mean hint; when nothing is close, the allowed values (if few enough to read)."""
    allowed = list(allowed)
    close = difflib.get_close_matches(value, allowed, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if list_all and allowed and len(allowed) <= 20:
        return "allowed values: " + ", ".join(allowed)
    return None


class Suggester:
    """`suggest` for many values against one large set of allowed values (every partner's
    slug, say), in time that grows with the values, not with values x allowed: difflib
    compares each value with the 30 allowed values that share the most three-letter pieces
    with it (all of them when there are no more than 30), each distinct value once, and only
    the first MAX_VALUES distinct values get a hint. A file with thousands of misspelt slugs
    (a rename gone wrong, a hostile edit) is then checked in seconds; every one of them is
    still a problem, and the first few hundred say what was meant."""

    MAX_VALUES = 300
    POOL = 30

    def __init__(self, allowed: Iterable[str]) -> None:
        self.allowed = list(allowed)
        self._hints: dict[str, str | None] = {}
        self._index: dict[str, list[int]] | None = None

    def __call__(self, value: str) -> str | None:
        if value in self._hints:
            return self._hints[value]
        if len(self._hints) >= self.MAX_VALUES:
            return None
        pool = self.allowed if len(self.allowed) <= self.POOL else self._pool(value)
        hint = suggest(value, pool, list_all=False)
        self._hints[value] = hint
        return hint

    def _pool(self, value: str) -> list[str]:
        if self._index is None:
            self._index = {}
            for position, allowed in enumerate(self.allowed):
                for piece in _pieces(allowed):
                    self._index.setdefault(piece, []).append(position)
        shared: Counter[int] = Counter()
        for piece in _pieces(value):
            shared.update(self._index.get(piece, ()))
        return [self.allowed[position] for position, _ in shared.most_common(self.POOL)]


def _pieces(text: str) -> set[str]:
    padded = f"^{text}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))


def strict_summary(problems: list[Problem], shown: int = 30) -> str:
    """The error of a strict build with problems: how many, and the first `shown` of them."""
    lines = "\n".join(f"  {p}" for p in problems[:shown])
    more = f"\n  ... and {len(problems) - shown} more (run cop-site check for all)" if len(problems) > shown else ""
    return f"cop-site: {len(problems)} content problem{'s' if len(problems) != 1 else ''} in strict mode:\n{lines}{more}"
