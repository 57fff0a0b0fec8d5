"""Widgets more than one page uses: council chooser, filters, name search boxes, the "as of"
date, chart toolbars and the Cytoscape style (tables: :mod:`webapp.tables`). Pure functions of
the view and the URL's state; page modules compose them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import dash
from dash import ALL, Input, Output, State, dcc, html, no_update

from .views import KIND_STYLE, TIER_STYLE, GraphView, council_hits

__all__ = [
    "CHART_CONFIG",
    "LAYOUTS",
    "DEFAULT_LAYOUT",
    "FONT",
    "layout_options",
    "stylesheet",
    "options",
    "council_dropdown",
    "as_of_picker",
    "register_council_chooser",
    "COUNCIL_LIST_MAX",
    "multi_filter",
    "search_box",
    "register_search_box",
]

#: every chart's toolbar: no plotly logo, and no "Share chart..." or "Edit in Chart Studio"
#: (they would send the register's figures to a plotly server)
CHART_CONFIG = {"displaylogo": False, "showSendToCloud": False, "showEditInChartStudio": False}

#: the network's layouts: "preset" draws the places the server computed (webapp.positions)
LAYOUTS = {
    "preset": "Arranged (fast)",
    "cose": "Force-directed (refine)",
    "concentric": "Concentric",
    "breadthfirst": "Tree",
    "circle": "Circle",
    "grid": "Grid",
}
DEFAULT_LAYOUT = "preset"
#: a choice of more options than this can be typed into; shorter lists are only clicked (a
#: searchable dropdown indexes every substring of its options as it mounts)
SEARCHABLE_FROM = 20
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'


def layout_options(name: str) -> dict[str, Any]:
    """Cytoscape layout settings; force-directed layouts get room between nodes."""
    opts: dict[str, Any] = {"name": name, "animate": False, "fit": True, "padding": 30}
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


def stylesheet(all_labels: bool = True) -> list[dict[str, Any]]:
    """The Cytoscape style of every graph drawn: shapes and colours by kind, lines by tier.

    With ``all_labels`` off (the network page), only the important nodes are labelled (links
    and well-connected bodies); the rest show their name on hover, when selected, or beside the
    selected node."""
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
    for tier, (colour, _line) in TIER_STYLE.items():
        sheet.append({"selector": f"edge.tier-{tier}", "style": tier_line(tier, colour)})
    sheet.append(
        {"selector": ".Organisation[kind = 'Organisation']", "style": {"width": 24, "height": 24}}
    )
    return sheet + ([] if all_labels else FEW_LABELS) + FOCUS_STYLE + RING_STYLE


#: the Network page's labels: only links, groups, well-connected bodies and what is near the
#: selection or the pointer are named; the rest on hover
FEW_LABELS: list[dict[str, Any]] = [
    {"selector": "node", "style": {"label": ""}},
    {
        "selector": "node.Partnership, node.Group, node[[degree >= 6]], node.nbr, "
        "node.hover, node.sel",
        "style": {
            "label": "data(label)",
            "font-size": 11,
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.8,
            "text-background-padding": 1,
            "min-zoomed-font-size": 6,
        },
    },
]

#: the selected node, its links and neighbours stand out; the rest fade
FOCUS_STYLE: list[dict[str, Any]] = [
    {"selector": ".faded", "style": {"opacity": 0.2}},
    {
        "selector": "node.sel",
        "style": {
            "border-width": 5,
            "border-color": "#ffbf00",
            "width": 30,
            "height": 30,
            "font-size": 13,
            "font-weight": "bold",
            "z-index": 10,
        },
    },
    {"selector": "edge.nbr", "style": {"width": 3, "opacity": 1}},
    {"selector": "node.hover", "style": {"z-index": 20}},
]


#: the rings that must show over any later style (style by property draws them again after
#: its own rules): the node selected, and a dashed orange ring where the papers disagree
#: about a node (a Conflict is ABOUT it)
RING_STYLE: list[dict[str, Any]] = [
    {"selector": "node.sel", "style": {"border-width": 5, "border-color": "#ffbf00"}},
    {
        "selector": "node.conflict",
        "style": {"border-width": 3, "border-style": "dashed", "border-color": "#d9822b"},
    },
]


#: each partnership tier's line: told apart by its pattern as well as its colour (WCAG 1.4.1,
#: issue 27); ``dash`` is Cytoscape's line-dash-pattern (drawn, gap, ...) in pixels
TIER_LINES: dict[str, dict[str, Any]] = {
    "strategic": {"style": "solid", "width": 4, "words": "thick line"},
    "funding-or-projects": {
        "style": "dashed",
        "dash": [12, 4],
        "width": 2.5,
        "words": "long dashes",
    },
    "exploring": {"style": "dashed", "dash": [5, 5], "width": 2, "words": "short dashes"},
    "twinning": {"style": "double", "width": 5, "words": "double line"},
    "network": {"style": "dotted", "width": 2.5, "words": "dots"},
    "informal": {"style": "dashed", "dash": [2, 8], "width": 2, "words": "sparse dots"},
    "domestic": {"style": "dashed", "dash": [10, 3, 2, 3], "width": 2, "words": "dash-dot"},
}
DEFAULT_LINE: dict[str, Any] = {"style": "solid", "width": 2, "words": "thin line"}


def tier_line(tier: str, colour: str) -> dict[str, Any]:
    """The Cytoscape style of a tier's edges."""
    line = TIER_LINES.get(tier, DEFAULT_LINE)
    style: dict[str, Any] = {
        "line-color": colour,
        # this Cytoscape.js draws no "double" line (it warns and draws it solid): solid
        "line-style": "solid" if line["style"] == "double" else line["style"],
        "width": line["width"],
    }
    if "dash" in line:
        style["line-dash-pattern"] = line["dash"]
    return style


