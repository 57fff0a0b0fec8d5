"""Query: the named queries (and, on Neo4j, a read-only Cypher console), for analysts.

Pick a query, fill in its parameters, read the rows as a table and the bodies they name as a
small graph, export the rows as CSV. A run is kept in the address (``webapp.query_run``), so a
shared link reopens the same table; a wrong value is explained beside its box.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import dash
import dash_cytoscape as cyto
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from graphmodel.errors import PartnerGraphError

from .. import views as V
from ..a11y import error_summary
from ..auth import has_role
from ..components import stylesheet
from ..context import PageContext
from ..query_run import (
    PARAM_KEY,
    ROW_RECORD,
    URL_CHECKS,
    Outcome,
    csv_columns,
    default_values,
    page_words,
    param_fields,
    run_for_page,
    state_for_run,
    values_from_state,
)
from ..state import merge_state
from ..tables import column_defs, flat, table

PATH = "/query"
TITLE = "Query"

__all__ = [
    "PATH",
    "TITLE",
    "URL_CHECKS",
    "layout",
    "register_callbacks",
    "choose_query",
    "run_chosen_query",
    "export_csv",
    "open_tapped_node",
    "open_row",
    "run_cypher",
]

NOTHING_TO_EXPORT = "Nothing to export yet: run a query that returns rows."
EXPORT = "Export CSV"
EXAMPLE_CYPHER = "MATCH (p:Partnership) RETURN p.name AS name, p.tier AS tier LIMIT 25"


def _message(text: str, error: bool) -> Any:
    return html.Span(text, className="q-error-message", role="alert") if error else text


def _csv_button(rows: list) -> dict[str, Any]:
    """The export button's state: off, saying why, while there is nothing to export."""
    return {
        "children": EXPORT if rows else "Export CSV: nothing to export",
        "disabled": not rows,
        "title": "Save the table's rows as a CSV file" if rows else NOTHING_TO_EXPORT,
    }


#: what a run sets under the boxes, in this order (:func:`_shown`)
TABLE_OUTPUTS = [
    ("q-table", "columnDefs"),
    ("q-table", "rowData"),
    ("q-graph", "elements"),
    ("q-message", "children"),
    ("btn-q-csv", "children"),
    ("btn-q-csv", "disabled"),
    ("btn-q-csv", "title"),
    ("q-columns", "options"),
    ("q-columns", "value"),
    ("q-csv-rows", "data"),
    ("q-errors", "children"),
]


def _shown(outcome: Outcome | None) -> tuple:
    """The values of :data:`TABLE_OUTPUTS` for a run's ``outcome`` (``None``: no run yet)."""
    outcome = outcome or Outcome()
    csv = _csv_button(outcome.rows)
    choosable = [c for c in outcome.columns if c["field"] != "graph"]
    return (
        outcome.columns,
        outcome.rows,
        outcome.elements,
        _message(outcome.message, outcome.error),
        csv["children"],
        csv["disabled"],
        csv["title"],
        [{"label": c.get("headerName") or c["field"], "value": c["field"]} for c in choosable],
        [c["field"] for c in choosable if not c.get("hide")],
        outcome.csv_rows,
        _summary(outcome),
    )


def _summary(outcome: Outcome) -> Any:
    """GOV.UK's error summary over the form: the message, linked to the box at fault."""
    if not outcome.error:
        return None
    if not outcome.param:
        return error_summary([(None, outcome.message)])
    box = {"type": "qparam", "name": outcome.param}
    said = {"type": "qparam-error", "name": outcome.param}
    return error_summary([(box, outcome.message, said)])


