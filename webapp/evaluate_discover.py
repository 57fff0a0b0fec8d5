"""The Evaluate page's "Suggest candidates" section: who might we approach next?

Runs the same discovery as ``partnergraph rank`` without candidates (reference regions for a
county or regional council, reference cities for a city council; existing partners and links
being explored left out and said so) and lists the best few, each with a button that adds it to
the comparison above, so it is evaluated in full and carried into the board report. Wired into
:mod:`webapp.pages.evaluate` by :func:`suggest_section` and :func:`register_discover_callbacks`.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from graphmodel.errors import PartnerGraphError
from graphmodel.evaluator import rank_reference_cities, rank_reference_regions
from graphmodel.evaluator.config import BAND_LABELS
from graphmodel.evaluator.recommendation import range_words
from graphmodel.evaluator.reference import country_name, geonames_city
from graphmodel.evaluator.regions import find_regions, region_table
from graphmodel.views.sources import format_date

from .context import PageContext
from .evaluate_inputs import evaluation_date

__all__ = [
    "SUGGESTED",
    "suggest_section",
    "suggestions",
    "suggest_for",
    "reference_label",
    "register_discover_callbacks",
]

#: how many suggestions are listed
SUGGESTED = 8
MAX_COMPARE = 4


def reference_label(value: str) -> str | None:
    """The shown name of a suggested reference place (``region-nl-03``, ``geonames-2988507``)."""
    if value.startswith("region-"):
        rows = find_regions(value)
        if len(rows) == 1:
            t = region_table()
            return f"{t.names[rows[0]]} ({t.country[rows[0]]}, reference region)"
    head, _, num = value.partition("-")
    if head == "geonames" and num.isdigit():
        city = geonames_city(num)
        if city:
            return f"{city['name']} ({city['countrycode']}, reference city)"
    return None


def suggest_section() -> html.Details:
    return html.Details(
        [
            html.Summary("Suggest candidates: who might we approach next?"),
            html.P(
                "Ranks reference places at the council's own level (regions for a county or "
                "regional council, cities for a city council) on what is known of them: size, "
                "distance, a shared language, EU membership on the date to evaluate as of (today "
                "unless one is chosen above). Existing partners "
                "and links being explored are left out. Add one to the comparison to evaluate it "
                "in full and include it in the board report.",
                className="small",
            ),
            html.Div(
                [
                    html.Label(
                        [
                            "Countries (ISO codes, optional)",
                            dcc.Input(
                                id="ed-countries", type="text", placeholder="e.g. FR, NL, PL"
                            ),
                        ]
                    ),
                    html.Label(
                        [
                            "Compare with",
                            dcc.RadioItems(
                                id="ed-level",
                                options=[
                                    {"label": "the council's level", "value": "auto"},
                                    {"label": "regions", "value": "region"},
                                    {"label": "cities", "value": "city"},
                                ],
                                value="auto",
                                inline=True,
                            ),
                        ]
                    ),
                    html.Button("Suggest candidates", id="ed-go", n_clicks=0),
                ],
                className="candidate-form",
            ),
            dcc.Loading(html.Div(id="ed-list", className="suggestions", role="status")),
        ],
        id="ed-section",
    )


def suggestions(ev, home: str, countries: str | None, level: str) -> tuple[list[dict], list[str]]:
    """The best few suggestions for ``home`` (rows: id, name, country, total, band) and the notes
    a reader must see (what was left out, the level compared)."""
    codes = [c.strip().upper() for c in (countries or "").replace(";", ",").split(",") if c.strip()]
    if level == "auto":
        level = ev.resolve_home(home).level
    rank = rank_reference_regions if level == "region" else rank_reference_cities
    result = rank(ev, home, countries=codes or None, top=SUGGESTED)
    rows = [
        {
            "id": c.candidate_id,
            "name": c.candidate_name,
            "country": country_name(c.country) or c.country or "",
            "total": range_words(*(c.total_range or [0.0, 100.0])),
            "band": BAND_LABELS[c.band],
        }
        for c in result.cards
    ]
    return rows, result.notes


def _list(rows: list[dict], notes: list[str], home_name: str) -> list:
    if not rows:
        return [html.P("No reference place matches these filters.")] + [
            html.P(n, className="small") for n in notes
        ]
    items = [
        html.Li(
            [
                html.Button(
                    "Add",
                    id={"type": "ed-add", "value": r["id"]},
                    n_clicks=0,
                    title=f"Add {r['name']} to the comparison",
                    **{"aria-label": f"Add {r['name']} to the comparison"},
                ),
                html.Span(f" {r['name']}", className="name"),
                html.Span(f" ({r['country']}; id {r['id']})", className="small"),
                html.Span(f" — total {r['total']}, {r['band']}", className="small"),
            ]
        )
        for r in rows
    ]
    return [
        html.P(f"Suggested for {home_name}, best first:"),
        html.Ol(items),
        *[html.P(n, className="small") for n in notes],
    ]


def suggest_for(ctx_: PageContext, home, countries, level, as_of=None) -> Any:
    """The suggestions list for the page: ranked as of the date box's date (the strategy in
    force then, its weights, EU membership), on a copy of the server's evaluator."""
    if not home:
        return html.P("Choose the home council first.")
    ev = ctx_.evaluator.with_config(ctx_.evaluator.config)
    ev.today = evaluation_date(as_of) or ctx_.evaluator.today
    try:
        rows, notes = suggestions(ev, home, countries, level or "auto")
    except PartnerGraphError as exc:
        return html.P(f"Cannot suggest candidates: {exc}")
    return _list(rows, notes, f"{ctx_.view.name(home)} as of {format_date(ev.today.isoformat())}")


def register_discover_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    @app.callback(
        Output("ed-list", "children"),
        Input("ed-go", "n_clicks"),
        State("e-home", "data"),
        State("ed-countries", "value"),
        State("ed-level", "value"),
        State("e-asof", "date"),
        prevent_initial_call=True,
    )
    def suggest(n, home, countries, level, as_of):
        if not n:
            return no_update
        return suggest_for(ctx_, home, countries, level, as_of)

    @app.callback(
        Output("e-cands", "options", allow_duplicate=True),
        Output("e-cands", "value", allow_duplicate=True),
        Input({"type": "ed-add", "value": ALL}, "n_clicks"),
        State("e-cands", "options"),
        State("e-cands", "value"),
        prevent_initial_call=True,
    )
    def add(clicks, options, value):
        trigger = ctx.triggered_id
        if not trigger or not any(clicks or []):
            return no_update, no_update
        chosen = trigger["value"]
        if chosen in (value or []):
            return no_update, no_update
        label = reference_label(chosen) or chosen
        options = [o for o in options or [] if o["value"] != chosen] + [
            {"label": label, "value": chosen}
        ]
        return options, [*(value or [])][: MAX_COMPARE - 1] + [chosen]
