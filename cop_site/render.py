"""Stage 5: Markdown for every entity page and every generated page.

Everything here returns Markdown text whose links are relative paths to other Markdown
sources, so the site generator resolves them to URLs (with or without directory URLs, under
any sub-path) and validates them. Nothing here knows about MkDocs."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable

from .analyse import W_ALLY, W_CATEGORY, W_LEVEL, W_TOPIC, Analysis, Gaps
from .link import Graph, Ref, find_wikilinks
from .model import Group, Note, Partner, Scenario
from .settings import Settings

PARTNERS_INDEX = "partners/index.md"
GROUPS_INDEX = "groups/index.md"
SCENARIOS_INDEX = "scenarios/index.md"
TOPICS_INDEX = "topics/index.md"
GAPS_INDEX = "gaps/index.md"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|{}#])")
# The Markdown subset `text()` and the link helpers produce, for `Renderer.to_html`.
_MD_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)")
_MD_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_MD_STRONG = re.compile(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*")
_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]|{}#])")


def text(value: object) -> str:
    """Editor-supplied text made inert: HTML escaped, Markdown punctuation backslashed."""
    escaped = html.escape(str(value), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped).replace("\n", " ")


def topic_src(topic: str) -> str:
    return f"topics/{topic}.md"


def gap_src(kind: str, slug: str) -> str:
    return f"gaps/{kind}s/{slug}.md"


def _relpath(target: str, start: str) -> str:
    """posixpath.relpath for clean site-relative paths, without its calls to the file
    system (it is called for every link of every page)."""
    t = [p for p in target.split("/") if p and p != "."]
    b = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < len(t) and common < len(b) and t[common] == b[common]:
        common += 1
    parts = [".."] * (len(b) - common) + t[common:]
    return "/".join(parts) or "."


def rel(from_src: str, to_src: str) -> str:
    return _relpath(to_src, posixpath.dirname(from_src))


def url_between(from_url: str, to_url: str) -> str:
    """A relative URL from one page's site-relative URL to another's."""
    from_dir = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    target = _relpath(to_url, from_dir)
    if to_url.endswith("/") or not to_url:
        target = "./" if target == "." else target + "/"
    return target


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a Markdown source (no leading slash)."""
    stem, _ = posixpath.splitext(src)
    if not use_directory_urls:
        folder, name = posixpath.split(stem)
        return posixpath.join(folder, "index.html" if name == "README" else f"{name}.html")
    if posixpath.basename(stem) in ("index", "README"):
        folder = posixpath.dirname(stem)
        return f"{folder}/" if folder else ""
    return f"{stem}/"


