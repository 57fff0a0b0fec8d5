"""The Evaluate page's components, without a browser: columns, robustness, evidence."""

from __future__ import annotations

from graphmodel.evaluator import Evaluator
from graphmodel.evaluator.ranking import compare
from webapp.evaluate_chart import scores_figure
from webapp.scorecards import evidence, scorecard_column, sensitivity


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
    assert "What would change it" in cols and "What to find out" in cols
    assert "Gather evidence first" in cols and "insufficient-evidence" not in cols
    robust = _text(sensitivity(cards))
    assert "not yet distinguishable from" in robust
    for c in cards:
        assert c.candidate_name in robust
    ev_text = _text(evidence(cards))
    for c in cards:
        assert c.candidate_name in ev_text
    assert "missing: " in ev_text
    fig = scores_figure(cards)
    assert len(fig.data) == 2 * len(cards)  # what the evidence gives, and what is still open
    community = list(fig.data[1].y).index("4 Community ties")
    assert fig.data[1].text[community].startswith("not scored")  # written, not drawn as 0


def test_shared_links_keep_zero_weights_and_any_weight_the_robustness_names():
    from webapp.pages.evaluate import WEIGHT_MAX, state_weight, weights_from

    assert state_weight({"w_community": 0.0}, "community") == 0.0
    assert state_weight({}, "community") == 1.0 and state_weight({}, "funding") == 0.0
    assert state_weight({"w_similarity": 0.19}, "similarity") == 0.19
    assert state_weight({"w_similarity": 2.72}, "similarity") == 2.72
    assert WEIGHT_MAX >= 10
    w = weights_from([0.0, 1, None, 0.43, None, 0])
    assert w["similarity"] == 0.0 and w["accessibility"] == 1.0 and w["community"] == 0.43
    # a change the robustness section names can be typed in and does what it says
    ev = Evaluator(None)
    card = ev.evaluate("kent", "Skåne")
    for flip in card.sensitivity.flips:
        assert flip["new_weight"] <= WEIGHT_MAX


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
    # two themes typed are what is known, not research of the rest: priorities stay open
    pri = card.criterion("priorities")
    assert pri.low < pri.high and any("not researched" in m for m in pri.missing)
    complete = form_profile(
        "Region Y", "PL", 50.0, 19.9, 800000, "no", "tourism", "typed in a test", known, True
    )
    ev.add_profile(complete)
    done = ev.evaluate("kent", complete.id).criterion("priorities")
    assert done.low == done.high and done.confidence == 1
    # what would change it, for a candidate typed in, is said in whole sentences
    assert card.would_change
    for line in card.would_change:
        assert line.strip() and not line.rstrip().endswith((":", ",", ";", "-", "(")), line
