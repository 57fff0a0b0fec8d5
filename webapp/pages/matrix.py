"""Activity matrix: the strategy's annual matrix of international activity.

Which units of a council work with which international partners: the partnerships they own,
the projects they take part in and the activities recorded, for all years or for one year.
Every partner the council's partnerships name is a column, even with nothing recorded (said
under the matrix); domestic bodies only when asked for. The council, year and domestic choice
are in the URL. For the international team's annual report; click a cell for the partner.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import dash
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update

from graphmodel.views.activity_matrix import (
    ActivityMatrix,
    activity_years,
    council_matrix,
    counted_only,
)

from .. import views as V
from ..a11y import chart_alternative, chart_figure, data_table
from ..components import CHART_CONFIG, council_dropdown, register_council_chooser
from ..context import PageContext
from ..state import merge_state

PATH = "/matrix"
TITLE = "Activity matrix"

__all__ = [
    "PATH",
    "TITLE",
    "layout",
    "register_callbacks",
    "show_matrix",
    "offer_years",
    "open_clicked_partner",
    "export_csv",
    "matrix_for",
    "matrix_fig",
    "matrix_note",
    "matrix_rows",
    "matrix_alt",
    "matrix_shown",
]


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    year = str(state["year"]) if state.get("year") else None
    council = state.get("council")
    years = year_options(ctx_.view, ctx_.view.g, council) if council else []
    return html.Div(
        [
            html.P(
                "The strategy's annual matrix of international activity: which units work with "
                "which partners (partnerships they own, projects they take part in, activities "
                "recorded). Click a cell for the partner's details."
            ),
            html.Div(
                [
                    council_dropdown("x-council", ctx_.view, state),
                    html.Label(
                        [
                            "Year (dated activity)",
                            dcc.Dropdown(
                                id="x-year",
                                options=years
                                + ([] if not year or year in _values(years) else [year]),
                                value=year,
                                placeholder="all years",
                                searchable=False,
                            ),
                        ]
                    ),
                    dcc.Checklist(
                        id="x-domestic",
                        options=[{"label": " include domestic bodies", "value": "yes"}],
                        value=["yes"] if state.get("domestic") == "yes" else [],
                    ),
                ],
                className="controls-inline",
            ),
            # a heat map keeps its grid on a narrow window: it scrolls sideways in its own box
            chart_figure(
                dcc.Graph(id="matrix", config=CHART_CONFIG, className="wide-chart"),
                "Activity matrix chart",
                described_by="matrix-summary",
                scroll=True,
            ),
            html.Div(id="matrix-note", className="note", role="status"),
            # its text alternative: a summary and every count as a table (webapp.a11y)
            html.Div(id="matrix-alt"),
            html.Button("Export CSV", id="btn-matrix-csv", n_clicks=0),
        ]
    )


def matrix_for(
    view: V.GraphView, g, council: str | None, year: str | None, domestic: bool
) -> ActivityMatrix | str:
    """The matrix of ``council`` (every home council when None, if there are few), read from
    ``g`` (the store's graph, so a just-recorded activity counts); or what to ask instead."""
    ask = V.choose_a_council(view, council)
    if ask:
        return ask
    councils = [council] if council else view.home_councils()
    return council_matrix(g, councils, str(year) if year else None, include_domestic=domestic)


def matrix_fig(view: V.GraphView, m: ActivityMatrix | str, year: str | None = None) -> go.Figure:
    """The heatmap: units (rows) × partners (columns), a cell's hover saying what was counted.
    Given a sentence instead of a matrix, the figure says it."""
    if isinstance(m, str):
        fig = go.Figure()
        fig.add_annotation(text=m, showarrow=False)
        fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, height=300)
        return fig
    what = "activities" if year else "links"
    text = [
        ["<br>".join(m.evidence.get((r, p), ["nothing recorded"])) for p in m.cols] for r in m.rows
    ]
    fig = go.Figure(
        go.Heatmap(
            z=m.z,
            x=[view.name(p) for p in m.cols],
            y=[_row_name(view, r) for r in m.rows],
            customdata=[list(m.cols) for _ in m.rows],
            text=text,
            hovertemplate=f"%{{y}} × %{{x}}: %{{z}} {what}<br>%{{text}}<extra></extra>",
            texttemplate="%{z}",  # each count as a number, not only as a colour
            colorscale="Blues",
            zmin=0,
            zmax=max([1, *(v for row in m.z for v in row)]),  # nothing counted: white, not mid
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": what}},
        )
    )
    fig.update_layout(
        height=max(320, 40 * len(m.rows) + 220),
        margin={"l": 230, "b": 200, "t": 20},
        xaxis={"tickangle": -45, "automargin": True},
        yaxis={"automargin": True, "autorange": "reversed"},
        plot_bgcolor="#fff",
    )
    if not m.cols:
        when = f" in {year}" if year else ""
        fig.add_annotation(text=f"No partner or activity recorded{when}", showarrow=False)
    return fig