class Renderer:
    def __init__(self, graph: Graph, analysis: Analysis, settings: Settings, generated: Iterable[str], use_directory_urls: bool = True):
        self.use_directory_urls = use_directory_urls
        self._here = ""
        self.g = graph
        self.a = analysis
        self.s = settings
        self.tax = settings.taxonomy
        self.generated = set(generated)  # generated sources that exist (an author's page wins)

    # ---- links -------------------------------------------------------------------------
    def src(self, ref: Ref) -> str:
        return self.g.entity(ref).src.rel

    def link(self, here: str, ref: Ref, label: str | None = None) -> str:
        return f"[{label if label is not None else text(self.g.name(ref))}]({rel(here, self.src(ref))})"

    def partner(self, here: str, slug: str) -> str:
        return self.link(here, Ref("partner", slug))

    def topic(self, here: str, topic: str) -> str:
        if topic_src(topic) in self.generated:
            return f"[{text(topic)}]({rel(here, topic_src(topic))})"
        return text(topic)

    def category(self, here: str, slug: str) -> str:
        return text(self.tax.category_label(slug))

    def gap_link(self, here: str, kind: str, slug: str) -> str:
        return f"[Who isn't here?]({rel(here, gap_src(kind, slug))})"

    def body(self, here: str, body: str) -> str:
        """The author's Markdown with [[wikilinks]] made into links."""
        links = find_wikilinks(body)
        if not links:
            return body
        lines = body.split("\n")
        for wl in reversed(links):
            target = self.g.slugs.get(wl.raw.strip())
            line = lines[wl.line_index]
            if target is None:
                replacement = wl.text if wl.text else text(wl.raw.strip())
            else:
                replacement = self.link(here, target, wl.text)
            lines[wl.line_index] = line[: wl.start] + replacement + line[wl.end :]
        return "\n".join(lines)

    # ---- shared pieces -----------------------------------------------------------------
    def facts(self, rows: list[tuple[str, str | None]]) -> str:
        items = [f"**{label}:** {value}" for label, value in rows if value]
        return self.html_list(items, "cop-facts") if items else ""

    def section(self, title: str, items: list[str], empty: str | None = None) -> str:
        if not items:
            return f"## {title}\n\n{empty}\n\n" if empty else ""
        return f"## {title}\n\n" + self.html_list(items) + "\n"

    def html_list(self, items: list[str], css: str | None = None) -> str:
        """Lists of connections are emitted as one raw HTML block: Markdown passes it through
        untouched, which keeps a page with hundreds of links cheap to build. The items are
        written in the small Markdown subset this module produces, converted here."""
        cls = f' class="{css}"' if css else ""
        return f"<ul{cls}>\n" + "\n".join(f"<li>{self.to_html(item)}</li>" for item in items) + "\n</ul>\n"

    def to_html(self, fragment: str) -> str:
        here = self._here
        base = page_url(here, self.use_directory_urls)

        def link(m: re.Match) -> str:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(here), m.group(2)))  # undoes rel()
            return f'<a href="{url_between(base, page_url(target, self.use_directory_urls))}">{m.group(1)}</a>'

        out = _MD_LINK.sub(link, fragment)
        out = _MD_AUTOLINK.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', out)
        out = _MD_STRONG.sub(r"<strong>\1</strong>", out)
        return _MD_ESCAPE.sub(r"\1", out)

    def extras(self, entity) -> list[tuple[str, str | None]]:
        rows = []
        for name, value in sorted(entity.src.extras.items()):
            if isinstance(value, list):
                value = ", ".join(text(v) for v in value)
            elif value is not None:
                value = text(value)
            rows.append((text(name.replace("_", " ").capitalize()), value))
        return rows

    def private_block(self, entity) -> str:
        """Only in the internal edition: the fields under `private:`."""
        if not self.s.internal or not entity.private:
            return ""
        rows = [f"- **{text(k)}:** {text(v)}" for k, v in entity.private.items()]
        return "## Private (internal edition only)\n\n" + "\n".join(rows) + "\n\n"

    def note_item(self, here: str, key: str, with_group: bool = False) -> str:
        note = self.g.notes[key]
        extra = f", {text(self.g.groups[note.group].name)}" if with_group and note.group in self.g.groups else ""
        return f"{self.link(here, Ref('note', key))} ({note.date.isoformat()}, {note.kind.replace('-', ' ')}{extra})"

    # ---- entity pages ------------------------------------------------------------------
    def partner_page(self, slug: str) -> str:
        p: Partner = self.g.partners[slug]
        here = self._here = p.src.rel
        tax = self.tax
        out = [f"# {text(p.name)}\n"]
        out.append(
            self.facts(
                [
                    ("Kind", "Individual" if p.kind == "individual" else None),
                    ("Category", ", ".join(self.category(here, c) for c in p.category)),
                    ("Level", text(p.level.capitalize()) if p.level else None),
                    ("Roles", ", ".join(text(tax.roles[r].label) for r in p.roles)),
                    ("Relationship", text(tax.relationships[p.relationship].label) if p.relationship else None),
                    ("Engagement", text(p.engagement) if p.engagement else None),
                    ("Influence", text(p.influence) if p.influence else None),
                    ("Topics", ", ".join(self.topic(here, t) for t in p.topics)),
                    ("Website", f"<{html.escape(p.website)}>" if p.website else None),
                    *self.extras(p),
                ]
            )
        )
        organiser = [("Interest in the work", p.interest), ("Hopes to see", p.desired_outcomes), ("Values", p.values)]
        if any(v for _, v in organiser):
            out.append("\n## What matters to this partner\n\n" + self.facts([(k, text(v) if v else None) for k, v in organiser]))
        if p.src.body.strip():
            out.append("\n" + self.body(here, p.src.body.strip()) + "\n")
        out.append("\n")
        groups = [f"{self.link(here, Ref('group', g))} ({text(role)})" for g, role in self.g.partner_groups.get(slug, [])]
        out.append(self.section("Practice groups", groups, "Not in any practice group yet."))
        out.append(self.section("Shared work", [self.link(here, Ref("scenario", s)) for s in self.g.partner_scenarios.get(slug, [])]))
        out.append(self.section("Notes that list or mention this partner", [self.note_item(here, k, True) for k in self.g.partner_notes.get(slug, [])]))
        out.append(self.section("Allies", [self.partner(here, a) for a in self.g.allies.get(slug, [])]))
        mentions = [self.link(here, r) for r in self.g.mentioned_by.get(Ref("partner", slug), []) if r.kind in ("partner", "group", "scenario")]
        out.append(self.section("Mentioned on", mentions))
        out.append(self.assessments(p))
        out.append(self.private_block(p))
        return "".join(out)

    def assessments(self, p: Partner) -> str:
        if not p.assessments:
            return ""
        dates = [a.date.isoformat() for a in p.assessments]
        head = "| Indicator | " + " | ".join(dates) + " |\n|---|" + "---|" * len(dates) + "\n"
        rows = []
        for domain in self.tax.domains.values():
            for slug, ind in self.tax.indicators.items():
                if ind.domain != domain.slug:
                    continue
                cells = [a.scores.get(slug) for a in p.assessments]
                if not any(cells):
                    continue
                values = [text(self.tax.rubric_levels[c].label) if c else "not rated" for c in cells]
                rows.append(f"| {text(domain.label)}: {text(ind.label)} | " + " | ".join(values) + " |")
        out = "## Partnership self-assessment\n\n"
        out += "Levels run from emerging to developing, established and transformational.\n\n"
        if rows:
            out += head + "\n".join(rows) + "\n\n"
        latest = p.assessments[-1]
        evidence = [f"**{text(self.tax.indicators[k].label)}:** {text(v)}" for k, v in latest.evidence.items()]
        if evidence:
            out += f"Evidence noted on {latest.date.isoformat()}:\n\n" + "\n".join(f"- {e}" for e in evidence) + "\n\n"
        return out

    def group_page(self, slug: str) -> str:
        grp: Group = self.g.groups[slug]
        here = self._here = grp.src.rel
        out = [f"# {text(grp.name)}\n\n", f"{text(grp.focus)}\n\n"]
        out.append(
            self.facts(
                [
                    ("Status", text(grp.status.capitalize())),
                    ("Meets", text(grp.meets) if grp.meets else None),
                    ("Topics", ", ".join(self.topic(here, t) for t in grp.topics)),
                    *self.extras(grp),
                ]
            )
        )
        gaps = self.a.gaps.get(f"groups/{slug}")
        if gaps is not None:
            missing = ", ".join(text(self.tax.category_label(c)) for c in gaps.missing_categories) or "none"
            out.append(f"\n{self.gap_link(here, 'group', slug)} Missing categories: {missing}.\n\n")
        if grp.src.body.strip():
            out.append("\n" + self.body(here, grp.src.body.strip()) + "\n\n")
        out.append(self.section("Conveners", [self.partner(here, c) for c in grp.conveners], "No conveners named yet."))
        members = []
        for m in grp.members:
            detail = ", ".join(x for x in (text(m.role) if m.role else "", f"since {m.since.isoformat()}" if m.since else "") if x)
            members.append(self.partner(here, m.partner) + (f" ({detail})" if detail else ""))
        out.append(self.section("Members", members, "No members listed yet."))
        notes = [self.note_item(here, k) for k in self.g.group_notes.get(slug, [])]
        out.append(self.section("Notes, newest first", notes, "No notes yet."))
        out.append(self.section("Shared work", [self.link(here, Ref("scenario", s)) for s in self.g.group_scenarios.get(slug, [])]))
        if grp.conditions:
            rows = [f"| {text(self.tax.conditions[c].label)} | {text(self.tax.rubric_levels[v].label)} |" for c, v in grp.conditions.items()]
            out.append("## Conditions for collective impact\n\n| Condition | Where the group stands |\n|---|---|\n" + "\n".join(rows) + "\n\n")
        out.append(self.private_block(grp))
        return "".join(out)

    def note_page(self, key: str) -> str:
        note: Note = self.g.notes[key]
        here = self._here = note.src.rel
        out = [f"# {text(note.title)}\n\n"]
        if note.draft:
            out.append("**Draft: shown only in the internal edition.**\n\n")
        group = self.link(here, Ref("group", note.group)) if note.group in self.g.groups else text(note.group)
        out.append(
            self.facts(
                [
                    ("Group", group),
                    ("Date", note.date.isoformat()),
                    ("Kind", text(note.kind.replace("-", " ").capitalize())),
                    ("Attendees", ", ".join(self.partner(here, a) for a in note.attendees)),
                    ("Advances", ", ".join(self.link(here, Ref("scenario", s)) for s in note.scenarios)),
                    *self.extras(note),
                ]
            )
        )
        out.append("\n")
        for title, value in (("Intention", note.intention), ("Actions", note.actions), ("Assessment of progress", note.assessment)):
            out.append(self.text_section(title, value))
        if note.src.body.strip():
            out.append(self.body(here, note.src.body.strip()) + "\n\n")
        out.append(self.section("Decisions", [text(d) for d in note.decisions]))
        out.append(self.text_section("Next steps", note.next_steps))
        out.append(self.private_block(note))
        return "".join(out)

    def text_section(self, title: str, value: str | list[str] | None) -> str:
        if not value:
            return ""
        if isinstance(value, list):
            return self.section(title, [text(v) for v in value])
        return f"## {title}\n\n{text(value)}\n\n"

    def scenario_page(self, slug: str) -> str:
        sc: Scenario = self.g.scenarios[slug]
        here = self._here = sc.src.rel
        out = [f"# {text(sc.title)}\n\n"]
        out.append(
            self.facts(
                [
                    ("Status", text(sc.status.capitalize())),
                    ("Topics", ", ".join(self.topic(here, t) for t in sc.topics)),
                    ("Needs at the table", ", ".join(self.category(here, c) for c in sc.needs) if sc.needs else None),
                    *self.extras(sc),
                ]
            )
        )
        if f"scenarios/{slug}" in self.a.gaps:
            out.append(f"\n{self.gap_link(here, 'scenario', slug)}\n\n")
        if sc.src.body.strip():
            out.append("\n" + self.body(here, sc.src.body.strip()) + "\n\n")
        out.append(self.section("Practice groups doing this work", [self.link(here, Ref("group", g)) for g in sc.groups]))
        out.append(self.section("Partners engaged", [self.partner(here, p) for p in sc.partners]))
        out.append(self.section("Efforts already under way", [text(e) for e in sc.efforts]))
        out.append(self.section("Notes that advance it", [self.note_item(here, k, True) for k in self.g.scenario_notes.get(slug, [])]))
        out.append(self.private_block(sc))
        return "".join(out)

    # ---- directory pages ---------------------------------------------------------------
    def partners_index(self) -> str:
        here = self._here = PARTNERS_INDEX
        partners = self.g.partners
        out = ["# Partners\n\n", f"{len(partners)} partners in the directory. Each is listed under every category it belongs to.\n\n"]
        out.append("## By category\n\n")
        for slug, term in self.tax.categories.items():
            members = [p for p in sorted(partners, key=lambda s: (partners[s].name.casefold(), s)) if slug in partners[p].category]
            out.append(f"### {text(term.label)} ({len(members)})\n\n{text(term.description)}\n\n")
            if not members:
                out.append("No partner in this category yet.\n\n")
                continue
            out.append("| Partner | Level | Relationship | Roles |\n|---|---|---|---|\n")
            for p in members:
                partner = partners[p]
                out.append(
                    f"| {self.partner(here, p)} | {text(partner.level or '')} | "
                    f"{text(self.tax.relationships[partner.relationship].label) if partner.relationship else ''} | "
                    f"{', '.join(text(self.tax.roles[r].label) for r in partner.roles)} |\n"
                )
            out.append("\n")
        out.append("## By level\n\n")
        for level in self.tax.levels:
            names = [self.partner(here, p) for p in sorted(partners) if partners[p].level == level]
            out.append(f"- **{text(level.capitalize())}** ({len(names)}): {', '.join(names) or 'none'}\n")
        out.append("\n## By relationship stage\n\n")
        for stage, term in self.tax.relationships.items():
            names = [self.partner(here, p) for p in sorted(partners) if partners[p].relationship == stage]
            out.append(f"- **{text(term.label)}** ({len(names)}): {', '.join(names) or 'none'}\n")
        return "".join(out)

    def groups_index(self) -> str:
        here = self._here = GROUPS_INDEX
        out = ["# Practice groups\n\n"]
        if not self.g.groups:
            return out[0] + "No practice groups yet.\n"
        out.append("| Group | Focus | Status | Members | Notes | Gaps |\n|---|---|---|---|---|---|\n")
        for slug, grp in sorted(self.g.groups.items()):
            out.append(
                f"| {self.link(here, Ref('group', slug))} | {text(grp.focus)} | {text(grp.status)} | "
                f"{len(grp.members) + len(grp.conveners)} | {len(self.g.group_notes.get(slug, []))} | "
                f"[Who isn't here?]({rel(here, gap_src('group', slug))}) |\n"
            )
        return "".join(out)

    def scenarios_index(self) -> str:
        here = self._here = SCENARIOS_INDEX
        out = ["# Shared work\n\n"]
        if not self.g.scenarios:
            return out[0] + "No shared-work scenarios yet.\n"
        out.append("| Scenario | Status | Groups | Partners | Gaps |\n|---|---|---|---|---|\n")
        for slug, sc in sorted(self.g.scenarios.items()):
            out.append(
                f"| {self.link(here, Ref('scenario', slug))} | {text(sc.status)} | {len(sc.groups)} | {len(sc.partners)} | "
                f"[Who isn't here?]({rel(here, gap_src('scenario', slug))}) |\n"
            )
        return "".join(out)

    def topics_index(self) -> str:
        here = self._here = TOPICS_INDEX
        out = ["# Topics\n\n", "The issues partners, groups and shared work are tagged with.\n\n"]
        out.append("| Topic | Partners | Groups | Scenarios |\n|---|---|---|---|\n")
        for topic in sorted(self.g.topics):
            refs = self.g.topics[topic]
            counts = {k: sum(1 for r in refs if r.kind == k) for k in ("partner", "group", "scenario")}
            out.append(f"| {self.topic(here, topic)} | {counts['partner']} | {counts['group']} | {counts['scenario']} |\n")
        return "".join(out)

    def topic_page(self, topic: str) -> str:
        here = self._here = topic_src(topic)
        refs = self.g.topics.get(topic, [])
        out = [f"# Topic: {text(topic)}\n\n"]
        for kind, title in (("group", "Practice groups"), ("scenario", "Shared work"), ("partner", "Partners")):
            items = [self.link(here, r) for r in refs if r.kind == kind]
            out.append(self.section(title, items, f"No {title.lower()} take up this topic." if kind == "group" else None))
        return "".join(out)

    # ---- who isn't here? ---------------------------------------------------------------
    def gap_page(self, key: str) -> str:
        gaps: Gaps = self.a.gaps[key]
        subj = gaps.subject
        here = self._here = gap_src(subj.kind, subj.slug)
        ref = Ref(subj.kind, subj.slug)
        what = "practice group" if subj.kind == "group" else "shared work"
        out = [
            f"# Who isn't here? {text(subj.name)}\n\n",
            f"Who is missing from the {what} {self.link(here, ref)}, judged from who is present: "
            f"{len(subj.present)} partners ({self.presence_rule(subj.kind)}).\n\n",
        ]
        out.append("## Missing categories\n\n")
        if not gaps.missing_categories:
            out.append("Every expected category is present.\n\n")
        for c in gaps.missing_categories:
            term = self.tax.categories[c]
            cands = gaps.candidates.get(c, [])
            could = (
                (
                    f"{len(cands)} in the directory could fill it: "
                    + ", ".join(self.partner(here, p) for p in cands[:5])
                    + (" and more." if len(cands) > 5 else ".")
                )
                if cands
                else "No one in the directory has this category: recruit beyond it."
            )
            out.append(f"- **{text(term.label)}**: {text(term.description)} {could}\n")
        out.append("\n## Missing levels\n\n")
        out.append(
            ("Missing: " + ", ".join(text(lv) for lv in gaps.missing_levels) + ".\n\n") if gaps.missing_levels else "Every expected level is present.\n\n"
        )
        present_cats = ", ".join(text(self.tax.category_label(c)) for c in gaps.present_categories) or "none"
        out.append(f"Present categories: {present_cats}. Present levels: {', '.join(gaps.present_levels) or 'none'}.\n\n")
        out.append("## Who to invite\n\n")
        if gaps.invitations:
            out.append(
                f"Ranked by points: {W_CATEGORY} for each missing category the partner is in, {W_TOPIC} for each topic shared, "
                f"{W_ALLY} for each ally already here, {W_LEVEL} for working at a missing level; equal scores are listed by slug.\n\n"
            )
            out.append("| Rank | Partner | Score | Why |\n|---|---|---|---|\n")
            for i, inv in enumerate(gaps.invitations, 1):
                out.append(f"| {i} | {self.partner(here, inv.partner)} | {inv.score} | {text('; '.join(inv.reasons))} |\n")
            out.append("\n")
        else:
            out.append("No one in the directory would add a missing category, a shared topic or a tie.\n\n")
        if subj.kind == "group":
            out.append("## Quiet members\n\n")
            if gaps.quiet_members:
                out.append(f"Members who attended none of the last {self.s.quiet_window} notes that record attendance:\n\n")
                out.append("\n".join(f"- {self.partner(here, m)}" for m in gaps.quiet_members) + "\n\n")
            else:
                recorded = any(n.attendees for n in self.g.published_notes(subj.slug))
                out.append("Every member took part recently.\n\n" if recorded else "No note records attendance yet, so no one is called quiet.\n\n")
        for finding in gaps.findings:
            out.append(f"## {text(finding.title)}\n\n{text(finding.text)}\n\n")
            if finding.partners:
                out.append("\n".join(f"- {self.partner(here, p)}" for p in finding.partners if p in self.g.partners) + "\n\n")
        out.append("## Who is here\n\n")
        rows = [
            f"{self.partner(here, p)} ({text(', '.join(how))}; {', '.join(text(self.tax.category_label(c)) for c in self.g.partners[p].category)})"
            for p, how in sorted(subj.present.items())
        ]
        out.append(("\n".join(f"- {r}" for r in rows) + "\n") if rows else "No one yet.\n")
        return "".join(out)

    @staticmethod
    def presence_rule(kind: str) -> str:
        if kind == "group":
            return "conveners, members and attendees of its notes"
        return "its partners, the conveners and members of its groups, and attendees of notes that advance it"

    def overview_page(self) -> str:
        here = self._here = GAPS_INDEX
        ov = self.a.overview
        cats = list(self.tax.categories)
        out = [
            "# Who isn't here?\n\n",
            "Communities of practice keep asking who is missing from the table. This page sums up the answer "
            "for every practice group and every piece of shared work; each has its own page with ranked invitations.\n\n",
        ]
        out.append("## Coverage\n\n")
        gaps_with_holes = [g for g in self.a.gaps.values() if g.missing_categories]
        out.append(
            f"{len(gaps_with_holes)} of {len(self.a.gaps)} groups and scenarios miss at least one expected category. "
            "Each cell counts the partners present in that category; a dash means none is present.\n\n"
        )
        out.append("| Group or scenario | " + " | ".join(text(self.tax.categories[c].label) for c in cats) + " | Missing |\n")
        out.append("|---|" + "---|" * len(cats) + "---|\n")
        for key, counts in ov.coverage.items():
            gaps = self.a.gaps[key]
            subj = gaps.subject
            label = f"[{text(subj.name)}]({rel(here, gap_src(subj.kind, subj.slug))})"
            kind_word = "Group" if subj.kind == "group" else "Scenario"
            cells = []
            for c in cats:
                n = counts.get(c, 0)
                expected = c in subj.expected_categories
                cells.append(str(n) if n else ("**— missing**" if expected else "—"))
            out.append(f"| {kind_word}: {label} | " + " | ".join(cells) + f" | {len(gaps.missing_categories)} |\n")
        out.append("\n“— missing” marks a category the group or scenario expects and nobody present has.\n\n")
        out.append(self.section("Partners in no group", [self.partner(here, p) for p in ov.partners_in_no_group], "Every partner belongs to a group."))
        out.append(
            self.section(
                "Categories with no partner in the directory",
                [
                    f"**{text(self.tax.categories[c].label)}**: {text(self.tax.categories[c].description)} Recruit beyond the directory."
                    for c in ov.categories_without_partners
                ],
                "Every category has at least one partner in the directory.",
            )
        )
        out.append(self.section("Topics no group takes up", [self.topic(here, t) for t in ov.topics_without_group], "Every topic is taken up by a group."))
        return "".join(out)


