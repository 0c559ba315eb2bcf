"""Shared work you can track (CONTENT-MODEL.md, version 3): a scenario's measures,
milestones and success statements, and a group's meeting schedule.

Plain functions over the validated entities: what `cop-site check` says about the new
fields, where each milestone and measure stands on a given day, and when a group meets
next. The pages (`render.tracking`) and the calendar files (`ics`) read them; "today" is
always passed in (see `clock.today`), so the same content and day give the same answers."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from dateutil import rrule

from .model import MILESTONE_STATUSES, REPEATS, Group, Measure, Milestone, Scenario, Schedule
from .problems import Problem, suggest

TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# What a time written another way most likely meant: 9:30, 9.30, 0930, 9:30 pm, 2pm.
_LOOSE_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h]?(\d{2}))?\s*([ap])\.?\s*m?\.?\s*$|^\s*(\d{1,2})[:.h](\d{2})\s*$|^\s*(\d{2})(\d{2})\s*$", re.I)

# Where a milestone or measure stands, in the order the progress page shows them.
BUCKETS = ("late", "at-risk", "coming-up", "done")
BUCKET_TITLES = {"late": "Late", "at-risk": "At risk", "coming-up": "Coming up", "done": "Done"}
STATUS_WORDS = {"planned": "Planned", "on-track": "On track", "at-risk": "At risk", "done": "Done", "missed": "Missed", "overdue": "Overdue"}
REPEAT_WORDS = {
    "weekly": "every week",
    "every-2-weeks": "every two weeks",
    "monthly-by-weekday": "monthly",
    "monthly-by-date": "monthly",
    "none": "once",
}


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """Every IANA time zone this computer (or the tzdata package) knows."""
    return frozenset(zoneinfo.available_timezones())


def likely_time(value: str) -> str | None:
    """`value` written as HH:MM, when it is a time written another way ("9:30" -> "09:30",
    "2pm" -> "14:00"); None when it does not look like a time."""
    m = _LOOSE_TIME.match(value)
    if not m:
        return None
    if m.group(1) is not None:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
    elif m.group(4) is not None:
        hour, minute = int(m.group(4)), int(m.group(5))
    else:
        hour, minute = int(m.group(6)), int(m.group(7))
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def check_schedule(group: Group, problems: list[Problem]) -> Schedule | None:
    """A group's `schedule` against what a calendar needs: the schedule to keep, a copy when
    a value cannot be used and is dropped (the rest still shows), each problem with its line."""
    sch = group.schedule
    if sch is None:
        return None
    src = group.src
    fixes: dict[str, object] = {}

    def say(name: str, message: str, hint: str | None) -> None:
        problems.append(Problem(src.display, src.line("schedule", name) or src.line("schedule"), message, hint))

    time = sch.time
    if time is not None and not TIME_RE.match(time):
        fixed = likely_time(time)
        hint = (
            f"did you mean '{fixed}'? (write it in quotes: time: \"{fixed}\")"
            if fixed
            else 'write the time on a 24-hour clock in quotes, for example time: "15:30"'
        )
        say("time", f"'schedule' (time) must be HH:MM, not '{time}'", hint)
        fixes["time"] = time = None
    if sch.repeat not in REPEATS:
        say("repeat", f"unknown repeat '{sch.repeat}' in 'schedule'", suggest(sch.repeat, REPEATS))
        fixes["repeat"] = "none"
    zone = sch.timezone
    if zone is not None and zone not in time_zones():
        say("timezone", f"unknown time zone '{zone}' in 'schedule'", _zone_hint(zone))
        fixes["timezone"] = zone = None
    if time is not None and zone is None and src.line("schedule", "timezone") is None:
        say("time", "'schedule' has a time but no 'timezone', so calendars cannot tell when that is", "add a time zone, for example timezone: America/Chicago")
    if sch.until is not None and sch.until < sch.start:
        say("until", f"'schedule' (until) {sch.until.isoformat()} is before its start {sch.start.isoformat()}, so no meeting would be left", _until_hint(sch))
        fixes["until"] = None
    return sch.model_copy(update=fixes) if fixes else sch


def _zone_hint(value: str) -> str:
    zones = sorted(time_zones())
    close = suggest(value, zones, list_all=False) or suggest(value.replace(" ", "_").title(), zones, list_all=False)
    if close:
        return close
    # A city alone ("Chicago") is the end of a zone's name.
    ends = [z for z in zones if z.rsplit("/", 1)[-1].lower() == value.replace(" ", "_").lower()]
    if ends:
        return "did you mean " + " or ".join(f"'{z}'" for z in ends[:3]) + "?"
    return "use an IANA time zone name, such as America/Chicago or America/New_York"


def _until_hint(sch: Schedule) -> str:
    until = sch.until
    assert until is not None
    try:
        later = until.replace(year=until.year + 1)
    except ValueError:  # 29 February
        later = None
    if later is not None and later >= sch.start:
        return f"did you mean {later.isoformat()}?"
    return f"put 'until' on or after {sch.start.isoformat()}, or leave it out"


def check_scenario(sc: Scenario, problems: list[Problem]) -> dict[str, object]:
    """Milestone statuses, and measures whose dates or numbers cannot be drawn. Returns the
    fields to replace (`milestones`, `measures`), as fixed copies; empty when all is well."""
    src = sc.src
    fixes: dict[str, object] = {}
    milestones = []
    for i, m in enumerate(sc.milestones):
        if m.status not in MILESTONE_STATUSES:
            problems.append(
                Problem(src.display, src.line("milestones", i, "status"), f"unknown milestone status '{m.status}'", suggest(m.status, MILESTONE_STATUSES))
            )
            m = m.model_copy(update={"status": "planned"})
        milestones.append(m)
    if any(new is not old for new, old in zip(milestones, sc.milestones, strict=True)):
        fixes["milestones"] = milestones
    measures = []
    for i, measure in enumerate(sc.measures):
        changes: dict[str, object] = {}
        dates = [v.date for v in measure.values]
        if dates != sorted(dates):
            problems.append(
                Problem(
                    src.display,
                    src.line("measures", i, "values"),
                    f"the values of the measure '{measure.name}' must be listed oldest first",
                    "put the earliest date first",
                )
            )
            changes["values"] = sorted(measure.values, key=lambda v: v.date)
        first = measure.baseline_date
        if measure.by is not None and first is not None and measure.by < first:
            hint = f"the baseline is the first value, taken on {first.isoformat()}; did you mean a later year, such as {_later(measure.by, first)}?"
            message = f"the measure '{measure.name}' is due by {measure.by.isoformat()}, before its baseline of {first.isoformat()}"
            problems.append(Problem(src.display, src.line("measures", i, "by"), message, hint))
            changes["by"] = None
        if measure.values and measure.baseline is None:
            # The first reading is the baseline when none is written.
            changes["baseline"] = min(measure.values, key=lambda v: v.date).value
        measures.append(measure.model_copy(update=changes) if changes else measure)
    if any(new is not old for new, old in zip(measures, sc.measures, strict=True)):
        fixes["measures"] = measures
    return fixes


def _later(by: dt.date, first: dt.date) -> str:
    year = first.year
    while True:
        try:
            candidate = by.replace(year=year)
        except ValueError:
            candidate = dt.date(year, 2, 28)
        if candidate >= first:
            return candidate.isoformat()
        year += 1


# ---- where things stand ---------------------------------------------------------------------
def milestone_state(m: Milestone, today: dt.date) -> str:
    """The milestone's status, or "overdue" when its date has passed and it is neither done
    nor missed."""
    if m.due < today and m.status not in ("done", "missed"):
        return "overdue"
    return m.status


def milestone_bucket(m: Milestone, today: dt.date) -> str:
    state = milestone_state(m, today)
    if state in ("overdue", "missed"):
        return "late"
    if state == "done":
        return "done"
    if state == "at-risk":
        return "at-risk"
    return "coming-up"


def latest(measure: Measure) -> tuple[dt.date, float] | None:
    if not measure.values:
        return None
    v = max(measure.values, key=lambda v: v.date)
    return v.date, v.value


def measure_bucket(measure: Measure, today: dt.date) -> tuple[str, str]:
    """Where a measure stands, and why in words. Done: the latest value has reached the
    target (in the direction from the baseline). Late: its date has passed short of it. At
    risk: the latest value is behind a straight line from the baseline (on its date) to the
    target (on `by`). Coming up: on that line or ahead of it, or nothing to compare yet."""
    last = latest(measure)
    if last is None:
        return "coming-up", "not measured yet"
    if measure.target is None:
        return "coming-up", f"{fmt(last[1])} on {last[0].isoformat()}, with no target set"
    when, value = last
    base = measure.baseline if measure.baseline is not None else measure.values[0].value
    rising = measure.target >= base
    reached = value >= measure.target if rising else value <= measure.target
    if reached:
        return "done", f"target reached, {fmt(value)} on {when.isoformat()} (target {fmt(measure.target)})"
    if measure.by is not None and measure.by < today:
        return "late", f"late, {fmt(value)} on {when.isoformat()}, short of the target of {fmt(measure.target)} due {measure.by.isoformat()}"
    start = measure.baseline_date
    if measure.by is not None and start is not None and measure.by > start:
        share = min(max((when - start).days / (measure.by - start).days, 0.0), 1.0)
        expected = base + (measure.target - base) * share
        behind = value < expected if rising else value > expected
        if behind:
            steady = f"{fmt(round(expected, 1))} would be on a steady path to {fmt(measure.target)} by {measure.by.isoformat()}"
            return "at-risk", f"behind pace, {fmt(value)} on {when.isoformat()}, {steady}"
    return "coming-up", f"on pace, {fmt(value)} on {when.isoformat()} toward {fmt(measure.target)}" + (f" by {measure.by.isoformat()}" if measure.by else "")


def fmt(value: float | None) -> str:
    """A number as an editor wrote it: 42 rather than 42.0."""
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else f"{value:g}"


# ---- meetings ---------------------------------------------------------------------------------
def start_time(sch: Schedule) -> dt.time | None:
    m = TIME_RE.match(sch.time) if sch.time else None
    return dt.time(int(m.group(1)), int(m.group(2))) if m else None


def rrule_parts(sch: Schedule) -> dict[str, object] | None:
    """The schedule's recurrence as iCalendar RRULE parts (None: one meeting). A monthly
    meeting by weekday keeps the start's place in its month: the second Tuesday, or the last
    one when the start is in the month's last seven days and its fifth."""
    if sch.repeat == "none":
        return None
    parts: dict[str, object] = {}
    if sch.repeat in ("weekly", "every-2-weeks"):
        parts["FREQ"] = "WEEKLY"
        if sch.repeat == "every-2-weeks":
            parts["INTERVAL"] = 2
    elif sch.repeat == "monthly-by-date":
        parts["FREQ"] = "MONTHLY"
        parts["BYMONTHDAY"] = sch.start.day
    else:
        parts["FREQ"] = "MONTHLY"
        parts["BYDAY"] = weekday_rule(sch.start)
    return parts


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def weekday_place(day: dt.date) -> int:
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def weekday_rule(day: dt.date) -> str:
    return f"{weekday_place(day)}{WEEKDAYS[day.weekday()]}"


