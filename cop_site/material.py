"""Every adaptation of the plugin to MkDocs' and Material for MkDocs' own markup and state, in
one place: when Material changes, this is the module to read.

Each patch that edits markup it does not own looks for an exact piece of Material's
output; when Material's markup no longer matches, the patch says so in the build's log
(a warning, once per build) instead of silently doing nothing, and tests/test_material.py
builds a real site to prove each one still applies."""

from __future__ import annotations

import html
import importlib.util
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import normalize_url

from . import yamlio
from .render import Rendered
from .render.core import NONCE

log = logging.getLogger("mkdocs.plugins.cop_site")
ASSETS = Path(__file__).parent / "assets"
CSS = "assets/cop-site/cop-site.css"
# Material's search dialog, which has no accessible name (axe: aria-dialog-name, serious).
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_COMPONENT = 'data-md-component="search"'
LABELLED_DIALOG = SEARCH_DIALOG[:-1] + ' aria-label="Search">'


class Material:
    """The patches for one build. `enabled`: the theme is Material and the site keeps
    `accessibility_fixes` on."""

    def __init__(self, config: MkDocsConfig, accessibility_fixes: bool) -> None:
        self.is_material = config.theme.name == "material"
        self.enabled = accessibility_fixes and self.is_material
        self.warned: set[str] = set()

    def _warn_once(self, what: str, message: str) -> None:
        if what not in self.warned:
            self.warned.add(what)
            log.warning(f"cop-site: {message}; this version of the theme is not one cop-site knows. Please report it.")

    def adapt_config(self, config: MkDocsConfig) -> None:
        if self.is_material and not _user_set_font(config):
            # Material's default loads Google Fonts: a third party would learn who reads the
            # site, and offline readers would wait on it. System fonts unless the site asks.
            config.theme["font"] = False
        if self.enabled:
            # Shipped with the plugin so a site naming only the theme is accessible by default.
            config.theme.dirs.insert(1, str(ASSETS / "overrides"))
            if CSS not in config.extra_css:
                config.extra_css.append(CSS)

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        if self.enabled:
            files.append(File.generated(config, CSS, abs_src_path=str(ASSETS / "cop-site.css")))

    def label_search(self, html_text: str) -> str:
        """The search dialog gets its accessible name. Patched in the output rather than by
        copying Material's template into ours."""
        if not self.enabled or SEARCH_COMPONENT not in html_text:
            return html_text  # no search on this page (the search plugin is off)
        if SEARCH_DIALOG not in html_text:
            if LABELLED_DIALOG not in html_text:
                self._warn_once("search", "could not name Material's search dialog for screen readers (its markup changed)")
            return html_text
        return html_text.replace(SEARCH_DIALOG, LABELLED_DIALOG, 1)

    def banner_404(self, output: str, banner: str) -> str:
        """The internal edition's banner on the 404 page, which no Markdown makes."""
        if "<h1>" not in output:
            self._warn_once("404", "could not put the internal edition's banner on 404.html (it has no <h1>)")
            return output
        return output.replace("<h1>", banner + "<h1>", 1)

    def forget_search_entries(self, plugins: Any, urls: set[str]) -> None:
        forget_search_entries(plugins, urls, self._warn_once)

    def draw_partials_once(self, env: Any, config: MkDocsConfig) -> list[Partial | Imported]:
        """Material's sidebar, search form, table of contents, "last updated" line and the
        frame's style and script blocks, each drawn once for all the pages where it would read
        the same (see `Partial`); its header, drawn once with a stand-in for the page's title
        (see `Titled`); and its translations, imported once (see `Imported`)."""
        if not self.is_material:
            return []
        extra = config.extra
        others = tuple(str(u) for u in (extra.get("homepage"), config.theme.get("logo")) if u)
        # The folders of every asset the page's head and foot link to (see `_asset_key`).
        assets = {"assets"} | {_top(p) for p in (*config.extra_css, *config.extra_javascript, *(extra.get("polyfills") or []))}
        drawn: list[Partial | Imported | None] = [
            Partial.install(env, SIDEBAR_TEMPLATE, lambda context: _sidebar_key(context, others)),
            Partial.install(env, SEARCH_TEMPLATE, lambda context: ()),
            *(Partial.install(env, BASE_TEMPLATE, lambda context: _asset_key(context, assets), block) for block in ASSET_BLOCKS),
            Partial.install(env, TOC_TEMPLATE, _toc_key),
            Partial.install(env, SOURCE_FILE_TEMPLATE, _source_file_key),
            Imported.install(env, LANGUAGE_TEMPLATE),
            Titled.install(env, HEADER_TEMPLATE, lambda context: _header_key(context, others)) if _header_reads_title_only(config) else None,
        ]
        return [p for p in drawn if p is not None]


