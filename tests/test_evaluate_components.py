"""The Evaluate page's components, without a browser: columns, robustness, evidence."""

from __future__ import annotations

from graphmodel.evaluator import Evaluator
from graphmodel.evaluator.ranking import compare
from webapp.scorecards import evidence, scorecard_column, scores_figure, sensitivity


def _text(component) -> str:
    if isinstance(component, str):
        return component
    if isinstance(component, list | tuple):
        return " ".join(_text(c) for c in component if c is not None)
    children = getattr(component, "children", None)
    return "" if children is None else _text(children)


def test_components_show_every_candidate():
    ev = Evaluator(None)
    cards = compare([ev.evaluate("kent", c) for c in ("Lovech", "Košice", "Skåne")])
    cols = " ".join(_text(scorecard_column(c)) for c in cards)
    assert "What would change it" in cols and "Evidence to gather first" in cols
    robust = _text(sensitivity(cards))
    assert "keeps its rank" in robust and "instead of 1" in robust
    ev_text = _text(evidence(cards))
    for c in cards:
        assert c.candidate_name in ev_text
    assert "missing: " in ev_text
    fig = scores_figure(cards)
    assert len(fig.data) == 3
    assert "not scored" in fig.data[0].text  # community ties: written, not drawn as 0


def test_a_typed_priority_matches_kents_own():
    from graphmodel.evaluator import EvaluatorConfig
    from webapp.pages.evaluate import form_profile

    ev = Evaluator(None)
    known = {t: v[0] for t, v in ev.resolve_home("kent").themes.items()}
    profile = form_profile(
        "Region X", "PL", 50.0, 19.9, 800000, "no", "cross-border co-operation, Tourism",
        "typed in a test", known,
    )  # fmt: skip
    assert [t.id for t in profile.themes] == ["cross-border-cooperation", "tourism"]
    ev = ev.with_config(EvaluatorConfig())
    ev.add_profile(profile)
    card = ev.evaluate("kent", profile.id)
    shared = [e.item for e in card.criterion("priorities").evidence if e.item.startswith("shared")]
    assert "shared: Cross-border co-operation" in shared
    # what would change it, for a candidate typed in, is said in whole sentences
    assert card.would_change
    for line in card.would_change:
        assert line.rstrip()[-1] in "0123456789'", line
