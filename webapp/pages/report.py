"""The year's report: the international team's annual evaluation of activity, on screen and to
print or save. It is the same self-contained HTML page ``partnergraph report --year`` writes,
shown in a frame, with a button to download it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
from dash import Input, Output, State, dcc, html, no_update

from graphmodel.errors import PartnerGraphError
from graphmodel.views.annual_report import report_html, year_report
from graphmodel.views.annual_report import years_with_work as report_years

from ..components import council_dropdown, register_council_chooser
from ..context import PageContext
from ..state import merge_state

PATH = "/report"
TITLE = "Year report"

__all__ = ["PATH", "TITLE", "layout", "register_callbacks", "report_for", "years_with_work"]


def years_with_work(ctx_: PageContext, council: str | None) -> list[int]:
    """The years whose report counts something for ``council`` (an activity, event, agreement
    or project), oldest first; worked out once per snapshot of the graph."""
    if not council or council not in ctx_.view.data:
        return []

    def compute() -> list[int]:
        try:
            return report_years(ctx_.store, council)
        except PartnerGraphError:
            return []

    return ctx_.view.cached(("years_with_work", council), compute)


def default_year(ctx_: PageContext, council: str | None) -> int:
    """Last year when it has work to report, else the latest year that has: a report never
    opens on a year of zeros when the papers record another."""
    last = dt.date.today().year - 1
    years = years_with_work(ctx_, council)
    if not years or last in years:
        return last
    return max((y for y in years if y <= last), default=years[-1])


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    council = state.get("council") or next(iter(ctx_.view.home_councils()), None)
    year = state.get("year") or str(default_year(ctx_, council))
    return html.Div(
        [
            html.P(
                "The year's international activity in the strategy's structure (its headline "
                "priorities, by region), with reviews done and due, links without an MoU or "
                "objectives, costs and benefits, and the action plan's progress."
            ),
            html.Div(
                [
                    council_dropdown("r-council", ctx_.view, state, required=True),
                    html.Label(
                        [
                            "Year",
                            dcc.Input(
                                id="r-year",
                                type="number",
                                value=int(year),
                                min=1900,
                                max=2100,
                                step=1,
                                debounce=True,
                            ),
                        ]
                    ),
                    html.Button("Download HTML", id="r-download", n_clicks=0),
                ],
                className="controls-inline",
            ),
            html.Div(id="r-message", className="note", role="status"),
            html.Iframe(id="r-frame", className="report-frame", title="year report"),
        ]
    )


def report_for(ctx_: PageContext, council: str | None, year: Any) -> tuple[str | None, str]:
    """(the report's HTML or None, a message for the person)."""
    if not council:
        return None, "Choose a council."
    try:
        y = int(year)
    except (TypeError, ValueError):
        return None, "Type a year, e.g. 2007."
    if not 1900 <= y <= 2100:
        return None, f"{y} is not a year between 1900 and 2100."
    try:
        data = year_report(ctx_.store, council, y)
    except PartnerGraphError as exc:
        return None, str(exc)
    plural = {"activity": "activities"}
    counts = ", ".join(
        f"{n} {k if n == 1 else plural.get(k, k + 's')}" for k, n in data["counts"].items()
    )
    years = years_with_work(ctx_, council)
    others = f" Years with work recorded: {_spans(years)}." if years else ""
    return report_html(data), f"{data['council']} {y}: {counts}.{others}"


def _spans(years: list[int]) -> str:
    """2002, 2003, 2005, 2006, 2007 as "2002–2003, 2005–2007"."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    register_council_chooser(app, "r-council", ctx_.view, required=True)

    @app.callback(
        Output("r-frame", "srcDoc"),
        Output("r-message", "children"),
        Output("state", "data", allow_duplicate=True),
        Input("r-council", "data"),
        Input("r-year", "value"),
        State("state", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def _show(council, year, state):
        text, message = report_for(ctx_, council, year)
        return text or "", message, merge_state(state, council=council, year=year)

    @app.callback(
        Output("r-year", "value"),
        Input("r-council", "data"),
        State("r-year", "value"),
        State("state", "data"),
        prevent_initial_call=True,
    )
    def _year_for_council(council, year, state):
        # another council chosen: a year it has nothing in moves to one it has (a year the
        # address asks for is kept)
        years = years_with_work(ctx_, council)
        same = council == (state or {}).get("council")
        if same or not years or (str(year).isdigit() and int(year) in years):
            return no_update
        return default_year(ctx_, council)

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("r-download", "n_clicks"),
        State("r-council", "data"),
        State("r-year", "value"),
        prevent_initial_call=True,
    )
    def _download(n, council, year):
        if not n:
            return no_update
        text, _ = report_for(ctx_, council, year)
        if text is None:
            return no_update
        return dcc.send_string(text, f"report_{council}_{year}.html")
