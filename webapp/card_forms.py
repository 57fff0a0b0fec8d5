"""The record form on a partnership's card: a review or an activity for that link, prefilled
with it.

Both go through :func:`webapp.writes.record_from_web`, like the Link health page's forms (roles
checked on the server, the register validated before anything is written). A write changes the
shell's ``written`` store; every open view that depends on records listens to it: the card
redraws itself (its "Last review" and timeline, read from the store) with the write's message,
and Link health re-runs its checks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
from dash import Input, Output, State, dcc, html, no_update

from .context import PageContext
from .form_fields import cleared, field_outputs, form_field, not_as_sent, refused, texts_only
from .writes import may_write, new_submission, record_from_web, refuse_misshapen_writes

__all__ = ["card_record_form", "register_card_callbacks", "written_after", "LABELS"]

ACTIVITY_TYPES = ["visit", "exchange", "event", "project", "meeting", "other"]
OBJECTIVES_MET = ["yes", "partly", "no", "not-assessed"]
#: register field -> the form's label for it, so an error names the box a person typed in
LABELS = {
    "partnership": "Partnership",
    "partner": "Partner",
    "date": "Date",
    "reviewer": "Reviewer",
    "outcome": "Outcome",
    "objectives_met": "Objectives met",
    "next_review": "Next review",
    "name": "What",
    "type": "Type",
    "start": "Start",
    "people": "People",
}


#: register field -> the box it is typed in, so each problem links to its box
REVIEW_BOXES = {
    "date": "card-rv-date",
    "reviewer": "card-rv-reviewer",
    "outcome": "card-rv-outcome",
    "objectives_met": "card-rv-met",
    "next_review": "card-rv-next",
}
ACTIVITY_BOXES = {
    "name": "card-ac-name",
    "type": "card-ac-type",
    "start": "card-ac-start",
    "people": "card-ac-people",
    "outcome": "card-ac-outcome",
}


#: each form's boxes (and its submission id): a write from one form redraws the card, and the
#: other form's are drawn again as they were, so what was typed there is not lost
KEPT = {
    "reviews": (*REVIEW_BOXES.values(), "card-rv-sub"),
    "activities": (*ACTIVITY_BOXES.values(), "card-ac-sub"),
}
#: the boxes whose text, kept, opens its form again
_TYPED = {
    "reviews": ("card-rv-reviewer", "card-rv-outcome", "card-rv-next"),
    "activities": ("card-ac-name", "card-ac-people", "card-ac-outcome"),
}


def _kept_states(kind: str) -> list[State]:
    return [State(box, "data" if box.endswith("-sub") else "value") for box in KEPT[kind]]


def _why_not() -> str | None:
    """Why the user asking now cannot record here, or None when they can."""
    try:
        from flask import current_app

        ctx = current_app.config.get("partnergraph_context")
    except RuntimeError:  # outside the app (a test drawing a card directly)
        ctx = None
    if ctx is not None and ctx.register is None:
        return (
            "This explorer only reads: it was started without a register folder "
            "('partnergraph serve --register DIR' records reviews)."
        )
    if not may_write():
        return "Recording a review or an activity for this link needs the editor role."
    return None


def card_record_form(partnership: str, note: dict[str, Any] | None = None) -> html.Div:
    """The forms for one partnership's card; ``note`` (``{"ok", "message"}``) is the outcome
    of a write just made from it, shown above the forms, which then stay open; its ``keep``
    holds what the other form held then, drawn again as it was."""
    reason = _why_not()
    if reason:
        return html.Div(html.P(reason, className="view-message"), className="card-record")
    today = dt.date.today().isoformat()
    keep = (note or {}).get("keep")
    keep = keep if isinstance(keep, dict) else {}
    review, activity = _review_form(today, keep), _activity_form(today, keep)

    def opened(kind: str) -> bool:
        return bool(note and note.get("kind") == kind) or any(keep.get(b) for b in _TYPED[kind])

    # what a write recorded is said at the top of the card (webapp.card.confirmation)
    return html.Div(
        [
            html.Details(
                [html.Summary("Record a review of this link"), review], open=opened("reviews")
            ),
            html.Details(
                [html.Summary("Record an activity with this link"), activity],
                open=opened("activities"),
            ),
            dcc.Store(id="card-rec-for", data=partnership),
        ],
        className="card-record",
    )


def _review_form(today: str, keep: dict[str, Any]) -> html.Form:
    """The card's review form: date, reviewer, outcome, objectives met, next review (as
    ``keep`` has them, if it does)."""

    return html.Form(
        [
            html.Div(id="card-rv-message", className="form-message", role="status"),
            form_field(
                "Date",
                dcc.Input(id="card-rv-date", type="text", value=keep.get("card-rv-date", today)),
                "YYYY-MM-DD",
            ),
            form_field(
                "Reviewer",
                dcc.Input(
                    id="card-rv-reviewer",
                    type="text",
                    placeholder="e.g. IAB",
                    value=keep.get("card-rv-reviewer"),
                ),
            ),
            form_field(
                "Outcome",
                dcc.Input(id="card-rv-outcome", type="text", value=keep.get("card-rv-outcome")),
            ),
            form_field(
                "Objectives met",
                dcc.Dropdown(
                    id="card-rv-met",
                    options=OBJECTIVES_MET,
                    value=keep.get("card-rv-met", "not-assessed"),
                    clearable=False,
                    searchable=False,
                ),
            ),
            form_field(
                "Next review",
                dcc.Input(id="card-rv-next", type="text", value=keep.get("card-rv-next")),
                "optional",
            ),
            html.Button("Record review", id="card-rv-save", n_clicks=0, type="button"),
            dcc.Store(id="card-rv-sub", data=keep.get("card-rv-sub") or new_submission()),
        ],
        className="record-form",
        **{"aria-label": "record a review of this link"},
    )


def _activity_form(today: str, keep: dict[str, Any]) -> html.Form:
    """The card's activity form: what, type, start, people, outcome (as ``keep`` has them, if
    it does)."""

    return html.Form(
        [
            html.Div(id="card-ac-message", className="form-message", role="status"),
            form_field(
                "What",
                dcc.Input(
                    id="card-ac-name",
                    type="text",
                    placeholder="e.g. Study visit",
                    value=keep.get("card-ac-name"),
                ),
            ),
            form_field(
                "Type",
                dcc.Dropdown(
                    id="card-ac-type",
                    options=ACTIVITY_TYPES,
                    value=keep.get("card-ac-type", "visit"),
                    clearable=False,
                    searchable=False,
                ),
            ),
            form_field(
                "Start",
                dcc.Input(id="card-ac-start", type="text", value=keep.get("card-ac-start", today)),
                "YYYY-MM-DD",
            ),
            form_field(
                "People",
                dcc.Input(id="card-ac-people", type="text", value=keep.get("card-ac-people")),
                "comma separated",
            ),
            form_field(
                "Outcome",
                dcc.Input(id="card-ac-outcome", type="text", value=keep.get("card-ac-outcome")),
            ),
            html.Button("Record activity", id="card-ac-save", n_clicks=0, type="button"),
            dcc.Store(id="card-ac-sub", data=keep.get("card-ac-sub") or new_submission()),
        ],
        className="record-form",
        **{"aria-label": "record an activity with this link"},
    )


def written_after(
    outcome, written: Any, kind: str, partnership: str, keep: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The shell's ``written`` store after a successful write: a new count, the message the
    partnership's card shows, and what its other form held (``keep``: box id -> value)."""
    n = written.get("n") if isinstance(written, dict) else written
    n = n if isinstance(n, int) and not isinstance(n, bool) else 0  # a crafted count: begin again
    return {
        "n": n + 1,
        "kind": kind,
        "for": partnership,
        "id": outcome["id"],
        "ok": True,
        "message": outcome["message"],
        "also": outcome.get("also"),
        "keep": keep or {},
    }


