"""The MkDocs plugin: maps MkDocs events to the engine's stages and nothing more.

on_config  -> settings
on_files   -> load, validate, link, analyse (the whole graph, once per build); entity pages
              get their rendered Markdown, generated pages are added, drafts are dropped
on_page_markdown -> [[wikilinks]] in ordinary pages
on_page_content  -> the rendered pages' early HTML fragments (before search indexing)
on_page_context  -> their late fragments, the lists of connections (after search indexing)
on_post_page     -> each page's <link rel="alternate"> to the Atom feeds
on_post_build    -> cop.json, the feeds, the network exports, the calendars (.ics), schema/<type>.schema.json
"""

from __future__ import annotations

import gc
import hashlib
import html
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from . import decap, export, feeds, ics, networks, schema, yamlio
from .analyse import Lens, LensError
from .gitdates import last_updated
from .link import Ref
from .load import Cache
from .parallel import Background, split_map
from .pipeline import Result, run
from .preview import Preview
from .render import (
    Rendered,
    Renderer,
    generated_sources,
    home_summary,
    page_url,
    permalink_html,
    place_links,
    render_entity,
    render_generated,
    site_nav,
)
from .siteconfig import PLUGIN_ONLY

log = logging.getLogger("mkdocs.plugins.cop_site")
ASSETS = Path(__file__).parent / "assets"
INTERNAL_BANNER = '<p class="cop-internal-banner"><strong>Internal edition:</strong> this page may show private fields and drafts. Do not publish it.</p>'
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
STRICT_SHOWN = 30  # problems named in a strict build's error
PARALLEL_PAGES = 500  # fewer pages render in a fraction of a second: not worth a second process


class CopSiteConfig(Config):
    categories = c.Optional(c.Type((dict, list)))
    levels = c.Optional(c.ListOfItems(c.Type(str)))
    roles = c.Optional(c.Type((dict, list)))
    relationships = c.Optional(c.Type((dict, list)))
    conditions = c.Optional(c.Type((dict, list)))
    agreement_elements = c.Optional(c.Type((dict, list)))
    rubric = c.Optional(c.Type(str))
    topics = c.Optional(c.Type((dict, list)))
    expected_categories = c.Optional(c.ListOfItems(c.Type(str)))
    expected_levels = c.Optional(c.ListOfItems(c.Type(str)))
    quiet_window = c.Type(int, default=3)
    invitations = c.Type(int, default=5)
    edition = c.Choice(("public", "internal"), default="public")
    private_dir = c.Type(str, default="private")
    extra_fields = c.Type(dict, default={})
    navigation = c.Type(bool, default=True)
    accessibility_fixes = c.Type(bool, default=True)
    git_dates = c.Type(bool, default=True)
    # None: a second process shares the engine's work on large sites (see parallel.py); true:
    # on any site where it can; false: never (to rule it out when tracing a problem)
    parallel = c.Optional(c.Type(bool))
    home_summary = c.Type(bool, default=True)  # counts and ways in under the home page's title
    # None: feeds when the site has a site_url; true: a missing site_url is a warning; false: none
    feeds = c.Optional(c.Type(bool))
    # Form-based editing (Decap CMS): {backend: {...}, publish_mode, local_port: 8081, bundle: path, site_folder: path}
    cms = c.Optional(c.Type(dict))


