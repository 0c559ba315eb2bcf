"""Issue 12: while previewing (`mkdocs serve`, with or without --dirty) a page whose file
has problems says so at its top, in an element with class `cop-problems`; a file that
cannot be read gets a page at its address with the error instead of a 404; both go away
when the file is fixed, and never appear in a build."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from helpers import mkdocs_build, write_site
from test_check import VALID
from test_serve import Server

NOTE = "content/groups/pathways/2025-01-10-kickoff.md"
PARTNER = "content/partners/valley-college.md"
NOTE_TEXT = textwrap.dedent(VALID[NOTE]).lstrip("\n")
PARTNER_TEXT = textwrap.dedent(VALID[PARTNER]).lstrip("\n")
MISSPELT = NOTE_TEXT.replace("attendees: [valley-college]", "attendees: [valley-colege]")
BROKEN_YAML = PARTNER_TEXT.replace("topics: [pathways]", "topics: [pathways")


def _write(site: Path, rel: str, text: str) -> None:
    time.sleep(1.1)  # file times have one-second resolution on some file systems
    (site / rel).write_text(text, "utf-8")


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["serve", "serve-dirty"])
def test_problems_show_on_the_page_while_previewing_and_go_when_fixed(tmp_path: Path, mode: list[str]) -> None:
    site = write_site(tmp_path / "site", VALID)
    server = Server(site, *mode)
    try:
        assert "cop-problems" not in server.get("groups/pathways/2025-01-10-kickoff/")

        # A misspelt attendee: the page says which file, which line, and what to change.
        _write(site, NOTE, MISSPELT)
        server.wait_for(lambda: "cop-problems" in server.get("groups/pathways/2025-01-10-kickoff/"), "the note's problem box")
        page = server.get("groups/pathways/2025-01-10-kickoff/")
        assert (
            f"<code>{NOTE}</code>, line 4: unknown partner &#x27;valley-colege&#x27;; did you mean &#x27;valley-college&#x27;?" in page
            or (f"<code>{NOTE}</code>, line 4: unknown partner 'valley-colege'; did you mean 'valley-college'?" in page)
        ), page
        assert "cop-problems" not in server.get("groups/pathways/"), "only the page of the file with the problem"

        # Fixed: the box goes.
        _write(site, NOTE, NOTE_TEXT)
        server.wait_for(lambda: "cop-problems" not in server.get("groups/pathways/2025-01-10-kickoff/"), "the box to go")

        # A missing date: said, instead of a silent 0001-01-01.
        _write(site, NOTE, NOTE_TEXT.replace("date: 2025-01-10\n", ""))
        server.wait_for(lambda: "missing required field" in server.get("groups/pathways/2025-01-10-kickoff/"), "the missing date")
        _write(site, NOTE, NOTE_TEXT)

        # A YAML slip: a page at the file's address that shows the error, not a 404.
        _write(site, PARTNER, BROKEN_YAML)
        server.wait_for(lambda: "cannot be shown yet" in server.get("partners/valley-college/"), "the error page")
        page = server.get("partners/valley-college/")
        assert 'class="cop-problems"' in page
        assert f"<code>{PARTNER}</code>, line 6: front matter is not valid YAML" in page, page

        _write(site, PARTNER, PARTNER_TEXT)
        server.wait_for(
            lambda: (
                "Valley College" in server.get("partners/valley-college/") and "cop-problems" not in server.get("partners/valley-college/")
            ),
            "the partner page to come back",
        )
        assert "cop-problems" not in server.get("groups/pathways/2025-01-10-kickoff/")
        assert "Traceback" not in server.output
    finally:
        server.stop()


def test_no_problem_box_in_a_build(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {**VALID, NOTE: MISSPELT, PARTNER: BROKEN_YAML})
    build, out = mkdocs_build(site)
    assert build.returncode == 0, build.output
    for page in out.rglob("*.html"):
        assert "cop-problems" not in page.read_text("utf-8"), page
    assert not (out / "partners/valley-college/index.html").exists()
    strict, _ = mkdocs_build(site, "--strict", dest=tmp_path / "strict")
    assert strict.returncode != 0
