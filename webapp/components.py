"""Widgets more than one page uses: council chooser, filters, name search boxes, tables, and the
Cytoscape style. Pure functions of the view and the URL's state; page modules compose them.
"""

from __future__ import annotations

import json
from typing import Any

import dash
from dash import Input, Output, ctx, dash_table, dcc, html, no_update

from . import views as V
from .views import DEFAULT_KINDS, KIND_STYLE, TIER_STYLE, GraphView

__all__ = [
    "LAYOUTS",
    "FONT",
    "layout_options",
    "stylesheet",
    "legend",
    "options",
    "council_dropdown",
    "multi_filter",
    "search_box",
    "register_search_box",
    "table",
    "flat",
]

LAYOUTS = ["cose", "concentric", "breadthfirst", "circle", "grid"]
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'


def layout_options(name: str) -> dict[str, Any]:
    """Cytoscape layout settings; force-directed layouts get room between nodes."""
    opts: dict[str, Any] = {"name": name, "animate": False}
    if name == "cose":
        opts.update(
            nodeRepulsion=40000,
            idealEdgeLength=90,
            nodeOverlap=40,
            gravity=0.4,
            numIter=1500,
            componentSpacing=120,
            randomize=False,
        )
    return opts


def stylesheet() -> list[dict[str, Any]]:
    """The Cytoscape style of every graph drawn: shapes and colours by kind, lines by tier."""
    # Haystack edges are Cytoscape.js's cheapest to draw; dash-cytoscape 1.0 does not expose
    # hideEdgesOnViewport / textureOnViewport, so the element budget keeps views light instead.
    sheet = [
        {
            "selector": "node",
            "style": {
                "label": "data(label)",
                "font-size": 9,
                "text-wrap": "ellipsis",
                "text-max-width": 110,
                "width": 18,
                "height": 18,
                "color": "#222",
                # labels smaller than this on screen are not drawn: readable when zoomed in,
                # uncluttered (and faster) when zoomed out
                "min-zoomed-font-size": 7,
            },
        },
        {
            "selector": "edge",
            "style": {
                "curve-style": "haystack",
                "width": 1.2,
                "line-color": "#b0b0b0",
                "opacity": 0.8,
            },
        },
        {"selector": ".highlight", "style": {"border-width": 4, "border-color": "#ffbf00"}},
        {"selector": "edge.onpath", "style": {"line-color": "#ffbf00", "width": 4}},
        {"selector": ":selected", "style": {"border-width": 3, "border-color": "#000"}},
    ]
    for kind, (shape, colour) in KIND_STYLE.items():
        sheet.append(
            {"selector": f".{kind}", "style": {"shape": shape, "background-color": colour}}
        )
    for tier, (colour, line) in TIER_STYLE.items():
        sheet.append(
            {
                "selector": f"edge.tier-{tier}",
                "style": {"line-color": colour, "line-style": line, "width": 2},
            }
        )
    sheet.append(
        {"selector": ".Organisation[kind = 'Organisation']", "style": {"width": 24, "height": 24}}
    )
    # the papers disagree about this node (a Conflict is ABOUT it): a dashed orange ring
    sheet.append(
        {
            "selector": "node.conflict",
            "style": {"border-width": 3, "border-style": "dashed", "border-color": "#d9822b"},
        }
    )
    return sheet


def legend() -> html.Div:
    """The key to the graph's colours (kinds) and line styles (partnership tiers)."""
    items = [
        html.Span(
            [html.Span(className="swatch", style={"background": colour}), kind],
            className="legend-item",
        )
        for kind, (_, colour) in KIND_STYLE.items()
        if kind in DEFAULT_KINDS or kind in ("Person", "Country")
    ]
    tiers = [
        html.Span(
            [html.Span(className="line", style={"borderTop": f"3px {line} {colour}"}), tier],
            className="legend-item",
        )
        for tier, (colour, line) in TIER_STYLE.items()
    ]
    return html.Div(
        [
            html.Div(items, className="legend-row"),
            html.Div(["Partnership tier: ", *tiers], className="legend-row"),
            html.Div(
                [
                    html.Span(
                        [
                            html.Span(className="swatch conflict-swatch"),
                            "the papers disagree about it (see Conflicts)",
                        ],
                        className="legend-item",
                    )
                ],
                className="legend-row",
            ),
        ],
        className="legend",
        **{"aria-label": "legend"},
    )


def options(values: list[str], view: GraphView | None = None) -> list[dict[str, str]]:
    """Dropdown options for ``values``, labelled with node names when a view is given."""
    return [{"label": view.name(v) if view else v, "value": v} for v in values]


