"""What the Evaluate page shows for a comparison: the candidates in columns, their scores side by
side, how robust the ranking is and every candidate's evidence (Dash components, pure functions)."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import html

from graphmodel.evaluator import CORE_CRITERIA, CRITERIA, Scorecard
from graphmodel.evaluator.config import BAND_LABELS
from graphmodel.evaluator.report import BAND_COLOURS as REPORT_BAND_COLOURS
from graphmodel.evaluator.sensitivity import flip_sentence
from graphmodel.views.sources import SourceLabels

__all__ = ["BAND_COLOURS", "scorecard_column", "scores_figure", "sensitivity", "evidence"]

#: the board report's colours: white text on each reaches 4.5:1 (WCAG 2.2 AA, issue 27)
BAND_COLOURS = REPORT_BAND_COLOURS
SHORT_TITLES = {
    "similarity": "1. Similar characteristics",
    "priorities": "2. Similar priorities",
    "accessibility": "3. Accessible",
    "community": "4. Community links",
    "funding": "Funding",
    "network": "Network value",
}

GATHER_SHOWN = 3


def _list(items: list[str], cls: str | None = None) -> html.Ul | html.P:
    if not items:
        return html.P("none", className="note")
    return html.Ul([html.Li(x) for x in items], className=cls)


def scorecard_column(card: Scorecard) -> html.Div:
    """One candidate's column: the recommendation, why, what would change it, what to gather."""
    colour = BAND_COLOURS.get(card.band, "#4a4a4a")
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
    span = ""
    if card.total_range and card.total_range[0] != card.total_range[1]:
        span = f" (missing evidence leaves {card.total_range[0]:.0f}–{card.total_range[1]:.0f})"
    gather = card.gather[:GATHER_SHOWN]
    more = len(card.gather) - len(gather)
    return html.Div(
        [
            html.H3(card.candidate_name),
            html.Div(
                BAND_LABELS.get(card.band, card.band),
                className="band",
                style={"background": colour},
            ),
            html.P(f"Score {total}/100{span} · confidence {card.confidence:.0%}"),
            html.H4("Why"),
            _list(card.reasons),
            html.H4("What would change it"),
            _list(card.would_change, "would-change"),
            html.H4("Evidence to gather first"),
            _list(gather, "gather"),
            html.P(f"…and {more} more under the evidence below", className="note")
            if more > 0
            else None,
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
        ],
        className="scorecard",
        style={"borderTop": f"6px solid {colour}"},
    )


def scores_figure(cards: list[Scorecard]) -> go.Figure:
    """Criterion scores side by side; a criterion not scored is labelled so, never drawn as 0."""
    fig = go.Figure()
    for card in cards:
        fig.add_trace(
            go.Bar(
                y=[SHORT_TITLES[r.key] for r in card.criteria],
                x=[r.score or 0 for r in card.criteria],
                text=["not scored" if r.score is None else f"{r.score:.0f}" for r in card.criteria],
                textposition="outside",
                orientation="h",
                name=card.candidate_name,
                hovertemplate="%{y}: %{text}<extra>" + card.candidate_name + "</extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        xaxis={"range": [0, 118], "title": "score (0–100)"},
        yaxis={"autorange": "reversed"},
        height=180 + 70 * max(1, len(cards)),
        margin={"l": 170, "r": 20, "t": 20, "b": 40},
        legend={"orientation": "h", "y": -0.2},
    )
    return fig


def sensitivity(cards: list[Scorecard]) -> list:
    """How robust each recommendation is: single weight changes, and rank stability."""
    out: list = [html.H2("How robust is this?")]
    for c in cards:
        s = c.sensitivity
        lines = [flip_sentence(c.candidate_name, f) for f in (s.flips[:3] if s else [])]
        out.append(
            html.Div(
                [
                    html.B(c.candidate_name + ": "),
                    _list(lines) if lines else html.Span("no single weight change moves it"),
                    html.P(s.note, className="note") if s and s.note else None,
                ],
                className="robust",
            )
        )
    ranked = [c for c in cards if c.rank]
    if len(ranked) > 1:
        head = ("candidate", "rank", "rank in 90% of random weightings", "keeps its rank")
        out.append(
            html.Table(
                [
                    html.Tr([html.Th(x) for x in head]),
                    *[
                        html.Tr(
                            [
                                html.Td(c.candidate_name),
                                html.Td(str(c.rank["base_rank"])),
                                html.Td(f"{c.rank['p5_rank']:.0f}–{c.rank['p95_rank']:.0f}"),
                                html.Td(f"{c.rank['same_rank_share']:.0%}"),
                            ]
                        )
                        for c in ranked
                    ],
                ],
                className="scores stability",
            )
        )
    return out


def _evidence_items(card: Scorecard, key: str, labels: SourceLabels | None) -> list:
    r = card.criterion(key)
    items = []
    for e in r.evidence:
        text = e.item
        sides = [
            f"{card.home_name}: {e.home}" if e.home is not None else "",
            f"{card.candidate_name}: {e.candidate}" if e.candidate is not None else "",
        ]
        if any(sides):
            text += " — " + " | ".join(x for x in sides if x)
        if e.detail:
            text += f" — {e.detail}"
        srcs = list(dict.fromkeys(x for x in [e.home_source, e.candidate_source, *e.sources] if x))
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
    return [
        html.H4(f"{card.candidate_name}: {score} ({r.confidence:.0%} of the evidence)"),
        html.Ul(items),
    ]


def evidence(cards: list[Scorecard], labels: SourceLabels | None = None) -> list:
    """Per criterion, every candidate's evidence and what is missing, in columns."""
    out = [html.H2("Evidence, criterion by criterion")]
    for key in CRITERIA:
        out.append(
            html.Details(
                [
                    html.Summary(CRITERIA[key]),
                    html.Div(
                        [
                            html.Div(_evidence_items(c, key, labels), className="evidence-col")
                            for c in cards
                        ],
                        className="evidence-cols",
                    ),
                ],
                open=key in CORE_CRITERIA,
            )
        )
    return out
