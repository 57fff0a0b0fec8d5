"""Evaluate: score candidate partners against the strategy's four criteria, side by side.

For the strategy board: each candidate's scorecard, a radar of the criteria, the evidence and
sources behind every score, and a board report to download. Layout and callbacks live here;
the scoring is :mod:`graphmodel.evaluator`'s.
"""

from __future__ import annotations

from typing import Any

import dash
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update

from graphmodel.errors import PartnerGraphError
from graphmodel.evaluator import (
    CORE_CRITERIA,
    CRITERIA,
    Evaluator,
    EvaluatorConfig,
    Profile,
    Scorecard,
)
from graphmodel.evaluator.config import BAND_LABELS
from graphmodel.evaluator.report import scorecard_html
from graphmodel.model import Source
from graphmodel.names import normalise_name
from graphmodel.sources import SourceLabels

from ..card import view_labels
from ..components import council_dropdown
from ..context import PageContext
from ..views import GraphView

__all__ = [
    "PATH",
    "TITLE",
    "layout",
    "evaluate_page",
    "register_callbacks",
    "scorecards",
    "form_profile",
]

PATH = "/evaluate"
TITLE = "Evaluate"

BAND_COLOURS = {
    "pursue": "#2ca02c",
    "pilot": "#ff7f0e",
    "do-not-pursue": "#d62728",
    "insufficient-evidence": "#7f7f7f",
}
MAX_COMPARE = 4
SHORT_TITLES = {
    "similarity": "1. Similar characteristics",
    "priorities": "2. Similar priorities",
    "accessibility": "3. Accessible",
    "community": "4. Community links",
    "funding": "Funding",
    "network": "Network value",
}


def candidate_options(view: GraphView, evaluator: Evaluator) -> list[dict[str, str]]:
    """Profiles first (they carry the most evidence), then partner bodies in the graph."""
    seen, opts = set(), []
    for p in sorted(evaluator.profiles.values(), key=lambda p: p.name):
        if p.kind == "home" or (p.graph_id and view.g.nodes.get(p.graph_id, {}).get("home")):
            continue
        opts.append({"label": f"{p.name} (profile)", "value": p.graph_id or p.id})
        seen |= {p.id, p.graph_id}
    for n, d in view.g.nodes(data=True):
        if (
            d.get("label") == "Organisation"
            and not d.get("home")
            and not d.get("domestic")
            and n not in seen
            and d.get("country") not in (None, "GB")
        ):
            opts.append({"label": d.get("name") or n, "value": n})
    return opts


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    return evaluate_page(ctx_.view, state, ctx_.evaluator)


def evaluate_page(view: GraphView, state: dict[str, Any], evaluator: Evaluator) -> html.Div:
    chosen = state.get("cand") or []
    sliders = [
        html.Label(
            [
                CRITERIA[k],
                dcc.Slider(
                    id=f"w-{k}",
                    min=0,
                    max=3,
                    step=0.5,
                    value=float(state.get(f"w_{k}") or 1),
                    marks={0: "0", 1: "1", 2: "2", 3: "3"},
                    tooltip={"placement": "bottom"},
                ),
            ],
            className="weight",
        )
        for k in CORE_CRITERIA
    ]
    form = html.Details(
        [
            html.Summary("…or describe a candidate that is not in the register"),
            html.Div(
                [
                    html.Label(
                        [
                            "Name",
                            dcc.Input(id="cf-name", type="text", placeholder="e.g. Region of X"),
                        ]
                    ),
                    html.Label(
                        [
                            "Country (ISO code)",
                            dcc.Input(
                                id="cf-country", type="text", placeholder="e.g. PL", maxLength=2
                            ),
                        ]
                    ),
                    html.Label(
                        ["Latitude", dcc.Input(id="cf-lat", type="number", min=-90, max=90)]
                    ),
                    html.Label(
                        ["Longitude", dcc.Input(id="cf-lon", type="number", min=-180, max=180)]
                    ),
                    html.Label(["Population", dcc.Input(id="cf-pop", type="number", min=1)]),
                    html.Label(
                        [
                            "Coastal",
                            dcc.RadioItems(
                                id="cf-coastal",
                                options=[
                                    {"label": "yes", "value": "yes"},
                                    {"label": "no", "value": "no"},
                                    {"label": "unknown", "value": ""},
                                ],
                                value="",
                                inline=True,
                            ),
                        ]
                    ),
                    html.Label(
                        [
                            "Themes (comma-separated)",
                            dcc.Input(
                                id="cf-themes",
                                type="text",
                                placeholder="e.g. tourism, trade, education",
                            ),
                        ]
                    ),
                    html.Label(
                        [
                            "Source of these figures (required)",
                            dcc.Input(
                                id="cf-source", type="text", placeholder="document and section"
                            ),
                        ]
                    ),
                    html.Button("Add to comparison", id="cf-add", n_clicks=0),
                ],
                className="candidate-form",
            ),
        ]
    )
    return html.Div(
        [
            html.P(
                "Score proposed partners against the strategy's four criteria (similar social and "
                "economic characteristics; similar opportunities, priorities and challenges; "
                "accessible at reasonable cost; linkages relevant to local communities). Funding "
                "and network value are shown beside them, not hidden in the total."
            ),
            html.Div(
                [
                    council_dropdown("e-home", view, state, key="home", required=True),
                    html.Label(
                        [
                            "Candidates (up to 4)",
                            dcc.Dropdown(
                                id="e-cands",
                                options=candidate_options(view, evaluator),
                                value=chosen,
                                multi=True,
                                placeholder="Choose partners or proposed partners…",
                            ),
                        ],
                        className="wide",
                    ),
                ],
                className="controls-inline",
            ),
            form,
            html.Div(sliders, className="weights", **{"aria-label": "weights"}),
            dcc.Store(id="e-custom", data=[]),
            html.Div(id="e-message", className="view-message", role="status"),
            html.Div(id="e-cards", className="scorecards"),
            dcc.Graph(id="e-radar", config={"displaylogo": False}),
            html.Div(id="e-evidence", className="evidence"),
            html.Button("Download board report", id="e-report", n_clicks=0),
        ]
    )


