"""Atom feeds of the practice groups' notes (see CONTENT-MODEL.md, "Feeds").

`feed.xml` at the site's root holds the newest notes of the whole community, and
`groups/<slug>/feed.xml` one group's. A feed reader keeps an entry by its id, so each id is
the note's absolute address, which changes only if the note is renamed or the site moves;
`updated` is the note's own date, never the time of the build, so two builds of the same
content write the same bytes. Drafts are never in a feed, in any edition, and nothing under
`private:` is read here."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping

from . import xmlsafe
from .link import WIKILINK_RE, Graph
from .model import Group, Note

ATOM_NS = "http://www.w3.org/2005/Atom"
SITE_FEED = "feed.xml"
LIMIT = 50  # entries per feed: readers keep what they have already seen
SUMMARY_CHARS = 400
# What a feed says it was last updated when it has no notes yet: a fixed date, not the build's.
EPOCH = "1970-01-01T00:00:00Z"

_HEADING = re.compile(r"^\s{0,3}#")
_MARKUP = re.compile(r"[*_`]+|^>\s?", re.M)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def address(option: bool | None, site_url: str | None) -> tuple[str, str | None]:
    """The site's address ending in "/" if it gets feeds (the `feeds` option: None means
    when it has a site_url), else ""; and why not, when it has no address to give them."""
    if option is False:
        return "", None
    if not site_url:  # feeds need absolute links
        return "", "no feeds (feed.xml) without an address: set site_url in mkdocs.yml to where the site is published"
    return (site_url if site_url.endswith("/") else site_url + "/"), None


def group_feed_path(slug: str) -> str:
    return f"groups/{slug}/feed.xml"


# Under `mkdocs serve`: each feed as last written, with what it was made from (see `feeds`).
Held = dict[str, tuple[tuple[object, ...], bytes]]


def feeds(
    graph: Graph,
    site_url: str,
    site_name: str,
    url_for: Callable[[str], str],
    held: Held | None = None,
    facts: str = "",
    prose: Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """Every feed: site-relative path -> bytes. `site_url` is the site's absolute address
    (ending in "/"); `url_for` maps a Markdown source to its site-relative URL.

    `held` (kept between the builds of one `serve`), `facts` and `prose`: a feed is what it
    was when last written if the facts are the same (`facts`, the digest of everything but
    each entity's prose: see `plan._facts_key`) and so is the prose (`prose`: its digest by
    source) of each of its notes. An edit to one note then writes only the feeds it is in."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    notes = [n for n in graph.notes.values() if not n.draft and n.group in graph.groups and not graph.groups[n.group].draft]
    wanted = [(SITE_FEED, notes, f"{site_name}: notes", base)]
    for slug, group in sorted(graph.groups.items()):
        if not group.draft:
            wanted.append((group_feed_path(slug), graph.published_notes(slug), f"{group.name}: notes ({site_name})", base + url_for(group.src.rel)))
    out: dict[str, bytes] = {}
    for path, mine, title, page in wanted:
        newest = sorted(mine, key=lambda n: (n.date, n.src.rel), reverse=True)[:LIMIT]
        key: tuple[object, ...] = ()
        if held is not None and facts and prose is not None:
            key = (facts, base, site_name, title, page, *(prose.get(n.src.rel) for n in newest))
            before = held.get(path)
            if before is not None and before[0] == key:
                out[path] = before[1]
                continue
        out[path] = _feed(graph, newest, base, url_for, title, page, path, site_name)
        if held is not None and key:
            held[path] = (key, out[path])
    if held is not None:
        for path in set(held) - set(out):
            del held[path]
    return out


def head_link(page_url: str, site_name: str) -> str:
    """The <link> by which browsers and feed readers find the community's feed from any page.

    Its address is relative, and only the site-wide feed has one: Material for MkDocs fetches
    `sitemap.xml` beside the address of every `<link rel="alternate">` (it takes them for
    translations of the site), and only the site's root has a sitemap. A relative address
    also keeps that request on whatever host serves the site."""
    up = "../" * page_url.count("/")
    title = html.escape(f"{site_name}: notes")
    return f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{up}{SITE_FEED}">'


def group_link(group: Group) -> str:
    """A visible link from a group's page to its feed (beside it: `groups/<slug>/feed.xml`)."""
    return (
        f'<p class="cop-feed"><a href="feed.xml" rel="alternate" type="application/atom+xml">Follow the notes of {html.escape(group.name)}</a>'
        " in a feed reader (an Atom feed).</p>"
    )


def _feed(graph: Graph, newest: list[Note], base: str, url_for: Callable[[str], str], title: str, page: str, path: str, author: str) -> bytes:
    root = ET.Element("feed")
    ET.SubElement(root, "title").text = title
    ET.SubElement(root, "id").text = base + path
    ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml", "href": base + path})
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html", "href": page})
    ET.SubElement(root, "updated").text = _stamp(newest[0]) if newest else EPOCH
    ET.SubElement(ET.SubElement(root, "author"), "name").text = author
    ET.SubElement(root, "generator").text = "cop-site"
    for note in newest:
        url = base + url_for(note.src.rel)
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "title").text = note.title
        ET.SubElement(entry, "id").text = url
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
        ET.SubElement(entry, "published").text = _stamp(note)
        ET.SubElement(entry, "updated").text = _stamp(note)
        ET.SubElement(entry, "category", {"term": note.kind, "label": note.kind.replace("-", " ").capitalize()})
        ET.SubElement(entry, "summary", {"type": "text"}).text = summary(graph, note)
    root.set("xmlns", ATOM_NS)  # the default namespace, without the prefixes ElementTree would invent
    ET.indent(root, "  ")
    return xmlsafe.document(ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n")


def _stamp(note: Note) -> str:
    return f"{note.date.isoformat()}T00:00:00Z"


def summary(graph: Graph, note: Note) -> str:
    """Plain text: what the note is, who came, and the first paragraph of its text."""
    group = graph.groups[note.group].name if note.group in graph.groups else note.group
    parts = [f"{note.kind.replace('-', ' ').capitalize()}, {group}, {note.date.isoformat()}."]
    # The internal edition's graph holds drafts too; a feed names none of them, in any edition.
    attendees = [graph.partners[a].name for a in note.attendees if a in graph.partners and not graph.partners[a].draft]
    if attendees:
        parts.append("Attendees: " + ", ".join(attendees) + ".")
    first = _first_paragraph(graph, note.src.body, note.src.rel)
    if first:
        parts.append(first)
    text = " ".join(parts)
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _first_paragraph(graph: Graph, body: str, rel: str) -> str:
    # The targets the link stage resolved, whatever the link's spelling.
    resolved = {wl.raw.strip(): wl.target for wl in graph.wikilinks.get(rel, [])}
    for block in re.split(r"\n\s*\n", body):
        lines = [line for line in block.strip().splitlines() if not _HEADING.match(line)]
        if not lines or lines[0].lstrip().startswith(("```", "~~~", "<", "|", "---")):
            continue
        text = " ".join(line.strip() for line in lines)

        def name(m: re.Match[str]) -> str:
            if m.group(2):
                return str(m.group(2)).strip()
            target = resolved.get(m.group(1).strip()) or graph.slugs.get(m.group(1).strip())
            # The internal edition links drafts too; a feed names none of them.
            if target is None or graph.entity(target).draft:
                return str(m.group(1)).strip()
            return graph.name(target)

        text = WIKILINK_RE.sub(name, text)
        text = _LINK.sub(r"\1", text)
        return _MARKUP.sub("", text).strip()
    return ""
