"""Explore in place on the Network page (Kumu's and Bloom's): double-click a node (or select it
and press "Expand") to add its neighbours to the drawing, around it, where nothing else moves;
"Collapse" takes off again what expanding it added (each node added carries ``expanded_from``,
the node whose expansion added it, so a collapse removes exactly those and what expanding them
added in turn); "Hide" takes the selected node and its links off the drawing; "Undo" puts
back the drawing before the last of these, until the view is drawn anew; "Add to view" puts the record
typed in Search on the drawing with its links to what is drawn, without refocusing. The rest of
the view stays as drawn, dragged nodes included."""

from __future__ import annotations

import math
import time
from typing import Any

import dash
from dash import Input, Output, State, dcc, html, no_update

from . import network_steps as steps
from . import views as V
from .context import PageContext
from .network import elements_for
from .network_style import restyled

__all__ = [
    "EXPAND_MAX",
    "add_button",
    "added",
    "collapsed",
    "expand_buttons",
    "expanded",
    "hidden",
    "in_place",
    "on_add",
    "on_collapse",
    "on_undo",
    "on_expand",
    "on_hide",
    "register_expand_callbacks",
    "undoable",
]

#: the most neighbours one expansion adds (the rest are counted in the notice)
EXPAND_MAX = 60
#: records that are not bodies in the network: never added by an expansion
NOT_DRAWN = frozenset({"Document", "Conflict", "CostBenefit", "CostBenefitTable"})


def in_place(elements: Any) -> Any:
    """The ``redrawn`` store's value when the drawing changed in place (a stamp that differs
    each time, as :func:`webapp.network_draw.redrawn`'s): it starts "in-place", so the page's
    script keeps every node where it is instead of running a chosen layout (force-directed,
    circle, ...) over the whole drawing again (``assets/explorer.js``)."""
    return no_update if elements is no_update else f"in-place {time.time_ns()}"


def undoable(grown: Any, before: Any, steps: dict | None = None) -> tuple[Any, Any]:
    """The ``redrawn`` stamp of a change in place (:func:`in_place`) and what "Undo" puts back
    (the drawing ``before`` it, and the changes in place the address carried then:
    :mod:`webapp.network_steps`, under that stamp), or two ``no_update`` when nothing
    changed."""
    stamp = in_place(grown)
    if stamp is no_update:
        return no_update, no_update
    return stamp, {"stamp": stamp, "elements": before or [], "steps": steps or {}}


def on_undo(ctx_: PageContext, n, undo, stamp, size_by, colour_by):
    """On "Undo": the drawing before the last change in place, if nothing has been redrawn
    since (a filter, a focus), what was done, the style's legend and key, the new stamp and the
    emptied undo (the callback's six outputs)."""
    nu = no_update
    if not n:
        return nu, nu, nu, nu, nu, nu
    if not isinstance(undo, dict) or undo.get("stamp") != stamp:
        said = (
            "Nothing to undo: Undo puts back the drawing before the last expand, collapse, "
            "add or hide, until the view is drawn anew."
        )
        return nu, said, nu, nu, nu, nu
    back, legend, key = restyled(ctx_.view, undo.get("elements") or [], size_by, colour_by)
    said = "Undone: the drawing is as it was before the last change."
    return back, said, legend, key, in_place(back), ""


def expand_buttons() -> html.Div:
    return html.Div(
        [
            html.Button(
                "Expand selected",
                id="btn-expand",
                n_clicks=0,
                title="Add the selected node's neighbours to the drawing (or double-click a node)",
            ),
            html.Button(
                "Collapse selected",
                id="btn-collapse",
                n_clicks=0,
                title="Take off the drawing what expanding the selected node added",
            ),
            html.Button(
                "Hide selected",
                id="btn-hide",
                n_clicks=0,
                title="Take the selected node and its links off the drawing",
            ),
            html.Button(
                "Undo",
                id="btn-undo",
                n_clicks=0,
                title="Put the drawing back as it was before the last expand, collapse, add "
                "or hide",
            ),
            # "" not None: a Store given None sets itself at start-up, firing callbacks
            dcc.Store(id="expand-request", data=""),
            # the drawing before the last change in place, and that change's stamp
            dcc.Store(id="undo-drawing", data=""),
        ],
        className="row",
    )