class CopSitePlugin(BasePlugin[CopSiteConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.lenses: list[tuple[str, Lens]] = []
        self.result: Result | None = None
        self.entity_pages: dict[str, Ref] = {}
        self.generated: dict[str, str] = {}
        self.rendered: dict[str, Rendered] = {}
        self.page_links: dict[str, list[str]] = {}  # an ordinary page's [[links]], set aside
        self.renderer: Renderer | None = None
        self.updated: dict[str, Any] = {}
        # Under `serve --dirty`: a digest of each page as last written, to rebuild only the
        # pages an edit changed (see `_skip_if_unchanged`).
        self.dirty = False
        self.written: dict[str, str] = {}
        self.writing: dict[str, str] = {}
        self.rebuilt_urls: set[str] = set()
        self.load_cache: Cache | None = None
        # Under `serve --dirty`, MkDocs never cleans the output folder: what the previous build
        # wrote, to delete what this one no longer has (a deleted file, a new draft).
        self.outputs: dict[str, tuple[str, str | None]] = {}  # src_uri -> (dest path, page url)
        self.site_url = ""  # where the feeds are, absolute; empty: no feeds
        self.serving = False
        self.preview: Preview | None = None  # under `serve`: problems shown on the pages (preview.py)
        self.data_files: Background[dict[str, bytes]] | None = None  # see on_files

    def add_lens(self, name: str, lens: Lens) -> None:
        """For a site's hooks: add a "who isn't here?" question (see the docs' lens guide)."""
        self.lenses = [(n, f) for n, f in self.lenses if n != name] + [(name, lens)]

    # -- events --------------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this event also makes MkDocs keep this instance across `serve` rebuilds.
        self.dirty = command == "serve" and dirty
        self.serving = command == "serve"
        self.written = {}
        self.outputs = {}
        # Under `serve`, each rebuild reads again only the files whose bytes changed.
        self.load_cache = {} if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.user_nav = config.nav is not None
        if config.theme.name == "material" and not _user_set_font(config):
            # Material's default loads Google Fonts: a third party would learn who reads the
            # site, and offline readers would wait on it. System fonts unless the site asks.
            config.theme["font"] = False
        self.site_url = self._feeds_address(config)
        if self.config.accessibility_fixes and config.theme.name == "material":
            # Shipped with the plugin so a site naming only the theme is accessible by default.
            config.theme.dirs.insert(1, str(ASSETS / "overrides"))
            css = "assets/cop-site/cop-site.css"
            if css not in config.extra_css:
                config.extra_css.append(css)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        # The graph and the rendered pages are hundreds of thousands of objects that live
        # until the build ends. Python's cycle collector would walk them on each of its full
        # passes for the rest of the build (a second of a 10,000-document build), so it
        # pauses while they are made and they are then set apart from its work
        # (gc.freeze) until the next build, an error or the end of the command.
        gc.unfreeze()  # the previous build's, under `serve`: collectable again
        gc.disable()
        try:
            return self._files(files, config)
        except PluginError:
            raise
        except LensError as exc:
            raise PluginError(f"cop-site: {exc}. The lens comes from this site's hooks (mkdocs.yml 'hooks:'); fix it there.") from exc
        except Exception as exc:  # a bug of ours: say so plainly, keep the details for --verbose
            log.debug("cop-site failed", exc_info=True)
            raise PluginError(f"cop-site failed on this content ({type(exc).__name__}: {exc}); run with --verbose for details and report it") from exc
        finally:
            gc.enable()
            gc.freeze()

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        site_root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        options = {k: v for k, v in self.config.items() if k not in PLUGIN_ONLY}
        # Exactly the Markdown files MkDocs will publish: its own list, links followed as it
        # follows them, its exclusions applied.
        markdown = [(Path(f.abs_src_path), f.src_uri) for f in files if f.src_uri.endswith(".md") and f.abs_src_path and not f.inclusion.is_excluded()]
        self.result = result = run(site_root, Path(config.docs_dir), options, self.lenses, cache=self.load_cache, files=markdown)
        for problem in result.problems:
            log.warning(str(problem))
        self.preview = preview = self._preview(result, site_root, config) if self.serving else None

        # One decision for every output: a withheld file (any kind: a draft group's pictures
        # too) is not in the site, the search index, the sitemap or cop.json. Under `serve`, a
        # file that cannot be read gets a page at its address that shows the error instead.
        content = result.content
        if content.withheld or content.withheld_dirs:
            kept = []
            for f in files:
                if not content.is_withheld(f.src_uri):
                    kept.append(f)
                elif preview is not None and f.src_uri in preview.unreadable:
                    f.content_string = preview.error_page(f.src_uri)
                    kept.append(f)
            files = Files(kept)

        # Before entity pages get their rendered content (which drops abs_src_path).
        # Authored pages only: a generated page has no single source that dates it.
        dates = last_updated(Path(config.docs_dir)) if self.config.git_dates else {}
        self.updated = {}
        if dates:  # resolving every path asks the file system: only when there are dates to match
            for f in files:
                if f.is_documentation_page() and f.generated_by is None and f.abs_src_path:
                    when = dates.get(Path(f.abs_src_path).resolve())
                    if when is not None:
                        self.updated[f.src_uri] = when

        graph = result.graph
        authored = {f.src_uri for f in files}
        self.generated = {src: tag for src, tag in generated_sources(graph, result.analysis).items() if src not in authored}
        toc = config.mdx_configs.get("toc") or {}
        permalink = permalink_html(toc.get("permalink"), toc.get("permalink_title", "Permanent link"), toc.get("permalink_class", "headerlink"))
        self.renderer = renderer = Renderer(graph, result.analysis, result.settings, self.generated, config.use_directory_urls, permalink)
        renderer.site_url = config.site_url or ""
        self.entity_pages = {}
        self.rendered = {}
        self.page_links = {}
        self.writing = {}
        self.rebuilt_urls = set()
        salt = self._salt(config) if self.dirty else ""
        entity_files: list[tuple[Ref, File]] = []
        for kind, entities in (("partner", graph.partners), ("group", graph.groups), ("note", graph.notes), ("scenario", graph.scenarios)):
            for key, entity in entities.items():
                file = files.get_file_from_path(entity.src.rel)
                if file is not None:  # else excluded by the site's exclude_docs
                    entity_files.append((Ref(kind, key), file))
        generated = sorted(self.generated.items())
        # Every page at once (two processes where that pays, see `parallel`): the graph is complete.
        jobs: list[tuple[Ref | None, str]] = [(ref, "") for ref, _ in entity_files] + [(None, tag) for _, tag in generated]

        def render(job: tuple[Ref | None, str]) -> Rendered:
            return render_entity(renderer, job[0]) if job[0] else render_generated(renderer, job[1])

        fork = self._fork(len(jobs))
        done, shared = split_map(render, jobs, fork=fork)
        if shared:
            log.debug(f"cop-site: a second process rendered {len(jobs) // 2} of the {len(jobs)} pages")
        for (ref, file), rendered in zip(entity_files, done[: len(entity_files)], strict=True):
            # The rendered page replaces the source: no front matter (so nothing under
            # `private:` reaches page.meta) and every relation spelled out.
            self.rendered[file.src_uri] = rendered
            file.content_string = rendered.markdown
            self.entity_pages[file.src_uri] = ref
            if self.dirty:
                self._skip_if_unchanged(file, salt, *rendered.texts(), self._banner(file.src_uri))
        for page in result.content.pages:
            file = files.get_file_from_path(page.rel)
            if file is not None and graph.wikilinks.get(page.rel):
                # Its [[links]] show other pages' names: under `serve --dirty` it must be
                # rebuilt whenever they change, and MkDocs rebuilds files with set content.
                file.content_string = file.content_string
                if self.dirty:
                    body, links = renderer.body(page.rel, file.content_string)
                    self._skip_if_unchanged(file, salt, body, *links, self._banner(file.src_uri))
        for (src, _), rendered in zip(generated, done[len(entity_files) :], strict=True):
            self.rendered[src] = rendered
            file = File.generated(config, src, content=rendered.markdown)
            files.append(file)
            if self.dirty:
                self._skip_if_unchanged(file, salt, *rendered.texts())

        # The data files need only the graph, which is complete: made while MkDocs builds the
        # pages (in a second process where that pays), written once the pages are.
        self.data_files = Background(lambda: self._data_files(config), fork=fork)

        if self.config.accessibility_fixes and config.theme.name == "material":
            css = ASSETS / "cop-site.css"
            files.append(File.generated(config, "assets/cop-site/cop-site.css", abs_src_path=str(css)))

        if self.dirty:
            self._remove_gone_outputs(files)
        if self.config.navigation and not self.user_nav:
            config.nav = self.navigation(files)
            # Detail pages are left out of this nav on purpose; listing each of them at every
            # build would bury the problems that matter.
            config.validation.nav.omitted_files = logging.DEBUG
        return files

    def _data_files(self, config: MkDocsConfig) -> dict[str, bytes]:
        """cop.json, the network exports and the feeds: site-relative path -> bytes."""
        assert self.result is not None
        graph = self.result.graph
        url_for: Callable[[str], str] = lambda src: page_url(src, config.use_directory_urls)  # noqa: E731
        data = export.build_export(graph, self.result.analysis, url_for, self.result.settings.internal)
        files = {"cop.json": export.dumps(data).encode("utf-8")}
        # Absolute links where the site has an address, so a node in Kumu or Gephi opens its page.
        address = self.site_url or (config.site_url.rstrip("/") + "/" if config.site_url else "")
        absolute: Callable[[str], str] = lambda src: address + url_for(src) if address else url_for(src)  # noqa: E731
        files.update(networks.exports(graph, absolute, config.site_name))
        files.update(ics.calendars(graph, address, config.site_name, url_for))
        if self.site_url:
            files.update(feeds.feeds(graph, self.site_url, config.site_name, url_for))
        return files

    def _fork(self, pages: int) -> bool:
        """Whether a second process shares the work (rendering, data files): only under `build` (never under
        `serve`, whose rebuilds are small and whose server runs threads) and where the pages
        are many enough to pay for it."""
        if self.serving or self.config.parallel is False:
            return False
        return self.config.parallel is True or pages >= PARALLEL_PAGES

    def _remove_gone_outputs(self, files: Files) -> None:
        """Under `serve --dirty`: delete the output of every file the previous build had and
        this one has not (deleted, newly a draft, newly withheld), so it is no longer served;
        its search entries go in on_post_build."""
        now = {f.src_uri: (f.abs_dest_path, f.url if f.is_documentation_page() else None) for f in files}
        kept = {dest for dest, _ in now.values()}
        for src, (dest, url) in self.outputs.items():
            if src in now or dest in kept:
                continue
            try:
                os.remove(dest)
            except OSError:
                pass  # already gone
            if url is not None:
                self.rebuilt_urls.add(url)
        self.outputs = now

    def _preview(self, result: Result, site_root: Path, config: MkDocsConfig) -> Preview:
        try:
            shown = Path(config.docs_dir).resolve().relative_to(site_root.resolve()).as_posix() + "/"
        except ValueError:
            shown = Path(config.docs_dir).name + "/"
        return Preview(result.problems, {d.rel for d in result.docs if not d.readable}, shown)

    def _banner(self, src: str) -> str:
        return self.preview.banner(src) if self.preview is not None else ""

    def _salt(self, config: MkDocsConfig) -> str:
        """What every page's output depends on beyond its own content: mkdocs.yml."""
        try:
            return Path(config.config_file_path).read_text("utf-8") if config.config_file_path else ""
        except OSError:
            return ""

    def _skip_if_unchanged(self, file: File, salt: str, *parts: str) -> None:
        """Called only under `serve --dirty`, where MkDocs rebuilds every file whose content is
        set in memory, which is every page here: an edit would rebuild them all. A page whose
        rendering is the same as when it was last written is marked unmodified instead, so
        MkDocs neither reads nor rewrites it. Its content stays set, so nothing can ever read
        its source raw."""
        digest = hashlib.blake2b(digest_size=16)
        for part in (salt, str(self.updated.get(file.src_uri, "")), *parts):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        value = self.writing[file.src_uri] = digest.hexdigest()
        if self.written.get(file.src_uri) == value and os.path.isfile(file.abs_dest_path):
            file.is_modified = lambda: False  # type: ignore[method-assign]

    def navigation(self, files: Files) -> list[Any]:
        """The sidebar (see `site_nav`) of the pages MkDocs will build (not `exclude_docs`)."""
        return site_nav({f.src_uri for f in files if f.is_documentation_page() and f.inclusion.is_included()})

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        self.rebuilt_urls.add(page.url)
        if self.renderer and src not in self.entity_pages and src not in self.generated:
            markdown, self.page_links[src] = self.renderer.body(src, markdown)
        page.meta.pop("private", None)  # an ordinary page's private fields: never in a template
        rendered = self.rendered.get(src)
        if rendered is not None:  # its Markdown has no h1 to take the title from
            page.meta["title"] = rendered.title
            if rendered.wide:  # Material's table of contents would take the room the table needs
                page.meta["hide"] = ["toc"]
        ref = self.entity_pages.get(src)
        if self.site_url and self.result and ref is not None and ref.kind == "group":
            markdown += "\n\n" + feeds.group_link(self.result.graph.groups[ref.key]) + "\n"
        updated = self.updated.get(src)
        if updated:
            markdown += f'\n\n<p class="cop-updated">Last updated: <time datetime="{updated.isoformat()}">{updated:%d %B %Y}</time></p>\n'
        if self.result and self.result.settings.internal:
            markdown = INTERNAL_BANNER + "\n\n" + markdown
        if self.preview is not None and src not in self.preview.unreadable:
            markdown = self.preview.banner(src) + markdown
        return markdown

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        if template_name == "404.html" and self.result and self.result.settings.internal:
            output_content = output_content.replace("<h1>", INTERNAL_BANNER + "<h1>", 1)
        return self._accessible(output_content, config)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.site_url:
            output = output.replace("</head>", feeds.head_link(page.url, config.site_name) + "</head>", 1)
        return self._accessible(output, config)

    def _feeds_address(self, config: MkDocsConfig) -> str:
        """The site's address if it gets feeds, else "" (and says why, once per build)."""
        if self.config.feeds is False:
            return ""
        if not config.site_url:
            # Feeds need absolute links. A site that did not ask for them is told quietly, so
            # that `mkdocs build --strict` still passes on a site without an address.
            say = log.warning if self.config.feeds else log.info
            say("cop-site: no feeds (feed.xml) without an address: set site_url in mkdocs.yml to where the site is published")
            return ""
        return config.site_url if config.site_url.endswith("/") else config.site_url + "/"

    def _accessible(self, html_text: str, config: MkDocsConfig) -> str:
        """Material's search dialog has no accessible name (axe: aria-dialog-name, serious).
        Patched in the output rather than by copying Material's template into ours."""
        if self.config.accessibility_fixes and config.theme.name == "material":
            html_text = html_text.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)
        return html_text

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        # MkDocs puts page titles into templates unescaped (Material's <title> takes the one
        # in the page's metadata), so a name such as "Parents & <Teachers>" would become
        # markup in <title> and in the sidebar. Escaped once here, after every page is read
        # and before any is written.
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            title, meta_title = page.title, page.meta.get("title")
            if isinstance(meta_title, str) and _needs_escape(meta_title):
                page.meta["title"] = html.escape(meta_title, quote=False)
            if title and _needs_escape(title):
                page.title = html.escape(title, quote=False)
        return env

    def on_page_content(self, html_text: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == "index.md" and self.renderer is not None and self.config.home_summary:
            # Under the author's title, before search reads the page: the counts are worth finding.
            summary = str(home_summary(self.renderer))  # plain text joins: Markup would escape the page
            cut = html_text.find("</h1>")
            html_text = html_text[: cut + 5] + "\n" + summary + html_text[cut + 5 :] if cut != -1 else summary + html_text
        rendered = self.rendered.get(page.file.src_uri)
        if rendered is not None and (rendered.toc_before or rendered.toc_after):
            _add_headings(page, rendered)
        return self._place(html_text, page, late=False)

    @event_priority(-100)  # after every other plugin's, search indexing included
    def on_page_context(self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        # Generated pages have no source to edit; Material hides the edit button without a URL.
        if page.file.src_uri in self.generated:
            page.edit_url = None
        if page.content is not None:
            page.content = self._place(page.content, page, late=True)
        return context

    def _place(self, html_text: str, page: Page, late: bool) -> str:
        rendered = self.rendered.get(page.file.src_uri)
        if rendered is not None:
            html_text, lost = rendered.place(html_text, late)
        elif not late and page.file.src_uri in self.page_links:
            html_text, lost = place_links(html_text, self.page_links[page.file.src_uri])
        else:
            return html_text
        if lost:
            log.warning(
                f"cop-site: {lost} part(s) of the page {page.file.src_uri} could not be placed: a Markdown extension "
                "changed the placeholder words (copsitefragment..., copsitelink...) that mark where they go. "
                "Remove that extension or report this."
            )
        return html_text

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.result is None:
            return
        self.written, self.writing = self.writing, {}
        if self.dirty:
            _forget_rebuilt_search_entries(config, self.rebuilt_urls)
        assert self.data_files is not None
        data_files = self.data_files.result()
        if self.data_files.by_child:
            log.debug("cop-site: a second process made cop.json and the exports while the pages were built")
        self.data_files = None
        for rel, content in data_files.items():
            path = os.path.join(config.site_dir, *rel.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(content)
        # For editors' tools and forms: the front matter each type takes, with this site's vocabularies.
        schema.write_all(Path(config.site_dir) / "schema", self.result.settings, config.site_url or None)
        if self.config.cms is not None:
            self._write_cms(config, self.config.cms)

        if config.strict and self.result.problems:
            # MkDocs counts warnings for --strict only while they are logged, and `-q` stops
            # them being logged: a quiet strict build would pass with every problem. So the
            # plugin fails the build itself, and names the problems in its error, the one
            # message `-q` still shows.
            problems = self.result.problems
            shown = "\n".join(f"  {p}" for p in problems[:STRICT_SHOWN])
            more = f"\n  ... and {len(problems) - STRICT_SHOWN} more (run cop-site check for all)" if len(problems) > STRICT_SHOWN else ""
            raise PluginError(f"cop-site: {len(problems)} content problem{'s' if len(problems) != 1 else ''} in strict mode:\n{shown}{more}")

    def _write_cms(self, config: MkDocsConfig, options: dict[str, Any]) -> None:
        """admin/: the form-based editor, configured from the model (see decap.py)."""
        assert self.result is not None
        site_root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        try:
            docs = Path(config.docs_dir).resolve().relative_to(site_root.resolve()).as_posix()
        except ValueError:
            docs = Path(config.docs_dir).name
        prefix = "/".join(p for p in (str(options.get("site_folder") or "").strip("/"), docs) if p)
        data = decap.config(self.result.settings, prefix, sorted(self.result.content.groups), options, config.edit_uri, config.repo_url)
        bundle = Path(os.environ.get("COP_SITE_DECAP_BUNDLE") or site_root / str(options.get("bundle") or decap.BUNDLE_DIR))
        if not decap.write_admin(site_root, Path(config.site_dir) / "admin", data, config.site_name, bundle):
            log.info(f"cop-site: admin/ has no editor yet: Decap CMS is not in {bundle}; run bash scripts/decap to fetch it")

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()  # see on_files
        if self.data_files is not None:
            self.data_files.cancel()
            self.data_files = None

    def on_shutdown(self) -> None:
        gc.unfreeze()  # see on_files


def _add_headings(page: Page, rendered: Rendered) -> None:
    """The headings in a rendered page's fragments, added to its table of contents (which
    Markdown made from the author's headings) in page order, and to the anchors MkDocs
    checks links against. The page's own h1 is not in it, as with the theme's h1. An author's
    h1 becomes the root that holds every other entry: on a page with an h1 that has an id,
    Material shows only the children of the first entry."""
    flat: list[AnchorLink] = []

    def walk(items: list[AnchorLink]) -> None:
        for item in items:
            flat.append(AnchorLink(item.title, item.id, item.level))
            walk(item.children)

    walk(list(page.toc))
    root = next((link for link in flat if link.level == 1), None)
    ours = [[AnchorLink(title, anchor, level) for level, title, anchor in entries] for entries in (rendered.toc_before, rendered.toc_after)]
    roots: list[AnchorLink] = root.children if root else []
    stack: list[AnchorLink] = []
    for link in ours[0] + [link for link in flat if link is not root] + ours[1]:
        while stack and stack[-1].level >= link.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(link)
        stack.append(link)
    page.toc = TableOfContents([root] if root else roots)
    if isinstance(page.present_anchor_ids, set):
        page.present_anchor_ids.update(link.id for entries in ours for link in entries)


def _forget_rebuilt_search_entries(config: MkDocsConfig, urls: set[str]) -> None:
    """Under `serve --dirty`, Material's search keeps the previous build's index and replaces
    the entries of one rebuilt page only; an edit here rebuilds several, whose old entries
    would stay beside the new ones. Drop them all first. A search plugin without that state
    (another version, another theme) is left alone."""
    for plugin in config.plugins.values():
        previous = getattr(plugin, "search_index_prev", None)
        entries = getattr(previous, "entries", None)
        if isinstance(entries, list):
            previous.entries = [e for e in entries if not (isinstance(e, dict) and str(e.get("location", "")).split("#")[0] in urls)]


def _needs_escape(text: str) -> bool:
    return "<" in text or ">" in text or "&" in text


def _user_set_font(config: MkDocsConfig) -> bool:
    """Whether mkdocs.yml itself names a theme font (Material's default is indistinguishable
    once loaded). Read from the file, as MkDocs deprecates `user_configs`."""
    if not config.config_file_path:
        return False
    try:
        raw = yamlio.load_config_file(Path(config.config_file_path).read_text("utf-8")) or {}
    except Exception:  # unreadable here means MkDocs already reported it
        return False
    theme = raw.get("theme") if isinstance(raw, dict) else None
    return isinstance(theme, dict) and "font" in theme