def _column_chooser() -> html.Label:
    return html.Label(
        [
            "Columns shown",
            dcc.Dropdown(
                id="q-columns",
                multi=True,
                options=[],
                value=[],
                placeholder="the table's columns, once it has rows",
            ),
        ],
        className="q-columns",
        title="Leave out columns to give the others room; the ids are left out at first",
    )


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    from graphmodel.queries import QUERIES

    name = state.get("q") or "partners"
    query = QUERIES[name]
    values = values_from_state(ctx_.view, query, state)
    outcome = run_for_page(ctx_.view, ctx_.store, name, values) if state.get("run") else None
    shown = dict(zip(TABLE_OUTPUTS, _shown(outcome), strict=True))
    grid = table("q-table", [])
    grid.columnDefs, grid.rowData = shown["q-table", "columnDefs"], shown["q-table", "rowData"]
    chooser = _column_chooser()
    chooser.children[1].options = shown["q-columns", "options"]
    chooser.children[1].value = shown["q-columns", "value"]
    children = [
        html.Div(shown["q-errors", "children"], id="q-errors"),
        html.Label(
            [
                "Named query",
                dcc.Dropdown(
                    id="q-name",
                    options=[
                        {
                            "label": f"{q.name} — {page_words(q.description, q)[:80]}",
                            "value": q.name,
                        }
                        for q in sorted(QUERIES.values(), key=lambda q: q.name)
                    ],
                    value=name,
                    clearable=False,
                ),
            ]
        ),
        html.Div(
            param_fields(query, values, (outcome.param, outcome.message) if outcome else None),
            id="q-params",
            className="q-params",
        ),
        html.Button("Run", id="btn-run", n_clicks=0),
        html.Div(
            shown["q-message", "children"],
            id="q-message",
            className="view-message",
            role="status",
        ),
        chooser,
        grid,
        dcc.Store(id="q-csv-rows", data=shown["q-csv-rows", "data"]),
        html.Button(
            shown["btn-q-csv", "children"],
            id="btn-q-csv",
            n_clicks=0,
            disabled=shown["btn-q-csv", "disabled"],
            title=shown["btn-q-csv", "title"],
        ),
        cyto.Cytoscape(
            id="q-graph",
            elements=shown["q-graph", "elements"],
            layout={"name": "cose", "animate": False, "padding": 40},
            stylesheet=stylesheet(),
            maxZoom=1.5,  # two or three rows' records are not blown up to fill the box
            style={"width": "100%", "height": "360px"},
        ),
    ]
    if ctx_.store.runs_cypher and not has_role("analyst"):
        children.append(
            html.P("The Cypher console is for analysts; ask an admin for the analyst role.")
        )
    elif ctx_.store.runs_cypher:
        text = state.get("cypher") or EXAMPLE_CYPHER
        columns, rows, message = _cypher(ctx_.store, text) if state.get("cypher") else ([], [], "")
        cypher_grid = table("cypher-table", [])
        cypher_grid.columnDefs, cypher_grid.rowData = columns, rows
        children += [
            html.H2("Cypher console (read only)"),
            dcc.Textarea(id="cypher-text", value=text, style={"width": "100%", "height": "6em"}),
            html.Button("Run Cypher", id="btn-cypher", n_clicks=0),
            html.Div(message, id="cypher-message", className="view-message", role="status"),
            cypher_grid,
        ]
    return html.Div(children)


def _cypher(store: Any, text: str) -> tuple[list, list, str]:
    """Typed Cypher, run read-only (``run_user_cypher`` refuses writes before sending)."""
    try:
        columns, rows, truncated = store.run_user_cypher(text, limit=500, timeout=10)
    except PartnerGraphError as exc:  # a timeout's own page wording has no --timeout in it
        return [], [], getattr(exc, "plain", None) or str(exc)
    msg = f"{len(rows)} rows" + (" (stopped at the 500-row limit)" if truncated else "")
    return column_defs(columns), [{k: flat(v) for k, v in r.items()} for r in rows], msg


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    """Wire the page's callbacks. Each is a module-level function below that takes the page's
    context first, so a test can call it as Dash does."""
    app.callback(
        Output("q-params", "children"),
        *[Output(i, prop) for i, prop in TABLE_OUTPUTS],
        Output("state", "data", allow_duplicate=True),
        Input("q-name", "value"),
        State("state", "data"),
        prevent_initial_call=True,
    )(partial(choose_query, ctx_))
    app.callback(
        *[Output(i, prop, allow_duplicate=True) for i, prop in TABLE_OUTPUTS],
        Output({"type": "qparam-error", "name": ALL}, "children"),
        Output({"type": "qparam-box", "name": ALL}, "className"),
        Output("state", "data", allow_duplicate=True),
        Input("btn-run", "n_clicks"),
        State("q-name", "value"),
        State({"type": "qparam", "name": ALL}, "value"),
        State({"type": "qparam", "name": ALL}, "id"),
        State("state", "data"),
        prevent_initial_call=True,
    )(partial(run_chosen_query, ctx_))
    # the column chooser hides and shows columns in the browser, no round trip
    app.clientside_callback(
        """function (shown, defs) {
            if (!defs || !shown) { return window.dash_clientside.no_update; }
            return defs.map(d => d.field === "graph" ? d
                : Object.assign({}, d, {hide: !shown.includes(d.field)}));
        }""",
        Output("q-table", "columnDefs", allow_duplicate=True),
        Input("q-columns", "value"),
        State("q-table", "columnDefs"),
        prevent_initial_call=True,
    )
    app.callback(
        Output("download", "data", allow_duplicate=True),
        Output("q-message", "children", allow_duplicate=True),
        Input("btn-q-csv", "n_clicks"),
        State("q-csv-rows", "data"),
        State("q-name", "value"),
        prevent_initial_call=True,
    )(export_csv)
    app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("q-graph", "tapNodeData"),
        prevent_initial_call=True,
    )(partial(open_tapped_node, ctx_))
    app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("q-table", "selectedRows"),
        prevent_initial_call=True,
    )(partial(open_row, ctx_))
    if ctx_.store.runs_cypher:
        app.callback(
            Output("cypher-table", "columnDefs"),
            Output("cypher-table", "rowData"),
            Output("cypher-message", "children"),
            Output("state", "data", allow_duplicate=True),
            Input("btn-cypher", "n_clicks"),
            State("cypher-text", "value"),
            State("state", "data"),
            prevent_initial_call=True,
        )(partial(run_cypher, ctx_))