def describe(sch: Schedule) -> str:
    """The schedule in words: "Every two weeks on Tuesday, 15:30 to 16:30 (America/Chicago), from 2025-09-02"."""
    day = sch.start.strftime("%A")
    if sch.repeat == "monthly-by-weekday":
        rhythm = f"Monthly on the {ORDINALS[weekday_place(sch.start)]} {day}"
    elif sch.repeat == "monthly-by-date":
        rhythm = f"Monthly on day {sch.start.day}"
    elif sch.repeat == "none":
        rhythm = f"Once, on {day} {sch.start.isoformat()}"
    else:
        rhythm = f"{REPEAT_WORDS[sch.repeat].capitalize()} on {day}"
    begins = start_time(sch)
    if begins is not None:
        ends = (dt.datetime.combine(sch.start, begins) + dt.timedelta(minutes=sch.duration)).time()
        rhythm += f", {begins:%H:%M} to {ends:%H:%M}" + (f" ({sch.timezone.replace('_', ' ')} time)" if sch.timezone else "")
    if sch.repeat != "none":
        rhythm += f", from {sch.start.isoformat()}" + (f" until {sch.until.isoformat()}" if sch.until else "")
    return rhythm


@dataclass(frozen=True)
class Meeting:
    start: dt.datetime  # in the group's time zone (naive when it has none: "floating")
    end: dt.datetime
    all_day: bool


