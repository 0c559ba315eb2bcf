"""Issue 12: each entity page says how to reference it, and a consultancy note shows its
fields (CONTENT-MODEL v2)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import mkdocs_build, write_site
from test_check import VALID

CONSULTANCY = """
    ---
    title: Bus schedules
    date: 2025-09-16
    kind: consultancy
    presenter: valley-college
    problem: Buses leave too early for an afternoon intervention block.
    question: Where else could the time come from?
    feedback:
      - Try a morning block.
      - Fold it into advisory.
    ---
    """


def test_reference_lines_and_consultancy_fields(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {**VALID, "content/groups/pathways/2025-09-16-bus.md": CONSULTANCY})
    build, out = mkdocs_build(site, "--strict")
    assert build.returncode == 0, build.output
    partner = (out / "partners/valley-college/index.html").read_text("utf-8")
    assert (
        '<p class="cop-ref">Reference this partner as <code>valley-college</code> in fields such as attendees or members, '
        "and as <code>[[valley-college]]</code> in text.</p>"
    ) in partner
    assert "Reference this group as <code>pathways</code>" in (out / "groups/pathways/index.html").read_text("utf-8")
    assert "Reference this scenario as <code>p16</code>" in (out / "scenarios/p16/index.html").read_text("utf-8")
    note = (out / "groups/pathways/2025-09-16-bus/index.html").read_text("utf-8")
    assert "Reference this note as <code>[[pathways/2025-09-16-bus]]</code> in text." in note
    assert '<strong>Presenter:</strong> <a href="../../../partners/valley-college/">Valley College</a>' in note
    assert "Problem of practice" in note and "Buses leave too early" in note
    assert "Question for the consultancy" in note and "<li>Fold it into advisory.</li>" in note
    # The line is for editors: a reader's search result previews the page's own words, and
    # still finds the page by its name.
    index = json.loads((out / "search/search_index.json").read_text("utf-8"))["docs"]
    assert not [d["location"] for d in index if "Reference this" in d["text"]]
    assert any(d["location"] == "partners/valley-college/" and d["title"] == "Valley College" for d in index)
