"""Exports of the Network page's current view (filters, focus and path applied).

* **PNG** at print resolution: drawn by Cytoscape in the browser, the whole view with
  :data:`PRINT_PX` pixels on its long side, on white, marked 300 dpi (so A4 when printed).
* **SVG**: the same drawing as vector shapes and text, made in the browser by ``canvas2svg``
  (MIT, ``assets/vendor/canvas2svg.lazy.js``), fetched only when asked for
  (``assets/exports.js``).
* Both name every node (no selection's fading, no label cut short) and carry what a board
  needs to read them (:func:`export_meta`): a title, the filters in words, the date, and a
  legend of the kinds and tiers drawn in their shapes, and the key to a style by property
  (what sizes and colours mean, which nodes have no value); the file is named after the view.
* **GraphML** (:func:`view_graphml`): built on the server from the view's nodes and
  relationships, every property from the store (sources as the papers' titles), for Gephi,
  yEd or Cytoscape desktop.
* **CSV** (:func:`webapp.views.element_rows`): one row per node then one per relationship, safe
  to open in a spreadsheet (:mod:`graphmodel.safety.csvsafe`).

The whole register, every node and relationship, is exported by the command line:
``partnergraph export --format graphml|json|csv|cypher``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import dash
import networkx as nx
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

from . import views as V
from .card import readable, readable_rows
from .context import PageContext
from .graphview import GraphView
from .network import DEFAULT_KINDS, KIND_STYLE, SHAPE_CSS, TIER_STYLE

__all__ = [
    "PRINT_PX",
    "EXPORT_STYLE",
    "export_buttons",
    "export_meta",
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


#: while a picture is exported (assets/exports.js adds ``exporting`` and lifts the selection's
#: fading): every node named in full, one size, so the names crowd each other least
EXPORT_STYLE = [
    {
        "selector": "node.exporting",
        "style": {
            "label": "data(label)",
            "font-size": 9,
            "font-weight": "normal",
            "text-wrap": "wrap",
            "text-max-width": 160,
            "min-zoomed-font-size": 0,
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.5,
            "text-background-padding": 1,
        },
    },
]


def _points(shape: str) -> list[list[float]] | None:
    """A legend shape as points in a unit square (None: a circle), from its CSS polygon."""
    css = SHAPE_CSS.get(shape, {})
    if "clipPath" not in css:
        return None if shape in ("ellipse", "barrel") else [[0, 0], [1, 0], [1, 1], [0, 1]]
    pairs = css["clipPath"].removeprefix("polygon(").removesuffix(")").split(",")
    return [[float(c.strip().rstrip("%") or 0) / 100 for c in pair.split()] for pair in pairs]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "network"


def export_meta(view: GraphView, state: dict[str, Any], name: str | None = None) -> dict:
    """What an exported picture says beside the graph: its title, the filters in words, the
    date it was drawn, the legend (kinds and tiers, in their shapes) and the file name (after
    the saved view ``name``, else after what the view shows)."""
    state = state or {}

    def names(key: str) -> str:
        values = state.get(key) or []
        return ", ".join(view.name(v) if v in view.data else str(v) for v in values)

    council = state.get("council")
    who = view.name(council) if council in view.data else "All home councils"
    if state.get("from") in view.data and state.get("to") in view.data:
        title = f"Path from {view.name(state['from'])} to {view.name(state['to'])}"
    elif state.get("focus") in view.data:
        hops = int(state.get("hops") or 1)
        title = f"{view.name(state['focus'])} and its links within {hops} step" + (
            "s" if hops > 1 else ""
        )
    else:
        tiers = f"{names('tier')} " if state.get("tier") else ""
        where = f" in {names('sphere')}" if state.get("sphere") else ""
        title = f"{who}: {tiers}international partnerships{where}"
    title = name or title
    words = []
    if council in view.data:
        words.append(f"council {view.name(council)}")
    for key, label in (
        ("sphere", "sphere"),
        ("tier", "tier"),
        ("theme", "theme"),
        ("agreement", "agreement type"),
        ("programme", "funding programme"),
    ):
        if state.get(key):
            words.append(f"{label} {names(key)}")
    if state.get("years"):
        lo, hi = state["years"]
        words.append(f"partnerships begun or agreements signed {lo}–{hi}")
    if state.get("kind") and sorted(state["kind"]) != sorted(DEFAULT_KINDS):
        words.append(f"kinds shown: {', '.join(state['kind'])}")
    from .measures import style_of
    from .network_style import PROPERTIES

    size_by, colour_by = style_of(state)
    for role, key in (("sized", size_by), ("coloured", colour_by)):
        if key in PROPERTIES:
            words.append(f"{role} by {PROPERTIES[key].words.split(',')[0]}")
    filters = "Filters: " + "; ".join(words) if words else "No filters: every partnership"
    kinds = [k for k in KIND_STYLE if k in set(state.get("kind") or DEFAULT_KINDS) | {"Group"}]
    return {
        "title": title,
        "filters": filters,
        "date": dt.date.today().isoformat(),
        "file": _slug(name or title),
        "legend": [
            {"kind": k, "colour": KIND_STYLE[k][1], "points": _points(KIND_STYLE[k][0])}
            for k in kinds
        ],
        "tiers": [
            {"tier": t, "colour": colour, "dash": line != "solid"}
            for t, (colour, line) in TIER_STYLE.items()
        ],
    }


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
            dcc.Store(id="export-meta", data=None),
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
            if stored.get("sources"):
                row["sources"] = readable(view, stored["sources"])  # papers by title
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
            if stored.get("sources"):
                row["sources"] = readable(view, stored["sources"])
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

    @app.callback(Output("export-meta", "data"), Input("state", "data"))
    def meta(state):
        # what a picture says beside the graph, kept in step with the view
        return export_meta(view, state or {}, (state or {}).get("view"))

    # drawn in the browser (assets/exports.js): nothing goes to the server and back
    app.clientside_callback(
        ClientsideFunction("exports", "png"),
        Output("export-status", "children", allow_duplicate=True),
        Input("btn-png", "n_clicks"),
        State("export-meta", "data"),
        State("style-key", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("exports", "svg"),
        Output("export-status", "children", allow_duplicate=True),
        Input("btn-svg", "n_clicks"),
        State("export-meta", "data"),
        State("style-key", "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-graphml", "n_clicks"),
        State("cy", "elements"),
        State("export-meta", "data"),
        prevent_initial_call=True,
    )
    def network_graphml(n, elements, meta):
        if not n:
            return no_update
        name = f"{STEM}-{(meta or {}).get('file') or 'view'}.graphml"
        return dcc.send_string(view_graphml(view, elements or [], limit), name)

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-csv", "n_clicks"),
        State("cy", "elements"),
        State("export-meta", "data"),
        prevent_initial_call=True,
    )
    def network_csv(n, elements, meta):
        if not n:
            return no_update
        name = f"{STEM}-{(meta or {}).get('file') or 'view'}.csv"
        return dcc.send_string(view_csv(view, elements or [], limit), name)