def register_card_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    """The card forms' saves (the card's redraw after a write: :mod:`webapp.card_redraw`)."""
    refuse_misshapen_writes(app)

    @app.callback(
        Output("written", "data", allow_duplicate=True),
        Output("card-rv-message", "children"),
        Output("card-rv-sub", "data"),
        *field_outputs(REVIEW_BOXES),
        Input("card-rv-save", "n_clicks"),
        State("card-rec-for", "data"),
        State("card-rv-date", "value"),
        State("card-rv-reviewer", "value"),
        State("card-rv-outcome", "value"),
        State("card-rv-met", "value"),
        State("card-rv-next", "value"),
        State("written", "data"),
        State("card-rv-sub", "data"),
        *_kept_states("activities"),
        prevent_initial_call=True,
    )
    def card_review(
        n, partnership, date, reviewer, outcome, met, next_review, written, sub, *activity
    ):
        if not n or not partnership:
            return no_update, no_update, no_update, *[no_update for _ in REVIEW_BOXES]
        sent = {"partnership": partnership, "date": date, "reviewer": reviewer}
        sent |= {"outcome": outcome, "objectives_met": met, "next_review": next_review}
        wrong = not_as_sent({**sent, "submission": sub}, LABELS)
        if wrong:
            summary, each = refused({"errors": wrong}, "review", REVIEW_BOXES)
            return no_update, summary, no_update, *each
        fields = {
            "partnership": partnership,
            "date": (date or "").strip(),
            "reviewer": (reviewer or "").strip(),
            "outcome": (outcome or "").strip(),
            "objectives_met": met,
            "next_review": (next_review or "").strip(),
        }
        result = record_from_web(ctx_, "reviews", fields, labels=LABELS, submission=sub)
        if not result["ok"]:
            summary, each = refused(result, "review", REVIEW_BOXES)
            return no_update, summary, no_update, *each
        return (
            written_after(
                result,
                written,
                "reviews",
                partnership,
                texts_only(KEPT["activities"], activity),
            ),
            None,
            new_submission(),
            *cleared(REVIEW_BOXES),
        )

    @app.callback(
        Output("written", "data", allow_duplicate=True),
        Output("card-ac-message", "children"),
        Output("card-ac-sub", "data"),
        *field_outputs(ACTIVITY_BOXES),
        Input("card-ac-save", "n_clicks"),
        State("card-rec-for", "data"),
        State("card-ac-name", "value"),
        State("card-ac-type", "value"),
        State("card-ac-start", "value"),
        State("card-ac-people", "value"),
        State("card-ac-outcome", "value"),
        State("written", "data"),
        State("card-ac-sub", "data"),
        *_kept_states("reviews"),
        prevent_initial_call=True,
    )
    def card_activity(n, partnership, name, type_, start, people, outcome, written, sub, *review):
        if not n or not partnership:
            return no_update, no_update, no_update, *[no_update for _ in ACTIVITY_BOXES]
        sent = {"partnership": partnership, "name": name, "type": type_, "start": start}
        wrong = not_as_sent(
            {**sent, "people": people, "outcome": outcome, "submission": sub}, LABELS
        )
        if wrong:
            summary, each = refused({"errors": wrong}, "activity", ACTIVITY_BOXES)
            return no_update, summary, no_update, *each
        fields = {
            "name": (name or "").strip(),
            "type": type_,
            "start": (start or "").strip(),
            "partnership": partnership,
            "partner": (ctx_.store.node(partnership) or {}).get("partner_org"),
            "people": [p.strip() for p in (people or "").split(",") if p.strip()],
            "outcome": (outcome or "").strip(),
        }
        result = record_from_web(ctx_, "activities", fields, labels=LABELS, submission=sub)
        if not result["ok"]:
            summary, each = refused(result, "activity", ACTIVITY_BOXES)
            return no_update, summary, no_update, *each
        return (
            written_after(
                result,
                written,
                "activities",
                partnership,
                texts_only(KEPT["reviews"], review),
            ),
            None,
            new_submission(),
            *cleared(ACTIVITY_BOXES),
        )
