"""The web explorer: ``create_app(store)`` builds the Dash app; callbacks call ``views``."""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import dash
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from graphmodel.bulk import paused_gc
from graphmodel.errors import PartnerGraphError
from graphmodel.stores.base import GraphStore

from . import layout as L
from . import views as V
from .evaluate_page import evaluate_page
from .evaluate_page import register_callbacks as register_evaluate_callbacks

__all__ = ["create_app", "parse_state", "encode_state"]

log = logging.getLogger(__name__)
LIST_KEYS = {"sphere", "tier", "theme", "agreement", "programme", "kind", "issue", "years", "cand"}


def parse_state(search: str | None) -> dict[str, Any]:
    """The page state in a URL query string (``?council=kent&tier=strategic&tier=twinning``)."""
    raw = parse_qs((search or "").lstrip("?"))
    state: dict[str, Any] = {}
    for k, vals in raw.items():
        if k in LIST_KEYS:
            state[k] = [int(v) if k == "years" and v.isdigit() else v for v in vals]
        else:
            state[k] = vals[-1]
    return state


def encode_state(state: dict[str, Any]) -> str:
    pairs = []
    for k in sorted(state):
        v = state[k]
        if v in (None, "", []):
            continue
        for item in v if isinstance(v, list) else [v]:
            pairs.append((k, str(item)))
    return "?" + urlencode(pairs) if pairs else ""


def create_app(
    store: GraphStore,
    *,
    element_budget: int = 1500,
    title: str = "partnergraph",
    notice: str | None = None,
) -> dash.Dash:
    """Build the explorer over ``store``.

    Parameters
    ----------
    store : GraphStore
        The embedded store or Neo4j; read once into a snapshot (``GraphView``).
    element_budget : int
        The most nodes + edges the server sends the browser in one view.
    """
    with paused_gc():  # building the snapshot: millions of objects at scale, none in cycles
        app = _build_app(store, element_budget=element_budget, title=title, notice=notice)
    # The snapshot lives as long as the app: freeze it out of the collector's full passes,
    # which would walk every node and edge (seconds at 1M relationships) inside a callback.
    gc.freeze()
    return app


