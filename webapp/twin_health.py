"""Link health's "twin links against the reference" section: the council's partners compared
with its twins in the reference network (Wikidata P190), as ``partnergraph check-twins`` lists
them. Suggestions with their sources, never errors; shown only when the store holds the reference.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, html

from graphmodel.errors import PartnerGraphError

__all__ = ["twin_check_section", "register_twin_check", "twin_check_view"]

HEADERS = (
    "difference",
    "place",
    "country",
    "register partner",
    "claimed by",
    "suggestion",
    "sources",
)


def twin_check_section() -> html.Section:
    return html.Section(
        [
            html.H2("Twin links against the reference (Wikidata P190)"),
            html.Div(id="twin-check", role="status"),
        ],
        className="twin-check",
    )


def twin_check_view(store, council: str | None) -> Any:
    """The section's content for ``council``: a table, or a sentence saying why there is none."""
    from graphmodel.queries import run_query
    from graphmodel.twins.check import check_twins_in_store

    if not council:
        return ""
    if not store.counts()["nodes"].get("ReferencePlace"):
        return html.P(
            "The reference twin network is not loaded: start the explorer with "
            "PARTNERGRAPH_REFERENCE=1 to compare the council's twinnings with Wikidata P190, "
            "or run 'partnergraph check-twins'.",
            className="note",
        )
    try:
        rows = check_twins_in_store(store, council, run_query(store, "partners", council=council))
    except PartnerGraphError as exc:
        return html.P(str(exc), className="note")
    if not rows:
        return html.P(
            "Neither the register nor the reference records a twin link.", className="note"
        )
    body = [
        html.Tr(
            [
                html.Td(d.kind),
                html.Td(d.twin_name or ""),
                html.Td(d.country or ""),
                html.Td(d.partner_name or ""),
                html.Td(d.claimed_by or ""),
                html.Td(d.suggestion),
                html.Td("; ".join(d.sources)),
            ]
        )
        for d in rows
    ]
    return html.Div(
        [
            html.P(
                "Suggestions, not errors: the reference (a 2016 extract of Wikidata P190) may "
                "lack a live link or still hold a lapsed one. Reference, not register records.",
                className="note",
            ),
            html.Table(
                [html.Thead(html.Tr([html.Th(h, scope="col") for h in HEADERS])), html.Tbody(body)],
                className="twin-check-table",
            ),
        ]
    )


def register_twin_check(app: dash.Dash, store) -> None:
    @app.callback(Output("twin-check", "children"), Input("h-council", "data"))
    def twin_check(council):
        return twin_check_view(store, council)