SIDEBAR_TEMPLATE = "partials/nav.html"
HEADER_TEMPLATE = "partials/header.html"
TOC_TEMPLATE = "partials/toc.html"
SOURCE_FILE_TEMPLATE = "partials/source-file.html"
LANGUAGE_TEMPLATE = "partials/language.html"
SEARCH_TEMPLATE = "partials/search.html"
BASE_TEMPLATE = "base.html"
# Blocks of the page's head and foot that link the theme's and the site's styles and scripts,
# and the theme's settings for its scripts: nothing in them comes from the page itself.
ASSET_BLOCKS = ("styles", "libs", "scripts", "config")


class _Uncacheable(Exception):
    pass


class Partial:
    """One of Material's partial templates, drawn once for every set of pages on which it
    reads the same, instead of on every page.

    - The sidebar (`partials/nav.html`). On a large site most pages are detail pages the
      sidebar does not list: a partner, a note, a worksheet. For such a page the drawing
      depends on nothing but the addresses of its links as seen from that page (relative
      links), so pages whose links read the same get the same markup. A page the sidebar
      lists (its entry is marked active and holds the page's contents) is drawn as Material
      draws it. The key holds every entry's title, address (as the page's links would read),
      active state and the metadata Material shows, so a plugin that changes the nav from
      page to page still gets its own drawing.
    - The search form (`partials/search.html`): the same words and icons on every page.
    - The blocks of the page's frame that link styles and scripts and hold the theme's
      settings (`base.html`: `ASSET_BLOCKS`): they read the same on every page at the same
      depth (`base_url`), except on a page inside a folder those files are in.

    Only Material's own templates are drawn once: a site that overrides one may draw
    anything from the page, so it is left alone. tests/test_material.py builds sites both
    ways and compares every output file."""

    def __init__(self, name: str, draw: Any, key: Callable[[Any], tuple[Any, ...] | None]) -> None:
        self.name = name
        self.draw = draw  # the template's own render function
        self.key = key  # the context -> what the drawing depends on (None: draw it anew)
        self.drawings: dict[tuple[Any, ...], str] = {}
        self.drawn = 0
        self.reused = 0

    @classmethod
    def install(cls, env: Any, name: str, key: Callable[[Any], tuple[Any, ...] | None], block: str | None = None) -> Partial | None:
        """`block`: one block of the template rather than the whole template."""
        try:
            template = env.get_template(name)
        except Exception:  # a theme without this partial: nothing to do
            return None
        filename = Path(getattr(template, "filename", "") or "")
        blocks = getattr(template, "blocks", None)
        draw = getattr(template, "root_render_func", None) if block is None else blocks.get(block) if isinstance(blocks, dict) else None
        if draw is None or not _is_materials(filename):
            log.debug(f"cop-site: {name} {block or ''} is drawn on every page (it is not Material's own)")
            return None
        partial = cls(name if block is None else f"{name}:{block}", draw, key)
        # Jinja's {% include %} calls this attribute of the template it loaded, and a page
        # takes its blocks from the template's `blocks`; MkDocs makes a new environment for
        # every build, so a rebuild under `serve` starts afresh.
        if block is None:
            template.root_render_func = partial.render
        else:
            assert isinstance(blocks, dict)
            blocks[block] = partial.render
        return partial

    def render(self, context: Any) -> Iterator[str]:
        key = self.key(context)
        if key is None:
            yield from self.draw(context)
            return
        markup = self.drawings.get(key)
        if markup is None:
            markup = self.drawings[key] = "".join(self.draw(context))
            self.drawn += 1
        else:
            self.reused += 1
        yield markup


class Titled(Partial):
    """Material's header (`partials/header.html`), which reads the page for one thing only:
    the title it shows beside the site's name. Everything else in it (the home link, the
    logo, the search form, the palette toggle) reads the same on every page whose links
    read the same. So it is drawn once per such set of pages with a stand-in for the title,
    and each page gets that drawing with its own title in the stand-in's place. Where the
    header shows more of the page (sticky tabs, links to the page in other languages) it is
    drawn as Material draws it (see `_header_reads_title_only`); should a drawing hold the
    stand-in other than once, so is every page."""

    def __init__(self, name: str, draw: Any, key: Callable[[Any], tuple[Any, ...] | None]) -> None:
        super().__init__(name, draw, key)
        self.refused: set[tuple[Any, ...]] = set()  # keys whose drawing held the stand-in other than once

    def render(self, context: Any) -> Iterator[str]:
        key = self.key(context)
        page = context.get("page")
        if key is None or page is None or key in self.refused:
            yield from self.draw(context)
            return
        markup = self.drawings.get(key)
        if markup is None:
            markup = "".join(self.draw(context.derived({"page": _TitleStandIn(page)})))
            if markup.count(TITLE_SLOT) != 1:
                self.refused.add(key)
                yield from self.draw(context)
                return
            self.drawings[key] = markup
            self.drawn += 1
        else:
            self.reused += 1
        meta = getattr(page, "meta", None)
        # What the template prints: {% if page.meta and page.meta.title %}{{ page.meta.title }}{% else %}{{ page.title }}
        title = meta["title"] if isinstance(meta, dict) and meta.get("title") else page.title
        yield markup.replace(TITLE_SLOT, str(title))


