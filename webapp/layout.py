"""Page layouts of the explorer. Pure functions of the view and the URL's state."""

from __future__ import annotations

from typing import Any

import dash_cytoscape as cyto
from dash import dash_table, dcc, html

from . import views as V
from .views import DEFAULT_KINDS, KIND_STYLE, TIER_STYLE, GraphView

PAGES = [
    ("/network", "Network"),
    ("/map", "Map"),
    ("/matrix", "Activity matrix"),
    ("/health", "Link health"),
    ("/evaluate", "Evaluate"),
    ("/query", "Query"),
    ("/costs", "Costs & benefits"),
]
LAYOUTS = ["cose", "concentric", "breadthfirst", "circle", "grid"]


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
    return sheet


def legend() -> html.Div:
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
        ],
        className="legend",
        **{"aria-label": "legend"},
    )


def _opts(values: list[str], view: GraphView | None = None) -> list[dict[str, str]]:
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
                options=_opts(homes, view),
                value=value,
                clearable=not required,
                placeholder="All home councils",
            ),
        ]
    )


def multi_filter(
    label: str, id_: str, options: list[dict[str, str]], value: list[str]
) -> html.Label:
    """A labelled multi-choice filter."""
    return html.Label([label, dcc.Dropdown(id=id_, multi=True, options=options, value=value)])


#: every box that finds a node by name: the network search and the two ends of a path
SEARCH_BOXES = ("search", "path-a", "path-b")


