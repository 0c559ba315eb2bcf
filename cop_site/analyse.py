"""Stage 4: "who isn't here?" as pure functions of the linked content.

Each question is a lens over the same graph. The built-in lenses fill `Gaps`; a site adds
its own with `Lens` functions (see `plugins/` in the example site), whose findings are shown
on the same pages and exported in cop.json."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import itemgetter

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


class LensError(RuntimeError):
    """A site's lens failed or returned something other than findings: the site's code, not
    the content and not cop-site, needs fixing. The message names the lens and the page."""


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
    for p in dict.fromkeys(scenario.partners):
        present.setdefault(p, []).append("partner")
    for g in dict.fromkeys(scenario.groups):
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


@dataclass
class Index:
    """The directory looked up by what a subject lacks, built once per analysis, so each
    subject's work is proportional to the partners it could invite rather than to the whole
    directory. Every list is sorted by slug."""

    categories: dict[str, list[str]]  # partner -> its categories, each once
    by_category: dict[str, list[str]]
    by_topic: dict[str, list[str]]
    by_level: dict[str, list[str]]

    @classmethod
    def build(cls, graph: Graph, settings: Settings) -> Index:
        categories: dict[str, list[str]] = {}
        by_category: dict[str, list[str]] = {c: [] for c in settings.taxonomy.categories}
        by_topic: dict[str, list[str]] = {}
        by_level: dict[str, list[str]] = {}
        for slug in sorted(graph.partners):
            partner = graph.partners[slug]
            categories[slug] = list(dict.fromkeys(partner.category))
            for c in categories[slug]:
                by_category.setdefault(c, []).append(slug)
            for t in dict.fromkeys(partner.topics):
                by_topic.setdefault(t, []).append(slug)
            if partner.level:
                by_level.setdefault(partner.level, []).append(slug)
        return cls(categories, by_category, by_topic, by_level)


def gaps_for(subject: Subject, graph: Graph, settings: Settings, index: Index) -> Gaps:
    tax = settings.taxonomy
    partners = graph.partners
    present = subject.present
    present_categories = {c for p in present for c in index.categories[p]}
    present_levels = {level for p in present if (level := partners[p].level)}
    missing_categories = [c for c in _in_order(subject.expected_categories, list(tax.categories)) if c not in present_categories]
    missing_levels = [lv for lv in _in_order(subject.expected_levels, tax.levels) if lv not in present_levels]
    # Nobody present has a missing category, so everyone in the directory who has it could come.
    candidates = {c: list(index.by_category.get(c, [])) for c in missing_categories}

    # Scores from the indexes: only partners who would add something are ever looked at. Each
    # index list is fed to the count as many times as its weight (Counter counts in C).
    topics = set(subject.topics)
    feeds: list[list[str]] = []
    for c in missing_categories:
        feeds += [index.by_category.get(c, [])] * W_CATEGORY
    for t in sorted(topics):
        feeds += [index.by_topic.get(t, [])] * W_TOPIC
    for a in present:
        feeds += [graph.allies.get(a, [])] * W_ALLY  # alliances go both ways
    for lv in missing_levels:
        feeds += [index.by_level.get(lv, [])] * W_LEVEL
    score = Counter(chain.from_iterable(feeds))
    for p in present:
        score.pop(p, None)
    ranked = sorted(score.items())  # by slug, then (a stable sort) by score, highest first
    ranked.sort(key=itemgetter(1), reverse=True)
    top = ranked[: settings.invitations]

    missing_set, missing_levels_set = set(missing_categories), set(missing_levels)
    invitations = []
    for slug, total in top:
        partner = partners[slug]
        reasons: list[str] = []
        cats = [c for c in index.categories[slug] if c in missing_set]
        if cats:
            reasons.append("in a missing category: " + ", ".join(tax.category_label(c) for c in cats))
        shared = sorted(topics.intersection(partner.topics))
        if shared:
            reasons.append(("shares the topic " if len(shared) == 1 else "shares the topics ") + ", ".join(tax.topic_label(t) for t in shared))
        allies = [f"{partners[a].name}, {' and '.join(dict.fromkeys(_role_word(r) for r in present[a]))}" for a in graph.allies.get(slug, []) if a in present]
        if allies:
            # "allied with Valley College, a member" / "... a member, and with Tomas Hale, an attendee"
            reasons.append("allied with " + (allies[0] if len(allies) == 1 else ", with ".join(allies[:-1]) + ", and with " + allies[-1]))
        if partner.level and partner.level in missing_levels_set:
            reasons.append(f"works at a missing level: {partner.level}")
        invitations.append(Invitation(slug, total, tuple(reasons)))

    return Gaps(
        subject=subject,
        present_categories=_in_order(present_categories, list(tax.categories)),
        missing_categories=missing_categories,
        present_levels=_in_order(present_levels, tax.levels),
        missing_levels=missing_levels,
        candidates=candidates,
        invitations=invitations,
        quiet_members=quiet_members(graph, subject, settings.quiet_window) if subject.kind == "group" else [],
    )


def _role_word(role: str) -> str:
    """How someone is present, as words after their name: "Valley College, a member"."""
    if role.startswith(("convener of ", "member of ")):
        return "a " + role
    return {"convener": "a convener", "member": "a member", "attendee": "an attendee", "partner": "a partner"}.get(role, role)


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


def _run_lens(name: str, lens: Lens, subject: Subject, graph: Graph) -> list[Finding]:
    """A site's lens, run on one subject. Its findings keep the lens's order; partner slugs
    that are not in the directory are left out, so the page and cop.json agree."""
    try:
        found = list(lens(subject, graph) or ())
    except Exception as exc:
        raise LensError(f"the lens '{name}' failed on {subject.key}: {type(exc).__name__}: {exc}") from exc
    out = []
    for finding in found:
        if not isinstance(finding, Finding):
            raise LensError(f"the lens '{name}' returned {type(finding).__name__} for {subject.key}; a lens yields cop_site.analyse.Finding objects")
        partners = tuple(p for p in dict.fromkeys(finding.partners) if p in graph.partners)
        out.append(replace(finding, partners=partners))
    return out


def analyse(graph: Graph, settings: Settings, lenses: Iterable[tuple[str, Lens]] = ()) -> Analysis:
    index = Index.build(graph, settings)
    subjects = [group_subject(graph, s, settings) for s in sorted(graph.groups)]
    subjects += [scenario_subject(graph, s, settings) for s in sorted(graph.scenarios)]
    gaps: dict[str, Gaps] = {}
    lenses = list(lenses)
    for subject in subjects:
        result = gaps_for(subject, graph, settings, index)
        for name, lens in lenses:
            result.findings.extend(_run_lens(name, lens, subject, graph))
        gaps[subject.key] = result

    coverage: dict[str, dict[str, int]] = {}
    for key, result in gaps.items():
        counts = dict.fromkeys(settings.taxonomy.categories, 0)
        for p in result.subject.present:
            for c in index.categories[p]:
                counts[c] = counts.get(c, 0) + 1
        coverage[key] = counts
    in_groups = {p for p, memberships in graph.partner_groups.items() if memberships}
    group_topics = {t for g in graph.groups.values() for t in g.topics}
    return Analysis(
        gaps=gaps,
        overview=Overview(
            coverage=coverage,
            partners_in_no_group=sorted(p for p in graph.partners if p not in in_groups),
            categories_without_partners=[c for c in settings.taxonomy.categories if not index.by_category.get(c)],
            topics_without_group=sorted(t for t in graph.topics if t not in group_topics),
        ),
    )
