"""Evaluate: score candidate partners against the strategy's four criteria, side by side.

For the strategy board: the candidates in columns (recommendation, why, what would change it, what
to gather), their scores side by side, how robust the ranking is, every candidate's evidence and
sources criterion by criterion, and one board report of them all to download. The layout and
the helpers the callbacks share live here; the callbacks in :mod:`webapp.evaluate_callbacks`, the
chart's text alternative in :mod:`webapp.evaluate_chart`; the scoring is
:mod:`graphmodel.evaluator`'s.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html

from graphmodel.build.names import normalise_name
from graphmodel.errors import PartnerGraphError
from graphmodel.evaluator import Evaluator, EvaluatorConfig, Profile, Scorecard
from graphmodel.evaluator.ranking import compare
from graphmodel.evaluator.registry import REGISTRY
from graphmodel.evaluator.sensitivity import MAX_WEIGHT
from graphmodel.evaluator.typed import theme_id
from graphmodel.model.records import Source

from ..a11y import chart_figure
from ..candidates import candidate_label
from ..components import (
    council_dropdown,
    search_box,
)
from ..context import PageContext
from ..evaluate_discover import suggest_section
from ..form_fields import form_field
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


def weight_boxes(state: dict[str, Any]) -> list[html.Label]:
    """A box per criterion for its weight in the total, as a shared link sets it."""
    return [
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


def candidate_form() -> html.Details:
    """The folded form that describes a candidate not in the register; its errors are
    summarised over it (``cf-errors``, :func:`webapp.a11y.error_summary`)."""
    return html.Details(
        [
            html.Summary("…or describe a candidate that is not in the register"),
            html.Div(
                [
                    html.Div(id="cf-errors"),  # GOV.UK's error summary (webapp.a11y)
                    form_field(
                        "Name",
                        dcc.Input(id="cf-name", type="text", placeholder="e.g. Region of X"),
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
                    form_field(
                        "Source of these figures (required)",
                        dcc.Input(id="cf-source", type="text", placeholder="document and section"),
                    ),
                    html.Button("Add to comparison", id="cf-add", n_clicks=0),
                ],
                className="candidate-form",
            ),
        ]
    )


def evaluate_page(view: GraphView, state: dict[str, Any], evaluator: Evaluator) -> html.Div:
    chosen = state.get("cand") or []
    boxes = weight_boxes(state)
    form = candidate_form()
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
            # a named figure described by its summary line; its data as a table under it
            # (webapp.evaluate_chart)
            chart_figure(
                dcc.Graph(id="e-radar", config={"displaylogo": False, "displayModeBar": False}),
                "Chart of each candidate's score range per criterion",
                described_by="e-radar-summary",
            ),
            html.Div(id="e-radar-alt"),
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


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    """The page's callbacks, in :mod:`webapp.evaluate_callbacks`."""
    from ..evaluate_callbacks import register_evaluate_callbacks

    register_evaluate_callbacks(app, ctx_)