def year_options(view: V.GraphView, g, council: str | None) -> list[dict]:
    """The years with something to count, each saying when it is work with domestic bodies
    only (the matrix then shows them); a year with nothing to show is not offered."""
    councils = [council] if council else view.home_councils()
    years = sorted({y for c in councils for y in activity_years(g, c)})
    out = []
    for y in years:
        m = council_matrix(g, councils, y, include_domestic=True)
        if not any(any(row) for row in m.z):
            continue
        abroad = council_matrix(g, councils, y)
        only_home = not any(any(row) for row in abroad.z)
        out.append({"label": f"{y} (domestic bodies only)" if only_home else y, "value": y})
    return out


def _values(options: list[dict]) -> list[str]:
    return [o["value"] for o in options]


def _row_name(view: V.GraphView, r: str) -> str:
    # the council's own row: work no unit is named for
    return f"{view.name(r)} (no unit named)" if r in view.home_councils() else view.name(r)


def matrix_note(view: V.GraphView, m: ActivityMatrix | str, year: str | None) -> list:
    """What the matrix leaves out, in words: named partners with nothing recorded, domestic
    bodies not shown."""
    if isinstance(m, str):
        return []
    out: list = []
    if m.quiet:
        when = f" in {year}" if year else ""
        names = ", ".join(view.name(p) for p in m.quiet)
        out.append(
            html.Span(
                f"Nothing recorded{when} with {len(m.quiet)} partner(s) the council's "
                f"partnerships name (shown as empty columns): {names}. ",
                className="matrix-quiet",
            )
        )
    if m.domestic_left_out:
        out.append(
            html.Span(
                f"{m.domestic_left_out} domestic bodies are not shown (tick 'include domestic "
                "bodies').",
                className="matrix-domestic",
            )
        )
    return out


def matrix_alt(view: V.GraphView, m: ActivityMatrix | str, year: str | None) -> Any:
    """The matrix's text alternative: a one-line summary and every count in a table (a row
    per unit, a column per partner), folded under the chart."""
    if isinstance(m, str):  # no chart: the figure's description says what to do instead
        return html.P(m, id="matrix-summary", hidden=True)
    rows, columns = matrix_rows(view, m)
    what = "activities" if year else "links"
    total = sum(sum(r) for r in m.z)
    cells = [(i, j) for i in range(len(m.rows)) for j in range(len(m.cols)) if m.z[i][j]]
    busiest = max(cells, key=lambda c: m.z[c[0]][c[1]], default=None)
    summary = (
        f"{len(m.rows)} units × {len(m.cols)} partners, {total} {what} counted"
        + (f" in {year}" if year else "")
        + (
            f"; the most: {_row_name(view, m.rows[busiest[0]])} with "
            f"{view.name(m.cols[busiest[1]])} ({m.z[busiest[0]][busiest[1]]})."
            if busiest
            else "."
        )
    )
    table = data_table(
        f"Activity matrix: {what} per unit (rows) and partner (columns)",
        columns,
        [[r[c] for c in columns] for r in rows],
    )
    return chart_alternative("Activity matrix", summary, table, summary_id="matrix-summary")


def matrix_rows(view: V.GraphView, m: ActivityMatrix) -> tuple[list[dict], list[str]]:
    """The matrix as CSV rows (a row per unit, a column per partner) and its columns."""
    columns = ["unit"] + [view.name(p) for p in m.cols]
    rows = [
        {"unit": _row_name(view, r), **{view.name(p): m.z[i][j] for j, p in enumerate(m.cols)}}
        for i, r in enumerate(m.rows)
    ]
    return rows, columns