def search_box(view: GraphView, box_id: str, placeholder: str, clearable: bool = False) -> list:
    """A box that finds a node by name; the chosen node id is the dropdown ``box_id``'s value.

    Small graphs: that dropdown, with every name sent once and filtered in the browser. Large
    ones: the dropdown is hidden and a text box (``{box_id}-text``) takes its place, with
    suggestions from the server in a datalist (``{box_id}-list``); picking one, or pressing
    Enter for the best match, sets the hidden dropdown's value (see ``webapp.app``), so the
    callbacks reading it do not care which box a person typed in. Dash's dropdown, fed options
    from the server as a person types, drops characters typed while answers arrive; a plain
    text box is never rewritten by the server, so what is typed stays typed.
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


def shell(view: GraphView, notice: str | None) -> html.Div:
    nav = html.Nav(
        [
            dcc.Link(title, href=path, id=f"nav-{path.strip('/')}", className="nav-link")
            for path, title in PAGES
        ],
        className="nav",
        **{"aria-label": "pages"},
    )
    return html.Div(
        [
            dcc.Location(id="url", refresh=False),
            dcc.Store(id="state", data={}),
            dcc.Store(id="selected", data=None),
            dcc.Download(id="download"),
            html.Header(
                [
                    html.H1("partnergraph"),
                    html.Span(
                        f"{view.g.number_of_nodes()} nodes · {view.g.number_of_edges()} relationships · "
                        f"{view.store.kind} store",
                        className="subtitle",
                    ),
                    nav,
                ],
                className="header",
            ),
            html.Div(notice or "", id="notice", className="notice", role="status"),
            html.Main(
                [
                    html.Div(id="page", className="page"),
                    html.Aside(
                        details_placeholder(),
                        id="details",
                        className="details",
                        **{"aria-label": "details"},
                    ),
                ],
                className="main",
            ),
        ]
    )


def details_placeholder() -> list:
    return [
        html.H2("Details"),
        html.P(
            "Click a node, a map marker or a table row to see its "
            "properties, relationships and sources."
        ),
    ]


def network_page(view: GraphView, state: dict[str, Any]) -> html.Div:
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
                _opts(view.values("Partnership", "sphere")),
                state.get("sphere") or [],
            ),
            multi_filter(
                "Tier", "f-tier", _opts(view.values("Partnership", "tier")), state.get("tier") or []
            ),
            multi_filter("Theme", "f-theme", _opts(themes, view), state.get("theme") or []),
            multi_filter(
                "Agreement type",
                "f-agreement",
                _opts(view.values("Agreement", "type")),
                state.get("agreement") or [],
            ),
            multi_filter(
                "Funding programme",
                "f-programme",
                _opts(programmes, view),
                state.get("programme") or [],
            ),
            multi_filter(
                "Kinds shown",
                "f-kind",
                _opts(sorted(KIND_STYLE)),
                state.get("kind") or list(DEFAULT_KINDS),
            ),
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
                        options=_opts(LAYOUTS),
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
                stylesheet=stylesheet(),
                style={"width": "100%", "height": "620px"},
                minZoom=0.1,
                maxZoom=3,
                boxSelectionEnabled=False,
            ),
            legend(),
            dcc.Store(id="focus", data=state.get("focus")),
            dcc.Store(id="path", data=[]),
        ],
        className="graph",
    )
    return html.Div([controls, graph], className="network")


def map_page(view: GraphView, state: dict[str, Any]) -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    council_dropdown("m-council", view, state),
                    html.Label(
                        [
                            "Colour by",
                            dcc.RadioItems(
                                id="m-colour",
                                options=[
                                    {"label": "tier", "value": "tier"},
                                    {"label": "distance", "value": "distance"},
                                ],
                                value="tier",
                                inline=True,
                            ),
                        ]
                    ),
                ],
                className="controls-inline",
            ),
            dcc.Graph(
                id="map",
                style={"height": "560px"},
                # the base map is served from webapp/assets/topojson, not plotly's CDN
                config={"displaylogo": False, "topojsonURL": "/assets/topojson/"},
            ),
            html.P(id="map-note", className="note"),
        ]
    )


def matrix_page(view: GraphView, state: dict[str, Any]) -> html.Div:
    return html.Div(
        [
            html.P(
                "The strategy's annual matrix of international activity: which units work with "
                "which partners (partnerships they own, projects they run together). Click a "
                "cell for the partner's details."
            ),
            council_dropdown("x-council", view, state),
            dcc.Graph(id="matrix", config={"displaylogo": False}),
            html.Button("Export CSV", id="btn-matrix-csv", n_clicks=0),
        ]
    )


FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'


def table(
    id_: str, columns: list[str], page_size: int = 15, wide: tuple[str, ...] = ()
) -> dash_table.DataTable:
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


def health_page(view: GraphView, state: dict[str, Any]) -> html.Div:
    return html.Div(
        [
            html.P(
                "The strategy's monitoring rules as checks: links above informal networking "
                "without an MoU or similar agreement, links without clear objectives, annual "
                "review overdue, no activity recorded."
            ),
            html.Div(
                [
                    council_dropdown("h-council", view, state, required=True),
                    html.Label(
                        [
                            "Judge reviews as of",
                            dcc.DatePickerSingle(
                                id="h-asof", date=state.get("as_of"), display_format="YYYY-MM-DD"
                            ),
                        ]
                    ),
                    html.Label(
                        [
                            "Check",
                            dcc.Dropdown(
                                id="h-issue",
                                multi=True,
                                options=_opts(
                                    [
                                        "no MoU",
                                        "no objectives",
                                        "no review recorded",
                                        "review overdue",
                                        "no activity recorded",
                                    ]
                                ),
                                value=state.get("issue") or [],
                            ),
                        ]
                    ),
                ],
                className="controls-inline",
            ),
            table(
                "health-table",
                ["partner_name", "rule", "evidence", "clause", "tier_source"],
                wide=("evidence", "clause", "tier_source"),
            ),
            html.Button("Export CSV", id="btn-health-csv", n_clicks=0),
        ]
    )


def costs_page(view: GraphView, state: dict[str, Any]) -> html.Div:
    return html.Div(
        [
            html.P(
                "Costs and financial benefits per unit or project, as the papers print them "
                "(£m per year), with their sources. Rows marked time limited are costs 2005-2007."
            ),
            dcc.Graph(id="costs-chart", config={"displaylogo": False}),
            table(
                "costs-table",
                [
                    "subject",
                    "directorate",
                    "period",
                    "cost_as_printed",
                    "benefit_as_printed",
                    "time_limited",
                    "table",
                    "sources",
                ],
            ),
            html.Button("Export CSV", id="btn-costs-csv", n_clicks=0),
        ]
    )


def query_page(view: GraphView, state: dict[str, Any]) -> html.Div:
    from graphmodel.queries import QUERIES

    children = [
        html.Label(
            [
                "Named query",
                dcc.Dropdown(
                    id="q-name",
                    options=[
                        {"label": f"{q.name} — {q.description[:80]}", "value": q.name}
                        for q in sorted(QUERIES.values(), key=lambda q: q.name)
                    ],
                    value=state.get("q") or "partners",
                    clearable=False,
                ),
            ]
        ),
        html.Div(id="q-params", className="q-params"),
        html.Button("Run", id="btn-run", n_clicks=0),
        html.Div(id="q-message", className="view-message", role="status"),
        table("q-table", []),
        html.Button("Export CSV", id="btn-q-csv", n_clicks=0),
        cyto.Cytoscape(
            id="q-graph",
            elements=[],
            layout={"name": "cose", "animate": False},
            stylesheet=stylesheet(),
            style={"width": "100%", "height": "360px"},
        ),
    ]
    if view.store.kind == "neo4j":
        children += [
            html.H2("Cypher console (read only)"),
            dcc.Textarea(
                id="cypher-text",
                value="MATCH (p:Partnership) RETURN p.name AS name, p.tier AS tier LIMIT 25",
                style={"width": "100%", "height": "6em"},
            ),
            html.Button("Run Cypher", id="btn-cypher", n_clicks=0),
            html.Div(id="cypher-message", className="view-message", role="status"),
            table("cypher-table", []),
        ]
    return html.Div(children)


PAGE_BUILDERS = {
    "/network": network_page,
    "/map": map_page,
    "/matrix": matrix_page,
    "/health": health_page,
    "/query": query_page,
    "/costs": costs_page,
}
