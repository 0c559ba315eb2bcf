"""The map's layout (render/maps.py `order`) keeps its work small with caches: crossings
per pair of nodes kept while the neighbouring column stands still, a column not scanned
again while nothing around it moved. Caches must not change the picture: here the layout
is compared with the plain method it speeds up (barycenter sweeps, then swapping
neighbours while that removes crossings), written out the slow, obvious way."""

from __future__ import annotations

import random

import pytest

from cop_site.render import maps


def plain_order(columns: list[list[str]], links: list[list[tuple[str, str]]]) -> list[list[str]]:
    cols = [list(c) for c in columns]
    right_of = [{k: [b for a, b in edges if a == k] for k in cols[i]} for i, edges in enumerate(links)]
    left_of = [{k: [a for a, b in edges if b == k] for k in cols[i + 1]} for i, edges in enumerate(links)]

    def crossings(left: list[str], right: list[str], edges: list[tuple[str, str]]) -> int:
        pairs = [(left.index(a), right.index(b)) for a, b in edges]
        return sum(1 for a1, b1 in pairs for a2, b2 in pairs if a1 < a2 and b2 < b1)

    def total(cs: list[list[str]]) -> int:
        return sum(crossings(cs[i], cs[i + 1], links[i]) for i in range(len(links)))

    def resort(col: list[str], neighbours: dict[str, list[str]], other: list[str]) -> list[str]:
        keyed = []
        for n, k in enumerate(col):
            near = neighbours.get(k, [])
            keyed.append((sum(other.index(x) for x in near) / len(near) * len(col) / max(len(other), 1) if near else float(n), n, k))
        return [k for _, _, k in sorted(keyed)]

    def pair_cost(u: str, v: str, i: int) -> int:
        sides = ([(left_of[i - 1], cols[i - 1])] if i > 0 else []) + ([(right_of[i], cols[i + 1])] if i < len(links) else [])
        return sum(1 for side, other in sides for a in side.get(u, []) for b in side.get(v, []) if other.index(a) > other.index(b))

    best, best_count = [list(c) for c in cols], total(cols)
    for _ in range(maps.SWEEPS):
        if best_count == 0:
            break
        for i in range(1, len(cols)):
            cols[i] = resort(cols[i], left_of[i - 1], cols[i - 1])
        for i in range(len(cols) - 2, -1, -1):
            cols[i] = resort(cols[i], right_of[i], cols[i + 1])
        improved = True
        while improved:
            improved = False
            for i, col in enumerate(cols):
                for n in range(len(col) - 1):
                    u, v = col[n], col[n + 1]
                    if pair_cost(v, u, i) < pair_cost(u, v, i):
                        col[n], col[n + 1] = v, u
                        improved = True
        count = total(cols)
        if count < best_count:
            best, best_count = [list(c) for c in cols], count
    return best


def network(rng: random.Random, sizes: tuple[int, int, int], density: float) -> tuple[list[list[str]], list[list[tuple[str, str]]]]:
    columns = [[f"{'pgs'[i]}{n}" for n in range(size)] for i, size in enumerate(sizes)]
    links = [[(a, b) for a in columns[i] for b in columns[i + 1] if rng.random() < density] for i in range(2)]
    return columns, links


@pytest.mark.parametrize("seed", range(6))
def test_the_layout_is_the_plain_method_s(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(15):
        sizes = (rng.randint(1, 25), rng.randint(1, 30), rng.randint(0, 6))
        columns, links = network(rng, sizes, rng.choice([0.05, 0.1, 0.3, 0.6]))
        assert maps.order(columns, links) == plain_order(columns, links), (columns, links)


def test_a_group_s_map_shape_is_the_plain_method_s() -> None:
    """A group's map: its members, the groups they sit in (most meet this map through one
    member), and the group's own shared work, all joined to the one group."""
    rng = random.Random(7)
    for _ in range(12):
        members = [f"p{n}" for n in range(rng.randint(5, 30))]
        groups = ["g0"] + [f"g{n}" for n in range(1, rng.randint(2, 60))]
        work = [f"s{n}" for n in range(rng.randint(0, 5))]
        edges = [(m, "g0") for m in members] + [(m, g) for m in members for g in rng.sample(groups[1:], min(len(groups) - 1, rng.randint(0, 4)))]
        columns, links = [members, groups, work], [edges, [("g0", s) for s in work]]
        assert maps.order(columns, links) == plain_order(columns, links)
