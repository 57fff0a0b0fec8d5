"""Selecting many nodes on the Network page's canvas (Kumu's, Bloom's and Linkurious's): drag
a box with Shift held, or Shift-click nodes one by one. A panel over the graph then says how
many are selected and what can be done with them: hide them, expand them (their neighbours
join the drawing round each), or focus on them (everything else leaves the drawing). A plain
click selects one node again, as before."""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, dcc, html, no_update

from .context import PageContext
from .network_draw import redrawn
from .network_expand import EXPAND_MAX, expanded, hidden, undoable
from .network_steps import after, steps_of
from .network_style import restyled

__all__ = ["kept_only", "register_selection_callbacks", "selection_panel"]


def selection_panel() -> html.Div:
    """The panel a multi-selection shows (hidden while fewer than two nodes are selected)."""
    return html.Div(
        [
            html.Span(id="multi-count", role="status"),
            html.Button("Hide these", id="btn-multi-hide", n_clicks=0,
                        title="Take the selected nodes and their links off the drawing"),
            html.Button("Expand these", id="btn-multi-expand", n_clicks=0,
                        title="Add each selected node's neighbours to the drawing"),
            html.Button("Focus on these", id="btn-multi-focus", n_clicks=0,
                        title="Keep only the selected nodes and the links between them"),
            html.Button("Clear selection", id="btn-multi-clear", n_clicks=0),
            html.Span(
                "Shift-drag a box or Shift-click to select more.", className="note"
            ),
            # "" not None: a Store given None sets itself at start-up, firing callbacks
            dcc.Store(id="multi-request", data=""),
        ],
        id="multi-panel",
        className="multi-panel",
        hidden=True,
        role="group",
        **{"aria-label": "selected nodes"},
    )  # fmt: skip


def kept_only(elements: list[dict], nodes: set[str]) -> list[dict]:
    """``elements`` with only ``nodes`` and the links between them."""
    return [
        el
        for el in elements
        if (
            el["data"].get("source") in nodes and el["data"].get("target") in nodes
            if "source" in el["data"]
            else el["data"].get("id") in nodes
        )
    ]


def apply_request(
    ctx_: PageContext, elements: list[dict], request: dict[str, Any]
) -> tuple[list[dict] | None, str]:
    """What a multi-selection's button does to the drawing, and what it says; None: no change."""
    view = ctx_.view
    ids = [i for i in request.get("ids") or [] if isinstance(i, str)]
    if not ids:
        return None, "Nothing is selected."
    action = request.get("action")
    if action == "hide":
        for n in ids:
            elements = hidden(elements, n)
        return elements, f"Hid {len(ids)} nodes and their links."
    if action == "focus":
        kept = kept_only(elements, set(ids))
        return kept, f"Showing only the {len(ids)} selected nodes and the links between them."
    if action == "expand":
        at = request.get("at") if isinstance(request.get("at"), dict) else {}
        limit = ctx_.element_budget + EXPAND_MAX * 4
        said = []
        for n in ids:
            grown, words = expanded(view, elements, n, at.get(n))
            if len(grown) > limit:
                said.append("The drawing is full: the rest were not expanded.")
                break
            elements = grown
            said.append(words)
        return elements, " ".join(said)
    return None, ""


def register_selection_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    # how many are selected, in the browser as the selection changes
    app.clientside_callback(
        """function (nodes) {
            const n = (nodes || []).length;
            return [n < 2, n < 2 ? "" : n + " selected:"];
        }""",
        Output("multi-panel", "hidden"),
        Output("multi-count", "children"),
        Input("cy", "selectedNodeData"),
        prevent_initial_call=True,
    )
    # the button pressed, with the selected nodes and their places, read where the drawing is
    app.clientside_callback(
        """function (h, e, f, c) {
            const nu = window.dash_clientside.no_update;
            const t = window.dash_clientside.callback_context.triggered;
            if (!t.length || !t[0].value) { return nu; }
            const el = document.getElementById("cy");
            const cy = el && el._cyreg && el._cyreg.cy;
            if (!cy) { return nu; }
            const picked = cy.nodes(":selected");
            const id = t[0].prop_id.split(".")[0];
            if (id === "btn-multi-clear") { picked.unselect(); return nu; }
            const at = {};
            picked.forEach(function (n) { at[n.id()] = n.position(); });
            return {action: id.replace("btn-multi-", ""), ids: picked.map(n => n.id()),
                    at: at, t: Date.now()};
        }""",
        Output("multi-request", "data"),
        Input("btn-multi-hide", "n_clicks"),
        Input("btn-multi-expand", "n_clicks"),
        Input("btn-multi-focus", "n_clicks"),
        Input("btn-multi-clear", "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("cy", "elements", allow_duplicate=True),
        Output("notice", "children", allow_duplicate=True),
        Output("selected", "data", allow_duplicate=True),
        Output("state", "data", allow_duplicate=True),
        Output("measure-legend", "children", allow_duplicate=True),
        Output("style-key", "data", allow_duplicate=True),
        Output("redrawn", "data", allow_duplicate=True),
        Output("undo-drawing", "data", allow_duplicate=True),
        Input("multi-request", "data"),
        State("cy", "elements"),
        State("selected", "data"),
        State("state", "data"),
        State("f-size-by", "value"),
        State("f-colour-by", "value"),
        prevent_initial_call=True,
    )
    def act(request, elements, selected, state, size_by, colour_by):
        grown, said, chosen, new_state, legend, key = acted(
            request, elements, selected, state, size_by, colour_by
        )
        if grown is not no_update:
            # the change is kept in the address too (webapp.network_steps): a reload draws it
            kind = {"focus": "only"}.get(request.get("action"), request.get("action"))
            ids = [i for i in request.get("ids") or [] if isinstance(i, str)]
            base = state if new_state is no_update else new_state
            new_state, warn = after(base, kind, ids, elements, grown)
            said = (said if isinstance(said, str) else "") + warn or no_update
        out = (grown, said, chosen, new_state, legend, key)
        # a change in place, like one node's hide or expand: places kept, and Undo puts the
        # drawing back (focus draws anew, as a filter does, so Undo stops there)
        if isinstance(request, dict) and request.get("action") == "focus":
            return (*out, redrawn(out[0]), no_update)
        return (*out, *undoable(out[0], elements, steps_of(state)))

    def acted(request, elements, selected, state, size_by, colour_by):
        nu = no_update
        if not isinstance(request, dict):
            return nu, nu, nu, nu, nu, nu
        limit = ctx_.element_budget + EXPAND_MAX * 4
        changed, said = apply_request(ctx_, (elements or [])[:limit], request)
        if changed is None:
            return nu, said or nu, nu, nu, nu, nu
        # what stays and what joins is styled as before, and the key counts it
        changed, legend, key = restyled(ctx_.view, changed, size_by, colour_by)
        drawn = {el["data"].get("id") for el in changed if "source" not in el["data"]}
        if selected and selected not in drawn:
            # the node whose card is open left the drawing: it is no longer selected (a
            # selection not drawn would become the focus)
            state = {k: v for k, v in (state or {}).items() if k != "select"}
            return changed, said or nu, None, state, legend, key
        return changed, said or nu, nu, nu, legend, key