def form_profile(name, country, lat, lon, population, coastal, themes, source) -> Profile:
    """A candidate profile from the form; every figure cites the source the user gave."""
    if not name or not source:
        raise ValueError("give the candidate's name and the source of its figures")
    src = Source(doc="entered in the explorer", section=str(source))
    pid = normalise_name(name).replace(" ", "-") or "candidate"
    data: dict[str, Any] = {
        "id": f"form-{pid}",
        "name": name,
        "origin": "profile",
        "country": (country or "").upper() or None,
        "indicators": {},
    }
    if lat is not None and lon is not None:
        data["location"] = {
            "name": name,
            "lat": float(lat),
            "lon": float(lon),
            "source": src.model_dump(),
        }
    if population:
        data["indicators"]["population"] = {"value": float(population), "source": src.model_dump()}
    if coastal in ("yes", "no"):
        data["indicators"]["coastal"] = {"value": coastal == "yes", "source": src.model_dump()}
    if themes:
        data["themes"] = [
            {
                "id": normalise_name(t).replace(" ", "-"),
                "name": t.strip(),
                "source": src.model_dump(),
            }
            for t in themes.split(",")
            if t.strip()
        ]
    return Profile.model_validate(data)


def scorecards(
    evaluator: Evaluator,
    home: str,
    candidates: list[str],
    weights: dict[str, float],
    custom: list[dict] | None = None,
) -> tuple[list[Scorecard], list[str]]:
    """Evaluate each candidate; returns the scorecards and a message per candidate that failed."""
    config = EvaluatorConfig(weights={**EvaluatorConfig().weights, **weights})
    ev = evaluator.with_config(config)  # keeps the graph reads cached across slider moves
    for data in custom or []:
        ev.add_profile(Profile.model_validate(data))
    cards, problems = [], []
    for c in candidates[:MAX_COMPARE]:
        try:
            cards.append(ev.evaluate(home, c))
        except PartnerGraphError as exc:
            problems.append(f"{c}: {exc}")
    return cards, problems


def _card(card: Scorecard) -> html.Div:
    colour = BAND_COLOURS.get(card.band, "#777")
    rows = [
        html.Tr(
            [
                html.Th(r.title),
                html.Td("not scored" if r.score is None else f"{r.score:.0f}"),
                html.Td(f"{r.confidence:.0%}"),
                html.Td(f"{r.weight:g}"),
            ]
        )
        for r in card.criteria
    ]
    total = "–" if card.total is None else f"{card.total:.0f}"
    sens = card.sensitivity.note if card.sensitivity else ""
    return html.Div(
        [
            html.H3(card.candidate_name),
            html.Div(
                BAND_LABELS.get(card.band, card.band),
                className="band",
                style={"background": colour},
            ),
            html.P(f"Score {total}/100 · confidence {card.confidence:.0%}"),
            html.Table(
                [
                    html.Tr(
                        [
                            html.Th("criterion"),
                            html.Th("score"),
                            html.Th("confidence"),
                            html.Th("weight"),
                        ]
                    ),
                    *rows,
                ],
                className="scores",
            ),
            html.P(sens, className="note"),
        ],
        className="scorecard",
        style={"borderTop": f"6px solid {colour}"},
    )


def radar(cards: list[Scorecard]) -> go.Figure:
    fig = go.Figure()
    for card in cards:
        keys = list(card.criteria)
        theta = [SHORT_TITLES.get(r.key, r.title[:20]) for r in keys]
        fig.add_trace(
            go.Scatterpolar(
                r=[r.score or 0 for r in keys] + [keys[0].score or 0],
                theta=theta + [theta[0]],
                name=card.candidate_name,
                fill="toself",
                opacity=0.6,
            )
        )
    fig.update_layout(
        polar={"radialaxis": {"range": [0, 100]}},
        height=420,
        margin={"l": 80, "r": 80, "t": 30, "b": 30},
        legend={"orientation": "h"},
    )
    return fig