# A word no title holds: drawn where the page's title goes, then replaced by it.
TITLE_SLOT = f"copsitetitle{NONCE}x"


class _TitleStandIn:
    """The page as the header sees it while it is drawn once: its title is `TITLE_SLOT`."""

    def __init__(self, page: Any) -> None:
        self._page = page
        self.meta = {"title": TITLE_SLOT}
        self.title = TITLE_SLOT

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


def _toc_key(context: Any) -> tuple[Any, ...] | None:
    """The page's table of contents, as the partial reads it: each entry's level, anchor and
    title (pages with the same headings share a drawing: every worksheet, most notes)."""
    page = context.get("page")
    toc = getattr(page, "toc", None)
    if toc is None:
        return None
    entries: list[tuple[Any, ...]] = []
    try:
        _toc_entries(toc, entries)
    except _Uncacheable:
        return None
    return tuple(entries)


def _toc_entries(items: Any, out: list[tuple[Any, ...]]) -> None:
    for item in items:
        if hasattr(item, "typeset"):  # what another plugin adds for Material to show
            raise _Uncacheable
        out.append((item.level, item.url, item.title))
        if item.children:
            out.append(("(",))
            _toc_entries(item.children, out)
            out.append((")",))


# What Material's "last updated" line reads: the page's dates (from git plugins), and the
# authors and committers those plugins put in the context.
_SOURCE_FILE_META = ("git_revision_date_localized", "revision_date", "git_creation_date_localized")
_SOURCE_FILE_CONTEXT = ("git_info", "committers", "updated", "created")


def _source_file_key(context: Any) -> tuple[Any, ...] | None:
    """A page with none of what the line shows gets an empty drawing, the same for every such
    page but for the blank lines an `if page.meta` leaves; any other is drawn as Material
    draws it."""
    meta = getattr(context.get("page"), "meta", None)
    if not isinstance(meta, dict) or any(meta.get(k) for k in _SOURCE_FILE_META):
        return None
    if any(context.get(k) for k in _SOURCE_FILE_CONTEXT):
        return None
    return (bool(meta),)


def _header_reads_title_only(config: MkDocsConfig) -> bool:
    """Whether Material's header shows nothing of the page but its title: sticky tabs show
    the page's place in the nav, and `extra.alternate` links to it in other languages."""
    features = config.theme.get("features") or []
    return "navigation.tabs.sticky" not in features and not config.extra.get("alternate")


def _header_key(context: Any, others: tuple[str, ...]) -> tuple[Any, ...] | None:
    """The header's links (home, logo) as the page reads them; the page's depth for the rest."""
    page, nav = context.get("page"), context.get("nav")
    if page is None or not isinstance(getattr(page, "url", None), str):
        return None
    return (id(nav), context.get("base_url"), _home_links(page, nav, others))


class Imported:
    """Material's translations (`partials/language.html`), which every page imports "with
    context", so Jinja makes the module anew for each page. The module holds one macro, `t`,
    that looks a word up in the site's language and in English: it depends on nothing but
    the theme's language, so one module per language serves every page. Only Material's own
    template is imported once (a site's override may read the page)."""

    def __init__(self, name: str, make: Any) -> None:
        self.name = name
        self.make = make  # the template's own make_module
        self.modules: dict[tuple[int, str], Any] = {}
        self.drawn = 0
        self.reused = 0

    @classmethod
    def install(cls, env: Any, name: str) -> Imported | None:
        try:
            template = env.get_template(name)
        except Exception:  # a theme without translations: nothing to do
            return None
        make = getattr(template, "make_module", None)
        if make is None or not _is_materials(Path(getattr(template, "filename", "") or "")):
            log.debug(f"cop-site: {name} is imported on every page (it is not Material's own)")
            return None
        imported = cls(name, make)
        # Jinja's {% import %} calls this method of the template it loaded.
        template.make_module = imported.make_module
        return imported

    def make_module(self, vars: dict[str, Any] | None = None, shared: bool = False, locals: Any = None) -> Any:
        config = (vars or {}).get("config")
        theme = getattr(config, "theme", None)
        language = theme.get("language") if theme is not None and hasattr(theme, "get") else None
        key = (id(config), str(language))
        module = self.modules.get(key)
        if module is None:
            module = self.modules[key] = self.make(vars, shared, locals)
            self.drawn += 1
        else:
            self.reused += 1
        return module


