"""iCalendar files (RFC 5545) of the meetings and milestones (CONTENT-MODEL.md, "Shared
work you can track"), written with the `icalendar` package.

`calendar.ics` at the site's root holds every group's meetings and every milestone;
`groups/<slug>/calendar.ics` one group's meetings and the milestones of the shared work it
does. A schedule is one recurring event (RRULE) in the group's time zone, with that zone's
VTIMEZONE from the computer's zoneinfo; a milestone is one all-day event. Nothing depends on
the time of the build: each UID is made from slugs and names, and DTSTAMP is the
`SOURCE_DATE_EPOCH` moment when it is set, else the event's own first date. Drafts are never
in a calendar, in any edition, and nothing under `private:` is read here."""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from collections.abc import Callable
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Timezone, vRecur

from . import tracking
from .link import Graph
from .model import Group, Milestone, Scenario

SITE_CALENDAR = "calendar.ics"
PRODID = "-//cop-site//shared work calendar//EN"
REFRESH = dt.timedelta(hours=12)  # how often a subscribed calendar should look again


def group_calendar_path(slug: str) -> str:
    return f"groups/{slug}/calendar.ics"


def has_calendar(graph: Graph, slug: str) -> bool:
    """Whether the group gets a calendar file: it has a schedule or its shared work has milestones."""
    group = graph.groups.get(slug)
    if group is None or group.draft:
        return False
    return group.schedule is not None or any(m for _, m in _group_milestones(graph, slug))


def _scenarios(graph: Graph) -> list[tuple[str, Scenario]]:
    return [(slug, s) for slug, s in sorted(graph.scenarios.items()) if not s.draft]


def _group_milestones(graph: Graph, slug: str) -> list[tuple[str, Milestone]]:
    return [(s_slug, m) for s_slug, s in _scenarios(graph) if slug in s.groups for m in s.milestones]


def calendars(graph: Graph, site_url: str, site_name: str, url_for: Callable[[str], str]) -> dict[str, bytes]:
    """Every calendar file: site-relative path -> bytes. `site_url` (may be empty) makes the
    events' URL properties absolute and names the UIDs' domain."""
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    host = urlsplit(base).hostname or "cop-site.invalid"
    groups = [(slug, g) for slug, g in sorted(graph.groups.items()) if not g.draft]
    milestones = [(slug, m) for slug, s in _scenarios(graph) for m in s.milestones]
    stamp = _epoch()

    def build(name: str, wanted_groups: list[tuple[str, Group]], wanted_milestones: list[tuple[str, Milestone]]) -> bytes:
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", name)
        cal.add("name", name)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT12H")  # the older name of REFRESH-INTERVAL, which some programs read
        events = [_meeting(graph, slug, g, host, base, url_for, stamp) for slug, g in wanted_groups if g.schedule is not None]
        events += _milestone_events(graph, wanted_milestones, host, base, url_for, stamp)
        zones = sorted({g.schedule.timezone for _, g in wanted_groups if g.schedule is not None and g.schedule.timezone and g.schedule.time})
        for tzid in zones:  # sorted, so the file's bytes do not depend on set order
            cal.add_component(Timezone.from_tzid(tzid))
        for event in sorted(events, key=lambda e: str(e["uid"])):
            cal.add_component(event)
        return bytes(cal.to_ical())

    out = {SITE_CALENDAR: build(f"{site_name}: meetings and milestones", groups, milestones)}
    for slug, g in groups:
        if has_calendar(graph, slug):
            out[group_calendar_path(slug)] = build(f"{g.name} ({site_name})", [(slug, g)], _group_milestones(graph, slug))
    return out


def _epoch() -> dt.datetime | None:
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return dt.datetime.fromtimestamp(int(raw), tz=dt.timezone.utc) if raw else None
    except (ValueError, OverflowError, OSError):
        return None


def _stamp(stamp: dt.datetime | None, day: dt.date) -> dt.datetime:
    return stamp or dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _uid_part(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


def _meeting(graph: Graph, slug: str, g: Group, host: str, base: str, url_for: Callable[[str], str], stamp: dt.datetime | None) -> Event:
    sch = g.schedule
    assert sch is not None
    first = next(tracking.meetings(sch))
    event = Event()
    event.add("uid", f"meetings-{slug}@{host}")
    event.add("dtstamp", _stamp(stamp, sch.start))
    event.add("summary", f"{g.name} meeting")
    if first.all_day:
        event.add("dtstart", sch.start)
        event.add("dtend", sch.start + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        event.add("dtstart", first.start)
        event.add("dtend", first.end)
    parts = tracking.rrule_parts(sch)
    if parts is not None:
        rule = vRecur({k: v for k, v in parts.items()})
        if sch.until is not None:
            rule["UNTIL"] = _until(sch.until, first.start, first.all_day)
        event.add("rrule", rule)
    if sch.location:
        event.add("location", sch.location)
    lines = [g.focus, tracking.describe(sch) + "."]
    if g.meets:
        lines.append(f"The group says: {g.meets}")
    if base:
        lines.append(base + url_for(g.src.rel))
        event.add("url", base + url_for(g.src.rel))
    event.add("description", "\n".join(lines))
    return event


def _until(until: dt.date, first: dt.datetime, all_day: bool) -> dt.date | dt.datetime:
    """RFC 5545: UNTIL is a date for all-day events, UTC for events with a time zone, and
    floating for floating ones. The meeting on the `until` date is included."""
    if all_day:
        return until
    last = dt.datetime.combine(until, first.time())
    if first.tzinfo is None:
        return last
    return last.replace(tzinfo=first.tzinfo).astimezone(dt.timezone.utc)


def _milestone_events(
    graph: Graph, items: list[tuple[str, Milestone]], host: str, base: str, url_for: Callable[[str], str], stamp: dt.datetime | None
) -> list[Event]:
    events = []
    seen: dict[str, int] = {}
    for slug, m in items:
        sc = graph.scenarios[slug]
        uid = f"milestone-{slug}-{_uid_part(m.name)}"
        seen[uid] = seen.get(uid, 0) + 1
        if seen[uid] > 1:  # two milestones of one scenario with the same name
            uid += f"-{seen[uid]}"
        event = Event()
        event.add("uid", f"{uid}@{host}")
        event.add("dtstamp", _stamp(stamp, m.due))
        event.add("summary", f"{m.name} ({sc.title})")
        event.add("dtstart", m.due)
        event.add("dtend", m.due + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        owner = graph.partners[m.owner].name if m.owner in graph.partners and not graph.partners[m.owner].draft else None
        lines = [f"Milestone of the shared work {sc.title}.", f"Status: {tracking.STATUS_WORDS.get(m.status, m.status)}."]
        if owner:
            lines.append(f"Owner: {owner}.")
        if base:
            lines.append(base + url_for(sc.src.rel))
            event.add("url", base + url_for(sc.src.rel))
        event.add("description", "\n".join(lines))
        event.add("categories", ["Milestone"])
        events.append(event)
    return events


def known_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True
