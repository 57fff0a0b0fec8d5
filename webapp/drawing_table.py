"""The Network page's drawing as a table: its text alternative (WCAG 1.1.1; issue 27).

Built from the very elements Cytoscape draws (``cy.elements``, each time the server sends a
drawing), so it follows the filters, the focus and the path as the picture does: one table of the nodes (name, kind, tier, what it is,
how many of its relationships are drawn, whether it is on the path) and one of the
relationships (from, what, to, tier). Each name is a button: Enter or Space opens its card, and
focus moves to the card's heading (``assets/a11y.js``). Groups the drawing counts by country or
kind are listed by name, with nothing to open.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import dash
from dash import ALL, Input, Output, State, ctx, html, no_update

from .a11y import data_table

__all__ = [
    "drawing_alternative",
    "drawing_table",
    "drawing_summary",
    "register_drawing_table",
    "ROW_LIMIT",
]

#: rows drawn in each table; the caption counts the rest (the drawing's budget is 1,500)
ROW_LIMIT = 500


def _nodes_and_edges(elements: list[dict] | None) -> tuple[list[dict], list[dict]]:
    nodes, edges = [], []
    for el in elements or []:
        data = el.get("data") or {}
        (edges if "source" in data else nodes).append(el)
    return nodes, edges


def _words(kind: str) -> str:
    """``WITH_PARTNER`` → ``with partner``; ``FundingProgramme`` → ``funding programme``."""
    if "_" in kind or kind.isupper():
        return kind.replace("_", " ").lower()
    out = "".join(f" {c.lower()}" if c.isupper() else c for c in kind).strip()
    return out


def drawing_summary(elements: list[dict] | None) -> str:
    """One line saying what the drawing shows: counts of nodes by kind and of relationships."""
    nodes, edges = _nodes_and_edges(elements)
    if not nodes:
        return "The drawing is empty: no node matches these filters."
    kinds = Counter(_words(n["data"].get("kind") or "node") for n in nodes)
    parts = ", ".join(f"{k} {kind}" for kind, k in kinds.most_common(4))
    more = len(kinds) - 4
    tail = f" and {more} other kind{'s' if more > 1 else ''}" if more > 0 else ""
    return (
        f"The drawing shows {len(nodes):,} nodes ({parts}{tail}) and {len(edges):,} "
        "relationships; the table under it lists them all."
    )


def _name_cell(data: dict) -> Any:
    name = data.get("label") or data.get("id")
    if data.get("kind") == "Group":
        return name
    return html.Button(
        name,
        id={"type": "drawn-open", "id": data["id"]},
        className="linkish",
        n_clicks=0,
        title=f"Open the card of {name}",
    )


def drawing_table(elements: list[dict] | None, tables: bool = True) -> list:
    """The children of ``#drawing-table``: a summary line and the two tables (only the line
    while the table is folded: a large view's tables are not sent until someone opens them)."""
    if not tables:
        return [html.P(drawing_summary(elements), className="chart-summary")]
    nodes, edges = _nodes_and_edges(elements)
    names = {n["data"]["id"]: n["data"].get("label") or n["data"]["id"] for n in nodes}
    drawn_links = Counter()
    for e in edges:
        drawn_links[e["data"]["source"]] += 1
        drawn_links[e["data"]["target"]] += 1
    # marked in the data too: the copy of the drawing dash-cytoscape writes back has no classes
    on_path = {
        el["data"]["id"]
        for el in nodes + edges
        if el["data"].get("onpath")
        or el["data"].get("highlight")
        or {"onpath", "highlight"} & set((el.get("classes") or "").split())
    }
    node_rows = [
        (
            _name_cell(n["data"]),
            _words(n["data"].get("kind") or ""),
            n["data"].get("tier") or "",
            n["data"].get("fact") or "",
            drawn_links[n["data"]["id"]],
            "yes" if n["data"]["id"] in on_path else "",
        )
        for n in sorted(nodes, key=lambda n: (n["data"].get("label") or "").lower())
    ]
    edge_rows = [
        (
            names.get(e["data"]["source"], e["data"]["source"]),
            _words(e["data"].get("type") or ""),
            names.get(e["data"]["target"], e["data"]["target"]),
            e["data"].get("tier") or "",
            "yes" if e["data"]["id"] in on_path else "",
        )
        for e in sorted(
            edges,
            key=lambda e: (
                names.get(e["data"]["source"], "").lower(),
                names.get(e["data"]["target"], "").lower(),
            ),
        )
    ]
    return [
        html.P(drawing_summary(elements), className="chart-summary"),
        data_table(
            f"Nodes drawn ({len(nodes):,})",
            ["Name (opens its card)", "Kind", "Tier", "What it is", "Links drawn", "Highlighted"],
            node_rows,
            limit=ROW_LIMIT,
        ),
        data_table(
            f"Relationships drawn ({len(edges):,})",
            ["From", "Relationship", "To", "Tier", "On the path"],
            edge_rows,
            limit=ROW_LIMIT,
        ),
    ]


def drawing_alternative(elements: list[dict] | None) -> html.Details:
    """The folded table under the drawing, ``#drawing-table`` kept in step by a callback."""
    return html.Details(
        [
            html.Summary(
                "The drawing as a table (every node and relationship shown)",
                id="drawing-alt-summary",
                n_clicks=0,
            ),
            html.Div(drawing_table(elements, tables=False), id="drawing-table"),
        ],
        id="drawing-alt",
        open=False,
        className="chart-alt drawing-alt",
    )


def register_drawing_table(app: dash.Dash) -> None:
    """The table follows the drawing; a name in it opens that record's card."""

    @app.callback(
        Output("drawing-table", "children"),
        # each drawing the server sends (webapp.network_draw.redrawn), not dash-cytoscape's
        # copy of it written back after every add, remove and drag
        Input("redrawn", "data"),
        Input("drawing-alt-summary", "n_clicks"),
        State("cy", "elements"),
        prevent_initial_call=True,
    )
    def follow(_redrawn, opened, elements):
        # once opened (a click, or Enter or Space on the summary), the tables follow the drawing
        return drawing_table(elements, tables=bool(opened))

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input({"type": "drawn-open", "id": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def open_card(clicks):
        if not ctx.triggered_id or not any(clicks or []):
            return no_update
        return ctx.triggered_id["id"]
