"""Exports of the whole graph, with provenance, and their importers (for round trips).

Formats: node-link JSON, GraphML (opens in Gephi and Cytoscape desktop) and CSV node and edge
lists. Every node and relationship keeps its ``sources``.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx

from graphmodel.build.graph import Edge, Node, PartnerGraph
from graphmodel.safety.csvsafe import neutralise, restore
from graphmodel.stores.base import EDGE_CORE, NODE_CORE
from graphmodel.views.sources import SourceLabels

__all__ = [
    "FORMATS",
    "to_json",
    "from_json",
    "to_graphml",
    "from_graphml",
    "to_csv",
    "from_csv",
    "to_cypher",
    "cypher_statements",
    "script_statements",
]

FORMATS = ("json", "graphml", "csv", "cypher")


def _nodes(graph: PartnerGraph) -> list[dict[str, Any]]:
    return [graph.nodes[k].as_dict() for k in sorted(graph.nodes)]


def _edges(graph: PartnerGraph) -> list[dict[str, Any]]:
    return [graph.edges[k].as_dict() for k in sorted(graph.edges)]


def _from_rows(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> PartnerGraph:
    g = PartnerGraph()
    for row in nodes:
        g.nodes[row["id"]] = Node(
            id=row["id"],
            label=row["label"],
            name=row.get("name") or row["id"],
            props={k: v for k, v in row.items() if k not in NODE_CORE},
            aliases=list(row.get("aliases") or []),
            sources=list(row.get("sources") or []),
        )
    for row in edges:
        e = Edge(
            src=row["source"],
            dst=row["target"],
            type=row["type"],
            key=row.get("key") or "",
            props={k: v for k, v in row.items() if k not in EDGE_CORE},
            sources=list(row.get("sources") or []),
        )
        g.edges[e.ident] = e
    return g


def to_json(graph: PartnerGraph) -> str:
    """Node-link JSON: ``{"nodes": [...], "links": [...]}`` with every property."""
    return json.dumps(
        {"directed": True, "multigraph": True, "nodes": _nodes(graph), "links": _edges(graph)},
        ensure_ascii=False,
        indent=1,
    )


def from_json(text: str) -> PartnerGraph:
    data = json.loads(text)
    return _from_rows(data["nodes"], data.get("links") or data.get("edges") or [])


# -- GraphML -----------------------------------------------------------------
# GraphML attributes are typed scalars, one type per attribute name. List values, and any
# attribute whose type differs between elements, are written as JSON text; their names are
# listed in the graph attribute "partnergraph_list_keys" so an import restores them.


def _json_keys(rows: list[dict[str, Any]]) -> set[str]:
    types: dict[str, set[type]] = {}
    for row in rows:
        for k, v in row.items():
            if v is not None:
                types.setdefault(k, set()).add(type(v))
    return {k for k, ts in types.items() if list in ts or len(ts) > 1}


def _flatten(row: dict[str, Any], json_keys: set[str]) -> dict[str, Any]:
    return {
        k: (json.dumps(v, ensure_ascii=False) if k in json_keys else v)
        for k, v in row.items()
        if v is not None
    }


#: the column or attribute that gives the sources as people read them (papers by title)
READABLE_SOURCES = "source_labels"


def to_graphml(graph: PartnerGraph) -> str:
    """GraphML for Gephi or Cytoscape desktop. Beside ``sources`` (file names, for tools)
    each node and relationship has ``source_labels``: its papers by title and date, one a line,
    for a person reading the attributes."""
    g = nx.MultiDiGraph()
    labels = SourceLabels.from_graph(graph)
    nodes, edges = _nodes(graph), _edges(graph)
    json_keys = _json_keys(nodes + edges)
    nodes = [{**r, READABLE_SOURCES: "\n".join(labels.labels(r["sources"]))} for r in nodes]
    edges = [{**r, READABLE_SOURCES: "\n".join(labels.labels(r["sources"]))} for r in edges]
    for row in nodes:
        g.add_node(row["id"], **_flatten(row, json_keys))
    for row in edges:
        attrs = _flatten(row, json_keys)
        g.add_edges_from([(row["source"], row["target"], f"{row['type']}|{row['key']}", attrs)])
    g.graph["partnergraph_list_keys"] = json.dumps(sorted(json_keys))
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", named_key_ids=True)
    return buf.getvalue().decode("utf-8")


def from_graphml(text: str) -> PartnerGraph:
    g = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
    list_keys = set(json.loads(g.graph.get("partnergraph_list_keys", "[]")))

    def restore(d: dict[str, Any]) -> dict[str, Any]:
        return {
            k: (json.loads(v) if k in list_keys and isinstance(v, str) else v)
            for k, v in d.items()
            if k != READABLE_SOURCES
        }

    nodes = [restore(d) for _, d in g.nodes(data=True)]
    edges = [restore(d) for _, _, d in g.edges(data=True)]
    return _from_rows(nodes, edges)


# -- CSV ---------------------------------------------------------------------


def _csv(rows: list[dict[str, Any]], first: tuple[str, ...]) -> str:
    keys = list(first) + sorted({k for r in rows for k in r} - set(first))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=keys, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(
            {
                k: neutralise(
                    json.dumps(v, ensure_ascii=False) if isinstance(v, (list, bool)) else v
                )
                for k, v in r.items()
            }
        )
    return buf.getvalue()


#: a CSV column written for people (each source as "Title (date) § section — quote", one a
#: line) and ignored on import: ``sources`` keeps the file names the graph is rebuilt from
def to_csv(graph: PartnerGraph) -> tuple[str, str]:
    """``(nodes_csv, edges_csv)``; list and boolean cells are JSON (``["a", "b"]``, ``true``).

    Beside ``sources`` each row has ``source_labels``: the same sources with the paper's title
    and date in place of its file name, one a line, for a person reading the sheet.
    """
    labels = SourceLabels.from_graph(graph)

    def readable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, READABLE_SOURCES: "\n".join(labels.labels(r["sources"]))} for r in rows]

    first_nodes = (*NODE_CORE, READABLE_SOURCES)
    first_edges = (*EDGE_CORE, READABLE_SOURCES)
    return _csv(readable(_nodes(graph)), first_nodes), _csv(readable(_edges(graph)), first_edges)


#: properties that are whole numbers (CSV cells are text)
_WHOLE_NUMBERS = {"number"}


def _uncsv(text: str) -> list[dict[str, Any]]:
    rows = []
    for r in csv.DictReader(io.StringIO(text)):
        row: dict[str, Any] = {}
        for k, v in r.items():
            if v == "" or v is None or k == READABLE_SOURCES:
                continue
            v = restore(v)  # undo the ' that keeps formulas inert in a spreadsheet
            if v[:1] == "[" or v in ("true", "false"):
                try:
                    row[k] = json.loads(v)
                    continue
                except json.JSONDecodeError:
                    pass
            if k in _WHOLE_NUMBERS and v.isdigit():  # a strategy clause's number
                row[k] = int(v)
                continue
            row[k] = _number(v) if k.endswith(("_value", "lat", "lon")) else v
        rows.append(row)
    return rows


def _number(v: str) -> Any:
    try:
        return float(v)
    except ValueError:
        return v


def from_csv(nodes_csv: str, edges_csv: str) -> PartnerGraph:
    return _from_rows(_uncsv(nodes_csv), _uncsv(edges_csv))


# -- Cypher script ---------------------------------------------------------------------------
# A script that recreates the graph in an empty Neo4j (cypher-shell -f FILE, or Neo4j Browser).
# A script file cannot carry parameters, so values are written as Cypher literals here, escaped;
# labels and relationship types come from the fixed vocabularies only.

_BATCH = 500


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"cannot write {value!r} in Cypher")
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
        escaped = escaped.replace("\r", "\\r").replace("\t", "\\t")
        return f"'{escaped}'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"`{k.replace('`', '``')}`: {_literal(v)}" for k, v in value.items())
            + "}"
        )
    raise ValueError(f"cannot write {type(value).__name__} in Cypher")


def cypher_statements(graph: PartnerGraph) -> list[str]:
    """The statements of :func:`to_cypher`, one string each."""
    from graphmodel.stores import cypher as cq

    out = [cq.CONSTRAINT]
    by_label: dict[str, list[dict[str, Any]]] = {}
    for row in _nodes(graph):
        props = {k: v for k, v in row.items() if k != "id" and v is not None}
        by_label.setdefault(row["label"], []).append({"id": row["id"], "props": props})
    for label, rows in sorted(by_label.items()):
        for i in range(0, len(rows), _BATCH):
            out.append(cq.merge_nodes(label).replace("$rows", _literal(rows[i : i + _BATCH])))
    by_type: dict[str, list[dict[str, Any]]] = {}
    for row in _edges(graph):
        props = {
            k: v
            for k, v in row.items()
            if k not in ("source", "target", "type", "key") and v is not None
        }
        by_type.setdefault(row["type"], []).append(
            {"src": row["source"], "dst": row["target"], "key": row["key"], "props": props}
        )
    for etype, rows in sorted(by_type.items()):
        for i in range(0, len(rows), _BATCH):
            out.append(cq.merge_edges(etype).replace("$rows", _literal(rows[i : i + _BATCH])))
    return out


def to_cypher(graph: PartnerGraph) -> str:
    """A Cypher script that recreates the graph (with provenance) in an empty Neo4j."""
    header = (
        f"// partnergraph export: {len(graph.nodes)} nodes, {len(graph.edges)} "
        "relationships.\n// Run in an empty database: cypher-shell -f this-file.cypher\n"
    )
    return header + ";\n".join(cypher_statements(graph)) + ";\n"


def script_statements(text: str) -> list[str]:
    """Split a script written by :func:`to_cypher` back into statements (its strings never hold
    a raw newline, so ``;`` at a line end always ends a statement)."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
    return [st.strip() for st in body.split(";\n") if st.strip().rstrip(";")]
