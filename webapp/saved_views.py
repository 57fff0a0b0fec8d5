"""Saved, named views of the Network page, shared by the team through the register folder.

Save the view on screen under a name (its filters, focus, selection, path, layout, style by
property, the places of its nodes, as dragged, and its framing: the zoom and pan it was left
at; nodes added by Expand or "Add to view" and nodes hidden are kept as they are); list, open, rename and delete them; open one by its
link, ``/network?view=NAME``, which anyone can share. Editors save, rename and delete (checked
on the server, where the write happens); viewers open. The views are kept by
:mod:`loaders.saved_views` in the register folder, under the register's lock. ``partnergraph
views`` lists them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import dash
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

from graphmodel.errors import PartnerGraphError
from loaders.saved_views import (
    MAX_NAME,
    delete_view,
    find_view,
    read_saved_views,
    rename_view,
    save_view,
)

from .context import PageContext
from .network_steps import STEP_KEYS
from .writes import current_user, may_write

__all__ = [
    "ACTIONS",
    "SavedPlaces",
    "framed_layout",
    "URL_CHECKS",
    "change_saved_views",
    "open_saved_view",
    "register_saved_view_callbacks",
    "saved_views_panel",
    "view_link",
]

#: the address's ``view`` setting: a saved view's name
URL_CHECKS = {
    "view": lambda v: " ".join(v.split()) if isinstance(v, str) and 0 < len(v) <= MAX_NAME else None
}

#: the settings of the page a view keeps (the address's own keys); others are left out
KEPT = (
    "council",
    "sphere",
    "tier",
    "theme",
    "agreement",
    "programme",
    "kind",
    "years",
    "hops",
    "focus",
    "select",
    "measure",
    "layout",
    "from",
    "to",
    "through",
    "labels",
    "size_by",
    "colour_by",
    "year_at",
)


class SavedPlaces(dict):
    """A saved view's node places (node -> [x, y]); as ``expanded``, which node's expansion
    added each node Expand added (node -> node expanded), so Collapse works on them again; as
    ``framing``, the zoom and pan it was saved at (empty: fitted to the window)."""

    def __init__(
        self,
        places: dict[str, list[float]],
        expanded: dict[str, str] | None = None,
        framing: dict[str, Any] | None = None,
    ):
        super().__init__(places)
        self.expanded = dict(expanded or {})
        self.framing = dict(framing or {})

    @classmethod
    def of(cls, view: dict[str, Any]) -> SavedPlaces:
        """A saved view's places, expansions and framing (:mod:`loaders.saved_views`)."""
        framing = {k: view[k] for k in ("zoom", "pan", "canvas") if k in view}
        return cls(view["positions"], view.get("expanded"), framing)


def framed_layout(places: dict[str, Any]) -> dict[str, Any]:
    """The graph's layout for a saved view's drawing: its nodes where it keeps them and, when
    it was saved with a framing, in sight as they were (the zoom and pan; ``canvas``, the size
    the graph had, lets the browser show the same region on a graph of another size:
    ``frame`` in assets/explorer.js); else fitted to the window, as a view saved before
    framings were kept."""
    from .components import layout_options

    framing = getattr(places, "framing", None) or {}
    if "zoom" not in framing or "pan" not in framing:
        return layout_options("preset")
    x, y = framing["pan"]
    return {
        **layout_options("preset"),
        "fit": False,
        "zoom": framing["zoom"],
        "pan": {"x": x, "y": y},
        **({"canvas": framing["canvas"]} if framing.get("canvas") else {}),
    }


#: the settings that decide what is drawn and where: an address that changes one after the
#: view was opened (a filter widened, a focus, a layout) is drawn as it says, not as saved
DRAWN = (
    "council",
    "sphere",
    "tier",
    "theme",
    "agreement",
    "programme",
    "kind",
    "years",
    "hops",
    "focus",
    "from",
    "to",
    "through",
    "layout",
)


