"""Which pages the engine writes, where, and under what title: the one list the renderer,
the plugin's navigation and the data export all read.

Site pages sit at fixed addresses (an author's file at the same address wins); entity pages
are their own files; topic and gap pages are one per topic, group and scenario."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import WORKSHEET_NAME


@dataclass(frozen=True)
class SitePage:
    """A page at a fixed address. Adding one is this entry and its function."""

    tag: str  # its kind, as `generated_sources` names it
    src: str  # its Markdown source address; the URL follows from it
    title: str  # the page's title, also its name in the sidebar
    section: str | None  # None: in the sidebar; else reached from that section's own page
    renders: str  # "module.function" in cop_site/render/ that writes it (looked up when it renders)


PARTNERS_INDEX = "partners/index.md"
GROUPS_INDEX = "groups/index.md"
SCENARIOS_INDEX = "scenarios/index.md"
TOPICS_INDEX = "topics/index.md"
GAPS_INDEX = "gaps/index.md"
TOOLS_SECTION = "Workshop tools"
TOOLS_INDEX = "tools/index.md"

SITE_PAGES: tuple[SitePage, ...] = (
    SitePage("partners", PARTNERS_INDEX, "Partners", None, "directories.partners_index"),
    SitePage("groups", GROUPS_INDEX, "Practice groups", None, "directories.groups_index"),
    SitePage("scenarios", SCENARIOS_INDEX, "Shared work", None, "directories.scenarios_index"),
    SitePage("progress", "progress/index.md", "Progress", None, "tracking.progress_page"),
    SitePage("calendar", "calendar/index.md", "Calendar", None, "tracking.calendar_page"),
    SitePage("topics", TOPICS_INDEX, "Topics", None, "directories.topics_index"),
    SitePage("overview", GAPS_INDEX, "Who isn't here?", None, "gaps.overview_page"),
    SitePage("tools", TOOLS_INDEX, TOOLS_SECTION, None, "tools.tools_page"),
    SitePage("grid", "grid/index.md", "Power and interest grid", TOOLS_SECTION, "tools.grid_page"),
    SitePage("stages", "stages/index.md", "Relationship continuum", TOOLS_SECTION, "tools.stages_page"),
    SitePage("rubric", "rubric/index.md", "Self-assessment rubric", TOOLS_SECTION, "tools.rubric_page"),
    SitePage("conditions", "conditions/index.md", "Collective impact conditions", TOOLS_SECTION, "tools.conditions_page"),
    SitePage("map", "map/index.md", "Relationship map", TOOLS_SECTION, "maps.map_page"),
)
BY_TAG = {p.tag: p for p in SITE_PAGES}

# Folders whose pages the engine writes: the sidebar lists their site pages, not each page.
SECTION_FOLDERS = tuple(dict.fromkeys(p.src.split("/")[0] for p in SITE_PAGES))


# The rubric's own pages: one per indicator beside the rubric's page, and printable
# worksheets for a sitting (a blank one, and one per assessed partnership). A group's
# worksheet sits in the group's folder, where a note named worksheet.md would take its
# address: that name is reserved (see `validate`).
RUBRIC_INDEX = "rubric/index.md"
BLANK_WORKSHEET = "rubric/worksheet.md"


def indicator_src(indicator: str) -> str:
    return f"rubric/{indicator}.md"


def worksheet_src(kind: str, slug: str) -> str:
    """A partner's, group's or scenario's worksheet, beside its page (`partners/<slug>/worksheet/`)."""
    return f"{kind}s/{slug}/{WORKSHEET_NAME}.md"


def topic_src(topic: str) -> str:
    return f"topics/{topic}.md"


def gap_src(kind: str, slug: str) -> str:
    return f"gaps/{kind}s/{slug}.md"


def site_nav(present: set[str]) -> list[Any]:
    """A sidebar whose size does not grow with the content: the home page, the site pages,
    then the site's own pages, with folders as sections. Detail pages (partners, notes,
    topics, gaps) are reached from the directory pages and the tools from the tools page:
    every entry is drawn on every page, so each one costs a little on every page of a large
    site. `present`: the Markdown sources the site has."""
    nav: list[Any] = []
    if "index.md" in present:
        nav.append({"Home": "index.md"})
    for page in SITE_PAGES:
        if page.src in present and page.section is None:
            nav.append({page.title: page.src})
    folders: dict[str, list[str]] = {}
    for src in sorted(present):
        top = src.split("/")[0]
        if src == "index.md" or top in SECTION_FOLDERS:
            continue
        if "/" not in src:
            nav.append(src)
        else:
            folders.setdefault(top, []).append(src)
    for folder, pages in folders.items():
        index = f"{folder}/index.md"
        ordered = ([index] if index in pages else []) + [p for p in pages if p != index]
        nav.append({folder.replace("-", " ").replace("_", " ").capitalize(): ordered})
    return nav
