"""Issue 24: the public API for a site's hooks (cop_site/api.py) is small and pinned: its
names, the fields of what a lens receives and returns, and the plugin method hooks call.
A change here breaks sites' own lenses; make it deliberately, with the docs."""

from __future__ import annotations

import dataclasses
import inspect
import typing
from pathlib import Path

from cop_site import api
from cop_site.link import Graph
from cop_site.plugin import CopSitePlugin

ROOT = Path(__file__).parent.parent


def test_the_public_names() -> None:
    assert sorted(api.__all__) == ["Finding", "GraphView", "Group", "Lens", "LensError", "Note", "Partner", "Scenario", "Subject"]
    assert all(hasattr(api, name) for name in api.__all__)


def test_what_a_lens_receives_and_returns() -> None:
    assert [f.name for f in dataclasses.fields(api.Finding)] == ["lens", "title", "text", "partners"]
    assert str(inspect.signature(api.Finding)) == "(lens: 'str', title: 'str', text: 'str', partners: 'tuple[str, ...]' = ()) -> None"
    subject = [f.name for f in dataclasses.fields(api.Subject)]
    # Issue 20 added the expected roles, the outreach as written and the built-in answers
    # (`gaps`: missing roles, outreach, ...), after the fields lenses had already.
    assert subject == ["kind", "slug", "name", "topics", "expected_categories", "expected_levels", "present", "expected_roles", "outreach", "gaps"]
    assert isinstance(api.Subject.key, property)
    members = {name for name in dir(api.GraphView) if not name.startswith("_")}
    assert members == {"partners", "groups", "notes", "scenarios", "allies", "published_notes"}
    assert str(inspect.signature(api.GraphView.published_notes)) == "(self, group: 'str') -> 'Sequence[Note]'"
    assert typing.get_args(api.Lens)[0] == [api.Subject, api.GraphView]
    assert issubclass(api.LensError, Exception)


def test_the_engine_s_graph_is_a_graph_view() -> None:
    """Every member of the view is on the graph the engine hands to a lens."""
    for name in ("partners", "groups", "notes", "scenarios", "published_notes"):
        assert hasattr(Graph, name), name
    assert "allies" in {f.name for f in dataclasses.fields(Graph)}


def test_the_plugin_method_hooks_call() -> None:
    assert str(inspect.signature(CopSitePlugin.add_lens)) == "(self, name: 'str', lens: 'Lens') -> 'None'"


def test_the_example_site_s_hooks_import_only_the_api() -> None:
    for path in (ROOT / "plugins").glob("*.py"):
        imports = [line for line in path.read_text("utf-8").splitlines() if line.startswith(("from cop_site", "import cop_site"))]
        assert all(line.startswith("from cop_site.api import") for line in imports), (path, imports)
