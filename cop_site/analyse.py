"""Stage 4: "who isn't here?" as pure functions of the linked content.

Each question is a lens over the same graph. The built-in lenses fill `Gaps`; a site adds
its own with `Lens` functions (see `plugins/` in the example site), whose findings are shown
on the same pages and exported in cop.json."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import itemgetter

from . import clock, instruments
from .link import Graph
from .model import Group, Note, Outreach, Scenario
from .problems import Problem
from .settings import Settings

# Weights of the invitation score: a missing category matters most, then shared topics,
# then a tie to someone already present, then a missing level.
W_CATEGORY, W_TOPIC, W_ALLY, W_LEVEL = 4, 2, 1, 1
# A partner who declined within this many months before the build date is not ranked again.
DECLINE_MONTHS = 12


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


@dataclass(frozen=True)
class OutreachEntry:
    """One line of a group's or scenario's `outreach`, as published (no `private:` in it)."""

    partner: str
    date: dt.date
    by: str | None
    response: str  # invited, accepted, declined or no-reply
    note: str | None = None


@dataclass(frozen=True)
class CouldMove:
    """A present partner whose relationship could go further along the continuum."""

    partner: str
    stage: str
    towards: str  # the next stage, or the partner's relationship_goal
    goal: bool  # whether `towards` is the goal both sides named
    reason: str


@dataclass(frozen=True)
class KeepSatisfied:
    """A high-influence, low-engagement partner who is present or invited."""

    partner: str
    how: str  # "present", "ranked to invite" or "awaiting reply"
    reason: str


@dataclass(frozen=True)
class WeakCondition:
    """A condition rated at the rubric's lowest level, the categories that could help and
    are missing, and partners in the directory who have them."""

    condition: str
    level: str
    helpers: tuple[str, ...]
    candidates: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Declined:
    """A recent refusal: not ranked among the invitations; `ally` could try again."""

    partner: str
    date: dt.date
    by: str | None
    ally: str | None
    reason: str


@dataclass(frozen=True)
class Awaiting:
    partner: str
    since: dt.date
    days: int
    by: str | None


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
    expected_roles: list[str] = field(default_factory=list)
    outreach: list[OutreachEntry] = field(default_factory=list)  # as written, in file order
    # The built-in answers for this subject, set before the site's lenses run, so a lens can
    # build on them (missing roles, outreach, ...).
    gaps: Gaps | None = field(default=None, repr=False)

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
    # Version 3: "who isn't here?", deeper. Lists in the orders pages show them.
    missing_roles: list[str] = field(default_factory=list)  # role slugs, vocabulary order
    role_candidates: dict[str, list[str]] = field(default_factory=dict)  # missing role -> partners who play it
    could_move: list[CouldMove] = field(default_factory=list)
    keep_satisfied: list[KeepSatisfied] = field(default_factory=list)
    weak_conditions: dict[str, WeakCondition] = field(default_factory=dict)
    outreach: list[OutreachEntry] = field(default_factory=list)  # by date, then partner
    declined: list[Declined] = field(default_factory=list)  # recent refusals, by date
    awaiting: list[Awaiting] = field(default_factory=list)  # invitations with no answer yet, oldest first
    outreach_counts: dict[str, int] = field(default_factory=dict)  # invited, accepted, declined, waiting


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
    # Warnings the analysis finds in the content (an accepted invitation nobody recorded).
    problems: list[Problem] = field(default_factory=list)
    today: dt.date | None = None  # the build date the analysis judged by


Lens = Callable[[Subject, Graph], Iterable[Finding]]


class LensError(RuntimeError):
    """A site's lens failed or returned something other than findings: the site's code, not
    the content and not cop-site, needs fixing. The message names the lens and the page."""


def group_subject(graph: Graph, slug: str, settings: Settings) -> Subject:
    group: Group = graph.groups[slug]
    present: dict[str, list[str]] = {}
    _add_people(present, group)
    _add_attendees(present, graph.published_notes(slug))
    return Subject(
        "group",
        slug,
        group.name,
        list(group.topics),
        group.expects if group.expects is not None else list(settings.expected_categories),
        group.levels if group.levels is not None else list(settings.expected_levels),
        present,
        group.expects_roles if group.expects_roles is not None else list(settings.expected_roles),
        _entries(group.outreach),
    )


def scenario_subject(graph: Graph, slug: str, settings: Settings) -> Subject:
    scenario: Scenario = graph.scenarios[slug]
    present: dict[str, list[str]] = {}
    for p in dict.fromkeys(scenario.partners):
        present.setdefault(p, []).append("partner")
    for g in dict.fromkeys(scenario.groups):
        group = graph.groups[g]
        _add_people(present, group, f" of {group.name}")
    _add_attendees(present, (graph.notes[key] for key in graph.scenario_notes.get(slug, []) if not graph.notes[key].draft))
    return Subject(
        "scenario",
        slug,
        scenario.title,
        list(scenario.topics),
        scenario.needs if scenario.needs is not None else list(settings.expected_categories),
        list(settings.expected_levels),
        present,
        scenario.needs_roles if scenario.needs_roles is not None else list(settings.expected_roles),
        _entries(scenario.outreach),
    )


def _add_people(present: dict[str, list[str]], group: Group, of: str = "") -> None:
    """The group's conveners and members into `present`, each with how they are there."""
    for c in group.conveners:
        present.setdefault(c, []).append("convener" + of)
    for m in group.members:
        present.setdefault(m.partner, []).append("member" + of)


