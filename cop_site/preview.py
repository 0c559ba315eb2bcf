"""Problems shown on the page while previewing (`mkdocs serve`, with or without --dirty).

An editor who previews looks at the page, not at the terminal: a misspelled attendee that
silently drops out, or a missing date, has to be said where they look. So under `serve`
every page whose source has problems starts with a box (class `cop-problems`) that names
the file, the line and what to change; and a file that cannot be read at all gets a page
at its address that shows the error, instead of a 404. A plain build never shows either
(the problems still fail `--strict` there)."""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import Problem

if TYPE_CHECKING:
    from .pipeline import Result

ERROR_TITLE = "This page cannot be shown yet"


class Preview:
    def __init__(self, problems: list[Problem], unreadable: set[str], shown_prefix: str) -> None:
        """`unreadable`: the content files the build could not read (the load stage's verdict)."""
        self.prefix = shown_prefix  # the content folder as problems name it, e.g. "content/"
        self.by_rel: dict[str, list[Problem]] = defaultdict(list)
        for problem in problems:
            if problem.path.startswith(self.prefix):
                self.by_rel[problem.path[len(self.prefix) :]].append(problem)
        # Only a file that cannot be read gets an error page in place of its own (a draft
        # stays out of the public preview, as out of the site).
        self.unreadable: set[str] = {rel for rel in unreadable if rel in self.by_rel}

    @classmethod
    def for_site(cls, result: Result, site_root: Path, docs_dir: Path) -> Preview:
        """The preview of a site's build: its problems, named as `cop-site check` names them."""
        try:
            shown = docs_dir.resolve().relative_to(site_root.resolve()).as_posix() + "/"
        except ValueError:
            shown = docs_dir.name + "/"
        return cls(result.problems, {d.rel for d in result.docs if not d.readable}, shown)

    def banner(self, rel: str) -> str:
        """The box for a page made from `rel`, or "" when its file has no problems."""
        problems = sorted(set(self.by_rel.get(rel, ())), key=lambda p: (p.line or 0, p.message))
        if not problems:
            return ""
        count = f"{len(problems)} problem{'' if len(problems) == 1 else 's'}"
        items = "".join(f"<li>{_describe(p)}</li>\n" for p in problems)
        return (
            f'<div class="cop-problems" role="alert">\n<p><strong>The file of this page has {count}.</strong> '
            "Change the file and save: this box goes away when the problem is fixed. "
            "It shows only while previewing; the site is not published until it is fixed.</p>\n"
            f"<ul>\n{items}</ul>\n</div>\n\n"
        )

    def error_page(self, rel: str) -> str:
        """The Markdown of the page shown at the address of a file that cannot be read."""
        return f"# {ERROR_TITLE}\n\n{self.banner(rel)}"


def _describe(problem: Problem) -> str:
    where = f"<code>{html.escape(problem.path)}</code>" + (f", line {problem.line}" if problem.line else "")
    what = html.escape(problem.message) + (f"; {html.escape(problem.hint)}" if problem.hint else "")
    return f"{where}: {what}"
