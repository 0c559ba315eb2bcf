"""Issue 13: the plugin also runs under ProperDocs, the maintained continuation of MkDocs 1.x:
registered in its own entry-point group, and the example site builds with `properdocs build`."""

from __future__ import annotations

import json
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from helpers import BIN, copy_example, run


def test_registered_for_properdocs() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="properdocs.plugins")}
    assert found.get("cop-site") == "cop_site.plugin:CopSitePlugin"


def test_properdocs_builds_the_example_site(tmp_path_factory: pytest.TempPathFactory, example_build: tuple[Path, object]) -> None:
    site = copy_example(tmp_path_factory.mktemp("properdocs"))
    out = site / "out"
    # -f: ProperDocs looks for properdocs.yml first and only falls back to mkdocs.yml.
    result = run([str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)], site)
    assert result.returncode == 0, result.output
    partner = (out / "partners/valley-college/index.html").read_text("utf-8")
    assert "<h1>Larkin Valley College</h1>" in partner and 'href="../../groups/p16-pathways/"' in partner
    data = json.loads((out / "cop.json").read_text("utf-8"))
    assert "valley-college" in data["partners"]
    mkdocs_out = example_build[0]
    for rel in ("cop.json", "feed.xml", "exports/kumu.json", "exports/network.gexf"):
        assert (out / rel).read_bytes() == (mkdocs_out / rel).read_bytes(), f"{rel} differs from the MkDocs build"
