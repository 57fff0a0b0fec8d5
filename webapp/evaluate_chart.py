"""Evaluate's chart of score ranges (:func:`scores_figure`) and the same in words (issue 27,
WCAG 1.1.1): a one-line summary of what it shows, which also describes the chart, and its data as
a table (a row per criterion, a column per candidate), folded under it.

Each criterion's range runs from what the evidence gives to what the missing evidence could add,
"not scored" where there is no evidence at all (never 0). Strongest and weakest are read on what
the evidence gives, so a criterion nobody researched is never called a strength.

The chart reads in a 320 px window (WCAG 1.4.10): the criteria's names wrap beside their bars,
each bar is labelled in short ("16–78", "not scored"), the key sits above the bars and the
axis's explanation wraps under them; the whole words are in the hover and in the table.
"""

from __future__ import annotations

import textwrap
from typing import Any

import plotly.graph_objects as go
from dash import html

from graphmodel.evaluator import Scorecard
from graphmodel.evaluator.recommendation import range_words
from graphmodel.evaluator.registry import REGISTRY

from .a11y import chart_alternative, data_table
from .scorecards import PALETTE

__all__ = ["SUMMARY_ID", "TITLE", "bar_label", "scores_alt", "scores_figure", "scores_summary"]

#: the id of the summary line, which describes the chart (``aria-describedby``)
SUMMARY_ID = "e-radar-summary"
TITLE = "Score ranges by criterion"


#: a criterion's name beside its bars wraps at this many characters (a phone's width)
WRAP = 12
#: the axis runs this far past 100, for the label at the end of a bar
AXIS_END = 122


def _cell(r) -> str:
    """A criterion's range in words, as the hover and the table give it."""
    return ("not scored: " if r.score is None else "") + range_words(r.low, r.high)


def bar_label(r) -> str:
    """A criterion's range as its bar is labelled: short, to fit a narrow window ("16–78",
    "57", "not scored"); the bar itself draws the range a criterion not scored could take."""
    return "not scored" if r.score is None else range_words(r.low, r.high).replace(" to ", "–")


def scores_figure(cards: list[Scorecard]) -> go.Figure:
    """Each criterion's range side by side: solid up to what the evidence gives, pale over what
    the missing evidence leaves open; a criterion with no evidence is labelled so, never 0."""
    fig = go.Figure()
    labels = [c.label for c in REGISTRY.values()]
    for i, card in enumerate(cards):
        crit = [card.criterion(k) for k in REGISTRY]
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=[r.low for r in crit],
                orientation="h",
                name=card.candidate_name,
                marker_color=colour,
                offsetgroup=str(i),
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Bar(
                y=labels,
                x=[r.high - r.low for r in crit],
                base=[r.low for r in crit],
                text=[bar_label(r) for r in crit],
                customdata=[[label, _cell(r)] for label, r in zip(labels, crit, strict=True)],
                # "not scored" inside its wide pale bar; a range's figures beyond its end
                textposition=[
                    "inside" if r.score is None and r.high >= 50 else "outside" for r in crit
                ],
                insidetextanchor="end",
                constraintext="none",  # never shrunk to the bar's height: read at its size
                cliponaxis=False,  # a label may run into the right margin, never be cut
                orientation="h",
                name=card.candidate_name + " (still open)",
                marker={"color": colour, "opacity": 0.3},  # the text stays dark
                textfont={"color": "#333", "size": 11},
                offsetgroup=str(i),
                showlegend=False,
                # the criterion's name whole (its tick is wrapped) and its range in words
                hovertemplate="%{customdata[0]}: %{customdata[1]}<extra>"
                + card.candidate_name
                + "</extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        xaxis={
            "range": [0, AXIS_END],
            "tickvals": [0, 25, 50, 75, 100],
            "title": {
                "text": "score (0 to 100)<br>solid: what the evidence gives<br>"
                "pale: what is still open",
                "font": {"size": 12},
            },
            "automargin": True,
        },
        yaxis={
            "autorange": "reversed",
            "tickmode": "array",
            "tickvals": labels,
            "ticktext": [textwrap.fill(x, WRAP).replace("\n", "<br>") for x in labels],
            "automargin": True,
        },
        height=240 + 70 * max(1, len(cards)),
        margin={"l": 8, "r": 24, "t": 8, "b": 8},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"},
    )
    return fig


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
