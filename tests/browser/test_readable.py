"""Issue 23: pictures and pages people can read on a laptop (1280 px), on a phone (390 px)
and on paper, measured in Chromium on the example site and on a generated 3,000-partner site.

For every page type, at both widths:
- nothing in the article reaches past the screen's edge unless it is inside a named scroll
  region that takes the keyboard's focus (`role="region"`, `aria-label`, `tabindex="0"`);
- in every picture, no text spills out of its box (the first rectangle of its group) or out of
  the picture, and no two labels overlap: their getBBox() boxes, in the picture's own
  coordinates (rotated labels included), are compared;
- text in pictures is drawn at least 11 px high (font size times the picture's scale).
On partner profiles, each connection (group, shared work, ally) is listed once. The
relationship map's edge crossings and label overlaps are counted and bounded."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from example_pages import GENERATED, PAGES

from helpers import ROOT, run

pytestmark = pytest.mark.browser

# The page types of example_pages measured here (not, so far, the partner with a relationship
# history, the tracked scenario, or the partner's and scenario's worksheets), with the
# configuration page for help: of the help pages it holds the most tables.
MEASURED = [
    "home",
    "partner",
    "individual partner",
    "group",
    "note",
    "scenario",
    "help",
    "partners directory",
    "groups directory",
    "scenarios directory",
    "topics index",
    "topic",
    "gap page",
    "scenario gap page",
    "overview",
    "tools",
    "grid",
    "stages",
    "rubric",
    "conditions",
    "map",
    "group map",
    "progress",  # issue 21: measure charts and milestones of every piece of shared work
    "calendar",
    # issue 19: an indicator page and the worksheets printed for a sitting
    "indicator",
    "blank worksheet",
    "group worksheet",
]
EXAMPLE_PAGES = {name: PAGES[name] for name in MEASURED} | {"help": "help/configuration/"}
WIDTHS = (1280, 390)

# Everything a page is measured for, in one pass in the page (see the module's note).
MEASURE = """
() => {
  const out = {overflow: [], spill: [], overlap: [], small: [], labels: 0};
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw + 1) out.overflow.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + vw);
  const named = el => el.closest('[role=region][aria-label][tabindex="0"]');
  const say = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && el.className.baseVal === undefined ? '.' + String(el.className).split(' ').join('.') : '')
    + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  for (const el of document.querySelectorAll('article *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || (r.right <= vw + 1 && r.left >= -1)) continue;
    if (!named(el)) out.overflow.push(say(el) + ' reaches ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  for (const region of document.querySelectorAll('article [role=region]')) {
    if (!region.getAttribute('aria-label') || region.getAttribute('tabindex') !== '0') out.overflow.push('unnamed or unfocusable region ' + say(region));
  }
  for (const svg of document.querySelectorAll('article svg.cop-svg[role=img]')) {
    const toSvg = svg.getScreenCTM().inverse();
    const scale = svg.getScreenCTM().a;
    const box = el => {  // el's getBBox() in the picture's own coordinates (its transforms applied)
      const b = el.getBBox();
      const m = toSvg.multiply(el.getScreenCTM());
      const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]];
      const pts = corners.map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
      const xs = pts.map(p => p.x), ys = pts.map(p => p.y);
      return {x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys)};
    };
    const inside = (a, b) => a.x1 >= b.x1 - 0.5 && a.y1 >= b.y1 - 0.5 && a.x2 <= b.x2 + 0.5 && a.y2 <= b.y2 + 0.5;
    const view = svg.viewBox.baseVal;
    const whole = {x1: view.x, y1: view.y, x2: view.x + view.width, y2: view.y + view.height};
    const texts = [...svg.querySelectorAll('text')];
    const boxes = texts.map(box);
    out.labels += texts.length;
    const name = svg.querySelector('title').textContent;
    texts.forEach((t, i) => {
      const b = boxes[i];
      if (!inside(b, whole)) out.spill.push(name + ': "' + t.textContent + '" leaves the picture');
      let g = t.parentElement;
      while (g !== svg && !(g.tagName === 'g' && g.firstElementChild && g.firstElementChild.tagName === 'rect')) g = g.parentElement;
      if (g !== svg && !inside(b, box(g.firstElementChild))) out.spill.push(name + ': "' + t.textContent + '" leaves its box');
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < 11) out.small.push(name + ': "' + t.textContent + '" at ' + px.toFixed(1) + ' px');
    });
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1), h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
        if (w > 0.5 && h > 0.5) out.overlap.push(name + ': "' + texts[i].textContent + '" overlaps "' + texts[j].textContent + '"');
      }
    }
  }
  return out;
}
"""

# The map's edges (lines) in the picture's coordinates, for counting crossings.
EDGES = """
() => [...document.querySelectorAll('article svg.cop-svg[role=img] line')].map(l => [l.x1, l.y1, l.x2, l.y2].map(a => a.baseVal.value))
"""


def crossings(lines: list[list[float]]) -> int:
    """Pairs of segments that cross inside both (sharing an end is not a crossing)."""

    def cross(a: list[float], b: list[float]) -> bool:
        (x1, y1, x2, y2), (x3, y3, x4, y4) = a, b
        d = (x2 - x1) * (y4 - y3) - (y2 - y1) * (x4 - x3)
        if d == 0:
            return False
        t = ((x3 - x1) * (y4 - y3) - (y3 - y1) * (x4 - x3)) / d
        u = ((x3 - x1) * (y2 - y1) - (y3 - y1) * (x2 - x1)) / d
        return 1e-6 < t < 1 - 1e-6 and 1e-6 < u < 1 - 1e-6

    return sum(cross(lines[i], lines[j]) for i in range(len(lines)) for j in range(i + 1, len(lines)))


def measure(browser, url: str, width: int) -> dict:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == 200, url
        return page.evaluate(MEASURE)
    finally:
        context.close()


def assert_readable(found: dict, where: str) -> None:
    problems = found["overflow"] + found["spill"] + found["overlap"] + found["small"]
    assert not problems, f"{where}:\n" + "\n".join(problems[:15])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(EXAMPLE_PAGES))
def test_example_pages_fit_and_their_pictures_read(site_url: str, browser, name: str, width: int) -> None:
    found = measure(browser, site_url + EXAMPLE_PAGES[name], width)
    assert_readable(found, f"{name} at {width} px")


def test_the_measures_catch_what_the_issue_saw(tmp_path: Path, serve_folder, browser) -> None:
    """A picture shrunk to a phone's width, a label spilling out of its box, two labels on top
    of each other and a wide table outside any named region: each is caught."""
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad/index.html").write_text(
        "<!doctype html><html lang=en><head><title>Bad</title></head><body><article>"
        '<svg class="cop-svg" role="img" viewBox="0 0 800 100" style="width:100%"><title>Bad map</title>'
        '<g><rect x="0" y="0" width="60" height="30"/><text x="4" y="20" font-size="12">P-16 Pathways Practice Group</text></g>'
        '<text x="300" y="60" font-size="12">Influence</text><text x="310" y="62" font-size="12">Medium</text></svg>'
        '<div style="overflow-x:auto"><table><tr><td style="min-width:2000px">wide</td></tr></table></div>'
        "</article></body></html>",
        "utf-8",
    )
    with serve_folder(tmp_path) as base:
        found = measure(browser, base + "bad/", 390)
    assert any("leaves its box" in s for s in found["spill"]), found
    assert any("overlaps" in s for s in found["overlap"]), found
    assert any(" px" in s for s in found["small"]), found
    assert any("reaches" in s for s in found["overflow"]), found


def test_each_connection_is_listed_once_on_a_profile(site_url: str, visit) -> None:
    """Valley College's groups, shared work and allies are each linked once in the profile's
    lists and tables (the author's own prose aside), and the picture names the partner whole."""
    cop = visit(site_url + "cop.json").page.evaluate("() => JSON.parse(document.body.innerText)")
    check_connections_once(visit, site_url, "valley-college", cop)


def check_connections_once(visit, base: str, slug: str, cop: dict) -> None:
    page = visit(base + f"partners/{slug}/").page
    partner = cop["partners"][slug]
    names = [cop["groups"][g]["name"] for g in partner.get("groups", [])]
    names += [cop["scenarios"][s]["title"] for s in partner.get("scenarios", [])]
    allies = set(partner.get("alliances", [])) | {p for p, other in cop["partners"].items() if slug in other.get("alliances", [])}
    names += [cop["partners"][a]["name"] for a in sorted(allies) if a in cop["partners"] and a != slug]
    assert names, f"{slug} has no connections to check"
    listed = page.evaluate(
        "() => [...document.querySelectorAll('article li a, article td a, article th a')]"
        ".filter(a => !a.closest('svg, details')).map(a => a.textContent.trim())"
    )
    for name in names:
        assert listed.count(name) == 1, f"{name!r} is listed {listed.count(name)} times on {slug}'s profile"
    # the partner's own name, whole, in its map (its lines joined: the issue saw it clipped)
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('svg[id^=\"cop-neighbours\"] text, svg[aria-labelledby^=\"cop-neighbours\"] text')]"
        ".map(t => [...t.childNodes].map(n => n.textContent).join(' '))"
    )
    assert partner["name"] in drawn, (partner["name"], drawn)


