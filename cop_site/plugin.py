"""The MkDocs plugin: maps MkDocs events to the engine's modules and nothing more.

on_config        -> the options (options.py), Material's set-up (material.py)
on_files         -> the stages (pipeline.py) and the site plan (plan.py), run as running.py
                    says: entity pages get their rendered Markdown, generated pages are
                    added, drafts are dropped (files.py); serve's rebuilds kept small
                    (incremental.py)
on_page_markdown -> [[wikilinks]] in ordinary pages, titles, dates, banners (decorate.py)
on_page_content  -> the rendered pages' early HTML fragments (before search indexing)
on_page_context  -> their late fragments, the lists of connections (after search indexing)
on_post_page     -> each page's <link rel="alternate"> to the Atom feeds
on_post_build    -> the data files (plan.DATA_FILES), schema/<type>.schema.json, admin/
                    (files.write_outputs)
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import decorate, feeds, running
from .api import Lens
from .files import authored_pages, markdown_sources, place_plan, without_withheld, write_outputs
from .gitdates import dates_of
from .incremental import Incremental
from .material import Material, escape_titles, merge_toc
from .options import PLUGIN_ONLY
from .pipeline import Result, run
from .plan import PlannedPage, SitePlan, plan_site
from .plugin_config import CopSiteConfig, PluginBase
from .preview import Preview
from .problems import strict_summary
from .render import home_summary, permalink_html, place_links

log = logging.getLogger("mkdocs.plugins.cop_site")
STRICT_SHOWN = 30  # problems named in a strict build's error


class CopSitePlugin(PluginBase):
    config_class = CopSiteConfig
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.lenses: list[tuple[str, Lens]] = []
        self.result: Result | None = None
        self.plan: SitePlan | None = None
        self.planned: dict[str, PlannedPage] = {}  # src -> its page, for the pages the plan renders
        self.page_links: dict[str, list[str]] = {}  # an ordinary page's [[links]], set aside
        self.updated: dict[str, Any] = {}  # src -> the date of its last commit
        self.feeds_url = ""  # where the feeds are, absolute; empty: no feeds
        self.preview: Preview | None = None  # under `serve`: problems shown on the pages (preview.py)
        self.incremental = Incremental("build", False)
        self.material: Material | None = None
        self.serving = False
        self.user_nav = False

    def add_lens(self, name: str, lens: Lens) -> None:
        """For a site's hooks: add a "who isn't here?" question (see api.py and the docs' lens guide)."""
        self.lenses = [(n, f) for n, f in self.lenses if n != name] + [(name, lens)]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this event also makes MkDocs keep this instance across `serve` rebuilds.
        self.incremental = Incremental(command, dirty)
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.user_nav = config.nav is not None
        self.material = Material(config, self.config["accessibility_fixes"])
        self.material.adapt_config(config)
        self.feeds_url, why = feeds.address(self.config["feeds"], config.site_url)
        if why:  # a site that did not ask for feeds is told quietly, so `--strict` still passes
            (log.warning if self.config["feeds"] else log.info)(f"cop-site: {why}")
        if self.config["parallel"]:
            log.info("cop-site: the option 'parallel' has no effect any more: the build runs in one process")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        with running.engine():
            return self._files(files, config)

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        site_root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        options = {k: v for k, v in self.config.items() if k not in PLUGIN_ONLY}
        kept = self.incremental  # under serve: what is unchanged is not read or checked again,
        previous = self.result if self.serving else None  # and an edit to prose alone reuses the graph
        sources, docs_dir = markdown_sources(files), Path(config.docs_dir)
        self.result = result = run(site_root, docs_dir, options, self.lenses, cache=kept.load_cache, files=sources, built=kept.built, previous=previous)
        for problem in result.problems:
            log.warning(str(problem))
        self.preview = Preview.for_site(result, site_root, docs_dir) if self.serving else None
        files = without_withheld(files, result.content, self.preview)
        self.updated = dates_of(docs_dir, authored_pages(files)) if self.config["git_dates"] else {}
        toc = config.mdx_configs.get("toc") or {}
        permalink = permalink_html(toc.get("permalink"), toc.get("permalink_title", "Permanent link"), toc.get("permalink_class", "headerlink"))
        self.plan = plan = plan_site(
            result,
            use_directory_urls=config.use_directory_urls,
            permalink=permalink,
            authored={f.src_uri for f in files},
            site_url=config.site_url or "",
            reuse=self.plan if self.serving else None,  # an edit re-renders only what it changed
            keep=self.serving,
        )
        self.page_links = {}
        self.incremental.start(config)
        self.planned = place_plan(files, plan, config, self.incremental, lambda src: (str(self.updated.get(src, "")), self._banner(src)))
        assert self.material is not None
        self.material.add_files(files, config)
        self.incremental.remove_gone(files)
        if self.config["navigation"] and not self.user_nav:
            config.nav = plan.nav(f.src_uri for f in files if f.is_documentation_page() and f.inclusion.is_included())
            # Detail pages are left out of this nav on purpose; listing each of them at every
            # build would bury the problems that matter.
            config.validation.nav.omitted_files = logging.DEBUG
        return files

    def _banner(self, src: str) -> str:
        return self.preview.banner(src) if self.preview is not None else ""

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        self.incremental.page_built(page.url)
        planned = self.planned.get(src)
        if self.plan and planned is None:
            source = self.plan.result.content.page_source(src)
            if source is not None:  # one reader of front matter for every output: cop-site's (load.page_source)
                page.meta, markdown = source
            markdown, self.page_links[src] = self.plan.ordinary_body(src, markdown)
        page.meta.pop("private", None)  # an ordinary page's private fields: never in a template
        feed_link = ""
        if planned is not None:  # its Markdown has no h1 to take the title from
            page.meta["title"] = planned.title
            if planned.rendered.wide:  # Material's table of contents would take the room the table needs
                page.meta["hide"] = ["toc"]
            if self.feeds_url and self.result and planned.ref is not None and planned.ref.kind == "group":
                feed_link = feeds.group_link(self.result.graph.groups[planned.ref.key])
        banner = self.preview.banner(src) if self.preview is not None and src not in self.preview.unreadable else ""
        internal = bool(self.result and self.result.settings.internal)
        return decorate.page_markdown(markdown, updated=self.updated.get(src), internal=internal, banner=banner, feed_link=feed_link)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        assert self.material is not None
        if template_name == "404.html" and self.result and self.result.settings.internal:
            output_content = self.material.banner_404(output_content, decorate.INTERNAL_BANNER)
        return self.material.label_search(output_content)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.feeds_url:
            output = output.replace("</head>", feeds.head_link(page.url, config.site_name) + "</head>", 1)
        assert self.material is not None
        return self.material.label_search(output)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        escape_titles(files)
        assert self.material is not None
        self.material.draw_partials_once(env, config)
        return env

    def on_page_content(self, html_text: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == "index.md" and self.plan is not None and self.config["home_summary"]:
            # Under the author's title, before search reads the page: the counts are worth finding.
            html_text = decorate.under_title(html_text, str(home_summary(self.plan.renderer)))
        planned = self.planned.get(page.file.src_uri)
        if planned is not None and (planned.rendered.toc_before or planned.rendered.toc_after):
            merge_toc(page, planned.rendered)
        return self._place(html_text, page, late=False)

    @event_priority(-100)  # after every other plugin's, search indexing included
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        planned = self.planned.get(page.file.src_uri)
        if planned is not None and planned.ref is None:
            page.edit_url = None  # a generated page has no source to edit; Material hides the button
        if page.content is not None:
            page.content = self._place(page.content, page, late=True)
        return context

    def _place(self, html_text: str, page: Page, late: bool) -> str:
        planned = self.planned.get(page.file.src_uri)
        if planned is not None:
            html_text, lost = planned.rendered.place(html_text, late)
        elif not late and page.file.src_uri in self.page_links:
            html_text, lost = place_links(html_text, self.page_links[page.file.src_uri])
        else:
            return html_text
        if lost:
            log.warning(decorate.lost_placeholders(page.file.src_uri, lost))
        return html_text

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.result is None or self.plan is None:
            return
        self.incremental.finish(config.plugins)
        missing = write_outputs(config, self.plan, self.incremental, self.feeds_url, self.config["cms"])
        if missing:
            log.info(missing)
        if config.strict and self.result.problems:
            # MkDocs counts warnings for --strict only while they are logged, and `-q` stops
            # them being logged: a quiet strict build would pass with every problem. So the
            # plugin fails the build itself, and names the problems in its error.
            raise PluginError(strict_summary(self.result.problems, STRICT_SHOWN))

    def on_build_error(self, *, error: Exception) -> None:
        running.release()

    def on_shutdown(self) -> None:
        # MkDocs is about to exit. What the plugin made goes; what the engine set apart from the
        # cycle collector stays apart: collecting all of it now would only delay the exit (a
        # third of a second at 1,000 documents). A build again in this process gets it back.
        self.result = self.plan = None
        self.planned, self.page_links, self.updated = {}, {}, {}
        self.incremental = Incremental("build", False)