def expanded(view, elements: list[dict], node: str, at: dict | None) -> tuple[list[dict], str]:
    """``elements`` with ``node``'s neighbours added round it (at ``at``, its place), and what
    was done, in words."""
    if node not in view.data:
        return elements, "That node is not in the graph any more."
    drawn = {el["data"]["id"] for el in elements if "source" not in el["data"]}
    near = sorted(
        (m for m in view.neighbours(node) if m not in drawn and view.label(m) not in NOT_DRAWN),
        key=lambda m: (view.label(m), view.name(m)),
    )
    if not near:
        return elements, f"Every neighbour of {view.name(node)} is drawn already."
    added, left = near[:EXPAND_MAX], len(near) - EXPAND_MAX
    x0, y0 = (at or {}).get("x", 0.0), (at or {}).get("y", 0.0)
    radius = 90 + 6 * len(added)
    place = {
        m: {
            "x": x0 + radius * math.cos(2 * math.pi * i / len(added)),
            "y": y0 + radius * math.sin(2 * math.pi * i / len(added)),
        }
        for i, m in enumerate(added)
    }
    edge_ids = {el["data"]["id"] for el in elements if "source" in el["data"]}
    new = []
    for el in elements_for(view, drawn | set(added)):
        d = el["data"]
        if "source" in d:
            if d["id"] not in edge_ids and (d["source"] in place or d["target"] in place):
                new.append(el)
        elif d["id"] in place:
            # which expansion added it: what "Collapse" on that node takes off again
            new.append({**el, "data": {**d, "expanded_from": node}, "position": place[d["id"]]})
    said = f"Added {len(added)} neighbour{'s' if len(added) != 1 else ''} of {view.name(node)}"
    said += f" ({left} more not added: expand again to see them)." if left > 0 else "."
    return [*elements, *new], said


def add_button() -> html.Button:
    return html.Button(
        "Add to view",
        id="btn-add",
        n_clicks=0,
        title="Put the record named in Search on the drawing, with its links to what is "
        "drawn, without refocusing",
    )


def _place(elements: list[dict], near: list[str]) -> dict[str, float]:
    """Where a node added to the drawing goes: beside the drawn nodes it links to, else to the
    right of the drawing."""
    at = {
        el["data"]["id"]: el["position"]
        for el in elements
        if "source" not in el["data"] and isinstance(el.get("position"), dict)
    }
    linked = [at[n] for n in near if n in at]
    if linked:
        x = sum(p["x"] for p in linked) / len(linked)
        y = sum(p["y"] for p in linked) / len(linked)
        return {"x": x + 70.0, "y": y - 50.0}
    if at:
        return {"x": max(p["x"] for p in at.values()) + 120.0, "y": 0.0}
    return {"x": 0.0, "y": 0.0}


def added(view, elements: list[dict], node: str) -> tuple[list[dict], str]:
    """``elements`` with ``node`` added beside what it links to, with those links, and what was
    done, in words."""
    if node not in view.data:
        return elements, "That record is not in the graph any more."
    drawn = {el["data"]["id"] for el in elements if "source" not in el["data"]}
    if node in drawn:
        return elements, f"{view.name(node)} is drawn already."
    near = sorted(m for m in view.neighbours(node) if m in drawn)
    new = []
    for el in elements_for(view, drawn | {node}):
        d = el["data"]
        if "source" in d:
            if node in (d["source"], d["target"]):
                new.append(el)
        elif d["id"] == node:
            new.append({**el, "position": _place(elements, near)})
    links = len(new) - 1
    said = f"Added {view.name(node)} ({view.label(node)}) to the drawing"
    said += (
        f" with {links} link{'s' if links != 1 else ''} to what is drawn."
        if links
        else (": it has no link to anything drawn.")
    )
    return [*elements, *new], said


def collapsed(view, elements: list[dict], node: str) -> tuple[list[dict], str]:
    """``elements`` without what expanding ``node`` added (and what expanding those added in
    turn), with their links, and what was done, in words."""
    children: dict[str, list[str]] = {}
    for el in elements:
        d = el["data"]
        if "source" not in d and isinstance(d.get("expanded_from"), str):
            children.setdefault(d["expanded_from"], []).append(d["id"])
    gone: set[str] = set()
    todo = list(children.get(node, []))
    while todo:
        n = todo.pop()
        if n != node and n not in gone:
            gone.add(n)
            todo.extend(children.get(n, []))
    name = view.name(node) if node in view.data else node
    if not gone:
        return elements, (
            f"Nothing on the drawing was added by expanding {name}: Hide selected takes a node off."
        )
    kept = [
        el
        for el in elements
        if el["data"].get("id") not in gone
        and el["data"].get("source") not in gone
        and el["data"].get("target") not in gone
    ]
    return (
        kept,
        f"Collapsed {name}: took off the {len(gone)} node{'s' if len(gone) != 1 else ''} expanding it added.",
    )


