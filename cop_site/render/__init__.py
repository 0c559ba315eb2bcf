"""Stage 5: every entity page and every generated page, ready for a site generator.

`core` is the shape of a rendered page (Markdown plus HTML fragments placed after Markdown
runs), `components` the small escaped-by-type HTML pieces, `registry` which pages exist and
where, `base` the renderer's shared machinery, and one module per page family. Nothing here
knows about MkDocs."""

from __future__ import annotations

from importlib import import_module

from ..analyse import Analysis
from ..link import Graph, Ref
from . import directories, entities, gaps, maps, rubric, tools, tracking  # noqa: F401  (site pages name their modules)
from .base import Renderer
from .components import esc
from .core import LINK_TOKEN, Rendered, page_url, permalink_html, place_links, relative
from .registry import (
    BY_TAG,
    GAPS_INDEX,
    GROUPS_INDEX,
    PARTNERS_INDEX,
    SCENARIOS_INDEX,
    SECTION_FOLDERS,
    SITE_PAGES,
    TOPICS_INDEX,
    SitePage,
    gap_src,
    site_nav,
    topic_src,
)

__all__ = [
    "BY_TAG",
    "GAPS_INDEX",
    "GROUPS_INDEX",
    "LINK_TOKEN",
    "PARTNERS_INDEX",
    "SCENARIOS_INDEX",
    "SECTION_FOLDERS",
    "SITE_PAGES",
    "TOPICS_INDEX",
    "Rendered",
    "Renderer",
    "SitePage",
    "esc",
    "gap_src",
    "home_summary",
    "generated_sources",
    "page_url",
    "permalink_html",
    "place_links",
    "relative",
    "render_entity",
    "render_generated",
    "site_nav",
    "topic_src",
]

# Which function renders each entity type. Like a site page's (`SitePage.renders`), it is
# looked up by name when a page is rendered, so a site's hook can replace one page family's function.
_ENTITY_RENDERERS = {"partner": "partner_page", "group": "group_page", "note": "note_page", "scenario": "scenario_page"}


def generated_sources(graph: Graph, analysis: Analysis) -> dict[str, str]:
    """The generated pages: source path -> a short kind tag (what to render)."""
    out = {page.src: page.tag for page in SITE_PAGES}
    for topic in graph.topics:
        out.setdefault(topic_src(topic), "topic:" + topic)  # a site page keeps its address (see RESERVED_SLUGS)
    for key, found in analysis.gaps.items():
        out[gap_src(found.subject.kind, found.subject.slug)] = "gap:" + key
    for group in graph.groups:  # each group's own relationship map (see `maps`)
        out[maps.map_src(group)] = "map:" + group
    out.update(rubric.sources(graph))
    return out


def render_generated(renderer: Renderer, tag: str) -> Rendered:
    if tag.startswith("topic:"):
        return directories.topic_page(renderer, tag[len("topic:") :])
    if tag.startswith("gap:"):
        return gaps.gap_page(renderer, tag[len("gap:") :])
    if tag.startswith("map:"):
        return maps.group_map_page(renderer, tag[len("map:") :])
    if tag.startswith(rubric.PREFIXES):
        return rubric.render(renderer, tag)
    module, _, name = BY_TAG[tag].renders.partition(".")
    rendered: Rendered = getattr(import_module(f"{__name__}.{module}"), name)(renderer)
    return rendered


def home_summary(renderer: Renderer) -> str:
    """Counts and ways in for the home page (see `directories.home_summary`)."""
    return directories.home_summary(renderer)


def render_entity(renderer: Renderer, ref: Ref) -> Rendered:
    rendered: Rendered = getattr(entities, _ENTITY_RENDERERS[ref.kind])(renderer, ref.key)
    return rendered
