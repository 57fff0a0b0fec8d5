"""Time on the Network page (Kumu's and Bloom's time slider): step or play the years, the view
following them. Each step shows the partnerships begun and the agreements signed up to that
year (the "Years (since / signed)" filter from the first year to the year reached), so a board
sees the network grow; "Play" steps once a second and stops at the last year."""

from __future__ import annotations

import dash
from dash import Input, Output, State, ctx, dcc, html, no_update

__all__ = ["STEP_MS", "next_years", "register_time_callbacks", "time_controls"]

#: how long each year is shown while playing (milliseconds)
STEP_MS = 1500


def time_controls() -> html.Div:
    return html.Div(
        [
            html.Button("◀ Year", id="btn-year-back", n_clicks=0, title="One year back"),
            html.Button("▶ Play", id="btn-year-play", n_clicks=0, title="Play the years"),
            html.Button("Year ▶", id="btn-year-next", n_clicks=0, title="One year on"),
            html.Span(id="year-at", className="note", role="status"),
            dcc.Interval(id="year-tick", interval=STEP_MS, disabled=True),
        ],
        className="row time-controls",
        role="group",
        **{"aria-label": "step or play the years"},
    )


def next_years(years: list[int] | None, lo: int, hi: int, step: int) -> list[int]:
    """The years filter one step on (or back): from the first year to the year reached.

    Examples
    --------
    >>> next_years([2002, 2006], 2002, 2006, 1)  # the whole range: start again at the first
    [2002, 2002]
    >>> next_years([2002, 2003], 2002, 2006, 1)
    [2002, 2004]
    >>> next_years([2002, 2002], 2002, 2006, -1)
    [2002, 2002]
    """
    reached = (years or [lo, hi])[1]
    if step > 0 and reached >= hi:
        return [lo, lo]
    return [lo, max(lo, min(hi, reached + step))]


def register_time_callbacks(app: dash.Dash) -> None:
    @app.callback(
        Output("year-tick", "disabled"),
        Output("btn-year-play", "children"),
        Input("btn-year-play", "n_clicks"),
        State("year-tick", "disabled"),
        prevent_initial_call=True,
    )
    def play(n, stopped):
        if not n:
            return no_update, no_update
        return (False, "Pause") if stopped else (True, "▶ Play")

    @app.callback(
        Output("f-years", "value", allow_duplicate=True),
        Output("year-tick", "disabled", allow_duplicate=True),
        Output("btn-year-play", "children", allow_duplicate=True),
        Output("year-at", "children"),
        Input("year-tick", "n_intervals"),
        Input("btn-year-next", "n_clicks"),
        Input("btn-year-back", "n_clicks"),
        State("f-years", "value"),
        State("f-years", "min"),
        State("f-years", "max"),
        State("year-tick", "disabled"),
        prevent_initial_call=True,
    )
    def step(_tick, _next, _back, years, lo, hi, stopped):
        back = ctx.triggered_id == "btn-year-back"
        years = next_years(years, lo, hi, -1 if back else 1)
        said = (
            f"Up to {years[1]}: partnerships begun and agreements signed {lo}–{years[1]} "
            "(and those with no date in the papers)"
        )
        if ctx.triggered_id == "year-tick" and not stopped and years[1] >= hi:
            return years, True, "▶ Play", said  # the last year reached: playing stops there
        return years, no_update, no_update, said
