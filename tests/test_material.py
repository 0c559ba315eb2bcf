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
