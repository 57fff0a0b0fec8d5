"""Network: the partnerships as a graph, for the international team to explore.

Filter by council, sphere, tier, theme, agreement, programme, kind and years; search a body by
name; focus on one node and its neighbours; find the shortest path between two; size and
colour nodes by a property; select many on the canvas; export the view; save it by name.
The elements come from :func:`webapp.views.network_elements`, within the element budget. This
module lays the page out; its controls are built in :mod:`webapp.network_controls`, its
callbacks live in :mod:`webapp.network_callbacks`, its exports in :mod:`webapp.exports`.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_cytoscape as cyto
from dash import dcc, html

from ..components import DEFAULT_LAYOUT, layout_options, stylesheet
from ..context import PageContext
from ..drawing_table import drawing_alternative
from ..exports import EXPORT_STYLE
from ..later import AfterGraph
from ..legend import legend, style_legend
from ..measures import style_of
from ..network_callbacks import SEARCH_BOXES, register_network_callbacks
from ..network_controls import controls
from ..network_draw import draw, filters_of_state, view_key, year_range
from ..network_labels import LABELS_STYLE
from ..network_labels import URL_CHECKS as LABEL_CHECKS
from ..network_path import PATH_STYLE, path_between
from ..network_path import URL_CHECKS as PATH_CHECKS
from ..network_replay import replayed
from ..network_select import selection_panel
from ..network_steps import STEP_KEYS
from ..network_steps import URL_CHECKS as STEP_CHECKS
from ..network_style import STYLE_CSS, style_key, styled
from ..network_style import URL_CHECKS as STYLE_CHECKS
from ..saved_views import URL_CHECKS as VIEW_CHECKS
from ..saved_views import framed_layout, open_saved_view, with_saved_places

PATH = "/network"
TITLE = "Network"

__all__ = ["PATH", "TITLE", "URL_CHECKS", "SEARCH_BOXES", "layout", "open_state"]

#: the address's settings of this page's own: a path's ends, a saved view's name, the style,
#: the changes made in place
URL_CHECKS = {**PATH_CHECKS, **VIEW_CHECKS, **LABEL_CHECKS, **STYLE_CHECKS, **STEP_CHECKS}


def open_state(ctx_: PageContext, state: dict[str, Any]) -> dict[str, Any]:
    """The page's settings once a saved view the address names is opened (webapp.shell puts
    them in the address and the shared ``state`` before the page is drawn); an old link's
    ``measure`` read as the style it meant."""
    state = open_saved_view(ctx_, state, URL_CHECKS)[0]
    return _styled_state(state)


def _styled_state(state: dict[str, Any]) -> dict[str, Any]:
    if not state.get("measure"):
        return state
    size_by, colour_by = style_of(state)
    state = {k: v for k, v in state.items() if k != "measure"}
    return {**state, **({"size_by": size_by} if size_by else {}),
            **({"colour_by": colour_by} if colour_by else {})}  # fmt: skip


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    """The page: its controls (folded above the graph on a narrow window) and the graph, with
    the first view drawn with the page, not asked for after it (one round trip less)."""
    view = ctx_.view
    # a saved view (?view=NAME) under what else the address says, its nodes where it keeps them
    state, places, not_found = open_saved_view(ctx_, state, URL_CHECKS)
    state = _styled_state(state)
    size_by, colour_by = state.get("size_by"), state.get("colour_by")
    lo, hi = year_range(view)
    yr = state.get("years") or [lo, hi]
    hops = (
        max(1, min(int(state.get("hops") or 1), 4)) if str(state.get("hops") or 1).isdigit() else 1
    )
    f = filters_of_state(state, yr, lo, hi)
    # a path shared by its link (from, to, through) is drawn with the page
    path = (
        path_between(view, state["from"], state["to"], state.get("through") == "all")
        if state.get("from") and state.get("to")
        else {"ids": [], "note": None}
    )
    elements, message = _first_drawing(ctx_, f, state.get("focus"), hops, path, places)
    if any(state.get(k) for k in STEP_KEYS):  # expanded, added, hidden before a reload
        elements, kept = replayed(ctx_, elements, state)
        message += kept
    elements = styled(view, elements, size_by, colour_by)
    key = style_key(view, elements, size_by, colour_by)
    if not_found:
        message = f"{not_found} {message}"
    drawn = view_key(f, state.get("focus"), hops, path["ids"])
    graph = html.Div(
        [
            html.Div(
                html.Span(message, title=message),
                id="view-message",
                className="view-message",
                role="status",
            ),
            _canvas(elements, places, state),
            *_keys(elements, key),
            # a narrow window's details card is below the page: this says so (assets/viewport.js)
            html.Button(id="card-peek", className="card-peek", n_clicks=0, hidden=True),
            *_stores(state, path, key, drawn),
        ],
        className="graph",
    )
    # on a narrow window the controls fold above the graph (assets/viewport.css, viewport.js)
    fold = html.Details(
        [
            html.Summary("Filters, search, path and exports"),
            # mounted once the graph is painted: the graph is not held back by them
            AfterGraph(controls(ctx_, state, path, hops, yr, (lo, hi), (size_by, colour_by))),
        ],
        id="net-controls",
        className="controls-fold",
    )
    return html.Div([fold, graph], className="network")


def _first_drawing(ctx_: PageContext, f, focus, hops: int, path: dict, places: dict):
    """The view's elements (a saved view's as saved) and the sentence under the graph."""
    elements, message = draw(ctx_, f, focus, hops, path["ids"])
    # a saved view's drawing as saved: its nodes where it keeps them, expanded and added ones too
    if places:
        elements = with_saved_places(elements, places, ctx_.view)
        count = sum(1 for el in elements if "source" not in el["data"])
        message += f" Drawn as saved: {count} nodes, each where it was left."
    return elements, message


def _canvas(elements: list[dict], places: dict, state: dict[str, Any]) -> html.Div:
    """The graph itself, the selection's panel over its top edge and the hover tip."""
    return html.Div(
        [
            # over the graph's top edge, so the canvas never moves under the pointer
            selection_panel(),
            cyto.Cytoscape(
                id="cy",
                elements=elements,
                # a saved view's places are kept as they are, in sight as it was saved
                layout=framed_layout(places)
                if places or getattr(places, "framing", None)
                else layout_options(state.get("layout") or DEFAULT_LAYOUT),
                stylesheet=stylesheet(all_labels=False)
                + STYLE_CSS
                + PATH_STYLE
                + LABELS_STYLE
                + EXPORT_STYLE,
                style={"width": "100%", "height": "620px"},
                minZoom=0.1,
                # a fit never blows a small view up past 2x: a focus with one neighbour at 3x
                # ran the neighbour's name off an 800 px canvas (labels are drawn after it)
                maxZoom=2,
                # Shift-drag a box (or Shift-click) to select many (webapp.network_select)
                boxSelectionEnabled=True,
                # dash-cytoscape would run the whole layout again 100 ms after any add or
                # remove; assets/explorer.js does it at once (a fit, for the places every
                # view is sent with)
                autoRefreshLayout=False,
            ),
            html.Div(id="cy-tip", className="cy-tip", style={"display": "none"}),
            # the drawing's name for a screen reader, kept up to date by assets/a11y.js
            html.Span(id="cy-name", className="visually-hidden"),
        ],
        className="cy-wrap",
    )


