"""Activity matrix: the strategy's annual matrix of international activity.

Which units of a council work with which partners (partnerships they own, projects they run
together), for the international team's annual report. Click a cell for the partner's details.
"""

from __future__ import annotations

from typing import Any

import dash
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update

from .. import views as V
from ..components import council_dropdown, register_council_chooser
from ..context import PageContext

PATH = "/matrix"
TITLE = "Activity matrix"

__all__ = ["PATH", "TITLE", "layout", "register_callbacks", "matrix_fig"]


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    return html.Div(
        [
            html.P(
                "The strategy's annual matrix of international activity: which units work with "
                "which partners (partnerships they own, projects they run together). Click a "
                "cell for the partner's details."
            ),
            html.Div(
                [
                    council_dropdown("x-council", ctx_.view, state),
                    html.Label(
                        [
                            "Year (activities recorded)",
                            dcc.Dropdown(
                                id="x-year",
                                value=str(state["year"]) if state.get("year") else None,
                                placeholder="all years",
                            ),
                        ]
                    ),
                ],
                className="controls-inline",
            ),
            dcc.Graph(id="matrix", config={"displaylogo": False}),
            html.Button("Export CSV", id="btn-matrix-csv", n_clicks=0),
        ]
    )


def matrix_fig(
    view: V.GraphView, council: str | None, year: str | None = None, store=None
) -> go.Figure:
    """The heatmap of links between a council's units (rows) and partners (columns); with a
    ``year``, the year's recorded activities and projects started (read from ``store``, so a
    just-recorded activity counts)."""
    ask = V.choose_a_council(view, council) if not (year and council) else None
    if ask:
        fig = go.Figure()
        fig.add_annotation(text=ask, showarrow=False)
        return fig
    if year and council:
        units, partners, z, evidence = _year_matrix(view, store, council, year)
    else:
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
        when = f" in {year}" if year else ""
        fig.add_annotation(text=f"No unit-to-partner activity recorded{when}", showarrow=False)
    return fig


def _store_graph(view: V.GraphView, store):
    from graphmodel.annual_report import _graph

    return _graph(store) if store is not None else view.g


def _year_matrix(view: V.GraphView, store, council: str, year: str):
    from graphmodel.activity_matrix import yearly_matrix

    return yearly_matrix(_store_graph(view, store), council, str(year))


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    view = ctx_.view
    register_council_chooser(app, "x-council", view)

    @app.callback(Output("matrix", "figure"), Input("x-council", "data"), Input("x-year", "value"))
    def matrix(council, year):
        return matrix_fig(view, council, year, ctx_.store)

    @app.callback(Output("x-year", "options"), Input("x-council", "data"))
    def matrix_years(council):
        from graphmodel.activity_matrix import activity_years

        if not council:
            return []
        return activity_years(_store_graph(view, ctx_.store), council)

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
        State("x-council", "data"),
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
