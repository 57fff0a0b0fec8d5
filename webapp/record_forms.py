"""Forms that record a review or an activity, shown on the Link health page.

Both go through :func:`webapp.writes.record_from_web` (the one place the explorer writes). A
recorded review counts at once: the page's ``h-written`` store changes and link health re-runs.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, dcc, html, no_update

from .context import PageContext
from .writes import record_from_web

__all__ = ["record_forms", "register_form_callbacks", "partnership_options"]

ACTIVITY_TYPES = ["visit", "exchange", "event", "project", "meeting", "other"]


def _field(label: str, component) -> html.Label:
    return html.Label([label, component])


def record_forms() -> html.Details:
    """The two forms, folded under one heading."""
    review = html.Form(
        [
            html.H3("Record a review"),
            _field("Partnership", dcc.Dropdown(id="rv-partnership", placeholder="Choose a link")),
            _field("Date", dcc.Input(id="rv-date", type="text", placeholder="YYYY-MM-DD")),
            _field("Reviewer", dcc.Input(id="rv-reviewer", type="text", placeholder="e.g. IAB")),
            _field("Outcome", dcc.Input(id="rv-outcome", type="text")),
            _field(
                "Objectives met",
                dcc.Dropdown(
                    id="rv-met",
                    options=["yes", "partly", "no", "not-assessed"],
                    value="not-assessed",
                    clearable=False,
                ),
            ),
            _field("Next review", dcc.Input(id="rv-next", type="text", placeholder="optional")),
            html.Button("Record review", id="rv-save", n_clicks=0, type="button"),
            html.Div(id="rv-message", className="form-message", role="status"),
        ],
        className="record-form",
        **{"aria-label": "record a review"},
    )
    activity = html.Form(
        [
            html.H3("Record an activity"),
            _field("Partnership", dcc.Dropdown(id="ac-partnership", placeholder="Choose a link")),
            _field("What", dcc.Input(id="ac-name", type="text", placeholder="e.g. Study visit")),
            _field(
                "Type",
                dcc.Dropdown(id="ac-type", options=ACTIVITY_TYPES, value="visit", clearable=False),
            ),
            _field("Start", dcc.Input(id="ac-start", type="text", placeholder="YYYY-MM-DD")),
            _field("People", dcc.Input(id="ac-people", type="text", placeholder="comma separated")),
            _field("Outcome", dcc.Input(id="ac-outcome", type="text")),
            html.Button("Record activity", id="ac-save", n_clicks=0, type="button"),
            html.Div(id="ac-message", className="form-message", role="status"),
        ],
        className="record-form",
        **{"aria-label": "record an activity"},
    )
    return html.Details(
        [
            html.Summary("Record a review or an activity"),
            html.Div([review, activity], className="record-forms"),
            dcc.Store(id="h-written", data=0),
        ],
        open=True,
    )


def partnership_options(ctx_: PageContext, council: str | None) -> list[dict[str, str]]:
    """The council's partnerships, labelled by partner, for the forms' dropdowns."""
    from graphmodel.errors import PartnerGraphError
    from graphmodel.queries import run_query

    if not council:
        return []
    try:
        rows = run_query(ctx_.store, "partners", council=council)
    except PartnerGraphError:
        return []
    return [
        {"label": f"{r['partner_name']} ({r['partnership_name']})", "value": r["partnership"]}
        for r in rows
    ]


def _message(outcome) -> html.Span:
    return html.Span(outcome["message"], className="ok" if outcome["ok"] else "error-text")


def register_form_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    @app.callback(
        Output("rv-partnership", "options"),
        Output("ac-partnership", "options"),
        Input("h-council", "value"),
    )
    def _options(council):
        opts = partnership_options(ctx_, council)
        return opts, opts

    @app.callback(
        Output("rv-message", "children"),
        Output("h-written", "data", allow_duplicate=True),
        Input("rv-save", "n_clicks"),
        State("rv-partnership", "value"),
        State("rv-date", "value"),
        State("rv-reviewer", "value"),
        State("rv-outcome", "value"),
        State("rv-met", "value"),
        State("rv-next", "value"),
        State("h-written", "data"),
        prevent_initial_call=True,
    )
    def _review(n, partnership, date, reviewer, outcome, met, next_review, written):
        if not n:
            return no_update, no_update
        if not partnership:
            return html.Span("Choose the partnership first.", className="error-text"), no_update
        fields: dict[str, Any] = {
            "partnership": partnership,
            "date": date,
            "reviewer": reviewer,
            "outcome": outcome,
            "objectives_met": met,
            "next_review": next_review,
        }
        result = record_from_web(ctx_, "reviews", fields)
        return _message(result), (written or 0) + 1 if result["ok"] else no_update

    @app.callback(
        Output("ac-message", "children"),
        Output("h-written", "data", allow_duplicate=True),
        Input("ac-save", "n_clicks"),
        State("ac-partnership", "value"),
        State("ac-name", "value"),
        State("ac-type", "value"),
        State("ac-start", "value"),
        State("ac-people", "value"),
        State("ac-outcome", "value"),
        State("h-written", "data"),
        prevent_initial_call=True,
    )
    def _activity(n, partnership, name, type_, start, people, outcome, written):
        if not n:
            return no_update, no_update
        if not partnership:
            return html.Span("Choose the partnership first.", className="error-text"), no_update
        partner = (ctx_.store.node(partnership) or {}).get("partner_org")
        fields = {
            "name": name,
            "type": type_,
            "start": start,
            "partnership": partnership,
            "partner": partner,
            "people": [p.strip() for p in (people or "").split(",") if p.strip()],
            "outcome": outcome,
        }
        result = record_from_web(ctx_, "activities", fields)
        return _message(result), (written or 0) + 1 if result["ok"] else no_update