def _add_attendees(present: dict[str, list[str]], notes: Iterable[Note]) -> None:
    """Who attended a meeting counts as present only when nothing else says they are."""
    for note in notes:
        for a in note.attendees:
            if a not in present:
                present[a] = ["attendee"]


def _entries(outreach: list[Outreach]) -> list[OutreachEntry]:
    return [OutreachEntry(o.partner, o.date, o.by, o.response, o.note) for o in outreach]


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
    by_role: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, graph: Graph, settings: Settings) -> Index:
        categories: dict[str, list[str]] = {}
        by_category: dict[str, list[str]] = {c: [] for c in settings.taxonomy.categories}
        by_topic: dict[str, list[str]] = {}
        by_level: dict[str, list[str]] = {}
        by_role: dict[str, list[str]] = {}
        for slug in sorted(graph.partners):
            partner = graph.partners[slug]
            categories[slug] = list(dict.fromkeys(partner.category))
            for c in categories[slug]:
                by_category.setdefault(c, []).append(slug)
            for t in dict.fromkeys(partner.topics):
                by_topic.setdefault(t, []).append(slug)
            if partner.level:
                by_level.setdefault(partner.level, []).append(slug)
            for role in dict.fromkeys(partner.roles):
                by_role.setdefault(role, []).append(slug)
        return cls(categories, by_category, by_topic, by_level, by_role)


def gaps_for(subject: Subject, graph: Graph, settings: Settings, index: Index, today: dt.date | None = None) -> Gaps:
    today = today or clock.today()
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
    # Outreach: a recent refusal, or an invitation still unanswered, takes a partner out of
    # the ranking (asking again now would not help); an old refusal or no reply does not.
    latest = _latest_answers(subject.outreach)
    cutoff = _months_before(today, DECLINE_MONTHS)
    declined_now = {p for p, e in latest.items() if e.response == "declined" and e.date >= cutoff}
    waiting = {p for p, e in latest.items() if e.response == "invited"}
    for p in declined_now | waiting:
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
        last = latest.get(slug)
        if last is not None and last.response == "no-reply":
            reasons.append(f"invited on {last.date.isoformat()} with no reply: worth asking again")
        elif last is not None and last.response == "declined":
            reasons.append(f"declined on {last.date.isoformat()}, more than {DECLINE_MONTHS} months ago: worth asking again")
        invitations.append(Invitation(slug, total, tuple(reasons)))

    gaps = Gaps(
        subject=subject,
        present_categories=_in_order(present_categories, list(tax.categories)),
        missing_categories=missing_categories,
        present_levels=_in_order(present_levels, tax.levels),
        missing_levels=missing_levels,
        candidates=candidates,
        invitations=invitations,
        quiet_members=quiet_members(graph, subject, settings.quiet_window) if subject.kind == "group" else [],
    )
    _deeper(gaps, graph, settings, index, ranked, latest, declined_now, today)
    return gaps


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day where that day does not exist)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(d, day.day))
        except ValueError:
            continue
    return dt.date(year, month, 28)  # pragma: no cover - every month has a 28th


def _latest_answers(outreach: list[OutreachEntry]) -> dict[str, OutreachEntry]:
    """Each partner's latest entry: the latest date wins, and on one date the entry written
    last (a reply is written below its invitation)."""
    latest: dict[str, OutreachEntry] = {}
    for entry in sorted(outreach, key=lambda e: e.date):  # stable: file order within a day
        latest[entry.partner] = entry
    return latest


