"""Issue 13: the network exports under exports/, read back by real readers (networkx for GEXF
and GraphML, the csv module for the spreadsheets, Kumu's documented blueprint shape for
kumu.json), counted against cop.json, and the same bytes from two builds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from helpers import mkdocs_build, write_site
from test_site import FILES, SECRETS

EXPORTS = ("kumu.json", "network.gexf", "network.graphml", "nodes.csv", "edges.csv")
SITE_URL = "https://example-sea.github.io/cop/"
CONFIG = f"""\
site_name: Exports site
site_url: {SITE_URL}
docs_dir: content
theme: {{name: material}}
plugins: [search, cop-site]
"""


def expected(out: Path) -> tuple[set[str], set[tuple[str, str, str]]]:
    """The nodes and connections the exports must hold, worked out from cop.json alone."""
    data = json.loads((out / "cop.json").read_text("utf-8"))
    nodes = {f"{kind}:{slug}" for kind in ("partner", "group", "scenario") for slug in data[kind + "s"]}
    edges: set[tuple[str, str, str]] = set()
    for slug, group in data["groups"].items():
        edges |= {(f"partner:{p}", f"group:{slug}", "convenes") for p in group["conveners"]}
        edges |= {(f"partner:{p}", f"group:{slug}", "member-of") for p in group["members"]}
    for slug, partner in data["partners"].items():
        edges |= {(*sorted((f"partner:{slug}", f"partner:{a}")), "allied-with") for a in partner["alliances"]}  # type: ignore[misc]
    for slug, scenario in data["scenarios"].items():
        edges |= {(f"partner:{p}", f"scenario:{slug}", "works-on") for p in scenario["partners"]}
        edges |= {(f"group:{g}", f"scenario:{slug}", "works-on") for g in scenario["groups"]}
        if scenario["backbone"]:  # issue 21: the partner that carries the backbone role
            edges.add((f"partner:{scenario['backbone']}", f"scenario:{slug}", "backbone"))
    return nodes, edges


def test_gexf_and_graphml_read_back_with_networkx(example_build: tuple[Path, object]) -> None:
    out, _ = example_build
    nodes, edges = expected(out)
    assert len(nodes) == 28 and len(edges) == 73, "the example's counts, as cop.json gives them"
    gexf = nx.read_gexf(out / "exports/network.gexf")
    graphml = nx.read_graphml(out / "exports/network.graphml")
    for graph, type_key in ((gexf, "connection"), (graphml, "type")):
        assert graph.is_directed()
        assert set(graph.nodes) == nodes
        assert {(u, v, d[type_key]) for u, v, d in graph.edges(data=True)} == edges
    data = json.loads((out / "cop.json").read_text("utf-8"))
    college = graphml.nodes["partner:valley-college"]
    assert college["label"] == data["partners"]["valley-college"]["name"]
    assert college["url"] == SITE_URL_EXAMPLE + data["partners"]["valley-college"]["url"]
    assert college["type"] == "partner" and college["category"].split("|") == data["partners"]["valley-college"]["category"]
    assert gexf.nodes["group:secondary-rti"]["label"] == data["groups"]["secondary-rti"]["name"]
    assert {d["connection"] for _, _, d in gexf.edges(data=True)} == {"convenes", "member-of", "allied-with", "works-on", "backbone"}


SITE_URL_EXAMPLE = "https://larkin-sea.github.io/community-of-practice/"


def test_kumu_blueprint_has_the_documented_shape(example_build: tuple[Path, object]) -> None:
    """Kumu's blueprint: {"elements": [{"id", "label", "type", ...}], "connections": [{"from",
    "to", "type", "direction"}]}, connections naming elements by id, tags a list of strings."""
    out, _ = example_build
    nodes, edges = expected(out)
    blueprint = json.loads((out / "exports/kumu.json").read_text("utf-8"))
    assert set(blueprint) == {"elements", "connections"}
    ids = [e["id"] for e in blueprint["elements"]]
    assert len(ids) == len(set(ids)) and set(ids) == nodes
    for element in blueprint["elements"]:
        assert isinstance(element["label"], str) and element["label"]
        assert element["type"] in ("partner", "group", "scenario")
        assert all(isinstance(t, str) for t in element.get("tags", []))
        assert element["URL"].startswith(SITE_URL_EXAMPLE)
    for connection in blueprint["connections"]:
        assert connection["from"] in nodes and connection["to"] in nodes
        assert connection["direction"] == ("mutual" if connection["type"] == "allied-with" else "directed")
    assert {(c["from"], c["to"], c["type"]) for c in blueprint["connections"]} == edges
    group = next(e for e in blueprint["elements"] if e["id"] == "group:secondary-rti")
    assert group["description"] == json.loads((out / "cop.json").read_text("utf-8"))["groups"]["secondary-rti"]["focus"]


def test_csv_files_read_back_as_spreadsheets(example_build: tuple[Path, object]) -> None:
    out, _ = example_build
    nodes, edges = expected(out)
    with open(out / "exports/nodes.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["Id", "Label", "Type"]
    assert {r[0] for r in rows[1:]} == nodes and len(rows) == len(nodes) + 1
    with open(out / "exports/edges.csv", encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert list(table[0])[:3] == ["Source", "Target", "Type"]
    assert {(r["Source"], r["Target"], r["Kind"]) for r in table} == edges and len(table) == len(edges)
    assert {r["Type"] for r in table} == {"Directed"}, "Gephi reads Type as the direction"


@pytest.fixture(scope="module")
def with_address(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("exports"), FILES, config=CONFIG)
    result, out = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    return out


def test_exports_and_feeds_are_byte_identical_across_builds(tmp_path: Path, with_address: Path) -> None:
    site = write_site(tmp_path / "again", FILES, config=CONFIG)
    result, again = mkdocs_build(site, "--strict")
    assert result.returncode == 0, result.output
    written = ["cop.json", "feed.xml", "groups/rti/feed.xml", *(f"exports/{name}" for name in EXPORTS)]
    for rel in written:
        assert (again / rel).read_bytes() == (with_address / rel).read_bytes(), rel


def test_no_private_field_or_draft_in_feeds_or_exports(with_address: Path) -> None:
    files = [with_address / "feed.xml", *sorted((with_address / "groups").rglob("feed.xml")), *sorted((with_address / "exports").iterdir())]
    assert len(files) == 2 + len(EXPORTS)
    for path in files:
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in data, f"{path.relative_to(with_address)}: {secret}"
        assert b"2025-04-01-secret" not in data, path


def test_exports_without_site_url_use_site_relative_links(tmp_path: Path) -> None:
    result, out = mkdocs_build(write_site(tmp_path / "site", FILES), "--strict")
    assert result.returncode == 0, result.output
    graph = nx.read_graphml(io.BytesIO((out / "exports/network.graphml").read_bytes()))
    assert graph.nodes["partner:valley-college"]["url"] == "partners/valley-college/"


def test_internal_edition_keeps_drafts_and_private_fields_out_of_feeds_and_exports(tmp_path: Path) -> None:
    """The internal edition shows drafts and private fields on its pages and in cop.json, but
    feeds and network files are made to be shared: they never hold either."""
    files = {
        **FILES,
        "content/partners/draft-partner.md": "---\nname: DRAFT-ONLY Partner\ncategory: agency\ndraft: true\nalliances: [state-agency]\n---\n",
    }
    config = CONFIG.replace("plugins: [search, cop-site]", "plugins:\n  - search\n  - cop-site:\n      edition: internal\n")
    result, out = mkdocs_build(write_site(tmp_path / "site", files, config=config), "--strict")
    assert result.returncode == 0, result.output
    assert "PRIVATE-FEAR" in (out / "cop.json").read_text("utf-8"), "the internal edition's cop.json has private fields"
    for path in [out / "feed.xml", out / "groups/rti/feed.xml", *(out / "exports").iterdir()]:
        data = path.read_bytes()
        for secret in (*SECRETS, "draft-partner", "2025-04-01-secret"):
            assert secret.encode() not in data, f"{path.relative_to(out)}: {secret}"
