"""Conflicts: where the papers disagree, with every version and where it is printed.

For the international team and anyone about to quote a figure: each recorded disagreement
between or within the papers, its subject, every version with its source (paper by title and
date), and the note on it. Filter by paper, council or subject; a row opens its subject's card.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, dcc, html, no_update

from graphmodel.errors import PartnerGraphError
from graphmodel.queries import run_query

from ..a11y import GRID_KEYS
from ..context import PageContext
from ..state import merge_state
from ..tables import WRAPPED_HEADERS

PATH = "/conflicts"
TITLE = "Conflicts"

__all__ = ["PATH", "TITLE", "layout", "register_callbacks", "conflict_rows"]

_WRAP = {"wrapText": True, "autoHeight": True, "cellStyle": {"lineHeight": "1.35"}}
COLUMNS = [
    {"field": "subject_name", "minWidth": 150, "headerName": "Subject", "flex": 2, **_WRAP},
    {"field": "subject_label", "headerName": "Kind", "flex": 1, "minWidth": 110, **_WRAP},
    {"field": "field", "minWidth": 140, "headerName": "What differs", "flex": 2, **_WRAP},
    {
        "field": "versions",
        "minWidth": 320,
        "headerName": "Versions, each with its source",
        "flex": 5,
        "tooltipField": "files",
        **_WRAP,
        "cellStyle": {"whiteSpace": "pre-line", "lineHeight": "1.35"},
    },
    {"field": "note", "minWidth": 220, "headerName": "Note", "flex": 3, **_WRAP},
    {"field": "councils_shown", "headerName": "Council", "flex": 1, "minWidth": 130, **_WRAP},
]


def conflict_rows(ctx: PageContext, document=None, council=None, subject=None) -> list[dict]:
    """The ``conflicts`` query's rows, with each version and its source on one line; kept for
    the snapshot's recent filters (the query reads every conflict: 70 ms at 100k)."""
    view = ctx.view
    return view.remember(
        ("conflicts-page-rows", document, council, subject),
        lambda: _conflict_rows(ctx, document, council, subject),
    )


def _conflict_rows(ctx: PageContext, document, council, subject) -> list[dict]:
    rows = run_query(ctx.store, "conflicts", document=document, council=council, subject=subject)
    view = ctx.view
    return [
        {
            **r,
            "versions": "\n".join(
                f"{i + 1}. {v} — {s}"
                for i, (v, s) in enumerate(zip(r["values"], r["sources"], strict=False))
            ),
            "files": "\n".join(r["raw_sources"]),
            "councils_shown": "; ".join(view.name(c) for c in r["councils"]),
        }
        for r in rows
    ]


def _choices(ctx: PageContext) -> dict[str, list[dict[str, str]]]:
    """The filters' choices, once per snapshot: they read every paper, and the papers query
    walks every relationship (half a second at 100k relationships)."""
    return ctx.view.cached("conflicts-page-choices", lambda: _all_choices(ctx))


def _all_choices(ctx: PageContext) -> dict[str, list[dict[str, str]]]:
    everything = run_query(ctx.store, "conflicts")
    papers = run_query(ctx.store, "documents")
    view = ctx.view
    councils = sorted({c for r in everything for c in r["councils"]})
    subjects = {r["subject"]: r["subject_name"] for r in everything if r["subject"]}
    return {
        "doc": [{"label": f"{p['title']} ({p['date']})", "value": p["document"]} for p in papers],
        "council": [{"label": view.name(c), "value": c} for c in councils],
        "subject": [
            {"label": name or sid, "value": sid}
            for sid, name in sorted(subjects.items(), key=lambda kv: (kv[1] or "").casefold())
        ],
    }


def _choice(label: str, cid: str, options: list, value: Any, placeholder: str) -> html.Label:
    """One labelled filter box."""
    return html.Label(
        [label, dcc.Dropdown(id=cid, options=options, value=value, placeholder=placeholder)]
    )


def layout(ctx: PageContext, state: dict[str, Any]) -> html.Div:
    choices = _choices(ctx)
    doc, council, subject = state.get("doc"), state.get("council"), state.get("subject")
    try:
        rows = conflict_rows(ctx, doc, council, subject)
    except PartnerGraphError:
        doc = council = subject = None
        rows = conflict_rows(ctx)
    return html.Div(
        [
            html.P(
                "Where the papers disagree with each other, or with themselves. Every version is "
                "kept with its source; none is silently picked. Click a row to open its "
                "subject's card."
            ),
            html.Div(
                [
                    _choice("Paper", "c-doc", choices["doc"], doc, "Any paper"),
                    _choice("Council", "c-council", choices["council"], council, "Any council"),
                    _choice("Subject", "c-subject", choices["subject"], subject, "Any subject"),
                ],
                className="controls-inline",
            ),
            html.P(_count(rows), id="c-count", className="note", role="status"),
            dag.AgGrid(
                id="c-grid",
                rowData=rows,
                columnDefs=COLUMNS,
                getRowId="params.data.conflict",
                defaultColDef={
                    "sortable": True,
                    "resizable": True,
                    "filter": True,
                    **WRAPPED_HEADERS,
                },
                dashGridOptions={
                    **GRID_KEYS,
                    "domLayout": "autoHeight",
                    "tooltipShowDelay": 300,
                    "pagination": True,
                    "paginationPageSize": 20,
                },
                style={"height": None},
            ),
        ]
    )


def _count(rows: list[dict]) -> str:
    return f"{len(rows)} recorded conflict{'s' if len(rows) != 1 else ''}."


def register_callbacks(app: dash.Dash, ctx: PageContext) -> None:
    @app.callback(
        Output("c-grid", "rowData"),
        Output("c-count", "children"),
        Output("state", "data", allow_duplicate=True),
        Input("c-doc", "value"),
        Input("c-council", "value"),
        Input("c-subject", "value"),
        State("state", "data"),
        prevent_initial_call=True,
    )
    def filter_conflicts(doc, council, subject, state):
        rows = conflict_rows(ctx, doc, council, subject)
        return rows, _count(rows), merge_state(state, doc=doc, council=council, subject=subject)

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("c-grid", "cellClicked"),
        State("c-grid", "rowData"),
        prevent_initial_call=True,
    )
    def open_subject(clicked, rows):
        if not clicked or not clicked.get("rowId"):
            return no_update
        row = next((r for r in rows or [] if r["conflict"] == clicked["rowId"]), None)
        return row["subject"] if row and row.get("subject") else no_update