def _store_graph(view: V.GraphView, store):
    """The graph the matrix counts in: the store's read view (the explorer's own snapshot when
    no store is given)."""
    return store.read_view() if store is not None else view.g


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    """Wire the page's callbacks. Each is a module-level function below that takes the page's
    context first, so a test can call it as Dash does."""
    register_council_chooser(app, "x-council", ctx_.view)
    app.callback(
        Output("matrix", "figure"),
        Output("matrix-note", "children"),
        Output("state", "data", allow_duplicate=True),
        Output("matrix-alt", "children"),
        Input("x-council", "data"),
        Input("x-year", "value"),
        Input("x-domestic", "value"),
        State("state", "data"),
        prevent_initial_call="initial_duplicate",
    )(partial(show_matrix, ctx_))
    app.callback(
        Output("x-year", "options"),
        Output("x-year", "value", allow_duplicate=True),
        Input("x-council", "data"),
        State("x-year", "value"),
        prevent_initial_call="initial_duplicate",
    )(partial(offer_years, ctx_))
    app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("matrix", "clickData"),
        prevent_initial_call=True,
    )(open_clicked_partner)
    app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-matrix-csv", "n_clicks"),
        State("x-council", "data"),
        State("x-year", "value"),
        State("x-domestic", "value"),
        prevent_initial_call=True,
    )(partial(export_csv, ctx_))


def matrix_shown(ctx_: PageContext, council, year, domestic) -> tuple[Any, Any]:
    """The matrix the page shows (or what to ask instead) and, in a year with no international
    work, the sentence saying so: that year shows the domestic bodies worked with, not an
    empty grid, nor every domestic body the partnerships name as an empty column."""
    view = ctx_.view
    g = _store_graph(view, ctx_.store)
    m = matrix_for(view, g, council, year, bool(domestic))
    if not year or domestic or isinstance(m, str) or any(map(any, m.z)):
        return m, None
    home = matrix_for(view, g, council, year, True)
    if isinstance(home, str) or not any(map(any, home.z)):
        return m, None
    m = counted_only(home)
    names = ", ".join(view.name(p) for p in m.cols)
    return m, html.Span(
        f"No international activity is recorded in {year}. The work recorded that year was "
        f"all with domestic bodies, shown here although 'include domestic bodies' is not "
        f"ticked: {names}. Tick it to see every domestic body the council's partnerships "
        "name. ",
        className="matrix-domestic-only",
    )


def show_matrix(ctx_: PageContext, council, year, domestic, state) -> tuple:
    """The chart, the note under it, the address's state and the text alternative for the
    chosen council, year and domestic choice. A year whose work was all with domestic bodies
    says there was no international activity and shows the bodies worked with (not every
    domestic body named) rather than an empty grid."""
    view = ctx_.view
    m, shown_anyway = matrix_shown(ctx_, council, year, domestic)
    new_state = merge_state(
        state, council=council, year=year or None, domestic="yes" if domestic else None
    )
    note = matrix_note(view, m, year)
    return (
        matrix_fig(view, m, year),
        [shown_anyway, *note],
        new_state,
        matrix_alt(view, m, year),
    )


def offer_years(ctx_: PageContext, council, year) -> tuple:
    """The council's years with something to show; a year it has nothing in goes back to all
    years."""
    view = ctx_.view
    if V.choose_a_council(view, council):
        return [], None
    years = year_options(view, _store_graph(view, ctx_.store), council)
    return years, no_update if not year or year in _values(years) else None


def open_clicked_partner(click) -> Any:
    """A clicked cell opens its partner's card."""
    try:
        return click["points"][0]["customdata"]
    except (TypeError, KeyError, IndexError):
        return no_update


def export_csv(ctx_: PageContext, _n, council, year, domestic) -> Any:
    """The matrix shown, as a CSV download (a row per unit, a column per partner)."""
    if not _n:
        return no_update
    view = ctx_.view
    m, _ = matrix_shown(ctx_, council, year, domestic)
    if isinstance(m, str):
        return no_update
    rows, columns = matrix_rows(view, m)
    name = "activity-matrix" + (f"-{year}" if year else "") + ".csv"
    return dcc.send_string(V.rows_to_csv(rows, columns), name)