def choose_query(ctx_: PageContext, name, state) -> tuple:
    """Another query chosen: its boxes at their defaults, the last table cleared.

    Dash also calls this as the page is drawn (its state output is outside the page): the
    address's query and run are then kept.
    """
    from graphmodel.queries import QUERIES

    if name == (state or {}).get("q"):
        raise PreventUpdate
    query = QUERIES[name]
    kept = {k: v for k, v in (state or {}).items() if not k.startswith(PARAM_KEY)}
    kept.pop("run", None)
    return (
        param_fields(query, default_values(ctx_.view, query)),
        *_shown(None),
        merge_state(kept, q=name),
    )


def run_chosen_query(ctx_: PageContext, _n, name, values, ids, state) -> tuple:
    """Run the query with the values in its boxes: the table, graph and message, each box's
    error (the one at fault says why) and the run kept in the address."""
    if not _n:
        raise PreventUpdate
    given = {i["name"]: v for i, v in zip(ids, values, strict=True)}
    outcome = run_for_page(ctx_.view, ctx_.store, name, given)
    # the error boxes as the page holds them, which Dash lists for the callback
    boxes = [o["id"]["name"] for o in ctx.outputs_list[len(TABLE_OUTPUTS)]]
    return (
        *_shown(outcome),
        [outcome.message if b == outcome.param else "" for b in boxes],
        ["q-invalid" if b == outcome.param else "" for b in boxes],
        state_for_run(state, name, given),
    )


def export_csv(_n, rows, name) -> tuple:
    """The table's rows as a CSV download; with no rows, no empty file but a message."""
    if not _n:
        return no_update, no_update
    if not rows:  # the button is off then; a request that comes anyway gets no empty file
        return no_update, NOTHING_TO_EXPORT
    return dcc.send_string(V.rows_to_csv(rows, csv_columns(rows)), f"{name}.csv"), no_update


def open_tapped_node(ctx_: PageContext, data) -> Any:
    """A node tapped in the small graph opens its record's card."""
    return data["id"] if data and data.get("id") in ctx_.view.g else no_update


def open_row(ctx_: PageContext, rows) -> Any:
    """A row clicked, or chosen with Enter or Space, opens its record's card."""
    row = (rows or [{}])[0]
    node = row.get(ROW_RECORD) or row.get("id")  # Cypher rows have no record field
    return node if isinstance(node, str) and node in ctx_.view.g else no_update


def run_cypher(ctx_: PageContext, _n, text, state) -> tuple:
    """Typed Cypher, run read-only: its table and message, the text kept in the address."""
    columns, rows, message = _cypher(ctx_.store, text or "")
    return columns, rows, message, merge_state(state, cypher=(text or "")[:4000] or None)
