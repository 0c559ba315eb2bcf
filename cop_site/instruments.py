"""The workshop instruments as data: rubric trends, agreements for results, collective impact
conditions, the power/interest grid and the relationship continuum.

Pure functions of validated content (no MkDocs), so cop.json and the generated pages read the
same answers and tests can check them without building a site. Each walks its documents
once: a community's directory grows into the thousands, and these run on every build."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, TypedDict

from .model import Group, Partner, Scenario
from .settings import Taxonomy

if TYPE_CHECKING:
    from .link import Graph

Trend = Literal["up", "down", "same", "new"]

# The defaults' orders, for callers without a taxonomy at hand; a site's own rubric levels
# should be passed in, since "up" means "later in the rubric's list of levels".
RUBRIC_LEVELS: tuple[str, ...] = ("emerging", "developing", "established", "transformational")
RATINGS: tuple[str, ...] = ("low", "medium", "high")


class AgreementSummary(TypedDict):
    signed: str | None  # ISO date
    agreed: list[str]
    drafting: list[str]
    open: list[str]


Assessed = Partner | Group | Scenario  # each may carry rubric `assessments`, the same shape


def assessment_trend(entity: Assessed, levels: Sequence[str] = RUBRIC_LEVELS) -> dict[str, Trend]:
    """For each indicator rated in the latest assessment: its direction against the most recent
    earlier assessment that rated it. Teams skip indicators from one sitting to the next, so
    "previous" is per indicator, not simply the assessment before; "new" when none rated it.
    An assessment with no levels yet (a skeleton from `cop-site new assessment` waiting for the
    sitting's results) is not the latest: it rates nothing."""
    rated = [a for a in entity.assessments if a.scores]
    if not rated:
        return {}
    rank = {level: i for i, level in enumerate(levels)}
    before: dict[str, str] = {}
    for assessment in rated[:-1]:  # oldest first: later ratings overwrite earlier ones
        before.update(assessment.scores)
    trend: dict[str, Trend] = {}
    for indicator, level in sorted(rated[-1].scores.items()):
        earlier = before.get(indicator)
        if earlier is None:
            trend[indicator] = "new"
        elif earlier == level or level not in rank or earlier not in rank:
            # A level outside the given order cannot be placed: say nothing moved.
            trend[indicator] = "same"
        else:
            trend[indicator] = "up" if rank[level] > rank[earlier] else "down"
    return trend


def indicator_history(partner: Assessed, indicator: str) -> list[tuple[dt.date, str]]:
    """(date, level) for each assessment that rated `indicator`, oldest first; a sitting that
    skipped it is left out rather than shown as a gap."""
    return [(a.date, a.scores[indicator]) for a in partner.assessments if indicator in a.scores]


def latest_levels(partner: Assessed) -> dict[str, tuple[dt.date, str]]:
    """Each indicator's most recent rating and its date, whichever assessment it came from:
    what a rubric overview shows for a partner whose last sitting covered only some indicators."""
    latest: dict[str, tuple[dt.date, str]] = {}
    for assessment in partner.assessments:
        for indicator, level in assessment.scores.items():
            latest[indicator] = (assessment.date, level)
    return latest


def latest_notes(entity: Assessed, name: str) -> dict[str, tuple[dt.date, str]]:
    """Each indicator's most recent `evidence` or `next_steps` text (`name`) and its date."""
    latest: dict[str, tuple[dt.date, str]] = {}
    for assessment in entity.assessments:
        for indicator, words in getattr(assessment, name).items():
            latest[indicator] = (assessment.date, words)
    return latest


def last_participants(entity: Assessed) -> tuple[dt.date | None, list[str]]:
    """The date of the latest sitting with results and who took part in it (published partners
    only, as `link` left them); (None, []) without any assessment. A skeleton still waiting
    for its levels is not that sitting."""
    rated = [a for a in entity.assessments if a.scores] or entity.assessments
    if not rated:
        return None, []
    last = rated[-1]
    return last.date, list(last.participants)


def assessed_entities(graph: Graph) -> list[tuple[str, str, Assessed]]:
    """(kind, slug, entity) of every partner, group and scenario with a rubric assessment."""
    every: list[tuple[str, str, Assessed]] = [("partner", s, e) for s, e in sorted(graph.partners.items())]
    every += [("group", s, e) for s, e in sorted(graph.groups.items())]
    every += [("scenario", s, e) for s, e in sorted(graph.scenarios.items())]
    return [(kind, slug, e) for kind, slug, e in every if any(a.scores for a in e.assessments)]


def agreement_summary(partner: Partner, taxonomy: Taxonomy) -> AgreementSummary | None:
    """The agreement for results by status, each list in the vocabulary's order (the order of
    the workshop's handout). An element the partner did not list is open: an agreement is
    written up gradually, and silence about an element means nobody has settled it."""
    agreement = partner.agreement
    if agreement is None:
        return None
    summary: AgreementSummary = {"signed": agreement.signed.isoformat() if agreement.signed else None, "agreed": [], "drafting": [], "open": []}
    for element in taxonomy.agreement_elements:
        status = agreement.elements.get(element, "open")
        summary[status if status in ("agreed", "drafting") else "open"].append(element)  # type: ignore[literal-required]
    return summary


def agreement_notes(partner: Partner, taxonomy: Taxonomy) -> dict[str, str]:
    """The agreement's notes in the vocabulary's order, for the page and the export."""
    if partner.agreement is None:
        return {}
    notes = partner.agreement.notes
    return {element: notes[element] for element in taxonomy.agreement_elements if element in notes}


def conditions_latest(group: Group) -> dict[str, str]:
    """The latest assessment's levels (`{}` without one). Only the latest: a condition it did
    not rate is not carried over from an older one, since the group chose not to rate it."""
    return group.latest_conditions


def condition_history(group: Group, condition: str) -> list[tuple[dt.date | None, str]]:
    """(date, level) for each assessment that rated `condition`, oldest first; the date is None
    for a group that wrote its conditions as one undated mapping."""
    return [(a.date, a.scores[condition]) for a in group.condition_assessments if condition in a.scores]


def grid(graph: Graph, ratings: Sequence[str] = RATINGS) -> tuple[dict[str, list[str]], list[str]]:
    """The power/interest grid: cells keyed "<influence>/<engagement>" (every one of the nine,
    empty ones too, so a page can draw the whole grid and a reader of cop.json sees its shape),
    each with sorted partner slugs; and the sorted partners lacking either rating."""
    cells: dict[str, list[str]] = {f"{i}/{e}": [] for i in ratings for e in ratings}
    unplaced: list[str] = []
    for slug, partner in sorted(graph.partners.items()):
        key = f"{partner.influence}/{partner.engagement}"
        if partner.influence is None or partner.engagement is None or key not in cells:
            unplaced.append(slug)
        else:
            cells[key].append(slug)
    return cells, unplaced


def stages(graph: Graph, taxonomy: Taxonomy) -> dict[str, list[str]]:
    """Partners by relationship stage, every stage of the continuum in its order (empty ones
    too), slugs sorted; partners without a `relationship` are in none."""
    by_stage: dict[str, list[str]] = {stage: [] for stage in taxonomy.relationships}
    for slug, partner in sorted(graph.partners.items()):
        if partner.stage in by_stage:
            by_stage[partner.stage].append(slug)
    return by_stage


def overview_conditions(graph: Graph) -> dict[str, dict[str, str]]:
    """Every group's latest levels, by group slug (`{}` for a group that has not assessed)."""
    return {slug: dict(sorted(conditions_latest(group).items())) for slug, group in sorted(graph.groups.items())}


def consultancies_by_presenter(graph: Graph) -> dict[str, list[str]]:
    """Partner slug -> keys of the published consultancy notes they presented, sorted. One
    pass over the notes, so a partner page does not scan them all again for each partner."""
    by_partner: dict[str, list[str]] = {}
    for key, note in sorted(graph.notes.items()):
        if note.presenter is not None and note.kind == "consultancy" and not note.draft and note.presenter in graph.partners:
            by_partner.setdefault(note.presenter, []).append(key)
    return by_partner