def evidence(card: Scorecard, labels: SourceLabels | None = None) -> list:
    out = [html.H2(f"Evidence: {card.candidate_name} for {card.home_name}")]
    for r in card.criteria:
        items = []
        for e in r.evidence:
            text = (
                f"{e.item}: {card.home_name}: {e.home if e.home is not None else '–'} | "
                f"{card.candidate_name}: {e.candidate if e.candidate is not None else '–'}"
            )
            if e.detail:
                text += f" — {e.detail}"
            srcs = [s for s in [e.home_source, e.candidate_source, *e.sources] if s]
            items.append(
                html.Li(
                    [
                        text,
                        html.Div(
                            "source: " + "; ".join(labels.labels(srcs) if labels else srcs),
                            className="rel-source",
                        )
                        if srcs
                        else None,
                        html.Div("path: " + " ".join(e.path), className="rel-source")
                        if e.path
                        else None,
                    ]
                )
            )
        items += [html.Li("missing: " + m, className="missing") for m in r.missing]
        score = "not scored" if r.score is None else f"{r.score:.0f}/100"
        out.append(
            html.Details(
                [
                    html.Summary(
                        f"{r.title}: {score}, confidence {r.confidence:.0%} — {r.summary}"
                    ),
                    html.Ul(items),
                ],
                open=r.key in CORE_CRITERIA,
            )
        )
    return out


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    view = ctx_.view
    weight_inputs = [Input(f"w-{k}", "value") for k in CORE_CRITERIA]

    @app.callback(
        Output("e-cands", "options"),
        Output("e-cands", "value"),
        Output("e-custom", "data"),
        Output("e-message", "children", allow_duplicate=True),
        Input("cf-add", "n_clicks"),
        State("cf-name", "value"),
        State("cf-country", "value"),
        State("cf-lat", "value"),
        State("cf-lon", "value"),
        State("cf-pop", "value"),
        State("cf-coastal", "value"),
        State("cf-themes", "value"),
        State("cf-source", "value"),
        State("e-cands", "options"),
        State("e-cands", "value"),
        State("e-custom", "data"),
        prevent_initial_call=True,
    )
    def add_custom(
        n, name, country, lat, lon, pop, coastal, themes, source, options, value, custom
    ):
        if not n:
            return no_update, no_update, no_update, no_update
        try:
            profile = form_profile(name, country, lat, lon, pop, coastal, themes, source)
        except ValueError as exc:
            return no_update, no_update, no_update, f"Cannot add the candidate: {exc}"
        custom = [c for c in (custom or []) if c["id"] != profile.id] + [
            profile.model_dump(mode="json")
        ]
        options = [o for o in options if o["value"] != profile.id] + [
            {"label": f"{profile.name} (entered here)", "value": profile.id}
        ]
        value = [v for v in (value or []) if v != profile.id][: MAX_COMPARE - 1] + [profile.id]
        return options, value, custom, f"Added {profile.name}."

    @app.callback(
        Output("e-cards", "children"),
        Output("e-radar", "figure"),
        Output("e-evidence", "children"),
        Output("e-message", "children"),
        Output("state", "data", allow_duplicate=True),
        Input("e-home", "value"),
        Input("e-cands", "value"),
        Input("e-custom", "data"),
        *weight_inputs,
        State("state", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def run(home, cands, custom, *rest):
        *weights, state = rest
        w = {
            k: float(v if v is not None else 1) for k, v in zip(CORE_CRITERIA, weights, strict=True)
        }
        new_state = dict(state or {})
        new_state.update(
            home=home,
            cand=[c for c in cands or [] if not c.startswith("form-")],
            **{f"w_{k}": (v if v != 1 else None) for k, v in w.items()},
        )
        if not cands:
            return [], go.Figure(), [], "Choose one or more candidates to evaluate.", new_state
        if sum(w.values()) <= 0:
            return [], go.Figure(), [], "At least one criterion needs a weight above 0.", new_state
        cards, problems = scorecards(ctx_.evaluator, home, cands, w, custom)
        message = (
            " ".join(problems)
            if problems
            else (
                f"{len(cards)} candidate{'s' if len(cards) != 1 else ''} scored for {view.name(home)}."
            )
        )
        return (
            [_card(c) for c in cards],
            radar(cards),
            evidence(cards[0], view_labels(view)) if cards else [],
            message,
            new_state,
        )

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("e-report", "n_clicks"),
        State("e-home", "value"),
        State("e-cands", "value"),
        State("e-custom", "data"),
        *[State(f"w-{k}", "value") for k in CORE_CRITERIA],
        prevent_initial_call=True,
    )
    def report(n, home, cands, custom, *weights):
        if not n or not cands:
            return no_update
        w = {
            k: float(v if v is not None else 1) for k, v in zip(CORE_CRITERIA, weights, strict=True)
        }
        cards, _ = scorecards(ctx_.evaluator, home, cands[:1], w, custom)
        if not cards:
            return no_update
        return dcc.send_string(
            scorecard_html(cards[0], view_labels(view)), f"evaluation-{cards[0].candidate_id}.html"
        )
