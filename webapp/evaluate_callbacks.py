"""Evaluate's callbacks (the layout: :mod:`webapp.pages.evaluate`).

Each is a module-level function taking the page's context first, so a test can call it as Dash
does; :func:`register_evaluate_callbacks` wires them to the page's components.
"""

from __future__ import annotations

from typing import Any

import dash
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update

from graphmodel.evaluator.registry import REGISTRY
from graphmodel.evaluator.report import board_report_html
from graphmodel.evaluator.summary import strategy_parts, weights_words
from graphmodel.views.sources import format_date

from .a11y import error_summary, field_error
from .candidates import candidate_label, candidate_search
from .card import view_labels
from .components import register_council_chooser, register_search_box
from .context import PageContext
from .evaluate_chart import scores_alt, scores_figure
from .evaluate_discover import register_discover_callbacks
from .evaluate_inputs import (
    MAX_COMPARE,
    base_weights,
    candidate_options,
    evaluation_date,
    form_profile,
    known_themes,
    scorecards,
    weights_from,
)
from .scorecards import evidence, scorecard_column, sensitivity

__all__ = [
    "register_evaluate_callbacks",
    "add_found",
    "add_custom",
    "run_evaluation",
    "board_report",
    "start_weights",
]


#: the candidate form's boxes that show a message of their own (webapp.form_fields)
FORM_BOXES = ("cf-name", "cf-source")


