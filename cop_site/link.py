"""Stage 3: references resolved, relations both ways, [[wikilinks]] found."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from .load import RawDoc
from .model import Assessment, Group, Note, Outreach, Partner, Scenario, Source
from .problems import Problem, Suggester
from .validate import Content

WIKILINK_RE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")
FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
BACKTICKS_RE = re.compile(r"`+")
# Lines whose content continues, indented, on the lines below: list items, admonitions and
# collapsible blocks, content tabs. Four more spaces than their content is code.
CONTAINER_RE = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|===)")
KINDS = ("partner", "group", "scenario", "note")


class Ref(NamedTuple):
    """A resolved reference to an entity: its type and key. A tuple, so hashing and
    comparing it (done for every link of every page) run in C."""

    kind: str
    key: str


class WikiLink(NamedTuple):
    """One [[link]] in a body. A tuple, not a dataclass: a site has one per link, made again
    at every build, and a tuple is made several times faster."""

    line_index: int  # index of the line in the body
    start: int  # span in that line
    end: int
    target: Ref | None  # None: unknown or unpublished, rendered as plain text
    text: str | None  # the text after '|', if any
    raw: str


@dataclass
class Graph:
    content: Content
    # partner -> [(group, role)] where role is "convener", "member" or the member's role text
    partner_groups: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    partner_scenarios: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    partner_notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    allies: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    group_notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    group_scenarios: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    scenario_notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    partner_backbone: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # partner -> scenarios it is the backbone of
    # (kind, key) -> pages that mention it in their body: list of (kind, key); kind "page" for ordinary pages
    mentioned_by: dict[Ref, list[Ref]] = field(default_factory=lambda: defaultdict(list))
    topics: dict[str, list[Ref]] = field(default_factory=lambda: defaultdict(list))
    wikilinks: dict[str, list[WikiLink]] = field(default_factory=dict)  # rel path -> links in its body
    slugs: dict[str, Ref] = field(default_factory=dict)  # what [[...]] may name
    ambiguous: dict[str, list[Ref]] = field(default_factory=dict)  # a slug two types share
    hidden: set[str] = field(default_factory=set)  # unpublished keys: plain text, no warning
    problems: list[Problem] = field(default_factory=list)

    @property
    def partners(self) -> dict[str, Partner]:
        return self.content.partners

    @property
    def groups(self) -> dict[str, Group]:
        return self.content.groups

    @property
    def notes(self) -> dict[str, Note]:
        return self.content.notes

    @property
    def scenarios(self) -> dict[str, Scenario]:
        return self.content.scenarios

    def entity(self, ref: Ref) -> Partner | Group | Note | Scenario:
        found: Partner | Group | Note | Scenario = self._known(ref.kind)[ref.key]
        return found

    def name(self, ref: Ref) -> str:
        entity = self.entity(ref)
        return entity.name if isinstance(entity, (Partner, Group)) else entity.title

    def lookup(self, raw: str) -> Ref | None:
        """The entity a [[link]] names: `slug`, or `type:slug` where types share a slug."""
        target = self.slugs.get(raw)
        if target is None and ":" in raw:
            kind, _, key = raw.partition(":")
            if kind in KINDS and key in self._known(kind):
                return Ref(kind, key)
        return target

    def _known(self, kind: str) -> Mapping[str, Partner | Group | Note | Scenario]:
        return self.content.of_kind(kind)

    def published_notes(self, group: str) -> list[Note]:
        """The group's notes, newest first, without drafts (which an internal edition may hold)."""
        return [self.notes[k] for k in self.group_notes.get(group, []) if not self.notes[k].draft]