def hidden(elements: list[dict], node: str) -> list[dict]:
    """``elements`` without ``node`` and its links."""
    return [
        el
        for el in elements
        if el["data"].get("id") != node
        and el["data"].get("source") != node
        and el["data"].get("target") != node
    ]


def on_expand(ctx_: PageContext, request, elements, size_by, colour_by):
    """On "Expand" (or a double-click): the drawing with the requested node's neighbours added,
    what was done, and the style's legend and key (the callback's four outputs)."""
    if not isinstance(request, dict) or not isinstance(request.get("id"), str):
        return no_update, no_update, no_update, no_update
    view = ctx_.view
    limit = ctx_.element_budget + EXPAND_MAX * 4
    grown, said = expanded(view, (elements or [])[:limit], request["id"], request.get("at"))
    if len(grown) > limit:
        full = "The drawing is full: hide some nodes or narrow the view first."
        return no_update, full, no_update, no_update
    # the nodes added are styled as the rest, and the key counts them
    grown, legend, key = restyled(view, grown, size_by, colour_by)
    return grown, said, legend, key


def on_add(ctx_: PageContext, n, chosen, text, elements, size_by, colour_by):
    """On "Add to view": the drawing with the record named in Search added, what was done, and
    the style's legend and key (the callback's four outputs)."""
    nu = no_update
    if not n:
        return nu, nu, nu, nu
    view = ctx_.view
    # the record chosen in the box, or else the best match for what is typed
    if not (chosen and text and text == view.name(chosen)):
        hits = V.search_hits(view, text) if text else []
        chosen = hits[0][0] if hits else None
    if not chosen:
        return nu, "Type a name in Search first, then press Add to view.", nu, nu
    limit = ctx_.element_budget + EXPAND_MAX * 4
    grown, said = added(view, (elements or [])[:limit], chosen)
    if len(grown) > limit:
        return nu, "The drawing is full: hide some nodes or narrow the view first.", nu, nu
    if len(grown) == len(elements or []):
        return nu, said, nu, nu
    # the record stays where it is put (no refocus, no new selection), styled as the rest
    grown, legend, key = restyled(view, grown, size_by, colour_by)
    return grown, said, legend, key


def on_collapse(ctx_: PageContext, n, selected, elements, size_by, colour_by):
    """On "Collapse selected": the drawing without what expanding the selected node added,
    what was done, and the style's legend and key (the callback's four outputs)."""
    nu = no_update
    if not n:
        return nu, nu, nu, nu
    if not selected:
        return nu, "Select an expanded node first, then press Collapse selected.", nu, nu
    kept, said = collapsed(ctx_.view, elements or [], selected)
    if len(kept) == len(elements or []):
        return nu, said, nu, nu
    kept, legend, key = restyled(ctx_.view, kept, size_by, colour_by)
    return kept, said, legend, key


def on_hide(ctx_: PageContext, n, selected, elements, state, size_by, colour_by):
    """On "Hide selected": the drawing without the selected node, what was done, nothing
    selected, the page's settings, and the style's legend and key (six outputs)."""
    nu = no_update
    if not n:
        return nu, nu, nu, nu, nu, nu
    if not selected:
        return nu, "Select a node first, then press Hide selected.", nu, nu, nu, nu
    # a hidden node is no longer selected (a selection not drawn would become the focus)
    state = {k: v for k, v in (state or {}).items() if k != "select"}
    kept, legend, key = restyled(ctx_.view, hidden(elements or [], selected), size_by, colour_by)
    said = f"Hid {ctx_.view.name(selected)} and its links; Undo puts them back."
    return kept, said, None, state, legend, key


def _changed(*said: str) -> list[Output]:
    """What an in-place change writes: the drawing, then ``said`` ("notice", or "selected"
    and "state" for Hide), the style's legend and key, the redrawn stamp and the undo step."""
    props = {"notice": "children", "selected": "data", "state": "data"}
    return [
        Output("cy", "elements", allow_duplicate=True),
        *[Output(i, props[i], allow_duplicate=True) for i in said],
        Output("measure-legend", "children", allow_duplicate=True),
        Output("style-key", "data", allow_duplicate=True),
        Output("redrawn", "data", allow_duplicate=True),
        Output("undo-drawing", "data", allow_duplicate=True),
    ]


