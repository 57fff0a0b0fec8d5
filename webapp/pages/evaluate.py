"""Evaluate: score candidate partners against the strategy's four criteria, side by side.

For the strategy board: the candidates in columns (recommendation, why, what would change it, what
to gather), their scores side by side, how robust the ranking is, every candidate's evidence and
sources criterion by criterion, and one board report of them all to download. The layout lives
here; what it shares with the callbacks (weights, candidates offered, the form's candidate, the
scorecards) in :mod:`webapp.evaluate_inputs`, the callbacks in :mod:`webapp.evaluate_callbacks`,
the chart's text alternative in :mod:`webapp.evaluate_chart`; the scoring is
:mod:`graphmodel.evaluator`'s.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from graphmodel.evaluator import Evaluator
from graphmodel.evaluator.registry import REGISTRY

from ..a11y import chart_figure
from ..candidates import candidate_label
from ..components import (
    CHART_CONFIG,
    as_of_picker,
    council_dropdown,
    search_box,
)
from ..context import PageContext
from ..evaluate_callbacks import register_evaluate_callbacks
from ..evaluate_discover import suggest_section
from ..evaluate_inputs import (  # noqa: F401  (form_profile, scorecards: the page's API as before)
    MAX_COMPARE,
    WEIGHT_MAX,
    base_weights,
    candidate_options,
    form_profile,
    known_themes,
    scorecards,
    state_weight,
    weights_from,
)
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


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    return evaluate_page(ctx_.view, state, ctx_.evaluator)


def weight_boxes(state: dict[str, Any], base: dict[str, float] | None = None) -> list[html.Label]:
    """A box per criterion for its weight in the total, as a shared link sets it, else as the
    council's strategy states it (``base``), else the default."""
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
                    value=state_weight(state, k, base),
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
    homes = view.home_councils()
    home = state.get("home") or (homes[0] if homes else None)
    boxes = weight_boxes(state, base_weights(evaluator, home, state.get("as_of")))
    form = candidate_form()
    return html.Div(
        [
            html.P(
                "Score proposed partners against the home council's criteria for new partners, "
                "through the evaluator's four (similar social and economic characteristics; "
                "similar opportunities, priorities and challenges; accessible at reasonable cost; "
                "linkages relevant to local communities): the council's own criteria, as its "
                "register records them, are shown with the scores. Funding "
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
                    # EU membership, programme periods and the strategy in force
                    as_of_picker("e-asof", "Evaluate as of", state, clearable=True),
                ],
                className="controls-inline",
            ),
            form,
            suggest_section(),
            html.Div(
                "Weight of each criterion in the total (as the council's strategy states them, "
                "else the four criteria 1 each and funding and network value 0; 0 leaves it out; "
                f"any number up to {WEIGHT_MAX:g}, such as a weight the robustness section names; "
                "where they came from is said under the message):",
                className="weights-title",
            ),
            html.Div(boxes, className="weights", **{"aria-label": "weights"}),
            dcc.Store(id="e-custom", data=[]),
            # the council and date the weight boxes were started from (its strategy's weights)
            dcc.Store(id="e-weights-for", data={"home": home, "as_of": state.get("as_of")}),
            html.Div(id="e-message", className="view-message", role="status"),
            # what the scores are measured against: the council's own criteria, or none recorded
            html.Div(id="e-against"),
            html.Button("Download board report (all candidates)", id="e-report", n_clicks=0),
            html.Div(id="e-cards", className="scorecards"),
            # a named figure described by its summary line; its data as a table under it
            # (webapp.evaluate_chart)
            chart_figure(
                dcc.Graph(id="e-radar", config={**CHART_CONFIG, "displayModeBar": False}),
                "Chart of each candidate's score range per criterion",
                described_by="e-radar-summary",
            ),
            html.Div(id="e-radar-alt"),
            html.Div(id="e-sensitivity", className="sensitivity"),
            html.Div(id="e-evidence", className="evidence"),
        ]
    )


register_callbacks = register_evaluate_callbacks  # the page's callbacks live beside it