def meetings(sch: Schedule) -> Iterator[Meeting]:
    """Every meeting of a schedule, in order (endless without `until`): each in the
    group's own time zone, so that a meeting at 15:30 stays at 15:30 across a change to or
    from daylight saving time."""
    begins = start_time(sch)
    zone = zoneinfo.ZoneInfo(sch.timezone) if sch.timezone else None
    first = dt.datetime.combine(sch.start, begins or dt.time(0, 0))
    parts = rrule_parts(sch)
    if parts is None:
        days: Iterator[dt.datetime] = iter([first])
    else:
        # The same rule as `rrule_parts`, in dateutil's terms (None: the part is not in the rule).
        days = iter(
            rrule.rrule(
                rrule.WEEKLY if parts["FREQ"] == "WEEKLY" else rrule.MONTHLY,
                dtstart=first,
                interval=2 if sch.repeat == "every-2-weeks" else 1,
                until=dt.datetime.combine(sch.until, dt.time(23, 59)) if sch.until is not None else None,
                bymonthday=sch.start.day if "BYMONTHDAY" in parts else None,
                byweekday=getattr(rrule, WEEKDAYS[sch.start.weekday()])(weekday_place(sch.start)) if "BYDAY" in parts else None,
            )
        )
    for day in days:
        if begins is None:
            yield Meeting(day, day + dt.timedelta(days=1), True)
        else:
            start = day.replace(tzinfo=zone) if zone else day
            yield Meeting(start, start + dt.timedelta(minutes=sch.duration), False)


def next_meetings(sch: Schedule, today: dt.date, count: int) -> list[Meeting]:
    """The next `count` meetings on or after `today`."""
    out = []
    for meeting in meetings(sch):
        if meeting.start.date() < today:
            if sch.repeat != "none" and sch.until is not None and sch.until < today:
                break
            continue
        out.append(meeting)
        if len(out) == count:
            break
    return out
