"""Link health: the strategy's monitoring rules as checks, for the international team.

Links above informal networking without an MoU or similar agreement, links without clear
objectives, annual review overdue, no activity recorded; each row with its evidence. Rows come
from the ``links_needing_attention`` named query.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
from dash import Input, Output, State, dcc, html, no_update

from graphmodel.stores.base import GraphStore

from .. import views as V
from ..components import council_dropdown, options, table
from ..context import PageContext
from ..state import merge_state

PATH = "/health"
TITLE = "Link health"

__all__ = ["PATH", "TITLE", "layout", "register_callbacks", "health_rows"]

ISSUES = ["no MoU", "no objectives", "review overdue", "no activity recorded"]
COLUMNS = ["partnership", "name", "tier", "partner", "issues", "evidence"]


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    return html.Div(
        [
            html.P(
                "The strategy's monitoring rules as checks: links above informal networking "
                "without an MoU or similar agreement, links without clear objectives, annual "
                "review overdue, no activity recorded."
            ),
            html.Div(
                [
                    council_dropdown("h-council", ctx_.view, state, required=True),
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
                                options=options(ISSUES),
                                value=state.get("issue") or [],
                            ),
                        ]
                    ),
                ],
                className="controls-inline",
            ),
            table("health-table", COLUMNS, wide=("evidence",)),
            html.Button("Export CSV", id="btn-health-csv", n_clicks=0),
        ]
    )


def health_rows(
    store: GraphStore, council: str | None, as_of: str | None, issues: list[str] | None
) -> list[dict[str, Any]]:
    """Link health rows (the links_needing_attention query), filtered by issue."""
    from graphmodel.queries import run_query

    if not council:
        return []
    rows = run_query(
        store,
        "links_needing_attention",
        council=council,
        as_of=as_of or dt.date.today().isoformat(),
    )
    if issues:
        rows = [r for r in rows if set(issues) & set(r["issues"])]
    return [
        {**r, "issues": "; ".join(r["issues"]), "evidence": "; ".join(r["evidence"])} for r in rows
    ]


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    store = ctx_.store

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
        return row["partner"] if cell["column_id"] == "partner" else row["partnership"]

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-health-csv", "n_clicks"),
        State("health-table", "data"),
        prevent_initial_call=True,
    )
    def health_csv(_n, rows):
        if not _n:
            return no_update
        return dcc.send_string(V.rows_to_csv(rows or [], COLUMNS), "link-health.csv")
