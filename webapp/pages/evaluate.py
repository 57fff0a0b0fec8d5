"""Evaluate: score candidate partners against the strategy's four criteria, side by side.

For the strategy board: the candidates in columns (recommendation, why, what would change it, what
to gather), their scores side by side, how robust the ranking is, every candidate's evidence and
sources criterion by criterion, and one board report of them all to download. Layout and callbacks live here;
the scoring is :mod:`graphmodel.evaluator`'s.
"""

from __future__ import annotations

from typing import Any

import dash
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update

from graphmodel.build.names import normalise_name
from graphmodel.errors import PartnerGraphError
from graphmodel.evaluator import Evaluator, EvaluatorConfig, Profile, Scorecard
from graphmodel.evaluator.ranking import compare
from graphmodel.evaluator.registry import REGISTRY
from graphmodel.evaluator.report import board_report_html
from graphmodel.evaluator.sensitivity import MAX_WEIGHT
from graphmodel.evaluator.typed import theme_id
from graphmodel.model.records import Source

from ..a11y import chart_figure, error_summary
from ..candidates import candidate_label, candidate_search
from ..card import view_labels
from ..components import (
    council_dropdown,
    register_council_chooser,
    register_search_box,
    search_box,
)
from ..context import PageContext
from ..evaluate_discover import register_discover_callbacks, suggest_section
from ..scorecards import evidence, scorecard_column, scores_figure, sensitivity
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

MAX_COMPARE = 4
#: the largest weight a box takes: the robustness section names changes up to this, and a shared
#: link keeps weights up to this (webapp/urlstate.py)
WEIGHT_MAX = MAX_WEIGHT


def state_weight(state: dict[str, Any], key: str) -> float:
    """The weight a shared link carries (``w_<key>``), else the default; 0 stays 0."""
    value = state.get(f"w_{key}")
    if value is None or value == "":
        return REGISTRY[key].default_weight
    try:
        w = float(value)
    except (TypeError, ValueError):
        return REGISTRY[key].default_weight
    return w if 0 <= w <= WEIGHT_MAX else REGISTRY[key].default_weight


