"""Forms that record a review or an activity, shown on the Link health page.

Both go through :func:`webapp.writes.record_from_web` (the one place the explorer writes). A
recorded review counts at once: the shell's ``written`` store changes, link health re-runs and
an open card redraws (:mod:`webapp.card_forms`).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import dash
from dash import Input, Output, State, dcc, html, no_update

from .card_forms import LABELS, written_after
from .context import PageContext
from .form_fields import cleared, field_outputs, form_field, not_as_sent, refused
from .writes import new_submission, record_from_web, refuse_misshapen_writes

__all__ = [
    "record_forms",
    "register_form_callbacks",
    "partnership_options",
    "offer_partnerships",
    "record_review",
    "record_activity",
]

ACTIVITY_TYPES = ["visit", "exchange", "event", "project", "meeting", "other"]


#: register field -> the box it is typed in, so each problem links to its box
REVIEW_BOXES = {
    "partnership": "rec-rv-partnership",
    "date": "rec-rv-date",
    "reviewer": "rec-rv-reviewer",
    "outcome": "rec-rv-outcome",
    "objectives_met": "rec-rv-met",
    "next_review": "rec-rv-next",
}
ACTIVITY_BOXES = {
    "partnership": "rec-ac-partnership",
    "name": "rec-ac-name",
    "type": "rec-ac-type",
    "start": "rec-ac-start",
    "people": "rec-ac-people",
    "outcome": "rec-ac-outcome",
}


def record_forms() -> html.Details:
    """The two forms, folded under one heading."""
    return html.Details(
        [
            html.Summary("Record a review or an activity"),
            html.Div([_review_form(), _activity_form()], className="record-forms"),
        ],
        open=True,
    )


def _review_form() -> html.Form:
    """A review of a partnership: its date, reviewer, outcome, whether objectives were met, and
    the next review's date."""
    return html.Form(
        [
            html.H3("Record a review"),
            html.Div(id="rec-rv-message", className="form-message", role="status"),
            form_field(
                "Partnership", dcc.Dropdown(id="rec-rv-partnership", placeholder="Choose a link")
            ),
            form_field(
                "Date",
                dcc.Input(id="rec-rv-date", type="text", placeholder="YYYY-MM-DD"),
            ),
            form_field(
                "Reviewer",
                dcc.Input(id="rec-rv-reviewer", type="text", placeholder="e.g. IAB"),
            ),
            form_field("Outcome", dcc.Input(id="rec-rv-outcome", type="text")),
            form_field(
                "Objectives met",
                dcc.Dropdown(
                    id="rec-rv-met",
                    options=["yes", "partly", "no", "not-assessed"],
                    value="not-assessed",
                    clearable=False,
                ),
            ),
            form_field(
                "Next review",
                dcc.Input(id="rec-rv-next", type="text", placeholder="optional"),
            ),
            html.Button("Record review", id="rec-rv-save", n_clicks=0, type="button"),
            dcc.Store(id="rec-rv-sub", data=new_submission()),
        ],
        className="record-form",
        **{"aria-label": "record a review"},
    )


