"""Every page type as the engine writes it, pinned in golden files (tests/golden/pages/), so a
change to rendering shows up as a reviewable diff. After a deliberate change, rewrite them:

    COP_SITE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_snapshots.py

then read `git diff tests/golden/pages` before committing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cop_site import pipeline
from cop_site.plan import plan_site
from helpers import write_site
from test_site import FILES

# Names and roles with every character HTML and Markdown treat specially: each must read on
# the page exactly as written, escaped once (a second escaping shows as "&amp;amp;").
HOSTILE = {
    "content/partners/parents-teachers.md": """
        ---
        name: Parents & <Teachers> "United" *now*
        category: families-students
        level: local
        ---
        """,
    "content/groups/r-and-d/index.md": """
        ---
        name: "R&D <Circle> [[not-a-link]]"
        focus: "Research & development 'in practice' <with> *care*"
        conveners: [parents-teachers]
        members:
          - {partner: valley-college, role: "R&D <lead>"}
          - {partner: state-agency, role: 'Q&A "host" <b>bold</b>'}
        assessments:
          - date: 2025-03-01
            participants: [parents-teachers, valley-college]
            scores: {shared-goals: developing, advocacy: emerging}
            evidence: {shared-goals: "Minutes of 3 <b>sessions</b> & a *draft* charter"}
            next_steps: {advocacy: "Ask the board for a letter [[not-a-link]] & <i>say</i> why"}
        ---
        """,
}
GOLDEN = Path(__file__).parent / "golden" / "pages"
UPDATE = os.environ.get("COP_SITE_UPDATE_GOLDEN") == "1"


def rendered_pages(tmp: Path) -> dict[str, str]:
    """Source path -> the page's assembled HTML, for every entity and generated page."""
    site = write_site(tmp, {**FILES, **HOSTILE})
    # Pages that compare with "today" (progress/, calendar/) are pinned to one day.
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"  # 2026-01-01
    try:
        return _render(site)
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _render(site: Path) -> dict[str, str]:
    result = pipeline.run(site, site / "content", {})
    # The plan the plugin and `cop-site generate` build from (directory URLs, no permalinks).
    return {page.src: page.rendered.assembled() for page in plan_site(result).pages}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return rendered_pages(tmp_path_factory.mktemp("snap"))


def golden_path(src: str) -> Path:
    return GOLDEN / (src[: -len(".md")].replace("/", "__") + ".html")


def test_every_page_matches_its_golden_file(pages: dict[str, str]) -> None:
    if UPDATE:
        for old in GOLDEN.glob("*.html"):
            old.unlink()
        for src, html in pages.items():
            golden_path(src).write_text(html, "utf-8")
    expected = {p.name for p in GOLDEN.glob("*.html")}
    assert expected == {golden_path(src).name for src in pages}, "pages were added or removed: rewrite the golden files"
    changed = [src for src, html in sorted(pages.items()) if golden_path(src).read_text("utf-8") != html]
    assert not changed, f"rendering changed for {changed}; if that is deliberate, set COP_SITE_UPDATE_GOLDEN=1 and review the diff"


def test_the_golden_files_cover_every_page_type(pages: dict[str, str]) -> None:
    kinds = {"partners/", "groups/", "scenarios/", "topics/", "gaps/groups/", "gaps/scenarios/"}
    assert all(any(src.startswith(k) for src in pages) for k in kinds)
    for index in ("partners/index.md", "groups/index.md", "scenarios/index.md", "topics/index.md", "gaps/index.md"):
        assert index in pages


def test_hostile_names_and_roles_are_escaped_once(pages: dict[str, str]) -> None:
    group = pages["groups/r-and-d/index.md"]
    assert "(R&amp;D &lt;lead&gt;)" in group, "a member's role reads exactly as written"
    assert 'Q&amp;A "host" &lt;b&gt;bold&lt;/b&gt;' in group
    assert "R&amp;D &lt;Circle&gt;" in group
    partner = pages["partners/valley-college.md"]
    assert "(R&amp;D &lt;lead&gt;)" in partner, "the role on the member's own page too"
    everything = "".join(pages.values())
    assert "&amp;amp;" not in everything and "&amp;lt;" not in everything, "nothing is escaped twice"
    assert "<Teachers>" not in everything and "<lead>" not in everything and "<b>bold" not in everything
