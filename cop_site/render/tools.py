"""The workshop tools made visible, one page each: the self-assessment rubric, the
collective impact conditions, the relationship continuum, the power/interest grid and the
relationship map. Each picture stands beside a table or list with the same data; site-wide
pictures aggregate (by level, by category) so they stay readable at thousands of partners."""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from .. import instruments
from ..link import Ref
from . import rubric as rubric_pages
from .base import Renderer
from .components import attr, figure, fmt, join, para, plural, scroller, table, ul
from .core import Rendered, slugify
from .registry import BLANK_WORKSHEET, SITE_PAGES, TOOLS_SECTION
from .svg import LEVEL_FILL, LINE, MIN_SIZE, Links, label, line, lines_needed, linked, node, picture, rect, text, text_width

NAMES_IN_A_CELL = 5  # names a picture's cell shows; the table beside it lists them all


def _level_rank(r: Renderer) -> dict[str, int]:
    return {slug: n for n, slug in enumerate(r.tax.rubric_levels, 1)}


def latest_scores(r: Renderer) -> dict[Ref, dict[str, str]]:
    """Each assessed partner's, group's and scenario's latest level per indicator (see
    `instruments.latest_levels`): partners by name, then groups, then shared work."""
    out: dict[Ref, dict[str, str]] = {}
    assessed = instruments.assessed_entities(r.g)
    for kind in ("partner", "group", "scenario"):
        entities = {slug: e for k, slug, e in assessed if k == kind}
        for slug in r.by_name(kind, entities):
            out[Ref(kind, slug)] = {ind: level for ind, (_, level) in instruments.latest_levels(entities[slug]).items()}
    return out


# ---- the tools' own page ------------------------------------------------------------------
TOOL_WORDS = {
    "grid": "Partners placed by influence and engagement, and how to work with each group of them.",
    "stages": "Where each relationship stands: cooperation, coordination or collaboration.",
    "rubric": "The partnership self-assessment: thirteen indicators in four domains, and where partners stand.",
    "conditions": "The five conditions for collective impact, group by group.",
    "map": "Who works with whom: partner categories, practice groups and shared work.",
}


def tools_page(r: Renderer) -> Rendered:
    page = r.site_page("tools")
    page.html(
        para(
            "The tools the community works with in its workshops, filled in from the partners' profiles, the groups' pages "
            "and their notes. Each page has a picture and a table with the same numbers; each prints cleanly."
        )
    )
    items = [
        fmt('<a href="{}"><strong>{}</strong></a>: {}', attr(r.href(p.src)), p.title, TOOL_WORDS.get(p.tag, ""))
        for p in SITE_PAGES
        if p.section == TOOLS_SECTION and p.src in r.generated
    ]
    page.html(ul(items))
    return page.done()


# ---- rubric -------------------------------------------------------------------------------
PROMPTS = (
    "Which indicator did we rate lowest, and what would it take to move it one level?",
    "Where do partners rate the same indicator differently, and what does each of us see?",
    "What evidence would convince someone outside the partnership that we are where we say?",
    "Which indicator, if it moved, would lift the others with it?",
)


