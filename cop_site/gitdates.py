"""Last-updated dates from git: one `git log` for the whole repository, not one per page,
so the cost stays linear in the number of commits and files."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_updated(folder: Path) -> dict[Path, dt.date]:
    """Absolute path -> date of the newest commit touching it; empty outside a git checkout
    or without git (a shallow clone gives the dates it has)."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True, check=True).stdout.strip()
        log = subprocess.run(
            ["git", "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[Path, dt.date] = {}
    when: dt.date | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            when = dt.datetime.fromtimestamp(int(line[1:]), tz=dt.timezone.utc).date()
        elif line and when is not None:
            dates.setdefault(Path(top, line), when)  # newest first: keep the first seen
    return dates
