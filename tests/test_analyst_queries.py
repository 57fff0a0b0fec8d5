"""bridges, single_points and partner_overlap on a hand-made register with known answers."""

from __future__ import annotations

import networkx as nx
import pytest

from graphmodel.analytics.communities import membership
from graphmodel.analytics.projection import projection_of_graph
from graphmodel.build.graph import Edge, Node, PartnerGraph
from graphmodel.queries import BadParameter, run_query
from graphmodel.stores import EmbeddedStore

NODES = [
    ("a-cc", "Organisation", "Council A"),
    ("a-unit", "Organisation", "A international unit"),
    ("a-unit2", "Organisation", "A economy unit"),
    ("b-cc", "Organisation", "Council B"),
    ("pa-x", "Partnership", "A – X"),
    ("pa-c", "Partnership", "A – C"),
    ("pb-v", "Partnership", "B – V"),
    ("pb-c", "Partnership", "B – C"),
    ("x", "Organisation", "Xanadu Region"),
    ("y", "Organisation", "Ypres Chamber"),
    ("w", "Organisation", "Wroclaw Agency"),
    ("v", "Organisation", "Valencia Port"),
    ("c", "Organisation", "Common Province"),
    ("proj1", "Project", "Project One"),
    ("proj2", "Project", "Project Two"),
    ("gb", "Country", "United Kingdom"),
]
EDGES = [
    ("a-unit", "PART_OF", "a-cc"),
    ("a-unit2", "PART_OF", "a-cc"),
    ("a-cc", "HAS_PARTNERSHIP", "pa-x"),
    ("pa-x", "WITH_PARTNER", "x"),
    ("a-cc", "HAS_PARTNERSHIP", "pa-c"),
    ("pa-c", "WITH_PARTNER", "c"),
    ("b-cc", "HAS_PARTNERSHIP", "pb-v"),
    ("pb-v", "WITH_PARTNER", "v"),
    ("b-cc", "HAS_PARTNERSHIP", "pb-c"),
    ("pb-c", "WITH_PARTNER", "c"),
    ("v", "WORKS_WITH", "x"),
    # y only through the international unit's project: a single point
    ("a-unit", "LEADS", "proj1"),
    ("y", "PARTNER_IN", "proj1"),
    # w through a project both units are in: no single unit keeps it
    ("a-unit", "LEADS", "proj2"),
    ("a-unit2", "PARTNER_IN", "proj2"),
    ("w", "PARTNER_IN", "proj2"),
    # a reference hub that must not count as a link
    ("a-cc", "IN_COUNTRY", "gb"),
    ("b-cc", "IN_COUNTRY", "gb"),
    ("y", "IN_COUNTRY", "gb"),
]


@pytest.fixture(scope="module")
def hand_graph():
    g = PartnerGraph()
    for n, label, name in NODES:
        g.nodes[n] = Node(n, label, name, sources=["hand.yaml § test"])
    for src, t, dst in EDGES:
        e = Edge(src, dst, t, "", sources=["hand.yaml § test"])
        g.edges[e.ident] = e
    return g


@pytest.fixture(scope="module")
def hand(hand_graph):
    store = EmbeddedStore()
    store.replace(hand_graph)
    return store


def test_single_points(hand):
    rows = run_query(hand, "single_points", council="a-cc")
    assert [(r["partner"], r["kept_by"], r["kept_by_kind"]) for r in rows] == [
        ("y", "a-unit", "unit")
    ]
    assert rows[0]["through"] == ["proj1", "a-unit"] and rows[0]["projection"] == "partnership"
    # through the country hub, everyone would look connected some other way
    assert run_query(hand, "single_points", council="a-cc", projection="all") == []


def test_partner_overlap(hand):
    rows = run_query(hand, "partner_overlap", council_a="a-cc", council_b="b-cc")
    got = {(r["kind"], r["partner"], tuple(r["partner_of"]), tuple(r["via"])) for r in rows}
    assert ("common", "c", ("a-cc", "b-cc"), ()) in got
    assert ("partners' partner", "x", ("a-cc",), ("v",)) in got
    assert ("partners' partner", "v", ("b-cc",), ("x",)) in got
    # could share: exactly the partners of one in the other council's cluster, not yet linked
    p = projection_of_graph(hand.g)
    m = membership(p)
    linked = {"c", "x", "v"}
    expected = {
        (partner, council)
        for council, other, partners in (
            ("a-cc", "b-cc", ["x", "c", "y", "w"]),
            ("b-cc", "a-cc", ["v", "c"]),
        )
        for partner in partners
        if partner not in linked and m[p.index[partner]] == m[p.index[other]]
    }
    assert {(r["partner"], r["partner_of"][0]) for r in rows if r["kind"] == "could share"} == (
        expected
    )


def test_bridges_are_the_links_between_communities(hand):
    rows = run_query(hand, "bridges", top=100)
    p = projection_of_graph(hand.g)
    m = membership(p)
    h = nx.Graph((p.ids[e.source], p.ids[e.target]) for e in p.graph.es)
    want = {}
    for u, v in h.edges:
        cu, cv = m[p.index[u]], m[p.index[v]]
        if cu != cv:
            want.setdefault(frozenset((cu, cv)), set()).update((u, v))
    assert len(rows) == len(want) > 0
    number = {r["community_a"] for r in rows} | {r["community_b"] for r in rows}
    assert number <= set(range(1, len(set(m)) + 1))
    assert sorted(len(r["bridged_by"]) for r in rows) == sorted(len(s) for s in want.values())
    assert [r["links"] for r in rows] == sorted(r["links"] for r in rows)
    assert all(r["kind"] == "existing" and r["projection"] == "partnership" for r in rows)


def test_bridges_for_a_proposed_partner(hand):
    p = projection_of_graph(hand.g)
    m = membership(p)
    rows = run_query(hand, "bridges", candidate="v", council="a-cc")
    reach = {m[p.index["v"]]} | {m[x] for x in p.graph.neighbors(p.index["v"])}
    assert len(rows) == len(reach - {m[p.index["a-cc"]]})
    assert all(r["kind"] == "proposed" and r["bridged_by"] == ["v"] for r in rows)
    assert [r["links"] for r in rows] == sorted(r["links"] for r in rows)
    with pytest.raises(BadParameter, match="needs --council"):
        run_query(hand, "bridges", candidate="v")
    with pytest.raises(BadParameter, match="--projection all"):
        run_query(hand, "bridges", candidate="gb", council="a-cc")