def _build_app(
    store: GraphStore, *, element_budget: int, title: str, notice: str | None
) -> dash.Dash:
    from graphmodel.evaluator import Evaluator

    view = V.GraphView(store)
    # the landing page's view (every partnership) is the one view that reads the whole graph
    V.network_elements(view, V.Filters(), budget=element_budget)
    evaluator = Evaluator(store)
    builders = {**L.PAGE_BUILDERS, "/evaluate": lambda v, s: evaluate_page(v, s, evaluator)}
    app = dash.Dash(
        __name__,
        title=title,
        suppress_callback_exceptions=True,
        assets_folder=str(Path(__file__).parent / "assets"),
    )
    app.layout = L.shell(view, notice)
    app.server.config["partnergraph_view"] = view

    # -- routing and URL state -------------------------------------------------------------
    @app.callback(
        Output("page", "children"),
        Output("state", "data"),
        Input("url", "pathname"),
        State("url", "search"),
    )
    def render_page(pathname, search):
        state = parse_state(search)
        builder = builders.get(pathname or "/network") or L.network_page
        if pathname in (None, "/", ""):
            builder = L.network_page
        try:
            return builder(view, state), state
        except Exception as exc:  # a friendly message, never a traceback, in the page
            log.exception("page %s failed", pathname)
            return html.Div(
                f"This page could not be shown: {exc}", className="error", role="alert"
            ), state

    @app.callback(
        Output("url", "search"),
        Input("state", "data"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def state_to_url(state, search):
        new = encode_state(state or {})
        return no_update if new == (search or "") else new

    def merge_state(state, **changes):
        state = dict(state or {})
        state.update(changes)
        return state

    # -- network page ----------------------------------------------------------------------
    # Search boxes (layout.search_box): on large graphs a text box with server suggestions
    # sets the hidden dropdown's value; small graphs filter every name in the browser.
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

    for box in L.SEARCH_BOXES:
        app.callback(Output(f"{box}-list", "children"), Input(f"{box}-text", "value"))(suggest)
        app.callback(
            Output(box, "value"),
            Output(box, "options"),
            Input(f"{box}-text", "value"),
            Input(f"{box}-text", "n_submit"),
            prevent_initial_call=True,
        )(picked)

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
        return L.layout_options(name), merge_state(state, layout=name)

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
        path = V.shortest_path_ids(view, a, b)
        if not path:
            return [], f"No path links {view.name(a)} and {view.name(b)}."
        return path, (
            f"Shortest path, {len(path) - 1} steps: " + " → ".join(view.name(n) for n in path)
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
            V.rows_to_csv(rows, ["id", "kind", "name", "sources"]), "partnergraph-network.csv"
        )

    # -- details panel (every page) ----------------------------------------------------------
    @app.callback(
        Output("details", "children"),
        Output("state", "data", allow_duplicate=True),
        Input("selected", "data"),
        State("state", "data"),
        prevent_initial_call=True,
    )
    def details(node_id, state):
        if not node_id or node_id not in view.g:
            return L.details_placeholder(), no_update
        return details_panel(V.node_details(view, node_id)), merge_state(state, select=node_id)

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("state", "data"),
        State("selected", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def selection_from_url(state, selected):
        wanted = (state or {}).get("select")
        return wanted if wanted and wanted != selected and wanted in view.g else no_update

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input({"type": "goto", "id": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def goto(clicks):
        if not ctx.triggered_id or not any(clicks):
            return no_update
        return ctx.triggered_id["id"]

    # -- map ------------------------------------------------------------------------------
    @app.callback(
        Output("map", "figure"),
        Output("map-note", "children"),
        Output("state", "data", allow_duplicate=True),
        Input("m-council", "value"),
        Input("m-colour", "value"),
        State("state", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def map_figure(council, colour_by, state):
        ask = V.choose_a_council(view, council)
        if ask:  # thousands of councils' partners would be a line trace each
            return map_fig([], [], colour_by), ask, merge_state(state, council=council)
        homes, partners = V.map_points(view, council)
        return (
            map_fig(homes, partners, colour_by),
            map_note(partners),
            merge_state(state, council=council),
        )

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("map", "clickData"),
        prevent_initial_call=True,
    )
    def map_click(click):
        try:
            return click["points"][0]["customdata"][0]
        except (TypeError, KeyError, IndexError):
            return no_update

    # -- activity matrix --------------------------------------------------------------------
    @app.callback(Output("matrix", "figure"), Input("x-council", "value"))
    def matrix(council):
        ask = V.choose_a_council(view, council)
        if ask:
            fig = go.Figure()
            fig.add_annotation(text=ask, showarrow=False)
            return fig
        units, partners, z, evidence = V.activity_matrix(view, council)
        text = [["<br>".join(evidence.get((u, p), [])) for p in partners] for u in units]
        fig = go.Figure(
            go.Heatmap(
                z=z,
                x=[view.name(p) for p in partners],
                y=[view.name(u) for u in units],
                customdata=[[p for p in partners] for _ in units],
                text=text,
                hovertemplate="%{y} × %{x}: %{z} link(s)<br>%{text}<extra></extra>",
                colorscale="Blues",
                showscale=True,
            )
        )
        fig.update_layout(
            height=max(300, 40 * len(units) + 160),
            margin={"l": 220, "b": 160},
            xaxis={"tickangle": -40},
        )
        if not units:
            fig.add_annotation(text="No unit-to-partner activity recorded", showarrow=False)
        return fig

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("matrix", "clickData"),
        prevent_initial_call=True,
    )
    def matrix_click(click):
        try:
            return click["points"][0]["customdata"]
        except (TypeError, KeyError, IndexError):
            return no_update

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-matrix-csv", "n_clicks"),
        State("x-council", "value"),
        prevent_initial_call=True,
    )
    def matrix_csv(_n, council):
        if not _n:
            return no_update
        units, partners, z, _ = V.activity_matrix(view, council)
        rows = [
            {"unit": view.name(u), **{view.name(p): z[i][j] for j, p in enumerate(partners)}}
            for i, u in enumerate(units)
        ]
        return dcc.send_string(
            V.rows_to_csv(rows, ["unit"] + [view.name(p) for p in partners]), "activity-matrix.csv"
        )

    # -- link health ------------------------------------------------------------------------
    @app.callback(
        Output("health-table", "data"),
        Output("state", "data", allow_duplicate=True),
        Input("h-council", "value"),
        Input("h-asof", "date"),
        Input("h-issue", "value"),
        State("state", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def health(council, as_of, issues, state):
        rows = health_rows(store, council, as_of, issues)
        return rows, merge_state(state, council=council, as_of=as_of, issue=issues)

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("health-table", "active_cell"),
        State("health-table", "derived_viewport_data"),
        prevent_initial_call=True,
    )
    def health_click(cell, rows):
        if not cell or not rows:
            return no_update
        row = rows[cell["row"]]
        return row["partnership"]

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-health-csv", "n_clicks"),
        State("health-table", "data"),
        prevent_initial_call=True,
    )
    def health_csv(_n, rows):
        if not _n:
            return no_update
        return dcc.send_string(
            V.rows_to_csv(
                rows or [],
                ["partner_name", "rule", "evidence", "clause", "partnership", "tier_source"],
            ),
            "link-health.csv",
        )

    # -- costs & benefits -------------------------------------------------------------------
    @app.callback(
        Output("costs-chart", "figure"), Output("costs-table", "data"), Input("url", "pathname")
    )
    def costs(pathname):
        if pathname != "/costs":
            return no_update, no_update
        rows = V.cost_rows(view)
        fig = go.Figure()
        names = [r["subject"] for r in rows]
        fig.add_bar(
            name="Cost (£m p/a)",
            x=names,
            y=[r["cost_gbp_m"] for r in rows],
            text=[r["cost_as_printed"] for r in rows],
        )
        fig.add_bar(
            name="Financial benefit (£m p/a)",
            x=names,
            y=[r["benefit_gbp_m"] for r in rows],
            text=[r["benefit_as_printed"] for r in rows],
        )
        fig.update_layout(
            barmode="group",
            yaxis_type="log",
            yaxis_title="£m per year (log)",
            height=420,
            legend={"orientation": "h"},
        )
        table_rows = [
            {
                **r,
                "sources": "; ".join(r["sources"]),
                "time_limited": "yes" if r["time_limited"] else "",
            }
            for r in rows
        ]
        return fig, table_rows

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-costs-csv", "n_clicks"),
        prevent_initial_call=True,
    )
    def costs_csv(_n):
        if not _n:
            return no_update
        rows = V.cost_rows(view)
        return dcc.send_string(V.rows_to_csv(rows), "costs-benefits.csv")

    # -- query and evaluate pages ---------------------------------------------------------------
    _register_query_callbacks(app, view, store)
    register_evaluate_callbacks(app, view, evaluator)
    return app


def _register_query_callbacks(app: dash.Dash, view: V.GraphView, store: GraphStore) -> None:
    from graphmodel.queries import QUERIES, run_query

    @app.callback(
        Output("q-params", "children"),
        Output("state", "data", allow_duplicate=True),
        Input("q-name", "value"),
        State("state", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def params(name, state):
        q = QUERIES[name]
        home = view.home_councils()
        fields = []
        for p in q.params:
            default = (
                p.default
                if p.default is not None
                else (
                    home[0]
                    if p.name in ("council", "council_a") and home
                    else home[1]
                    if p.name == "council_b" and len(home) > 1
                    else ""
                )
            )
            fields.append(
                html.Label(
                    [
                        p.name.replace("_", " "),
                        dcc.Input(
                            id={"type": "qparam", "name": p.name},
                            value=str(default or ""),
                            placeholder=p.help,
                            debounce=True,
                            style={"width": "18em"},
                        ),
                    ],
                    title=p.help,
                )
            )
        state = dict(state or {})
        state["q"] = name
        return fields, state

    @app.callback(
        Output("q-table", "columns"),
        Output("q-table", "data"),
        Output("q-graph", "elements"),
        Output("q-message", "children"),
        Input("btn-run", "n_clicks"),
        State("q-name", "value"),
        State({"type": "qparam", "name": ALL}, "value"),
        State({"type": "qparam", "name": ALL}, "id"),
        prevent_initial_call=True,
    )
    def run(_n, name, values, ids):
        if not _n:
            return no_update, no_update, no_update, no_update
        params = {i["name"]: v for i, v in zip(ids, values, strict=True) if v not in (None, "")}
        try:
            rows = run_query(store, name, **params)
        except PartnerGraphError as exc:
            return [], [], [], f"The query could not run: {exc}"
        columns = list(rows[0]) if rows else []
        flat = [{k: _flat(v) for k, v in r.items()} for r in rows]
        ids_in_rows = {
            str(v) for r in rows for v in r.values() if isinstance(v, str) and v in view.g
        }
        ids_in_rows |= {
            x
            for r in rows
            for v in r.values()
            if isinstance(v, list)
            for x in v
            if isinstance(x, str) and x in view.g
        }
        elements = V.elements_for(view, set(sorted(ids_in_rows)[:300]))
        return (
            [{"name": c, "id": c} for c in columns],
            flat,
            elements,
            f"{len(rows)} row{'s' if len(rows) != 1 else ''}.",
        )

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-q-csv", "n_clicks"),
        State("q-table", "data"),
        State("q-name", "value"),
        prevent_initial_call=True,
    )
    def q_csv(_n, rows, name):
        if not _n:
            return no_update
        return dcc.send_string(V.rows_to_csv(rows or []), f"{name}.csv")

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("q-graph", "tapNodeData"),
        prevent_initial_call=True,
    )
    def q_tap(data):
        return data["id"] if data and data.get("id") in view.g else no_update

    if store.kind == "neo4j":

        @app.callback(
            Output("cypher-table", "columns"),
            Output("cypher-table", "data"),
            Output("cypher-message", "children"),
            Input("btn-cypher", "n_clicks"),
            State("cypher-text", "value"),
            prevent_initial_call=True,
        )
        def cypher(_n, text):
            try:
                columns, rows, truncated = store.run_user_cypher(text, limit=500, timeout=10)
            except PartnerGraphError as exc:
                return [], [], str(exc)
            msg = f"{len(rows)} rows" + (" (stopped at the 500-row limit)" if truncated else "")
            return (
                [{"name": c, "id": c} for c in columns],
                [{k: _flat(v) for k, v in r.items()} for r in rows],
                msg,
            )


def _flat(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def health_rows(
    store: GraphStore,
    council: str | None,
    as_of: str | None,
    issues: list[str] | None,
    include_domestic: bool = False,
) -> list[dict[str, Any]]:
    """Link health rows (the links_needing_attention query), filtered by rule."""
    from graphmodel.queries import run_query

    if not council:
        return []
    rows = run_query(
        store,
        "links_needing_attention",
        council=council,
        as_of=as_of or dt.date.today().isoformat(),
        include_domestic="yes" if include_domestic else "no",
    )
    if issues:
        rows = [r for r in rows if r["rule"] in issues]
    return [{**r, "sources": "; ".join(r["sources"])} for r in rows]


def _yes_no(v: bool) -> str:
    return "yes" if v else "no"


def details_panel(d: dict[str, Any]) -> list:
    items = [html.H2(d["name"]), html.P(f"{d['kind']} · {d['id']}", className="kind")]
    if d["aliases"]:
        items.append(html.P("Also known as: " + ", ".join(d["aliases"]), className="aliases"))
    if d.get("signatories"):
        items += [
            html.H3("Signatories"),
            html.Ul([html.Li(s) for s in d["signatories"]], className="signatories"),
        ]
    props = [
        # React draws nothing for a boolean child: say it
        html.Tr(
            [html.Th(k.replace("_", " ")), html.Td(_yes_no(v) if isinstance(v, bool) else _flat(v))]
        )
        for k, v in sorted(d["props"].items())
        if v not in (None, "", [])
    ]
    if props:
        items.append(html.Table(props, className="props"))
    items.append(html.H3("Sources"))
    items.append(html.Ul([html.Li(s) for s in d["sources"]], className="sources"))
    items.append(html.H3(f"Relationships ({len(d['relationships'])})"))
    rels = []
    for r in d["relationships"][:200]:
        arrow = "→" if r["direction"] == "out" else "←"
        extra = ", ".join(f"{k}: {_flat(v)}" for k, v in r["props"].items() if v not in (None, ""))
        rels.append(
            html.Li(
                [
                    f"{arrow} {r['type']} ",
                    html.Button(
                        r["other_name"],
                        id={"type": "goto", "id": r["other"]},
                        n_clicks=0,
                        className="linkish",
                        title=f"{r['other_kind']} {r['other']}",
                    ),
                    f" ({extra})" if extra else "",
                    html.Div("source: " + "; ".join(r["sources"]), className="rel-source")
                    if r["sources"]
                    else None,
                ]
            )
        )
    items.append(html.Ul(rels, className="rels"))
    return items


def map_fig(homes: list[dict], partners: list[dict], colour_by: str) -> go.Figure:
    fig = go.Figure()
    located = [p for p in partners if p.get("located")]
    home_by_id = {h["id"]: h for h in homes}
    for p in located:
        h = home_by_id.get(p["council"])
        if h:
            colour = V.TIER_STYLE.get(p.get("tier") or "", ("#888", "solid"))[0]
            fig.add_trace(
                go.Scattergeo(
                    lat=[h["lat"], p["lat"]],
                    lon=[h["lon"], p["lon"]],
                    mode="lines",
                    line={"width": 1.2, "color": colour},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    tiers = sorted({p.get("tier") or "" for p in located})
    for tier in tiers:
        pts = [p for p in located if (p.get("tier") or "") == tier]
        colour = V.TIER_STYLE.get(tier, ("#888", "solid"))[0]
        marker: dict[str, Any] = {
            "size": 10,
            "color": colour,
            "symbol": ["circle-open" if p["approximate"] else "circle" for p in pts],
            "line": {"width": 2, "color": colour},
        }
        if colour_by == "distance":
            marker.update(
                color=[p.get("distance_km", 0) for p in pts],
                colorscale="Viridis",
                showscale=tier == tiers[0],
                colorbar={"title": "km"},
            )
        fig.add_trace(
            go.Scattergeo(
                lat=[p["lat"] for p in pts],
                lon=[p["lon"] for p in pts],
                mode="markers",
                name=tier or "no tier",
                marker=marker,
                customdata=[
                    [p["id"], p.get("distance_km", ""), p["how"], p["source"]] for p in pts
                ],
                text=[p["name"] for p in pts],
                hovertemplate="<b>%{text}</b><br>%{customdata[1]} km from home<br>placed by "
                "%{customdata[2]}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scattergeo(
            lat=[h["lat"] for h in homes],
            lon=[h["lon"] for h in homes],
            mode="markers+text",
            text=[h["name"] for h in homes],
            textposition="top center",
            name="home council",
            customdata=[[h["id"], "", h["how"], h["source"]] for h in homes],
            marker={"size": 14, "symbol": "star", "color": "#000"},
        )
    )
    fig.update_geos(
        projection_type="natural earth",
        showcountries=True,
        countrycolor="#ccc",
        showland=True,
        landcolor="#f4f4f0",
    )
    fig.update_layout(margin={"l": 0, "r": 0, "t": 10, "b": 0}, legend={"orientation": "h"})
    return fig


def map_note(partners: list[dict]) -> str:
    approx = [p["name"] for p in partners if p.get("located") and p.get("approximate")]
    missing = [p["name"] for p in partners if not p.get("located")]
    note = (
        f"{len(partners)} partner links. Open markers are approximate (a region shown at a "
        "city of that name or its country's capital; hover for how each was placed)."
    )
    if missing:
        note += f" Not on the map (no location known): {', '.join(sorted(set(missing)))}."
    if approx:
        note += f" Approximate: {', '.join(sorted(set(approx)))}."
    return note
