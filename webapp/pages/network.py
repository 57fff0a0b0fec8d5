"""Network: the partnerships as a graph, for the international team to explore.

Filter by council, sphere, tier, theme, agreement, programme, kind and years; search a body by
name; focus on one node and its neighbours; find the shortest path between two; export the view.
The elements come from :func:`webapp.views.network_elements`, within the element budget.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_cytoscape as cyto
from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from .. import views as V
from ..components import (
    DEFAULT_LAYOUT,
    LAYOUTS,
    council_dropdown,
    layout_options,
    legend,
    multi_filter,
    options,
    register_council_chooser,
    register_search_box,
    search_box,
    stylesheet,
)
from ..context import PageContext
from ..drawing_table import drawing_alternative, register_drawing_table
from ..exports import EXPORT_STYLE, export_buttons, register_export_callbacks
from ..measures import (
    MEASURE_STYLE,
    decorate,
    legend_block,
    measure_control,
    register_measure_callbacks,
)
from ..network_draw import base_positions, draw, filters_from, view_key, year_range
from ..network_expand import expand_buttons, register_expand_callbacks
from ..network_labels import LABELS_STYLE, labels_switch, register_labels_callbacks
from ..network_labels import URL_CHECKS as LABEL_CHECKS
from ..network_path import PATH_STYLE, path_between, path_state
from ..network_path import URL_CHECKS as PATH_CHECKS
from ..network_time import register_time_callbacks, time_controls
from ..saved_views import URL_CHECKS as VIEW_CHECKS
from ..saved_views import (
    open_saved_view,
    register_saved_view_callbacks,
    saved_views_panel,
    with_saved_places,
)
from ..state import encode_state, merge_state
from ..views import DEFAULT_KINDS, KIND_STYLE

PATH = "/network"
TITLE = "Network"

#: the address's settings of this page's own: a path's ends, a saved view's name
URL_CHECKS = {**PATH_CHECKS, **VIEW_CHECKS, **LABEL_CHECKS}

#: every box that finds a node by name here: the search and the two ends of a path
SEARCH_BOXES = ("search", "path-a", "path-b")


def open_state(ctx_: PageContext, state: dict[str, Any]) -> dict[str, Any]:
    """The page's settings once a saved view the address names is opened (webapp.shell puts
    them in the address and the shared ``state`` before the page is drawn)."""
    return open_saved_view(ctx_, state, URL_CHECKS)[0]


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    view = ctx_.view
    # a saved view (?view=NAME) under what else the address says, its nodes where it keeps them
    state, places, not_found = open_saved_view(ctx_, state, URL_CHECKS)
    themes = view.nodes_of("Theme")
    programmes = view.nodes_of("FundingProgramme")
    lo, hi = year_range(view)
    yr = state.get("years") or [lo, hi]
    hops = (
        max(1, min(int(state.get("hops") or 1), 4)) if str(state.get("hops") or 1).isdigit() else 1
    )
    # the first view is drawn with the page, not asked for after it (one round trip less)
    f = filters_from(
        state.get("council"),
        state.get("sphere"),
        state.get("tier"),
        state.get("theme"),
        state.get("agreement"),
        state.get("programme"),
        state.get("kind"),
        yr,
        lo,
        hi,
    )
    # a path shared by its link (from, to, through) is drawn with the page
    path = (
        path_between(view, state["from"], state["to"], state.get("through") == "all")
        if state.get("from") and state.get("to")
        else {"ids": [], "note": None}
    )
    elements, message = draw(ctx_, f, state.get("focus"), hops, path["ids"])
    elements = decorate(view, elements, state.get("measure"))  # centrality, communities
    elements = with_saved_places(elements, places)
    if not_found:
        message = f"{not_found} {message}"
    drawn = view_key(f, state.get("focus"), hops, path["ids"])
    controls = html.Div(
        [
            html.Label(["Search", search_box("search", "Type a name or alias…")]),
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
            time_controls(),
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
                                value=hops,
                                style={"width": "4em"},
                            ),
                        ]
                    ),
                    html.Button("Focus on selected", id="btn-focus", n_clicks=0),
                    html.Button("Clear focus", id="btn-clear", n_clicks=0),
                ],
                className="row",
            ),
            expand_buttons(),
            html.Div(
                [
                    html.Label(["Path from", _end_box(view, "path-a", "start…", path.get("from"))]),
                    html.Label(["to", _end_box(view, "path-b", "end…", path.get("to"))]),
                    dcc.Checklist(
                        id="path-hubs",
                        options=[
                            {"label": " through countries, themes and places", "value": "yes"}
                        ],
                        value=["yes"] if state.get("through") == "all" else [],
                    ),
                    html.Button("Shortest path", id="btn-path", n_clicks=0),
                ],
                className="path",
            ),
            html.Label(
                [
                    "Layout",
                    dcc.Dropdown(
                        id="layout",
                        options=[{"label": v, "value": k} for k, v in LAYOUTS.items()],
                        value=state.get("layout") or DEFAULT_LAYOUT,
                        clearable=False,
                        searchable=False,
                    ),
                ]
            ),
            labels_switch(state),
            export_buttons(),
            saved_views_panel(ctx_, state),
        ],
        className="controls",
    )
    graph = html.Div(
        [
            html.Div(
                html.Span(message, title=message),
                id="view-message",
                className="view-message",
                role="status",
            ),
            html.Div(
                [
                    cyto.Cytoscape(
                        id="cy",
                        elements=elements,
                        # a saved view's places are kept as they are
                        layout=layout_options(
                            "preset" if places else state.get("layout") or DEFAULT_LAYOUT
                        ),
                        stylesheet=stylesheet(all_labels=False)
                        + MEASURE_STYLE
                        + PATH_STYLE
                        + LABELS_STYLE
                        + EXPORT_STYLE,
                        style={"width": "100%", "height": "620px"},
                        minZoom=0.1,
                        maxZoom=3,
                        boxSelectionEnabled=False,
                    ),
                    html.Div(id="cy-tip", className="cy-tip", style={"display": "none"}),
                ],
                className="cy-wrap",
            ),
            legend(reference=any("ReferencePlace" in e.get("classes", "") for e in elements)),
            drawing_alternative(elements),  # the drawing as a table (webapp.drawing_table)
            # a narrow window's details card is below the page: this says so (assets/viewport.js)
            html.Button(id="card-peek", className="card-peek", n_clicks=0, hidden=True),
            html.Div(
                legend_block(view, elements, state.get("measure")),
                id="measure-legend",
                role="group",
                **{"aria-label": "measures"},
            ),
            # "" rather than None: a Store given None sets itself at start-up, firing callbacks
            dcc.Store(id="focus", data=state.get("focus") or ""),
            dcc.Store(id="path", data=path),
            dcc.Store(id="all-labels-on", data=False),
            # which view the page was drawn with: the first callback need not send it again
            dcc.Store(id="drawn", data=drawn),
        ],
        className="graph",
    )
    # on a narrow window the controls fold above the graph (assets/viewport.css, viewport.js)
    fold = html.Details(
        [html.Summary("Filters, search, path and exports"), controls],
        id="net-controls",
        className="controls-fold",
    )
    return html.Div([fold, graph], className="network")


def _end_box(view: V.GraphView, box: str, placeholder: str, node: str | None) -> html.Div:
    """A path's end box, showing the end the address chose."""
    if node and node in view.data:
        return search_box(box, placeholder, value=node, name=view.name(node))
    return search_box(box, placeholder)


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    register_drawing_table(app)
    view = ctx_.view
    ctx_.warm(lambda: base_positions(ctx_))  # at start-up (and after a write), not in a wait

    def search(text: str) -> list[tuple[str, str]]:
        return V.search_hits(view, text)

    for box in SEARCH_BOXES:
        register_search_box(app, box, search, view.name)
    register_council_chooser(app, "f-council", view)
    register_measure_callbacks(app, view)

    filter_inputs = [
        Input("f-council", "data"),
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
        Output("notice", "children", allow_duplicate=True),
        Output("drawn", "data"),
        Output("measure-legend", "children"),
        *filter_inputs,
        State("state", "data"),
        State("selected", "data"),
        State("drawn", "data"),
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
        selected,
        drawn,
        ymin,
        ymax,
    ):
        f = filters_from(
            council, spheres, tiers, themes, agreements, programmes, kinds, years, ymin, ymax
        )
        hops = max(1, min(int(hops or 1), 4))
        new_state = merge_state(
            state,
            council=council,
            sphere=spheres,
            tier=tiers,
            theme=themes,
            agreement=agreements,
            programme=programmes,
            kind=None if sorted(kinds or []) == sorted(V.DEFAULT_KINDS) else kinds,
            years=list(f.years) if f.years else None,
            hops=hops if hops != 1 else None,
            focus=focus or None,
            measure=measure or None,
            **path_state(path),
        )
        if selected:
            # the details callback puts the selection in the state too, and may answer first:
            # the state written here keeps it (a search that picks a record not drawn sets
            # the selection, then the focus)
            new_state["select"] = selected
        path = path or {}
        if drawn and drawn == view_key(f, focus, hops, path.get("ids")):
            # the page's first draw: its layout already holds this view (and the address
            # already says so, unless a default was spelt out in it)
            same = encode_state(new_state) == encode_state(state or {})
            kept = no_update if same else new_state
            note = path.get("note") or no_update  # a shared path says what it is
            return no_update, no_update, kept, note, None, no_update
        elements, message = draw(ctx_, f, focus, hops, path.get("ids") or [])
        elements = decorate(view, elements, measure)  # size by centrality, colour by community
        # the message is one line under the graph; hovering shows all of it
        note = path.get("note") if ctx.triggered_id == "path" else no_update
        legend_rows = legend_block(view, elements, measure)
        return elements, html.Span(message, title=message), new_state, note, None, legend_rows

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

    # Picking a node (a click on the graph or a search match) runs in the browser: no round
    # trip, and nothing to wait for while the page loads.
    app.clientside_callback(
        """function (tapped, searched) {
            const ctx = window.dash_clientside.callback_context;
            const id = ctx.triggered.length && ctx.triggered[0].prop_id.startsWith("cy.")
                ? (tapped && tapped.id) : searched;
            return id || window.dash_clientside.no_update;
        }""",
        Output("selected", "data", allow_duplicate=True),
        Input("cy", "tapNodeData"),
        Input("search", "data"),
        prevent_initial_call=True,
    )

    # a view opened on a focus (from the Query page, a hub, a link) has that node selected,
    # so its card opens beside it, unless the address selects another
    app.clientside_callback(
        """function (focus, state, selected) {
            const nu = window.dash_clientside.no_update;
            return focus && !selected && !(state && state.select) ? focus : nu;
        }""",
        Output("selected", "data", allow_duplicate=True),
        Input("focus", "data"),
        State("state", "data"),
        State("selected", "data"),
        prevent_initial_call="initial_duplicate",
    )

    # the selected node highlighted and centred; a node not drawn becomes the focus
    app.clientside_callback(
        ClientsideFunction("explorer", "select"),
        Output("focus", "data", allow_duplicate=True),
        Input("selected", "data"),
        Input("cy", "elements"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("explorer", "hover"),
        Output("cy-tip", "style"),
        Output("cy-tip", "children"),
        Input("cy", "mouseoverNodeData"),
        prevent_initial_call=True,
    )

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
        Input("btn-path", "n_clicks"),
        State("path-a", "data"),
        State("path-b", "data"),
        State("path-hubs", "value"),
        prevent_initial_call=True,
    )
    def find_path(n_clicks, a, b, hubs):
        # the path and what to say about it; the network callback draws and says it
        if not n_clicks:  # the button was only rendered, not pressed
            return no_update
        # the same answer as 'partnergraph query shortest_path' (webapp.network_path)
        return path_between(view, a, b, bool(hubs))

    register_export_callbacks(app, ctx_)  # PNG, SVG, GraphML and CSV of the view
    register_labels_callbacks(app)  # "Show all labels"
    register_expand_callbacks(app, ctx_)  # expand and hide in place
    register_time_callbacks(app)  # step or play the years
    register_saved_view_callbacks(app, ctx_)  # save, open, rename, delete (webapp.saved_views)
    # the controls stand open beside the graph on a wide window, folded on a narrow one
    app.clientside_callback(
        ClientsideFunction("viewport", "unfold"),
        Output("net-controls", "open"),
        Input("net-controls", "id"),
    )
    app.clientside_callback(
        ClientsideFunction("viewport", "peek"),
        Output("card-peek", "children"),
        Output("card-peek", "hidden"),
        Input("details", "children"),
        Input("card-peek", "n_clicks"),
        prevent_initial_call=True,
    )
