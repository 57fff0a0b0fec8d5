"""The strategy as structured data: principles, exactly four criteria, funding apart, the
conditions for links outside the criteria and the monitoring framework, each with sources."""

from __future__ import annotations

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


def test_every_quote_is_in_the_paper(bundled, seeds_dir):
    paper = seeds_dir / "001_ef738cfb658b403d.txt"
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


def _text(component) -> str:
    """Every string in a Dash component tree, joined."""
    if isinstance(component, str):
        return component
    children = getattr(component, "children", None)
    if children is None:
        return ""
    if not isinstance(children, (list, tuple)):
        children = [children]
    return " ".join(_text(c) for c in children)


def test_the_spheres_of_influence_with_stated_and_inferred_tiers(bundled):
    """Issue 23 item 5: the strategy states tiers only in its Europe list; Virginia, King County
    and China are named in it without a tier, so their tiers are the register's reading."""
    from graphmodel.views.card import card_for
    from graphmodel.views.spheres import spheres_of
    from webapp.pages.strategy import strategy_section
    from webapp.views import GraphView

    store = EmbeddedStore()
    store.replace(bundled.graph)
    spheres = {s["title"]: s["links"] for s in spheres_of(store, STRATEGY)}
    assert list(spheres) == ["Europe", "To the West", "To the East"]
    europe = {x["name"]: x for x in spheres["Europe"]}
    assert len(europe) == 12 and all(x["basis"] == "stated" for x in europe.values())
    assert "exploring the potential" in europe["Kent – Lovech"]["stated_by"]
    assert europe["Kent – Lovech"]["tier"] == "exploring"
    west = {x["name"]: x for x in spheres["To the West"]}
    assert west["Kent – Virginia"]["basis"] == "inferred"
    assert [x["basis"] for x in spheres["To the East"]] == ["inferred"]
    # the card (and so 'show') and the Strategy page say it in words
    card = card_for(store, STRATEGY)
    (section,) = [s for s in card["sections"] if s["key"] == "spheres"]
    assert [r["label"] for r in section["rows"]] == ["Europe", "To the West", "To the East"]
    page = _text(strategy_section(GraphView(store), STRATEGY, store))
    assert "Spheres of influence" in page
    assert "Kent – Virginia" in page and "inferred by the register" in page
    assert page.count("Finally, we are exploring") == 1  # said once for its three links
    assert "“Finally, we are exploring the potential of more active engagement with”" in page


def test_health_and_partners_say_whether_a_tier_is_stated(bundled):
    from graphmodel.queries import run_query

    store = EmbeddedStore()
    store.replace(bundled.graph)
    health = {
        r["partner_name"]: r for r in run_query(store, "links_needing_attention", council="KCC")
    }
    assert health["Commonwealth of Virginia"]["tier_source"].startswith("strategic, inferred")
    assert health["China"]["tier_source"].startswith("exploring, inferred")
    assert health["Province of Lovech"]["tier_source"].startswith("exploring, stated")
    partners = {r["partner_name"]: r for r in run_query(store, "partners", council="KCC")}
    assert partners["Province of Lovech"]["tier_basis"] == "stated"
    assert partners["Commonwealth of Virginia"]["tier_basis"] == "inferred"
    assert "exploring the potential" in partners["Province of Lovech"]["tier_source"]
