"""The Network page's callbacks, each a module-level function of the page's context and the
values Dash hands it (so a test can call it as the browser would), and
:func:`register_network_callbacks`, which wires them to the page's components.

Drawing a view (:func:`redraw`), restyling what is drawn (:func:`restyle`), choosing a layout,
focusing, finding a path; the rest of the page's behaviour lives in its own rooms (exports,
labels, expand and add, multi-selection, years, saved views).
"""

from __future__ import annotations

from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, State, ctx, html, no_update

from . import views as V
from .components import layout_options, register_council_chooser, register_search_box
from .context import PageContext
from .drawing_table import register_drawing_table
from .exports import register_export_callbacks
from .legend import style_legend
from .measures import register_measure_callbacks
from .network_draw import base_positions, draw, filters_from, redrawn, view_key
from .network_expand import register_expand_callbacks
from .network_labels import register_labels_callbacks
from .network_path import path_between, path_state
from .network_select import register_selection_callbacks
from .network_steps import with_steps
from .network_style import style_key, styled
from .network_time import register_time_callbacks
from .saved_views import register_saved_view_callbacks
from .state import encode_state, merge_state

__all__ = [
    "SEARCH_BOXES",
    "find_path",
    "redraw",
    "register_network_callbacks",
    "restyle",
    "set_focus",
    "set_layout",
]

#: every box that finds a node by name here: the search and the two ends of a path
SEARCH_BOXES = ("search", "path-a", "path-b")


def redraw(
    ctx_: PageContext,
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
    size_by,
    colour_by,
    state,
    selected,
    drawn,
    ymin,
    ymax,
):
    """The view the filters, focus and path ask for, styled as chosen: (elements, the sentence
    under the graph, the page's settings, a notice, the drawn marker, the style's key, the key
    for exports)."""
    view = ctx_.view
    council = council or None  # the chooser's store starts at "" for all councils (components)
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
        measure=None,  # an old link's measures are now size_by and colour_by
        size_by=size_by or None,
        colour_by=colour_by or None,
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
        return no_update, no_update, kept, note, None, no_update, no_update
    elements, message = draw(ctx_, f, focus, hops, path.get("ids") or [])
    # drawn anew: the changes in place made to the drawing before are gone from the address
    new_state = with_steps(new_state, {})
    elements = styled(view, elements, size_by, colour_by)
    # the message is one line under the graph; hovering shows all of it
    note = path.get("note") if ctx.triggered_id == "path" else no_update
    key = style_key(view, elements, size_by, colour_by)
    return (
        elements,
        html.Span(message, title=message),
        new_state,
        note,
        None,
        style_legend(key),
        key,
    )


def restyle(ctx_: PageContext, size_by, colour_by, elements, state):
    """What is drawn (expanded, added, dragged) sized and coloured anew, with its key."""
    view = ctx_.view
    elements = styled(view, elements or [], size_by, colour_by)
    key = style_key(view, elements, size_by, colour_by)
    new_state = merge_state(
        state, measure=None, size_by=size_by or None, colour_by=colour_by or None
    )
    return elements, style_legend(key), key, new_state


def set_layout(name, state, current):
    if current and current.get("name") == name:
        # fired because the page was rendered, not chosen: running the layout again
        # would move every node under the user's pointer
        return no_update, no_update
    return layout_options(name), merge_state(state, layout=name)


def set_focus(focus_clicks, clear_clicks, selected):
    if not (focus_clicks or clear_clicks):
        return no_update
    if ctx.triggered_id == "btn-clear":
        return None
    return selected or no_update


def find_path(ctx_: PageContext, n_clicks, a, b, hubs):
    # the path and what to say about it; the network callback draws and says it
    if not n_clicks:  # the button was only rendered, not pressed
        return no_update
    # the same answer as 'partnergraph query shortest_path' (webapp.network_path)
    return path_between(ctx_.view, a, b, bool(hubs))


