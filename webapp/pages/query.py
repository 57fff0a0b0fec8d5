"""Query: the named queries (and, on Neo4j, a read-only Cypher console), for analysts.

Pick a query, fill in its parameters, read the rows as a table and the bodies they name as a
small graph, export the rows as CSV.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_cytoscape as cyto
from dash import ALL, Input, Output, State, dcc, html, no_update

from graphmodel.errors import PartnerGraphError

from .. import views as V
from ..auth import has_role
from ..card import view_labels
from ..components import column_defs, flat, stylesheet, table
from ..context import PageContext
from ..measures import with_graph_links

PATH = "/query"
TITLE = "Query"

__all__ = ["PATH", "TITLE", "layout", "register_callbacks"]


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
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
    if ctx_.store.kind == "neo4j" and not has_role("analyst"):
        children.append(
            html.P("The Cypher console is for analysts; ask an admin for the analyst role.")
        )
    elif ctx_.store.kind == "neo4j":
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


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    from graphmodel.queries import QUERIES, run_query

    view, store = ctx_.view, ctx_.store

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
        Output("q-table", "columnDefs"),
        Output("q-table", "rowData"),
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
        shown = view_labels(view).readable_rows(rows)  # papers by title and date
        flat_rows = [{k: flat(v) for k, v in r.items()} for r in shown]
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
        # analytics rows link to the Network page focused on their node
        table_columns, flat_rows = with_graph_links(
            name, column_defs(columns), rows, flat_rows, view
        )
        return (
            table_columns,
            flat_rows,
            elements,
            f"{len(rows)} row{'s' if len(rows) != 1 else ''}.",
        )

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-q-csv", "n_clicks"),
        State("q-table", "rowData"),
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
            Output("cypher-table", "columnDefs"),
            Output("cypher-table", "rowData"),
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
                column_defs(columns),
                [{k: flat(v) for k, v in r.items()} for r in rows],
                msg,
            )
