"""Shared work you can track, on the pages: a scenario's backbone, priorities, measures (each
a small line chart beside a table of the same numbers), milestones and success statements;
the `progress/` page (every measure and milestone by where it stands) and the `calendar/`
page (the next meetings and milestones, soonest first); a group's meeting rhythm and its
calendar subscription; a partner's backbone role.

"Today" is the build's date (`clock.today`), so overdue milestones and next meetings follow
`SOURCE_DATE_EPOCH` when a build fixes it."""

from __future__ import annotations

import datetime as dt
import math

from markupsafe import Markup

from .. import clock, ics, tracking
from ..link import Ref
from ..model import Group, Measure, Scenario
from .base import Renderer
from .components import figure, para, table, ul
from .core import Page, Rendered, relative
from .svg import line, picture, text

MEETINGS_SHOWN = 3  # per group on the calendar page; each group's calendar file has them all
INK, BASE_INK, TARGET_INK = "#1d5f91", "#546e7a", "#1b5e20"


def status_badge(state: str) -> Markup:
    css = {"overdue": "late", "missed": "late", "at-risk": "risk", "done": "done"}.get(state, "plain")
    return Markup('<span class="cop-status cop-status-{}">{}</span>').format(css, tracking.STATUS_WORDS.get(state, state))


def file_href(r: Renderer, path: str) -> str:
    """A relative link from the page being rendered to a file of the built site (not a page)."""
    return relative(r.ways_up(r._here), path)


# ---- a scenario --------------------------------------------------------------------------
def scenario_aims(r: Renderer, page: Page, sc: Scenario) -> None:
    """Priorities and success statements: the scenario's own words, searchable, near the top."""
    if sc.priorities:
        page.heading(2, "Priorities")
        page.html(Markup("<ol>\n") + Markup("").join(Markup("<li>{}</li>\n").format(p) for p in sc.priorities) + Markup("</ol>\n"))
    if sc.success:
        page.heading(2, "We will know we are successful if")
        rows: list[list[object]] = [[s.by.isoformat(), s.text] for s in sorted(sc.success, key=lambda s: s.by)]
        page.html(table(["By", "What we will see"], rows))


def scenario_progress(r: Renderer, page: Page, sc: Scenario) -> None:
    """Measures as charts with their tables, and milestones by due date with their status."""
    today = clock.today()
    if sc.measures:
        page.heading(2, "Shared measures", late=True)
        for i, measure in enumerate(sc.measures):
            page.heading(3, measure.name, late=True)
            page.html(measure_figure(measure, f"cop-measure-{sc.slug}-{i}", today), late=True)
    if sc.milestones:
        page.heading(2, "Milestones", late=True)
        rows: list[list[object]] = []
        for m in sorted(sc.milestones, key=lambda m: (m.due, m.name)):
            owner = r.partner(m.owner) if m.owner in r.g.partners else ""
            rows.append([m.name, m.due.isoformat(), status_badge(tracking.milestone_state(m, today)), owner])
        page.html(
            para(f"By due date. Overdue means the date has passed ({today.isoformat()} is today for this page) and the milestone is neither done nor missed."),
            late=True,
        )
        page.html(table(["Milestone", "Due", "Status", "Owner"], rows, row_headers=True), late=True)
    if "progress/index.md" in r.generated and (sc.measures or sc.milestones):
        page.html(para(Markup('<a href="{}">Progress across all shared work</a>').format(r.href("progress/index.md"))), late=True)


def measure_figure(measure: Measure, ident: str, today: dt.date) -> Markup:
    """The measure's line chart and the table with the same numbers."""
    unit = ("" if measure.unit == "%" else " ") + measure.unit if measure.unit else ""
    rows: list[list[object]] = []
    first = measure.baseline_date
    if measure.baseline is not None:
        rows.append(["Baseline", first.isoformat() if first else "", tracking.fmt(measure.baseline) + unit])
    rows += [["Value", v.date.isoformat(), tracking.fmt(v.value) + unit] for v in measure.values]
    if measure.target is not None:
        rows.append(["Target", measure.by.isoformat() if measure.by else "", tracking.fmt(measure.target) + unit])
    _, why = tracking.measure_bucket(measure, today)
    facts = [f"Where it stands: {why}."]
    if measure.source:
        facts.append(f"Source: {measure.source}.")
    data = table(["", "Date", "Value"], rows, row_headers=True)
    chart = measure_chart(measure, ident)
    shown = data if chart is None else figure(chart, data, f"{measure.name}: the baseline, each value over time and the target.", f"{measure.name} chart")
    return shown + para(" ".join(facts), "cop-measure-standing")