def link(validated: Content) -> Graph:
    """The graph of `validated` content. Validated entities are never changed: an entity
    whose references had to be resolved (unknown slugs dropped, duplicates removed) is
    replaced in the graph by a copy that holds what was resolved, and `graph.content` is a
    new Content with those copies."""
    content = dataclasses.replace(
        validated, partners=dict(validated.partners), groups=dict(validated.groups), notes=dict(validated.notes), scenarios=dict(validated.scenarios)
    )
    graph = Graph(content)
    p = graph.problems
    known: dict[str, Mapping[str, Any]] = {"partner": content.partners, "group": content.groups, "scenario": content.scenarios, "note": content.notes}
    # One per kind, built once: thousands of unknown slugs must not each be compared with every known one.
    suggesters = {kind: Suggester(sorted(values)) for kind, values in known.items()}

    def resolve(src: Source, value: str, kind: str, path: tuple[str | int, ...]) -> bool:
        if value in known[kind]:
            return True
        if value not in content.unpublished.get(kind, set()):
            p.append(Problem(src.display, src.line(*path), f"unknown {kind} '{value}'", suggesters[kind](value) or _none_hint(kind, known[kind])))
        return False

    def participants(entity: P) -> P:
        # Who took part in each sitting: published partners; a draft partner is dropped quietly.
        # An entity with a participant to drop is replaced by a resolved copy.
        sittings: list[Assessment] = []
        for assessment in entity.assessments:
            at: tuple[str | int, ...] = ("assessments", assessment.written_at, "participants")
            kept = [x for n, x in enumerate(assessment.participants) if resolve(entity.src, x, "partner", (*at, n))]
            sittings.append(assessment if kept == assessment.participants else assessment.model_copy(update={"participants": kept}))
        changed = any(new is not old for new, old in zip(sittings, entity.assessments, strict=True))
        return entity.model_copy(update={"assessments": sittings}) if changed else entity

    for key, one in list(content.partners.items()):
        content.partners[key] = participants(one)
    for key, team in list(content.groups.items()):
        content.groups[key] = participants(team)
    for key, shared in list(content.scenarios.items()):
        content.scenarios[key] = participants(shared)

    for slug, partner in sorted(content.partners.items()):
        for i, ally in enumerate(partner.alliances):
            if ally == slug:
                p.append(Problem(partner.src.display, partner.src.line("alliances", i), "a partner cannot be allied with itself"))
            elif resolve(partner.src, ally, "partner", ("alliances", i)):
                _add_unique(graph.allies[slug], ally)
                _add_unique(graph.allies[ally], slug)
        for topic in partner.topics:
            graph.topics[topic].append(Ref("partner", slug))

    for slug, group in sorted(content.groups.items()):
        seen: set[str] = set()
        for i, convener in enumerate(group.conveners):
            if resolve(group.src, convener, "partner", ("conveners", i)) and convener not in seen:
                seen.add(convener)
                graph.partner_groups[convener].append((slug, "convener"))
        members = []
        for i, member in enumerate(group.members):
            if member.partner in seen:
                p.append(Problem(group.src.display, group.src.line("members", i), f"'{member.partner}' is listed twice in this group", "keep one entry"))
                continue
            if resolve(group.src, member.partner, "partner", ("members", i, "partner")):
                seen.add(member.partner)
                members.append(member)
                graph.partner_groups[member.partner].append((slug, member.role or "member"))
        conveners = [c for c in dict.fromkeys(group.conveners) if c in content.partners]
        content.groups[slug] = _resolved(group, members=members, conveners=conveners)
        for topic in group.topics:
            graph.topics[topic].append(Ref("group", slug))

    p.extend(_resolve_presenters(content))  # a consultancy's presenter, resolved like attendees
    for key, note in sorted(content.notes.items()):
        if note.group not in content.groups:
            if note.group not in content.unpublished.get("group", set()):
                p.append(
                    Problem(
                        note.src.display, 1, f"this note's group '{note.group}' has no index.md", f"add groups/{note.group}/index.md with its name and focus"
                    )
                )
        else:
            graph.group_notes[note.group].append(key)
        attendees = list(note.attendees)
        if not all(a in content.partners for a in attendees):  # the usual case skips a call per attendee
            attendees = [a for i, a in enumerate(note.attendees) if resolve(note.src, a, "partner", ("attendees", i))]
        for attendee in dict.fromkeys(attendees):
            graph.partner_notes[attendee].append(key)
        if note.presenter is not None and note.presenter not in attendees:  # the presenter's page lists it too
            graph.partner_notes[note.presenter].append(key)
        scenarios = [s for i, s in enumerate(note.scenarios) if resolve(note.src, s, "scenario", ("scenarios", i))]
        for scenario in dict.fromkeys(scenarios):
            graph.scenario_notes[scenario].append(key)
        content.notes[key] = _resolved(note, attendees=attendees, scenarios=scenarios)

    for slug, work in sorted(content.scenarios.items()):
        groups = list(dict.fromkeys(g for i, g in enumerate(work.groups) if resolve(work.src, g, "group", ("groups", i))))
        for group_slug in groups:
            graph.group_scenarios[group_slug].append(slug)
        partners = list(dict.fromkeys(x for i, x in enumerate(work.partners) if resolve(work.src, x, "partner", ("partners", i))))
        for partner_slug in partners:
            graph.partner_scenarios[partner_slug].append(slug)
        backbone = work.backbone
        if backbone is not None:
            if resolve(work.src, backbone, "partner", ("backbone",)):
                graph.partner_backbone[backbone].append(slug)
            else:
                backbone = None
        # An owner who is unknown or unpublished is cleared on a copy of that milestone.
        milestones = [
            m.model_copy(update={"owner": None}) if m.owner is not None and not resolve(work.src, m.owner, "partner", ("milestones", i, "owner")) else m
            for i, m in enumerate(work.milestones)
        ]
        content.scenarios[slug] = _resolved(work, groups=groups, partners=partners, backbone=backbone, milestones=milestones)
        for topic in work.topics:
            graph.topics[topic].append(Ref("scenario", slug))

    # Outreach (version 3): whom each entry names and who asked, both partners of the directory.
    # `known` holds the resolved copies made above; an entry is copied too when it changes.
    def outreach_of(subject: Group | Scenario) -> list[Outreach]:
        kept = []
        for entry in subject.outreach:
            i = entry.index  # as written, though validation may have dropped entries above it
            if not resolve(subject.src, entry.partner, "partner", ("outreach", i, "partner")):
                continue
            if entry.by is not None and not resolve(subject.src, entry.by, "partner", ("outreach", i, "by")):
                entry = entry.model_copy(update={"by": None})  # the invitation still happened; who asked is unknown
            kept.append(entry)
        return kept

    for slug, group in sorted(content.groups.items()):
        content.groups[slug] = _resolved(group, outreach=outreach_of(group))
    for slug, work in sorted(content.scenarios.items()):
        content.scenarios[slug] = _resolved(work, outreach=outreach_of(work))

    newest = {k: (note.date, k) for k, note in content.notes.items()}  # each note's sort key, made once

    def newest_first(keys: list[str]) -> list[str]:
        return sorted(keys, key=newest.__getitem__, reverse=True)

    for mapping in (graph.group_notes, graph.partner_notes, graph.scenario_notes):
        for k in mapping:
            mapping[k] = newest_first(mapping[k])

    # Bodies: entities and ordinary pages alike.
    slugs = graph.slugs
    for kind in ("scenario", "group", "partner"):  # later wins: partners take a shared slug
        for key in known[kind]:
            if key in slugs:
                graph.ambiguous.setdefault(key, [slugs[key]]).append(Ref(kind, key))
            slugs[key] = Ref(kind, key)
    for key in content.notes:
        slugs[key] = Ref("note", key)
    suggest_link = Suggester(slugs)
    hidden = graph.hidden
    hidden.update(k for kind in ("partner", "group", "scenario", "note") for k in content.unpublished.get(kind, set()))
    bodies: list[tuple[Source | RawDoc, Ref]] = []
    for kind in ("partner", "group", "note", "scenario"):
        for key, entity in sorted(known[kind].items()):
            bodies.append((entity.src, Ref(kind, key)))
    for page in content.pages:
        bodies.append((page, Ref("page", page.rel)))
    mentions_seen: set[tuple[Ref, Ref]] = set()
    for src, owner in bodies:
        links = find_wikilinks(src.body)
        resolved = []
        for wl in links:
            name = wl.raw.strip()
            target = graph.lookup(name)
            line = src.body_line + wl.line_index
            if target is None and (name.split(":", 1)[1] if ":" in name else name) not in hidden:
                written = f"[[{wl.raw}{'|' + wl.text if wl.text else ''}]]"
                hint = suggest_link(name)
                p.append(Problem(src.display, line, f"unknown link {written}", hint))
            elif name in graph.ambiguous:
                kinds = sorted(r.kind for r in graph.ambiguous[name])
                p.append(
                    Problem(
                        src.display,
                        line,
                        f"[[{name}]] could mean the {' or the '.join(f'{k} {name!r}' for k in kinds)}; it links to the {target.kind if target else kinds[0]}",
                        "say which: " + " or ".join(f"[[{k}:{name}]]" for k in kinds),
                    )
                )
            resolved.append(wl if target is None else WikiLink(wl.line_index, wl.start, wl.end, target, wl.text, wl.raw))
            if target is not None and target != owner and (target, owner) not in mentions_seen:
                mentions_seen.add((target, owner))
                graph.mentioned_by[target].append(owner)
                if owner.kind == "note" and target.kind == "partner" and target.key not in graph.notes[owner.key].attendees:
                    graph.partner_notes[target.key].append(owner.key)
        graph.wikilinks[src.rel] = resolved
    for k in graph.partner_notes:
        graph.partner_notes[k] = newest_first(graph.partner_notes[k])
    for topic in graph.topics:
        graph.topics[topic].sort(key=lambda r: (r.kind, r.key))
    return graph


