"""Documents: the papers every fact cites, and what each one says.

For anyone checking where the graph's facts come from: each paper with its title, date,
publisher, kind and how many nodes and relationships cite it; opening one lists everything it
supports, grouped by section, each quote once ("what does this paper say?").
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, html, no_update

from graphmodel.errors import PartnerGraphError
from graphmodel.queries import run_query
from graphmodel.views.sources import format_date

from ..a11y import GRID_KEYS
from ..context import PageContext
from ..state import merge_state
from ..tables import WRAPPED_HEADERS

PATH = "/documents"
TITLE = "Documents"

__all__ = ["PATH", "TITLE", "layout", "register_callbacks", "paper_contents"]

_WRAP = {"wrapText": True, "autoHeight": True}
COLUMNS = [
    {
        "field": "title",
        "minWidth": 260,
        "headerName": "Paper",
        "flex": 3,
        "wrapText": True,
        "autoHeight": True,
        "tooltipField": "file",
    },
    # short columns wrap too: with wider text spacing, never "Kent County Cou…" (WCAG 1.4.12)
    {"field": "shown_date", "minWidth": 100, "headerName": "Date", "flex": 1, **_WRAP},
    {"field": "publisher_name", "minWidth": 150, "headerName": "Published by", "flex": 1, **_WRAP},
    {
        "field": "kind",
        "minWidth": 160,
        "headerName": "Kind of paper",
        "flex": 1,
        "wrapText": True,
        "autoHeight": True,
    },
    {
        "field": "facts",
        "minWidth": 100,
        "headerName": "Facts citing it",
        "type": "numericColumn",
        "flex": 1,
    },
    {"field": "nodes", "minWidth": 90, "headerName": "Nodes", "type": "numericColumn", "flex": 1},
    {
        "field": "relationships",
        "minWidth": 120,
        "headerName": "Relationships",
        "type": "numericColumn",
        "flex": 1,
    },
]


def _rows(ctx: PageContext) -> list[dict[str, Any]]:
    """The papers, read once per snapshot: the query walks every relationship (half a second
    at 100k relationships), and the page asked it on every visit."""
    return ctx.view.cached(
        "documents-page-rows",
        lambda: [
            {**r, "shown_date": format_date(r["date"])} for r in run_query(ctx.store, "documents")
        ],
    )


def layout(ctx: PageContext, state: dict[str, Any]) -> html.Div:
    rows = _rows(ctx)
    doc = state.get("doc")
    return html.Div(
        [
            html.P(
                "The papers every fact in the graph comes from. Click a paper to see what it "
                "says: every node and relationship it supports, by section."
            ),
            dag.AgGrid(
                id="docs-grid",
                rowData=rows,
                columnDefs=COLUMNS,
                getRowId="params.data.document",
                defaultColDef={
                    "sortable": True,
                    "resizable": True,
                    **WRAPPED_HEADERS,
                },
                dashGridOptions={"domLayout": "autoHeight", "tooltipShowDelay": 300, **GRID_KEYS},
                style={"height": None},
            ),
            html.Div(
                paper_contents(ctx, doc) if doc else [],
                id="docs-contents",
                className="paper-contents",
            ),
        ]
    )


def paper_contents(ctx: PageContext, doc_id: str) -> list:
    """What one paper says: its facts grouped by section, each quote once."""
    try:
        (paper,) = [r for r in _rows(ctx) if r["document"] == doc_id] or [None]
        if paper is None:
            return [html.P(f"No paper {doc_id!r} in this register.", className="error")]
        facts = run_query(ctx.store, "document_facts", document=doc_id)
    except PartnerGraphError as exc:
        return [html.P(str(exc), className="error")]
    sections = []
    for section, in_section in groupby(facts, key=lambda r: r["section"]):
        in_section = list(in_section)
        by_quote: dict[str | None, list[dict[str, Any]]] = {}
        for r in in_section:
            by_quote.setdefault(r["quote"], []).append(r)
        body = []
        for quote, items in by_quote.items():
            if quote:
                body.append(html.Blockquote(quote))
            body.append(html.Ul([html.Li(_fact(r)) for r in items]))
        sections.append(
            html.Details(
                [html.Summary(f"§ {section} ({len(in_section)})"), *body],
                open=len(facts) <= 60,
                className="paper-section",
            )
        )
    head = [  # under the page's H1: a level skipped is a section a screen reader cannot place
        html.H2(paper["title"], className="paper-title"),
        html.P(
            f"{paper['kind'] or 'paper'} · {format_date(paper['date'])} · "
            f"published by {paper['publisher_name'] or 'not recorded'}",
            className="kind",
            title=paper["file"],
        ),
        html.P(
            f"What this paper says: {len(facts)} facts in {len(sections)} sections "
            "(click a name to open its card).",
        ),
    ]
    return head + sections


def _fact(r: dict[str, Any]) -> Any:
    if r["kind"] == "node":
        return [
            html.Button(
                r["name"],
                id={"type": "goto", "id": r["id"]},
                n_clicks=0,
                className="linkish",
                title=r["id"],
            ),
            html.Span(f" ({r['label']})", className="rel-detail"),
        ]
    source, _, target = r["name"].partition(" → ")
    return html.Span([source, html.B(f" –{r['label']}→ "), target], className="fact-rel")


def register_callbacks(app: dash.Dash, ctx: PageContext) -> None:
    @app.callback(
        Output("docs-contents", "children"),
        Output("state", "data", allow_duplicate=True),
        Input("docs-grid", "cellClicked"),
        State("state", "data"),
        prevent_initial_call=True,
    )
    def open_paper(clicked, state):
        if not clicked or not clicked.get("rowId"):
            return no_update, no_update
        doc = clicked["rowId"]
        return paper_contents(ctx, doc), merge_state(state, doc=doc)