def nice_scale(lo: float, hi: float) -> tuple[float, float, float]:
    """An axis from below `lo` to above `hi` in round steps (1, 2 or 5 times a power of ten),
    four or five of them, so the tick labels read as numbers people write."""
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    bottom = math.floor(lo / step) * step
    top = math.ceil(hi / step) * step
    if top == hi:
        top += step  # room above the highest mark for its label
    return bottom, top, step


def measure_chart(measure: Measure, ident: str) -> Markup | None:
    """A small line chart: the values over time joined by a line, the baseline as a dashed
    line across, the target as a ring on its date with a dotted line from the latest value.
    Every mark is labelled with its number, so colour is never the only cue."""
    points = [(v.date, v.value) for v in measure.values]
    numbers = [v for _, v in points] + [x for x in (measure.baseline, measure.target) if x is not None]
    if not numbers:
        return None
    dates = [d for d, _ in points] + ([measure.by] if measure.by else [])
    if not dates:
        return None
    width, height, left, right, top, bottom = 480, 220, 50, 100, 20, 34
    lo, hi, step = nice_scale(min(numbers), max(numbers))
    d0, d1 = min(dates), max(dates)
    span = max((d1 - d0).days, 1)

    def x(day: dt.date) -> float:
        return left + (width - left - right) * ((day - d0).days / span if d1 > d0 else 0.5)

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1 - (value - lo) / (hi - lo))

    parts = [line(left, top, left, height - bottom, 1, "#90a4ae"), line(left, height - bottom, width - right, height - bottom, 1, "#90a4ae")]
    for n in range(round((hi - lo) / step) + 1):
        value = lo + step * n
        parts.append(line(left - 4, y(value), left, y(value), 1, "#90a4ae"))
        parts.append(text(left - 7, y(value) + 4, tracking.fmt(round(value, 2)), 12, "end"))
    parts.append(text(left, height - bottom + 18, d0.isoformat(), 12))
    if d1 > d0:
        parts.append(text(width - right, height - bottom + 18, d1.isoformat(), 12, "end"))
    if measure.baseline is not None:
        yb = y(measure.baseline)
        parts.append(f'<line x1="{left}" y1="{yb:.1f}" x2="{width - right}" y2="{yb:.1f}" stroke="{BASE_INK}" stroke-width="1.5" stroke-dasharray="6 4"/>')
        parts.append(text(width - right + 6, yb + 4, f"Baseline {tracking.fmt(measure.baseline)}", 13, fill=BASE_INK))
    if measure.target is not None and measure.by is not None:
        tx, ty = x(measure.by), y(measure.target)
        if points:
            lx, ly = x(points[-1][0]), y(points[-1][1])
            parts.append(f'<line x1="{lx:.1f}" y1="{ly:.1f}" x2="{tx:.1f}" y2="{ty:.1f}" stroke="{TARGET_INK}" stroke-width="1.5" stroke-dasharray="2 4"/>')
        parts.append(f'<circle cx="{tx:.1f}" cy="{ty:.1f}" r="6" fill="#ffffff" stroke="{TARGET_INK}" stroke-width="2.5"/>')
        parts.append(
            text(
                width - right + 6,
                ty + 4 if abs(ty - (y(measure.baseline) if measure.baseline is not None else -99)) > 14 else ty - 10,
                f"Target {tracking.fmt(measure.target)}",
                11,
                fill=TARGET_INK,
                weight="bold",
            )
        )
    elif measure.target is not None:
        yt = y(measure.target)
        parts.append(f'<line x1="{left}" y1="{yt:.1f}" x2="{width - right}" y2="{yt:.1f}" stroke="{TARGET_INK}" stroke-width="1.5" stroke-dasharray="2 4"/>')
        parts.append(text(width - right + 6, yt + 4, f"Target {tracking.fmt(measure.target)}", 13, fill=TARGET_INK, weight="bold"))
    if len(points) > 1:
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{INK}" stroke-width="2.5"/>')
    for d, v in points:
        parts.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="4" fill="{INK}"/>')
        parts.append(text(max(x(d), left + 10), y(v) - 9, tracking.fmt(v), 13, "middle", INK, "bold"))
    unit = f" ({measure.unit})" if measure.unit else ""
    title = f"{measure.name}{unit}: " + ", ".join(f"{tracking.fmt(v)} on {d.isoformat()}" for d, v in points)
    if measure.target is not None:
        title += f"; target {tracking.fmt(measure.target)}" + (f" by {measure.by.isoformat()}" if measure.by else "")
    return picture(width, height, title, "".join(parts), ident)