def relink_prose(before: Graph, validated_before: Content, validated: Content, changed: list[RawDoc]) -> Graph | None:
    """The graph of `validated`, made from `before` (the graph of `validated_before`) when the
    documents `changed` differ from the ones `before` was made from in their prose alone
    (front matter, kind and the start of the body are the same: the caller checks) and
    their [[links]] are the same links, each known, in the same order. Then every relation
    is as it was; what moves is each changed entity's text and where its links stand in it.
    None when that does not hold: link the content afresh.

    Why: under `serve`, most edits are to a note's prose, and linking a thousand documents
    again for each is most of the plugin's work in a rebuild."""
    entities: dict[str, dict[str, Any]] = {"partner": {}, "group": {}, "note": {}, "scenario": {}}
    wikilinks: dict[str, list[WikiLink]] = {}
    for doc in changed:
        old = before.wikilinks.get(doc.rel)
        if old is None or any(wl.target is None or wl.raw.strip() in before.ambiguous for wl in old):
            return None  # a link that is unknown or ambiguous is a problem whose line would move
        new = find_wikilinks(doc.body)
        if [(wl.raw, wl.text) for wl in new] != [(wl.raw, wl.text) for wl in old]:
            return None
        wikilinks[doc.rel] = [WikiLink(n.line_index, n.start, n.end, o.target, n.text, n.raw) for n, o in zip(new, old, strict=True)]
        if doc.kind is None:
            continue  # an ordinary page: its links were all there was to it
        now = validated.of_kind(doc.kind).get(doc.key)
        was = validated_before.of_kind(doc.kind).get(doc.key)
        linked = before.content.of_kind(doc.kind).get(doc.key)
        if now is None or was is None or linked is None or now.src.rel != doc.rel:
            return None
        if now.model_dump(exclude={"src"}) != was.model_dump(exclude={"src"}):
            return None  # validation read more than the front matter: link afresh
        entities[doc.kind][doc.key] = linked.with_src(now.src)
    content = dataclasses.replace(
        validated,
        partners={**before.partners, **entities["partner"]},
        groups={**before.groups, **entities["group"]},
        notes={**before.notes, **entities["note"]},
        scenarios={**before.scenarios, **entities["scenario"]},
    )
    return dataclasses.replace(before, content=content, wikilinks={**before.wikilinks, **wikilinks})


