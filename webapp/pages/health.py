"""Link health: the strategy's monitoring rules as checks, for the international team.

Links above informal networking without an MoU or similar agreement, links without clear
objectives, no review recorded, annual review overdue, no activity recorded: a summary of counts
per rule, then one row per partner and rule with the strategy clause and the evidence. Rows come
from the ``links_needing_attention`` named query; domestic bodies only when asked for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
from dash import Input, Output, State, dcc, html, no_update

from graphmodel.queries.health import RULES, no_monitoring_rules, summarise_link_health
from graphmodel.stores.base import GraphStore
from graphmodel.views.sources import SourceLabels, format_date

from .. import views as V
from ..auth import has_role
from ..components import as_of_picker, council_dropdown, options, register_council_chooser
from ..context import PageContext
from ..record_forms import record_forms, register_form_callbacks
from ..state import merge_state
from ..tables import table
from ..twin_health import register_twin_check, twin_check_section

PATH = "/health"
TITLE = "Link health"

__all__ = ["PATH", "TITLE", "layout", "register_callbacks", "health_rows"]

ISSUES = list(RULES)
COLUMNS = ["partner_name", "rule", "evidence", "clause", "named_by_strategy", "tier_source"]
CSV_COLUMNS = [*COLUMNS, "clause_source", "partnership", "tier", "sources"]


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    return html.Div(
        [
            html.P(
                "The council's own strategy's monitoring rules as checks, each row citing the "
                "clause and the evidence. 'No review recorded' means nothing shows a review; a "
                "link is 'review overdue' only when its last review plus the strategy's interval "
                "lies before the date below."
            ),
            html.Div(
                [
                    council_dropdown("h-council", ctx_.view, state, required=True),
                    as_of_picker("h-asof", "Judge reviews as of", state),
                    html.Label(
                        [
                            "Check",
                            dcc.Dropdown(
                                id="h-issue",
                                multi=True,
                                options=options(ISSUES),
                                value=state.get("issue") or [],
                            ),
                        ]
                    ),
                    dcc.Checklist(
                        id="h-domestic",
                        options=[{"label": " include domestic bodies", "value": "yes"}],
                        value=["yes"] if state.get("domestic") == "yes" else [],
                    ),
                ],
                className="controls-inline",
            ),
            html.Div(id="health-summary", className="health-summary", role="status"),
            table("health-table", COLUMNS, wide=("evidence", "clause")),
            html.Button("Export CSV", id="btn-health-csv", n_clicks=0),
            twin_check_section(),  # webapp/twin_health.py: the reference, when loaded
            dcc.Store(id="h-written"),  # the shell's ``written`` mirrored: the checks re-run
            record_forms()
            if has_role("editor")
            else html.P(
                "Recording reviews and activities needs the editor role.",
                className="view-message",
            ),
        ]
    )


def summary_view(
    rows: list[dict[str, Any]],
    readable=lambda t: t,
    no_rules: str | None = None,
    as_of: str | None = None,
) -> html.Div:
    """Counts per rule, each with the clause it comes from, and the date the reviews were
    judged on; where the council's register states no monitoring rule, a sentence saying so
    (no finding then means nothing was checked)."""
    when = f" judged as of {format_date(as_of or dt.date.today().isoformat())}"
    if no_rules:
        return html.Div(html.P(no_rules), className="note health-no-rules")
    if not rows:
        return html.Div(
            html.P(f"No link breaks a rule the strategy states ({when.strip()})."),
            className="note",
        )
    items = [
        html.Li(
            [
                html.Strong(f"{s['rule']}: {s['links']}"),
                html.Span(f" — “{s['clause']}” "),
                html.Span(readable(s["source"]), className="rel-source"),
            ]
        )
        for s in summarise_link_health(rows)
    ]
    partners = len({r["partnership"] for r in rows})
    return html.Div(
        [html.P(f"{len(rows)} findings on {partners} links,{when}:"), html.Ul(items)],
        className="note",
    )


def health_rows(
    store: GraphStore,
    council: str | None,
    as_of: str | None,
    issues: list[str] | None,
    include_domestic: bool = False,
) -> list[dict[str, Any]]:
    """Link health rows (the links_needing_attention query), filtered by rule."""
    from graphmodel.queries import run_query

    if not council:
        return []
    rows = run_query(
        store,
        "links_needing_attention",
        council=council,
        as_of=as_of or dt.date.today().isoformat(),
        include_domestic="yes" if include_domestic else "no",
    )
    if issues:
        rows = [r for r in rows if r["rule"] in issues]
    labels = SourceLabels.from_store(store)  # papers by title and date, not file name
    readable = _readable(labels)
    return [
        {
            **r,
            **{k: readable(r[k]) for k in ("clause_source", "tier_source")},
            "sources": "; ".join(labels.labels(r["sources"])),
        }
        for r in rows
    ]


def _readable(labels: SourceLabels):
    """Paper file names in a text replaced by the paper's title and date."""

    def swap(text: str) -> str:
        for file, info in labels.by_file.items():
            if file in text:
                text = text.replace(file, info.heading)
        return text

    return swap


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    store = ctx_.store
    register_form_callbacks(app, ctx_)
    # Mirrored in the browser: a callback listening to ``written`` itself would have inputs
    # missing on every other page, which Dash refuses.
    app.clientside_callback(
        # (nothing to pass on before the first write: Dash runs this when the page is drawn)
        "function (w) { return w ? w : window.dash_clientside.no_update; }",
        Output("h-written", "data"),
        Input("written", "data"),
        prevent_initial_call=True,
    )
    register_council_chooser(app, "h-council", ctx_.view, required=True)
    register_twin_check(app, store)

    @app.callback(
        Output("health-table", "rowData"),
        Output("health-summary", "children"),
        Output("state", "data", allow_duplicate=True),
        Input("h-council", "data"),
        Input("h-asof", "date"),
        Input("h-issue", "value"),
        Input("h-domestic", "value"),
        Input("h-written", "data"),  # a review or activity just recorded (here or on a card)
        State("state", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def health(council, as_of, issues, domestic, _written, state):
        rows = health_rows(store, council, as_of, issues, include_domestic=bool(domestic))
        new_state = merge_state(
            state, council=council, as_of=as_of, issue=issues, domestic="yes" if domestic else None
        )
        readable = _readable(SourceLabels.from_store(store))
        if not council:
            return rows, "", new_state
        said = summary_view(rows, readable, no_monitoring_rules(store, council), as_of)
        return rows, said, new_state

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("health-table", "selectedRows"),
        prevent_initial_call=True,
    )
    def health_click(rows):
        if not rows:
            return no_update
        return rows[0]["partnership"]

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-health-csv", "n_clicks"),
        State("health-table", "rowData"),
        prevent_initial_call=True,
    )
    def health_csv(_n, rows):
        if not _n:
            return no_update
        return dcc.send_string(V.rows_to_csv(rows or [], CSV_COLUMNS), "link-health.csv")