def register_expand_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    """Wire "Expand selected" (and double-click), "Collapse selected", "Add to view", "Hide
    selected" and "Undo"."""
    # "Expand selected": the selected node and its place, read where the drawing is
    app.clientside_callback(
        """function (n, selected) {
            if (!n || !selected) { return window.dash_clientside.no_update; }
            const el = document.getElementById("cy");
            const cy = el && el._cyreg && el._cyreg.cy;
            const node = cy && cy.getElementById(selected);
            const at = node && node.nonempty() ? node.position() : null;
            return {id: selected, at: at, t: Date.now()};
        }""",
        Output("expand-request", "data", allow_duplicate=True),
        Input("btn-expand", "n_clicks"),
        State("selected", "data"),
        prevent_initial_call=True,
    )

    # each change in place is also written into the page's settings, so into the address: a
    # reload draws it again (webapp.network_steps)
    def kept(kind, nodes, out, elements, state):
        """The four outputs of a change with its step kept: drawing, notice, settings, key."""
        grown, said, legend, key = out
        if grown is no_update:
            return grown, said, no_update, legend, key
        state, warn = steps.after(state, kind, nodes, elements, grown)
        return grown, said + warn if isinstance(said, str) else said, state, legend, key

    @app.callback(
        *_changed("notice", "state"),
        Input("expand-request", "data"),
        State("cy", "elements"),
        State("f-size-by", "value"),
        State("f-colour-by", "value"),
        State("state", "data"),
        prevent_initial_call=True,
    )
    def expand(request, elements, size_by, colour_by, state):
        out = on_expand(ctx_, request, elements, size_by, colour_by)
        node = [request["id"]] if isinstance(request, dict) else []
        return (
            *kept("expand", node, out, elements, state),
            *undoable(out[0], elements, steps.steps_of(state)),
        )

    @app.callback(
        *_changed("notice", "state"),
        Input("btn-add", "n_clicks"),
        State("search", "data"),
        State("search-text", "value"),
        State("cy", "elements"),
        State("f-size-by", "value"),
        State("f-colour-by", "value"),
        State("state", "data"),
        prevent_initial_call=True,
    )
    def add(n, chosen, text, elements, size_by, colour_by, state):
        out = on_add(ctx_, n, chosen, text, elements, size_by, colour_by)
        return (
            *kept("add", [], out, elements, state),
            *undoable(out[0], elements, steps.steps_of(state)),
        )

    @app.callback(
        *_changed("notice", "state"),
        Input("btn-collapse", "n_clicks"),
        State("selected", "data"),
        State("cy", "elements"),
        State("f-size-by", "value"),
        State("f-colour-by", "value"),
        State("state", "data"),
        prevent_initial_call=True,
    )
    def collapse(n, selected, elements, size_by, colour_by, state):
        out = on_collapse(ctx_, n, selected, elements, size_by, colour_by)
        return (
            *kept("collapse", [selected] if selected else [], out, elements, state),
            *undoable(out[0], elements, steps.steps_of(state)),
        )

    @app.callback(
        *_changed("notice", "selected", "state"),
        Input("btn-hide", "n_clicks"),
        State("selected", "data"),
        State("cy", "elements"),
        State("state", "data"),
        State("f-size-by", "value"),
        State("f-colour-by", "value"),
        prevent_initial_call=True,
    )
    def hide(n, selected, elements, state, size_by, colour_by):
        grown, said, chosen, new_state, legend, key = on_hide(
            ctx_, n, selected, elements, state, size_by, colour_by
        )
        if grown is not no_update:
            new_state, warn = steps.after(new_state, "hide", [selected], elements, grown)
            said += warn
        return (
            grown,
            said,
            chosen,
            new_state,
            legend,
            key,
            *undoable(grown, elements, steps.steps_of(state)),
        )

    @app.callback(
        *_changed("notice", "state"),
        Input("btn-undo", "n_clicks"),
        State("undo-drawing", "data"),
        State("redrawn", "data"),
        State("f-size-by", "value"),
        State("f-colour-by", "value"),
        State("state", "data"),
        prevent_initial_call=True,
    )
    def undo(n, undo, stamp, size_by, colour_by, state):
        back, said, legend, key, restamp, emptied = on_undo(
            ctx_, n, undo, stamp, size_by, colour_by
        )
        # the address's changes in place as they were before the change undone
        state = (
            no_update
            if back is no_update
            else steps.with_steps(state, (undo or {}).get("steps") or {})
        )
        return back, said, state, legend, key, restamp, emptied
