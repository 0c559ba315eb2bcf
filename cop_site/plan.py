"""The site plan: every page the engine writes (address, title, rendered body), the nav, and
the data files, from one run of the stages. Read by the MkDocs plugin, by `cop-site
generate` and by the golden-file tests (tests/test_snapshots.py), so the three cannot
disagree about what the site is.

To add a page at a fixed address: a `SitePage` in render/registry.py naming the function in
a render module that writes it. To add a data file: one function in `DATA_FILES` below."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import clock, export, feeds, ics, networks
from .link import Ref
from .load import RawDoc
from .model import Entity
from .pipeline import Result
from .render import Rendered, Renderer, generated_sources, page_url, render_entity, render_generated, site_nav

ENTITY_KINDS = ("partner", "group", "note", "scenario")


@dataclass(frozen=True)
class PlannedPage:
    src: str  # the Markdown source address (as MkDocs names files)
    url: str  # site-relative
    title: str  # plain text
    rendered: Rendered
    ref: Ref | None  # the entity an entity page shows; None for a generated page
    tag: str = ""  # a generated page's kind (see render.generated_sources)


@dataclass(frozen=True)
class DataContext:
    """What a data file is made from."""

    result: Result
    url_for: Callable[[str], str]  # a Markdown source -> its site-relative URL
    absolute: Callable[[str], str]  # ... its absolute URL where the site has an address, else relative
    feeds_url: str  # the site's absolute address if it gets feeds, else ""
    site_name: str
    address: str = ""  # the site's absolute address (ending in /) where it has one, else ""
    feeds_held: feeds.Held | None = None  # under `serve`: the feeds as last written (see feeds.feeds)
    facts: str = ""  # the plan's key (see SitePlan.key)
    prose: Mapping[str, str] = field(default_factory=dict)  # ... and its digests of prose


def _cop_json(ctx: DataContext) -> dict[str, bytes]:
    data = export.build_export(ctx.result.graph, ctx.result.analysis, ctx.url_for, ctx.result.settings.internal)
    return {"cop.json": export.dumps(data).encode("utf-8")}


def _networks(ctx: DataContext) -> dict[str, bytes]:
    # Absolute links where the site has an address, so a node in Kumu or Gephi opens its page.
    return networks.exports(ctx.result.graph, ctx.absolute, ctx.site_name)


def _feeds(ctx: DataContext) -> dict[str, bytes]:
    if not ctx.feeds_url:
        return {}
    return feeds.feeds(ctx.result.graph, ctx.feeds_url, ctx.site_name, ctx.url_for, ctx.feeds_held, ctx.facts, ctx.prose)


def _calendars(ctx: DataContext) -> dict[str, bytes]:
    # The address makes the events' links absolute and names their UIDs' domain.
    return ics.calendars(ctx.result.graph, ctx.address, ctx.site_name, ctx.url_for)


# Every data file the site gets beside its pages, in the order they are made.
DATA_FILES: tuple[Callable[[DataContext], dict[str, bytes]], ...] = (_cop_json, _networks, _feeds, _calendars)
# Those made from the facts alone, never from an entity's prose (the feeds quote it): while
# a plan's key stands, they are what they were (see `SitePlan.key`).
FACTS_ONLY = frozenset({_cop_json, _networks, _calendars})


@dataclass(frozen=True)
class SitePlan:
    result: Result
    renderer: Renderer
    entities: tuple[PlannedPage, ...]
    generated: tuple[PlannedPage, ...]
    use_directory_urls: bool
    # For a plan that may be reused (`plan_site(..., reuse=...)`): the digest of everything
    # its pages are made from except each entity's own prose, and that prose's digest by source.
    key: str = ""
    bodies: Mapping[str, str] = field(default_factory=dict)
    # Each document's part of the key, with the document it was worked out from (see `_facts_key`).
    doc_facts: Mapping[str, tuple[RawDoc, bytes, str]] = field(default_factory=dict)

    @property
    def pages(self) -> tuple[PlannedPage, ...]:
        return self.entities + self.generated

    def ordinary_pages(self) -> list[str]:
        """The site's own Markdown pages that are published (not withheld)."""
        return [doc.rel for doc in self.result.content.pages if not self.result.content.is_withheld(doc.rel)]

    def ordinary_body(self, src: str, markdown: str) -> tuple[str, list[str]]:
        """An ordinary page's Markdown with its [[links]] set aside (see `Renderer.body`)."""
        return self.renderer.body(src, markdown)

    def nav(self, present: Iterable[str] | None = None) -> list[Any]:
        """The sidebar of the Markdown sources `present` (default: every page of this plan and
        every published ordinary page)."""
        if present is None:
            present = [p.src for p in self.pages] + self.ordinary_pages()
        return site_nav(set(present))

    def data_files(
        self, site_name: str, site_url: str = "", feeds_url: str = "", skip: Iterable[object] = (), feeds_held: feeds.Held | None = None
    ) -> dict[str, bytes]:
        """Every data file: site-relative path -> bytes. `site_url`: the site's address, or "";
        `feeds_url`: the address if the site gets feeds, else ""; `skip`: makers of
        `DATA_FILES` not to run (their files are left out); `feeds_held`: see feeds.feeds."""
        url_for: Callable[[str], str] = lambda src: page_url(src, self.use_directory_urls)  # noqa: E731
        address = feeds_url or (site_url.rstrip("/") + "/" if site_url else "")
        absolute: Callable[[str], str] = (lambda src: address + url_for(src)) if address else url_for
        ctx = DataContext(self.result, url_for, absolute, feeds_url, site_name, address, feeds_held, self.key, self.bodies)
        out: dict[str, bytes] = {}
        for make in DATA_FILES:
            if make not in skip:
                out.update(make(ctx))
        return out