E = TypeVar("E", Group, Note, Scenario)
P = TypeVar("P", Partner, Group, Scenario)


def _resolved(entity: E, **fields: Any) -> E:
    """`entity` itself when every field already holds what was resolved, else a copy with
    the resolved values (the validated entity is left as it was)."""
    changed = {name: value for name, value in fields.items() if getattr(entity, name) != value}
    return entity.model_copy(update=changed) if changed else entity


def _resolve_presenters(content: Content) -> list[Problem]:
    """Each consultancy note's `presenter` against the published partners, as attendees are
    resolved: an unknown slug is a problem with the closest slugs as a hint and is cleared;
    an unpublished (draft) partner is cleared quietly, so its slug reaches no output.
    Replaces the notes concerned in `content` (the linked copy) by resolved copies."""
    problems: list[Problem] = []
    unpublished = content.unpublished.get("partner", set())
    closest = Suggester(sorted(content.partners))  # one for every note: see link()
    for key, note in sorted(content.notes.items()):
        presenter = note.presenter
        if presenter is None or presenter in content.partners:
            continue
        if presenter not in unpublished:
            hint = closest(presenter) or (None if content.partners else "there are no partners yet")
            problems.append(Problem(note.src.display, note.src.line("presenter"), f"unknown partner '{presenter}'", hint))
        content.notes[key] = note.model_copy(update={"presenter": None})
    return problems


