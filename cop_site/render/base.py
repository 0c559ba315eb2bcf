"""The renderer's shared machinery: links between pages, names, labels, the author's prose
and the pieces every page family uses. The page families are modules of their own
(`entities`, `directories`, `gaps`, `tools`); `render_entity` and `render_generated` pick one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from markupsafe import Markup

from ..analyse import Analysis
from ..link import Graph, Ref, WikiLink, find_wikilinks
from ..model import Entity
from ..settings import Settings
from .components import attr, esc, facts, fmt, join, para, trusted, ul
from .core import _MD_LABEL, _SETEXT, LINK_TOKEN, Page, page_url, relative, text
from .registry import BY_TAG, gap_src, topic_src


class Renderer:
    def __init__(
        self,
        graph: Graph,
        analysis: Analysis,
        settings: Settings,
        generated: Iterable[str],
        use_directory_urls: bool = True,
        permalink: str | None = None,
        site_url: str = "",
    ):
        self.use_directory_urls = use_directory_urls
        # How headings the engine writes link to themselves, as the site's Markdown does it for
        # the author's: HTML with {id} in it, or None (see `permalink_html`).
        self.permalink = permalink
        # The site's absolute address (site_url), where it has one: for links that must be
        # absolute, such as a calendar subscription (webcal://).
        self.site_url = site_url
        self.g = graph
        self.a = analysis
        self.s = settings
        self.tax = settings.taxonomy
        self.generated = set(generated)  # generated sources that exist (an author's page wins)
        self._here = ""  # the source of the page being rendered
        self._ups: list[tuple[str, str]] = [("", "")]  # ... and the ways up from it (see `ways_up`)
        self._urls: dict[str, str] = {}
        self._names: dict[Ref, Markup] = {}
        self._ref_urls: dict[Ref, str] = {}
        self._links: dict[Ref, tuple[str, str]] = {}
        self._note_tails: dict[tuple[str, bool], str] = {}
        self._sort_keys: dict[Ref, tuple[str, str]] = {}
        self._parts: dict[tuple[str, ...], Markup] = {}

    def part(self, key: tuple[str, ...], make: Callable[[], Markup]) -> Markup:
        """A piece of HTML that is the same wherever it appears (it holds no link, so no page
        changes it), made once per site: `key` names what it is made from."""
        made = self._parts.get(key)
        if made is None:
            made = self._parts[key] = make()
        return made

    def start(self, here: str) -> Page:
        self._ups = self.ways_up(here)
        self._here = here
        return Page(self.permalink)

    def site_page(self, tag: str) -> Page:
        """A site page begun at its registered address, under its registered title."""
        entry = BY_TAG[tag]
        page = self.start(entry.src)
        page.title(entry.title)
        return page

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

    def name(self, ref: Ref) -> Markup:
        """An entity's name as HTML text."""
        name = self._names.get(ref)
        if name is None:
            name = self._names[ref] = esc(self.g.name(ref))
        return name

    def to(self, ref: Ref, label: Markup | None = None) -> Markup:
        """An HTML link to an entity's page, named by the entity or by `label`."""
        if label is not None:
            return fmt('<a href="{}">{}</a>', attr(relative(self._ups, self.ref_url(ref))), label)
        link = self._links.get(ref)
        if link is None:  # the same entity is linked from many pages
            link = self._links[ref] = (self.ref_url(ref), f'">{self.name(ref)}</a>')
        return trusted('<a href="' + relative(self._ups, link[0]) + link[1])

    def partner(self, slug: str) -> Markup:
        return self.to(Ref("partner", slug))

    def topic(self, topic: str) -> Markup:
        if topic_src(topic) in self.generated:
            return fmt('<a href="{}">{}</a>', attr(self.href(topic_src(topic))), self.topic_label(topic))
        return self.topic_label(topic)

    def topic_label(self, topic: str) -> Markup:
        return esc(self.tax.topic_label(topic))

    def by_name(self, kind: str, keys: Iterable[str]) -> list[str]:
        """Keys sorted as readers look for them: by display name (then key, for ties)."""
        cache = self._sort_keys
        out = []
        for key in keys:
            ref = Ref(kind, key)
            sort_key = cache.get(ref)
            if sort_key is None:
                sort_key = cache[ref] = (self.g.name(ref).casefold(), key)
            out.append((sort_key, key))
        out.sort()
        return [key for _, key in out]

    def refs_by_name(self, refs: Iterable[Ref]) -> list[Ref]:
        return sorted(refs, key=lambda ref: (self.g.name(ref).casefold(), ref.key))

    def gap_link(self, kind: str, slug: str) -> Markup:
        return fmt('<a href="{}">Who isn\'t here?</a>', attr(self.href(gap_src(kind, slug))))

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
            target = self.g.lookup(wl.raw.strip())
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
    def facts(self, rows: Sequence[tuple[str, object]]) -> Markup:
        """A list of `label: value`, leaving out empty values."""
        return facts(rows)

    def section(self, page: Page, title: str, items: list[Markup], empty: str | None = None, late: bool = True) -> None:
        """A heading and a list of items, or the `empty` sentence; nothing if neither."""
        if not items and not empty:
            return
        page.heading(2, esc(title), late)
        page.html(ul(items) if items else para(empty or ""), late)

    def author_body(self, page: Page, entity: Entity) -> None:
        raw = entity.src.body
        body = raw.strip()
        if not body:
            return
        lead = raw[: len(raw) - len(raw.lstrip())]  # what strip() took off the front
        skipped = (lead.count("\n"), len(lead) - lead.rfind("\n") - 1)
        page.author(*self.body(self._here, body, self.g.wikilinks.get(entity.src.rel), skipped))

    def extras(self, entity: Entity) -> list[tuple[str, Markup | None]]:
        """The site's own fields (`extra_fields`), as facts."""
        rows: list[tuple[str, Markup | None]] = []
        for name, value in sorted(entity.src.extras.items()):
            shown = join(value) if isinstance(value, list) else esc(value) if value is not None else None
            rows.append((name.replace("_", " ").capitalize(), shown))
        return rows

    def private_block(self, page: Page, entity: Entity) -> None:
        """Only in the internal edition: the fields under `private:`."""
        if not self.s.internal or not entity.private or all(v is None for v in entity.private.values()):
            return
        page.heading(2, esc("Private (internal edition only)"))
        # An empty field (as a new file from a template has) says nothing worth a line.
        page.html(ul(fmt("<strong>{}:</strong> {}", k, v) for k, v in entity.private.items() if v is not None))

    def note_item(self, key: str, with_group: bool = False) -> Markup:
        tail = self._note_tails.get((key, with_group))
        if tail is None:  # the same note is listed on many pages
            note = self.g.notes[key]
            extra = f", {self.name(Ref('group', note.group))}" if with_group and note.group in self.g.groups else ""  # escaped already
            tail = self._note_tails[(key, with_group)] = f" ({note.date.isoformat()}, {note.kind.replace('-', ' ')}{extra})"
        # str + str, then one Markup: Markup's own + would escape the tail a second time
        return trusted(str.__add__(self.to(Ref("note", key)), tail))

    def reference_line(self, page: Page, kind: str, key: str) -> None:
        """How other files name this entity: editors need the slug, and the page is where
        they find it. Placed after search indexing, like the other facts: as the first words of
        a page it would open the page's preview in every search result, and a slug's words are
        its name's, which search finds anyway."""
        fields = {"partner": "attendees or members", "group": "a scenario's groups", "scenario": "a note's scenarios"}.get(kind)
        where = fmt("<code>{}</code> in fields such as {}, and as ", key, fields) if fields else ""
        page.html(fmt('<p class="cop-ref">Reference this {} as {}<code>[[{}]]</code> in text.</p>\n', kind, where, key), late=True)

    def text_block(self, page: Page, title: str, value: str | list[str] | None) -> None:
        """An author's text field under a heading: searchable, so placed early."""
        if not value:
            return
        if isinstance(value, list):
            self.section(page, title, [esc(v) for v in value], late=False)
        else:
            page.heading(2, esc(title))
            page.html(para(esc(value)))