def rubric_page(r: Renderer) -> Rendered:
    page = r.site_page("rubric")
    tax = r.tax
    page.html(
        para(
            "Partners rate their partnership together on thirteen indicators in four domains. Each indicator has four levels, "
            "and a rating is a starting point for a conversation, not a grade."
        )
    )
    page.heading(2, "The four levels")
    page.html(ul(fmt("<strong>{}</strong>{}", t.label, fmt(": {}", t.description) if t.description else "") for t in tax.rubric_levels.values()))
    page.heading(2, "Domains and indicators")
    page.html(
        para("Each indicator has its own page: what each level looks like for it, the probing questions to talk through, and where every partnership stands.")
    )
    for domain in tax.domains.values():
        page.heading(3, domain.label)
        items = [fmt("<strong>{}</strong>: {}", rubric_pages.indicator_label(r, i), i.description) for i in tax.indicators.values() if i.domain == domain.slug]
        page.html(ul(items))
    page.heading(2, "Questions for the next conversation")
    page.html(ul(PROMPTS))
    if BLANK_WORKSHEET in r.generated:
        page.html(
            para(
                Markup(
                    "<a href=\"{}\">Print a blank worksheet</a> for a partnership's first sitting; each partnership's own page links to "
                    "a worksheet with its last levels and evidence filled in."
                ).format(r.href(BLANK_WORKSHEET))
            )
        )

    latest = latest_scores(r)
    page.heading(2, "Where partnerships stand", late=True)
    if not latest:
        page.html(para("No partner, group or shared work has recorded a self-assessment yet."), late=True)
        return page.done()
    levels = list(tax.rubric_levels)
    counts = {ind: Counter(scores.get(ind) for scores in latest.values()) for ind in tax.indicators}
    page.html(
        figure(
            _rubric_picture(r, counts, len(latest)),
            scroller(
                table(
                    ["Indicator", *(tax.rubric_levels[lv].label for lv in levels), "Not rated"],
                    [[tax.indicators[ind].label, *(str(c[lv]) for lv in levels), str(c[None])] for ind, c in counts.items()],
                    row_headers=True,
                ),
                "Partnerships at each level table (scrolls sideways)",
                "cop-wide",
            ),
            f"How many of the {len(latest)} assessed partners, groups and pieces of shared work stand at each level of each indicator, by their latest rating.",
            "Partnerships at each level picture",
        ),
        late=True,
    )
    page.heading(3, "Each one's latest level", late=True)
    page.wide = True
    # Levels by number, with the key above the table: thirteen columns of "Transformational"
    # would not fit a laptop's screen, and a number never breaks in print.
    number = {lv: str(n) for n, lv in enumerate(levels, 1)}
    key = "; ".join(f"{n} {tax.rubric_levels[lv].label}" for lv, n in number.items())
    rows = [[r.to(ref), *(number.get(latest[ref].get(ind, ""), "–") for ind in tax.indicators)] for ref in latest]
    page.html(
        para(f"Levels by number: {key}; a dash means not rated.")
        + scroller(
            table(["Partnership", *(i.label for i in tax.indicators.values())], rows, row_headers=True),
            "Each one's latest level (scrolls sideways)",
            "cop-wide cop-side-heads",
        ),
        late=True,
    )
    return page.done()


def _rubric_picture(r: Renderer, counts: dict[str, Counter[str | None]], total: int) -> Markup:
    tax = r.tax
    levels = list(tax.rubric_levels)
    size = MIN_SIZE
    label_w = min(max((text_width(tax.indicators[ind].label, size) for ind in counts), default=0) + 16, 260)
    bar_w, row_h, top = 400, 26, 34
    height = top + row_h * len(counts) + 10
    parts = []
    # a legend in words and color, each entry as wide as its words
    x: float = label_w
    for n, lv in enumerate(levels, 1):
        fill, _ = LEVEL_FILL[min(n, 4)]
        words = tax.rubric_levels[lv].label
        parts.append(rect(x, 6, 14, 14, fill, rx=2) + text(x + 18, 18, words, size))
        x += 18 + text_width(words, size) + 14
    for row, (ind, c) in enumerate(counts.items()):
        y = top + row * row_h
        parts.append(label(label_w - 8, y + 17, tax.indicators[ind].label, label_w - 12, size, 1, "end")[0])
        x = label_w
        for n, lv in enumerate(levels, 1):
            if not c[lv]:
                continue
            w = bar_w * c[lv] / total
            fill, ink = LEVEL_FILL[min(n, 4)]
            number = str(c[lv])
            shown = text(x + w / 2, y + 17, number, size, "middle", ink) if text_width(number, size) + 6 <= w else ""
            parts.append(f"<g>{rect(x, y + 3, w, row_h - 6, fill, rx=1)}{shown}</g>")
            x += w
        if c[None]:
            w = bar_w * c[None] / total
            parts.append(rect(x, y + 3, w, row_h - 6, LEVEL_FILL[0][0], rx=1))
    width = max(label_w + bar_w + 10, x + 10)
    return picture(int(width), height, "Partnerships at each level of each indicator", "".join(parts), "cop-rubric-picture")