def members_of(group: dict) -> list[str]:
    out = list(group.get("conveners", []))
    for m in group.get("members", []):
        out.append(m if isinstance(m, str) else m.get("partner"))
    return out


def test_the_profile_is_about_half_as_tall(site_url: str, browser) -> None:
    """Valley College's profile was 6,599 px tall at 1280 px before issue 23 (measured in this
    Chromium); every connection is still there, once."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + "partners/valley-college/", wait_until="networkidle")
        height = page.evaluate("document.documentElement.scrollHeight")
    finally:
        context.close()
    assert height <= 0.6 * 6599, height


def test_the_map_has_few_crossings_and_no_overlapping_labels(site_url: str, browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + "map/", wait_until="networkidle")
        found = page.evaluate(MEASURE)
        lines = page.evaluate(EDGES)
    finally:
        context.close()
    assert found["labels"] > 30 and not found["overlap"] and not found["spill"], found
    # 29 edges between 25 partners, 3 groups and 3 pieces of shared work; two partners sit in
    # all three groups and two in two, which forces crossings: 17 is the fewest this layout
    # finds (a columns-by-name drawing had more than 100).
    assert len(lines) >= 25
    assert crossings(lines) <= 20, crossings(lines)


# ---- the 3,000-partner site -------------------------------------------------------------------


@pytest.fixture(scope="session")
def big_site(tmp_path_factory: pytest.TempPathFactory, serve_folder, build_served) -> Iterator[tuple[str, dict]]:
    """benchmarks/generate.py's "directory" mix at 3,333 documents: 3,000 partners, 33 groups,
    67 pieces of shared work, 232 notes; built once per session (about a minute)."""
    src = tmp_path_factory.mktemp("big-src")
    made = run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(src), "--size", "3333", "--mix", "directory"], ROOT)
    assert made.returncode == 0, made.output
    out = tmp_path_factory.mktemp("big") / "site"
    with serve_folder(out) as base:
        build_served(src, out, base)
        cop = json.loads((out / "cop.json").read_text("utf-8"))
        assert len(cop["partners"]) == 3000
        yield base, cop


def big_pages(cop: dict) -> dict[str, str]:
    """One page of each type on the big site, chosen from its data: the most connected partner
    (the fullest profile), the largest group and its first note, a gap page."""
    groups = cop["groups"]
    biggest = max(groups, key=lambda g: (len(members_of(groups[g])), g))
    counts: dict[str, int] = {}
    for g in groups.values():
        for m in members_of(g):
            counts[m] = counts.get(m, 0) + 1
    partner = max(counts, key=lambda p: (counts[p] + len(cop["partners"][p].get("allies", [])), p))
    note = min(k for k, n in cop["notes"].items() if n.get("group") == biggest)
    scenario = min(cop["scenarios"])
    chosen = {
        "home": "",
        "partner": cop["partners"][partner]["url"],
        "group": groups[biggest]["url"],
        "note": cop["notes"][note]["url"],
        "scenario": cop["scenarios"][scenario]["url"],
        "gap page": f"gaps/groups/{biggest}/",
        "group map": f"map/{biggest}/",
    }
    return chosen | {name: GENERATED[name] for name in BIG_SITE_WIDE}


# The page types measured on the big site: those chosen from its data (big_pages), and those
# at the same address on every site (example_pages).
BIG_SITE_WIDE = [
    "partners directory",
    "groups directory",
    "scenarios directory",
    "topics index",
    "overview",
    "tools",
    "grid",
    "stages",
    "rubric",
    "conditions",
    "map",
]
BIG_TYPES = ["home", "partner", "group", "note", "scenario", "gap page", "group map", *BIG_SITE_WIDE]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", BIG_TYPES)
def test_a_3000_partner_site_fits_and_its_pictures_read(big_site: tuple[str, dict], browser, name: str, width: int) -> None:
    base, cop = big_site
    found = measure(browser, base + big_pages(cop)[name], width)
    assert_readable(found, f"3,000 partners: {name} at {width} px")


def test_a_3000_partner_profile_lists_each_connection_once(big_site: tuple[str, dict], visit) -> None:
    base, cop = big_site
    partner = big_pages(cop)["partner"].split("/")[1]
    check_connections_once(visit, base, partner, cop)


def test_the_3000_partner_maps_have_few_crossings(big_site: tuple[str, dict], browser) -> None:
    """The site-wide map is an aggregate (a box per group, no edges to cross); each group's map
    is a layered network whose crossings stay under one per edge."""
    base, cop = big_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base + "map/", wait_until="networkidle")
        assert page.evaluate(EDGES) == []
        assert page.locator("article svg.cop-svg[role=img] text").count() > 3 * len(cop["groups"])
        for group in sorted(cop["groups"])[:8]:
            page.goto(base + f"map/{group}/", wait_until="networkidle")
            lines = page.evaluate(EDGES)
            found = page.evaluate(MEASURE)
            assert not found["overlap"] and not found["spill"], (group, found)
            assert crossings(lines) <= len(lines), (group, crossings(lines), len(lines))
    finally:
        context.close()