def plan_site(
    result: Result,
    *,
    use_directory_urls: bool = True,
    permalink: str | None = None,
    authored: set[str] | None = None,
    site_url: str = "",
    reuse: SitePlan | None = None,
    keep: bool = False,
) -> SitePlan:
    """Every entity page and every generated page, rendered. `authored`: the sources that
    exist as files (an author's file at a generated page's address wins; default: the
    content's own pages and entities). `site_url`: the site's address, or "" (for links that
    must be absolute, such as a calendar subscription).

    `keep`: make the plan reusable (under `serve`); `reuse`: the previous such plan. When
    nothing but the prose of some entity pages changed (the usual edit), only those pages
    are rendered again: every other page is made from the same facts as before."""
    graph = result.graph
    if authored is None:
        authored = {p.rel for p in result.content.pages} | {e.src.rel for kind in ENTITY_KINDS for e in _entities(result, kind).values()}
    generated = {src: tag for src, tag in generated_sources(graph, result.analysis).items() if src not in authored}
    renderer = Renderer(graph, result.analysis, result.settings, generated, use_directory_urls, permalink, site_url)
    key, bodies, doc_facts = "", dict[str, str](), dict[str, tuple[RawDoc, bytes, str]]()
    if keep or reuse:
        key, bodies, doc_facts = _facts_key(result, (use_directory_urls, permalink, sorted(authored), site_url), reuse.doc_facts if reuse else {})
    same = reuse is not None and reuse.key == key != ""
    before = {p.src: p for p in reuse.entities} if same and reuse is not None else {}
    entities: list[PlannedPage] = []
    for kind in ENTITY_KINDS:
        for entity_key, entity in _entities(result, kind).items():
            src = entity.src.rel
            old = before.get(src)
            if old is not None and reuse is not None and reuse.bodies.get(src) == bodies.get(src):
                entities.append(old)
                continue
            ref = Ref(kind, entity_key)
            rendered = render_entity(renderer, ref)
            entities.append(PlannedPage(src, page_url(src, use_directory_urls), rendered.title, rendered, ref))
    pages: list[PlannedPage] = []
    if same and reuse is not None:
        pages = list(reuse.generated)
    else:
        for src, tag in sorted(generated.items()):
            rendered = render_generated(renderer, tag)
            pages.append(PlannedPage(src, page_url(src, use_directory_urls), rendered.title, rendered, None, tag))
    return SitePlan(result, renderer, tuple(entities), tuple(pages), use_directory_urls, key, bodies, doc_facts)


def _facts_key(
    result: Result, arguments: tuple[object, ...], before: Mapping[str, tuple[RawDoc, bytes, str]]
) -> tuple[str, dict[str, str], dict[str, tuple[RawDoc, bytes, str]]]:
    """What every page is made from except each entity's prose: every file's front matter,
    the [[links]] in every entity's prose (they add "mentioned on" lists elsewhere), the whole
    of every other page, the settings, the date, the analysis (lenses included) and the
    plan's arguments; and the digest of each entity's prose by source. Pages made from equal
    keys are equal. `before`: each document's part as the previous plan worked it out, with
    the document (under `serve`, a file whose bytes did not change gives the same object)."""
    facts = hashlib.blake2b(digest_size=16)
    bodies: dict[str, str] = {}
    parts: dict[str, tuple[RawDoc, bytes, str]] = {}
    # The analysis too: a site's lenses (its hooks) add findings the files do not show.
    for part in (repr(arguments), repr(result.settings), clock.today().isoformat(), repr(result.analysis.gaps), repr(result.analysis.overview)):
        facts.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for doc in result.docs:
        held = before.get(doc.rel)
        if held is None or held[0] is not doc:
            # The [[links]] are read from the document's own text, so they are its too.
            links = [(wl.raw, wl.text) for wl in result.graph.wikilinks.get(doc.rel, ())]
            prose = doc.body if doc.kind is None else repr(links)
            text = f"{doc.rel}\0{doc.kind}\0{doc.readable}\0{doc.data!r}\0{prose}\0".encode("utf-8", "surrogatepass")
            body = hashlib.blake2b(doc.body.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest() if doc.kind is not None else ""
            held = (doc, hashlib.blake2b(text, digest_size=16).digest(), body)
        parts[doc.rel] = held
        facts.update(held[1])
        if doc.kind is not None:
            bodies[doc.rel] = held[2]
    return facts.hexdigest(), bodies, parts


def _entities(result: Result, kind: str) -> Mapping[str, Entity]:
    return result.graph.content.of_kind(kind)