def weights_from(values) -> dict[str, float]:
    """The boxes' values (None: emptied, taken as the default) as weights by criterion."""
    return {
        k: float(v) if v is not None else REGISTRY[k].default_weight
        for k, v in zip(REGISTRY, values, strict=True)
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
    boxes = [
        html.Label(
            [
                crit.label,
                dcc.Input(
                    id=f"w-{k}",
                    type="number",
                    min=0,
                    max=WEIGHT_MAX,
                    step="any",
                    value=state_weight(state, k),
                    debounce=True,
                    inputMode="decimal",
                ),
            ],
            className="weight",
        )
        for k, crit in REGISTRY.items()
    ]
    form = html.Details(
        [
            html.Summary("…or describe a candidate that is not in the register"),
            html.Div(
                [
                    html.Div(id="cf-errors"),  # GOV.UK's error summary (webapp.a11y)
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
                    dcc.Checklist(
                        id="cf-themes-all",
                        options=[
                            {
                                "label": "These are all its themes (its strategy was read in "
                                "full): a priority not listed is not shared",
                                "value": "all",
                            }
                        ],
                        value=[],
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
                "and network value are shown beside them, not hidden in the total. Every score is "
                "a range: what the evidence gives, up to what the missing evidence could add."
            ),
            html.Div(
                [
                    council_dropdown("e-home", view, state, key="home", required=True),
                    html.Label(
                        [
                            "Candidates (up to 4)",
                            search_box("e-find", "Find a partner or proposed partner…"),
                            dcc.Dropdown(
                                id="e-cands",
                                # only the chosen: the search box above finds the others
                                options=[
                                    {"label": candidate_label(view, evaluator, c), "value": c}
                                    for c in chosen
                                ],
                                value=chosen,
                                multi=True,
                                searchable=False,
                                placeholder="Chosen candidates appear here",
                            ),
                        ],
                        className="wide",
                    ),
                ],
                className="controls-inline",
            ),
            form,
            suggest_section(),
            html.Div(
                "Weight of each criterion in the total (the four criteria 1 each and funding and "
                f"network value 0 by default; 0 leaves it out; any number up to {WEIGHT_MAX:g}, "
                "such as a weight the robustness section names):",
                className="weights-title",
            ),
            html.Div(boxes, className="weights", **{"aria-label": "weights"}),
            dcc.Store(id="e-custom", data=[]),
            html.Div(id="e-message", className="view-message", role="status"),
            html.Button("Download board report (all candidates)", id="e-report", n_clicks=0),
            html.Div(id="e-cards", className="scorecards"),
            # a named figure; its figures are in each scorecard's table (webapp.a11y)
            chart_figure(
                dcc.Graph(id="e-radar", config={"displaylogo": False, "displayModeBar": False}),
                "Chart of each candidate's score range per criterion (the same figures as the "
                "scorecards' tables)",
            ),
            html.Div(id="e-sensitivity", className="sensitivity"),
            html.Div(id="e-evidence", className="evidence"),
        ]
    )


def form_profile(
    name,
    country,
    lat,
    lon,
    population,
    coastal,
    themes,
    source,
    known_themes=None,
    themes_complete=False,
) -> Profile:
    """A candidate profile from the form; every figure cites the source the user gave. A typed
    theme is matched to a known theme (``known_themes``: id -> name) however it is hyphenated:
    "cross-border co-operation" is Kent's ``cross-border-cooperation``. The themes typed are what
    is known; only with ``themes_complete`` is a priority not typed known not to be shared."""
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
            {"id": theme_id(t, known_themes or {}), "name": t.strip(), "source": src.model_dump()}
            for t in themes.split(",")
            if t.strip()
        ]
    if themes_complete:
        data.setdefault("themes", [])
        data["themes_researched"] = src.model_dump()
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
    return compare(cards), problems


def known_themes(view: GraphView, evaluator: Evaluator, home: str | None) -> dict[str, str]:
    """Theme id -> name: the register's themes and the home council's priorities."""
    out = {n: d.get("name") or n for n, d in view.g.nodes(data=True) if d.get("label") == "Theme"}
    if home:
        try:
            out.update({t: v[0] for t, v in (evaluator.resolve_home(home).themes or {}).items()})
        except PartnerGraphError:
            pass
    return out


def _no_chart() -> go.Figure:
    """A blank, low figure while nothing is scored: no empty axes for a person to puzzle over."""
    fig = go.Figure()
    fig.update_layout(
        height=40,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        xaxis={"visible": False},
        yaxis={"visible": False},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    view = ctx_.view

    def search(text: str) -> list[tuple[str, str]]:
        return candidate_search(view, ctx_.evaluator, candidate_options)(text)

    register_search_box(app, "e-find", search, lambda c: candidate_label(view, ctx_.evaluator, c))
    register_council_chooser(app, "e-home", view, required=True)
    register_discover_callbacks(app, ctx_)

    @app.callback(
        Output("e-cands", "options", allow_duplicate=True),
        Output("e-cands", "value", allow_duplicate=True),
        Input("e-find", "data"),
        State("e-cands", "options"),
        State("e-cands", "value"),
        prevent_initial_call=True,
    )
    def add_found(found, options, value):
        if not found or found in (value or []):
            return no_update, no_update
        options = [o for o in options or [] if o["value"] != found] + [
            {"label": candidate_label(view, ctx_.evaluator, found), "value": found}
        ]
        return options, [*(value or [])][: MAX_COMPARE - 1] + [found]

    weight_inputs = [Input(f"w-{k}", "value") for k in REGISTRY]

    @app.callback(
        Output("e-cands", "options"),
        Output("e-cands", "value"),
        Output("e-custom", "data"),
        Output("e-message", "children", allow_duplicate=True),
        Output("cf-errors", "children"),
        Input("cf-add", "n_clicks"),
        State("cf-name", "value"),
        State("cf-country", "value"),
        State("cf-lat", "value"),
        State("cf-lon", "value"),
        State("cf-pop", "value"),
        State("cf-coastal", "value"),
        State("cf-themes", "value"),
        State("cf-themes-all", "value"),
        State("cf-source", "value"),
        State("e-home", "data"),
        State("e-cands", "options"),
        State("e-cands", "value"),
        State("e-custom", "data"),
        prevent_initial_call=True,
    )
    def add_custom(
        n, name, country, lat, lon, pop, coastal, themes, all_, source, home, options, value, custom
    ):
        if not n:
            return no_update, no_update, no_update, no_update, no_update
        # each box at fault named in a summary over the form, linked to it (webapp.a11y)
        missing = [("cf-name", "Enter the candidate's name")] if not name else []
        if not source:
            missing.append(("cf-source", "Enter the source of these figures"))
        if missing:
            words = "; ".join(m for _, m in missing)
            return (
                no_update,
                no_update,
                no_update,
                f"Cannot add the candidate: {words}.",
                (error_summary(missing)),
            )
        try:
            known = known_themes(view, ctx_.evaluator, home)
            profile = form_profile(
                name, country, lat, lon, pop, coastal, themes, source, known, "all" in (all_ or [])
            )
        except ValueError as exc:
            said = f"Cannot add the candidate: {exc}"
            return no_update, no_update, no_update, said, error_summary([(None, said)])
        custom = [c for c in (custom or []) if c["id"] != profile.id] + [
            profile.model_dump(mode="json")
        ]
        options = [o for o in options if o["value"] != profile.id] + [
            {"label": f"{profile.name} (entered here)", "value": profile.id}
        ]
        value = [v for v in (value or []) if v != profile.id][: MAX_COMPARE - 1] + [profile.id]
        return options, value, custom, f"Added {profile.name}.", None

    @app.callback(
        Output("e-cards", "children"),
        Output("e-radar", "figure"),
        Output("e-sensitivity", "children"),
        Output("e-evidence", "children"),
        Output("e-message", "children"),
        Output("state", "data", allow_duplicate=True),
        Input("e-home", "data"),
        Input("e-cands", "value"),
        Input("e-custom", "data"),
        *weight_inputs,
        State("state", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def run(home, cands, custom, *rest):
        *weights, state = rest
        w = weights_from(weights)
        new_state = dict(state or {})
        new_state.update(
            home=home,
            cand=[c for c in cands or [] if not c.startswith("form-")],
            # only weights that differ from the default go in the link; a 0 is kept
            **{f"w_{k}": (v if v != REGISTRY[k].default_weight else None) for k, v in w.items()},
        )
        if not cands:
            return [], _no_chart(), [], [], "Choose one or more candidates to evaluate.", new_state
        if sum(w.values()) <= 0:
            msg = "At least one criterion needs a weight above 0."
            return [], _no_chart(), [], [], msg, new_state
        cards, problems = scorecards(ctx_.evaluator, home, cands, w, custom)
        message = (
            " ".join(problems)
            if problems
            else (
                f"{len(cards)} candidate{'s' if len(cards) != 1 else ''} scored for {view.name(home)}."
            )
        )
        return (
            [scorecard_column(c) for c in cards],
            scores_figure(cards),
            sensitivity(cards) if cards else [],
            evidence(cards, view_labels(view)) if cards else [],
            message,
            new_state,
        )

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("e-report", "n_clicks"),
        State("e-home", "data"),
        State("e-cands", "value"),
        State("e-custom", "data"),
        *[State(f"w-{k}", "value") for k in REGISTRY],
        prevent_initial_call=True,
    )
    def report(n, home, cands, custom, *weights):
        if not n or not cands:
            return no_update
        w = weights_from(weights)
        cards, _ = scorecards(ctx_.evaluator, home, cands, w, custom)
        if not cards:
            return no_update
        name = "-".join(c.candidate_id for c in cards)[:80]
        return dcc.send_string(
            board_report_html(cards, view_labels(view)), f"board-report-{name}.html"
        )
