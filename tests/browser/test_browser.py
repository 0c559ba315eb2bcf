"""Issue 5: the published example site in a real browser, under a GitHub-Pages-like sub-path:
every page type loads cleanly, is reachable by clicking, is searchable, and has no serious
or critical axe-core violation in the light or the dark palette."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "partner": "partners/valley-college/",
    "individual partner": "partners/renata-solberg/",
    "group": "groups/secondary-rti/",
    "note": "groups/secondary-rti/2025-06-10-progress-report/",
    "scenario": "scenarios/p16-system/",
    "partners directory": "partners/",
    "groups directory": "groups/",
    "scenarios directory": "scenarios/",
    "topics": "topics/",
    "topic": "topics/secondary-rti/",
    "gap page": "gaps/groups/secondary-rti/",
    "scenario gap page": "gaps/scenarios/p16-system/",
    "overview": "gaps/",
    "help": "help/editing/",
}

AXE = Axe()


def serious(page) -> list[str]:
    results = AXE.run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_cleanly_and_is_accessible(site_url: str, visit, name: str, scheme: str) -> None:
    v = visit(site_url + PAGES[name], color_scheme=scheme)
    assert v.page.locator("h1").count() >= 1
    assert not v.problems(), v.problems()
    assert not serious(v.page), serious(v.page)


def test_404_page_works_under_the_sub_path(site_url: str, visit) -> None:
    v = visit(site_url + "no/such/page/", expect_status=404)
    assert "404" in v.page.locator("h1").inner_text()
    assert not v.problems(), v.problems()
    # its stylesheet loaded from the sub-path: Material's header is styled (fixed position)
    assert v.page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") in ("sticky", "fixed")
    assert not serious(v.page)


def test_sections_are_reachable_by_clicking_from_home(site_url: str, visit) -> None:
    page = visit(site_url).page
    sidebar = page.locator("nav.md-nav--primary")
    sidebar.get_by_role("link", name="Partners", exact=True).first.click()
    page.wait_for_url("**/partners/")
    article = page.locator("article")
    article.get_by_role("link", name="Larkin Valley College").first.click()
    page.wait_for_url("**/partners/valley-college/")
    article.get_by_role("link", name="P-16 Pathways Practice Group").first.click()
    page.wait_for_url("**/groups/p16-pathways/")
    article.get_by_role("link", name="Who isn't here?").first.click()
    page.wait_for_url("**/gaps/groups/p16-pathways/")
    assert "Who to invite" in page.content()

    page.goto(site_url)
    page.locator("nav.md-nav--primary").get_by_role("link", name="Topics", exact=True).first.click()
    page.wait_for_url("**/topics/")
    page.locator("article").get_by_role("link", name="dual-enrollment", exact=True).first.click()
    page.wait_for_url("**/topics/dual-enrollment/")

    page.goto(site_url)
    page.locator("nav.md-nav--primary").get_by_role("link", name="Who isn't here?", exact=True).first.click()
    page.wait_for_url("**/gaps/")
    assert page.locator("table").first.locator("th").count() > 5


@pytest.mark.parametrize(
    ("query", "expected_url"),
    [
        ("Riverbend", "partners/riverbend-behavioral-health/"),  # a partner by name
        ("wraparound", "groups/behavior-human-services/2025-04-22-wraparound-learning-exchange/"),  # a note by its body
    ],
)
def test_search_finds_partners_and_notes(site_url: str, visit, query: str, expected_url: str) -> None:
    page = visit(site_url).page
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # typed key by key: Material searches on keyboard events, as a reader types
    page.locator("input.md-search__input").press_sequentially(query, delay=30)
    result = page.locator(f'.md-search-result__list a[href*="{expected_url}?"]').first
    result.wait_for(timeout=15000)
    result.click()
    page.wait_for_url("**/" + expected_url + "**")


def test_the_checks_catch_a_broken_page(tmp_path, serve_folder, visit) -> None:
    """The helpers above must be able to fail: a page with a script error, a missing image
    without alt text and a third-party font is caught on every count."""
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken/index.html").write_text(
        "<!doctype html><html lang=en><head><title>Broken</title>"
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto"></head>'
        '<body><main><h1>Broken</h1><img src="missing.png"><script>throw new Error("boom")</script></main></body></html>',
        "utf-8",
    )
    with serve_folder(tmp_path) as base:
        v = visit(base + "broken/")
    assert any("boom" in e for e in v.console_errors), v.console_errors
    assert any("missing.png" in f for f in v.failed), v.failed
    assert any("fonts.googleapis.com" in f for f in v.foreign), v.foreign
    assert any(s.startswith("image-alt") for s in serious(v.page))
