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
from .components import attr, figure, fmt, join, para, table, ul
from .core import Rendered, slugify
from .registry import BLANK_WORKSHEET, SITE_PAGES, TOOLS_SECTION
from .svg import LEVEL_FILL, Links, clip, line, linked, picture, rect, text

TAGS = ("tools", "rubric", "conditions", "stages", "grid", "map")
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
            table(
                ["Indicator", *(tax.rubric_levels[lv].label for lv in levels), "Not rated"],
                [[tax.indicators[ind].label, *(str(c[lv]) for lv in levels), str(c[None])] for ind, c in counts.items()],
                row_headers=True,
            ),
            f"How many of the {len(latest)} assessed partners, groups and pieces of shared work stand at each level of each indicator, by their latest rating.",
        ),
        late=True,
    )
    page.heading(3, "Each one's latest level", late=True)
    page.wide = True
    short = {lv: tax.rubric_levels[lv].label for lv in levels}
    rows = [[r.to(ref), *(short.get(latest[ref].get(ind, ""), "not rated") for ind in tax.indicators)] for ref in latest]
    page.html(
        Markup('<div class="cop-wide">') + table(["Partnership", *(i.label for i in tax.indicators.values())], rows, row_headers=True) + Markup("</div>\n"),
        late=True,
    )
    return page.done()


def _rubric_picture(r: Renderer, counts: dict[str, Counter[str | None]], total: int) -> Markup:
    tax = r.tax
    levels = list(tax.rubric_levels)
    label_w, bar_w, row_h, top = 250, 420, 26, 34
    height = top + row_h * len(counts) + 10
    parts = []
    # a legend in words and colour
    x: float = label_w
    for n, lv in enumerate(levels, 1):
        fill, _ = LEVEL_FILL[min(n, 4)]
        parts.append(rect(x, 6, 14, 14, fill, rx=2) + text(x + 18, 18, tax.rubric_levels[lv].label, 11))
        x += 26 + 7 * len(tax.rubric_levels[lv].label)
    for row, (ind, c) in enumerate(counts.items()):
        y = top + row * row_h
        parts.append(text(label_w - 8, y + 17, clip(tax.indicators[ind].label, 34), 12, "end"))
        x = label_w
        for n, lv in enumerate(levels, 1):
            if not c[lv]:
                continue
            w = bar_w * c[lv] / total
            fill, ink = LEVEL_FILL[min(n, 4)]
            parts.append(rect(x, y + 3, w, row_h - 6, fill, rx=1))
            if w >= 22:
                parts.append(text(x + w / 2, y + 17, c[lv], 11, "middle", ink))
            x += w
        if c[None]:
            w = bar_w * c[None] / total
            parts.append(rect(x, y + 3, w, row_h - 6, LEVEL_FILL[0][0], rx=1))
    return picture(label_w + bar_w + 10, height, "Partnerships at each level of each indicator", "".join(parts), "cop-rubric-picture")


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
            Markup('<div class="cop-wide">') + table(["Group", *(t.label for t in tax.conditions.values())], rows, row_headers=True) + Markup("</div>\n"),
            "Each group's latest rating of each condition.",
        ),
        late=True,
    )
    return page.done()