def options(values: list[str], view: GraphView | None = None) -> list[dict[str, str]]:
    """Dropdown options for ``values``, labelled with node names when a view is given."""
    return [{"label": view.name(v) if view else v, "value": v} for v in values]


#: up to this many home councils the council chooser is a list to click; with more it is a box
#: the server answers as a person types (a dropdown of 1,000 councils spends seconds of the
#: browser's time indexing every substring of their names as it mounts)
COUNCIL_LIST_MAX = 30


def council_dropdown(
    id_: str,
    view: GraphView,
    state: dict[str, Any],
    *,
    key: str = "council",
    required: bool = False,
) -> html.Label:
    """The home-council chooser every page has; ``required`` preselects the first council.

    Whatever the number of councils, the chosen council's id (or None: all councils) is the
    data of the store ``id_``, so callbacks read ``Input(id_, "data")``. With up to
    :data:`COUNCIL_LIST_MAX` councils it is a short list (``{id_}-list``); with more, a
    :func:`search_box` (``{id_}-text``) answered by the server. The page registers its server
    side with :func:`register_council_chooser`. The whole chooser is ``{id_}-chooser``.
    """
    homes = view.home_councils()
    value = state.get(key) or (homes[0] if required and homes else None)
    if len(homes) <= COUNCIL_LIST_MAX:
        chooser: Any = html.Div(
            [
                dcc.Dropdown(
                    id=f"{id_}-list",
                    options=options(homes, view),
                    value=value,
                    searchable=len(homes) > SEARCHABLE_FROM,
                    clearable=not required,
                    placeholder="All home councils",
                ),
                # "" not None: a Store given None sets itself at start-up, firing every callback it feeds
                dcc.Store(id=id_, data=value if value is not None else ""),
            ]
        )
    else:
        chooser = search_box(
            id_,
            f"Type one of {len(homes):,} councils…"
            if required
            else f"All {len(homes):,} councils; type one…",
            value,
            view.name(value) if value else None,
        )
    return html.Label(
        ["Council" if key == "council" else "Home council", chooser],
        id=f"{id_}-chooser",
        className="council-chooser",
    )


def as_of_picker(
    id_: str, label: str, state: dict[str, Any], *, clearable: bool = False
) -> html.Label:
    """The date a page judges as of (the address's ``as_of``), empty for today, which its
    placeholder names."""
    return html.Label(
        [
            label,
            dcc.DatePickerSingle(
                id=id_,
                date=state.get("as_of"),
                display_format="YYYY-MM-DD",
                placeholder=f"today ({dt.date.today().isoformat()})",
                clearable=clearable,
            ),
        ]
    )


def register_council_chooser(
    app: dash.Dash, id_: str, view: GraphView, *, required: bool = False
) -> None:
    """The callbacks of :func:`council_dropdown` ``id_``, for either form it takes: the list's
    choice copied into the store (in the browser), or the box's matches found on the server.
    Emptying the box of a chooser that is not ``required`` chooses all councils again."""
    app.clientside_callback(
        "function (value) { return value || null; }",
        Output(id_, "data", allow_duplicate=True),
        Input(f"{id_}-list", "value"),
        prevent_initial_call=True,
    )
    register_search_box(app, id_, lambda text: council_hits(view, text), view.name)
    if required:
        return
    app.clientside_callback(
        """function (text) {
            const nu = window.dash_clientside.no_update;
            return text ? [nu, nu] : [null, ""];
        }""",
        Output(id_, "data", allow_duplicate=True),
        Output(f"{id_}-chosen", "children", allow_duplicate=True),
        Input(f"{id_}-text", "value"),
        prevent_initial_call=True,
    )