def _drawing(view: Any, state: dict[str, Any]) -> tuple:
    """What ``state`` draws, with the page's defaults filled in (so a default spelt out in one
    and left out of the other is the same drawing)."""
    from .components import DEFAULT_LAYOUT
    from .network_draw import filters_of_state, year_range

    lo, hi = year_range(view)
    f = filters_of_state(state, state.get("years") or [lo, hi], lo, hi)
    hops = str(state.get("hops") or 1)
    path = tuple(state.get(k) or None for k in ("from", "to", "through"))
    return f.key(), state.get("focus") or None, hops, path, state.get("layout") or DEFAULT_LAYOUT


def view_link(name: str) -> str:
    """The address that opens the saved view ``name``."""
    return f"/network?view={quote(name)}"


def views_of(ctx_: PageContext) -> tuple[list[dict[str, Any]], str | None]:
    """The register's saved views, and what went wrong reading them (None when nothing)."""
    if ctx_.register is None:
        return [], None
    try:
        return read_saved_views(ctx_.register), None
    except PartnerGraphError as exc:
        return [], str(exc)


def open_saved_view(
    ctx_: PageContext, state: dict[str, Any], checks: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, list[float]], str | None]:
    """The page's settings with the view the address names (``?view=NAME``) under them (what
    else the address says wins, so a filter changed or cleared after opening survives a
    reload), the places of its nodes (none when the address draws something else than the view
    as saved: the drawing is then the address's, as it was on screen), and a sentence when the
    view cannot be opened. ``checks`` are the
    page's own address checks (:func:`webapp.urlstate.clean_state`'s ``extra``)."""
    name = state.get("view")
    if not name:
        return state, {}, None
    views, problem = views_of(ctx_)
    view = find_view(views, name)
    if view is None:
        why = problem or f"No saved view is called '{name}'"
        return (
            {k: v for k, v in state.items() if k != "view"},
            {},
            f"{why}: showing the default view.",
        )
    # saved a while ago: checked against the graph as it is now, as an address is
    from .urlstate import clean_state

    saved, _ = clean_state(ctx_.view, {k: v for k, v in view["state"].items() if k in KEPT}, checks)
    if any(k in state for k in DRAWN):
        # the page writes every setting it draws with into the address: one it leaves out
        # was cleared after the view was opened, not left to the view
        saved_rest = {k: v for k, v in saved.items() if k not in DRAWN}
        merged = {**saved_rest, **state, "view": view["name"]}
    else:  # the view's own link (?view=NAME), perhaps with a selection
        merged = {**saved, **state, "view": view["name"]}
    if _drawing(ctx_.view, merged) != _drawing(ctx_.view, saved):
        # changed since it was opened: drawn as the address says, as it was on screen (the
        # view's places and added nodes belong to the view as saved)
        return merged, {}, None
    places = SavedPlaces.of(view)
    if places and merged.get("select") not in places:
        merged.pop("select", None)  # hidden from the drawing: not drawn, so not selected
    # a framing that could not be read is said (file, view, field): the view opens fitted
    return merged, places, " ".join(view.get("problems") or []) or None


def with_saved_places(
    elements: list[dict], places: dict[str, list[float]], view: Any = None
) -> list[dict]:
    """``elements`` drawn as a saved view keeps them (new dicts): each node where it was left.

    With ``view`` (the graph), the drawing is the one saved, whatever the filters draw now:
    nodes added by Expand or "Add to view" come back with their links, nodes hidden stay
    hidden. A record no longer in the graph is left out."""
    if not places:
        return elements
    if view is not None:
        elements = _as_saved(elements, set(places), view)
    expanded = getattr(places, "expanded", {})
    out = []
    for el in elements:
        d = el["data"]
        xy = places.get(d.get("id")) if "source" not in d else None
        if xy:
            el = {**el, "position": {"x": xy[0], "y": xy[1]}}
            if d.get("id") in expanded:  # added by an expansion: Collapse takes it off again
                el["data"] = {**d, "expanded_from": expanded[d["id"]]}
        out.append(el)
    return out


