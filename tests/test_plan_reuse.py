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


def _served(site: Path, options: dict[str, Any] | None = None) -> Any:
    """Runs of the stages as `serve` makes them: the load cache, the validation memo and the
    previous result kept from one to the next."""
    from cop_site.validate import Built

    cache: Cache = {}
    built = Built()
    last: list[Result] = []

    def again(lenses: Any = ()) -> Result:
        result = run(site, site / "content", options or {}, lenses=lenses, cache=cache, built=built, previous=last[-1] if last else None)
        last.append(result)
        return result

    return again


def _same_as_fresh(site: Path, served: Result, options: dict[str, Any] | None = None) -> None:
    """What a run that reused the previous graph gives is what a run from nothing gives."""
    fresh = run(site, site / "content", options or {})
    assert [str(p) for p in served.problems] == [str(p) for p in fresh.problems]
    assert served.graph.wikilinks == fresh.graph.wikilinks
    assert repr(served.analysis.gaps) == repr(fresh.analysis.gaps)
    for kind in ("partners", "groups", "notes", "scenarios"):
        mine, theirs = getattr(served.graph, kind), getattr(fresh.graph, kind)
        assert mine.keys() == theirs.keys(), kind
        for key, entity in mine.items():
            assert entity.model_dump() == theirs[key].model_dump(), key
            assert (entity.src, entity.slug) == (theirs[key].src, theirs[key].slug), key
    pages, again = by_src(plan_site(served)), by_src(plan_site(fresh))
    assert pages.keys() == again.keys()
    for src, page in pages.items():
        assert page.rendered.assembled() == again[src].rendered.assembled(), src  # type: ignore[attr-defined]


@pytest.mark.parametrize("edition", ["public", "internal"])
def test_a_prose_edit_under_serve_reuses_the_graph_and_gives_what_a_fresh_run_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edition: str) -> None:
    """Issue 24: an edit to prose alone (the links move to other lines but stay the same
    links) does not link the content again, and the result is what a fresh run gives: the
    new text, the links where they now stand, the same problems. The internal edition
    merges the private overlay into new documents at every run, and is no exception."""
    import cop_site.pipeline as pipeline

    overlay = {"private/partners/valley-college.md": "---\nprivate:\n  fears: Losing the data team.\n---\nA private word.\n"}
    site = write_site(tmp_path / "site", {**FILES, **overlay})
    options = {"edition": edition}
    again = _served(site, options)
    again()
    linked = []
    real_link = pipeline.link
    monkeypatch.setattr(pipeline, "link", lambda content: linked.append(1) or real_link(content))
    edit(site, KICKOFF, "We agreed on a zebra-crossing metaphor", "First, a word of thanks.\n\nWe agreed on a traffic-light metaphor")
    edit(site, "content/index.md", "Start with", "Welcome.\n\nStart with")  # an ordinary page's links move too
    served = again()
    assert not linked, "a prose edit links nothing again"
    assert "traffic-light" in served.graph.notes["rti/2025-02-01-kickoff"].src.body
    _same_as_fresh(site, served, options)
    if edition == "internal":
        assert "Losing the data team" in repr(served.graph.partners["valley-college"].private)


@pytest.mark.parametrize(
    "rel, old, new",
    [
        (KICKOFF, "title: Kickoff meeting", "title: First meeting"),  # front matter
        (KICKOFF, "will share data.", "will share data with [[family-network]]."),  # a new link
        (KICKOFF, "[[valley-college]] will share data.", "[[valley-college|Valley]] will share data."),  # other words for a link
        (KICKOFF, "will share data.", "will share data with [[nobody-we-know]]."),  # an unknown link: a problem with a line
    ],
    ids=["front-matter", "new-link", "link-text", "unknown-link"],
)
def test_other_edits_under_serve_link_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rel: str, old: str, new: str) -> None:
    import cop_site.pipeline as pipeline

    site = write_site(tmp_path / "site", FILES)
    again = _served(site)
    again()
    linked = []
    real_link = pipeline.link
    monkeypatch.setattr(pipeline, "link", lambda content: linked.append(1) or real_link(content))
    edit(site, rel, old, new)
    served = again()
    assert linked, "linked afresh"
    _same_as_fresh(site, served)
    # A prose edit to a note whose links include an unknown one: its problem's line moves.
    edit(site, rel, "We agreed", "First:\n\nWe agreed")
    linked.clear()
    served = again()
    assert bool(linked) == (new.count("nobody-we-know") == 1)
    _same_as_fresh(site, served)


def test_with_a_lens_a_prose_edit_is_analysed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A site's lens may read prose: with one, the analysis runs again (the graph is still reused)."""
    import cop_site.pipeline as pipeline
    from cop_site.api import Finding, GraphView, Subject

    seen: list[str] = []

    def reads_prose(subject: Subject, graph: GraphView) -> list[Finding]:
        seen.append(subject.key)
        return []

    site = write_site(tmp_path / "site", FILES)
    again = _served(site)
    again([("reads", reads_prose)])
    analysed = []
    real = pipeline.analyse
    monkeypatch.setattr(pipeline, "analyse", lambda *a, **k: analysed.append(1) or real(*a, **k))
    edit(site, KICKOFF, "zebra-crossing", "traffic-light")
    again([("reads", reads_prose)])
    assert analysed, "analysed again"
    again([("reads", reads_prose)])
    assert len(analysed) == 2
    again()  # the lens is gone: its findings must go too
    assert len(analysed) == 3
    again()
    assert len(analysed) == 3, "no lens now or last time: the analysis is reused"
