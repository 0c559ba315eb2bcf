"""Issue 24: every adaptation to Material for MkDocs lives in cop_site/material.py, and each
one that edits Material's markup or state says so in the build's log when Material no
longer matches, instead of silently doing nothing. These tests prove each patch still
applies to the installed Material, and that each one warns when it cannot."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from material.plugins.search.plugin import SearchIndex, SearchPlugin

from cop_site import material
from helpers import mkdocs_build, write_site
from test_site import FILES


def patcher() -> material.Material:
    config: Any = SimpleNamespace(theme=SimpleNamespace(name="material"))
    return material.Material(config, accessibility_fixes=True)


def test_the_search_dialog_gets_its_name_in_a_real_build(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    result, out = mkdocs_build(site)
    assert result.returncode == 0, result.output
    assert "cop-site: could not" not in result.output
    pages = [p for p in out.rglob("*.html") if material.SEARCH_COMPONENT in p.read_text("utf-8")]
    assert len(pages) > 10
    for page in pages:
        assert material.LABELLED_DIALOG in page.read_text("utf-8"), page


def test_the_search_patch_warns_once_when_material_s_markup_changed(caplog: pytest.LogCaptureFixture) -> None:
    changed = '<div class="md-search" data-md-component="search" role="dialog" data-md-state="new">'
    patch = patcher()
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.cop_site"):
        assert patch.label_search(changed) == changed
        patch.label_search(changed)
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "search dialog" in warnings[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.cop_site"):
        assert patcher().label_search(material.SEARCH_DIALOG) == material.LABELLED_DIALOG
        assert patcher().label_search("<p>no search here</p>") == "<p>no search here</p>"
    assert not caplog.records


def test_the_404_banner_warns_without_a_heading(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.cop_site"):
        assert patcher().banner_404("<main><h1>404</h1></main>", "<p>B</p>") == "<main><p>B</p><h1>404</h1></main>"
        assert patcher().banner_404("<main><h2>404</h2></main>", "<p>B</p>") == "<main><h2>404</h2></main>"
    assert [r.getMessage() for r in caplog.records if "404" in r.getMessage()]


def test_the_search_index_edit_matches_the_installed_material() -> None:
    """Under `serve --dirty` Material keeps the previous index in `search_index_prev`, a
    SearchIndex with a list of `entries`: the state `forget_search_entries` edits."""
    plugin = SearchPlugin()
    assert hasattr(plugin, "search_index_prev")
    index = SearchIndex()
    assert isinstance(index.entries, list)
    index.entries = [{"location": "a/"}, {"location": "a/#part"}, {"location": "b/"}]
    plugin.search_index_prev = index
    material.forget_search_entries({"material/search": plugin}, {"a/"})
    assert index.entries == [{"location": "b/"}]


def test_the_search_index_edit_warns_when_material_s_state_changed(caplog: pytest.LogCaptureFixture) -> None:
    plugin = SearchPlugin()
    plugin.search_index_prev = SimpleNamespace(items=[])  # type: ignore[assignment]  # a future Material, say
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.cop_site"):
        material.forget_search_entries({"material/search": plugin}, {"a/"})
    assert any("search index" in r.getMessage() for r in caplog.records)


# ---- the sidebar, drawn once for the pages it does not list ---------------------------------
# A build in its own process, with the cache on or replaced by Material's own drawing on every
# page; it prints how often the sidebar was drawn and reused.
BUILD = r"""
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from cop_site import material
counts = []
if sys.argv[2] == "off":
    material.Material.draw_partials_once = lambda self, env, config: []
else:
    install = material.Material.draw_partials_once
    def counted(self, env, config):
        partials = install(self, env, config)
        counts.extend(partials)
        return partials
    material.Material.draw_partials_once = counted
config = load_config(config_file="mkdocs.yml", site_dir=sys.argv[1])
config.plugins.on_startup(command="build", dirty=False)
build(config)
config.plugins.on_shutdown()
print("drawn", *[f"{p.name}={p.drawn},{p.reused}" for p in counts])
"""

NAV_SITE = """\
site_name: Sidebar & <friends>
docs_dir: content
site_url: https://example.org/cop/
theme:
  name: material
  logo: assets/logo.png
  features: [navigation.indexes, navigation.sections, navigation.prune, navigation.tabs, toc.integrate]
extra:
  homepage: ../elsewhere/
extra_javascript: [js/extra.js]
extra_css: [about/extra.css]
nav:
  - Home: index.md
  - About:
      - about/index.md
      - History: about/history.md
      - Deeper:
          - about/deeper/one.md
  - Partners: partners/index.md
  - Elsewhere: https://example.com/
plugins:
  - search
  - cop-site
