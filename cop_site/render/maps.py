"""Who works with whom: the relationship map (`map/`) and one map per practice group
(`map/<group>/`), each a layered network drawn at build time.

The layout is a layered drawing (Sugiyama's method, reduced to what these maps need): the
columns are partners, practice groups and shared work; a partner is joined to each group it
sits in, a group to each piece of shared work it carries, and allies by arcs to the left of
the partners' column. The order within each column is chosen by barycenter sweeps that keep
the order with the fewest edge crossings; each node then sits near the middle of its
neighbours without overlapping the next. Every label is wrapped inside its own box (measured,
see svg.text_width), so labels never overlap or spill, and the same content always gives
the same picture (no randomness: ties go by name).

A site with more connected partners than fit one readable picture gets an aggregate on
`map/` instead (groups and their shared work, with member counts), and every group has its
own map of its members either way: the groups two or more of them share, and the shared
work the group carries."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from ..link import Ref
from .base import Renderer
from .components import figure, join, para, plural, table, ul
from .core import Rendered
from .svg import LINE, MIN_SIZE, Links, box_height, label, line, lines_needed, linked, node, picture, rect, text

WHOLE_MAP_LIMIT = 80  # connected partners one picture shows; above it map/ shows groups only
COL_W, GAP, ARC_ROOM, TOP = 168, 56, 56, 30
SWEEPS = 8

FILL = {"partner": "#d4e8f7", "group": "#b9dcf2", "scenario": "#d7ecd9"}
HEADS = {"partner": "Partners", "group": "Practice groups", "scenario": "Shared work"}
LINES = {"partner": 2, "group": 3, "scenario": 3}


def map_src(group: str) -> str:
    return f"map/{group}.md"


# ---- layout ---------------------------------------------------------------------------------
def crossings(left: list[str], right: list[str], edges: Iterable[tuple[str, str]]) -> int:
    """How many pairs of edges between two ordered columns cross: pairs whose ends are in
    opposite orders (edges leaving the same node never cross). Counted with a Fenwick tree
    over the right column, in O(E log V): maps of big groups have thousands of edges."""
    lpos = {k: n for n, k in enumerate(left)}
    rpos = {k: n for n, k in enumerate(right)}
    pairs = sorted((lpos[a], rpos[b]) for a, b in edges)
    tree = [0] * (len(right) + 1)
    seen = count = start = 0
    while start < len(pairs):
        end = start
        while end < len(pairs) and pairs[end][0] == pairs[start][0]:
            end += 1
        for _, b in pairs[start:end]:  # earlier edges (from nodes above) ending below b
            i, at_most_b = b + 1, 0
            while i > 0:
                at_most_b += tree[i]
                i -= i & -i
            count += seen - at_most_b
        for _, b in pairs[start:end]:
            i = b + 1
            while i <= len(right):
                tree[i] += 1
                i += i & -i
        seen += end - start
        start = end
    return count


def _pair_crossings(above: list[int], below: list[int]) -> tuple[int, int]:
    """Crossings between two nodes' edges into one neighbouring column (their neighbours'
    sorted positions there): with the first node just above the second, and the other way."""
    if len(above) == 1 and len(below) == 1:  # the usual case, worked out directly
        a, b = above[0], below[0]
        return (1, 0) if b < a else (0, 1) if a < b else (0, 0)
    down = up = 0
    for a in above:
        down += bisect_left(below, a)
    for b in below:
        up += bisect_left(above, b)
    return down, up


def order(columns: list[list[str]], links: list[list[tuple[str, str]]]) -> list[list[str]]:
    """Each column's order with few crossings: `links[i]` joins column i to column i+1.
    Barycenter sweeps down and up; the best order seen is kept (ties: the first, so the
    result depends only on the input's order)."""
    cols = [list(c) for c in columns]
    right_of: list[dict[str, list[str]]] = []
    left_of: list[dict[str, list[str]]] = []
    for i, edges in enumerate(links):
        fwd: dict[str, list[str]] = {k: [] for k in cols[i]}
        back: dict[str, list[str]] = {k: [] for k in cols[i + 1]}
        for a, b in edges:
            fwd[a].append(b)
            back[b].append(a)
        right_of.append(fwd)
        left_of.append(back)

    def total(cs: list[list[str]]) -> int:
        return sum(crossings(cs[i], cs[i + 1], links[i]) for i in range(len(links)))

    def resort(col: list[str], neighbours: dict[str, list[str]], other: list[str]) -> list[str]:
        pos = {k: n for n, k in enumerate(other)}
        keyed = []
        for n, k in enumerate(col):
            near = neighbours.get(k, [])
            keyed.append((sum(pos[x] for x in near) / len(near) * len(col) / max(len(other), 1) if near else float(n), n, k))
        return [k for _, _, k in sorted(keyed)]

    # Each column's neighbouring columns, as (column index, the edges to it by node).
    sides_of: list[list[tuple[int, dict[str, list[str]]]]] = [
        ([(i - 1, left_of[i - 1])] if i > 0 else []) + ([(i + 1, right_of[i])] if i < len(links) else []) for i in range(len(cols))
    ]

    def transpose() -> None:
        """Swap neighbours in a column while that removes crossings. The crossings of a pair
        with one neighbouring column depend only on that column's order, so they are kept,
        side by side, until that column changes."""
        changed = [0] * len(cols)  # swaps made in each column by this call
        # Per column and side: (that side's swaps when made, each node's sorted positions
        # there (nodes with no edge to it left out), crossings of pairs worked out so far).
        held: list[list[tuple[int, dict[str, list[int]], dict[tuple[str, str], tuple[int, int]]] | None]] = [[None] * len(s) for s in sides_of]
        # A column scanned without a swap, with its neighbours as they were then: scanning
        # it again would compare the same pairs at the same costs, and swap nothing again.
        settled: list[tuple[int, ...] | None] = [None] * len(cols)
        improved = True
        while improved:
            improved = False
            for i, col in enumerate(cols):
                stamp = tuple(changed[other] for other, _ in sides_of[i])
                if len(col) < 2 or settled[i] == stamp:
                    continue
                swaps = changed[i]
                views = []
                for j, (other, edges) in enumerate(sides_of[i]):
                    side = held[i][j]
                    if side is None or side[0] != changed[other]:
                        pos = {k: n for n, k in enumerate(cols[other])}
                        near = {k: [pos[e[0]]] if len(e) == 1 else sorted(pos[x] for x in e) for k in col if (e := edges.get(k))}
                        side = held[i][j] = (changed[other], near, {})
                    views.append(side)
                for n in range(len(col) - 1):
                    u, v = col[n], col[n + 1]
                    above = below = 0  # crossings with u just above v, and with v just above u
                    for _, near, known in views:
                        nu, nv = near.get(u), near.get(v)
                        if nu is None or nv is None:
                            continue  # one of them has no edge to this side: nothing crosses
                        pair = known.get((u, v))
                        if pair is None:
                            pair = known[(u, v)] = _pair_crossings(nu, nv)
                        above += pair[0]
                        below += pair[1]
                    if below < above:
                        col[n], col[n + 1] = v, u
                        changed[i] += 1
                        improved = True
                settled[i] = stamp if changed[i] == swaps else None

    best, best_count = [list(c) for c in cols], total(cols)
    for _ in range(SWEEPS):
        if best_count == 0:
            break
        before = [list(c) for c in cols]
        for i in range(1, len(cols)):
            cols[i] = resort(cols[i], left_of[i - 1], cols[i - 1])
        for i in range(len(cols) - 2, -1, -1):
            cols[i] = resort(cols[i], right_of[i], cols[i + 1])
        transpose()
        if cols == before:  # a sweep depends only on the orders it starts from: the rest would repeat it
            break
        count = total(cols)
        if count < best_count:
            best, best_count = [list(c) for c in cols], count
    return best


def place(heights: list[float], wanted: list[float], top: float, bottom: float, gap: float) -> list[float]:
    """Tops for boxes of `heights`, in this order, each as near its `wanted` centre as the
    boxes before and after it allow, within [top, bottom]."""
    ys = [w - h / 2 for w, h in zip(wanted, heights, strict=True)]
    for i in range(len(ys)):
        ys[i] = max(ys[i], top if i == 0 else ys[i - 1] + heights[i - 1] + gap)
    for i in range(len(ys) - 1, -1, -1):
        ys[i] = min(ys[i], bottom - heights[i] if i == len(ys) - 1 else ys[i + 1] - heights[i] - gap)
    for i in range(len(ys)):  # back down, should the bottom have pushed the first above the top
        ys[i] = max(ys[i], top if i == 0 else ys[i - 1] + heights[i - 1] + gap)
    return ys


@dataclass
class Network:
    """Columns of node keys (`kinds[i]` says what column i holds), the edges between
    neighbouring columns, and alliances between nodes of the first column."""

    kinds: list[str]
    columns: list[list[str]]
    links: list[list[tuple[str, str]]]
    allies: list[tuple[str, str]]


def draw(r: Renderer, net: Network, title: str, ident: str, labels: dict[tuple[str, str], str] | None = None) -> Markup:
    """The network as a picture: a column per kind, boxes linked to their pages."""
    labels = labels or {}
    cols = order(net.columns, net.links)
    arc_room = ARC_ROOM if net.allies else 4
    xs = [arc_room + n * (COL_W + GAP) for n in range(len(cols))]
    names: dict[tuple[str, str], str] = {}
    heights: list[list[float]] = []
    for kind, col in zip(net.kinds, cols, strict=True):
        hs = []
        for k in col:
            words = labels.get((kind, k)) or r.g.name(Ref(kind, k))
            names[(kind, k)] = words
            hs.append(box_height(lines_needed(words, COL_W - 12, most=LINES[kind], bold=kind == "group")))
        heights.append(hs)
    gap = 8
    height = TOP + max((sum(h) + gap * (len(h) - 1) for h in heights if h), default=0) + 8
    tops: list[dict[str, float]] = []
    for i, col in enumerate(cols):
        if i == 0 or not col:
            start = TOP + (height - 8 - TOP - (sum(heights[i]) + gap * (len(col) - 1))) / 2
            ys, y = [], start
            for h in heights[i]:
                ys.append(y)
                y += h + gap
        else:
            prev = tops[i - 1]
            prev_height = dict(zip(cols[i - 1], heights[i - 1], strict=True))
            back: dict[str, list[float]] = {k: [] for k in col}
            for a, b in net.links[i - 1]:
                back[b].append(prev[a] + prev_height[a] / 2)
            even = [TOP + (height - 8 - TOP) * (n + 0.5) / len(col) for n in range(len(col))]
            wanted = [sum(back[k]) / len(back[k]) if back[k] else even[n] for n, k in enumerate(col)]
            ys = place(heights[i], wanted, TOP, height - 8, gap)
        tops.append(dict(zip(col, ys, strict=True)))
    centre = [{k: tops[i][k] + h / 2 for k, h in zip(cols[i], heights[i], strict=True)} for i in range(len(cols))]

    edges: list[str] = []
    for i, pairs in enumerate(net.links):
        strong = net.kinds[i + 1] == "scenario"
        for a, b in sorted(pairs, key=lambda e: (centre[i][e[0]], centre[i + 1][e[1]])):
            edges.append(line(xs[i] + COL_W, centre[i][a], xs[i + 1], centre[i + 1][b], 2.5 if strong else 1.5, "#1d5f91" if strong else "#78909c"))
    for a, b in sorted(net.allies, key=lambda e: (centre[0][e[0]], centre[0][e[1]])):
        y1, y2 = sorted((centre[0][a], centre[0][b]))
        bulge = min(10 + (y2 - y1) * 0.25, arc_room - 4)
        x = xs[0]
        edges.append(
            f'<path d="M{x} {y1:.1f}C{x - bulge:.1f} {y1:.1f} {x - bulge:.1f} {y2:.1f} {x} {y2:.1f}" fill="none" stroke="#b26a00" stroke-width="1.5"/>'
        )
    links: Links = []
    parts = [text(xs[i], 18, HEADS[kind], 12, weight="bold") for i, kind in enumerate(net.kinds)]
    if net.allies:
        parts.append(text(4, height + 14, "Arcs at the left join allies.", 12))
        height += 22
    for i, kind in enumerate(net.kinds):
        for k, h in zip(cols[i], heights[i], strict=True):
            y = tops[i][k]
            box = node(xs[i], y, COL_W, h, FILL[kind], names[(kind, k)], lines=LINES[kind], weight="bold" if kind == "group" else "normal")
            parts.append(linked(links, r.href(r.src(Ref(kind, k))), (xs[i], y, COL_W, h), box))
    width = xs[-1] + COL_W + 10
    return picture(int(width), int(height) + 4, title, "".join(edges) + "".join(parts), ident, links=links)


# ---- pages ----------------------------------------------------------------------------------
def _connected(r: Renderer) -> list[str]:
    g = r.g
    return r.by_name("partner", {p for p in g.partners if g.partner_groups.get(p) or g.allies.get(p)})


def map_page(r: Renderer) -> Rendered:
    page = r.site_page("map")
    g = r.g
    groups = r.by_name("group", g.groups)
    scenarios = r.by_name("scenario", g.scenarios)
    partners = _connected(r)
    group_scenarios = [(gr, s) for s in scenarios for gr in g.scenarios[s].groups if gr in g.groups]
    own_maps = [(gr, map_src(gr)) for gr in groups if map_src(gr) in r.generated]
    if len(partners) <= WHOLE_MAP_LIMIT:
        page.html(
            para(
                "Who works with whom: each partner joined to the practice groups it sits in, each group to the shared work "
                "it carries, and allies joined by arcs. Each box links to its page; the table below the picture says the same "
                "in words, and each partner's own page lists its connections."
            )
        )
        shown = set(partners)
        net = Network(
            ["partner", "group", "scenario"],
            [partners, groups, scenarios],
            [[(p, gr) for p in partners for gr, _ in g.partner_groups.get(p, [])], group_scenarios],
            _alliances(r, shown),
        )
        rows: list[list[object]] = [
            [
                r.partner(p),
                join(r.to(Ref("group", gr)) for gr in r.by_name("group", dict(g.partner_groups.get(p, [])))) or "none",
                join(r.to(Ref("scenario", s)) for s in r.by_name("scenario", g.partner_scenarios.get(p, []))) or "none",
                join(r.partner(a) for a in r.by_name("partner", g.allies.get(p, []))) or "none",
            ]
            for p in partners
        ]
        page.html(
            figure(
                draw(r, net, "Relationship map: partners, practice groups and shared work", "cop-map-picture"),
                table(["Partner", "Practice groups", "Shared work", "Allies"], rows, row_headers=True),
                "Partners (left) in their practice groups (middle), the groups' shared work (right); arcs join allies.",
                "Relationship map",
            ),
            late=True,
        )
    else:
        page.html(
            para(
                f"Who works with whom, in {plural(len(partners), 'connected partner')}: too many for one readable picture, so "
                "this map shows each practice group with its members and the shared work it carries, and each group has its "
                "own map of its members, the other groups two or more of them share and their alliances (listed below)."
            )
        )
        members = {gr: len({m.partner for m in g.groups[gr].members} | set(g.groups[gr].conveners)) for gr in groups}
        page.html(
            figure(
                _group_cards(r, groups, members),
                table(
                    ["Practice group", "Members", "Shared work"],
                    [
                        [
                            r.to(Ref("group", gr)),
                            str(members[gr]),
                            join(r.to(Ref("scenario", s)) for s in r.by_name("scenario", g.group_scenarios.get(gr, []))) or "none",
                        ]
                        for gr in groups
                    ],
                    row_headers=True,
                ),
                "Each practice group with its number of members and the shared work it carries; each box leads to the group's own map.",
                "Relationship map",
            ),
            late=True,
        )
    if own_maps:
        page.heading(2, "Each group's own map", late=True)
        page.html(ul(Markup('<a href="{}">{}</a>').format(r.href(src), g.groups[gr].name) for gr, src in own_maps), late=True)
    page.heading(2, "Shared work and its partners", late=True)
    items = [
        Markup("{}: {} engaged, {}").format(
            r.to(Ref("scenario", s)), plural(len(g.scenarios[s].partners), "partner"), plural(len(g.scenarios[s].groups), "group")
        )
        for s in scenarios
    ]
    page.html(ul(items) if items else para("No shared work yet."), late=True)
    return page.done()


CARD_W, CARD_GAP, CARDS_PER_ROW, CARD_ITEMS = 214, 12, 3, 5


def _group_cards(r: Renderer, groups: list[str], members: dict[str, int]) -> Markup:
    """The aggregate for a large site: a box per group (its name, its number of members, its
    shared work), three to a row, each linking to the group's own map. No edges: with
    dozens of groups, lines between them would only cross."""
    g = r.g
    links: Links = []
    room, step, pad = CARD_W - 16, MIN_SIZE * LINE, 8
    cards = []
    for gr in groups:
        name = g.groups[gr].name
        work = [g.scenarios[s].title for s in r.by_name("scenario", g.group_scenarios.get(gr, []))]
        lines = [(name, 3, "bold"), (plural(members[gr], "member"), 1, "normal")]
        lines += [(w, 2, "normal") for w in work[:CARD_ITEMS]]
        if len(work) > CARD_ITEMS:
            lines.append((f"and {len(work) - CARD_ITEMS} more", 1, "normal"))
        cards.append((gr, lines, sum(lines_needed(w, room, MIN_SIZE, most, b == "bold") * step + 4 for w, most, b in lines) + 2 * pad))
    parts = []
    y = 4.0
    for start in range(0, len(cards), CARDS_PER_ROW):
        row = cards[start : start + CARDS_PER_ROW]
        h = max(c[2] for c in row)
        for n, (gr, lines, _) in enumerate(row):
            x = 4 + n * (CARD_W + CARD_GAP)
            inner = [rect(x, y, CARD_W, h, FILL["group"])]
            ty = y + pad
            for words, most, weight in lines:
                drawn, used = label(x + pad, ty + MIN_SIZE, words, room, MIN_SIZE, most, weight=weight)
                inner.append(drawn)
                ty += used * step + 4
            parts.append(linked(links, r.href(map_src(gr)), (x, y, CARD_W, h), "<g>" + "".join(inner) + "</g>"))
        y += h + CARD_GAP
    width = 8 + CARDS_PER_ROW * CARD_W + (CARDS_PER_ROW - 1) * CARD_GAP
    return picture(int(width), int(y), "Relationship map: each practice group, its members and its shared work", "".join(parts), "cop-map-picture", links=links)


def _alliances(r: Renderer, shown: set[str]) -> list[tuple[str, str]]:
    return sorted({tuple(sorted((a, b))) for a in shown for b in r.g.allies.get(a, []) if b in shown and a != b})  # type: ignore[misc]


def group_map_page(r: Renderer, group: str) -> Rendered:
    """One group's network: its members, the other groups they sit in, the shared work this
    group carries, and the alliances among its members."""
    g = r.g
    grp = g.groups[group]
    page = r.start(map_src(group))
    page.title(f"Relationship map: {grp.name}")
    members = r.by_name("partner", {m.partner for m in grp.members} | set(grp.conveners))
    members = [m for m in members if m in g.partners]
    in_groups = {m: [gr for gr, _ in g.partner_groups.get(m, []) if gr in g.groups] for m in members}
    # The picture shows where members meet one another outside this group: another group
    # that only one of them sits in joins nobody here. On a large directory a group's members
    # sit in dozens of groups, most of them alone, and a column of dozens of boxes would only
    # tangle. The table lists every member's every group.
    sharing = Counter(gr for grs in in_groups.values() for gr in set(grs))
    shown = {gr for gr, n in sharing.items() if n >= 2} | {group}
    groups = r.by_name("group", shown)
    scenarios = r.by_name("scenario", g.group_scenarios.get(group, []))
    page.html(
        para(
            Markup(
                "Who works with whom in {}: its {}, the other practice groups two or more of them share, and the shared "
                "work the group carries. The table below the picture lists every group each member sits in. The "
                '<a href="{}">relationship map</a> shows every group.'
            ).format(r.to(Ref("group", group)), plural(len(members), "member"), r.href("map/index.md"))
        )
    )
    net = Network(
        ["partner", "group", "scenario"],
        [members, groups, scenarios],
        [[(m, gr) for m in members for gr in in_groups[m] if gr in shown], [(group, s) for s in scenarios]],
        _alliances(r, set(members)),
    )
    rows: list[list[object]] = [
        [
            r.partner(m),
            join(r.to(Ref("group", gr)) for gr in r.by_name("group", in_groups[m]) if gr != group) or "none",
            join(r.partner(a) for a in r.by_name("partner", g.allies.get(m, [])) if a in members) or "none",
        ]
        for m in members
    ]
    page.html(
        figure(
            draw(r, net, f"Relationship map of {grp.name}", f"cop-map-{group}"),
            table(["Member", "Other practice groups", "Allies in this group"], rows, row_headers=True),
            "Members (left) in this group and the other practice groups two or more of them share (middle), "
            "this group's shared work (right); arcs join allies.",
            "Relationship map",
        ),
        late=True,
    )
    return page.done()
