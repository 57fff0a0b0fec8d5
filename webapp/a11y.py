"""Accessibility helpers every page uses (WCAG 2.2 AA; issue 27, docs/ACCESSIBILITY.md).

One place for what makes a page readable without a mouse or without sight, so a page added
later gets it by calling these rather than by copying markup:

- :func:`page_heading`: the page's one H1, which the browser side (``assets/a11y.js``) also
  uses for the document's title and moves focus to when the page changes.
- :func:`error_summary` and :func:`field_error`: a GOV.UK-style error summary at the top of a
  form, each message linked to its field; ``a11y.js`` moves focus to the summary, marks each
  field ``aria-invalid`` and ``aria-describedby`` its message, and prefixes the title "Error:".
- :func:`data_table`: a picture's data as a plain HTML table (a caption and column headers),
  the text alternative of a chart, a map or the network drawing.
- :func:`chart_alternative`: a chart's title, its one-line summary and its data table, folded
  under the chart.
- :data:`GRID_KEYS`: dash-ag-grid options under which Tab leaves a grid in one step (the
  arrow keys move inside it); ``a11y.js`` makes Enter and Space open a row or follow the link
  in a cell.
- :func:`visually_hidden`: text for screen readers only.

Dash's own components need repairs their props do not offer (a dropdown's focus lands on an
``aria-hidden`` input, and its button is named by its value, not its label; tick-box lists are
listboxes of options that hold focusable boxes; sliders have no name). ``assets/a11y.js`` makes
them in the browser, naming each control from the visible ``<label>`` around it, so a page
only needs to put its controls inside a label: ``html.Label(["Sphere", dcc.Dropdown(...)])``.
A control with no label around it takes its name from ``data-label`` on an element around it
(:func:`labelled_group`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from dash import html

__all__ = [
    "LANG",
    "GRID_KEYS",
    "page_heading",
    "visually_hidden",
    "labelled_group",
    "error_summary",
    "dom_id",
    "field_error",
    "data_table",
    "chart_alternative",
    "chart_figure",
    "open_button",
    "OPEN_CARD",
    "index_string",
]

#: the id type of a button that opens a record's card (the shell's callback selects it)
OPEN_CARD = "open-card"

#: the language of every page (``<html lang>``): UK English
LANG = "en-GB"

#: dash-ag-grid ``dashGridOptions`` for a grid a keyboard can pass: Tab and Shift+Tab leave the
#: grid in one step instead of visiting every cell (arrow keys move between cells)
GRID_KEYS: dict[str, Any] = {
    "tabToNextCell": {"function": "false"},
    "tabToNextHeader": {"function": "false"},
}


def page_heading(title: str, intro: str | None = None) -> html.Div | html.H1:
    """The page's H1 (``#page-title``), focusable by script so focus can land on it."""
    h1 = html.H1(title, id="page-title", className="page-title", tabIndex="-1")
    if not intro:
        return h1
    return html.Div([h1, html.P(intro, className="page-intro")])


def visually_hidden(text: str, **props: Any) -> html.Span:
    """Text a screen reader reads and the screen does not show."""
    return html.Span(text, className="visually-hidden", **props)


def labelled_group(label: str, children: Any, **props: Any) -> html.Div:
    """Controls under a visible label that is not a ``<label>`` (tick-boxes, radio buttons):
    ``a11y.js`` names the group inside from ``data-label``."""
    return html.Div(
        [html.Span(label, className="group-label"), children],
        **{"data-label": label},
        **props,
    )


def field_error(field_id: str, message: str | None) -> html.Span | None:
    """The message shown by a field (``{field_id}-error``), or nothing when it is fine."""
    if not message:
        return None
    return html.Span(
        [visually_hidden("Error: "), message], id=f"{field_id}-error", className="field-error"
    )


def dom_id(id_: str | dict) -> str:
    """The id a Dash component has in the page: a pattern-matching (dict) id as Dash writes it
    (its keys sorted, as compact JSON)."""
    if isinstance(id_, str):
        return id_
    return json.dumps(dict(sorted(id_.items())), separators=(",", ":"), ensure_ascii=False)