# ---- conditions ---------------------------------------------------------------------------
def conditions_page(r: Renderer) -> Rendered:
    page = r.site_page("conditions")
    tax = r.tax
    page.html(
        para(
            "Separate efforts add up to lasting change when five conditions hold. Each practice group rates where it stands on "
            "each one, with the same four levels as the partnership rubric."
        )
    )
    page.html(ul(fmt("<strong>{}</strong>: {}", t.label, t.description) for t in tax.conditions.values()))
    latest = instruments.overview_conditions(r.g)
    rated = {slug: latest[slug] for slug in r.by_name("group", latest) if latest[slug]}
    page.heading(2, "Where each group stands", late=True)
    if not rated:
        page.html(para("No practice group has rated the conditions yet."), late=True)
        return page.done()
    level_label = {lv: t.label for lv, t in tax.rubric_levels.items()}
    rows = [[r.to(Ref("group", g)), *(level_label.get(scores.get(c, ""), "not rated") for c in tax.conditions)] for g, scores in rated.items()]
    page.html(
        figure(
            _conditions_picture(r, rated),
            scroller(
                table(["Group", *(t.label for t in tax.conditions.values())], rows, row_headers=True),
                "Conditions by group table (scrolls sideways)",
                "cop-wide",
            ),
            "Each group's latest rating of each condition.",
            "Conditions picture",
        ),
        late=True,
    )
    return page.done()


def _conditions_picture(r: Renderer, rated: dict[str, dict[str, str]]) -> Markup:
    links: Links = []
    tax = r.tax
    rank = _level_rank(r)
    size = MIN_SIZE
    label_w, cell_w, row_h = 164, 104, 50
    conds = list(tax.conditions)
    head_lines = max((lines_needed(tax.conditions[c].label, cell_w - 6, size, 3) for c in conds), default=1)
    top = 8 + head_lines * size * LINE + 6
    parts = []
    for col, c in enumerate(conds):
        x = label_w + col * cell_w + cell_w / 2
        parts.append(label(x, 8 + size, tax.conditions[c].label, cell_w - 6, size, 3, "middle")[0])
    for row, (g, scores) in enumerate(rated.items()):
        y = top + row * row_h
        href = r.href(r.src(Ref("group", g)))
        name = r.g.groups[g].name
        lines = lines_needed(name, label_w - 12, size, 3)
        first = y + row_h / 2 - (lines - 1) * size * LINE / 2 + size * 0.36
        parts.append(linked(links, href, (0, y, label_w - 4, row_h), label(label_w - 8, first, name, label_w - 12, size, 3, "end")[0]))
        for col, c in enumerate(conds):
            level = scores.get(c)
            fill, ink = LEVEL_FILL[min(rank.get(level or "", 0), 4)]
            x = label_w + col * cell_w
            words = tax.rubric_levels[level].label if level else "not rated"
            parts.append(node(x + 2, y + 2, cell_w - 4, row_h - 4, fill, words, size, 2, fill_text=ink, pad=4))
    return picture(
        label_w + cell_w * len(conds) + 4,
        int(top + row_h * len(rated) + 4),
        "Conditions for collective impact by group",
        "".join(parts),
        "cop-conditions-picture",
        links=links,
    )


# ---- stages -------------------------------------------------------------------------------
STAGE_WORDS = {
    "cooperation": "Partners share information and goodwill, and each keeps its own goals, money and decisions.",
    "coordination": "Partners line up their separate activities and plans so they support one another, and share some resources.",
    "collaboration": "Partners hold one goal and plan, share decisions, risks and resources, and are changed by the work.",
}