def _conditions_picture(r: Renderer, rated: dict[str, dict[str, str]]) -> Markup:
    links: Links = []
    tax = r.tax
    rank = _level_rank(r)
    label_w, cell_w, row_h, top = 200, 130, 34, 46
    conds = list(tax.conditions)
    parts = []
    for col, c in enumerate(conds):
        x = label_w + col * cell_w + cell_w / 2
        words = tax.conditions[c].label.split()
        half = (len(words) + 1) // 2
        parts.append(text(x, 18, " ".join(words[:half]), 11, "middle", weight="bold"))
        parts.append(text(x, 32, " ".join(words[half:]), 11, "middle", weight="bold"))
    for row, (g, scores) in enumerate(rated.items()):
        y = top + row * row_h
        href = r.href(r.src(Ref("group", g)))
        parts.append(linked(links, href, (0, y, label_w - 4, row_h), text(label_w - 8, y + 21, clip(r.g.groups[g].name, 28), 12, "end")))
        for col, c in enumerate(conds):
            level = scores.get(c)
            fill, ink = LEVEL_FILL[min(rank.get(level or "", 0), 4)]
            x = label_w + col * cell_w
            parts.append(rect(x + 2, y + 2, cell_w - 4, row_h - 4, fill, rx=3))
            shown = tax.rubric_levels[level].label if level else "not rated"
            parts.append(text(x + cell_w / 2, y + 21, shown, 11, "middle", ink))
    return picture(
        label_w + cell_w * len(conds) + 4,
        top + row_h * len(rated) + 4,
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
    page.html(
        ul(fmt("<strong>{}</strong>: {}", tax.relationships[s].label, tax.relationships[s].description or STAGE_WORDS.get(s, "")) for s in stages)
    )
    page.html(
        figure(
            _stages_picture(r, stages, by_stage),
            table(
                ["Stage", "Partners"],
                [[tax.relationships[s].label, str(len(by_stage[s]))] for s in stages] + [["No stage recorded", str(len(unplaced))]],
                row_headers=True,
            ),
            "How many partners stand at each stage of the continuum.",
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
            para("Changes of stage recorded in partners' relationship histories, newest first.") + table(["Date", "Partner", "From", "To", "Goal"], rows),
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
        inner += text(x + box_w / 2, 70, f"{len(by_stage[s])} partners", 12, "middle", ink)
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
    left, top, cw, ch = 70, 10, 210, 150
    parts = []
    for row, i in enumerate(reversed(ratings)):
        for col, e in enumerate(ratings):
            x, y = left + col * cw, top + row * ch
            names = cells[(i, e)]
            strength = min(1 + col + (len(ratings) - 1 - row), 4)
            fill, ink = LEVEL_FILL[strength if names else 0]
            parts.append(rect(x + 2, y + 2, cw - 4, ch - 4, fill, rx=4))
            parts.append(text(x + 10, y + 22, f"{len(names)} partner{'s' if len(names) != 1 else ''}", 13, fill=ink, weight="bold"))
            for n, slug in enumerate(names[:NAMES_IN_A_CELL]):
                href = r.href(r.src(Ref("partner", slug)))
                label = text(x + 10, y + 42 + n * 18, clip(r.g.partners[slug].name, 26), 12, fill=ink)
                parts.append(linked(links, href, (x + 6, y + 29 + n * 18, cw - 12, 17), label))
            if len(names) > NAMES_IN_A_CELL:
                parts.append(text(x + 10, y + 42 + NAMES_IN_A_CELL * 18, f"and {len(names) - NAMES_IN_A_CELL} more (see the table)", 11, fill=ink))
        parts.append(text(left - 8, top + row * ch + ch / 2, i.capitalize(), 12, "end"))
    for col, e in enumerate(ratings):
        parts.append(text(left + col * cw + cw / 2, top + len(ratings) * ch + 18, e.capitalize(), 12, "middle"))
    parts.append(text(left + cw * len(ratings) / 2, top + len(ratings) * ch + 38, "Engagement →", 13, "middle", weight="bold"))
    mid = top + ch * len(ratings) / 2
    parts.append(
        f'<text x="16" y="{mid:.1f}" font-size="13" font-weight="bold" text-anchor="middle" font-family="system-ui, sans-serif" '
        f'transform="rotate(-90 16 {mid:.1f})">Influence →</text>'
    )
    return picture(
        left + cw * len(ratings) + 10,
        top + ch * len(ratings) + 48,
        "Power and interest grid: partners by influence and engagement",
        "".join(parts),
        "cop-grid-picture",
        links=links,
    )


# ---- map ----------------------------------------------------------------------------------
def map_page(r: Renderer) -> Rendered:
    page = r.site_page("map")
    page.html(
        para(
            "Who works with whom: partners (counted by category), the practice groups they sit in, and the shared work those "
            "groups carry. Thicker lines mean more partners. Each partner's own page shows its own connections."
        )
    )
    tax = r.tax
    groups = sorted(r.g.groups, key=lambda g: (r.g.groups[g].name.casefold(), g))
    scenarios = sorted(r.g.scenarios, key=lambda s: (r.g.scenarios[s].title.casefold(), s))
    in_group: dict[str, Counter[str]] = {g: Counter() for g in groups}
    for partner, memberships in r.g.partner_groups.items():
        for g, _ in memberships:
            for c in r.g.partners[partner].category:
                in_group[g][c] += 1
    category_total = Counter(c for p in r.g.partners.values() for c in p.category)
    rows = []
    for g in groups:
        by_cat = ", ".join(f"{tax.category_label(c)} {n}" for c, n in sorted(in_group[g].items(), key=lambda kv: tax.category_label(kv[0])))
        rows.append(
            [
                r.to(Ref("group", g)),
                by_cat or "none",
                join(r.to(Ref("scenario", s)) for s in sorted(r.g.group_scenarios.get(g, []), key=lambda s: r.g.scenarios[s].title.casefold())) or "none",
            ]
        )
    page.html(
        figure(
            _map_picture(r, groups, scenarios, in_group, category_total),
            table(["Practice group", "Partners by category", "Shared work"], rows, row_headers=True),
            "Partners by category, linked to the groups they sit in, and groups linked to their shared work.",
        ),
        late=True,
    )
    page.heading(2, "Shared work and its partners", late=True)
    items = []
    for s in scenarios:
        sc = r.g.scenarios[s]
        items.append(fmt("{}: {} partners engaged, {} groups", r.to(Ref("scenario", s)), len(sc.partners), len(sc.groups)))
    page.html(ul(items) if items else para("No shared work yet."), late=True)
    return page.done()


def _map_picture(r: Renderer, groups: list[str], scenarios: list[str], in_group: dict[str, Counter[str]], totals: Counter[str]) -> Markup:
    links: Links = []
    tax = r.tax
    cats = [c for c in tax.categories if totals[c]]
    col_x = (4, 274, 544)
    box_w, row_h = 210, 38
    height = 20 + row_h * max(len(cats), len(groups), len(scenarios), 1)
    cat_y = {c: 20 + n * row_h for n, c in enumerate(cats)}
    rows = max(len(cats), len(groups), len(scenarios), 1)

    def centred(items: list[str]) -> dict[str, float]:  # a shorter column sits mid-height
        start = 20 + (rows - len(items)) * row_h / 2
        return {item: start + n * row_h for n, item in enumerate(items)}

    grp_y, sc_y = centred(groups), centred(scenarios)
    most = max((n for cnt in in_group.values() for n in cnt.values()), default=1) or 1
    edges = []
    for g, counts in in_group.items():
        for c, n in counts.items():
            if c in cat_y:
                edges.append(line(col_x[0] + box_w, cat_y[c] + 15, col_x[1], grp_y[g] + 15, 1 + 7 * n / most))
    for s in scenarios:
        for g in r.g.scenarios[s].groups:
            if g in grp_y:
                edges.append(line(col_x[1] + box_w, grp_y[g] + 15, col_x[2], sc_y[s] + 15, 2.5, "#1d5f91"))
    nodes = []
    partners_href = r.href("partners/index.md")
    for c in cats:
        inner = rect(col_x[0], cat_y[c], box_w, 30, "#fde9c9") + text(col_x[0] + 8, cat_y[c] + 20, clip(f"{tax.category_label(c)} ({totals[c]})", 30), 12)
        nodes.append(linked(links, partners_href, (col_x[0], cat_y[c], box_w, 30), inner))
    for g in groups:
        inner = rect(col_x[1], grp_y[g], box_w, 30, "#b9dcf2") + text(col_x[1] + 8, grp_y[g] + 20, clip(r.g.groups[g].name, 28), 12, weight="bold")
        nodes.append(linked(links, r.href(r.src(Ref("group", g))), (col_x[1], grp_y[g], box_w, 30), inner))
    for s in scenarios:
        inner = rect(col_x[2], sc_y[s], box_w, 30, "#d7ecd9") + text(col_x[2] + 8, sc_y[s] + 20, clip(r.g.scenarios[s].title, 30), 12)
        nodes.append(linked(links, r.href(r.src(Ref("scenario", s))), (col_x[2], sc_y[s], box_w, 30), inner))
    heads = text(col_x[0], 12, "Partners by category", 12, weight="bold") + text(col_x[1], 12, "Practice groups", 12, weight="bold")
    heads += text(col_x[2], 12, "Shared work", 12, weight="bold")
    return picture(
        col_x[2] + box_w + 10,
        height + 10,
        "Relationship map: partner categories, practice groups and shared work",
        heads + "".join(edges) + "".join(nodes),
        "cop-map-picture",
        links=links,
    )
