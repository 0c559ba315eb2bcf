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
from .components import attr, card, esc, facts, figure, fmt, join, para, plural, scale, scroller, table, ul
from .core import Page
from .svg import LEVEL_FILL, LINE, MIN_SIZE, Links, label, line, linked, node, picture, rect, text, text_width

MOVE_WORDS = {"up": "↑ up", "down": "↓ down", "same": "→ same", "new": "new"}


def organiser(r: Renderer, page: Page, p: Partner) -> None:
    """The stakeholder organiser's questions about this partner, as one card. Fears are the
    partner's to share: only the internal edition shows them (from `private:`)."""
    rows: list[tuple[str, object]] = [
        ("Interest in the work", p.interest),
        ("Hopes to see", p.desired_outcomes),
        ("Level of engagement", p.engagement.capitalize() if p.engagement else None),
        ("Degree of influence", p.influence.capitalize() if p.influence else None),
        ("Resources to bring", p.resources),
        ("Wants to hear about", p.information_needs),
        ("Values", p.values),
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
    page.html(figure(_relationship_picture(r, p), table(["Since", "Stage"], rows), caption, "Relationship history picture"), late=True)


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
        if kind != "partner":  # a group or shared work is pointed to the blank worksheet for its first sitting
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
    intro = f"{plural(len(p.assessments), 'assessment')}, the latest on {when.isoformat() if when else ''}."
    who = Markup("")
    if participants:
        who = Markup(" Who took part in it: {}.").format(join(r.partner(x) for x in r.by_name("partner", participants)))
    page.html(para(Markup("{}{}").format(intro, who)) + rubric_pages.worksheet_link(r, kind, p.slug), late=True)
    # One table for every indicator, a row naming each domain above its indicators: four
    # headed tables took twice the height for the same rows.
    body: list[Markup] = []
    unrated: list[Markup] = []
    for domain in tax.domains.values():
        rated: list[Markup] = []
        for ind in (i for i in tax.indicators.values() if i.domain == domain.slug):
            level, on = latest.get(ind.slug, (None, None))
            if not level:
                unrated.append(rubric_pages.indicator_label(r, ind))
                continue
            shown = fmt("{} <small>({})</small>", tax.rubric_levels[level].label, on)
            move = MOVE_WORDS.get(trend.get(ind.slug, ""), "")
            rated.append(fmt('<tr>\n<th scope="row">{}</th>\n<td>{}</td>\n<td>{}</td>\n</tr>\n', rubric_pages.indicator_label(r, ind), shown, move))
        if rated:
            body += [fmt('<tr class="cop-group-row">\n<th scope="colgroup" colspan="3">{}</th>\n</tr>\n', domain.label), *rated]
    head = '<thead>\n<tr>\n<th scope="col">Indicator</th>\n<th scope="col">Latest level</th>\n<th scope="col">Move</th>\n</tr>\n</thead>\n'
    out = fmt("<table>\n{}<tbody>\n{}</tbody>\n</table>\n", Markup(head), Markup("").join(body)) if body else Markup("")
    if unrated:  # one line for the indicators never rated: a row each said only "not rated"
        out += para(Markup("<strong>Not rated yet:</strong> ") + join(unrated) + ".")
    page.html(out, late=True)
    scored = [a for a in p.assessments if a.scores]
    if len(scored) > 1:
        dates = [a.date.isoformat() for a in scored]
        rows = [
            [ind.label, *(tax.rubric_levels[a.scores[ind.slug]].label if ind.slug in a.scores else "—" for a in scored)]
            for ind in tax.indicators.values()
        ]
        history = figure(
            _history_picture(r, p, kind),
            scroller(table(["Indicator", *dates], rows, row_headers=True), "Self-assessment history table (scrolls sideways)", "cop-wide"),
            "Each indicator's level at each assessment.",
            "Self-assessment history picture",
        )
        page.html(collapsed(f"History: each indicator at each of the {plural(len(dates), 'assessment')}", history), late=True)
    evidence = [(a.date.isoformat(), tax.indicators[k].label, v) for a in p.assessments for k, v in a.evidence.items() if k in tax.indicators]
    if evidence:
        rows = [list(e) for e in reversed(evidence)]
        page.html(collapsed(f"Evidence ({plural(len(evidence), 'entry', 'entries')})", table(["Assessment", "Indicator", "Evidence"], rows)), late=True)
    steps = [(a.date.isoformat(), tax.indicators[k].label, v) for a in p.assessments for k, v in a.next_steps.items() if k in tax.indicators]
    if steps:
        rows = [list(e) for e in reversed(steps)]
        page.html(collapsed(f"Agreed next steps ({plural(len(steps), 'step')})", table(["Assessment", "Indicator", "Next step"], rows)), late=True)


def _history_picture(r: Renderer, p: Assessed, kind: str) -> Markup:
    tax = r.tax
    rank = {slug: n for n, slug in enumerate(tax.rubric_levels, 1)}
    scored = [a for a in p.assessments if a.scores]
    size = MIN_SIZE
    # Room measured from the words themselves (svg.text_width), so no label is ever cut.
    label_w = min(max((text_width(i.label, size) for i in tax.indicators.values()), default=0) + 16, 300)
    words = [t.label for t in tax.rubric_levels.values()] + ["—", "0000-00-00"]
    cell_w = max(text_width(w, size, bold=True) for w in words) + 14
    row_h, top = 24, 26
    parts = [text(label_w + n * cell_w + cell_w / 2, 16, a.date.isoformat(), size, "middle", weight="bold") for n, a in enumerate(scored)]
    for row, ind in enumerate(tax.indicators.values()):
        y = top + row * row_h
        parts.append(label(label_w - 8, y + 16, ind.label, label_w - 12, size, 1, "end")[0])
        for col, a in enumerate(scored):
            level = a.scores.get(ind.slug)
            fill, ink = LEVEL_FILL[min(rank.get(level or "", 0), 4)]
            x = label_w + col * cell_w
            parts.append(f"<g>{rect(x + 2, y + 1, cell_w - 4, row_h - 2, fill, rx=2)}")
            parts.append(text(x + cell_w / 2, y + 16, tax.rubric_levels[level].label if level else "—", size, "middle", ink) + "</g>")
    width = label_w + cell_w * len(scored) + 4
    name = r.g.name(Ref(kind, p.slug))
    ident = f"cop-history-{p.slug}" if kind == "partner" else f"cop-history-{kind}-{p.slug}"
    return picture(int(width), top + row_h * len(tax.indicators) + 4, f"{name}: self-assessment history", "".join(parts), ident)


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


NEIGHBOURS_SHOWN = 8  # per column; the table beside the picture names them all


def connections(r: Renderer, page: Page, p: Partner) -> None:
    """Everything this partner is connected to, listed once: one "Connections" section with
    the partner's own map (its groups on the left, its shared work on the right, its allies
    below, each a mark that links to its page) beside a table naming every connection, then
    the notes that list or mention it (collapsed when there are many)."""
    roles = dict(r.g.partner_groups.get(p.slug, []))
    groups = r.by_name("group", roles)
    scenarios = r.by_name("scenario", r.g.partner_scenarios.get(p.slug, []))
    allies = r.by_name("partner", r.g.allies.get(p.slug, []))
    backbone = r.by_name("scenario", r.g.partner_backbone.get(p.slug, []))
    listed = {Ref("group", g) for g in groups} | {Ref("scenario", s) for s in scenarios} | {Ref("partner", a) for a in allies}
    mentions = r.refs_by_name(
        ref for ref in r.g.mentioned_by.get(Ref("partner", p.slug), []) if ref.kind in ("partner", "group", "scenario") and ref not in listed
    )
    notes = r.g.partner_notes.get(p.slug, [])
    page.heading(2, "Connections", late=True)
    rows = [
        [label, items]
        for label, items in (
            ("Practice groups", join(fmt("{} ({})", r.to(Ref("group", g)), roles[g]) for g in groups)),
            ("Shared work", join(r.to(Ref("scenario", s)) for s in scenarios)),
            ("Allies", join(r.partner(a) for a in allies)),
            ("Backbone role", join(Markup("Carries the backbone role for {}").format(r.to(Ref("scenario", s))) for s in backbone)),
            ("Mentioned on", join(r.to(ref) for ref in mentions)),
        )
        if items
    ]
    if not (groups or scenarios or allies):
        page.html(para("Not in any practice group yet.") + (table(["Connected to", "Who"], rows, row_headers=True) if rows else Markup("")), late=True)
    else:
        page.html(
            figure(
                _neighbourhood_picture(r, p, groups, scenarios, allies),
                table(["Connected to", "Who"], rows, row_headers=True),
                "This partner's practice groups (left), shared work (right) and allies (below); the table names them all.",
                "Connections picture",
            ),
            late=True,
        )
    if notes:
        items = ul(r.note_item(k, True) for k in notes)
        page.heading(3, "Notes that list or mention this partner", late=True)
        page.html(collapsed(f"Show the {plural(len(notes), 'note')}", items) if len(notes) > COLLAPSE_AFTER else items, late=True)


COLLAPSE_AFTER = 5  # items or rows a list shows before it folds away


def collapsed(summary: object, body: Markup, open_: bool = False) -> Markup:
    """A long list or table folded under a one-line summary (`<details>`): the reader opens
    it; print opens it (cop-site.css)."""
    return Markup('<details class="cop-more"{}>\n<summary>{}</summary>\n{}</details>\n').format(Markup(" open") if open_ else "", summary, body)


def _neighbourhood_picture(r: Renderer, p: Partner, groups: list[str], scenarios: list[str], allies: list[str]) -> Markup:
    links: Links = []
    col_w, mid_w, gap, box_h, row_h = 190, 170, 50, 40, 48
    width = 10 + col_w + gap + mid_w + gap + col_w + 10
    left_x, mid_x, right_x = 10, 10 + col_w + gap, 10 + col_w + gap + mid_w + gap
    rows = max(min(len(groups), NEIGHBOURS_SHOWN), min(len(scenarios), NEIGHBOURS_SHOWN), 2)
    top = 26
    parts = [text(left_x, 16, "Practice groups", 12, weight="bold"), text(right_x, 16, "Shared work", 12, weight="bold")]
    middle_h = max(box_h + 16, 3 * LINE * 12 + 12)
    mid_y = top + rows * row_h / 2 - middle_h / 2
    edges: list[str] = []

    def column(kind: str, refs: list[str], x: float, fill: str) -> None:
        shown = refs[:NEIGHBOURS_SHOWN]
        start = top + (rows - len(shown)) * row_h / 2
        for n, key in enumerate(shown):
            y = start + n * row_h
            to_x = mid_x if x < mid_x else mid_x + mid_w
            edges.append(line(x + col_w if x < mid_x else x, y + box_h / 2, to_x, mid_y + middle_h / 2, 1.5))
            ref = Ref(kind, key)
            parts.append(linked(links, r.href(r.src(ref)), (x, y, col_w, box_h), node(x, y, col_w, box_h, fill, r.g.name(ref))))
        if len(refs) > len(shown):
            parts.append(text(x, top + rows * row_h + 8, f"and {len(refs) - len(shown)} more (see the table)", 12))

    column("group", groups, left_x, "#b9dcf2")
    column("scenario", scenarios, right_x, "#d7ecd9")
    parts.append(node(mid_x, mid_y, mid_w, middle_h, "#1d5f91", p.name, lines=3, weight="bold", fill_text="#ffffff"))
    height = top + rows * row_h + (22 if max(len(groups), len(scenarios)) > NEIGHBOURS_SHOWN else 0)
    if allies:
        shown = allies[:NEIGHBOURS_SHOWN]
        per_row, ally_w = 3, (width - 20 - 2 * 16) / 3
        parts.append(text(10, height + 16, "Allies", 12, weight="bold"))
        for n, slug in enumerate(shown):
            x, y = 10 + (n % per_row) * (ally_w + 16), height + 26 + (n // per_row) * row_h
            ref = Ref("partner", slug)
            parts.append(linked(links, r.href(r.src(ref)), (x, y, ally_w, box_h), node(x, y, ally_w, box_h, "#d4e8f7", r.g.name(ref))))
        height += 26 + ((len(shown) + per_row - 1) // per_row) * row_h
        if len(allies) > len(shown):
            parts.append(text(10, height + 10, f"and {len(allies) - len(shown)} more allies (see the table)", 12))
            height += 20
    return picture(width, int(height) + 6, f"{p.name} and its connections", "".join(edges) + "".join(parts), f"cop-neighbours-{p.slug}", links=links)


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
    page.heading(2, "Agreement for results", late=True)
    signed = f"Signed on {summary['signed']}." if summary["signed"] else "Not signed yet."
    counts = f"{len(summary['agreed'])} of {len(terms)} elements agreed, {len(summary['drafting'])} being drafted, {len(summary['open'])} open."
    # Where each element stands, one line per status; a table row only for an element with a
    # note (a row per element, most of them without a note, doubled the section's height).
    lines = []
    for state in ("agreed", "drafting", "open"):
        elements = [terms[e].label for e in terms if status.get(e) == state]
        if elements:
            word = Markup('<span class="cop-status cop-status-{}">{}</span>').format(state, AGREEMENT_WORDS[state])
            lines.append(Markup("{}: {}.").format(word, join(elements)))
    out = para(f"{signed} {counts}") + (ul(lines, "cop-agreement") if lines else Markup(""))
    rows = [[terms[e].label, AGREEMENT_WORDS[status[e]], notes[e]] for e in terms if e in status and notes.get(e)]
    if rows:
        out += table(["Element", "Where it stands", "Notes"], rows, row_headers=True)
    # Late, like the other structured data: search finds the partner by its name and words.
    page.html(out, late=True)