def _add_unique(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)
        items.sort()


def _none_hint(kind: str, known: Mapping[str, Any]) -> str | None:
    if not known:
        return f"there are no {kind}s yet"
    return None


def find_wikilinks(body: str) -> list[WikiLink]:
    """[[slug]], [[slug|text]] and [[type:slug]] outside code: fenced blocks (3 or more
    backticks or tildes, closed by at least as many of the same), indented code blocks,
    and inline code spans of any number of backticks. Code shows [[...]] as written."""
    return list(_wikilinks(body))


# The link stage and the renderer both read every body, and `serve` reads them all again
# after each edit: a body's links are found once. Bounded, so a long serve session's edits
# do not pile up.
@functools.lru_cache(maxsize=1 << 16)
def _wikilinks(body: str) -> tuple[WikiLink, ...]:
    found: list[WikiLink] = []
    fence: str | None = None  # the open fence's characters
    base = 0  # indentation of the current container's content (list item, admonition...)
    blank_before = True
    indented_code = False
    for index, line in enumerate(body.split("\n")):
        if fence is not None:
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            continue
        if not line.strip():
            blank_before = True
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if indented_code and indent >= base + 4 or blank_before and indent >= base + 4:
            indented_code = True
            blank_before = False
            continue
        indented_code = False
        opened = FENCE_RE.match(line)
        if opened and not (opened.group(1)[0] == "`" and "`" in opened.group(2)):
            fence = opened.group(1)
            blank_before = False
            continue
        if CONTAINER_RE.match(line):
            base = indent + 4
        elif blank_before and indent < base:
            base = 0 if indent < 4 else base
        blank_before = False
        if "[[" not in line:
            continue
        masked = _mask_code_spans(line) if "`" in line else line
        for m in WIKILINK_RE.finditer(masked):
            label = m.group(2).strip() if m.group(2) else None
            found.append(WikiLink(index, m.start(), m.end(), None, label or None, m.group(1)))
    return tuple(found)


def _mask_code_spans(line: str) -> str:
    """The line with each inline code span blanked: a run of n backticks opens a span that
    the next run of exactly n backticks closes; an unmatched run is literal text."""
    runs = [(m.start(), m.end()) for m in BACKTICKS_RE.finditer(line)]
    following: list[int | None] = [None] * len(runs)  # the next run of the same length
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        size = runs[i][1] - runs[i][0]
        following[i] = last.get(size)
        last[size] = i
    out = list(line)
    i = 0
    while i < len(runs):
        j = following[i]
        if j is None:
            i += 1
            continue
        out[runs[i][0] : runs[j][1]] = " " * (runs[j][1] - runs[i][0])
        i = j + 1
    return "".join(out)
