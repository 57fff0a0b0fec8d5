"""The record forms' fields and errors, laid out as GOV.UK's forms are (WCAG 3.3.1, 3.3.3).

Each field is a visible label (with its hint), a slot for its own error message, then the box.
A refused write fills the form's message slot, at the top of the form, with an error summary
("There is a problem", what was not done, then one link per problem to its box) and each box's
slot with its message. ``assets/a11y.js`` moves focus to the summary, marks each box
``aria-invalid`` and ``aria-describedby`` its message, and puts "Error:" before the page's title;
the summary's links move focus to their box.

Used by the card's forms (:mod:`webapp.card_forms`) and Link health's (:mod:`webapp.record_forms`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dash import Output, html

from .a11y import error_summary, field_error

__all__ = ["form_field", "field_outputs", "refused", "cleared", "not_as_sent", "texts_only"]


def _slot(box: str) -> str:
    return f"{box}-msg"


def form_field(label: str, component: Any, hint: str | None = None) -> html.Div:
    """``component`` (whose ``id`` is the box's) under its label and hint, with the slot its
    error message appears in. A native box is named by ``<label for>``; a dropdown by the
    ``data-label`` around it (``a11y.js``)."""
    box = component.id
    native = component.__class__.__name__ in {"Input", "Textarea"}
    words: list[Any] = [label, html.Small(hint)] if hint else [label]
    head = (
        html.Label(words, htmlFor=box, className="field-label")
        if native
        else html.Span(words, className="field-label")
    )
    return html.Div(
        [head, html.Div(id=_slot(box)), component],
        className="form-field",
        **{"data-label": label},
    )


def field_outputs(boxes: Mapping[str, str]) -> list[Output]:
    """One output per box's error slot (``boxes``: register field -> the box's id)."""
    return [Output(_slot(box), "children") for box in boxes.values()]


def _box_of(field: str | None, boxes: Mapping[str, str]) -> str | None:
    """The box a register field was typed in (``people[1]`` was typed in People)."""
    if not field:
        return None
    return boxes.get(field) or boxes.get(re.split(r"[\[.]", field, maxsplit=1)[0])


def refused(outcome: Mapping[str, Any], what: str, boxes: Mapping[str, str]) -> tuple[Any, list]:
    """The form's summary and each box's message for a refused write (``outcome``:
    :class:`webapp.writes.WriteOutcome`, or ``{"message", "errors"}`` made by the form)."""
    linked: list[tuple[str | None, str]] = []
    said: dict[str, str] = {}
    for problem in outcome.get("errors") or []:
        box = _box_of(problem.get("field"), boxes)
        linked.append((box, problem["message"]))
        if box and box not in said:
            said[box] = problem["message"]
    if linked:
        summary = error_summary(linked, lead=f"The {what} was not recorded. Nothing was written.")
    else:  # not about a field (the role, the register on disk): the message in full
        summary = error_summary([(None, outcome["message"])])
    return summary, [field_error(box, said.get(box)) for box in boxes.values()]


def cleared(boxes: Mapping[str, str]) -> list[None]:
    """No box in error."""
    return [None for _ in boxes]


def not_as_sent(fields: Mapping[str, Any], labels: Mapping[str, str]) -> list[dict[str, str]]:
    """A problem (``{"field", "message"}``, as :func:`refused` takes) for each of ``fields``
    (register field -> what came for it) that is neither text nor empty. The forms' boxes and
    dropdowns send only those, so anything else came from a request made by hand (or a page
    of another version): it is refused before it is read, naming the box.

    >>> (problem,) = not_as_sent({"date": "2026-01-05", "reviewer": ["IAB"], "outcome": None},
    ...                          {"reviewer": "Reviewer"})
    >>> problem["field"], problem["message"]  # doctest: +NORMALIZE_WHITESPACE
    ('reviewer', 'Reviewer: the form sent a list, not text: reload the page and fill it in
    again')
    """
    return [
        {
            "field": field,
            "message": f"{labels.get(field) or _HIDDEN.get(field, field)}: the form sent "
            f"{_a(value)}, not text: reload the page and fill it in again",
        }
        for field, value in fields.items()
        if value is not None and not isinstance(value, str)
    ]


#: fields a form sends that no box shows
_HIDDEN = {"submission": "The form's own id", "partnership": "The link"}


def _a(value: Any) -> str:
    """What kind of thing ``value`` is, in words."""
    if isinstance(value, bool):
        return "true or false"
    kinds = {int: "a number", float: "a number", list: "a list", dict: "a set of fields"}
    return kinds.get(type(value), "something else")


def texts_only(boxes: tuple[str, ...], values: tuple[Any, ...]) -> dict[str, str]:
    """What the other form held (``boxes`` -> ``values``, kept across the card's redraw), its
    text only: anything else (sent by hand) is not drawn again."""
    return {b: v for b, v in zip(boxes, values, strict=False) if isinstance(v, str)}