def _stage_name(settings: Settings, stage: str) -> str:
    term = settings.taxonomy.relationships.get(stage)
    return term.label.lower() if term else stage


def _deeper(
    gaps: Gaps,
    graph: Graph,
    settings: Settings,
    index: Index,
    ranked: list[tuple[str, int]],
    latest: dict[str, OutreachEntry],
    declined_now: set[str],
    today: dt.date,
) -> None:
    """Version 3's questions for one subject: roles, relationships that could grow, partners
    to keep satisfied, weak conditions, and the memory of outreach. Each walks what the
    subject already holds (its present partners, its outreach, its ranking), so the cost
    stays proportional to the subject, not to the directory."""
    tax = settings.taxonomy
    subject = gaps.subject
    partners = graph.partners
    present = subject.present
    cap = settings.invitations
    waiting = {p for p, e in latest.items() if e.response == "invited" and p not in present}  # one who came needs no reply
    unavailable = declined_now | waiting  # neither is suggested anywhere until they answer or time passes

    # Missing roles, and who in the directory plays them (the ranking first, then by slug).
    present_roles = {r for p in present for r in partners[p].roles}
    gaps.missing_roles = [r for r in _in_order(subject.expected_roles, list(tax.roles)) if r not in present_roles]

    # Weak conditions: those a group rates at the rubric's lowest level.
    weak: dict[str, list[str]] = {}
    lowest = next(iter(tax.rubric_levels), None)
    if subject.kind == "group" and lowest is not None:
        conditions = instruments.conditions_latest(graph.groups[subject.slug])
        present_cats = set(gaps.present_categories)
        for condition in tax.conditions:
            if conditions.get(condition) == lowest:
                weak[condition] = [c for c in settings.condition_helpers.get(condition, []) if c not in present_cats]

    # Candidates for both come from one walk down the ranking, then each list is topped up
    # from the directory by slug: only as far as `cap` names each.
    wanted_roles = {r: [] for r in gaps.missing_roles}  # type: dict[str, list[str]]
    wanted_conditions = {c: [] for c, helpers in weak.items() if helpers}  # type: dict[str, list[str]]
    helper_sets = {c: set(weak[c]) for c in wanted_conditions}

    def fits(slug: str) -> bool:
        return slug not in present and slug not in unavailable

    if wanted_roles or wanted_conditions:
        for slug, _ in ranked:
            if not fits(slug):
                continue
            p = partners[slug]
            for r in p.roles:
                if r in wanted_roles and len(wanted_roles[r]) < cap and slug not in wanted_roles[r]:
                    wanted_roles[r].append(slug)
            for c, categories in helper_sets.items():
                if len(wanted_conditions[c]) < cap and not categories.isdisjoint(index.categories[slug]):
                    wanted_conditions[c].append(slug)
        for r, found in wanted_roles.items():
            for slug in index.by_role.get(r, []):
                if len(found) >= cap:
                    break
                if fits(slug) and slug not in found:
                    found.append(slug)
        for c, found in wanted_conditions.items():
            for category in weak[c]:
                for slug in index.by_category.get(category, []):
                    if len(found) >= cap:
                        break
                    if fits(slug) and slug not in found:
                        found.append(slug)
    gaps.role_candidates = wanted_roles
    level_label = tax.rubric_levels[lowest].label.lower() if lowest in tax.rubric_levels else ""
    for condition, helpers in weak.items():
        name = tax.conditions[condition].label
        if helpers:
            reason = (
                f"{name} is rated {level_label}, and no one present is in "
                + _or_list([tax.category_label(c) for c in helpers])
                + ", the kinds of partner that help it"
            )
        elif settings.condition_helpers.get(condition):
            reason = f"{name} is rated {level_label}; the kinds of partner that help it are already here, so ask them to take it on"
        else:
            reason = f"{name} is rated {level_label}"
        gaps.weak_conditions[condition] = WeakCondition(condition, lowest or "", tuple(helpers), tuple(wanted_conditions.get(condition, [])), reason)

    # Could move: present partners at the continuum's first stage, or short of their goal.
    stages = list(tax.relationships)
    rank = {s: i for i, s in enumerate(stages)}
    for slug in sorted(present):
        p = partners[slug]
        stage = p.stage
        if stage is None or stage not in rank:
            continue
        goal = p.relationship_goal
        if goal is not None and goal in rank and rank[stage] < rank[goal]:
            reason = f"at {_stage_name(settings, stage)}, and both sides are working towards {_stage_name(settings, goal)}"
            gaps.could_move.append(CouldMove(slug, stage, goal, True, reason))
        elif goal is None and rank[stage] == 0 and len(stages) > 1:
            reason = f"at {_stage_name(settings, stage)}, the first stage: could move to {_stage_name(settings, stages[1])}"
            gaps.could_move.append(CouldMove(slug, stage, stages[1], False, reason))

    # Keep satisfied: high influence, low engagement, and present or invited.
    if tax.ratings:
        high, low = tax.ratings[-1], tax.ratings[0]
        ranked_now = [i.partner for i in gaps.invitations]
        seen: set[str] = set()
        for slug, how in chain(
            ((p, "present") for p in sorted(present)), ((p, "ranked to invite") for p in ranked_now), ((p, "awaiting reply") for p in sorted(waiting))
        ):
            who = partners.get(slug)
            if who is None or slug in seen or who.influence != high or who.engagement != low:
                continue
            seen.add(slug)
            where = {"present": "already here", "ranked to invite": "ranked among those to invite", "awaiting reply": "invited, and the reply has not come"}[
                how
            ]
            reason = f"{high} influence and {low} engagement, {where}: keep them satisfied, and find what in this work matters to them"
            gaps.keep_satisfied.append(KeepSatisfied(slug, how, reason))

    # Outreach: the whole memory, then what it means now.
    gaps.outreach = sorted(subject.outreach, key=lambda e: (e.date, e.partner))
    for slug, entry in sorted(latest.items(), key=lambda item: (item[1].date, item[0])):
        if slug in declined_now:
            allies = [a for a in graph.allies.get(slug, []) if a in present]
            # Someone else than the one who was turned down, where there is a choice.
            ally = next((a for a in allies if a != entry.by), allies[0] if allies else None)
            ally_name = partners[ally].name if ally else None
            reason = f"declined on {entry.date.isoformat()}; " + (
                f"{ally_name}, an ally already here, could try again" if ally_name else "no ally of theirs is here yet to try again"
            )
            gaps.declined.append(Declined(slug, entry.date, entry.by, ally, reason))
        elif slug in waiting:
            gaps.awaiting.append(Awaiting(slug, entry.date, max((today - entry.date).days, 0), entry.by))
    gaps.outreach_counts = {
        "invited": len(latest),
        "accepted": sum(1 for e in latest.values() if e.response == "accepted"),
        "declined": sum(1 for e in latest.values() if e.response == "declined"),
        "waiting": len(waiting),
    }


