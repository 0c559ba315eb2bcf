"""Issue 24: the stages' contracts. No import cycle in the package; `link` and the private
overlay's merge return new values and leave what they were given as it was."""

from __future__ import annotations

import ast
import copy
import importlib
from pathlib import Path

import pytest
from pydantic import ValidationError

from cop_site import pipeline
from cop_site.link import link
from cop_site.load import load_tree
from cop_site.settings import build_settings
from cop_site.validate import validate
from helpers import write_site

PACKAGE = Path(__file__).parent.parent / "cop_site"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The package's modules `path` imports anywhere in it (inside functions and
    `if TYPE_CHECKING:` too: a cycle there is still a cycle in the design)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                target = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("cop_site"):
                continue
            if node.module:
                found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)  # `from . import x` may name a module
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("cop_site"))
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (not its own parent packages, which
    Python runs first in any case)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports_of(path) if m in modules and m != name and not name.startswith(m + ".")} for name, path in modules.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(edges.get(node, ())):
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for name in sorted(edges):
        cycle = visit(name)
        if cycle:
            return cycle
    return None


def test_every_module_imports() -> None:
    for name in import_graph():
        if not name.endswith("__main__"):  # `python -m cop_site`: importing it runs the command
            importlib.import_module(name)


def test_no_import_cycle() -> None:
    edges = import_graph()
    assert "cop_site.link" in edges["cop_site.instruments"] or "cop_site.link" in edges["cop_site.analyse"], "the graph is read"
    cycle = find_cycle(edges)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_check_can_fail() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


SITE = {
    "content/partners/a.md": "---\nname: A\ncategory: agency\n---\n",
    "content/groups/g/index.md": "---\nname: G\nfocus: F\nconveners: [a, a, nobody]\nmembers: [a, ghost]\n---\n",
    "content/groups/g/2025-01-01-n.md": "---\ntitle: N\ndate: 2025-01-01\nattendees: [a, ghost]\nscenarios: [none]\nkind: consultancy\npresenter: ghost\n---\n",
    "content/scenarios/s.md": "---\ntitle: S\ngroups: [g, g, nope]\npartners: [a, ghost]\n---\n",
}


def test_link_returns_what_it_resolved_and_leaves_the_validated_entities(tmp_path: Path) -> None:
    site = write_site(tmp_path, SITE)
    settings, _ = build_settings({}, site)
    docs = load_tree(site / "content", "content/", None, None)
    content = validate(docs, settings)
    before = {kind: {k: copy.deepcopy(e.model_dump()) for k, e in getattr(content, kind).items()} for kind in ("partners", "groups", "notes", "scenarios")}
    linked = link(content)
    after = {kind: {k: e.model_dump() for k, e in getattr(content, kind).items()} for kind in ("partners", "groups", "notes", "scenarios")}
    assert after == before, "link changed the validated entities"
    assert linked.groups["g"].conveners == ["a"] and [m.partner for m in linked.groups["g"].members] == []
    note = linked.notes["g/2025-01-01-n"]
    assert note.attendees == ["a"] and note.scenarios == [] and note.presenter is None
    assert linked.scenarios["s"].groups == ["g"] and linked.scenarios["s"].partners == ["a"]
    assert content.groups["g"].conveners == ["a", "a", "nobody"]
    assert linked.partners["a"] is content.partners["a"], "an entity with nothing to resolve is not copied"


def test_the_overlay_merge_returns_new_documents(tmp_path: Path) -> None:
    site = write_site(tmp_path, {**SITE, "private/partners/a.md": "---\nprivate:\n  fears: OVERLAY-FEAR\n---\nOVERLAY-BODY\n"})
    docs = load_tree(site / "content", "content/", None, None)
    originals = [(d.rel, copy.deepcopy(d.data), d.body) for d in docs]
    merged, problems = pipeline.merge_overlay(docs, site / "private", "content/")
    assert not problems
    assert [(d.rel, d.data, d.body) for d in docs] == originals, "the documents given are unchanged"
    a = next(d for d in merged if d.rel == "partners/a.md")
    assert a.data["private"] == {"fears": "OVERLAY-FEAR"} and "OVERLAY-BODY" in a.body
    assert [d.rel for d in merged] == [d.rel for d in docs]


def test_entities_are_frozen_after_validate(tmp_path: Path) -> None:
    site = write_site(tmp_path, {**SITE, "content/groups/g/index.md": (
        "---\nname: G\nfocus: F\nconditions:\n  - {date: 2024-01-01, scores: {common-agenda: emerging}}\n"
        "  - {date: 2025-01-01, scores: {common-agenda: established, no-such-condition: emerging}}\n---\n"
    )})
    result = pipeline.run(site, site / "content", {})
    group = result.graph.groups["g"]
    assert group.conditions == {"common-agenda": "established"} == group.latest_conditions, "the latest scores, unknown ones dropped"
    assert [a.date.isoformat() for a in group.condition_assessments if a.date] == ["2024-01-01", "2025-01-01"]
    with pytest.raises(ValidationError):
        group.name = "Renamed"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        result.graph.partners["a"].category = []  # type: ignore[misc]
    assert "object.__setattr__" not in (PACKAGE / "model.py").read_text("utf-8")


def test_no_markup_around_an_f_string() -> None:
    """Escaping by construction: HTML with values in it is made by `fmt` or a component, never
    by wrapping an f-string in Markup (which would trust every value in it). Only the
    components themselves (render/components.py, render/core.py) build with `trusted`, each
    value in their f-strings escaped by `esc` or `attr`."""
    offenders = []
    components = {PACKAGE / "render/components.py", PACKAGE / "render/core.py"}
    for path in PACKAGE.rglob("*.py"):
        wrappers = ("Markup",) if path in components else ("Markup", "trusted")
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in wrappers and any(isinstance(a, ast.JoinedStr) for a in node.args):
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, offenders


# The shell around the engine: the plugin and the modules it delegates to, and the commands'
# reading of mkdocs.yml. Every other module is the engine, usable without MkDocs.
SHELL = {"plugin", "plugin_config", "files", "incremental", "material", "running", "siteconfig"}


def test_only_the_shell_imports_mkdocs() -> None:
    importing = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level]
        if any(name == "mkdocs" or name.startswith("mkdocs.") for name in names):
            importing.add(module_name(path).removeprefix("cop_site."))
    assert importing == SHELL


def test_the_plugin_is_a_thin_shell() -> None:
    """Each event is a few calls into named modules; the whole class stays small."""
    source = (PACKAGE / "plugin.py").read_text("utf-8")
    assert len(source.splitlines()) <= 220
    (plugin,) = [n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == "CopSitePlugin"]
    for method in plugin.body:
        if isinstance(method, ast.FunctionDef):
            assert method.end_lineno is not None
            assert method.end_lineno - method.lineno < 40, f"{method.name} is {method.end_lineno - method.lineno} lines: move its work to a module"


def test_each_site_page_names_the_function_that_renders_it() -> None:
    """A page at a fixed address is declared once, in the registry, with its renderer."""
    from cop_site.render import SITE_PAGES

    for page in SITE_PAGES:
        module, _, name = page.renders.partition(".")
        assert callable(getattr(importlib.import_module(f"cop_site.render.{module}"), name, None)), page