"""


def _build(site: Path, dest: Path, mode: str) -> str:
    from helpers import BIN, run

    result = run([str(BIN / "python"), "-c", BUILD, str(dest), mode], site)
    assert result.returncode == 0, result.output
    return result.stdout


def _outputs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.suffix != ".gz"}


@pytest.mark.parametrize("which", ["example", "nav"])
def test_the_sidebar_drawn_once_gives_every_page_the_same_bytes(tmp_path: Path, which: str) -> None:
    """Drawing the sidebar once per set of links is an optimisation only: every output file is
    byte for byte what Material's drawing on every page gives, on the example site and on a
    site with nested sections, every navigation feature that changes the sidebar, a logo, a
    home page elsewhere and an external link."""
    from helpers import copy_example

    if which == "example":
        site = copy_example(tmp_path / "site")
    else:
        files = {
            **FILES,
            "content/about/index.md": "# About us\n",
            # A date Material shows in its "last updated" line (a git plugin would set it).
            "content/about/history.md": "---\nrevision_date: 2024-05-01\n---\n# History\n\n## Early days\n",
            "content/about/deeper/one.md": "# One\n",
            "content/assets/logo.png": b"\x89PNG\r\n\x1a\n",
            # Pages in the folders of the theme's and the site's styles and scripts: links
            # from them to those files do not climb to the site's root.
            "content/assets/guide/index.md": "# A guide among the assets\n",
            "content/assets/javascripts/deep.md": "# Deep among the scripts\n",
            "content/js/extra.js": "// the site's own script\n",
            "content/js/about-scripts.md": "# About our scripts\n",
            "content/about/extra.css": "/* the site's own styles */\n",
        }
        site = write_site(tmp_path / "site", files, config=NAV_SITE)
    on = _build(site, tmp_path / "on", "on")
    _build(site, tmp_path / "off", "off")
    counts = dict(part.split("=") for part in on.split("drawn", 1)[1].split())
    blocks = {f"{material.BASE_TEMPLATE}:{block}" for block in material.ASSET_BLOCKS}
    partials = (material.SIDEBAR_TEMPLATE, material.SEARCH_TEMPLATE, material.HEADER_TEMPLATE, material.TOC_TEMPLATE, material.SOURCE_FILE_TEMPLATE)
    assert counts.keys() == {*partials, material.LANGUAGE_TEMPLATE, *blocks}, on
    for name, (drawn, reused) in ((k, map(int, n.split(","))) for k, n in counts.items()):
        if name != material.TOC_TEMPLATE:
            assert reused > 3 * drawn, on  # reused, not drawn for each page
        elif which == "example":  # tables of contents are shared by pages with the same headings only
            assert reused > drawn, on
    cached, plain = _outputs(tmp_path / "on"), _outputs(tmp_path / "off")
    assert cached.keys() == plain.keys()
    differ = [name for name in plain if cached[name] != plain[name]]
    assert not differ, differ[:5]
    # The sidebar really is on the pages, with links that differ from folder to folder.
    note = next(name for name in plain if name.startswith("groups/") and name.count("/") >= 3)
    assert b"md-nav--primary" in plain[note]


def test_the_sidebar_is_left_alone_when_a_site_overrides_material_s(tmp_path: Path) -> None:
    config = BASE_CONFIG_WITH_OVERRIDES
    files = {**FILES, "overrides/partials/nav.html": "<nav>{{ page.title }}</nav>\n"}
    site = write_site(tmp_path / "site", files, config=config)
    out = _build(site, tmp_path / "out", "on")
    assert material.SIDEBAR_TEMPLATE not in out and material.SEARCH_TEMPLATE in out
    assert "<nav>About</nav>" in (tmp_path / "out" / "about" / "index.html").read_text("utf-8")


BASE_CONFIG_WITH_OVERRIDES = """\
site_name: Test site
docs_dir: content
theme:
  name: material
  custom_dir: overrides
plugins:
  - search
  - cop-site
"""


def test_a_header_that_shows_the_title_twice_is_drawn_for_each_page() -> None:
    """The header is drawn once with a stand-in for the title; a drawing that holds the
    stand-in other than once (a header that shows more of the page) is not reused."""
    import jinja2

    env = jinja2.Environment()
    template = env.from_string("<h>{{ page.title }} | {{ page.meta.title }}</h>")
    header = material.Titled("partials/header.html", template.root_render_func, lambda context: ("same",))

    class Page:
        def __init__(self, title: str) -> None:
            self.title, self.meta, self.url = title, {"title": title}, f"{title}/"

    drawn = ["".join(header.render(template.new_context({"page": Page(t)}))) for t in ("One", "Two")]
    assert drawn == ["<h>One | One</h>", "<h>Two | Two</h>"]
    assert header.drawn == 0 and header.refused == {("same",)}
