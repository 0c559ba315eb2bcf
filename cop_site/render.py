"""Stage 5: every entity page and every generated page, ready for a site generator.

A rendered page is Markdown holding only what the generator itself must read (the author's
own prose and headings, for its table of contents), plus HTML fragments for what the engine
writes (the title heading, facts, tables, lists of connections), and the page's title as
plain text (`Rendered.title`) for the generator to use as the page's title. Fragments never
pass through Markdown, so a page listing hundreds of connections costs little more to build
than its prose.

Fragments are *early* (placed once Markdown has run, before any search index reads the
page) or *late* (facts and lists of links to other pages, placed after indexing, so that
searching a partner's name finds the partner rather than every page that lists it).

A marker is a paragraph of one made-up word, the cheapest thing for Markdown to pass on
(an HTML comment would send the whole page through its raw-HTML handling). Once Markdown has
run, early markers become their fragments and late ones become HTML comments, which search
indexers skip; after indexing, the comments become the late fragments. [[wikilinks]] in the
author's prose are set aside the same way (see `Renderer.body`).

Links are relative URLs computed from the URLs the generator gives each source
(`page_url`), so the site works under any address. Nothing here knows about MkDocs."""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from .analyse import W_ALLY, W_CATEGORY, W_LEVEL, W_TOPIC, Analysis, Gaps
from .link import Graph, Ref, WikiLink, find_wikilinks
from .model import Group, Note, Partner, Scenario
from .settings import Settings

PARTNERS_INDEX = "partners/index.md"
GROUPS_INDEX = "groups/index.md"
SCENARIOS_INDEX = "scenarios/index.md"
TOPICS_INDEX = "topics/index.md"
GAPS_INDEX = "gaps/index.md"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|{}#])")
TOKEN = "copsitefragment"
_TOKEN = re.compile(rf"(?:<p>)?{TOKEN}(\d+)(?:</p>)?")
LINK_TOKEN = "copsitelink"
_LINK_TOKEN = re.compile(rf"{LINK_TOKEN}(\d+)z")
# A label with any of these needs Markdown (emphasis, code, escapes...).
_MD_LABEL = re.compile(r"[\\`*_\[\]<>&!~^=|{}#]")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_COMMENT = re.compile(r"<!--cop-site:(\d+)-->")


def text(value: object) -> str:
    """Editor-supplied text made inert in Markdown: HTML escaped, Markdown punctuation backslashed."""
    escaped = html.escape(str(value), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped).replace("\n", " ")


def esc(value: object) -> str:
    """Editor-supplied text made inert in HTML."""
    return html.escape(str(value), quote=False).replace("\n", " ")


def topic_src(topic: str) -> str:
    return f"topics/{topic}.md"


def gap_src(kind: str, slug: str) -> str:
    return f"gaps/{kind}s/{slug}.md"


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


def relative(ways_up: list[tuple[str, str]], url: str) -> str:
    """The relative URL of a site-relative URL from a page, given the page's ways up (see
    `Renderer.ways_up`): through the deepest folder the two have in common."""
    for folder, up in ways_up:
        if url.startswith(folder):
            return up + url[len(folder) :] or "./"
    return url  # not reached: the last way up is the site's root, a prefix of every URL


TocEntry = tuple[int, str, str]  # (level, title as HTML, anchor id)


@dataclass
class Rendered:
    """A page: Markdown with markers, what each marker stands for, and the headings the
    fragments hold (for the page's table of contents)."""

    markdown: str
    # One entry per marker, in page order: early HTML, or the index of a late fragment.
    slots: list[list[str | int]] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    toc_before: list[TocEntry] = field(default_factory=list)  # headings before the author's text
    toc_after: list[TocEntry] = field(default_factory=list)  # ... and after it
    links: list[str] = field(default_factory=list)  # the author's [[links]], see `Renderer.body`
    title: str = ""  # plain text

    def texts(self) -> list[str]:
        """Everything the page's output is made from, as text (to tell whether it changed)."""
        return [self.title, self.markdown, repr(self.slots), *self.late]

    def assembled(self) -> str:
        """The whole page as one text, the Markdown with every fragment in place (for tests
        and for reading what the engine wrote)."""
        return self.place(self.place(self.markdown, late=False)[0], late=True)[0]

    def place(self, content: str, late: bool) -> tuple[str, int]:
        """`content` (the page's HTML once Markdown has run) with the early fragments in place
        and HTML comments where late ones go; or (`late`) the late ones in place of those
        comments. Also how many went missing (a Markdown extension changed a marker)."""
        if not late:
            content, lost = place_links(content, self.links)
            if not self.slots:
                return content, lost
            found: set[int] = set()

            def swap(m: re.Match) -> str:
                n = int(m.group(1))
                found.add(n)
                return "".join(c if isinstance(c, str) else f"<!--cop-site:{c}-->" for c in self.slots[n])

            content = _TOKEN.sub(swap, content)
            return content, lost + len(self.slots) - len(found)
        if not self.late:
            return content, 0
        placed: set[int] = set()

        def swap_late(m: re.Match) -> str:
            placed.add(int(m.group(1)))
            return self.late[int(m.group(1))]

        content = _COMMENT.sub(swap_late, content)
        return content, len(self.late) - len(placed)