def generated_sources(graph: Graph, analysis: Analysis) -> dict[str, str]:
    """The generated pages: source path -> a short kind tag (what to render)."""
    out = {PARTNERS_INDEX: "partners", GROUPS_INDEX: "groups", SCENARIOS_INDEX: "scenarios", TOPICS_INDEX: "topics", GAPS_INDEX: "overview"}
    for topic in graph.topics:
        out[topic_src(topic)] = "topic:" + topic
    for key, gaps in analysis.gaps.items():
        out[gap_src(gaps.subject.kind, gaps.subject.slug)] = "gap:" + key
    return out


def render_generated(renderer: Renderer, tag: str) -> str:
    if tag == "partners":
        return renderer.partners_index()
    if tag == "groups":
        return renderer.groups_index()
    if tag == "scenarios":
        return renderer.scenarios_index()
    if tag == "topics":
        return renderer.topics_index()
    if tag == "overview":
        return renderer.overview_page()
    if tag.startswith("topic:"):
        return renderer.topic_page(tag[len("topic:") :])
    if tag.startswith("gap:"):
        return renderer.gap_page(tag[len("gap:") :])
    raise ValueError(tag)


def render_entity(renderer: Renderer, ref: Ref) -> str:
    return {
        "partner": renderer.partner_page,
        "group": renderer.group_page,
        "note": renderer.note_page,
        "scenario": renderer.scenario_page,
    }[ref.kind](ref.key)