def _keys(elements: list[dict], key) -> list[Any]:
    """What the drawing means: the kinds' legend, the style's key, and the drawing as a table."""
    return [
        AfterGraph(
            legend(reference=any("ReferencePlace" in e.get("classes", "") for e in elements))
        ),
        html.Div(
            style_legend(key),
            id="measure-legend",
            role="group",
            **{"aria-label": "what sizes and colours mean"},
        ),
        drawing_alternative(elements),  # the drawing as a table (webapp.drawing_table)
    ]


def _stores(state: dict[str, Any], path: dict, key, drawn) -> list[dcc.Store]:
    """The page's memory in the browser: focus, path, labels, the style's key, what is drawn
    and when it was last sent."""
    return [
        # "" rather than None: a Store given None sets itself at start-up, firing callbacks
        dcc.Store(id="focus", data=state.get("focus") or ""),
        dcc.Store(id="path", data=path),
        dcc.Store(id="all-labels-on", data=False),
        # the style's key, for the exports' legends (assets/exports.js)
        dcc.Store(id="style-key", data=key),
        # which view the page was drawn with: the first callback need not send it again
        dcc.Store(id="drawn", data=drawn),
        # set each time a callback sends new elements (webapp.network_draw.redrawn)
        dcc.Store(id="redrawn", data=""),
    ]


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    register_network_callbacks(app, ctx_)
