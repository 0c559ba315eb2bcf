"""The pieces of a partner's profile that come from the workshop tools: the stakeholder
organiser as a card, the relationship stage on the continuum, and the self-assessment
rubric by domain with each indicator's move and history. Also a group's conditions."""

from __future__ import annotations

from markupsafe import Markup

from .. import instruments
from ..instruments import Assessed
from ..link import Ref
from ..model import Group, Partner
from . import rubric as rubric_pages
from .base import Renderer
from .components import attr, card, esc, facts, figure, fmt, join, para, scale, table
from .core import Page
from .svg import LEVEL_FILL, Links, clip, line, linked, picture, rect, text

MOVE_WORDS = {"up": "↑ up", "down": "↓ down", "same": "→ same", "new": "new"}


def organiser(r: Renderer, page: Page, p: Partner) -> None:
    """The stakeholder organiser's questions about this partner, as one card. Fears are the
    partner's to share: only the internal edition shows them (from `private:`)."""
    allies = [r.partner(a) for a in r.by_name("partner", r.g.allies.get(p.slug, []))]
    rows: list[tuple[str, object]] = [
        ("Interest in the work", p.interest),
        ("Hopes to see", p.desired_outcomes),
        ("Level of engagement", p.engagement.capitalize() if p.engagement else None),
        ("Degree of influence", p.influence.capitalize() if p.influence else None),
        ("Resources to bring", p.resources),
        ("Wants to hear about", p.information_needs),
        ("Values", p.values),
        ("Alliances", join(allies) if allies else None),
    ]
    fears = (p.private or {}).get("fears") if r.s.internal else None
    if fears:
        rows.append(("Fears (internal edition only)", fears))
    shown = [(label, value if isinstance(value, Markup) else esc(value)) for label, value in rows if value]
    if not shown:
        return
    page.heading(2, "Stakeholder organiser")
    page.html(card("What this partner cares about and brings", facts(shown)))


def continuum(r: Renderer, page: Page, p: Partner) -> None:
    """Where the relationship stands on the continuum, every stage shown, the current marked;
    with a dated history, a step timeline (picture and table) with the goal marked."""
    if not p.stage:
        return
    stages = [(slug, term.label) for slug, term in r.tax.relationships.items()]
    page.heading(2, "Relationship", late=True)
    more = fmt(' <a href="{}">About the stages</a>', attr(r.href("stages/index.md"))) if "stages/index.md" in r.generated else ""
    goal = p.relationship_goal
    goal_words = para(fmt("Goal both sides are working towards: <strong>{}</strong>.", r.tax.relationships[goal].label)) if goal else Markup("")
    page.html(scale(stages, p.stage, "Relationship continuum") + goal_words + (para(Markup(more.strip())) if more else Markup("")), late=True)
    history = p.relationship_history
    if not history:
        return
    rows = [[step.date.isoformat(), r.tax.relationships[step.stage].label] for step in history]
    if goal:
        rows.append(["Goal", fmt("<strong>{}</strong> (the stage both sides are working towards)", r.tax.relationships[goal].label)])
    caption = "Each change of stage, oldest first" + (f"; the goal is {r.tax.relationships[goal].label.lower()}." if goal else ".")
    page.heading(3, "How the relationship moved", late=True)
    page.html(figure(_relationship_picture(r, p), table(["Since", "Stage"], rows), caption), late=True)


