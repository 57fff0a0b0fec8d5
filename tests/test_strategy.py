"""The strategy as structured data: principles, exactly four criteria, funding apart, the
conditions for links outside the criteria and the monitoring framework, each with sources."""

from __future__ import annotations

import pytest

from graphmodel.stores import EmbeddedStore

STRATEGY = "kcc-international-strategy-2007"


def _clauses(bundled, part):
    g = bundled.graph
    ids = [e.dst for e in g.edges.values() if e.type == "HAS_CLAUSE" and e.src == STRATEGY]
    found = [g.nodes[i] for i in ids if g.nodes[i].props["part"] == part]
    return sorted(found, key=lambda n: n.props.get("number") or 0)


def test_exactly_four_criteria_and_funding_apart(bundled):
    strategy = bundled.graph.nodes[STRATEGY]
    assert strategy.props["criteria"] == [
        "Share broadly similar social and economic characteristics",
        "Provide similar opportunities, priorities and challenges",
        "Be reasonably accessible at reasonable cost",
        "Provide linkages of relevance to local communities on both sides",
    ]
    assert "strong funding" in strategy.props["additional_justification"]
    criteria = _clauses(bundled, "criterion")
    assert [c.props["text"] for c in criteria] == strategy.props["criteria"]
    (funding,) = _clauses(bundled, "justification")
    assert (
        funding.props["text"]
        == "Additionally, strong funding may justify the establishment of a new link."
    )


def test_principles_conditions_and_monitoring_with_sources(bundled):
    principles = _clauses(bundled, "principle")
    assert [p.props["heading"] for p in principles] == [
        "We should concentrate on priorities and activities which bring best value in terms of "
        "meeting the County's needs",
        "We must capitalise on existing links",
        "We should only consider new links where they demonstrate clear and quantified added value",
        "We must maximise the benefits to Kent of income generation opportunities",
    ]
    conditions = _clauses(bundled, "condition")
    assert "full knowledge and support of lead officers/Members" in conditions[0].props["text"]
    framework = [c.props["text"] for c in _clauses(bundled, "framework")]
    assert framework == [
        "Four-year strategic objectives",
        "Annual action plans",
        "Annual evaluation of activity, to review progress against action plans",
        "Full evaluation of the success of the strategy at the end of the four year period",
    ]
    for part in ("principle", "criterion", "justification", "condition", "monitoring", "framework"):
        for clause in _clauses(bundled, part):
            assert clause.sources and clause.sources[0].startswith(
                "001_ef738cfb658b403d.txt § Appendix 1"
            )
    # criteria, funding and conditions are printed under the third principle
    under = {
        e.src
        for e in bundled.graph.edges.values()
        if e.type == "UNDER" and e.dst == "kcc-strategy-2007-principle-3"
    }
    assert {
        "kcc-strategy-2007-criterion-1",
        "kcc-strategy-2007-funding-justification",
        "kcc-strategy-2007-condition-1",
    } <= under


def test_every_quote_is_in_the_paper(bundled):
    from pathlib import Path

    paper = Path("/work/shared/seeds/001_ef738cfb658b403d.txt")
    if not paper.exists():
        pytest.skip("the source papers are not on this machine")
    text = " ".join(paper.read_text(encoding="utf-8").split())
    for n in bundled.graph.nodes.values():
        if n.label != "StrategyClause":
            continue
        for s in n.sources:
            quote = s.split(': "', 1)[1].rstrip('"') if ': "' in s else None
            if quote:
                assert " ".join(quote.split()) in text, (n.id, quote)
        if n.props["part"] != "principle":
            assert " ".join(n.props["text"].split()) in text, n.id


def test_strategy_page_shows_each_part(bundled):
    from webapp.pages.strategy import strategy_outline
    from webapp.views import GraphView

    store = EmbeddedStore()
    store.replace(bundled.graph)
    outline = strategy_outline(GraphView(store), STRATEGY)
    assert [len(outline[p]) for p in ("principle", "criterion", "justification", "framework")] == [
        4,
        4,
        1,
        4,
    ]
    assert outline["condition"] and outline["monitoring"]