def _sidebar_key(context: Any, others: tuple[str, ...]) -> tuple[Any, ...] | None:
    page, nav = context.get("page"), context.get("nav")
    if page is None or nav is None or not isinstance(getattr(page, "url", None), str):
        return None
    entries: list[tuple[Any, ...]] = []
    try:
        _entries(nav.items, page, entries)
    except _Uncacheable:
        return None
    return (id(nav), tuple(entries), _home_links(page, nav, others))


def _home_links(page: Any, nav: Any, others: tuple[str, ...]) -> tuple[str | None, ...]:
    """The home link and the logo (where the site sets them) as the page's links read them."""
    homepage = getattr(getattr(nav, "homepage", None), "url", None)
    return tuple(None if u is None else normalize_url(u, page) for u in (*others, homepage))


def _asset_key(context: Any, assets: set[str]) -> tuple[Any, ...] | None:
    """A link from a page to a file (relative, as MkDocs writes it) climbs to the site's root
    (the page's `base_url`) and descends to the file, unless the two share a folder: a page
    in one of the assets' folders is drawn as Material draws it."""
    page, base = context.get("page"), context.get("base_url")
    url = getattr(page, "url", None)
    if not isinstance(url, str) or not isinstance(base, str) or _top(url) in assets:
        return None
    return (base,)


def _top(path: Any) -> str:
    """The first folder of a site-relative path (an extra script may be an object with `path`)."""
    return str(getattr(path, "path", path)).lstrip("/").split("/", 1)[0]


def _entries(items: Any, page: Page, out: list[tuple[Any, ...]]) -> None:
    for item in items:
        # An active entry holds the page itself (and its contents); `pages` and `typeset` are
        # what other plugins add for Material to show, which this key does not know.
        if getattr(item, "active", False) or item is page or hasattr(item, "pages") or hasattr(item, "typeset"):
            raise _Uncacheable
        url = getattr(item, "url", None)
        meta = getattr(item, "meta", None)
        shown = tuple(str(meta.get(k)) for k in ("icon", "subtitle", "status")) if isinstance(meta, dict) else ()
        out.append((item.title, None if url is None else normalize_url(str(url), page), shown, getattr(item, "encrypted", None)))
        children = getattr(item, "children", None)
        if children:
            out.append(("(",))
            _entries(children, page, out)
            out.append((")",))


def _is_materials(filename: Path) -> bool:
    spec = importlib.util.find_spec("material")
    return spec is not None and spec.origin is not None and filename.is_relative_to(Path(spec.origin).parent)


def forget_search_entries(plugins: Any, urls: set[str], warn: Any = None) -> None:
    """Under `serve --dirty`, Material's search keeps the previous build's index and replaces
    the entries of one rebuilt page only; an edit here rebuilds several, whose old entries
    would stay beside the new ones. Drop them all first."""
    for name, plugin in plugins.items():
        if not type(plugin).__module__.startswith("material.plugins.search"):
            continue  # another search (plain MkDocs' rewrites its whole index) or not a search
        previous: Any = getattr(plugin, "search_index_prev", _MISSING)
        if previous is None:
            continue  # the first build: nothing kept yet
        entries = getattr(previous, "entries", None)
        if not isinstance(entries, list):
            message = f"could not update the search index of '{name}' after an edit (its internals changed): search may list old text until the server restarts"
            (warn or _log_warning)("search_index", message)
            continue
        previous.entries = [e for e in entries if not (isinstance(e, dict) and str(e.get("location", "")).split("#")[0] in urls)]


_MISSING = object()


def _log_warning(_what: str, text: str) -> None:
    log.warning(f"cop-site: {text}")


def merge_toc(page: Page, rendered: Rendered) -> None:
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


def escape_titles(files: Files) -> None:
    """MkDocs puts page titles into templates unescaped (Material's <title> takes the one in
    the page's metadata), so a name such as "Parents & <Teachers>" would become markup in
    <title> and in the sidebar. Escaped once, after every page is read and before any is written."""
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        title, meta_title = page.title, page.meta.get("title")
        if isinstance(meta_title, str) and _needs_escape(meta_title):
            page.meta["title"] = html.escape(meta_title, quote=False)
        if title and _needs_escape(title):
            page.title = html.escape(title, quote=False)


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