def _or_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def accepted_not_present(graph: Graph, gaps: Gaps) -> list[Problem]:
    """A partner whose latest answer is `accepted` but who is not present: a warning at that
    entry's line, since the invitation worked and only the record is missing."""
    subject = gaps.subject
    entity: Group | Scenario = graph.groups[subject.slug] if subject.kind == "group" else graph.scenarios[subject.slug]
    latest: dict[str, Outreach] = {}
    for entry in sorted(entity.outreach, key=lambda e: e.date):
        latest[entry.partner] = entry
    problems = []
    where = "members or attendees" if subject.kind == "group" else "partners or to a note's attendees"
    what = "group" if subject.kind == "group" else "shared work"
    for slug, entry in sorted(latest.items()):
        if entry.response == "accepted" and slug not in subject.present:
            message = f"'{slug}' accepted on {entry.date.isoformat()} but is not present in this {what}"
            problems.append(Problem(entity.src.display, entity.src.line("outreach", entry.index), message, f"add them to {where}"))
    return problems


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


def analyse(graph: Graph, settings: Settings, lenses: Iterable[tuple[str, Lens]] = (), today: dt.date | None = None) -> Analysis:
    today = today or clock.today()
    index = Index.build(graph, settings)
    subjects = [group_subject(graph, s, settings) for s in sorted(graph.groups)]
    subjects += [scenario_subject(graph, s, settings) for s in sorted(graph.scenarios)]
    gaps: dict[str, Gaps] = {}
    lenses = list(lenses)
    problems: list[Problem] = []
    for subject in subjects:
        result = gaps_for(subject, graph, settings, index, today)
        subject.gaps = result
        if subject.outreach:
            problems += accepted_not_present(graph, result)
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
        problems=problems,
        today=today,
    )