def error_summary(
    errors: Sequence[tuple[Any, str] | tuple[Any, str, Any]],
    title: str = "There is a problem",
    lead: str | None = None,
) -> html.Div | None:
    """GOV.UK's error summary: ``errors`` are (field id or None, message) pairs, or triples
    with the id of the message shown by the field (else ``{field}-error``, :func:`field_error`).
    Ids may be Dash pattern-matching (dict) ids.

    Each message with a field links to it (``data-field``); the browser side moves focus to
    the summary when it appears, marks the fields ``aria-invalid`` and describes each by its
    message, and puts "Error:" before the page's title. ``lead``, when given, says under the
    title what was not done. None when there is nothing to say.
    """
    if not errors:
        return None
    items = []
    for field, message, *shown in errors:
        if not field:
            items.append(html.Li(html.Span(message)))
            continue
        target = dom_id(field)
        attrs = {"data-field": target}
        if shown and shown[0]:
            attrs["data-message"] = dom_id(shown[0])
        items.append(html.Li(html.A(message, href=f"#{target}", **attrs)))
    return html.Div(
        [
            html.H2(title, className="error-summary-title"),
            html.P(lead, className="error-summary-lead") if lead else None,
            html.Ul(items),
        ],
        className="error-summary",
        role="alert",
        tabIndex="-1",
        # a new element each time, so a second failed try moves focus to it again
        key=uuid.uuid4().hex,
    )


def data_table(
    caption: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    row_headers: bool = True,
    limit: int | None = None,
    id_: str | None = None,
    class_name: str = "data-table",
) -> html.Div:
    """``rows`` under ``columns`` as an HTML table with a caption; the first cell of each row
    is its header when ``row_headers``. With ``limit``, the rows past it are counted, not
    drawn (the caption says how many are shown)."""
    rows = list(rows)
    shown = rows if limit is None else rows[:limit]
    body = []
    for row in shown:
        cells = []
        for i, value in enumerate(row):
            text = "" if value is None else value
            if i == 0 and row_headers:
                cells.append(html.Th(text, scope="row"))
            else:
                cells.append(html.Td(text))
        body.append(html.Tr(cells))
    note = f" (first {len(shown):,} of {len(rows):,})" if len(shown) < len(rows) else ""
    props: dict[str, Any] = {"id": id_} if id_ else {}
    return html.Div(
        html.Table(
            [
                html.Caption(caption + note),
                html.Thead(html.Tr([html.Th(c, scope="col") for c in columns])),
                html.Tbody(body),
            ],
            className=class_name,
        ),
        className="table-scroll",
        tabIndex="0",
        role="region",
        **{"aria-label": caption},
        **props,
    )


def open_button(node_id: str, name: str) -> html.Button:
    """A name in a table that opens its record's card (Enter or Space as well as a click);
    focus then moves to the card's heading (``a11y.js``)."""
    return html.Button(
        name,
        id={"type": OPEN_CARD, "id": node_id},
        className="linkish",
        n_clicks=0,
        title=f"Open the card of {name}",
    )


def chart_alternative(
    title: str,
    summary: str,
    table: html.Div,
    *,
    open_: bool = False,
    id_: str | None = None,
    summary_id: str | None = None,
) -> html.Details:
    """A chart's text alternative: its summary in a line, its data as a table, folded. With
    ``summary_id`` the summary line can describe the chart (:func:`chart_figure`)."""
    props: dict[str, Any] = {"id": id_} if id_ else {}
    sprops: dict[str, Any] = {"id": summary_id} if summary_id else {}
    return html.Details(
        [
            html.Summary(f"{title}: the data as a table"),
            html.P(summary, className="chart-summary", **sprops),
            table,
        ],
        className="chart-alt",
        open=open_,
        **props,
    )


def chart_figure(
    chart: Any,
    title: str,
    described_by: str | None = None,
    scroll: bool = False,
    labelled_by: str | None = None,
) -> html.Div:
    """A chart as a named figure (``role=figure``) described by its summary line, so a screen
    reader meets its title and what it shows rather than its tick labels. With ``scroll`` it
    keeps its size on a narrow window and scrolls sideways in its own (focusable) box. With
    ``labelled_by`` (the id of a visible title that a callback may change) that names it."""
    props: dict[str, Any] = {"role": "figure", "aria-label": title}
    if labelled_by:
        props["aria-labelledby"] = labelled_by
    if described_by:
        props["aria-describedby"] = described_by
    if scroll:
        props.update(className="chart-scroll", tabIndex="0")
    return html.Div(chart, **props)


def index_string(default: str) -> str:
    """Dash's page template with the page's language on ``<html>`` and a skip link first.

    The skip link lives outside the app so it is the first thing Tab reaches on every page."""
    skip = '<a class="skip-link" href="#main">Skip to main content</a>'
    out = default.replace("<html>", f'<html lang="{LANG}">', 1)
    return out.replace("<body>", f"<body>\n        {skip}", 1)
