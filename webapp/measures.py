"""The analytics on the graph: nodes sized by centrality and coloured by community.

Two of the Network page's styles by property (:mod:`webapp.network_style`: "Size by" centrality,
"Colour by" community), and links from tables of analytics results (a link per row that opens
the Network page focused on that node, with both on). Both come from the partnership projection of the explorer's snapshot
(:mod:`graphmodel.analytics`), computed once per snapshot: the numbers are the same as the
``centrality`` and ``communities`` queries give.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash

from graphmodel.analytics.projection import projection_of_graph

from .graphview import GraphView
from .legend import style_legend
from .network_style import PALETTE, STYLE_CSS, style_key, styled

__all__ = [
    "MEASURE_STYLE",
    "PALETTE",
    "decorate",
    "graph_link",
    "measure_legend",
    "style_of",
    "register_measure_callbacks",
    "with_graph_links",
]

#: as before style by property: the measures are two of its properties
MEASURE_STYLE = STYLE_CSS
#: the measures in the address before style by property (``measure=size&measure=colour``)
MEASURE_PROPERTIES = {"size": "betweenness", "colour": "community"}


def style_of(state: dict[str, Any]) -> tuple[str | None, str | None]:
    """The size and colour properties ``state`` asks for; an old link's ``measure`` (size by
    centrality, colour by community) where it names none."""
    modes = state.get("measure") or []
    size = state.get("size_by") or ("betweenness" if "size" in modes else None)
    colour = state.get("colour_by") or ("community" if "colour" in modes else None)
    return size, colour


def decorate(view: GraphView, elements: list[dict], modes: list[str] | None) -> list[dict]:
    """``elements`` sized by betweenness and/or coloured by community
    (:func:`webapp.network_style.styled`)."""
    modes = modes or []
    if not modes or not elements:
        return elements
    return styled(
        view,
        elements,
        "betweenness" if "size" in modes else None,
        "community" if "colour" in modes else None,
    )


def measure_legend(view: GraphView, elements: list[dict], modes: list[str] | None) -> list:
    """The key to :func:`decorate`'s sizes and colours."""
    modes = modes or []
    key = style_key(
        view,
        elements,
        "betweenness" if "size" in modes else None,
        "community" if "colour" in modes else None,
    )
    drawn = style_legend(key)
    return drawn.children if drawn else []


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
    """The Network page focused on ``node``; sized by centrality and coloured by community
    when ``measures`` (the analytics queries' rows), plain otherwise.

    >>> graph_link("lovech", measures=False)
    '/network?focus=lovech'
    """
    pairs = [("focus", node)]
    if measures:
        pairs += [("size_by", "betweenness"), ("colour_by", "community")]
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
