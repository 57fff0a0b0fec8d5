"""Evaluate's chart of score ranges said in words (issue 27, WCAG 1.1.1): its summary line and
table agree with the figure it draws, and a criterion with no evidence is never its strength."""

from __future__ import annotations

from dash import html

from graphmodel.evaluator import Evaluator
from graphmodel.evaluator.ranking import compare
from graphmodel.evaluator.registry import REGISTRY
from webapp.evaluate_chart import SUMMARY_ID, scores_alt, scores_figure, scores_summary


def _text(component) -> str:
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def _cards():
    ev = Evaluator(None)
    return compare([ev.evaluate("kent", c) for c in ("Lovech", "Košice", "Skåne")])


def test_the_table_holds_every_range_the_chart_labels():
    cards = _cards()
    alt = scores_alt(cards)
    table = alt.children[2].children
    header = [_text(th) for th in table.children[1].children.children]
    assert header == ["Criterion", *[c.candidate_name for c in cards]]
    rows = {
        _text(tr.children[0]): [_text(td) for td in tr.children[1:]]
        for tr in table.children[2].children
    }
    fig = scores_figure(cards)
    for i, card in enumerate(cards):
        open_part = fig.data[2 * i + 1]  # the pale bar carries the range's words, in its hover
        for label, (named, words), short in zip(
            open_part.y, open_part.customdata, open_part.text, strict=True
        ):
            assert named == label and rows[label][i] == words, (card.candidate_name, label)
            # its label is the same range in short: "16–78" for "16 to 78"
            assert short == ("not scored" if words.startswith("not scored") else
                             words.replace(" to ", "–"))  # fmt: skip
    assert set(rows) == {c.label for c in REGISTRY.values()}


def test_the_summary_names_each_candidates_range_and_never_calls_the_unknown_strong():
    cards = _cards()
    summary = scores_summary(cards)
    assert summary.startswith(
        f"Score ranges (0 to 100) of 3 candidates on {len(REGISTRY)} criteria"
    )
    for card in cards:
        assert f"{card.candidate_name} scores " in summary
        unscored = [
            REGISTRY[r.key].label for r in card.criteria if r.score is None and r.key in REGISTRY
        ]
        sentence = summary.split(f"{card.candidate_name} scores ", 1)[1].split(". ", 1)[0]
        strongest = sentence.split("strongest on ", 1)[1].split(" (", 1)[0]
        assert strongest not in unscored
        for label in unscored:
            assert label in sentence.split("not scored: ", 1)[1]
    alt = scores_alt(cards)
    assert alt.children[1].id == SUMMARY_ID and _text(alt.children[1]) == summary


def test_with_nothing_scored_the_chart_is_described_as_empty():
    alt = scores_alt([])
    assert isinstance(alt, html.P) and alt.id == SUMMARY_ID and alt.hidden