def _as_saved(elements: list[dict], saved: set[str], view: Any) -> list[dict]:
    from .network import elements_for

    drawn = {el["data"]["id"] for el in elements if "source" not in el["data"]}
    kept = [
        el
        for el in elements
        if (
            el["data"]["source"] in saved and el["data"]["target"] in saved
            if "source" in el["data"]
            else el["data"]["id"] in saved
        )
    ]
    extra = {n for n in saved - drawn if n in view.data}
    if not extra:
        return kept
    edge_ids = {el["data"]["id"] for el in kept if "source" in el["data"]}
    records = (drawn & saved & set(view.data)) | extra
    for el in elements_for(view, records):
        d = el["data"]
        if "source" in d:
            if d["id"] not in edge_ids and (d["source"] in extra or d["target"] in extra):
                kept.append(el)
        elif d["id"] in extra:
            kept.append(el)
    return kept


def _options(views: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "label": v["name"] + (f" (saved by {v['saved_by']})" if v.get("saved_by") else ""),
            "value": v["name"],
        }
        for v in views
    ]


def saved_views_panel(ctx_: PageContext, state: dict[str, Any]) -> html.Details:
    """The Network page's "Saved views" controls."""
    views, problem = views_of(ctx_)
    editor = ctx_.register is not None and may_write()
    if ctx_.register is None:
        why = (
            "Views are saved in the register folder: start the explorer with "
            "'partnergraph serve --register DIR' to save them."
        )
    elif not editor:
        why = "Saving views needs the editor role; you can open the team's views."
    else:
        why = None
    edit = html.Div(
        [
            html.Label(
                [
                    "Name",
                    dcc.Input(
                        id="view-name",
                        type="text",
                        maxLength=MAX_NAME,
                        value=state.get("view") or "",
                        placeholder="e.g. Strategic links for the board",
                    ),
                ]
            ),
            html.Label(
                [
                    "Notes (shown on its slide)",
                    dcc.Textarea(
                        id="view-notes",
                        value=(find_view(views, state.get("view") or "") or {}).get("notes", ""),
                        maxLength=4000,
                        style={"width": "100%", "height": "4em"},
                    ),
                ]
            ),
            html.Div(
                [
                    html.Button("Save this view", id="btn-view-save", n_clicks=0),
                    html.Button("Rename chosen", id="btn-view-rename", n_clicks=0),
                    # a view deleted is gone for the whole team: asked first
                    dcc.ConfirmDialogProvider(
                        html.Button("Delete chosen", id="btn-view-delete", n_clicks=0),
                        id="confirm-view-delete",
                        # the question names the view chosen (set in the browser, below)
                        message="Delete the chosen saved view?",
                    ),
                ],
                className="row",
            ),
        ],
        hidden=not editor,
    )
    return html.Details(
        [
            html.Summary("Saved views"),
            html.Label(
                [
                    "Open a saved view",
                    dcc.Dropdown(
                        id="view-list",
                        options=_options(views),
                        value=state.get("view"),
                        placeholder="no view saved yet" if not views else "choose a view…",
                        clearable=False,
                    ),
                ]
            ),
            edit,
            html.P(why, className="note") if why else None,
            html.A(
                "Present the saved views as slides",
                href="/present",
                title="Each saved view a slide, with its notes; arrow keys, full screen, print",
            ),
            html.Div(
                problem or "",
                id="view-status",
                className="form-message",
                role="status",
                # a long name's link is one unbroken word: it wraps, not widening the page
                style={"overflowWrap": "anywhere"},
            ),
            # "" not None: a Store given None sets itself at start-up, firing callbacks
            dcc.Store(id="view-request", data=""),
        ],
        open=bool(state.get("view")),
        className="saved-views",
        id="saved-views",
    )


def _save(ctx_: PageContext, request: dict[str, Any], state: dict[str, Any]) -> str:
    kept = {k: v for k, v in state.items() if k in KEPT}
    notes = request.get("notes")
    view = save_view(
        ctx_.register,
        request.get("name"),
        kept,
        request.get("positions"),
        by=current_user(),
        notes=notes if isinstance(notes, str) else None,
        # the view open on the page may be saved again; another of the name is never replaced
        replace=state.get("view") or False,
        expanded=request.get("expanded") if isinstance(request.get("expanded"), dict) else None,
        framing=request.get("framing") if isinstance(request.get("framing"), dict) else None,
    )
    state["view"] = view["name"]
    for key in STEP_KEYS:  # the changes in place are in the view's drawing now
        state.pop(key, None)
    return (
        f"Saved '{view['name']}' with {len(view['positions'])} node places: "
        f"its link is {view_link(view['name'])}"
    )


