"""Exports of the Network page's current view (filters, focus and path applied).

* **PNG** at print resolution: drawn by Cytoscape in the browser, the whole view with
  :data:`PRINT_PX` pixels on its long side, on white, marked 300 dpi (so A4 when printed).
* **SVG**: the same drawing as vector shapes and text, made in the browser by ``canvas2svg``
  (MIT, ``assets/vendor/canvas2svg.lazy.js``), fetched only when asked for
  (``assets/exports.js``).
* **GraphML** (:func:`view_graphml`): built on the server from the view's nodes and
  relationships, every property from the store, for Gephi, yEd or Cytoscape desktop.
* **CSV** (:func:`webapp.views.element_rows`): one row per node then one per relationship, safe
  to open in a spreadsheet (:mod:`graphmodel.safety.csvsafe`).

The whole register, every node and relationship, is exported by the command line:
``partnergraph export --format graphml|json|csv|cypher``.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import dash
import networkx as nx
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

from . import views as V
from .card import readable_rows
from .context import PageContext
from .graphview import GraphView

__all__ = [
    "PRINT_PX",
    "export_buttons",
    "view_graph",
    "view_graphml",
    "view_csv",
    "register_export_callbacks",
]

#: the long side of an exported PNG in pixels: A4 (297 mm) at 300 dots per inch
PRINT_PX = 3508

#: the file name every export of the view starts with
STEM = "partnergraph-network"

#: what the page says about the exports, under their buttons
WHOLE_REGISTER = (
    "These export the view as drawn (filters applied). The whole register: "
    "partnergraph export --format graphml|json|csv|cypher."
)


def export_buttons() -> html.Div:
    """The export buttons of the Network page, each saying what it saves."""
    return html.Div(
        [
            html.Span("Export the view:", className="export-label"),
            html.Button(
                "PNG",
                id="btn-png",
                n_clicks=0,
                title=f"A picture of the whole view, {PRINT_PX} px on its long side "
                "(A4 at 300 dpi), for print",
            ),
            html.Button(
                "SVG",
                id="btn-svg",
                n_clicks=0,
                title="The whole view as a vector drawing, sharp at any size",
            ),
            html.Button(
                "GraphML",
                id="btn-graphml",
                n_clicks=0,
                title="The nodes and relationships drawn now, with their properties and "
                "sources, for Gephi, yEd or Cytoscape desktop",
            ),
            html.Button(
                "CSV",
                id="btn-csv",
                n_clicks=0,
                title="The nodes and relationships drawn now, filters applied, one row each",
            ),
            html.Span(id="export-status", className="export-status", role="status"),
            html.Div(WHOLE_REGISTER, className="note export-note"),
        ],
        className="row exports",
    )


# -- GraphML -------------------------------------------------------------------------------
# GraphML values are typed scalars, one type per attribute name. Lists become text joined with
# "; " (as in the CSV), anything else non-scalar JSON text, and a name whose values differ in
# type between elements is written as text throughout.

#: characters XML 1.0 cannot hold (a GraphML reader would refuse the whole file)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    elif not isinstance(value, (str, bool, int, float)):
        value = str(value)
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def _one_type_per_name(rows: list[dict[str, Any]]) -> None:
    types: dict[str, set[type]] = {}
    for row in rows:
        for k, v in row.items():
            types.setdefault(k, set()).add(type(v))
    mixed = {k for k, ts in types.items() if len(ts) > 1}
    for row in rows:
        for k in mixed & row.keys():
            row[k] = str(row[k])


def view_graph(view: GraphView, elements: list[dict], limit: int | None = None) -> nx.MultiDiGraph:
    """The view's nodes and relationships as a graph whose attributes GraphML can hold.

    A node or relationship in the register carries every property the store has for it
    (``in_register`` true); the page's own summaries (a country's count of partners, a
    council's direct link to a partner) carry what is drawn (``in_register`` false). ``label``
    is the name drawn, ``kind`` the node's kind; ``x`` and ``y`` its place, when placed.
    At most ``limit`` elements are read.
    """
    elements = elements[:limit] if limit else elements
    nodes: dict[str, dict[str, Any]] = {}
    for el in elements:
        d = el.get("data") or {}
        n = d.get("id")
        if "source" in d or not isinstance(n, str):
            continue
        if n in view.g:
            stored = dict(view.g.nodes[n])
            row = {k: v for k, v in stored.items() if k not in ("id", "label", "name")}
            row |= {"label": view.name(n), "kind": stored.get("label") or "", "in_register": True}
        else:
            label, kind = d.get("label") or n, d.get("kind") or ""
            row = {"label": str(label), "kind": str(kind), "in_register": False}
        pos = el.get("position") or {}
        if isinstance(pos.get("x"), (int, float)) and isinstance(pos.get("y"), (int, float)):
            row |= {"x": float(pos["x"]), "y": float(pos["y"])}
        nodes[n] = {k: _scalar(v) for k, v in row.items() if v is not None}
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for el in elements:
        d = el.get("data") or {}
        u, v, t = d.get("source"), d.get("target"), d.get("type")
        if not isinstance(u, str) or not isinstance(v, str) or u not in nodes or v not in nodes:
            continue  # a relationship's ends are in the view, or it is not drawn
        stored = next(
            (e for e in (view.g.get_edge_data(u, v) or {}).values() if e.get("type") == t), None
        )
        if stored is not None:
            row = {k: x for k, x in stored.items() if k not in ("source", "target", "key")}
            row["in_register"] = True
        else:
            row = {"type": str(t or ""), "in_register": False}
        if d.get("tier"):
            row["tier"] = d["tier"]
        key = str(d.get("id") or f"{u}|{t}|{v}")
        edges.append((u, v, key, {k: _scalar(x) for k, x in row.items() if x is not None}))
    _one_type_per_name(list(nodes.values()))
    _one_type_per_name([attrs for *_, attrs in edges])
    g = nx.MultiDiGraph(name="partnergraph network view")
    g.add_nodes_from(nodes.items())
    g.add_edges_from(edges)
    return g


def view_graphml(view: GraphView, elements: list[dict], limit: int | None = None) -> str:
    """GraphML text (UTF-8) of the view's nodes and relationships (:func:`view_graph`)."""
    buf = io.BytesIO()
    graph = view_graph(view, elements, limit)
    nx.write_graphml(graph, buf, encoding="utf-8", named_key_ids=True)
    return buf.getvalue().decode("utf-8")


