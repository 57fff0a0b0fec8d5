"""Network: the partnerships as a graph, for the international team to explore.

Filter by council, sphere, tier, theme, agreement, programme, kind and years; search a body by
name; focus on one node and its neighbours; find the shortest path between two; export the view.
The elements come from :func:`webapp.views.network_elements`, within the element budget.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_cytoscape as cyto
from dash import Input, Output, State, ctx, dcc, html, no_update

from graphmodel.analytics.paths import explorer_path

from .. import views as V
from ..card import readable_rows
from ..components import (
    LAYOUTS,
    council_dropdown,
    layout_options,
    legend,
    multi_filter,
    options,
    register_search_box,
    search_box,
    stylesheet,
)
from ..context import PageContext
from ..measures import MEASURE_STYLE, decorate, measure_control, register_measure_callbacks
from ..state import merge_state
from ..views import DEFAULT_KINDS, KIND_STYLE

PATH = "/network"
#: how a path's notice says where it was searched (graphmodel.analytics.paths.explorer_path)
PATH_THROUGH = {
    "partnership": "in the partnership network",
    "all": "through all nodes (an end is outside the partnership network)",
}
TITLE = "Network"

#: every box that finds a node by name here: the search and the two ends of a path
SEARCH_BOXES = ("search", "path-a", "path-b")


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    view = ctx_.view
    themes = view.nodes_of("Theme")
    programmes = view.nodes_of("FundingProgramme")
    years = sorted(
        {
            int(str(v)[:4])
            for lbl, prop in (("Partnership", "since"), ("Agreement", "signed"))
            for v in view.values(lbl, prop)
            if str(v)[:4].isdigit()
        }
    ) or [2000, 2010]
    lo, hi = years[0], max(years[-1], years[0] + 1)
    yr = state.get("years") or [lo, hi]
    controls = html.Div(
        [
            html.Label(
                ["Search", *search_box(view, "search", "Type a name or alias…", clearable=True)]
            ),
            council_dropdown("f-council", view, state),
            multi_filter(
                "Sphere",
                "f-sphere",
                options(view.values("Partnership", "sphere")),
                state.get("sphere") or [],
            ),
            multi_filter(
                "Tier",
                "f-tier",
                options(view.values("Partnership", "tier")),
                state.get("tier") or [],
            ),
            multi_filter("Theme", "f-theme", options(themes, view), state.get("theme") or []),
            multi_filter(
                "Agreement type",
                "f-agreement",
                options(view.values("Agreement", "type")),
                state.get("agreement") or [],
            ),
            multi_filter(
                "Funding programme",
                "f-programme",
                options(programmes, view),
                state.get("programme") or [],
            ),
            multi_filter(
                "Kinds shown",
                "f-kind",
                options(sorted(KIND_STYLE)),
                state.get("kind") or list(DEFAULT_KINDS),
            ),
            measure_control(state),
            html.Label(
                [
                    "Years (since / signed)",
                    dcc.RangeSlider(
                        id="f-years",
                        min=lo,
                        max=hi,
                        step=1,
                        value=yr,
                        allowCross=False,
                        marks={y: str(y) for y in (lo, hi)},
                        tooltip={"placement": "bottom", "always_visible": False},
                    ),
                ]
            ),
            html.Div(
                [
                    html.Label(
                        [
                            "Hops",
                            dcc.Input(
                                id="hops",
                                type="number",
                                min=1,
                                max=4,
                                value=int(state.get("hops") or 1),
                                style={"width": "4em"},
                            ),
                        ]
                    ),
                    html.Button("Focus on selected", id="btn-focus", n_clicks=0),
                    html.Button("Clear focus", id="btn-clear", n_clicks=0),
                ],
                className="row",
            ),
            html.Div(
                [
                    html.Label(["Path from", *search_box(view, "path-a", "start…")]),
                    html.Label(["to", *search_box(view, "path-b", "end…")]),
                    html.Button("Shortest path", id="btn-path", n_clicks=0),
                ],
                className="path",
            ),
            html.Label(
                [
                    "Layout",
                    dcc.Dropdown(
                        id="layout",
                        options=options(LAYOUTS),
                        value=state.get("layout") or "cose",
                        clearable=False,
                    ),
                ]
            ),
            html.Div(
                [
                    html.Button("Export PNG", id="btn-png", n_clicks=0),
                    html.Button("Export CSV", id="btn-csv", n_clicks=0),
                ],
                className="row",
            ),
        ],
        className="controls",
    )
    graph = html.Div(
        [
            html.Div(id="view-message", className="view-message", role="status"),
            cyto.Cytoscape(
                id="cy",
                elements=[],
                layout=layout_options(state.get("layout") or "cose"),
                stylesheet=stylesheet() + MEASURE_STYLE,
                style={"width": "100%", "height": "620px"},
                minZoom=0.1,
                maxZoom=3,
                boxSelectionEnabled=False,
            ),
            legend(),
            html.Div(id="measure-legend", **{"aria-label": "measures"}),
            dcc.Store(id="focus", data=state.get("focus")),
            dcc.Store(id="path", data=[]),
        ],
        className="graph",
    )
    return html.Div([controls, graph], className="network")


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    view = ctx_.view
    element_budget = ctx_.element_budget
    for box in SEARCH_BOXES:
        register_search_box(app, view, box)
    register_measure_callbacks(app, view)

    filter_inputs = [
        Input("f-council", "value"),
        Input("f-sphere", "value"),
        Input("f-tier", "value"),
        Input("f-theme", "value"),
        Input("f-agreement", "value"),
        Input("f-programme", "value"),
        Input("f-kind", "value"),
        Input("f-years", "value"),
        Input("hops", "value"),
        Input("focus", "data"),
        Input("path", "data"),
        Input("f-measure", "value"),
    ]

    @app.callback(
        Output("cy", "elements"),
        Output("view-message", "children"),
        Output("state", "data", allow_duplicate=True),
        *filter_inputs,
        State("state", "data"),
        State("f-years", "min"),
        State("f-years", "max"),
        prevent_initial_call="initial_duplicate",
    )
    def network(
        council,
        spheres,
        tiers,
        themes,
        agreements,
        programmes,
        kinds,
        years,
        hops,
        focus,
        path,
        measure,
        state,
        ymin,
        ymax,
    ):
        years_filter = tuple(years) if years and (years[0] > ymin or years[1] < ymax) else None
        f = V.Filters(
            council=council,
            spheres=spheres or [],
            tiers=tiers or [],
            themes=themes or [],
            kinds=kinds or list(V.DEFAULT_KINDS),
            agreement_types=agreements or [],
            programmes=programmes or [],
            years=years_filter,
        )
        hops = max(1, min(int(hops or 1), 4))
        elements, message = V.network_elements(
            view, f, focus=focus, hops=hops, budget=element_budget, path=path or []
        )
        if path:
            on_path = {(a, b) for a, b in zip(path, path[1:], strict=False)}
            on_path |= {(b, a) for a, b in on_path}
            # new dicts: the view's elements are remembered for later calls
            elements = [
                {**el, "classes": el.get("classes", "") + " onpath"}
                if (el["data"].get("source"), el["data"].get("target")) in on_path
                else el
                for el in elements
            ]
        elements = decorate(view, elements, measure)  # size by centrality, colour by community
        new_state = merge_state(
            state,
            council=council,
            sphere=spheres,
            tier=tiers,
            theme=themes,
            agreement=agreements,
            programme=programmes,
            kind=None if sorted(kinds or []) == sorted(V.DEFAULT_KINDS) else kinds,
            years=list(years_filter) if years_filter else None,
            hops=hops if hops != 1 else None,
            focus=focus,
            measure=measure or None,
        )
        # the message is one line under the graph; hovering shows all of it
        return elements, html.Span(message, title=message), new_state

    @app.callback(
        Output("cy", "layout"),
        Output("state", "data", allow_duplicate=True),
        Input("layout", "value"),
        State("state", "data"),
        State("cy", "layout"),
        prevent_initial_call=True,
    )
    def set_layout(name, state, current):
        if current and current.get("name") == name:
            # fired because the page was rendered, not chosen: running the layout again
            # would move every node under the user's pointer
            return no_update, no_update
        return layout_options(name), merge_state(state, layout=name)

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("cy", "tapNodeData"),
        prevent_initial_call=True,
    )
    def tap(data):
        return data["id"] if data and data.get("id") in view.g else no_update

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("search", "value"),
        prevent_initial_call=True,
    )
    def searched(value):
        return value if value else no_update

    @app.callback(
        Output("focus", "data"),
        Input("btn-focus", "n_clicks"),
        Input("btn-clear", "n_clicks"),
        State("selected", "data"),
        prevent_initial_call=True,
    )
    def set_focus(focus_clicks, clear_clicks, selected):
        if not (focus_clicks or clear_clicks):
            return no_update
        if ctx.triggered_id == "btn-clear":
            return None
        return selected or no_update

    @app.callback(
        Output("path", "data"),
        Output("notice", "children", allow_duplicate=True),
        Input("btn-path", "n_clicks"),
        State("path-a", "value"),
        State("path-b", "value"),
        prevent_initial_call=True,
    )
    def find_path(n_clicks, a, b):
        if not n_clicks:  # the button was only rendered, not pressed
            return no_update, no_update
        if not a or not b:
            return [], "Choose both ends of the path first."
        # the analytics' projection: through partners, not through a country or a theme
        path, kind = explorer_path(view.g, a, b)
        where = PATH_THROUGH[kind]
        if not path:
            return [], f"No path links {view.name(a)} and {view.name(b)} {where}."
        return path, (
            f"Shortest path, {len(path) - 1} steps {where}: "
            + " → ".join(view.name(n) for n in path)
        )

    @app.callback(
        Output("cy", "generateImage"), Input("btn-png", "n_clicks"), prevent_initial_call=True
    )
    def png(_n):
        if not _n:
            return no_update
        return {"type": "png", "action": "download", "filename": "partnergraph-network"}

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-csv", "n_clicks"),
        State("cy", "elements"),
        prevent_initial_call=True,
    )
    def network_csv(_n, elements):
        if not _n:
            return no_update
        rows = V.element_rows(view, elements or [])
        return dcc.send_string(
            V.rows_to_csv(readable_rows(view, rows), ["id", "kind", "name", "sources"]),
            "partnergraph-network.csv",
        )
