"""Stage 4: "who isn't here?" as pure functions of the linked content.

Each question is a lens over the same graph. The built-in lenses fill `Gaps`; a site adds
its own with `Lens` functions (see `plugins/` in the example site), whose findings are shown
on the same pages and exported in cop.json."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .link import Graph
from .model import Group, Scenario
from .settings import Settings

# Weights of the invitation score: a missing category matters most, then shared topics,
# then a tie to someone already present, then a missing level.
W_CATEGORY, W_TOPIC, W_ALLY, W_LEVEL = 4, 2, 1, 1


@dataclass(frozen=True)
class Invitation:
    partner: str
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """A site lens's answer for one group or scenario: a heading, a sentence, and optional
    partner slugs it concerns (shown as links)."""

    lens: str
    title: str
    text: str
    partners: tuple[str, ...] = ()


@dataclass
class Subject:
    """A group or scenario, with who counts as present and what it expects."""

    kind: str  # "group" or "scenario"
    slug: str
    name: str
    topics: list[str]
    expected_categories: list[str]
    expected_levels: list[str]
    present: dict[str, list[str]]  # partner -> how they are present ("convener", "member", ...)

    @property
    def key(self) -> str:
        return f"{self.kind}s/{self.slug}"


@dataclass
class Gaps:
    subject: Subject
    present_categories: list[str]
    missing_categories: list[str]
    present_levels: list[str]
    missing_levels: list[str]
    candidates: dict[str, list[str]]  # missing category -> partners in the directory who have it
    invitations: list[Invitation]
    quiet_members: list[str]
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Overview:
    coverage: dict[str, dict[str, int]]
    partners_in_no_group: list[str]
    categories_without_partners: list[str]
    topics_without_group: list[str]


@dataclass
class Analysis:
    gaps: dict[str, Gaps]
    overview: Overview


Lens = Callable[[Subject, Graph], Iterable[Finding]]


def group_subject(graph: Graph, slug: str, settings: Settings) -> Subject:
    group: Group = graph.groups[slug]
    present: dict[str, list[str]] = {}
    for c in group.conveners:
        present.setdefault(c, []).append("convener")
    for m in group.members:
        present.setdefault(m.partner, []).append("member")
    for note in graph.published_notes(slug):
        for a in note.attendees:
            if a not in present:
                present[a] = ["attendee"]
    return Subject(
        "group",
        slug,
        group.name,
        list(group.topics),
        group.expects if group.expects is not None else list(settings.expected_categories),
        group.levels if group.levels is not None else list(settings.expected_levels),
        present,
    )


def scenario_subject(graph: Graph, slug: str, settings: Settings) -> Subject:
    scenario: Scenario = graph.scenarios[slug]
    present: dict[str, list[str]] = {}
    for p in scenario.partners:
        present.setdefault(p, []).append("partner")
    for g in scenario.groups:
        group = graph.groups[g]
        for c in group.conveners:
            present.setdefault(c, []).append(f"convener of {group.name}")
        for m in group.members:
            present.setdefault(m.partner, []).append(f"member of {group.name}")
    for key in graph.scenario_notes.get(slug, []):
        note = graph.notes[key]
        if note.draft:
            continue
        for a in note.attendees:
            if a not in present:
                present[a] = ["attendee"]
    return Subject(
        "scenario",
        slug,
        scenario.title,
        list(scenario.topics),
        scenario.needs if scenario.needs is not None else list(settings.expected_categories),
        list(settings.expected_levels),
        present,
    )


def _in_order(values: Iterable[str], order: list[str]) -> list[str]:
    """Values in the taxonomy's order (the order editors see in the config), unknown last."""
    rank = {v: i for i, v in enumerate(order)}
    return sorted(set(values), key=lambda v: (rank.get(v, len(rank)), v))