def view_csv(view: GraphView, elements: list[dict], limit: int | None = None) -> str:
    """CSV text of the view: its nodes, then its relationships (``element`` says which), names
    and sources readable; formula-like cells neutralised (:mod:`graphmodel.safety.csvsafe`)."""
    rows = V.element_rows(view, elements[:limit] if limit else elements)
    return V.rows_to_csv(readable_rows(view, rows), V.ELEMENT_COLUMNS)


# -- callbacks -------------------------------------------------------------------------------


def register_export_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    view = ctx_.view
    # a view holds at most the element budget; a longer list was not sent by the page
    limit = ctx_.element_budget + 10

    # drawn in the browser (assets/exports.js): nothing goes to the server and back
    app.clientside_callback(
        ClientsideFunction("exports", "png"),
        Output("export-status", "children", allow_duplicate=True),
        Input("btn-png", "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("exports", "svg"),
        Output("export-status", "children", allow_duplicate=True),
        Input("btn-svg", "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-graphml", "n_clicks"),
        State("cy", "elements"),
        prevent_initial_call=True,
    )
    def network_graphml(n, elements):
        if not n:
            return no_update
        return dcc.send_string(view_graphml(view, elements or [], limit), f"{STEM}.graphml")

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-csv", "n_clicks"),
        State("cy", "elements"),
        prevent_initial_call=True,
    )
    def network_csv(n, elements):
        if not n:
            return no_update
        return dcc.send_string(view_csv(view, elements or [], limit), f"{STEM}.csv")
