"""Issue 19: the self-assessment worksheets on paper. Chromium prints each one (A4 and US
Letter) to PDF as a reader's "Print" would; the PDF's text, page by page, shows a cover, then
each domain starting on a page of its own (never two domains on one page) and each indicator
whole on one page. Under print media at the printable width, no element of a worksheet
reaches past the page's edge and no indicator is taller than a page."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cop_site.settings import build_settings

pytestmark = pytest.mark.browser

TAX = build_settings({}, Path("."))[0].taxonomy
WORKSHEETS = {
    "blank": "rubric/worksheet/",
    "partner": "partners/valley-college/worksheet/",
    "group": "groups/secondary-rti/worksheet/",
    "scenario": "scenarios/p16-system/worksheet/",
}
MARGIN_MM = 12
PAPER_MM = {"A4": (210, 297), "Letter": (215.9, 279.4)}
PX_PER_MM = 96 / 25.4


@pytest.fixture(scope="module")
def pdftotext() -> str:
    found = shutil.which("pdftotext")
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext is not installed; .ci/run installs Debian's poppler-utils", pytrace=False)
        pytest.skip("the worksheet print tests need pdftotext (apt-get install poppler-utils; bash .ci/run does it)")
    return found


def page_texts(pdf: Path, tool: str) -> list[str]:
    text = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.mark.parametrize("paper", list(PAPER_MM))
@pytest.mark.parametrize("which", list(WORKSHEETS))
def test_a_worksheet_prints_a_cover_then_each_domain_on_pages_of_its_own(site_url: str, visit, pdftotext: str, tmp_path: Path, which: str, paper: str) -> None:
    v = visit(site_url + WORKSHEETS[which])
    assert not v.problems()
    v.page.emulate_media(media="print")
    pdf = tmp_path / f"{which}-{paper}.pdf"
    margin = f"{MARGIN_MM}mm"
    v.page.pdf(path=str(pdf), format=paper, margin={"top": margin, "bottom": margin, "left": margin, "right": margin})
    pages = page_texts(pdf, pdftotext)
    domains = [d.label for d in TAX.domains.values()]
    # A domain's heading is a line of its own; an indicator's too (its label, alone on its line).
    starts = [[d for d in domains if any(line.strip() == d for line in text.splitlines())] for text in pages]
    assert "Date of this sitting" in pages[0] and not starts[0], "the cover is a page of its own"
    assert all(len(found) <= 1 for found in starts), f"two domains on one page: {starts}"
    first_pages = [n for n, found in enumerate(starts) if found]
    assert [starts[n][0] for n in first_pages] == domains, "each domain starts a page, in order"
    bounds = first_pages + [len(pages)]
    for d, (start, stop) in enumerate(zip(bounds, bounds[1:], strict=False)):
        per_domain = stop - start
        count = sum(1 for i in TAX.indicators.values() if i.domain == list(TAX.domains)[d])
        assert 1 <= per_domain <= (count + 1) // 2, f"{domains[d]} takes {per_domain} pages for {count} indicators on {paper}"
    for n, text in enumerate(pages[1:], 1):
        lines = [line.strip() for line in text.splitlines()]
        here = [i.label for i in TAX.indicators.values() if i.label in lines]
        # each indicator whole: its heading and its writing space on the same page
        assert lines.count("Evidence and next step") == len(here), f"page {n + 1} splits an indicator: {here}"
    if which != "blank":
        assert "(last sitting," in "".join(pages) and "Evidence so far" in "".join(pages)


@pytest.mark.parametrize("paper", list(PAPER_MM))
def test_nothing_on_a_worksheet_reaches_past_the_printable_area(site_url: str, browser, paper: str) -> None:
    width_mm, height_mm = PAPER_MM[paper]
    width = round((width_mm - 2 * MARGIN_MM) * PX_PER_MM)
    height = round((height_mm - 2 * MARGIN_MM) * PX_PER_MM)
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        for which, path in WORKSHEETS.items():
            page.goto(site_url + path, wait_until="networkidle")
            found = page.evaluate(
                """([width, height]) => {
                    const out = [];
                    const root = document.querySelector('.md-content');
                    for (const el of root.querySelectorAll('*')) {
                        const r = el.getBoundingClientRect();
                        if ((!r.width && !r.height) || el.closest('.cop-sr-only')) continue;  // screen-reader text clips on purpose
                        if (r.left < -0.5 || r.right > width + 0.5) out.push(`${el.tagName}.${el.className} spans ${r.left}..${r.right}`);
                        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
                            out.push(`${el.tagName}.${el.className} clips ${el.scrollWidth} > ${el.clientWidth}`);
                    }
                    for (const el of root.querySelectorAll('.cop-ws-indicator')) {
                        const h = el.getBoundingClientRect().height;
                        if (h > height) out.push(`an indicator is ${h}px tall, the page ${height}px`);
                    }
                    if (document.documentElement.scrollWidth > width + 1) out.push(`the page is ${document.documentElement.scrollWidth}px wide`);
                    return out;
                }""",
                [width, height],
            )
            assert page.locator(".cop-ws-indicator").count() == len(TAX.indicators)
            assert not found, f"{which} on {paper}: {found[:5]}"
    finally:
        context.close()
