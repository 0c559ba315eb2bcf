"""The community as a network for mapping tools: Kumu, Gephi, yEd, Cytoscape, spreadsheets.

One list of nodes and one of connections, made from the same graph as cop.json, written in
five formats (see CONTENT-MODEL.md, "Exports for network-mapping tools"). Every list is
sorted and nothing depends on the time of the build, so two builds of the same content
write the same bytes. Drafts and `private:` fields never reach these files, in any edition:
they are meant to be shared with other tools."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any, NamedTuple

from . import xmlsafe
from .export import JSON_LINE
from .link import Graph

# Node attributes, in column order; each node has the ones that apply to its type.
ATTRIBUTES = ("url", "category", "level", "kind", "roles", "relationship", "engagement", "influence", "focus", "status", "topics")
# Multiple values in one cell, as Kumu's spreadsheet import reads them.
SEPARATOR = "|"
CONNECTION_TYPES = ("convenes", "member-of", "allied-with", "works-on", "backbone")
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


class Connection(NamedTuple):
    """A tuple, so the set that removes duplicates hashes it in C (tens of thousands of them)."""

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
                "relationship": p.stage,
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
        if s.backbone is not None:  # the organisation that carries the backbone role for this work
            found.add(Connection(f"partner:{s.backbone}", f"scenario:{slug}", "backbone"))
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
    return _records({"elements": elements, "connections": links})


def _records(lists: dict[str, list[dict[str, Any]]]) -> str:
    """JSON with each element and connection on a line of its own: a diff of two builds shows
    which changed, and `json` keeps its C encoder (indenting falls back to a slow Python one)."""
    parts = []
    for name, items in lists.items():
        body = ",\n".join("    " + JSON_LINE.encode(item) for item in items)
        parts.append(f"  {JSON_LINE.encode(name)}: [\n{body}\n  ]" if items else f"  {JSON_LINE.encode(name)}: []")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _attrs(pairs: dict[str, str]) -> str:
    return "".join(f' {k}="{escape(v, quote=True)}"' for k, v in pairs.items())


def _xml(lines: list[str]) -> bytes:
    return xmlsafe.document('<?xml version="1.0" encoding="utf-8"?>\n' + "\n".join(lines) + "\n")


# Both XML files are written line by line with every value escaped: the structure is fixed and
# small, and a tree built and serialised by ElementTree cost seconds on a large community.
def gexf(nodes: list[Node], connections: list[Connection], title: str) -> bytes:
    """GEXF 1.3, directed (an alliance is written once; its `mutual` attribute says it goes both
    ways). No `lastmodifieddate`, which would change the bytes of every build."""
    names = ("type", *ATTRIBUTES)
    out = [
        f'<gexf xmlns="{GEXF_NS}" version="1.3">',
        "  <meta>",
        "    <creator>cop-site</creator>",
        f"    <description>{escape(title)}</description>",
        "  </meta>",
        '  <graph defaultedgetype="directed" mode="static">',
        '    <attributes class="node" mode="static">',
        *(f'      <attribute id="{i}" title="{name}" type="string" />' for i, name in enumerate(names)),
        "    </attributes>",
        '    <attributes class="edge" mode="static">',
        '      <attribute id="0" title="connection" type="string" />',
        '      <attribute id="1" title="role" type="string" />',
        '      <attribute id="2" title="mutual" type="boolean" />',
        "    </attributes>",
        "    <nodes>",
    ]
    for node in nodes:
        out.append(f"      <node{_attrs({'id': node.id, 'label': node.label})}>")
        out.append("        <attvalues>")
        for i, name in enumerate(names):
            value = node.type if name == "type" else _flat(node.attributes.get(name))
            if value:
                out.append(f'          <attvalue for="{i}" value="{escape(value, quote=True)}" />')
        out.append("        </attvalues>")
        out.append("      </node>")
    out += ["    </nodes>", "    <edges>"]
    for c in connections:
        out.append(f"      <edge{_attrs({'id': c.id, 'source': c.source, 'target': c.target, 'label': c.type})}>")
        out.append("        <attvalues>")
        out.append(f'          <attvalue for="0" value="{escape(c.type, quote=True)}" />')
        if c.role:
            out.append(f'          <attvalue for="1" value="{escape(c.role, quote=True)}" />')
        out.append(f'          <attvalue for="2" value="{"true" if c.mutual else "false"}" />')
        out.append("        </attvalues>")
        out.append("      </edge>")
    out += ["    </edges>", "  </graph>", "</gexf>"]
    return _xml(out)


def graphml(nodes: list[Node], connections: list[Connection]) -> bytes:
    """GraphML, directed, every attribute a string key (declared before use, as readers expect)."""
    names = ("label", "type", *ATTRIBUTES)
    out = [f'<graphml xmlns="{GRAPHML_NS}">']
    out += [f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="string" />' for name in names]
    out += [f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="string" />' for name in ("type", "role")]
    out.append('  <key id="e_mutual" for="edge" attr.name="mutual" attr.type="boolean" />')
    out.append('  <graph id="community" edgedefault="directed">')
    for node in nodes:
        out.append(f'    <node id="{escape(node.id, quote=True)}">')
        for name in names:
            value = node.label if name == "label" else node.type if name == "type" else _flat(node.attributes.get(name))
            if value:
                out.append(f'      <data key="n_{name}">{escape(value)}</data>')
        out.append("    </node>")
    for c in connections:
        out.append(f"    <edge{_attrs({'id': c.id, 'source': c.source, 'target': c.target})}>")
        out.append(f'      <data key="e_type">{escape(c.type)}</data>')
        if c.role:
            out.append(f'      <data key="e_role">{escape(c.role)}</data>')
        out.append(f'      <data key="e_mutual">{"true" if c.mutual else "false"}</data>')
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>"]
    return _xml(out)


# A cell a spreadsheet program would run as a formula (=HYPERLINK(...), +1, -1, @SUM, or
# one that starts with a tab, a line break or a null character). OWASP's advice for CSV files:
# such a cell starts with a single quote, which spreadsheets read as "this is text" (OWASP
# ASVS 1.2.10 adds the null character).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def cell(value: str) -> str:
    """A CSV cell that no spreadsheet program runs as a formula (see FORMULA_START)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    # "\r\n" is what RFC 4180 and spreadsheet programs expect; csv quotes only where needed.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
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
