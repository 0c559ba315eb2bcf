"""The shape of a rendered page, shared by every page family.

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
import secrets
import string
import unicodedata
from dataclasses import dataclass, field

from markupsafe import Markup

from .components import esc, trusted

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|{}#])")
# Markers hold a word drawn at random when the engine starts, so no author can write one: a
# partner's text that says "copsitefragment0" or "<!--cop-site:9-->" stays that text. The
# same in every build of one process (so `serve --dirty` sees unchanged pages as unchanged)
# and in the second process, which is forked from it; never in any output.
NONCE = "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
TOKEN = f"copsitefragment{NONCE}x"
# The paragraph Markdown wraps a marker in goes with it; the "<p>" before it is checked in code
# (see `Rendered.place`): a pattern that may begin with it has no literal prefix to search
# for, and costs a hundred times more on every page.
_TOKEN = re.compile(rf"{TOKEN}(\d+)(?:</p>)?")
LINK_TOKEN = f"copsitelink{NONCE}x"
_LINK_TOKEN = re.compile(rf"{LINK_TOKEN}(\d+)z")
# A label with any of these needs Markdown (emphasis, code, escapes...).
_MD_LABEL = re.compile(r"[\\`*_\[\]<>&!~^=|{}#]")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
LATE = f"<!--cop-site-{NONCE}:{{}}-->"  # where a late fragment goes, once Markdown has run
_COMMENT = re.compile(rf"<!--cop-site-{NONCE}:(\d+)-->")


def text(value: object) -> str:
    """Editor-supplied text made inert in Markdown: HTML escaped, Markdown punctuation backslashed."""
    escaped = html.escape(str(value), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped).replace("\n", " ")


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
    wide: bool = False  # a page of wide tables: the generator may give it the table of contents' room

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

            def swap(m: re.Match[str]) -> str:
                n = int(m.group(1))
                found.add(n)
                return "".join(c if isinstance(c, str) else LATE.format(c) for c in self.slots[n])

            parts: list[str] = []
            pos = 0
            for m in _TOKEN.finditer(content):
                if int(m.group(1)) >= len(self.slots):
                    continue  # not one of this page's: left as it is
                start = m.start()
                if start - 3 >= pos and content.startswith("<p>", start - 3):
                    start -= 3
                parts += (content[pos:start], swap(m))
                pos = m.end()
            parts.append(content[pos:])
            return "".join(parts), lost + len(self.slots) - len(found)
        if not self.late:
            return content, 0
        placed: set[int] = set()

        def swap_late(m: re.Match[str]) -> str:
            n = int(m.group(1))
            if n >= len(self.late):
                return str(m.group(0))
            placed.add(n)
            return self.late[n]

        content = _COMMENT.sub(swap_late, content)
        return content, len(self.late) - len(placed)


def place_links(content: str, links: list[str]) -> tuple[str, int]:
    """The HTML links `Renderer.body` set aside, in place of their tokens; and how many
    tokens went missing."""
    if not links:
        return content, 0
    placed: set[int] = set()

    def swap(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n >= len(links):
            return m.group(0)
        placed.add(n)
        return str(links[n])

    return _LINK_TOKEN.sub(swap, content), len(links) - len(placed)


_ATX = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


def slugify(value: str) -> str:
    """An anchor id as Python-Markdown's toc extension makes one by default."""
    value = unicodedata.normalize("NFKD", html.unescape(re.sub(r"<[^>]+>", "", value))).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


class Page:
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
        self.wide = False

    def title(self, title: str) -> None:
        """The page's title (plain text) and its h1. The h1 is HTML, as the theme would write
        it (no id, no entry in the table of contents), so Markdown has one heading less to
        process on every page; the generator takes the title from `Rendered.title`."""
        self.page_title = title
        self.html(trusted(f"<h1>{esc(title)}</h1>\n"))

    def author(self, markdown: str, links: list[str]) -> None:
        """The author's own Markdown: the generator reads it (and lists its headings)."""
        if not markdown:
            return
        self.links = links
        self.parts.append("\n" + markdown + "\n\n")
        if "#" in markdown:  # a search for headings costs more than this test on every page
            self._ids.update(slugify(m.group(1)) for m in _ATX.finditer(markdown))
        self._toc = self.toc_after
        self._open = False

    def html(self, fragment: Markup, late: bool = False) -> None:
        if not fragment:
            return
        fragment = esc(fragment)  # plain text is escaped: only Markup is trusted as HTML
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

    def heading(self, level: int, title: Markup | str, late: bool = False) -> None:
        """A heading (`title`: Markup, or text to escape), listed in the table of contents."""
        title = esc(title)
        base = anchor = slugify(title) or "section"
        n = 0
        while anchor in self._ids:
            n += 1
            anchor = f"{base}_{n}"
        self._ids.add(anchor)
        link = self._permalink.format(id=anchor) if self._permalink else ""
        self.html(trusted(f'<h{level} id="{anchor}">{title}{link}</h{level}>\n'), late)
        if level <= 2:
            # Sub-headings the engine writes (an indicator's domain, a category) stay out of the
            # table of contents: the theme draws every entry on the page, and a profile's
            # contents would be longer than useful.
            self._toc.append((level, title, anchor))

    def done(self) -> Rendered:
        return Rendered("".join(self.parts), self.slots, self.late, self.toc_before, self.toc_after, self.links, self.page_title, self.wide)


def permalink_html(permalink: object, title: str = "Permanent link", css: str = "headerlink") -> str | None:
    """The self-link Python-Markdown's toc extension adds to a heading, for its options
    `permalink`, `permalink_title` and `permalink_class`; None when it adds none."""
    if not permalink:
        return None
    symbol = "&para;" if permalink is True else str(permalink)
    return f'<a class="{html.escape(css)}" href="#{{id}}" title="{html.escape(title)}">{symbol}</a>'
