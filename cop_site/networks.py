"""The community as a network for mapping tools: Kumu, Gephi, yEd, Cytoscape, spreadsheets.

One list of nodes and one of connections, made from the same graph as cop.json, written in
five formats (see CONTENT-MODEL.md, "Exports for network-mapping tools"). Every list is
sorted and nothing depends on the time of the build, so two builds of the same content
write the same bytes. Drafts and `private:` fields never reach these files, in any edition:
they are meant to be shared with other tools."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from .link import Graph

# Node attributes, in column order; each node has the ones that apply to its type.
ATTRIBUTES = ("url", "category", "level", "kind", "roles", "relationship", "engagement", "influence", "focus", "status", "topics")
# Multiple values in one cell, as Kumu's spreadsheet import reads them.
SEPARATOR = "|"
CONNECTION_TYPES = ("convenes", "member-of", "allied-with", "works-on")
FILES = ("exports/kumu.json", "exports/network.gexf", "exports/network.graphml", "exports/nodes.csv", "exports/edges.csv")

# Kumu shows `description` on an element's profile and filters by `tags`.
KUMU_FIELDS = {"url": "URL", "focus": "description", "topics": "tags"}

GEXF_NS = "http://gexf.net/1.3"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


@dataclass(frozen=True)
class Node:
    id: str  # the entity key: partner:<slug>, group:<slug>, scenario:<slug>
    type: str  # partner, group, scenario
    label: str
    attributes: dict[str, str | list[str]]  # only the attributes that have a value


@dataclass(frozen=True)
class Connection:
    source: str
    target: str
    type: str  # one of CONNECTION_TYPES
    role: str = ""  # member-of: the member's role in the group, if given
    # allied-with is mutual: written once, from the lower key to the higher
    mutual: bool = False

    @property
    def id(self) -> str:
        return f"{self.type}:{self.source}:{self.target}"


def network(graph: Graph, url_for: Callable[[str], str]) -> tuple[list[Node], list[Connection]]:
    """Partners, groups and scenarios, and how they connect. `url_for` maps a Markdown source
    path to the URL to show (absolute when the site has an address)."""
    nodes: list[Node] = []
    published = set()

    def add(type_: str, slug: str, label: str, attrs: dict[str, str | list[str] | None]) -> None:
        key = f"{type_}:{slug}"
        published.add(key)
        nodes.append(Node(key, type_, label, {k: v for k, v in attrs.items() if v}))

    for slug, p in sorted(graph.partners.items()):
        if p.draft:
            continue
        add(
            "partner",
            slug,
            p.name,
            {
                "url": url_for(p.src.rel),
                "category": sorted(p.category),
                "level": p.level,
                "kind": p.kind,
                "roles": sorted(p.roles),
                "relationship": p.relationship,
                "engagement": p.engagement,
                "influence": p.influence,
                "topics": sorted(p.topics),
            },
        )
    for slug, g in sorted(graph.groups.items()):
        if not g.draft:
            add("group", slug, g.name, {"url": url_for(g.src.rel), "focus": g.focus, "status": g.status, "topics": sorted(g.topics)})
    for slug, s in sorted(graph.scenarios.items()):
        if not s.draft:
            add("scenario", slug, s.title, {"url": url_for(s.src.rel), "status": s.status, "topics": sorted(s.topics)})

    found: set[Connection] = set()
    for slug, g in graph.groups.items():
        for convener in g.conveners:
            found.add(Connection(f"partner:{convener}", f"group:{slug}", "convenes"))
        for member in g.members:
            found.add(Connection(f"partner:{member.partner}", f"group:{slug}", "member-of", member.role or ""))
    for slug, allies in graph.allies.items():
        for ally in allies:
            a, b = sorted((f"partner:{slug}", f"partner:{ally}"))
            found.add(Connection(a, b, "allied-with", mutual=True))
    for slug, s in graph.scenarios.items():
        for partner in s.partners:
            found.add(Connection(f"partner:{partner}", f"scenario:{slug}", "works-on"))
        for group in s.groups:
            found.add(Connection(f"group:{group}", f"scenario:{slug}", "works-on"))
    # A draft at either end (internal edition) takes its connections with it.
    connections = sorted((c for c in found if c.source in published and c.target in published), key=lambda c: (c.source, c.target, c.type))
    return nodes, connections


def _flat(value: str | list[str] | None) -> str:
    if isinstance(value, list):
        return SEPARATOR.join(value)
    return value or ""


def kumu_json(nodes: list[Node], connections: list[Connection]) -> str:
    """Kumu's JSON blueprint: `elements` with id, label, type, tags (the topics) and the other
    fields under readable names; `connections` with id, from, to (element ids), type, direction."""
    elements = []
    for node in nodes:
        element: dict[str, str | list[str]] = {"id": node.id, "label": node.label, "type": node.type}
        for name in ATTRIBUTES:
            value = node.attributes.get(name)
            if value:
                element[KUMU_FIELDS.get(name, name.capitalize())] = value
        elements.append(element)
    links = []
    for c in connections:
        link = {"id": c.id, "from": c.source, "to": c.target, "type": c.type, "direction": "mutual" if c.mutual else "directed"}
        if c.role:
            link["role"] = c.role
        links.append(link)
    return json.dumps({"elements": elements, "connections": links}, ensure_ascii=False, indent=1) + "\n"


def _xml(root: ET.Element, namespace: str) -> bytes:
    # Elements are made without a namespace and the default one declared on the root, so the
    # file reads as the format's own (ElementTree would otherwise invent prefixes).
    root.set("xmlns", namespace)
    ET.indent(root, "  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def gexf(nodes: list[Node], connections: list[Connection], title: str) -> bytes:
    """GEXF 1.3, directed (an alliance is written once; its `mutual` attribute says it goes both
    ways). No `lastmodifieddate`, which would change the bytes of every build."""
    root = ET.Element("gexf", {"version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "cop-site"
    ET.SubElement(meta, "description").text = title
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    node_attrs = ET.SubElement(graph, "attributes", {"class": "node", "mode": "static"})
    for i, name in enumerate(("type", *ATTRIBUTES)):
        ET.SubElement(node_attrs, "attribute", {"id": str(i), "title": name, "type": "string"})
    edge_attrs = ET.SubElement(graph, "attributes", {"class": "edge", "mode": "static"})
    for i, name in enumerate(("connection", "role", "mutual")):
        ET.SubElement(edge_attrs, "attribute", {"id": str(i), "title": name, "type": "boolean" if name == "mutual" else "string"})
    xml_nodes = ET.SubElement(graph, "nodes")
    for node in nodes:
        el = ET.SubElement(xml_nodes, "node", {"id": node.id, "label": node.label})
        values = ET.SubElement(el, "attvalues")
        for i, name in enumerate(("type", *ATTRIBUTES)):
            value = node.type if name == "type" else _flat(node.attributes.get(name))
            if value:
                ET.SubElement(values, "attvalue", {"for": str(i), "value": value})
    xml_edges = ET.SubElement(graph, "edges")
    for c in connections:
        el = ET.SubElement(xml_edges, "edge", {"id": c.id, "source": c.source, "target": c.target, "label": c.type})
        values = ET.SubElement(el, "attvalues")
        ET.SubElement(values, "attvalue", {"for": "0", "value": c.type})
        if c.role:
            ET.SubElement(values, "attvalue", {"for": "1", "value": c.role})
        ET.SubElement(values, "attvalue", {"for": "2", "value": "true" if c.mutual else "false"})
    return _xml(root, GEXF_NS)


def graphml(nodes: list[Node], connections: list[Connection]) -> bytes:
    """GraphML, directed, every attribute a string key (declared before use, as readers expect)."""
    root = ET.Element("graphml")
    for name in ("label", "type", *ATTRIBUTES):
        ET.SubElement(root, "key", {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": "string"})
    for name in ("type", "role"):
        ET.SubElement(root, "key", {"id": f"e_{name}", "for": "edge", "attr.name": name, "attr.type": "string"})
    ET.SubElement(root, "key", {"id": "e_mutual", "for": "edge", "attr.name": "mutual", "attr.type": "boolean"})
    graph = ET.SubElement(root, "graph", {"id": "community", "edgedefault": "directed"})
    for node in nodes:
        el = ET.SubElement(graph, "node", {"id": node.id})
        for name in ("label", "type", *ATTRIBUTES):
            value = node.label if name == "label" else node.type if name == "type" else _flat(node.attributes.get(name))
            if value:
                ET.SubElement(el, "data", {"key": f"n_{name}"}).text = value
    for c in connections:
        el = ET.SubElement(graph, "edge", {"id": c.id, "source": c.source, "target": c.target})
        ET.SubElement(el, "data", {"key": "e_type"}).text = c.type
        if c.role:
            ET.SubElement(el, "data", {"key": "e_role"}).text = c.role
        ET.SubElement(el, "data", {"key": "e_mutual"}).text = "true" if c.mutual else "false"
    return _xml(root, GRAPHML_NS)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    # "\r\n" is what RFC 4180 and spreadsheet programs expect; csv quotes only where needed.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def nodes_csv(nodes: list[Node]) -> str:
    """`Id,Label,Type,...`: the column names Gephi's spreadsheet import recognises."""
    header = ["Id", "Label", "Type", *(name.capitalize() for name in ATTRIBUTES)]
    return _csv(header, [[n.id, n.label, n.type, *(_flat(n.attributes.get(name)) for name in ATTRIBUTES)] for n in nodes])


def edges_csv(connections: list[Connection]) -> str:
    """`Source,Target,Type,...`; Gephi reads `Type` as directed/undirected, so the kind of
    connection is in `Kind` and `Type` is always "Directed"."""
    header = ["Source", "Target", "Type", "Kind", "Role", "Mutual", "Id"]
    rows = [[c.source, c.target, "Directed", c.type, c.role, "true" if c.mutual else "false", c.id] for c in connections]
    return _csv(header, rows)


def exports(graph: Graph, url_for: Callable[[str], str], title: str) -> dict[str, bytes]:
    """Every export file: site-relative path -> bytes."""
    nodes, connections = network(graph, url_for)
    return {
        "exports/kumu.json": kumu_json(nodes, connections).encode("utf-8"),
        "exports/network.gexf": gexf(nodes, connections, title),
        "exports/network.graphml": graphml(nodes, connections),
        "exports/nodes.csv": nodes_csv(nodes).encode("utf-8"),
        "exports/edges.csv": edges_csv(connections).encode("utf-8"),
    }