# ---- a group -----------------------------------------------------------------------------
def group_schedule(r: Renderer, grp: Group) -> Markup:
    """The group's rhythm in words, its next meeting, and how to subscribe to its calendar."""
    out = Markup("")
    if grp.schedule is not None:
        sch = grp.schedule
        upcoming = tracking.next_meetings(sch, clock.today(), 1)
        words = tracking.describe(sch) + "."
        if sch.location:
            words += f" Where: {sch.location}."
        if upcoming:
            words += f" Next meeting: {_when(upcoming[0])}."
        out += para(Markup("<strong>Schedule:</strong> {}").format(words), "cop-schedule")
    if ics.has_calendar(r.g, grp.slug):
        out += subscribe(r, ics.group_calendar_path(grp.slug), f"the meetings of {grp.name} and the milestones of its shared work")
    return out


def subscribe(r: Renderer, path: str, what: str) -> Markup:
    """Links to a calendar file: a download, and where the site has an address, a subscription
    (webcal://, which calendar programs open) and the https address to paste into one."""
    links = [Markup('<a href="{}" type="text/calendar" download>Download the calendar file</a>').format(file_href(r, path))]
    site = r.site_url
    if site.startswith(("https://", "http://")):
        absolute = site.rstrip("/") + "/" + path
        webcal = "webcal://" + absolute.split("://", 1)[1]
        links.insert(0, Markup('<a href="{}">Subscribe in your calendar program</a>').format(webcal))
        links.append(Markup("or paste this address into it: <code>{}</code>").format(absolute))
    return para(Markup("Add {} to your calendar: ").format(what) + Markup(", ").join(links) + Markup("."), "cop-calendar-links")


def _when(meeting: tracking.Meeting) -> str:
    day = f"{meeting.start:%A} {meeting.start.date().isoformat()}"
    return day if meeting.all_day else f"{day}, {meeting.start:%H:%M}"


# ---- progress/ -----------------------------------------------------------------------------
PROGRESS_WORDS = {
    "late": "Milestones whose date has passed without being done (or that were missed), and measures past their date short of the target.",
    "at-risk": "Milestones marked at risk, and measures whose latest value is behind a steady pace from the baseline to the target.",
    "coming-up": "Planned and on-track milestones still ahead, and measures on pace or without values yet.",
    "done": "Milestones done, and measures that reached their target.",
}


def progress_page(r: Renderer) -> Rendered:
    page = r.site_page("progress")
    today = clock.today()
    rows: dict[str, list[tuple[tuple[dt.date, str, str], list[object]]]] = {b: [] for b in tracking.BUCKETS}
    scenarios = [s for s in r.by_name("scenario", r.g.scenarios) if not r.g.scenarios[s].draft]
    for slug in scenarios:
        sc = r.g.scenarios[slug]
        link = r.to(Ref("scenario", slug))
        for m in sc.milestones:
            state = tracking.milestone_state(m, today)
            owner = Markup(", owner: {}").format(r.partner(m.owner)) if m.owner in r.g.partners else ""
            item = Markup("Milestone: {}<span class='cop-sub'>{}{}</span>").format(m.name, link, owner)
            rows[tracking.milestone_bucket(m, today)].append(((m.due, sc.title.casefold(), m.name), [m.due.isoformat(), item, status_badge(state)]))
        for measure in sc.measures:
            bucket, why = tracking.measure_bucket(measure, today)
            when = measure.by.isoformat() if measure.by else ""
            item = Markup("Measure: {}<span class='cop-sub'>{}</span>").format(measure.name, link)
            rows[bucket].append(((measure.by or dt.date.max, sc.title.casefold(), measure.name), [when, item, why[:1].upper() + why[1:]]))
    total = sum(len(v) for v in rows.values())
    page.html(
        para(
            f"Every milestone and shared measure of the community's shared work, as of {today.isoformat()}, grouped by where it stands. "
            "Each scenario's own page has its charts and the full list."
        )
    )
    if not total:
        page.html(para("No shared work has measures or milestones yet. Add them to a scenario's page (see Help > Fields)."))
        return page.done()
    counts = [Markup('<a href="#{}">{}</a>: {}').format(b, tracking.BUCKET_TITLES[b], len(rows[b])) for b in tracking.BUCKETS]
    page.html(ul(counts, "cop-progress-counts"))
    page.wide = total > 40
    for bucket in tracking.BUCKETS:
        items = sorted(rows[bucket], key=lambda row: row[0])
        if bucket == "done":
            items.reverse()  # the most recent first
        page.heading(2, tracking.BUCKET_TITLES[bucket])  # its anchor is the bucket's name, which the counts above link to
        page.html(para(f"{len(items)} item{'s' if len(items) != 1 else ''}. {PROGRESS_WORDS[bucket]}"))
        if not items:
            page.html(para("Nothing here."), late=True)
            continue
        page.html(
            Markup('<div class="cop-wide">') + table(["Due", "What", "Where it stands"], [row for _, row in items]) + Markup("</div>\n"),
            late=True,
        )
    return page.done()