def council_dropdown(
    id_: str,
    view: GraphView,
    state: dict[str, Any],
    *,
    key: str = "council",
    required: bool = False,
) -> html.Label:
    """The home-council chooser every page has; ``required`` preselects the first council."""
    homes = view.home_councils()
    value = state.get(key) or (homes[0] if required and homes else None)
    return html.Label(
        [
            "Council" if key == "council" else "Home council",
            dcc.Dropdown(
                id=id_,
                options=options(homes, view),
                value=value,
                clearable=not required,
                placeholder="All home councils",
            ),
        ]
    )


def multi_filter(
    label: str, id_: str, choices: list[dict[str, str]], value: list[str]
) -> html.Label:
    """A labelled multi-choice filter."""
    return html.Label([label, dcc.Dropdown(id=id_, multi=True, options=choices, value=value)])


def search_box(view: GraphView, box_id: str, placeholder: str, clearable: bool = False) -> list:
    """A box that finds a node by name; the chosen node id is the dropdown ``box_id``'s value.

    Small graphs: that dropdown, with every name sent once and filtered in the browser. Large
    ones: the dropdown is hidden and a text box (``{box_id}-text``) takes its place, with
    suggestions from the server in a datalist (``{box_id}-list``); picking one, or pressing
    Enter for the best match, sets the hidden dropdown's value (:func:`register_search_box`),
    so the callbacks reading it do not care which box a person typed in. Dash's dropdown, fed
    options from the server as a person types, drops characters typed while answers arrive; a
    plain text box is never rewritten by the server, so what is typed stays typed.
    """
    large = view.g.number_of_nodes() > V.CLIENT_SEARCH_LIMIT
    return [
        html.Div(
            dcc.Dropdown(
                id=box_id,
                placeholder=placeholder,
                options=V.all_search_options(view),
                value=None,
                searchable=True,
                clearable=clearable,
            ),
            style={"display": "none"} if large else {},
        ),
        html.Div(
            [
                dcc.Input(
                    id=f"{box_id}-text",
                    type="search",
                    list=f"{box_id}-list",
                    placeholder=f"{placeholder} Pick one or press Enter.",
                    autoComplete="off",
                    debounce=False,
                    className="search-text",
                ),
                html.Datalist(id=f"{box_id}-list"),
            ],
            style={} if large else {"display": "none"},
        ),
    ]


def register_search_box(app: dash.Dash, view: GraphView, box_id: str) -> None:
    """The server side of :func:`search_box`: suggestions as a person types, and the pick."""

    def suggest(text):
        if not text or text in view.data:
            return no_update
        return [
            html.Option(value=o["value"], label=o["label"]) for o in V.search_options(view, text)
        ]

    def picked(text, _submitted):
        if not text:
            return no_update, no_update
        node = text if text in view.data else None  # a suggestion's value is the node's id
        if (
            node is None
            and ctx.triggered_prop_ids
            and any(p.endswith(".n_submit") for p in ctx.triggered_prop_ids)
        ):  # Enter: the best match
            node = next(iter(view.index.search(text, 1)), None)
        if node is None:
            return no_update, no_update
        return node, V.search_options(view, None, keep=node)

    app.callback(Output(f"{box_id}-list", "children"), Input(f"{box_id}-text", "value"))(suggest)
    app.callback(
        Output(box_id, "value"),
        Output(box_id, "options"),
        Input(f"{box_id}-text", "value"),
        Input(f"{box_id}-text", "n_submit"),
        prevent_initial_call=True,
    )(picked)


def table(
    id_: str, columns: list[str], page_size: int = 15, wide: tuple[str, ...] = ()
) -> dash_table.DataTable:
    """A sortable, filterable table; ``wide`` columns get the room (evidence, descriptions)."""
    return dash_table.DataTable(
        id=id_,
        columns=[{"name": c.replace("_", " "), "id": c} for c in columns],
        data=[],
        filter_action="native",
        sort_action="native",
        page_size=page_size,
        style_table={"width": "100%", "overflowX": "auto"},
        style_cell={
            "textAlign": "left",
            "whiteSpace": "normal",
            "height": "auto",
            "fontFamily": FONT,
            "fontSize": 13,
            "minWidth": 90,
            "maxWidth": 380,
        },
        style_cell_conditional=[
            {"if": {"column_id": c}, "width": "38%", "maxWidth": 600} for c in wide
        ],
        style_header={"fontWeight": "bold"},
        export_format="none",
    )


def flat(v: Any) -> Any:
    """A value as one table cell: lists joined with "; ", mappings as JSON."""
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v