def multi_filter(
    label: str, id_: str, choices: list[dict[str, str]], value: list[str]
) -> html.Label:
    """A labelled multi-choice filter."""
    return html.Label(
        [
            label,
            dcc.Dropdown(
                id=id_,
                multi=True,
                options=choices,
                value=value,
                searchable=len(choices) > SEARCHABLE_FROM,
            ),
        ]
    )


def search_box(
    box_id: str, placeholder: str, value: str | None = None, name: str | None = None
) -> html.Div:
    """A box that finds a node by name, answered by the server as a person types.

    The chosen node's id is the data of the store ``box_id``; callbacks read
    ``Input(box_id, "data")``. The text box is ``{box_id}-text`` and the ranked matches are
    buttons in ``{box_id}-hits`` (exact names, then prefixes, then near misses, so a typo still
    finds its node): click one, or press Enter for the best. No option list is sent with the
    page, whatever the graph's size, and the server never rewrites the text while a person
    types, so nothing typed is lost. :func:`register_search_box` is its server side.
    """
    return html.Div(
        [
            dcc.Input(
                id=f"{box_id}-text",
                type="search",
                placeholder=placeholder,
                value=name or "",
                autoComplete="off",
                debounce=False,
                className="search-text",
            ),
            html.Div(id=f"{box_id}-hits", className="search-hits", role="listbox"),
            html.Div(
                f"Chosen: {name}" if value and name else "",
                id=f"{box_id}-chosen",
                className="search-chosen",
                role="status",
            ),
            # "" not None: a Store given None sets itself at start-up, firing every callback it feeds
            dcc.Store(id=box_id, data=value if value is not None else ""),
        ],
        className="search-box",
    )


SearchFn = Callable[[str], list[tuple[str, str]]]


def register_search_box(
    app: dash.Dash, box_id: str, search: SearchFn, name_of: Callable[[str], str]
) -> None:
    """The server side of :func:`search_box`: ``search(text)`` gives ranked (id, label) pairs,
    ``name_of(id)`` the name the box shows once a node is picked."""

    @app.callback(
        Output(f"{box_id}-hits", "children"),
        Input(f"{box_id}-text", "value"),
        State(box_id, "data"),
        prevent_initial_call=True,
    )
    def hits(text, chosen):
        if not text or (chosen and text == name_of(chosen)):
            return []
        return [
            html.Button(
                label,
                id={"type": "hit", "box": box_id, "id": node},
                title=name_of(node),
                n_clicks=0,
                className="hit",
                role="option",
            )
            for node, label in search(text)
        ] or html.Div("Nothing matches.", className="no-hits")

    # a match clicked: in the browser, no round trip (the button's own label holds the name)
    app.clientside_callback(
        """function (clicks, hits) {
            const nu = window.dash_clientside.no_update;
            const t = window.dash_clientside.callback_context.triggered;
            if (!t.length || !t[0].value) { return [nu, nu, nu, nu]; }  // drawn, not clicked
            const id = JSON.parse(t[0].prop_id.slice(0, t[0].prop_id.lastIndexOf("."))).id;
            const hit = (Array.isArray(hits) ? hits : []).find(
                h => h && h.props && h.props.id && h.props.id.id === id);
            const label = hit ? hit.props.children : id;
            const name = hit ? hit.props.title : id;
            return [id, name, [], "Chosen: " + label];
        }""",
        Output(box_id, "data"),
        Output(f"{box_id}-text", "value"),
        Output(f"{box_id}-hits", "children", allow_duplicate=True),
        Output(f"{box_id}-chosen", "children"),
        Input({"type": "hit", "box": box_id, "id": ALL}, "n_clicks"),
        State(f"{box_id}-hits", "children"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(box_id, "data", allow_duplicate=True),
        Output(f"{box_id}-text", "value", allow_duplicate=True),
        Output(f"{box_id}-hits", "children", allow_duplicate=True),
        Output(f"{box_id}-chosen", "children", allow_duplicate=True),
        Input(f"{box_id}-text", "n_submit"),
        State(f"{box_id}-text", "value"),
        prevent_initial_call=True,
    )
    def best(_submitted, text):
        # Enter: the best match, found on the server (the matches shown may be for less text)
        found = search(text) if text else []
        if not found:
            return no_update, no_update, no_update, "Nothing matches."
        node, label = found[0]
        return node, name_of(node), [], f"Chosen: {label}"
