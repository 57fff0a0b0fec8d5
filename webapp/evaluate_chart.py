"""Evaluate's chart of score ranges in words (issue 27, WCAG 1.1.1): a one-line summary of what it
shows, which also describes the chart, and its data as a table (a row per criterion, a column per
candidate), folded under it.

The figures are the chart's own (:func:`webapp.scorecards.scores_figure`): each criterion's range
from what the evidence gives to what the missing evidence could add, "not scored" where there is
no evidence at all (never 0). Strongest and weakest are read on what the evidence gives, so a
criterion nobody researched is never called a strength.
"""

from __future__ import annotations

from typing import Any

from dash import html

from graphmodel.evaluator import Scorecard
from graphmodel.evaluator.recommendation import range_words
from graphmodel.evaluator.registry import REGISTRY

from .a11y import chart_alternative, data_table

__all__ = ["SUMMARY_ID", "TITLE", "scores_summary", "scores_alt"]

#: the id of the summary line, which describes the chart (``aria-describedby``)
SUMMARY_ID = "e-radar-summary"
TITLE = "Score ranges by criterion"


def _cell(r) -> str:
    """A criterion's range as the chart labels its bar."""
    return ("not scored: " if r.score is None else "") + range_words(r.low, r.high)


def _one(card: Scorecard) -> str:
    """One candidate in a sentence: its total (as its scorecard gives it), where the evidence
    is strongest and weakest, and what has no evidence at all."""
    crit = [(REGISTRY[k].label, card.criterion(k)) for k in REGISTRY]
    scored = [(label, r) for label, r in crit if r.score is not None]
    unscored = [label for label, r in crit if r.score is None]
    said = f"{card.candidate_name} scores {range_words(*(card.total_range or [0, 100]))} in total"
    if not scored:
        return said + "; no criterion scored (no evidence)"
    best = max(scored, key=lambda lr: (lr[1].low, lr[1].high))
    said += f"; strongest on {best[0]} ({range_words(best[1].low, best[1].high)})"
    if len(scored) > 1:
        worst = min(scored, key=lambda lr: (lr[1].high, lr[1].low))
        if worst[0] != best[0]:
            said += f", weakest on {worst[0]} ({range_words(worst[1].low, worst[1].high)})"
    if unscored:
        said += f"; not scored: {', '.join(unscored)}"
    return said


def scores_summary(cards: list[Scorecard]) -> str:
    """What the chart shows, in a line: each candidate's range, strongest and weakest."""
    return (
        f"Score ranges (0 to 100) of {len(cards)} candidate{'s' if len(cards) != 1 else ''} on "
        f"{len(REGISTRY)} criteria, from what the evidence gives to what the missing evidence "
        "could add. " + ". ".join(_one(c) for c in cards) + "."
    )


def scores_alt(cards: list[Scorecard]) -> Any:
    """The chart's text alternative: its summary line and a table of every range it draws."""
    if not cards:  # the chart is blank: its description says so
        return html.P("No candidate scored yet.", id=SUMMARY_ID, hidden=True)
    rows = [(crit.label, *[_cell(c.criterion(k)) for c in cards]) for k, crit in REGISTRY.items()]
    table = data_table(
        "Score range per criterion (0 to 100)",
        ["Criterion", *[c.candidate_name for c in cards]],
        rows,
    )
    return chart_alternative(TITLE, scores_summary(cards), table, summary_id=SUMMARY_ID)