def _relationship_picture(r: Renderer, p: Partner) -> Markup:
    """A step line: the continuum's stages as rows (the first at the bottom), time along the
    bottom, one step per change of stage; the goal's row is drawn with a dashed line and
    labelled "goal"."""
    stages = list(r.tax.relationships)
    history = p.relationship_history
    label_w, row_h, top, width = 170, 34, 12, 520
    plot_w = width - label_w - 20
    height = top + row_h * len(stages) + 30
    n = len(history)

    def x_of(i: int) -> float:  # evenly spaced steps read better than true time for a few dates
        return label_w + 10 + (plot_w * i / max(n, 1))

    def y_of(stage: str) -> float:
        return top + row_h * (len(stages) - 1 - stages.index(stage)) + row_h / 2

    parts = []
    goal = p.relationship_goal
    for stage in stages:
        y = y_of(stage)
        is_goal = stage == goal
        label = r.tax.relationships[stage].label + (" (goal)" if is_goal else "")
        parts.append(text(label_w - 6, y + 4, label, 12, "end", weight="bold" if is_goal else "normal"))
        dash = ' stroke-dasharray="6 4"' if is_goal else ""
        stroke = 'stroke="#1d5f91" stroke-width="2"' if is_goal else 'stroke="#90a4ae" stroke-width="1"'
        parts.append(f'<line x1="{label_w}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" {stroke}{dash}/>')
    points: list[str] = []
    for i, step in enumerate(history):
        x, y = x_of(i), y_of(step.stage)
        if points:
            points.append(f"{x:.1f},{points[-1].split(',')[1]}")
        points.append(f"{x:.1f},{y:.1f}")
    points.append(f"{width - 10:.1f},{points[-1].split(',')[1]}")  # the current stage runs to today
    parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#0b1a26" stroke-width="3"/>')
    for i, step in enumerate(history):
        x, y = x_of(i), y_of(step.stage)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#0b1a26"/>')
        parts.append(text(x, height - 10, step.date.isoformat(), 11, "middle" if i else "start"))
    return picture(width, height, f"{p.name}: relationship stage over time", "".join(parts), f"cop-relationship-{p.slug}")


def rubric(r: Renderer, page: Page, p: Assessed, kind: str = "partner") -> None:
    """The partnership rubric for a partner, a group or a scenario: every indicator by domain
    (unrated ones say so) with its latest level and its move since the rating before, who
    took part in the last sitting, the history as a picture with the same table beside it,
    the evidence, the agreed next steps, and the worksheet for the next sitting."""
    if not p.assessments:
        if kind != "partner":  # a group or shared work always has a worksheet for its first sitting
            link = rubric_pages.worksheet_link(r, kind, p.slug)
            if link:
                page.heading(2, "Partnership self-assessment", late=True)
                page.html(para(f"This {'group' if kind == 'group' else 'shared work'} has not assessed itself on the rubric yet.") + link, late=True)
        return
    tax = r.tax
    trend = instruments.assessment_trend(p, list(tax.rubric_levels))
    latest = {ind: (level, when.isoformat()) for ind, (when, level) in instruments.latest_levels(p).items()}
    page.heading(2, "Partnership self-assessment", late=True)
    when, participants = instruments.last_participants(p)
    intro = f"{len(p.assessments)} assessment{'s' if len(p.assessments) != 1 else ''}, the latest on {when.isoformat() if when else ''}."
    who = Markup("")
    if participants:
        who = Markup(" Who took part in it: {}.").format(join(r.partner(x) for x in r.by_name("partner", participants)))
    page.html(para(Markup("{}{}").format(intro, who)) + rubric_pages.worksheet_link(r, kind, p.slug), late=True)
    for domain in tax.domains.values():
        rows = []
        for ind in (i for i in tax.indicators.values() if i.domain == domain.slug):
            level, on = latest.get(ind.slug, (None, None))
            shown = fmt("{} <small>({})</small>", tax.rubric_levels[level].label, on) if level else "not rated"
            rows.append([rubric_pages.indicator_label(r, ind), shown, MOVE_WORDS.get(trend.get(ind.slug, ""), "")])
        page.heading(3, domain.label, late=True)
        page.html(table(["Indicator", "Latest level", "Move"], rows, row_headers=True), late=True)
    rated = [a for a in p.assessments if a.scores]
    if len(rated) > 1:
        page.heading(3, "History", late=True)
        dates = [a.date.isoformat() for a in rated]
        rows = [[ind.label, *(tax.rubric_levels[a.scores[ind.slug]].label if ind.slug in a.scores else "—" for a in rated)] for ind in tax.indicators.values()]
        page.html(
            figure(
                _history_picture(r, p, kind),
                Markup('<div class="cop-wide">') + table(["Indicator", *dates], rows, row_headers=True) + Markup("</div>"),
                "Each indicator's level at each assessment.",
            ),
            late=True,
        )
    evidence = [(a.date.isoformat(), tax.indicators[k].label, v) for a in p.assessments for k, v in a.evidence.items() if k in tax.indicators]
    if evidence:
        page.heading(3, "Evidence", late=True)
        page.html(table(["Assessment", "Indicator", "Evidence"], [list(e) for e in reversed(evidence)]), late=True)
    steps = [(a.date.isoformat(), tax.indicators[k].label, v) for a in p.assessments for k, v in a.next_steps.items() if k in tax.indicators]
    if steps:
        page.heading(3, "Agreed next steps", late=True)
        page.html(table(["Assessment", "Indicator", "Next step"], [list(e) for e in reversed(steps)]), late=True)


