"""Last-updated dates from git: one `git log` for the whole folder, not one per page, so the
cost stays linear in the size of the history however many pages there are."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

HEADER = "\x1e"  # starts each commit's line in the log below (a control character, not in file names)


def last_updated(folder: Path) -> dict[Path, dt.date]:
    """Absolute (resolved) path -> the date, in the committer's time zone, of the newest
    commit that touched the file, for every file under `folder` that git knows.

    Empty when the dates cannot be trusted or found: outside a git checkout, without git,
    or in a shallow clone (whose oldest commit seems to add every file at once, which would
    date every page to the day of the clone's tip; CI must fetch the whole history)."""
    try:
        top, shallow = _git(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository").splitlines()[:2]
        if shallow.strip() != "false":
            return {}
        # -z: names exactly as they are (no quoting of spaces or non-ASCII letters);
        # --no-renames: a renamed file counts as changed at its new path.
        log = _git(folder, "log", "-z", "--no-renames", "--name-only", f"--format={HEADER}%cI", "--", ".")
    except (OSError, ValueError, subprocess.CalledProcessError):  # no git, not a checkout, odd output
        return {}
    return parse_log(Path(top), log)


def parse_log(top: Path, log: str) -> dict[Path, dt.date]:
    """Parse `git log -z --name-only --format=<HEADER>%cI` (newest commit first)."""
    dates: dict[Path, dt.date] = {}
    when: dt.date | None = None
    for token in log.split("\0"):
        if token.startswith("\n"):  # the line break between a commit's header and its first name
            token = token[1:]
        if token.startswith(HEADER):
            when = dt.date.fromisoformat(token[1:11])
        elif token and when is not None:
            dates.setdefault(top / token, when)  # newest first: keep the first date seen
    return dates


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, encoding="utf-8", errors="surrogateescape", check=True).stdout


def dates_of(folder: Path, files: list[tuple[str, str]]) -> dict[str, dt.date]:
    """`files`: (address, absolute path) of the pages to date -> address -> the date of its
    last commit, for those git knows. Resolving every path asks the file system: only done
    when git has dates to match."""
    dates = last_updated(folder)
    if not dates:
        return {}
    out = {}
    for src, path in files:
        when = dates.get(Path(path).resolve())
        if when is not None:
            out[src] = when
    return out
