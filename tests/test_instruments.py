"""Issue 11: the instruments' computations (cop_site.instruments) on hand-made entities, without
building a site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from cop_site import instruments
from cop_site.link import Graph, link
from cop_site.model import Group, Note, Partner, Source
from cop_site.settings import Taxonomy, build_settings
from cop_site.validate import Content

TAXONOMY: Taxonomy = build_settings({}, Path("."))[0].taxonomy


def partner(slug: str, **fields: Any) -> Partner:
    p = Partner.model_validate({"name": slug.title(), "category": ["community"], **fields})
    p._src = Source(rel=f"partners/{slug}.md", display=f"content/partners/{slug}.md", slug=slug)
    return p


def group(slug: str, **fields: Any) -> Group:
    g = Group.model_validate({"name": slug.title(), "focus": "A focus.", **fields})
    g._src = Source(rel=f"groups/{slug}/index.md", display=f"content/groups/{slug}/index.md", slug=slug)
    return g


def note(key: str, **fields: Any) -> Note:
    n = Note.model_validate({"title": key, "date": "2025-01-01", "group": key.split("/")[0], **fields})
    n._src = Source(rel=f"groups/{key}.md", display=f"content/groups/{key}.md", slug=key)
    return n


def assessed(*sittings: dict[str, str]) -> Partner:
    return partner("assessed", assessments=[{"date": dt.date(2022 + i, 1, 1), "scores": s} for i, s in enumerate(sittings)])


def test_trend_up_down_same_new() -> None:
    p = assessed(
        {"shared-goals": "emerging", "advocacy": "established", "mutual-benefit": "developing"},
        {"shared-goals": "developing", "advocacy": "established", "mutual-benefit": "developing"},
    )
    p.assessments[-1].scores["progress-measures"] = "emerging"
    p.assessments[-1].scores["mutual-benefit"] = "emerging"
    assert instruments.assessment_trend(p) == {"advocacy": "same", "mutual-benefit": "down", "progress-measures": "new", "shared-goals": "up"}


def test_trend_compares_with_the_last_assessment_that_rated_the_indicator() -> None:
    # advocacy is skipped in the middle sitting: the latest is compared with the first.
    # shared-goals is rated in all three: the middle one counts, not the first.
    p = assessed(
        {"advocacy": "transformational", "shared-goals": "emerging"},
        {"shared-goals": "established"},
        {"advocacy": "developing", "shared-goals": "developing"},
    )
    assert instruments.assessment_trend(p) == {"advocacy": "down", "shared-goals": "down"}
    assert instruments.indicator_history(p, "advocacy") == [(dt.date(2022, 1, 1), "transformational"), (dt.date(2024, 1, 1), "developing")]
    assert instruments.latest_levels(p)["advocacy"] == (dt.date(2024, 1, 1), "developing")


def test_trend_of_one_assessment_is_new_and_of_none_is_empty() -> None:
    assert instruments.assessment_trend(assessed({"advocacy": "emerging"})) == {"advocacy": "new"}
    assert instruments.assessment_trend(partner("plain")) == {}
    assert instruments.indicator_history(partner("plain"), "advocacy") == []


def test_trend_follows_the_sites_own_level_order() -> None:
    p = assessed({"advocacy": "high"}, {"advocacy": "low"})
    assert instruments.assessment_trend(p, ["high", "low"]) == {"advocacy": "up"}


def test_agreement_lists_unlisted_elements_as_open_in_vocabulary_order() -> None:
    p = partner(
        "agreeing",
        agreement={
            "signed": "2025-02-03",
            "elements": {"conflict-resolution": "agreed", "roles": "drafting", "intent-and-vision": "agreed", "promises": "open"},
            "notes": {"roles": "Who chairs is still open.", "intent-and-vision": "Agreed at the March retreat."},
        },
    )
    assert instruments.agreement_summary(p, TAXONOMY) == {
        "signed": "2025-02-03",
        "agreed": ["intent-and-vision", "conflict-resolution"],
        "drafting": ["roles"],
        "open": ["promises", "time-and-value", "measurement-of-satisfaction", "concerns-and-fears", "renegotiation", "consequences"],
    }
    assert list(instruments.agreement_notes(p, TAXONOMY)) == ["intent-and-vision", "roles"]


def test_agreement_absent_or_empty() -> None:
    assert instruments.agreement_summary(partner("none"), TAXONOMY) is None
    empty = instruments.agreement_summary(partner("empty", agreement={}), TAXONOMY)
    assert empty == {"signed": None, "agreed": [], "drafting": [], "open": list(TAXONOMY.agreement_elements)}


def test_conditions_mapping_and_list_forms() -> None:
    mapping = group("mapped", conditions={"common-agenda": "developing"})
    assert instruments.conditions_latest(mapping) == {"common-agenda": "developing"}
    assert [a.date for a in mapping.condition_assessments] == [None]
    listed = group(
        "listed",
        conditions=[
            {"date": "2024-01-01", "scores": {"common-agenda": "emerging", "backbone-support": "developing"}},
            {"date": "2025-01-01", "scores": {"common-agenda": "established"}},
        ],
    )
    # only the latest assessment: backbone-support is not carried over from 2024
    assert instruments.conditions_latest(listed) == {"common-agenda": "established"} == listed.latest_conditions
    assert instruments.condition_history(listed, "common-agenda") == [(dt.date(2024, 1, 1), "emerging"), (dt.date(2025, 1, 1), "established")]
    assert instruments.conditions_latest(group("none")) == {}


def graph_of(partners: list[Partner], groups: list[Group] = (), notes: list[Note] = ()) -> Graph:  # type: ignore[assignment]
    content = Content(
        partners={p.slug: p for p in partners},
        groups={g.slug: g for g in groups},
        notes={n.slug: n for n in notes},
        taxonomy=TAXONOMY,
    )
    return Graph(content)


def test_grid_places_each_partner_and_lists_the_unplaced() -> None:
    graph = graph_of(
        [
            partner("zeta", influence="high", engagement="low"),
            partner("alpha", influence="high", engagement="low"),
            partner("mid", influence="medium", engagement="high"),
            partner("quiet", influence="low", engagement="low"),
            partner("half", influence="high"),
            partner("other-half", engagement="medium"),
            partner("bare"),
        ]
    )
    cells, unplaced = instruments.grid(graph)
    assert list(cells) == [f"{i}/{e}" for i in ("low", "medium", "high") for e in ("low", "medium", "high")]
    assert cells["high/low"] == ["alpha", "zeta"]
    assert cells["medium/high"] == ["mid"]
    assert cells["low/low"] == ["quiet"]
    assert sum(len(v) for v in cells.values()) == 4
    assert unplaced == ["bare", "half", "other-half"]


def test_stages_and_overview_conditions() -> None:
    graph = graph_of(
        [partner("b", relationship="collaboration"), partner("a", relationship="collaboration"), partner("c", relationship="cooperation"), partner("d")],
        [group("g2", conditions={"shared-measurement": "emerging"}), group("g1")],
    )
    assert instruments.stages(graph, TAXONOMY) == {"cooperation": ["c"], "coordination": [], "collaboration": ["a", "b"]}
    assert instruments.overview_conditions(graph) == {"g1": {}, "g2": {"shared-measurement": "emerging"}}


def test_presenters_are_resolved_quietly_for_drafts_and_with_a_hint_otherwise() -> None:
    notes = [
        note("g/known", kind="consultancy", presenter="valley-college"),
        note("g/typo", kind="consultancy", presenter="valey-college"),
        note("g/drafted", kind="consultancy", presenter="secret-partner"),
    ]
    content = graph_of([partner("valley-college")], [group("g")], notes).content
    content.unpublished["partner"] = {"secret-partner"}
    graph = link(content)
    problems = [str(p) for p in graph.problems if "presenter" not in str(p) and "partner" in str(p)]
    assert problems == ["content/groups/g/typo.md: unknown partner 'valey-college'; did you mean 'valley-college'?"]
    assert [graph.notes[n.slug].presenter for n in notes] == ["valley-college", None, None]
    assert [n.presenter for n in notes] == ["valley-college", "valey-college", "secret-partner"], "the validated notes are left as they were"
    assert instruments.consultancies_by_presenter(graph) == {"valley-college": ["g/known"]}


@pytest.mark.parametrize("n", [200, 2000])
def test_linear_in_the_number_of_partners(n: int) -> None:
    # A smoke check that nothing compares every partner with every other: 2,000 partners
    # with three assessments each go through every function in well under a second.
    import time

    sittings = [{"date": f"202{k}-01-01", "scores": {"advocacy": "emerging"}} for k in range(3)]
    partners = [partner(f"p{i}", influence="high", engagement="low", relationship="coordination", assessments=sittings) for i in range(n)]
    graph = graph_of(partners)
    start = time.perf_counter()
    instruments.grid(graph)
    instruments.stages(graph, TAXONOMY)
    for p in partners:
        instruments.assessment_trend(p)
        instruments.agreement_summary(p, TAXONOMY)
    assert time.perf_counter() - start < 3.0  # generous: the machine may be shared