# ---- calendar/ ---------------------------------------------------------------------------
def calendar_page(r: Renderer) -> Rendered:
    page = r.site_page("calendar")
    today = clock.today()
    page.html(para(f"The next meetings of every practice group and the milestones coming due, soonest first, from {today.isoformat()}."))
    page.html(subscribe(r, ics.SITE_CALENDAR, "every group's meetings and every milestone"))
    meetings: list[tuple[dt.datetime, str, list[object]]] = []
    for slug in r.by_name("group", r.g.groups):
        grp = r.g.groups[slug]
        if grp.draft or grp.schedule is None:
            continue
        zone = (grp.schedule.timezone or "").replace("_", " ")
        for meeting in tracking.next_meetings(grp.schedule, today, MEETINGS_SHOWN if grp.schedule.repeat != "none" else 1):
            when = Markup("{} {}").format(f"{meeting.start:%A}", meeting.start.date().isoformat())
            if not meeting.all_day:
                when += Markup(", {}–{}").format(f"{meeting.start:%H:%M}", f"{meeting.end:%H:%M}")
                if zone:
                    when += Markup(" <span class='cop-sub'>({} time)</span>").format(zone)
            where = Markup("<span class='cop-sub'>{}</span>").format(grp.schedule.location) if grp.schedule.location else ""
            sort_at = meeting.start.astimezone(dt.timezone.utc).replace(tzinfo=None) if meeting.start.tzinfo else meeting.start
            meetings.append((sort_at, grp.name.casefold(), [when, Markup("{}{}").format(r.to(Ref("group", slug)), where)]))
    page.heading(2, "Next meetings")
    if meetings:
        meetings.sort(key=lambda m: (m[0], m[1]))
        page.html(Markup('<div class="cop-wide">') + table(["When", "Group and place"], [m[2] for m in meetings]) + Markup("</div>\n"), late=True)
    else:
        page.html(para("No group has a meeting schedule yet. A group's page can give one (see Help > Fields)."))
    due: list[tuple[tuple[dt.date, str, str], list[object]]] = []
    for slug in r.by_name("scenario", r.g.scenarios):
        sc = r.g.scenarios[slug]
        if sc.draft:
            continue
        for m in sc.milestones:
            if m.due >= today and m.status not in ("done", "missed"):
                owner = Markup(", owner: {}").format(r.partner(m.owner)) if m.owner in r.g.partners else ""
                what = Markup("{}<span class='cop-sub'>{}{}</span>").format(m.name, r.to(Ref("scenario", slug)), owner)
                due.append(((m.due, sc.title.casefold(), m.name), [m.due.isoformat(), what, status_badge(m.status)]))
    page.heading(2, "Milestones coming due")
    if due:
        due.sort(key=lambda d: d[0])
        page.html(Markup('<div class="cop-wide">') + table(["Due", "Milestone", "Status"], [d[1] for d in due]) + Markup("</div>\n"), late=True)
    else:
        page.html(para("No milestone is coming due."))
    if "progress/index.md" in r.generated:
        page.html(para(Markup('Overdue and finished milestones are on the <a href="{}">progress page</a>.').format(r.href("progress/index.md"))))
    return page.done()