def gaps_for(subject: Subject, graph: Graph, settings: Settings, by_category: dict[str, list[str]]) -> Gaps:
    tax = settings.taxonomy
    partners = graph.partners
    present_categories = {c for p in subject.present for c in partners[p].category}
    present_levels = {partners[p].level for p in subject.present if partners[p].level}
    missing_categories = [c for c in _in_order(subject.expected_categories, list(tax.categories)) if c not in present_categories]
    missing_levels = [lv for lv in _in_order(subject.expected_levels, tax.levels) if lv not in present_levels]
    candidates = {c: [p for p in by_category.get(c, []) if p not in subject.present] for c in missing_categories}

    invitations = []
    topics = set(subject.topics)
    missing_set, missing_levels_set = set(missing_categories), set(missing_levels)
    for slug in sorted(partners):
        if slug in subject.present:
            continue
        partner = partners[slug]
        reasons: list[str] = []
        score = 0
        cats = [c for c in partner.category if c in missing_set]
        if cats:
            score += W_CATEGORY * len(cats)
            labels = ", ".join(tax.category_label(c) for c in cats)
            reasons.append(f"in a missing category: {labels}")
        shared = sorted(topics.intersection(partner.topics))
        if shared:
            score += W_TOPIC * len(shared)
            reasons.append(("shares the topic " if len(shared) == 1 else "shares the topics ") + ", ".join(shared))
        allies = [a for a in graph.allies.get(slug, []) if a in subject.present]
        if allies:
            score += W_ALLY * len(allies)
            reasons.append(
                "allied with " + ", ".join(f"{partners[a].name}, {' and '.join(dict.fromkeys(_role_word(r) for r in subject.present[a]))}" for a in allies)
            )
        if partner.level and partner.level in missing_levels_set:
            score += W_LEVEL
            reasons.append(f"works at a missing level: {partner.level}")
        if score:
            invitations.append(Invitation(slug, score, tuple(reasons)))
    invitations.sort(key=lambda inv: (-inv.score, inv.partner))

    return Gaps(
        subject=subject,
        present_categories=_in_order(present_categories, list(tax.categories)),
        missing_categories=missing_categories,
        present_levels=_in_order(present_levels, tax.levels),
        missing_levels=missing_levels,
        candidates=candidates,
        invitations=invitations[: settings.invitations],
        quiet_members=quiet_members(graph, subject, settings.quiet_window) if subject.kind == "group" else [],
    )


def _role_word(role: str) -> str:
    return {"convener": "a convener", "member": "a member", "attendee": "who attends", "partner": "a partner"}.get(role, role)


def quiet_members(graph: Graph, subject: Subject, window: int) -> list[str]:
    """Members who attended none of the group's last `window` notes that record attendance.

    Only notes dated on or after a member's `since` count for that member, and a member with
    no such note is not called quiet: there is no evidence either way."""
    group = graph.groups[subject.slug]
    recorded = [n for n in graph.published_notes(subject.slug) if n.attendees][:window]
    quiet = []
    for member in group.members:
        relevant = [n for n in recorded if member.since is None or n.date >= member.since]
        if relevant and not any(member.partner in n.attendees for n in relevant):
            quiet.append(member.partner)
    return sorted(quiet)


def analyse(graph: Graph, settings: Settings, lenses: Iterable[tuple[str, Lens]] = ()) -> Analysis:
    by_category: dict[str, list[str]] = {c: [] for c in settings.taxonomy.categories}
    for slug in sorted(graph.partners):
        for c in graph.partners[slug].category:
            by_category.setdefault(c, []).append(slug)
    subjects = [group_subject(graph, s, settings) for s in sorted(graph.groups)]
    subjects += [scenario_subject(graph, s, settings) for s in sorted(graph.scenarios)]
    gaps: dict[str, Gaps] = {}
    lenses = list(lenses)
    for subject in subjects:
        result = gaps_for(subject, graph, settings, by_category)
        for _name, lens in lenses:
            result.findings.extend(lens(subject, graph))
        gaps[subject.key] = result

    coverage: dict[str, dict[str, int]] = {}
    for key, result in gaps.items():
        counts = dict.fromkeys(settings.taxonomy.categories, 0)
        for p in result.subject.present:
            for c in graph.partners[p].category:
                counts[c] = counts.get(c, 0) + 1
        coverage[key] = counts
    in_groups = {p for p, memberships in graph.partner_groups.items() if memberships}
    group_topics = {t for g in graph.groups.values() for t in g.topics}
    return Analysis(
        gaps=gaps,
        overview=Overview(
            coverage=coverage,
            partners_in_no_group=sorted(p for p in graph.partners if p not in in_groups),
            categories_without_partners=[c for c in settings.taxonomy.categories if not by_category.get(c)],
            topics_without_group=sorted(t for t in graph.topics if t not in group_topics),
        ),
    )