def register_network_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    """Wire the Network page's callbacks, one feature group at a time (the order is Dash's)."""
    register_drawing_table(app)
    ctx_.warm(lambda: base_positions(ctx_))  # at start-up (and after a write), not in a wait
    _register_finders(app, ctx_)
    _register_view(app, ctx_)
    _register_selection(app)
    _register_path(app, ctx_)
    register_export_callbacks(app, ctx_)  # PNG, SVG, GraphML and CSV of the view
    register_labels_callbacks(app)  # "Show all labels"
    register_expand_callbacks(app, ctx_)  # expand, hide and add in place
    register_selection_callbacks(app, ctx_)  # box and shift-click selection
    register_time_callbacks(app)  # step or play the years
    register_saved_view_callbacks(app, ctx_)  # save, open, rename, delete (webapp.saved_views)
    _register_viewport(app)


def _register_finders(app: dash.Dash, ctx_: PageContext) -> None:
    """The boxes that find a node by name, the council chooser and the measures."""
    view = ctx_.view

    def search(text: str) -> list[tuple[str, str]]:
        return V.search_hits(view, text)

    for box in SEARCH_BOXES:
        register_search_box(app, box, search, view.name)
    register_council_chooser(app, "f-council", view)
    register_measure_callbacks(app, view)


def _register_view(app: dash.Dash, ctx_: PageContext) -> None:
    """What is drawn: the view the filters ask for, its style and its layout."""

    def network(*args: Any):
        out = redraw(ctx_, *args)
        return (*out, redrawn(out[0]))

    app.callback(
        Output("cy", "elements"),
        Output("view-message", "children"),
        Output("state", "data", allow_duplicate=True),
        Output("notice", "children", allow_duplicate=True),
        Output("drawn", "data"),
        Output("measure-legend", "children"),
        Output("style-key", "data"),
        Output("redrawn", "data"),
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
        State("f-size-by", "value"),
        State("f-colour-by", "value"),
        State("state", "data"),
        State("selected", "data"),
        State("drawn", "data"),
        State("f-years", "min"),
        State("f-years", "max"),
        prevent_initial_call="initial_duplicate",
    )(network)

    def style(size_by, colour_by, elements, state):
        out = restyle(ctx_, size_by, colour_by, elements, state)
        return (*out, redrawn(out[0]))

    app.callback(
        Output("cy", "elements", allow_duplicate=True),
        Output("measure-legend", "children", allow_duplicate=True),
        Output("style-key", "data", allow_duplicate=True),
        Output("state", "data", allow_duplicate=True),
        Output("redrawn", "data", allow_duplicate=True),
        Input("f-size-by", "value"),
        Input("f-colour-by", "value"),
        State("cy", "elements"),
        State("state", "data"),
        prevent_initial_call=True,
    )(style)

    app.callback(
        Output("cy", "layout"),
        Output("state", "data", allow_duplicate=True),
        Input("layout", "value"),
        State("state", "data"),
        State("cy", "layout"),
        prevent_initial_call=True,
    )(set_layout)


def _register_selection(app: dash.Dash) -> None:
    """Picking a node, its card, the hover tip, and focusing on what is picked."""
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

    # the selected node highlighted and centred; a node not drawn becomes the focus (again
    # whenever the server sends a new drawing: webapp.network_draw.redrawn)
    app.clientside_callback(
        ClientsideFunction("explorer", "select"),
        Output("focus", "data", allow_duplicate=True),
        Input("selected", "data"),
        Input("redrawn", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("explorer", "hover"),
        Output("cy-tip", "style"),
        Output("cy-tip", "children"),
        Input("cy", "mouseoverNodeData"),
        prevent_initial_call=True,
    )

    app.callback(
        Output("focus", "data"),
        Input("btn-focus", "n_clicks"),
        Input("btn-clear", "n_clicks"),
        State("selected", "data"),
        prevent_initial_call=True,
    )(set_focus)


def _register_path(app: dash.Dash, ctx_: PageContext) -> None:
    """On "Shortest path": the path between the two ends chosen."""

    def path(n_clicks, a, b, hubs):
        return find_path(ctx_, n_clicks, a, b, hubs)

    app.callback(
        Output("path", "data"),
        Input("btn-path", "n_clicks"),
        State("path-a", "data"),
        State("path-b", "data"),
        State("path-hubs", "value"),
        prevent_initial_call=True,
    )(path)


def _register_viewport(app: dash.Dash) -> None:
    """The page on a narrow window: folded controls, and a peek at the card below."""
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