def _history_picture(r: Renderer, p: Assessed, kind: str) -> Markup:
    tax = r.tax
    rank = {slug: n for n, slug in enumerate(tax.rubric_levels, 1)}
    rated = [a for a in p.assessments if a.scores]
    label_w, cell_w, row_h, top = 230, 92, 22, 26
    parts = [text(label_w + n * cell_w + cell_w / 2, 16, a.date.isoformat(), 11, "middle", weight="bold") for n, a in enumerate(rated)]
    for row, ind in enumerate(tax.indicators.values()):
        y = top + row * row_h
        parts.append(text(label_w - 8, y + 15, ind.label, 11, "end"))
        for col, a in enumerate(rated):
            level = a.scores.get(ind.slug)
            fill, ink = LEVEL_FILL[min(rank.get(level or "", 0), 4)]
            x = label_w + col * cell_w
            parts.append(rect(x + 2, y + 1, cell_w - 4, row_h - 2, fill, rx=2))
            parts.append(text(x + cell_w / 2, y + 15, tax.rubric_levels[level].label if level else "—", 10, "middle", ink))
    width = label_w + cell_w * len(rated) + 4
    name = r.g.name(Ref(kind, p.slug))
    ident = f"cop-history-{p.slug}" if kind == "partner" else f"cop-history-{kind}-{p.slug}"
    return picture(width, top + row_h * len(tax.indicators) + 4, f"{name}: self-assessment history", "".join(parts), ident)


def conditions(r: Renderer, page: Page, grp: Group) -> None:
    """The five conditions, each on the rubric's scale with the group's latest level marked,
    and their history when the group has rated them more than once."""
    assessments = grp.condition_assessments
    latest = instruments.conditions_latest(grp)
    if not latest:
        return
    tax = r.tax
    levels = [(slug, term.label) for slug, term in tax.rubric_levels.items()]
    page.heading(2, "Conditions for collective impact", late=True)
    rows = []
    for slug, term in tax.conditions.items():
        level = latest.get(slug)
        rows.append([term.label, scale(levels, level, term.label) if level else "not rated"])
    page.html(table(["Condition", "Where the group stands"], rows, row_headers=True), late=True)
    if len(assessments) > 1:
        dates = [a.date.isoformat() if a.date else "undated" for a in assessments]
        history = [
            [term.label, *(tax.rubric_levels[a.scores[slug]].label if slug in a.scores else "—" for a in assessments)] for slug, term in tax.conditions.items()
        ]
        page.heading(3, "History", late=True)
        page.html(table(["Condition", *dates], history, row_headers=True), late=True)
    if "conditions/index.md" in r.generated:
        page.html(para(fmt('<a href="{}">All groups on the five conditions</a>', attr(r.href("conditions/index.md")))), late=True)


NEIGHBOURS_SHOWN = 8  # per column; the lists on the page name them all