def stages_page(r: Renderer) -> Rendered:
    page = r.site_page("stages")
    tax = r.tax
    page.html(
        para(
            "A partnership moves along a continuum as trust and shared commitment grow. No stage is the right one for every "
            "partner: the point is to know where each relationship stands and whether it should move."
        )
    )
    stages = list(tax.relationships)
    by_stage = instruments.stages(r.g, tax)
    placed = {slug for slugs in by_stage.values() for slug in slugs}
    unplaced = [slug for slug in r.g.partners if slug not in placed]
    page.html(ul(fmt("<strong>{}</strong>: {}", tax.relationships[s].label, tax.relationships[s].description or STAGE_WORDS.get(s, "")) for s in stages))
    page.html(
        figure(
            _stages_picture(r, stages, by_stage),
            table(
                ["Stage", "Partners"],
                [[tax.relationships[s].label, str(len(by_stage[s]))] for s in stages] + ([["No stage recorded", str(len(unplaced))]] if unplaced else []),
                row_headers=True,
            ),
            "How many partners stand at each stage of the continuum.",
            "Continuum picture",
        ),
        late=True,
    )
    for s in stages:
        page.heading(2, tax.relationships[s].label, late=True)
        names = [r.partner(p) for p in r.by_name("partner", by_stage[s])]
        page.html(para(join(names)) if names else para("No partner at this stage yet."), late=True)
    if unplaced:
        page.heading(2, "No stage recorded", late=True)
        page.html(para(join(r.partner(p) for p in r.by_name("partner", unplaced))), late=True)
    moves = [
        (step.date, slug, before.stage, step.stage)
        for slug, partner in r.g.partners.items()
        for before, step in zip(partner.relationship_history, partner.relationship_history[1:], strict=False)
        if before.stage != step.stage
    ]
    page.heading(2, "Who moved, and when", late=True)
    if moves:
        moves.sort(key=lambda m: (-m[0].toordinal(), m[1]))
        rows = []
        for when, slug, before, after in moves:
            goal = r.g.partners[slug].relationship_goal
            rows.append(
                [
                    when.isoformat(),
                    r.partner(slug),
                    tax.relationships[before].label,
                    tax.relationships[after].label,
                    tax.relationships[goal].label if goal else "—",
                ]
            )
        page.html(
            para("Changes of stage recorded in partners' relationship histories, newest first.")
            + scroller(table(["Date", "Partner", "From", "To", "Goal"], rows), "Changes of stage (scrolls sideways)", "cop-wide"),
            late=True,
        )
    else:
        page.html(para("No partner has a dated relationship history yet: write 'relationship' as a list of dates and stages to see moves here."), late=True)
    return page.done()


def _stages_picture(r: Renderer, stages: list[str], by_stage: dict[str, list[str]]) -> Markup:
    links: Links = []
    box_w, box_h, gap = 190, 70, 40
    parts = []
    most = max((len(v) for v in by_stage.values()), default=0) or 1
    for n, s in enumerate(stages):
        x = 10 + n * (box_w + gap)
        fill, ink = LEVEL_FILL[min(n + 2, 4)]
        anchor = "#" + slugify(r.tax.relationships[s].label)
        inner = rect(x, 20, box_w, box_h, fill) + text(x + box_w / 2, 48, r.tax.relationships[s].label, 14, "middle", ink, "bold")
        inner += text(x + box_w / 2, 70, plural(len(by_stage[s]), "partner"), 12, "middle", ink)
        parts.append(linked(links, anchor, (x, 20, box_w, box_h), inner))
        bar = 160 * len(by_stage[s]) / most
        parts.append(rect(x + (box_w - bar) / 2, 100, max(bar, 1), 8, fill, rx=2))
        if n + 1 < len(stages):
            parts.append(line(x + box_w + 6, 55, x + box_w + gap - 8, 55, 2, "#455a64"))
            parts.append(f'<polygon points="{x + box_w + gap - 8},49 {x + box_w + gap - 2},55 {x + box_w + gap - 8},61" fill="#455a64"/>')
    width = 20 + len(stages) * box_w + (len(stages) - 1) * gap
    return picture(width, 120, "Partners at each stage of the relationship continuum", "".join(parts), "cop-stages-picture", links=links)


# ---- grid ---------------------------------------------------------------------------------
GRID_ADVICE = {
    ("high", "high"): "Work closely: these partners can move the work and already care about it.",
    ("high", "medium"): "Keep close and draw further in: give them a real part to play.",
    ("high", "low"): "Keep satisfied and find their interest: they could help or block the work.",
    ("medium", "high"): "Keep involved and grow their reach: they are ready allies.",
    ("medium", "medium"): "Keep in touch and look for the step that would deepen the tie.",
    ("medium", "low"): "Keep informed, and ask what would make the work matter to them.",
    ("low", "high"): "Keep informed and give them a voice: their energy is an asset.",
    ("low", "medium"): "Keep informed with little effort.",
    ("low", "low"): "Watch: little influence and little interest for now.",
}


def grid_cells(r: Renderer) -> tuple[dict[tuple[str, str], list[str]], list[str]]:
    """(influence, engagement) -> partner slugs by name (see `instruments.grid`); and the
    partners missing a rating."""
    cells, unplaced = instruments.grid(r.g, r.tax.ratings)
    return {tuple(key.split("/", 1)): r.by_name("partner", slugs) for key, slugs in cells.items()}, r.by_name("partner", unplaced)  # type: ignore[misc]


