""" "Today", as every stage sees it: the build date, which `SOURCE_DATE_EPOCH` fixes when set
(https://reproducible-builds.org/specs/source-date-epoch/), so that two builds of the same
content write the same bytes whatever day they run."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    """The build date: the UTC day of `SOURCE_DATE_EPOCH` (whole seconds since 1970) when it
    is set to a number, else the local date. A value that is not a number is ignored, as
    other reproducible-build tools ignore it, rather than failing the build."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            return dt.datetime.fromtimestamp(int(raw), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            pass
    return dt.date.today()