def neighbourhood(r: Renderer, page: Page, p: Partner) -> None:
    """This partner's own map: its groups on the left, its shared work on the right, its
    allies below, each a mark that links to its page. The lists further down the page
    hold the same connections in full."""
    groups = r.by_name("group", dict(r.g.partner_groups.get(p.slug, [])))
    scenarios = r.by_name("scenario", r.g.partner_scenarios.get(p.slug, []))
    allies = r.by_name("partner", r.g.allies.get(p.slug, []))
    if not (groups or scenarios or allies):
        return
    links: Links = []
    width, box_w, row_h = 760, 220, 34
    rows = max(len(groups[:NEIGHBOURS_SHOWN]), len(scenarios[:NEIGHBOURS_SHOWN]), 1)
    mid_y = 24 + rows * row_h / 2
    parts = [text(10, 14, "Practice groups", 12, weight="bold"), text(width - box_w - 10, 14, "Shared work", 12, weight="bold")]
    centre_x = width / 2 - 110
    parts.append(rect(centre_x, mid_y - 18, 220, 36, "#1d5f91") + text(width / 2, mid_y + 5, clip(p.name, 30), 13, "middle", "#ffffff", "bold"))

    def column(refs: list[Ref], x: float, fill: str, edge_x: float) -> None:
        shown = refs[:NEIGHBOURS_SHOWN]
        for n, ref in enumerate(shown):
            y = 24 + n * row_h + (rows - len(shown)) * row_h / 2
            parts.append(line(edge_x, y + 14, centre_x if x < centre_x else centre_x + 220, mid_y, 1.5))
            inner = rect(x, y, box_w, 28, fill) + text(x + 8, y + 19, clip(r.g.name(ref), 30), 12)
            parts.append(linked(links, r.href(r.src(ref)), (x, y, box_w, 28), inner))
        if len(refs) > len(shown):
            parts.append(text(x + 8, 24 + rows * row_h + 10, f"and {len(refs) - len(shown)} more", 11))

    column([Ref("group", g) for g in groups], 10, "#8fc1e6", 10 + box_w)
    column([Ref("scenario", s) for s in scenarios], width - box_w - 10, "#d7ecd9", width - box_w - 10)
    height = 24 + rows * row_h + 20
    if allies:
        shown = allies[:NEIGHBOURS_SHOWN]
        parts.append(text(10, height + 10, "Allies", 12, weight="bold"))
        for n, slug in enumerate(shown):
            x, y = 10 + (n % 4) * 188, height + 20 + (n // 4) * 34
            inner = rect(x, y, 180, 28, "#d4e8f7") + text(x + 8, y + 19, clip(r.g.partners[slug].name, 26), 12)
            parts.append(linked(links, r.href(r.src(Ref("partner", slug))), (x, y, 180, 28), inner))
        height += 24 + ((len(shown) + 3) // 4) * 34
        if len(allies) > len(shown):
            parts.append(text(10, height + 6, f"and {len(allies) - len(shown)} more allies", 11))
            height += 14
    picture_ = picture(width, int(height) + 4, f"{p.name} and its connections", "".join(parts), f"cop-neighbours-{p.slug}", links=links)
    equivalent = [
        [label, join(r.to(ref) for ref in refs)]
        for label, refs in (
            ("Practice groups", [Ref("group", g) for g in groups]),
            ("Shared work", [Ref("scenario", s) for s in scenarios]),
            ("Allies", [Ref("partner", a) for a in allies]),
        )
        if refs
    ]
    page.heading(2, "Connections at a glance", late=True)
    page.html(
        figure(picture_, table(["Connected to", "Who"], equivalent, row_headers=True), "This partner's practice groups, shared work and allies."), late=True
    )


AGREEMENT_WORDS = {"agreed": "Agreed", "drafting": "Drafting", "open": "Open"}


def agreement(r: Renderer, page: Page, p: Partner) -> None:
    """The agreement for results, element by element: what the partners have settled, what
    they are drafting and what is still open, with their notes."""
    summary = instruments.agreement_summary(p, r.tax)
    if summary is None:
        return
    notes = instruments.agreement_notes(p, r.tax)
    terms = r.tax.agreement_elements
    status = {element: state for state in ("agreed", "drafting", "open") for element in summary[state]}
    rows = [
        [terms[e].label, fmt('<span class="cop-status cop-status-{}">{}</span>', attr(status[e]), AGREEMENT_WORDS[status[e]]), notes.get(e, "")]
        for e in terms
        if e in status
    ]
    page.heading(2, "Agreement for results", late=True)
    signed = f"Signed on {summary['signed']}." if summary["signed"] else "Not signed yet."
    counts = f"{len(summary['agreed'])} of {len(terms)} elements agreed, {len(summary['drafting'])} being drafted, {len(summary['open'])} open."
    # Late, like the other structured data: search finds the partner by its name and words.
    page.html(para(f"{signed} {counts}") + table(["Element", "Where it stands", "Notes"], rows, row_headers=True), late=True)
