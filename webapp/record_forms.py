"""Forms that record a review or an activity, shown on the Link health page.

Both go through :func:`webapp.writes.record_from_web` (the one place the explorer writes). A
recorded review counts at once: the shell's ``written`` store changes, link health re-runs and
an open card redraws (:mod:`webapp.card_forms`).
"""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, dcc, html, no_update

from loaders.record_input import MAX_NAME, MAX_TEXT

from .card_forms import LABELS, written_after
from .context import PageContext
from .writes import new_submission, record_from_web

__all__ = ["record_forms", "register_form_callbacks", "partnership_options"]

ACTIVITY_TYPES = ["visit", "exchange", "event", "project", "meeting", "other"]


def _field(label: str, component) -> html.Label:
    return html.Label([label, component])


def record_forms() -> html.Details:
    """The two forms, folded under one heading."""
    review = html.Form(
        [
            html.H3("Record a review"),
            _field(
                "Partnership", dcc.Dropdown(id="rec-rv-partnership", placeholder="Choose a link")
            ),
            _field(
                "Date",
                dcc.Input(id="rec-rv-date", type="text", maxLength=10, placeholder="YYYY-MM-DD"),
            ),
            _field(
                "Reviewer",
                dcc.Input(
                    id="rec-rv-reviewer", type="text", maxLength=MAX_NAME, placeholder="e.g. IAB"
                ),
            ),
            _field("Outcome", dcc.Input(id="rec-rv-outcome", type="text", maxLength=MAX_TEXT)),
            _field(
                "Objectives met",
                dcc.Dropdown(
                    id="rec-rv-met",
                    options=["yes", "partly", "no", "not-assessed"],
                    value="not-assessed",
                    clearable=False,
                ),
            ),
            _field(
                "Next review",
                dcc.Input(id="rec-rv-next", type="text", maxLength=10, placeholder="optional"),
            ),
            html.Button("Record review", id="rec-rv-save", n_clicks=0, type="button"),
            dcc.Store(id="rec-rv-sub", data=new_submission()),
            html.Div(id="rec-rv-message", className="form-message", role="status"),
        ],
        className="record-form",
        **{"aria-label": "record a review"},
    )
    activity = html.Form(
        [
            html.H3("Record an activity"),
            _field(
                "Partnership", dcc.Dropdown(id="rec-ac-partnership", placeholder="Choose a link")
            ),
            _field(
                "What",
                dcc.Input(
                    id="rec-ac-name",
                    type="text",
                    maxLength=MAX_NAME,
                    placeholder="e.g. Study visit",
                ),
            ),
            _field(
                "Type",
                dcc.Dropdown(
                    id="rec-ac-type", options=ACTIVITY_TYPES, value="visit", clearable=False
                ),
            ),
            _field(
                "Start",
                dcc.Input(id="rec-ac-start", type="text", maxLength=10, placeholder="YYYY-MM-DD"),
            ),
            _field(
                "People",
                dcc.Input(
                    id="rec-ac-people",
                    type="text",
                    maxLength=MAX_TEXT,
                    placeholder="comma separated",
                ),
            ),
            _field("Outcome", dcc.Input(id="rec-ac-outcome", type="text", maxLength=MAX_TEXT)),
            html.Button("Record activity", id="rec-ac-save", n_clicks=0, type="button"),
            dcc.Store(id="rec-ac-sub", data=new_submission()),
            html.Div(id="rec-ac-message", className="form-message", role="status"),
        ],
        className="record-form",
        **{"aria-label": "record an activity"},
    )
    return html.Details(
        [
            html.Summary("Record a review or an activity"),
            html.Div([review, activity], className="record-forms"),
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
        rows = run_query(ctx_.store, "partners", council=council, include_domestic="yes")
    except PartnerGraphError:
        return []
    return [
        {"label": f"{r['partner_name']} ({r['partnership_name']})", "value": r["partnership"]}
        for r in rows
    ]


def _choose_first() -> html.Span:
    return html.Span("Choose the partnership first.", className="error-text")


def _message(outcome) -> html.Span:
    return html.Span(outcome["message"], className="ok" if outcome["ok"] else "error-text")


def register_form_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    @app.callback(
        Output("rec-rv-partnership", "options"),
        Output("rec-ac-partnership", "options"),
        Input("h-council", "data"),
    )
    def _options(council):
        opts = partnership_options(ctx_, council)
        return opts, opts

    @app.callback(
        Output("rec-rv-message", "children"),
        Output("written", "data", allow_duplicate=True),
        Output("rec-rv-sub", "data"),
        Input("rec-rv-save", "n_clicks"),
        State("rec-rv-partnership", "value"),
        State("rec-rv-date", "value"),
        State("rec-rv-reviewer", "value"),
        State("rec-rv-outcome", "value"),
        State("rec-rv-met", "value"),
        State("rec-rv-next", "value"),
        State("written", "data"),
        State("rec-rv-sub", "data"),
        prevent_initial_call=True,
    )
    def _review(n, partnership, date, reviewer, outcome, met, next_review, written, sub):
        if not n:
            return no_update, no_update, no_update
        if not partnership:
            return _choose_first(), no_update, no_update
        fields: dict[str, Any] = {
            "partnership": partnership,
            "date": date,
            "reviewer": reviewer,
            "outcome": outcome,
            "objectives_met": met,
            "next_review": next_review,
        }
        result = record_from_web(ctx_, "reviews", fields, labels=LABELS, submission=sub)
        if not result["ok"]:
            return _message(result), no_update, no_update
        after = written_after(result, written, "reviews", partnership)
        return _message(result), after, new_submission()

    @app.callback(
        Output("rec-ac-message", "children"),
        Output("written", "data", allow_duplicate=True),
        Output("rec-ac-sub", "data"),
        Input("rec-ac-save", "n_clicks"),
        State("rec-ac-partnership", "value"),
        State("rec-ac-name", "value"),
        State("rec-ac-type", "value"),
        State("rec-ac-start", "value"),
        State("rec-ac-people", "value"),
        State("rec-ac-outcome", "value"),
        State("written", "data"),
        State("rec-ac-sub", "data"),
        prevent_initial_call=True,
    )
    def _activity(n, partnership, name, type_, start, people, outcome, written, sub):
        if not n:
            return no_update, no_update, no_update
        if not partnership:
            return _choose_first(), no_update, no_update
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
        result = record_from_web(ctx_, "activities", fields, labels=LABELS, submission=sub)
        if not result["ok"]:
            return _message(result), no_update, no_update
        after = written_after(result, written, "activities", partnership)
        return _message(result), after, new_submission()