def place_links(content: str, links: list[str]) -> tuple[str, int]:
    """The HTML links `Renderer.body` set aside, in place of their tokens; and how many
    tokens went missing."""
    if not links:
        return content, 0
    placed: set[int] = set()

    def swap(m: re.Match) -> str:
        n = int(m.group(1))
        if n >= len(links):
            return m.group(0)
        placed.add(n)
        return links[n]

    return _LINK_TOKEN.sub(swap, content), len(links) - len(placed)


_ATX = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


def slugify(value: str) -> str:
    """An anchor id as Python-Markdown's toc extension makes one by default."""
    value = unicodedata.normalize("NFKD", html.unescape(re.sub(r"<[^>]+>", "", value))).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


class _Page:
    """Collects one page. Markdown holds the title and the author's text; everything else is
    HTML, and consecutive fragments share one marker, so Markdown sees at most a few."""

    def __init__(self, permalink: str | None) -> None:
        self.parts: list[str] = []
        self.slots: list[list[str | int]] = []
        self.late: list[str] = []
        self.toc_before: list[TocEntry] = []
        self.toc_after: list[TocEntry] = []
        self._toc = self.toc_before
        self._open = False  # whether the last part is a marker that can take more
        self._ids: set[str] = set()
        self._permalink = permalink
        self.links: list[str] = []
        self.page_title = ""

    def title(self, title: str) -> None:
        """The page's title (plain text) and its h1. The h1 is HTML, as the theme would write
        it (no id, no entry in the table of contents), so Markdown has one heading less to
        process on every page; the generator takes the title from `Rendered.title`."""
        self.page_title = title
        self.html(f"<h1>{esc(title)}</h1>\n")

    def author(self, markdown: str, links: list[str]) -> None:
        """The author's own Markdown: the generator reads it (and lists its headings)."""
        if not markdown:
            return
        self.links = links
        self.parts.append("\n" + markdown + "\n\n")
        self._ids.update(slugify(m.group(1)) for m in _ATX.finditer(markdown))
        self._toc = self.toc_after
        self._open = False

    def html(self, fragment: str, late: bool = False) -> None:
        if not fragment:
            return
        if not self._open:
            self.parts.append(f"\n{TOKEN}{len(self.slots)}\n\n")
            self.slots.append([])
            self._open = True
        slot = self.slots[-1]
        if late:
            if slot and isinstance(slot[-1], int):
                self.late[slot[-1]] += fragment
            else:
                slot.append(len(self.late))
                self.late.append(fragment)
        elif slot and isinstance(slot[-1], str):
            slot[-1] += fragment
        else:
            slot.append(fragment)

    def heading(self, level: int, title: str, late: bool = False) -> None:
        """A heading as HTML (`title` is HTML), listed in the page's table of contents."""
        base = anchor = slugify(title) or "section"
        n = 0
        while anchor in self._ids:
            n += 1
            anchor = f"{base}_{n}"
        self._ids.add(anchor)
        link = self._permalink.format(id=anchor) if self._permalink else ""
        self.html(f'<h{level} id="{anchor}">{title}{link}</h{level}>\n', late)
        self._toc.append((level, title, anchor))

    def done(self) -> Rendered:
        return Rendered("".join(self.parts), self.slots, self.late, self.toc_before, self.toc_after, self.links, self.page_title)


def permalink_html(permalink: object, title: str = "Permanent link", css: str = "headerlink") -> str | None:
    """The self-link Python-Markdown's toc extension adds to a heading, for its options
    `permalink`, `permalink_title` and `permalink_class`; None when it adds none."""
    if not permalink:
        return None
    symbol = "&para;" if permalink is True else str(permalink)
    return f'<a class="{html.escape(css)}" href="#{{id}}" title="{html.escape(title)}">{symbol}</a>'


def ul(items: Iterable[str], css: str | None = None) -> str:
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>\n"


