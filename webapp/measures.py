"""The analytics on the graph: nodes sized by centrality and coloured by community.

Used by the Network page (a 'Measures' choice, a legend under the graph) and by tables of
analytics results (a link per row that opens the Network page focused on that node, with both
measures on). Both come from the partnership projection of the explorer's snapshot
(:mod:`graphmodel.analytics`), computed once per snapshot: the numbers are the same as the
``centrality`` and ``communities`` queries give.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

import dash
from dash import html

from graphmodel.analytics.centrality import betweenness, method_text
from graphmodel.analytics.communities import communities, community_name, membership
from graphmodel.analytics.projection import Projection, projection_of_graph

from .components import multi_filter
from .graphview import GraphView

__all__ = [
    "MEASURE_STYLE",
    "decorate",
    "graph_link",
    "measure_control",
    "measure_legend",
    "legend_block",
    "register_measure_callbacks",
    "with_graph_links",
]

#: community colours, largest community first (Tableau 10); smaller ones share grey
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#2f4b7c",
)
OTHER = "#c7c7c7"
MIN_SIZE, MAX_SIZE = 14, 64

#: as the kinds' legend above it (its class is the kinds' own)
LEGEND_STYLE = {"fontSize": "0.75em", "padding": "0.3em 0.5em", "borderTop": "1px solid #eee"}

MEASURE_STYLE: list[dict[str, Any]] = [
    {"selector": "node.sized", "style": {"width": "data(msize)", "height": "data(msize)"}},
    {
        "selector": "node.coloured",
        "style": {"background-color": "data(mcolour)", "border-width": 0},
    },
]


def measure_control(state: dict[str, Any]) -> html.Label:
    """The choice of measures, a multi-choice like the page's filters."""
    return multi_filter(
        "Measures",
        "f-measure",
        [
            {"label": "size by centrality", "value": "size"},
            {"label": "colour by community", "value": "colour"},
        ],
        list(state.get("measure") or []),
    )


def _measures(view: GraphView) -> tuple[Projection, list[float], list[int], dict[int, int]]:
    p = projection_of_graph(view.g)
    number = {membership(p)[c.members[0]]: c.number for c in communities(p)}
    return p, betweenness(p), membership(p), number


def decorate(view: GraphView, elements: list[dict], modes: list[str] | None) -> list[dict]:
    """``elements`` with nodes sized by betweenness and/or coloured by community (new dicts;
    nodes outside the partnership projection, such as countries, are left as they are)."""
    modes = modes or []
    if not modes or not elements:
        return elements
    p, between, member, number = _measures(view)
    top = max(between, default=0.0) or 1.0
    out = []
    for el in elements:
        v = p.index.get(el["data"].get("id")) if "source" not in el["data"] else None
        if v is None:
            out.append(el)
            continue
        data, classes = dict(el["data"]), el.get("classes", "")
        if "size" in modes:
            data["msize"] = round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(between[v] / top))
            data["betweenness"] = round(between[v], 6)
            classes += " sized"
        if "colour" in modes:
            n = number[member[v]]
            data["community"] = n
            data["mcolour"] = PALETTE[n - 1] if n <= len(PALETTE) else OTHER
            classes += " coloured"
        out.append({**el, "data": data, "classes": classes.strip()})
    return out


def measure_legend(view: GraphView, elements: list[dict], modes: list[str] | None) -> list:
    """The key: what size means (and how betweenness was computed), and each community on
    show with its colour, name (its most central members) and size."""
    modes = modes or []
    if not modes:
        return []
    p, _between, _member, _number = _measures(view)
    rows: list = []
    if "size" in modes:
        rows.append(
            html.Div(
                f"Node size: betweenness centrality in the partnership network ({method_text(p)}).",
                className="legend-row",
            )
        )
    if "colour" in modes:
        shown = sorted({el["data"]["community"] for el in elements if "community" in el["data"]})
        by_number = {c.number: c for c in communities(p)}
        items = [
            html.Span(
                [
                    html.Span(
                        className="swatch",
                        style={"background": PALETTE[n - 1], "flexShrink": 0},
                    ),
                    f"{n}. {community_name(p, by_number[n])} ({by_number[n].size})",
                ],
                className="legend-item",
            )
            for n in shown
            if n <= len(PALETTE)
        ]
        if any(n > len(PALETTE) for n in shown):
            items.append(
                html.Span(
                    [html.Span(className="swatch", style={"background": OTHER}), "smaller"],
                    className="legend-item",
                )
            )
        rows.append(
            html.Div(
                ["Colour: community (shape still shows the kind): ", *items],
                className="legend-row",
            )
        )
    return rows


def legend_block(view: GraphView, elements: list[dict[str, Any]], modes: list[str] | None):
    """The measure legend as the page shows it (empty when no measure is on)."""
    rows = measure_legend(view, elements or [], modes)
    return html.Div(rows, style=LEGEND_STYLE) if rows else []


def register_measure_callbacks(app: dash.Dash, view: GraphView) -> None:
    # built at start-up, not on the first path or measure someone asks for (seconds at 1M).
    # The legend itself is drawn by whoever draws the elements (legend_block): sending every
    # element back to the server only to label them would cost a round trip per redraw.
    projection_of_graph(view.g)


# -- tables that link to the graph ---------------------------------------------------------
#: which column of a query's rows names the node a row is about
NODE_COLUMN = {
    "centrality": "id",
    "single_points": "partner",
    "partner_overlap": "partner",
    "bridges": "bridged_by",
    "communities": "members",
    "shortest_path": "path",
}

#: other queries whose rows are about a node named in a column other than ``id``
PLAIN_NODE_COLUMN = {"partners": "partner"}


def graph_link(node: str, measures: bool = True) -> str:
    """The Network page focused on ``node``; sized and coloured by the measures when
    ``measures`` (the analytics queries' rows), plain otherwise.

    >>> graph_link("lovech", measures=False)
    '/network?focus=lovech'
    """
    pairs = [("focus", node)]
    if measures:
        pairs += [("measure", "size"), ("measure", "colour")]
    return "/network?" + urlencode(pairs)


def with_graph_links(
    name: str, columns: list[dict], rows: list[dict], flat_rows: list[dict], view: GraphView
) -> tuple[list[dict], list[dict]]:
    """Add a column 'graph' to a query's table (AG Grid column definitions): a link per
    row that opens the Network page on the row's node, sized and coloured by the measures for
    the analytics queries. Any other query whose rows name a node by ``id`` (neighbours,
    partners, …) links plainly; tables without one are returned as they are."""
    key = NODE_COLUMN.get(name)
    measures = key is not None
    if key is None and rows:
        key = PLAIN_NODE_COLUMN.get(name, "id" if "id" in rows[0] else None)
    if key is None or not rows:
        return columns, flat_rows
    linked = []
    for raw, flat in zip(rows, flat_rows, strict=True):
        value = raw.get(key)
        node = value[0] if isinstance(value, list) and value else value
        link = f"[open in graph]({graph_link(node, measures)})" if isinstance(node, str) else ""
        linked.append({"graph": link if node in view.g else "", **flat})
    graph = {"field": "graph", "headerName": "graph", "cellRenderer": "markdown"}
    # the analytics tables lead with the link; elsewhere the row's own facts come first, so
    # Enter on a row's first cell still opens its card here
    return ([graph, *columns] if measures else [*columns, graph]), linked