def _rename(ctx_: PageContext, request: dict[str, Any], state: dict[str, Any]) -> str:
    old = request["chosen"]
    view = rename_view(ctx_.register, old, request.get("name"))
    if state.get("view") and find_view([{"name": old}], state["view"]):
        state["view"] = view["name"]
    return f"Renamed '{old}' to '{view['name']}'."


def _delete(ctx_: PageContext, request: dict[str, Any], state: dict[str, Any]) -> str:
    old = request["chosen"]
    delete_view(ctx_.register, old)
    if state.get("view") and find_view([{"name": old}], state["view"]):
        state.pop("view")
    return f"Deleted '{old}'."


#: what each button asks the server to do: changes the page's settings, says what was done
ACTIONS = {"save": _save, "rename": _rename, "delete": _delete}


def change_saved_views(ctx_: PageContext, request, state):
    """Save, rename or delete a view as ``request`` asks (from the browser: the button, the
    name typed, the view chosen, the nodes' places): what was done, the views' list and the
    page's settings. The server decides: a viewer's request (or a forged one) writes nothing."""
    if not isinstance(request, dict) or request.get("action") not in ACTIONS:
        return no_update, no_update, no_update
    if ctx_.register is None:
        return (
            "This explorer was started without a register folder: nothing saved.",
            no_update,
            no_update,
        )
    if not may_write():
        return "Saving views needs the editor role; nothing was saved.", no_update, no_update
    action = request["action"]
    if action != "save" and not request.get("chosen"):
        return f"Choose the view to {action} first.", no_update, no_update
    state = dict(state or {})
    try:
        said = ACTIONS[action](ctx_, request, state)
    except PartnerGraphError as exc:
        return f"{exc} Nothing was changed.", no_update, no_update
    views, _ = views_of(ctx_)
    return said, _options(views), state


def register_saved_view_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    """Wire the "Saved views" controls: save, rename, delete (on the server) and open."""
    # the button pressed, the name typed and (to save) every node's place, read in the browser
    app.clientside_callback(
        ClientsideFunction("savedviews", "request"),
        Output("view-request", "data"),
        Input("btn-view-save", "n_clicks"),
        Input("btn-view-rename", "n_clicks"),
        Input("confirm-view-delete", "submit_n_clicks"),  # "Delete chosen", confirmed
        State("view-name", "value"),
        State("view-list", "value"),
        State("view-notes", "value"),
        prevent_initial_call=True,
    )
    # the question before deleting names the view chosen
    app.clientside_callback(
        """function (name) {
            const which = name ? "the saved view '" + name + "'" : "the chosen saved view";
            return "Delete " + which + "? It is deleted for everyone who uses this register, "
                + "and cannot be undone.";
        }""",
        Output("confirm-view-delete", "message"),
        Input("view-list", "value"),
    )
    # a view chosen opens by its link (the page is drawn with it, its nodes where it keeps them)
    app.clientside_callback(
        ClientsideFunction("savedviews", "open"),
        Output("view-status", "children", allow_duplicate=True),
        Input("view-list", "value"),
        State("state", "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("view-status", "children", allow_duplicate=True),
        Output("view-list", "options"),
        Output("state", "data", allow_duplicate=True),
        Output("view-list", "value"),
        Input("view-request", "data"),
        State("state", "data"),
        prevent_initial_call=True,
    )
    def change(request, state):
        said, options, state = change_saved_views(ctx_, request, state)
        # the list shows the view now open (saved, renamed) or none (deleted); being the
        # page's own view, choosing it opens nothing ("open" in assets/savedviews.js)
        chosen = state.get("view") if isinstance(state, dict) else no_update
        return said, options, state, chosen