def _no_chart() -> go.Figure:
    """A blank, low figure while nothing is scored: no empty axes for a person to puzzle over."""
    fig = go.Figure()
    fig.update_layout(
        height=40,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        xaxis={"visible": False},
        yaxis={"visible": False},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def add_found(ctx_: PageContext, found, options, value):
    """A candidate found by the search box joins the chosen (at most MAX_COMPARE)."""
    if not found or found in (value or []):
        return no_update, no_update
    options = [o for o in options or [] if o["value"] != found] + [
        {"label": candidate_label(ctx_.view, ctx_.evaluator, found), "value": found}
    ]
    return options, [*(value or [])][: MAX_COMPARE - 1] + [found]


def add_custom(
    ctx_: PageContext,
    n,
    name,
    country,
    lat,
    lon,
    pop,
    coastal,
    themes,
    all_,
    source,
    home,
    options,
    value,
    custom,
):
    """A candidate described in the form joins the chosen; a box at fault is named in a
    summary over the form, linked to it (:func:`webapp.a11y.error_summary`)."""
    if not n:
        return no_update, no_update, no_update, no_update, no_update, no_update, no_update
    missing = [("cf-name", "Enter the candidate's name")] if not name else []
    if not source:
        missing.append(("cf-source", "Enter the source of these figures"))
    if missing:
        words = "; ".join(m for _, m in missing)
        said = dict(missing)
        return (
            no_update,
            no_update,
            no_update,
            f"Cannot add the candidate: {words}.",
            error_summary(missing),
            *[field_error(box, said.get(box)) for box in FORM_BOXES],
        )
    try:
        known = known_themes(ctx_.view, ctx_.evaluator, home)
        profile = form_profile(
            name, country, lat, lon, pop, coastal, themes, source, known, "all" in (all_ or [])
        )
    except ValueError as exc:
        said = f"Cannot add the candidate: {exc}"
        return no_update, no_update, no_update, said, error_summary([(None, said)]), None, None
    custom = [c for c in (custom or []) if c["id"] != profile.id] + [
        profile.model_dump(mode="json")
    ]
    options = [o for o in options if o["value"] != profile.id] + [
        {"label": f"{profile.name} (entered here)", "value": profile.id}
    ]
    value = [v for v in (value or []) if v != profile.id][: MAX_COMPARE - 1] + [profile.id]
    return options, value, custom, f"Added {profile.name}.", None, None, None


def run_evaluation(ctx_: PageContext, home, cands, custom, *rest, as_of: str | None = None):
    """The scorecards, the chart and its text alternative, the robustness and evidence
    sections and the message for the chosen candidates and weights, as of the date box's date
    (``as_of``; empty: today); the address follows."""
    *weights, state = rest
    view = ctx_.view
    w = weights_from(weights)
    day = evaluation_date(as_of) or ctx_.evaluator.today
    base = base_weights(ctx_.evaluator, home, as_of)
    new_state: dict[str, Any] = dict(state or {})
    new_state.update(
        home=home,
        as_of=day.isoformat() if evaluation_date(as_of) else None,
        cand=[c for c in cands or [] if not c.startswith("form-")],
        # only weights that differ from where the boxes start (the strategy's, else the
        # defaults) go in the link; a 0 is kept
        **{f"w_{k}": (v if v != base.get(k) else None) for k, v in w.items()},
    )
    if not cands:
        msg = "Choose one or more candidates to evaluate."
        return [], _no_chart(), scores_alt([]), [], [], [], msg, new_state
    if sum(w.values()) <= 0:
        msg = "At least one criterion needs a weight above 0."
        return [], _no_chart(), scores_alt([]), [], [], [], msg, new_state
    cards, problems = scorecards(ctx_.evaluator, home, cands, w, custom, as_of)
    message = (
        " ".join(problems)
        if problems
        else f"{len(cards)} candidate{'s' if len(cards) != 1 else ''} scored for "
        f"{view.name(home)} as of {format_date(day.isoformat())}: EU membership, programme "
        "periods and the strategy in force are read on that date."
    )
    return (
        [scorecard_column(c) for c in cards],
        scores_figure(cards),
        scores_alt(cards),
        sensitivity(cards) if cards else [],
        evidence(cards, view_labels(view)) if cards else [],
        against(cards[0], view) if cards else [],
        message,
        new_state,
    )


def start_weights(ctx_: PageContext, home, as_of) -> list[float]:
    """The boxes when the council or the date changes: the weights its strategy in force
    states, else the defaults (a weight typed for another council does not carry over)."""
    base = base_weights(ctx_.evaluator, home or None, as_of)
    return [base[k] for k in REGISTRY]


def against(card, view) -> html.Div:
    """What the scores are measured against (:func:`graphmodel.evaluator.summary.strategy_parts`):
    the council's own criteria for new partners with their source, or that it records none."""
    labels = view_labels(view)
    label = lambda s: labels.label(s, quote=False)  # noqa: E731
    head, criteria, notes = strategy_parts(card, label)
    return html.Div(
        [
            html.P(head),
            html.Ol([html.Li(c) for c in criteria]) if criteria else None,
            *[html.P(n) for n in notes],
            html.P(weights_words(card, label), className="weights-source"),
        ],
        className="against",
    )


def board_report(ctx_: PageContext, n, home, cands, custom, *weights, as_of: str | None = None):
    """The board report of every chosen candidate, as of the date box's date, as a download."""
    if not n or not cands:
        return no_update
    w = weights_from(weights)
    cards, _ = scorecards(ctx_.evaluator, home, cands, w, custom, as_of)
    if not cards:
        return no_update
    name = "-".join(c.candidate_id for c in cards)[:80]
    return dcc.send_string(
        board_report_html(cards, view_labels(ctx_.view)), f"board-report-{name}.html"
    )


def register_evaluate_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    view = ctx_.view

    def search(text: str) -> list[tuple[str, str]]:
        return candidate_search(view, ctx_.evaluator, candidate_options)(text)

    register_search_box(app, "e-find", search, lambda c: candidate_label(view, ctx_.evaluator, c))
    register_council_chooser(app, "e-home", view, required=True)
    register_discover_callbacks(app, ctx_)

    @app.callback(
        Output("e-cands", "options", allow_duplicate=True),
        Output("e-cands", "value", allow_duplicate=True),
        Input("e-find", "data"),
        State("e-cands", "options"),
        State("e-cands", "value"),
        prevent_initial_call=True,
    )
    def _add_found(*args):
        return add_found(ctx_, *args)

    @app.callback(
        Output("e-cands", "options"),
        Output("e-cands", "value"),
        Output("e-custom", "data"),
        Output("e-message", "children", allow_duplicate=True),
        Output("cf-errors", "children"),
        *[Output(f"{box}-msg", "children") for box in FORM_BOXES],
        Input("cf-add", "n_clicks"),
        State("cf-name", "value"),
        State("cf-country", "value"),
        State("cf-lat", "value"),
        State("cf-lon", "value"),
        State("cf-pop", "value"),
        State("cf-coastal", "value"),
        State("cf-themes", "value"),
        State("cf-themes-all", "value"),
        State("cf-source", "value"),
        State("e-home", "data"),
        State("e-cands", "options"),
        State("e-cands", "value"),
        State("e-custom", "data"),
        prevent_initial_call=True,
    )
    def _add_custom(*args):
        return add_custom(ctx_, *args)

    @app.callback(
        Output("e-cards", "children"),
        Output("e-radar", "figure"),
        Output("e-radar-alt", "children"),
        Output("e-sensitivity", "children"),
        Output("e-evidence", "children"),
        Output("e-against", "children"),
        Output("e-message", "children"),
        Output("state", "data", allow_duplicate=True),
        Input("e-home", "data"),
        Input("e-cands", "value"),
        Input("e-custom", "data"),
        *[Input(f"w-{k}", "value") for k in REGISTRY],
        Input("e-asof", "date"),
        State("state", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def _run(*args):
        *chosen, as_of, state = args
        return run_evaluation(ctx_, *chosen, state, as_of=as_of)

    @app.callback(
        *[Output(f"w-{k}", "value", allow_duplicate=True) for k in REGISTRY],
        Output("e-weights-for", "data"),
        Input("e-home", "data"),
        Input("e-asof", "date"),
        State("e-weights-for", "data"),
        prevent_initial_call=True,
    )
    def _start_weights(home, as_of, weights_for):
        chosen = {"home": home or None, "as_of": as_of or None}
        if chosen == weights_for:  # the chooser settling at start-up: a link's weights stay
            return [no_update] * (len(REGISTRY) + 1)
        return [*start_weights(ctx_, home, as_of), chosen]

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("e-report", "n_clicks"),
        State("e-home", "data"),
        State("e-cands", "value"),
        State("e-custom", "data"),
        *[State(f"w-{k}", "value") for k in REGISTRY],
        State("e-asof", "date"),
        prevent_initial_call=True,
    )
    def _report(*args):
        *chosen, as_of = args
        return board_report(ctx_, *chosen, as_of=as_of)
