"""Costs & benefits: what each unit's or project's international work costs and brings in.

Costs and financial benefits per unit or project as the papers print them (£m per year), with
their sources, for the strategy board and the annual report.
"""

from __future__ import annotations

from typing import Any

import dash
import plotly.graph_objects as go
from dash import Input, Output, dcc, html, no_update

from .. import views as V
from ..card import readable, readable_rows
from ..components import table
from ..context import PageContext

PATH = "/costs"
TITLE = "Costs & benefits"

__all__ = ["PATH", "TITLE", "layout", "register_callbacks", "costs_fig"]

COLUMNS = [
    "subject",
    "directorate",
    "period",
    "cost_as_printed",
    "benefit_as_printed",
    "time_limited",
    "table",
    "sources",
]


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    return html.Div(
        [
            html.P(
                "Costs and financial benefits per unit or project, as the papers print them "
                "(£m per year), with their sources. Rows marked time limited are costs 2005-2007."
            ),
            dcc.Graph(id="costs-chart", config={"displaylogo": False}),
            table("costs-table", COLUMNS),
            html.Button("Export CSV", id="btn-costs-csv", n_clicks=0),
        ]
    )


def costs_fig(rows: list[dict[str, Any]]) -> go.Figure:
    """Cost and benefit side by side per subject, on a log scale (they span 1,000×)."""
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
    return fig


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    view = ctx_.view

    @app.callback(
        Output("costs-chart", "figure"), Output("costs-table", "rowData"), Input("url", "pathname")
    )
    def costs(pathname):
        if pathname != PATH:
            return no_update, no_update
        rows = V.cost_rows(view)
        table_rows = [
            {
                **r,
                "sources": readable(view, r["sources"]),
                "time_limited": "yes" if r["time_limited"] else "",
            }
            for r in rows
        ]
        return costs_fig(rows), table_rows

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-costs-csv", "n_clicks"),
        prevent_initial_call=True,
    )
    def costs_csv(_n):
        if not _n:
            return no_update
        rows = V.cost_rows(view)
        return dcc.send_string(V.rows_to_csv(readable_rows(view, rows)), "costs-benefits.csv")