def _activity_form() -> html.Form:
    """An activity under a partnership: what, its type, when it started, who took part and its
    outcome."""
    return html.Form(
        [
            html.H3("Record an activity"),
            html.Div(id="rec-ac-message", className="form-message", role="status"),
            form_field(
                "Partnership", dcc.Dropdown(id="rec-ac-partnership", placeholder="Choose a link")
            ),
            form_field(
                "What",
                dcc.Input(
                    id="rec-ac-name",
                    type="text",
                    placeholder="e.g. Study visit",
                ),
            ),
            form_field(
                "Type",
                dcc.Dropdown(
                    id="rec-ac-type", options=ACTIVITY_TYPES, value="visit", clearable=False
                ),
            ),
            form_field(
                "Start",
                dcc.Input(id="rec-ac-start", type="text", placeholder="YYYY-MM-DD"),
            ),
            form_field(
                "People",
                dcc.Input(
                    id="rec-ac-people",
                    type="text",
                    placeholder="comma separated",
                ),
            ),
            form_field("Outcome", dcc.Input(id="rec-ac-outcome", type="text")),
            html.Button("Record activity", id="rec-ac-save", n_clicks=0, type="button"),
            dcc.Store(id="rec-ac-sub", data=new_submission()),
        ],
        className="record-form",
        **{"aria-label": "record an activity"},
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


#: what a form says when no partnership was chosen (linked to its dropdown)
CHOOSE_FIRST = {"field": "partnership", "message": "Partnership: choose the link this is for."}


def _done(outcome) -> html.Span:
    return html.Span(outcome["message"], className="ok")


def register_form_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    """Wire the forms' callbacks. Each is a module-level function below that takes the page's
    context first, so a test can call it as Dash does."""
    refuse_misshapen_writes(app)
    app.callback(
        Output("rec-rv-partnership", "options"),
        Output("rec-ac-partnership", "options"),
        Input("h-council", "data"),
    )(partial(offer_partnerships, ctx_))
    app.callback(
        Output("rec-rv-message", "children"),
        Output("written", "data", allow_duplicate=True),
        Output("rec-rv-sub", "data"),
        *field_outputs(REVIEW_BOXES),
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
    )(partial(record_review, ctx_))
    app.callback(
        Output("rec-ac-message", "children"),
        Output("written", "data", allow_duplicate=True),
        Output("rec-ac-sub", "data"),
        *field_outputs(ACTIVITY_BOXES),
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
    )(partial(record_activity, ctx_))


def offer_partnerships(ctx_: PageContext, council) -> tuple:
    """The council's partnerships, in both forms' dropdowns."""
    opts = partnership_options(ctx_, council)
    return opts, opts


def record_review(
    ctx_: PageContext, n, partnership, date, reviewer, outcome, met, next_review, written, sub
) -> tuple:
    """Record the review form: its message, the ``written`` store, a new submission id and
    each box's error (all cleared once recorded)."""
    if not n:
        return no_update, no_update, no_update, *[no_update for _ in REVIEW_BOXES]
    if not partnership:
        summary, each = refused({"errors": [CHOOSE_FIRST]}, "review", REVIEW_BOXES)
        return summary, no_update, no_update, *each
    fields: dict[str, Any] = {
        "partnership": partnership,
        "date": date,
        "reviewer": reviewer,
        "outcome": outcome,
        "objectives_met": met,
        "next_review": next_review,
    }
    wrong = not_as_sent({**fields, "submission": sub}, LABELS)
    if wrong:
        summary, each = refused({"errors": wrong}, "review", REVIEW_BOXES)
        return summary, no_update, no_update, *each
    result = record_from_web(ctx_, "reviews", fields, labels=LABELS, submission=sub)
    if not result["ok"]:
        summary, each = refused(result, "review", REVIEW_BOXES)
        return summary, no_update, no_update, *each
    after = written_after(result, written, "reviews", partnership)
    return _done(result), after, new_submission(), *cleared(REVIEW_BOXES)


def record_activity(
    ctx_: PageContext, n, partnership, name, type_, start, people, outcome, written, sub
) -> tuple:
    """Record the activity form (its partner is the partnership's), answered as
    :func:`record_review` is."""
    if not n:
        return no_update, no_update, no_update, *[no_update for _ in ACTIVITY_BOXES]
    if not partnership:
        summary, each = refused({"errors": [CHOOSE_FIRST]}, "activity", ACTIVITY_BOXES)
        return summary, no_update, no_update, *each
    sent = {"partnership": partnership, "name": name, "type": type_, "start": start}
    wrong = not_as_sent({**sent, "people": people, "outcome": outcome, "submission": sub}, LABELS)
    if wrong:
        summary, each = refused({"errors": wrong}, "activity", ACTIVITY_BOXES)
        return summary, no_update, no_update, *each
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
        summary, each = refused(result, "activity", ACTIVITY_BOXES)
        return summary, no_update, no_update, *each
    after = written_after(result, written, "activities", partnership)
    return _done(result), after, new_submission(), *cleared(ACTIVITY_BOXES)
