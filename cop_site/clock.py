""" "Today" for a build: the date every page that compares with today (overdue milestones,
the next meetings) is computed from.

`SOURCE_DATE_EPOCH` (https://reproducible-builds.org/specs/source-date-epoch/) fixes it, so
two builds of the same content write the same bytes whatever the day; without it, the
computer's date."""

from __future__ import annotations

import datetime
import os


def today() -> datetime.date:
    """The UTC date of SOURCE_DATE_EPOCH when it is set to a valid number of seconds, else
    the local date."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            return datetime.datetime.fromtimestamp(int(raw), tz=datetime.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            pass  # not a number of seconds: the spec says to ignore it rather than fail
    return datetime.date.today()