def grid_page(r: Renderer) -> Rendered:
    page = r.site_page("grid")
    page.html(
        para(
            "The stakeholder organiser places each partner by influence (how much they can move the work) and engagement "
            "(how involved they are now). The cell says how to work with them; the aim is to move partners up and to the right."
        )
    )
    cells, unplaced = grid_cells(r)
    ratings = list(r.tax.ratings)
    rows = []
    for i in reversed(ratings):
        for e in ratings:
            names = cells[(i, e)]
            rows.append(
                [
                    fmt("{} influence, {} engagement", i.capitalize(), e),
                    str(len(names)),
                    join(r.partner(p) for p in names) or "none",
                    GRID_ADVICE.get((i, e), ""),
                ]
            )
    page.html(
        figure(
            _grid_picture(r, cells),
            table(["Cell", "Partners", "Who", "How to work with them"], rows, row_headers=True),
            "Partners placed by influence (up) and engagement (right).",
            "Power and interest grid picture",
        ),
        late=True,
    )
    page.heading(2, "Not yet placed", late=True)
    if unplaced:
        page.html(para("These partners lack an influence or an engagement rating:") + para(join(r.partner(p) for p in unplaced)), late=True)
    else:
        page.html(para("Every partner has both ratings."), late=True)
    return page.done()


def _grid_picture(r: Renderer, cells: dict[tuple[str, str], list[str]]) -> Markup:
    links: Links = []
    ratings = list(r.tax.ratings)
    size = MIN_SIZE
    left, top, cw, pad = 96, 10, 190, 10
    room = cw - 2 * pad - 4
    step = size * LINE

    def cell_height(names: list[str]) -> float:
        lines = sum(lines_needed(r.g.partners[s].name, room, size, 2) for s in names[:NAMES_IN_A_CELL])
        more = 1 if len(names) > NAMES_IN_A_CELL else 0
        return 34 + (lines + more) * step + 4 * min(len(names), NAMES_IN_A_CELL) + 8

    rows = list(reversed(ratings))
    heights = [max(max(cell_height(cells[(i, e)]) for e in ratings), 90) for i in rows]
    parts = []
    y: float = top
    for row, i in enumerate(rows):
        ch = heights[row]
        for col, e in enumerate(ratings):
            x = left + col * cw
            names = cells[(i, e)]
            strength = min(1 + col + (len(ratings) - 1 - row), 4)
            fill, ink = LEVEL_FILL[strength if names else 0]
            inner = [rect(x + 2, y + 2, cw - 4, ch - 4, fill, rx=4), text(x + pad, y + 24, plural(len(names), "partner"), 13, fill=ink, weight="bold")]
            ny: float = y + 34
            for slug in names[:NAMES_IN_A_CELL]:
                name = r.g.partners[slug].name
                drawn, lines = label(x + pad, ny + size, name, room, size, 2, fill=ink)
                href = r.href(r.src(Ref("partner", slug)))
                inner.append(linked(links, href, (x + 6, ny, cw - 12, lines * step + 2), drawn))
                ny += lines * step + 4
            if len(names) > NAMES_IN_A_CELL:
                inner.append(label(x + pad, ny + size, f"and {len(names) - NAMES_IN_A_CELL} more (see the table)", room, size, 1, fill=ink)[0])
            parts.append("<g>" + "".join(inner) + "</g>")
        parts.append(text(left - 10, y + ch / 2 + 4, i.capitalize(), size, "end"))
        y += ch
    grid_h = y - top
    for col, e in enumerate(ratings):
        parts.append(text(left + col * cw + cw / 2, y + 18, e.capitalize(), size, "middle"))
    parts.append(text(left + cw * len(ratings) / 2, y + 38, "Engagement →", 13, "middle", weight="bold"))
    mid = top + grid_h / 2
    parts.append(f'<text x="18" y="{mid:.1f}" font-size="13" font-weight="bold" text-anchor="middle" transform="rotate(-90 18 {mid:.1f})">Influence →</text>')
    return picture(
        left + cw * len(ratings) + 10,
        int(y + 48),
        "Power and interest grid: partners by influence and engagement",
        "".join(parts),
        "cop-grid-picture",
        links=links,
    )
