"""The site plan: every page the engine writes (address, title, rendered body), the nav, and
the data files, from one run of the stages. Read by the MkDocs plugin, by `cop-site
generate` and by the golden-file tests (tests/test_snapshots.py), so the three cannot
disagree about what the site is.

To add a page type: a `SitePage` in render/registry.py and its function in a render module
(see render/__init__.py). To add a data file: one function in `DATA_FILES` below."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import export, feeds, ics, networks
from .link import Ref
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


def _cop_json(ctx: DataContext) -> dict[str, bytes]:
    data = export.build_export(ctx.result.graph, ctx.result.analysis, ctx.url_for, ctx.result.settings.internal)
    return {"cop.json": export.dumps(data).encode("utf-8")}


def _networks(ctx: DataContext) -> dict[str, bytes]:
    # Absolute links where the site has an address, so a node in Kumu or Gephi opens its page.
    return networks.exports(ctx.result.graph, ctx.absolute, ctx.site_name)


def _feeds(ctx: DataContext) -> dict[str, bytes]:
    return feeds.feeds(ctx.result.graph, ctx.feeds_url, ctx.site_name, ctx.url_for) if ctx.feeds_url else {}


def _calendars(ctx: DataContext) -> dict[str, bytes]:
    # The address makes the events' links absolute and names their UIDs' domain.
    return ics.calendars(ctx.result.graph, ctx.address, ctx.site_name, ctx.url_for)


# Every data file the site gets beside its pages, in the order they are made.
DATA_FILES: tuple[Callable[[DataContext], dict[str, bytes]], ...] = (_cop_json, _networks, _feeds, _calendars)


@dataclass(frozen=True)
class SitePlan:
    result: Result
    renderer: Renderer
    entities: tuple[PlannedPage, ...]
    generated: tuple[PlannedPage, ...]
    use_directory_urls: bool

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

    def data_files(self, site_name: str, site_url: str = "", feeds_url: str = "") -> dict[str, bytes]:
        """Every data file: site-relative path -> bytes. `site_url`: the site's address, or "";
        `feeds_url`: the address if the site gets feeds, else ""."""
        url_for: Callable[[str], str] = lambda src: page_url(src, self.use_directory_urls)  # noqa: E731
        address = feeds_url or (site_url.rstrip("/") + "/" if site_url else "")
        absolute: Callable[[str], str] = (lambda src: address + url_for(src)) if address else url_for
        ctx = DataContext(self.result, url_for, absolute, feeds_url, site_name, address)
        out: dict[str, bytes] = {}
        for make in DATA_FILES:
            out.update(make(ctx))
        return out


def plan_site(
    result: Result, *, use_directory_urls: bool = True, permalink: str | None = None, authored: set[str] | None = None, site_url: str = ""
) -> SitePlan:
    """Every entity page and every generated page, rendered. `authored`: the sources that
    exist as files (an author's file at a generated page's address wins; default: the
    content's own pages and entities). `site_url`: the site's address, or "" (for links that
    must be absolute, such as a calendar subscription)."""
    graph = result.graph
    if authored is None:
        authored = {p.rel for p in result.content.pages} | {e.src.rel for kind in ENTITY_KINDS for e in _entities(result, kind).values()}
    generated = {src: tag for src, tag in generated_sources(graph, result.analysis).items() if src not in authored}
    renderer = Renderer(graph, result.analysis, result.settings, generated, use_directory_urls, permalink, site_url)
    entities: list[PlannedPage] = []
    for kind in ENTITY_KINDS:
        for key, entity in _entities(result, kind).items():
            ref = Ref(kind, key)
            rendered = render_entity(renderer, ref)
            entities.append(PlannedPage(entity.src.rel, page_url(entity.src.rel, use_directory_urls), rendered.title, rendered, ref))
    pages: list[PlannedPage] = []
    for src, tag in sorted(generated.items()):
        rendered = render_generated(renderer, tag)
        pages.append(PlannedPage(src, page_url(src, use_directory_urls), rendered.title, rendered, None, tag))
    return SitePlan(result, renderer, tuple(entities), tuple(pages), use_directory_urls)


def _entities(result: Result, kind: str) -> Mapping[str, Entity]:
    graph = result.graph
    by_kind: dict[str, Mapping[str, Entity]] = {"partner": graph.partners, "group": graph.groups, "note": graph.notes, "scenario": graph.scenarios}
    return by_kind[kind]
