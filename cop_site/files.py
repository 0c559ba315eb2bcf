"""MkDocs' file list, adapted to the site plan: which Markdown the stages read, what is
withheld, and each planned page's content put in place of its source or added as a new
file; then what the build writes beside the pages. Used by plugin.py only."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from . import decap, schema
from .incremental import Incremental
from .plan import PlannedPage, SitePlan
from .preview import Preview
from .validate import Content


def markdown_sources(files: Files) -> list[tuple[Path, str]]:
    """Exactly the Markdown files MkDocs will publish: its own list, its exclusions applied."""
    return [(Path(f.abs_src_path), f.src_uri) for f in files if f.src_uri.endswith(".md") and f.abs_src_path and not f.inclusion.is_excluded()]


def without_withheld(files: Files, content: Content, preview: Preview | None) -> Files:
    """One decision for every output: a withheld file (a draft group's pictures too) is not
    in the site, the search index, the sitemap or cop.json. Under `serve`, a file that
    cannot be read gets a page at its address that shows the error instead."""
    if not (content.withheld or content.withheld_dirs):
        return files
    kept = []
    for f in files:
        if not content.is_withheld(f.src_uri):
            kept.append(f)
        elif preview is not None and f.src_uri in preview.unreadable:
            f.content_string = preview.error_page(f.src_uri)
            kept.append(f)
    return Files(kept)


def authored_pages(files: Files) -> list[tuple[str, str]]:
    """(address, path) of the pages written by hand (a generated page has no single source
    that dates it). Before entity pages lose their abs_src_path."""
    return [(f.src_uri, f.abs_src_path) for f in files if f.is_documentation_page() and f.generated_by is None and f.abs_src_path]


def place_plan(files: Files, plan: SitePlan, config: MkDocsConfig, incremental: Incremental, extra: Callable[[str], tuple[str, ...]]) -> dict[str, PlannedPage]:
    """Each planned page's Markdown in its file (a generated page: a new file); returns
    source -> planned page for those placed. `extra`: what else a page's output depends on
    (its date, its preview banner), for `serve --dirty`."""
    placed: dict[str, PlannedPage] = {}
    # Files.get_file_from_path makes a path object for each call: one lookup table instead.
    by_src = {f.src_uri: f for f in files}
    for page in plan.entities:
        file = by_src.get(page.src)
        if file is None:
            continue
        # The rendered page replaces the source: no front matter (so nothing under
        # `private:` reaches page.meta) and every relation spelled out.
        placed[page.src] = page
        file.content_string = page.rendered.markdown
        incremental.skip_if_unchanged(file, *extra(page.src), rendered=page.rendered)
    for src in plan.ordinary_pages():
        file = by_src.get(src)
        if file is not None and plan.result.graph.wikilinks.get(src):
            # Its [[links]] show other pages' names: under `serve --dirty` it must be
            # rebuilt whenever they change, and MkDocs rebuilds files with set content.
            file.content_string = file.content_string
            if incremental.dirty:
                body, links = plan.ordinary_body(src, file.content_string)
                incremental.skip_if_unchanged(file, *extra(src), body, *links)
    for page in plan.generated:
        placed[page.src] = page
        file = File.generated(config, page.src, content=page.rendered.markdown)
        files.append(file)
        incremental.skip_if_unchanged(file, "", rendered=page.rendered)
    return placed


def write_outputs(config: MkDocsConfig, plan: SitePlan, incremental: Incremental, feeds_url: str, cms: Any) -> str:
    """Everything beside the pages: the data files, the schemas (for editors' tools and
    forms: the front matter each type takes, with this site's vocabularies) and, with the
    `cms` option, the forms. Returns what the forms lack, if anything ("" otherwise)."""
    site_url = config.site_url or ""
    data = incremental.data_files(plan, config.site_name, site_url, feeds_url)
    write_data(config.site_dir, incremental.to_write(config.site_dir, data))
    settings = plan.result.settings
    if not incremental.unchanged("schema", repr(settings), site_url):
        schema.write_all(Path(config.site_dir) / "schema", settings, site_url or None)
    if cms is None:
        return ""
    site_root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    extra_css = [str(css) for css in config.extra_css]
    content = plan.result.content
    site_dir, docs_dir = Path(config.site_dir), Path(config.docs_dir)
    return decap.write_for_site(site_root, docs_dir, site_dir, config.site_name, cms, settings, content, config.edit_uri, config.repo_url, extra_css) or ""


def write_data(site_dir: str, data: Mapping[str, bytes]) -> None:
    """The data files (site-relative path -> bytes) into the output folder."""
    for rel, content in data.items():
        path = os.path.join(site_dir, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(content)
