"""Issue 24: under `serve`, an edit re-renders only the pages it changed. The plan of the
previous build is reused when every fact but some entity's prose is the same; any other
change (front matter, a [[link]] added to prose, an ordinary page) plans the site afresh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cop_site.load import Cache
from cop_site.pipeline import Result, run
from cop_site.plan import SitePlan, plan_site
from helpers import write_site
from test_site import FILES

KICKOFF = "content/groups/rti/2025-02-01-kickoff.md"


def planned(site: Path, reuse: SitePlan | None = None, cache: Cache | None = None) -> SitePlan:
    """`cache`: as under `serve`, where a file that did not change gives the same document
    object, whose part of the plan's key is then not worked out again."""
    result = run(site, site / "content", {}, cache=cache)
    return plan_site(result, reuse=reuse, keep=True)


def by_src(plan: SitePlan) -> dict[str, object]:
    return {p.src: p for p in plan.pages}


def edit(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_a_prose_edit_renders_only_its_own_page_again(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    cache: Cache = {}
    first = planned(site, cache=cache)
    edit(site, KICKOFF, "zebra-crossing metaphor", "traffic-light metaphor")
    second = planned(site, reuse=first, cache=cache)
    assert second.key == first.key
    before, after = by_src(first), by_src(second)
    assert before.keys() == after.keys()
    changed = {src for src in after if after[src] is not before[src]}
    assert changed == {"groups/rti/2025-02-01-kickoff.md"}
    page = after["groups/rti/2025-02-01-kickoff.md"]
    assert "traffic-light metaphor" in page.rendered.assembled()  # type: ignore[attr-defined]
    # The reused pages are exactly what a fresh plan renders.
    fresh = by_src(planned(site))
    for src, kept in after.items():
        assert kept.rendered.assembled() == fresh[src].rendered.assembled(), src  # type: ignore[attr-defined]


def test_front_matter_links_and_ordinary_pages_plan_afresh(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    cache: Cache = {}
    first = planned(site, cache=cache)
    cases = [
        (KICKOFF, "title: Kickoff meeting", "title: First meeting"),  # front matter
        (KICKOFF, "will share data.", "will share data with [[family-network]]."),  # a new mention
        ("content/about.md", "A plain page.", "A plainer page."),  # an ordinary page
    ]
    for rel, old, new in cases:
        edit(site, rel, old, new)
        second = planned(site, reuse=first, cache=cache)
        assert second.key != first.key, rel
        before, after = by_src(first), by_src(second)
        assert not any(after[src] is before.get(src) for src in after), f"{rel}: nothing may be reused"
        first = second
    mentioned = by_src(first)["partners/family-network.md"].rendered.assembled()  # type: ignore[attr-defined]
    assert "First meeting" in mentioned, "the partner's page lists the note that now mentions it"


def test_a_plain_build_keeps_no_key(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    result = run(site, site / "content", {})
    assert plan_site(result).key == ""


def test_a_lens_that_finds_something_new_plans_afresh(tmp_path: Path) -> None:
    """A site's lens (its hooks) can change what a gap page says with no file edited."""
    from cop_site.api import Finding, GraphView, Subject

    site = write_site(tmp_path / "site", FILES)
    first = plan_site(run(site, site / "content", {}), keep=True)

    def everywhere(subject: Subject, graph: GraphView) -> list[Finding]:
        return [Finding(lens="test", title="A lens that speaks up", text="It found something.", partners=())]

    second = plan_site(run(site, site / "content", {}, lenses=[("test", everywhere)]), reuse=first, keep=True)
    assert second.key != first.key
    gap = next(p for p in second.generated if p.src == "gaps/groups/rti.md")
    assert "A lens that speaks up" in gap.rendered.assembled()


def test_unchanged_files_are_not_validated_again_and_keep_their_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `serve`, a file whose bytes did not change gives the entity it gave before (the
    same object) and the same problems, without being checked again; an edited file, a
    change of settings, or another day checks afresh."""
    from cop_site.validate import Built

    files = {**FILES, "content/partners/odd.md": "---\nname: Odd Partner\ncategory: nowhere\n---\n"}
    site = write_site(tmp_path / "site", files)
    cache: dict[str, Any] = {}
    built = Built()

    def again(options: dict[str, Any] | None = None) -> Result:
        return run(site, site / "content", options or {}, cache=cache, built=built)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01
    first = again()
    odd = [str(p) for p in first.problems if "odd.md" in str(p)]
    assert odd and "nowhere" in odd[0]
    second = again()
    assert [str(p) for p in second.problems] == [str(p) for p in first.problems]  # kept, not lost
    assert all(second.content.partners[k] is v for k, v in first.content.partners.items())
    edit(site, KICKOFF, "title: Kickoff meeting", "title: First meeting")
    third = again()
    kickoff = "rti/2025-02-01-kickoff"
    assert third.content.notes[kickoff] is not second.content.notes[kickoff]
    assert third.content.notes[kickoff].title == "First meeting"
    assert third.content.partners["odd"] is second.content.partners["odd"]
    # Other settings: everything is checked again; a vocabulary that knows the category
    # takes the problem away.
    categories = {"nowhere": "Nowhere in particular", "agency": "Agency", "college": "College", "family": "Family"}
    fourth = again({"categories": categories})
    assert fourth.content.partners["odd"] is not third.content.partners["odd"]
    assert not [p for p in fourth.problems if "odd.md" in str(p)]
    assert again({"categories": categories}).content.partners["odd"] is fourth.content.partners["odd"]
    # Another day: answers dated after today are judged against the new date.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")  # 2025-12-02
    assert again({"categories": categories}).content.partners["odd"] is not fourth.content.partners["odd"]