def table(head: list[str], rows: Iterable[list[str]]) -> str:
    """The same markup as a Markdown table, so the theme styles both alike."""
    out = ["<table>\n<thead>\n<tr>\n", *(f"<th>{h}</th>\n" for h in head), "</tr>\n</thead>\n<tbody>\n"]
    for row in rows:
        out.append("<tr>\n" + "".join(f"<td>{cell}</td>\n" for cell in row) + "</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def para(fragment: str) -> str:
    return f"<p>{fragment}</p>\n"


class Renderer:
    def __init__(self, graph: Graph, analysis: Analysis, settings: Settings, generated: Iterable[str], use_directory_urls: bool = True,
        permalink: str | None = None,
    ):
        self.use_directory_urls = use_directory_urls
        # How headings the engine writes link to themselves, as the site's Markdown does it for
        # the author's: HTML with {id} in it, or None (see `permalink_html`).
        self.permalink = permalink
        self.g = graph
        self.a = analysis
        self.s = settings
        self.tax = settings.taxonomy
        self.generated = set(generated)  # generated sources that exist (an author's page wins)
        self._here = ""  # the source of the page being rendered
        self._ups: list[tuple[str, str]] = [("", "")]  # ... and the ways up from it (see `ways_up`)
        self._urls: dict[str, str] = {}
        self._names: dict[Ref, str] = {}
        self._ref_urls: dict[Ref, str] = {}
        self._links: dict[Ref, tuple[str, str]] = {}
        self._note_tails: dict[tuple[str, bool], str] = {}

    def _start(self, here: str) -> _Page:
        self._ups = self.ways_up(here)
        self._here = here
        return _Page(self.permalink)

    # ---- links -------------------------------------------------------------------------
    # Links are as short as relative links go ("../ash/" from one partner to another), so the
    # site works under any address. There are hundreds of thousands of them, so a page's ways
    # up (its folder and each folder above it, with the "../" that reaches it) are listed
    # once, and a link is a few prefix tests and a concatenation.
    def src(self, ref: Ref) -> str:
        return self.g.entity(ref).src.rel

    def url(self, src: str) -> str:
        url = self._urls.get(src)
        if url is None:
            url = self._urls[src] = page_url(src, self.use_directory_urls)
        return url

    def ways_up(self, src: str) -> list[tuple[str, str]]:
        """The folders of a source's page URL from the deepest up to the site's root, each
        with the relative URL that reaches it: [("partners/ash/", ""), ("partners/", "../"), ("", "../../")]."""
        if src == self._here:  # the page being rendered, whose prose `body` links from
            return self._ups
        url = self.url(src)
        folders = url[: url.rfind("/") + 1].split("/")[:-1]
        return [("".join(f + "/" for f in folders[:n]), "../" * (len(folders) - n)) for n in range(len(folders), -1, -1)]

    def href(self, src: str) -> str:
        """The relative URL from the page being rendered to a source's page."""
        return relative(self._ups, self.url(src))

    def ref_url(self, ref: Ref) -> str:
        url = self._ref_urls.get(ref)
        if url is None:
            url = self._ref_urls[ref] = self.url(self.src(ref))
        return url

    def name(self, ref: Ref) -> str:
        """An entity's name as HTML text."""
        name = self._names.get(ref)
        if name is None:
            name = self._names[ref] = esc(self.g.name(ref))
        return name

    def to(self, ref: Ref, label: str | None = None) -> str:
        """An HTML link to an entity's page; `label` is HTML."""
        if label is not None:
            return f'<a href="{relative(self._ups, self.ref_url(ref))}">{label}</a>'
        link = self._links.get(ref)
        if link is None:  # the same entity is linked from many pages
            link = self._links[ref] = (self.ref_url(ref), f'">{self.name(ref)}</a>')
        return '<a href="' + relative(self._ups, link[0]) + link[1]

    def partner(self, slug: str) -> str:
        return self.to(Ref("partner", slug))

    def topic(self, topic: str) -> str:
        if topic_src(topic) in self.generated:
            return f'<a href="{self.href(topic_src(topic))}">{esc(topic)}</a>'
        return esc(topic)

    def gap_link(self, kind: str, slug: str) -> str:
        return f"<a href=\"{self.href(gap_src(kind, slug))}\">Who isn't here?</a>"

    def body(self, here: str, body: str, links: list[WikiLink] | None = None, skipped: tuple[int, int] = (0, 0)) -> tuple[str, list[str]]:
        """The author's Markdown with [[wikilinks]] made into links, and the links it set aside.

        Markdown's own link syntax is the costliest thing it parses, and every target is known
        to exist, so the generator has nothing to resolve or validate. Most links are set
        aside: the Markdown holds a one-word token that `place_links` swaps for the finished
        `<a>` once Markdown has run. A link whose label needs Markdown (emphasis, say), or on
        a heading line (whose text becomes the title and the anchor), is an inline `<a>` around
        its label instead.

        `links` are the links the link stage found, in a text that had `skipped` = (lines,
        characters) more before `body` begins; found here if not given."""
        if links is None:
            links = find_wikilinks(body)
        if not links:
            return body, []
        ups = self.ways_up(here)
        lines = body.split("\n")
        aside: list[str] = []
        replacements: list[str] = []
        first, cols = skipped  # the line body begins on, and where on it
        spans = []  # (line, start, end) of each link in body
        for wl in links:
            shift = cols if wl.line_index == first else 0
            spans.append((wl.line_index - first, wl.start - shift, wl.end - shift))
        for wl, (index, _, _) in zip(links, spans, strict=True):  # in reading order, so the tokens count up through the page
            target = self.g.slugs.get(wl.raw.strip())
            if target is None:
                replacements.append(wl.text if wl.text else text(wl.raw.strip()))
                continue
            href = relative(ups, self.ref_url(target))
            on_heading = lines[index].lstrip(" ").startswith("#") or (index + 1 < len(lines) and bool(_SETEXT.match(lines[index + 1])))
            if wl.text is not None and (on_heading or _MD_LABEL.search(wl.text)):
                replacements.append(f'<a href="{href}">{wl.text}</a>')
            elif on_heading:
                replacements.append(f'<a href="{href}">{text(self.g.name(target))}</a>')
            else:
                replacements.append(f"{LINK_TOKEN}{len(aside)}z")
                aside.append(f'<a href="{href}">{self.name(target) if wl.text is None else esc(wl.text)}</a>')
        for (index, start, end), replacement in reversed(list(zip(spans, replacements, strict=True))):
            line = lines[index]
            lines[index] = line[:start] + replacement + line[end:]
        return "\n".join(lines), aside

    # ---- shared pieces -----------------------------------------------------------------
    def facts(self, rows: list[tuple[str, str | None]]) -> str:
        """A list of `label: value` (both HTML), leaving out empty values."""
        items = [f"<strong>{label}:</strong> {value}" for label, value in rows if value]
        return ul(items, "cop-facts") if items else ""

    def section(self, page: _Page, title: str, items: list[str], empty: str | None = None, late: bool = True) -> None:
        """A heading and a list of HTML items, or the `empty` sentence; nothing if neither."""
        if not items and not empty:
            return
        page.heading(2, title, late)
        page.html(ul(items) if items else para(empty or ""), late)

    def author_body(self, page: _Page, entity) -> None:
        raw = entity.src.body
        body = raw.strip()
        if not body:
            return
        lead = raw[: len(raw) - len(raw.lstrip())]  # what strip() took off the front
        skipped = (lead.count("\n"), len(lead) - lead.rfind("\n") - 1)
        page.author(*self.body(self._here, body, self.g.wikilinks.get(entity.src.rel), skipped))

    def extras(self, entity) -> list[tuple[str, str | None]]:
        rows = []
        for name, value in sorted(entity.src.extras.items()):
            if isinstance(value, list):
                value = ", ".join(esc(v) for v in value)
            elif value is not None:
                value = esc(value)
            rows.append((esc(name.replace("_", " ").capitalize()), value))
        return rows

    def private_block(self, page: _Page, entity) -> None:
        """Only in the internal edition: the fields under `private:`."""
        if not self.s.internal or not entity.private or all(v is None for v in entity.private.values()):
            return
        page.heading(2, "Private (internal edition only)")
        # An empty field (as a new file from a template has) says nothing worth a line.
        page.html(ul(f"<strong>{esc(k)}:</strong> {esc(v)}" for k, v in entity.private.items() if v is not None))

    def note_item(self, key: str, with_group: bool = False) -> str:
        tail = self._note_tails.get((key, with_group))
        if tail is None:  # the same note is listed on many pages
            note = self.g.notes[key]
            extra = f", {self.name(Ref('group', note.group))}" if with_group and note.group in self.g.groups else ""
            tail = self._note_tails[(key, with_group)] = f" ({note.date.isoformat()}, {note.kind.replace('-', ' ')}{extra})"
        return self.to(Ref("note", key)) + tail

    def text_block(self, page: _Page, title: str, value: str | list[str] | None) -> None:
        """An author's text field under a heading: searchable, so placed early."""
        if not value:
            return
        if isinstance(value, list):
            self.section(page, title, [esc(v) for v in value], late=False)
        else:
            page.heading(2, title)
            page.html(para(esc(value)))

    def reference_line(self, page: _Page, kind: str, key: str) -> None:
        """How other files name this entity: editors need the slug, and the page is where
        they find it. Early, so searching for a slug finds its page."""
        fields = {"partner": "attendees or members", "group": "a scenario's groups", "scenario": "a note's scenarios"}.get(kind)
        where = f"<code>{esc(key)}</code> in fields such as {fields}, and as " if fields else ""
        page.html(f'<p class="cop-ref">Reference this {kind} as {where}<code>[[{esc(key)}]]</code> in text.</p>\n')

    # ---- entity pages ------------------------------------------------------------------
    def partner_page(self, slug: str) -> Rendered:
        p: Partner = self.g.partners[slug]
        page = self._start(p.src.rel)
        tax = self.tax
        page.title(p.name)
        website = f'<a href="{html.escape(p.website)}">{esc(p.website)}</a>' if p.website else None
        page.html(
            self.facts(
                [
                    ("Kind", "Individual" if p.kind == "individual" else None),
                    ("Category", ", ".join(esc(tax.category_label(c)) for c in p.category)),
                    ("Level", esc(p.level.capitalize()) if p.level else None),
                    ("Roles", ", ".join(esc(tax.roles[r].label) for r in p.roles)),
                    ("Relationship", esc(tax.relationships[p.relationship].label) if p.relationship else None),
                    ("Engagement", esc(p.engagement) if p.engagement else None),
                    ("Influence", esc(p.influence) if p.influence else None),
                    ("Topics", ", ".join(self.topic(t) for t in p.topics)),
                    ("Website", website),
                    *self.extras(p),
                ]
            ),
            late=True,
        )
        self.reference_line(page, "partner", slug)
        organiser = [("Interest in the work", p.interest), ("Hopes to see", p.desired_outcomes), ("Values", p.values)]
        if any(v for _, v in organiser):
            page.heading(2, "What matters to this partner")
            page.html(self.facts([(k, esc(v) if v else None) for k, v in organiser]))
        self.author_body(page, p)
        groups = [f"{self.to(Ref('group', g))} ({esc(role)})" for g, role in self.g.partner_groups.get(slug, [])]
        self.section(page, "Practice groups", groups, "Not in any practice group yet.")
        self.section(page, "Shared work", [self.to(Ref("scenario", s)) for s in self.g.partner_scenarios.get(slug, [])])
        self.section(page, "Notes that list or mention this partner", [self.note_item(k, True) for k in self.g.partner_notes.get(slug, [])])
        self.section(page, "Allies", [self.partner(a) for a in self.g.allies.get(slug, [])])
        mentions = [self.to(r) for r in self.g.mentioned_by.get(Ref("partner", slug), []) if r.kind in ("partner", "group", "scenario")]
        self.section(page, "Mentioned on", mentions)
        self.assessments(page, p)
        self.private_block(page, p)
        return page.done()

    def assessments(self, page: _Page, p: Partner) -> None:
        if not p.assessments:
            return
        rows = []
        for domain in self.tax.domains.values():
            for slug, ind in self.tax.indicators.items():
                if ind.domain != domain.slug:
                    continue
                cells = [a.scores.get(slug) for a in p.assessments]
                if not any(cells):
                    continue
                values = [esc(self.tax.rubric_levels[c].label) if c else "not rated" for c in cells]
                rows.append([f"{esc(domain.label)}: {esc(ind.label)}", *values])
        page.heading(2, "Partnership self-assessment", late=True)
        out = para("Levels run from emerging to developing, established and transformational.")
        if rows:
            out += table(["Indicator", *(a.date.isoformat() for a in p.assessments)], rows)
        page.html(out, late=True)
        latest = p.assessments[-1]
        evidence = [f"<strong>{esc(self.tax.indicators[k].label)}:</strong> {esc(v)}" for k, v in latest.evidence.items()]
        if evidence:  # the partner's own words: searchable
            page.html(para(f"Evidence noted on {latest.date.isoformat()}:") + ul(evidence))

    def group_page(self, slug: str) -> Rendered:
        grp: Group = self.g.groups[slug]
        page = self._start(grp.src.rel)
        page.title(grp.name)
        page.html(para(esc(grp.focus)))
        out = self.facts(
            [
                ("Status", esc(grp.status.capitalize())),
                ("Meets", esc(grp.meets) if grp.meets else None),
                ("Topics", ", ".join(self.topic(t) for t in grp.topics)),
                *self.extras(grp),
            ]
        )
        gaps = self.a.gaps.get(f"groups/{slug}")
        if gaps is not None:
            missing = ", ".join(esc(self.tax.category_label(c)) for c in gaps.missing_categories) or "none"
            out += para(f"{self.gap_link('group', slug)} Missing categories: {missing}.")
        page.html(out, late=True)
        self.reference_line(page, "group", slug)
        self.author_body(page, grp)
        self.section(page, "Conveners", [self.partner(c) for c in grp.conveners], "No conveners named yet.")
        members = []
        for m in grp.members:
            detail = ", ".join(x for x in (esc(m.role) if m.role else "", f"since {m.since.isoformat()}" if m.since else "") if x)
            members.append(self.partner(m.partner) + (f" ({detail})" if detail else ""))
        self.section(page, "Members", members, "No members listed yet.")
        self.section(page, "Notes, newest first", [self.note_item(k) for k in self.g.group_notes.get(slug, [])], "No notes yet.")
        self.section(page, "Shared work", [self.to(Ref("scenario", s)) for s in self.g.group_scenarios.get(slug, [])])
        if grp.conditions:
            page.heading(2, "Conditions for collective impact", late=True)
            rows = [[esc(self.tax.conditions[c].label), esc(self.tax.rubric_levels[v].label)] for c, v in grp.conditions.items()]
            page.html(table(["Condition", "Where the group stands"], rows), late=True)
        self.private_block(page, grp)
        return page.done()

    def note_page(self, key: str) -> Rendered:
        note: Note = self.g.notes[key]
        page = self._start(note.src.rel)
        page.title(note.title)
        if note.draft:
            page.html(para("<strong>Draft: shown only in the internal edition.</strong>"))
        group = self.to(Ref("group", note.group)) if note.group in self.g.groups else esc(note.group)
        out = self.facts(
            [
                ("Group", group),
                ("Date", note.date.isoformat()),
                ("Kind", esc(note.kind.replace("-", " ").capitalize())),
                ("Attendees", ", ".join(self.partner(a) for a in note.attendees)),
                ("Advances", ", ".join(self.to(Ref("scenario", s)) for s in note.scenarios)),
                # Not link-checked yet (link.py does not know this field): an unknown slug shows as text.
                ("Presenter", (self.partner(note.presenter) if note.presenter in self.g.partners else esc(note.presenter)) if note.presenter else None),
                *self.extras(note),
            ]
        )
        page.html(out, late=True)
        self.reference_line(page, "note", key)
        for title, value in (
            ("Intention", note.intention),
            ("Actions", note.actions),
            ("Assessment of progress", note.assessment),
            ("Problem of practice", note.problem),
            ("Question for the consultancy", note.question),
            ("Feedback", note.feedback),
        ):
            self.text_block(page, title, value)
        self.author_body(page, note)
        self.text_block(page, "Decisions", note.decisions)
        self.text_block(page, "Next steps", note.next_steps)
        self.private_block(page, note)
        return page.done()

    def scenario_page(self, slug: str) -> Rendered:
        sc: Scenario = self.g.scenarios[slug]
        page = self._start(sc.src.rel)
        page.title(sc.title)
        out = self.facts(
            [
                ("Status", esc(sc.status.capitalize())),
                ("Topics", ", ".join(self.topic(t) for t in sc.topics)),
                ("Needs at the table", ", ".join(esc(self.tax.category_label(c)) for c in sc.needs) if sc.needs else None),
                *self.extras(sc),
            ]
        )
        if f"scenarios/{slug}" in self.a.gaps:
            out += para(self.gap_link("scenario", slug))
        page.html(out, late=True)
        self.reference_line(page, "scenario", slug)
        self.author_body(page, sc)
        self.section(page, "Practice groups doing this work", [self.to(Ref("group", g)) for g in sc.groups])
        self.section(page, "Partners engaged", [self.partner(p) for p in sc.partners])
        self.text_block(page, "Efforts already under way", sc.efforts)
        self.section(page, "Notes that advance it", [self.note_item(k, True) for k in self.g.scenario_notes.get(slug, [])])
        self.private_block(page, sc)
        return page.done()

    # ---- directory pages ---------------------------------------------------------------
    def partners_index(self) -> Rendered:
        page = self._start(PARTNERS_INDEX)
        partners = self.g.partners
        by_name = sorted(partners, key=lambda s: (partners[s].name.casefold(), s))
        page.title("Partners")
        page.html(para(f"{len(partners)} partners in the directory. Each is listed under every category it belongs to."))
        page.heading(2, "By category")
        for slug, term in self.tax.categories.items():
            members = [p for p in by_name if slug in partners[p].category]
            page.heading(3, f"{esc(term.label)} ({len(members)})")
            page.html(para(esc(term.description)))
            if not members:
                page.html(para("No partner in this category yet."))
                continue
            rows = []
            for p in members:
                partner = partners[p]
                rows.append(
                    [
                        self.partner(p),
                        esc(partner.level or ""),
                        esc(self.tax.relationships[partner.relationship].label) if partner.relationship else "",
                        ", ".join(esc(self.tax.roles[r].label) for r in partner.roles),
                    ]
                )
            page.html(table(["Partner", "Level", "Relationship", "Roles"], rows), late=True)
        page.heading(2, "By level", late=True)
        items = []
        for level in self.tax.levels:
            names = [self.partner(p) for p in sorted(partners) if partners[p].level == level]
            items.append(f"<strong>{esc(level.capitalize())}</strong> ({len(names)}): {', '.join(names) or 'none'}")
        page.html(ul(items), late=True)
        page.heading(2, "By relationship stage", late=True)
        items = []
        for stage, term in self.tax.relationships.items():
            names = [self.partner(p) for p in sorted(partners) if partners[p].relationship == stage]
            items.append(f"<strong>{esc(term.label)}</strong> ({len(names)}): {', '.join(names) or 'none'}")
        page.html(ul(items), late=True)
        return page.done()

    def groups_index(self) -> Rendered:
        page = self._start(GROUPS_INDEX)
        page.title("Practice groups")
        if not self.g.groups:
            page.html(para("No practice groups yet."))
            return page.done()
        rows = [
            [
                self.to(Ref("group", slug)),
                esc(grp.focus),
                esc(grp.status),
                str(len(grp.members) + len(grp.conveners)),
                str(len(self.g.group_notes.get(slug, []))),
                self.gap_link("group", slug),
            ]
            for slug, grp in sorted(self.g.groups.items())
        ]
        page.html(table(["Group", "Focus", "Status", "Members", "Notes", "Gaps"], rows), late=True)
        return page.done()

    def scenarios_index(self) -> Rendered:
        page = self._start(SCENARIOS_INDEX)
        page.title("Shared work")
        if not self.g.scenarios:
            page.html(para("No shared-work scenarios yet."))
            return page.done()
        rows = [
            [self.to(Ref("scenario", slug)), esc(sc.status), str(len(sc.groups)), str(len(sc.partners)), self.gap_link("scenario", slug)]
            for slug, sc in sorted(self.g.scenarios.items())
        ]
        page.html(table(["Scenario", "Status", "Groups", "Partners", "Gaps"], rows), late=True)
        return page.done()

    def topics_index(self) -> Rendered:
        page = self._start(TOPICS_INDEX)
        page.title("Topics")
        page.html(para("The issues partners, groups and shared work are tagged with."))
        rows = []
        for topic in sorted(self.g.topics):
            refs = self.g.topics[topic]
            counts = {k: sum(1 for r in refs if r.kind == k) for k in ("partner", "group", "scenario")}
            rows.append([self.topic(topic), str(counts["partner"]), str(counts["group"]), str(counts["scenario"])])
        page.html(table(["Topic", "Partners", "Groups", "Scenarios"], rows), late=True)
        return page.done()

    def topic_page(self, topic: str) -> Rendered:
        page = self._start(topic_src(topic))
        refs = self.g.topics.get(topic, [])
        page.title(f"Topic: {topic}")
        for kind, title in (("group", "Practice groups"), ("scenario", "Shared work"), ("partner", "Partners")):
            items = [self.to(r) for r in refs if r.kind == kind]
            self.section(page, title, items, f"No {title.lower()} take up this topic." if kind == "group" else None)
        return page.done()

    # ---- who isn't here? ---------------------------------------------------------------
    def gap_page(self, key: str) -> Rendered:
        gaps: Gaps = self.a.gaps[key]
        subj = gaps.subject
        page = self._start(gap_src(subj.kind, subj.slug))
        what = "practice group" if subj.kind == "group" else "shared work"
        page.title(f"Who isn't here? {subj.name}")
        page.html(
            para(
                f"Who is missing from the {what} {self.to(Ref(subj.kind, subj.slug))}, judged from who is present: "
                f"{len(subj.present)} partners ({self.presence_rule(subj.kind)})."
            )
        )
        page.heading(2, "Missing categories")
        if not gaps.missing_categories:
            page.html(para("Every expected category is present."))
        items = []
        for c in gaps.missing_categories:
            term = self.tax.categories[c]
            cands = gaps.candidates.get(c, [])
            if cands:
                more = " and more." if len(cands) > 5 else "."
                could = f"{len(cands)} in the directory could fill it: " + ", ".join(self.partner(p) for p in cands[:5]) + more
            else:
                could = "No one in the directory has this category: recruit beyond it."
            items.append(f"<strong>{esc(term.label)}</strong>: {esc(term.description)} {could}")
        if items:
            page.html(ul(items))
        page.heading(2, "Missing levels")
        levels = ("Missing: " + ", ".join(esc(lv) for lv in gaps.missing_levels) + ".") if gaps.missing_levels else "Every expected level is present."
        present_cats = ", ".join(esc(self.tax.category_label(c)) for c in gaps.present_categories) or "none"
        present_levels = ", ".join(esc(lv) for lv in gaps.present_levels) or "none"
        page.html(para(levels) + para(f"Present categories: {present_cats}. Present levels: {present_levels}."))
        page.heading(2, "Who to invite")
        if gaps.invitations:
            page.html(
                para(
                    f"Ranked by points: {W_CATEGORY} for each missing category the partner is in, {W_TOPIC} for each topic shared, "
                    f"{W_ALLY} for each ally already here, {W_LEVEL} for working at a missing level; equal scores are listed by slug."
                )
            )
            rows = [[str(i), self.partner(inv.partner), str(inv.score), esc("; ".join(inv.reasons))] for i, inv in enumerate(gaps.invitations, 1)]
            page.html(table(["Rank", "Partner", "Score", "Why"], rows))
        else:
            page.html(para("No one in the directory would add a missing category, a shared topic or a tie."))
        if subj.kind == "group":
            page.heading(2, "Quiet members")
            if gaps.quiet_members:
                intro = f"Members who attended none of the last {self.s.quiet_window} notes that record attendance:"
                page.html(para(intro) + ul(self.partner(m) for m in gaps.quiet_members))
            else:
                recorded = any(n.attendees for n in self.g.published_notes(subj.slug))
                page.html(para("Every member took part recently." if recorded else "No note records attendance yet, so no one is called quiet."))
        for finding in gaps.findings:
            page.heading(2, esc(finding.title))
            page.html(para(esc(finding.text)))
            if finding.partners:
                page.html(ul(self.partner(p) for p in finding.partners if p in self.g.partners))
        rows_here = [
            f"{self.partner(p)} ({esc(', '.join(how))}; {', '.join(esc(self.tax.category_label(c)) for c in self.g.partners[p].category)})"
            for p, how in sorted(subj.present.items())
        ]
        self.section(page, "Who is here", rows_here, "No one yet.")
        return page.done()

    @staticmethod
    def presence_rule(kind: str) -> str:
        if kind == "group":
            return "conveners, members and attendees of its notes"
        return "its partners, the conveners and members of its groups, and attendees of notes that advance it"

    def overview_page(self) -> Rendered:
        page = self._start(GAPS_INDEX)
        ov = self.a.overview
        cats = list(self.tax.categories)
        page.title("Who isn't here?")
        page.html(
            para(
                "Communities of practice keep asking who is missing from the table. This page sums up the answer "
                "for every practice group and every piece of shared work; each has its own page with ranked invitations."
            )
        )
        page.heading(2, "Coverage")
        gaps_with_holes = [g for g in self.a.gaps.values() if g.missing_categories]
        page.html(
            para(
                f"{len(gaps_with_holes)} of {len(self.a.gaps)} groups and scenarios miss at least one expected category. "
                "Each cell counts the partners present in that category; a dash means none is present."
            )
        )
        rows = []
        for key, counts in ov.coverage.items():
            gaps = self.a.gaps[key]
            subj = gaps.subject
            label = f'<a href="{self.href(gap_src(subj.kind, subj.slug))}">{esc(subj.name)}</a>'
            kind_word = "Group" if subj.kind == "group" else "Scenario"
            cells = []
            for c in cats:
                n = counts.get(c, 0)
                cells.append(str(n) if n else ("<strong>— missing</strong>" if c in subj.expected_categories else "—"))
            rows.append([f"{kind_word}: {label}", *cells, str(len(gaps.missing_categories))])
        head = ["Group or scenario", *(esc(self.tax.categories[c].label) for c in cats), "Missing"]
        page.html(table(head, rows) + para("“— missing” marks a category the group or scenario expects and nobody present has."), late=True)
        self.section(page, "Partners in no group", [self.partner(p) for p in ov.partners_in_no_group], "Every partner belongs to a group.")
        self.section(
            page,
            "Categories with no partner in the directory",
            [
                f"<strong>{esc(self.tax.categories[c].label)}</strong>: {esc(self.tax.categories[c].description)} Recruit beyond the directory."
                for c in ov.categories_without_partners
            ],
            "Every category has at least one partner in the directory.",
            late=False,
        )
        self.section(page, "Topics no group takes up", [self.topic(t) for t in ov.topics_without_group], "Every topic is taken up by a group.")
        return page.done()


def generated_sources(graph: Graph, analysis: Analysis) -> dict[str, str]:
    """The generated pages: source path -> a short kind tag (what to render)."""
    out = {PARTNERS_INDEX: "partners", GROUPS_INDEX: "groups", SCENARIOS_INDEX: "scenarios", TOPICS_INDEX: "topics", GAPS_INDEX: "overview"}
    for topic in graph.topics:
        out[topic_src(topic)] = "topic:" + topic
    for key, gaps in analysis.gaps.items():
        out[gap_src(gaps.subject.kind, gaps.subject.slug)] = "gap:" + key
    return out


def render_generated(renderer: Renderer, tag: str) -> Rendered:
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


def render_entity(renderer: Renderer, ref: Ref) -> Rendered:
    return {
        "partner": renderer.partner_page,
        "group": renderer.group_page,
        "note": renderer.note_page,
        "scenario": renderer.scenario_page,
    }[ref.kind](ref.key)
