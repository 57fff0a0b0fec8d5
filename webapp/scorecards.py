"""What the Evaluate page shows for a comparison: the candidates in columns, their scores side by
side (the chart is :mod:`webapp.evaluate_chart`'s), how robust the ranking is and every
candidate's evidence (Dash components, pure functions)."""

from __future__ import annotations

from dash import html

from graphmodel.evaluator import Scorecard
from graphmodel.evaluator.config import BAND_LABELS
from graphmodel.evaluator.ranking import rank_words
from graphmodel.evaluator.recommendation import range_words
from graphmodel.evaluator.registry import REGISTRY
from graphmodel.evaluator.sensitivity import MAX_WEIGHT, flip_sentence
from graphmodel.evaluator.summary import BAND_MEANING
from graphmodel.views.sources import SourceLabels

__all__ = ["BAND_COLOURS", "PALETTE", "scorecard_column", "sensitivity", "evidence"]

#: as the board report's: white text on each reaches 4.5:1 (WCAG 2.2 AA, issue 27)
BAND_COLOURS = {
    "pursue": "#1b7f3b",
    "pilot": "#9a5b00",
    "do-not-pursue": "#a61b1b",
    "insufficient-evidence": "#4a4a7a",
}
GATHER_SHOWN = 3
#: colour-blind-safe (Okabe–Ito), as the board report's charts
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]


def _list(items: list[str], cls: str | None = None) -> html.Ul | html.P:
    if not items:
        return html.P("none", className="note")
    return html.Ul([html.Li(x) for x in items], className=cls)


def scorecard_column(card: Scorecard) -> html.Div:
    """One candidate's column: the plain-words summary (recommendation, why, what would change
    it, what to find out), then every criterion's range."""
    colour = BAND_COLOURS.get(card.band, "#4a4a4a")
    rows = [
        html.Tr(
            [
                html.Th(r.title),
                html.Td(range_words(r.low, r.high) + (" (no evidence)" if r.score is None else "")),
                html.Td(f"{r.confidence:.0%}"),
                html.Td(f"{r.weight:g}"),
            ]
        )
        for r in card.criteria
    ]
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
            html.P(BAND_MEANING[card.band], className="meaning"),
            html.P(
                f"Total {range_words(*(card.total_range or [0, 100]))} out of 100 · "
                f"{card.confidence:.0%} of the evidence needed researched"
            ),
            html.H4("Why"),
            _list(card.reasons),
            html.H4("What would change it"),
            _list(card.would_change, "would-change"),
            html.H4("What to find out"),
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


def sensitivity(cards: list[Scorecard]) -> list:
    """How robust each recommendation is: single weight changes, and rank stability."""
    out: list = [html.H2("How robust is this?")]
    for c in cards:
        s = c.sensitivity
        lines = [flip_sentence(c.candidate_name, f) for f in (s.flips[:3] if s else [])]
        none = f"no single weight change up to {MAX_WEIGHT:g} changes the recommendation"
        out.append(
            html.Div(
                [
                    html.B(c.candidate_name + ": "),
                    _list(lines) if lines else html.Span(none),
                ],
                className="robust",
            )
        )
    ranked = [c for c in cards if c.rank]
    if len(ranked) > 1:
        head = (
            "candidate",
            "rank",
            "not yet distinguishable from",
            "ranks in 90% of random weightings",
            "same ranks in",
        )
        out.append(
            html.P(
                "Ranked on the range each total can still take: candidates whose ranges overlap "
                "cannot yet be told apart, and each is given every rank it could take.",
                className="note",
            )
        )
        out.append(
            html.Table(
                [
                    html.Tr([html.Th(x) for x in head]),
                    *[
                        html.Tr(
                            [
                                html.Td(c.candidate_name),
                                html.Td(rank_words(c.rank)),
                                html.Td(
                                    ", ".join(c.rank.get("tied", []) + c.rank.get("overlaps", []))
                                    or "–"
                                ),
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
    score = ("not scored: " if r.score is None else "") + range_words(r.low, r.high)
    return [
        html.H4(f"{card.candidate_name}: {score} ({r.confidence:.0%} researched)"),
        html.Ul(items),
    ]


def evidence(cards: list[Scorecard], labels: SourceLabels | None = None) -> list:
    """Per criterion, every candidate's evidence and what is missing, in columns."""
    out = [html.H2("Evidence, criterion by criterion")]
    for key, crit in REGISTRY.items():
        out.append(
            html.Details(
                [
                    html.Summary(crit.title),
                    html.Div(
                        [
                            html.Div(_evidence_items(c, key, labels), className="evidence-col")
                            for c in cards
                        ],
                        className="evidence-cols",
                    ),
                ],
                open=crit.core,
            )
        )
    return out
