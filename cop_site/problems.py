"""Problems are values: each stage returns them and the edge decides how to show them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text

    def github(self) -> str:
        """One GitHub Actions workflow command, so the problem shows on the file in a PR."""
        props = f"file={_gh_escape(self.path, prop=True)}"
        if self.line:
            props += f",line={self.line}"
        message = f"{self.message}; {self.hint}" if self.hint else self.message
        return f"::error {props}::{_gh_escape(message)}"


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
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


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))


def strict_summary(problems: list[Problem], shown: int = 30) -> str:
    """The error of a strict build with problems: how many, and the first `shown` of them."""
    lines = "\n".join(f"  {p}" for p in problems[:shown])
    more = f"\n  ... and {len(problems) - shown} more (run cop-site check for all)" if len(problems) > shown else ""
    return f"cop-site: {len(problems)} content problem{'s' if len(problems) != 1 else ''} in strict mode:\n{lines}{more}"
