"""Named queries: known answers on a hand-made register, and identical rows on every store."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.errors import NodeNotFound
from graphmodel.queries import QUERIES, BadParameter, UnknownQuery, run_query
from graphmodel.stores import EmbeddedStore
from loaders import read_register

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini():
    return read_register(MINI)


@pytest.fixture
def mini_store(mini):
    store = EmbeddedStore()
    store.replace(mini.graph)
    return store


def test_partners_with_filters(mini_store):
    rows = run_query(mini_store, "partners", council="KCC")
    assert [r["partner"] for r in rows] == ["virginia", "npdc", "lovech"]
    assert rows[1]["owner"] == "eag" and rows[1]["agreements"] == ["npdc-declaration"]
    europe = run_query(mini_store, "partners", council="kent-cc", sphere="europe")
    assert {r["partner"] for r in europe} == {"npdc", "lovech"}
    tourism = run_query(mini_store, "partners", council="kent-cc", theme="tourism")
    assert {r["partner"] for r in tourism} == {"virginia", "lovech"}


def test_agreements_by_date_and_type(mini_store):
    rows = run_query(mini_store, "agreements", type="mou")
    (mou,) = rows
    assert mou["signed"] == "2006-11-14" and mou["parties"] == ["kent-cc", "virginia"]
    assert mou["signatories"] == [
        "The Governor (Governor, for virginia)",
        "The Leader (Leader, for kent-cc)",
    ]
    assert mou["areas"] == ["Trade links", "Tourism development"]
    first_half = run_query(mini_store, "agreements", start="2006", end="2006-06")
    assert [r["agreement"] for r in first_half] == ["npdc-declaration"]


def test_projects_and_programmes(mini_store):
    (p,) = run_query(mini_store, "projects", programme="interreg")
    assert (p["project"], p["lead"], p["partners"], p["amounts"]) == (
        "cross-border",
        "eag",
        ["npdc"],
        ["£1 million"],
    )
    progs = {r["programme"]: r for r in run_query(mini_store, "programmes")}
    assert progs["interreg"]["eu"] is True and progs["interreg"]["projects"] == ["cross-border"]


def test_units_with_costs(mini_store):
    rows = {r["unit"]: r for r in run_query(mini_store, "units", council="kent-cc")}
    assert set(rows) == {"eag", "idu", "cfe"}
    assert rows["eag"]["partnerships"] == ["kent-npdc"]
    assert rows["idu"]["costs"] == ["2006/7: cost 0.1; benefit not stated (time limited)"]


def test_neighbours_and_paths(mini_store):
    one = run_query(mini_store, "neighbours", node="va-mou", hops=1)
    assert {r["id"] for r in one} == {
        "gov",
        "kent-cc",
        "kent-virginia",
        "leader",
        "tourism",
        "trade",
        "virginia",
    }
    two = run_query(mini_store, "neighbours", node="va-mou", hops=2)
    assert len(two) > len(one) and all(r["distance"] in (1, 2) for r in two)
    paths = run_query(mini_store, "shortest_path", source="lovech", target="KCC")
    assert paths == [
        {
            "length": 2,
            "path": ["lovech", "kent-lovech", "kent-cc"],
            "names": ["Province of Lovech", "Kent – Lovech", "Kent CC"],
            "projection": "partnership",
        }
    ]


def test_shared_partners_across_spelling_variants(mini_store):
    (row,) = run_query(mini_store, "shared_partners", council_a="kent-cc", council_b="leic-cc")
    assert (row["a"], row["b"], row["match"]) == ("chongquin", "chongqing", "similar spelling")


def test_multilateral_theme_coverage_reliance(mini_store):
    pairs = run_query(mini_store, "multilateral_opportunities", council="kent-cc")
    assert {(r["partner_a"], r["partner_b"]) for r in pairs} == {
        ("lovech", "virginia"),
        ("npdc", "virginia"),
    }
    coverage = {r["theme"]: r for r in run_query(mini_store, "theme_coverage", council="kent-cc")}
    assert coverage["climate"]["gap"] is True and coverage["trade"]["gap"] is False
    reliance = {r["id"]: r for r in run_query(mini_store, "eu_reliance", council="kent-cc")}
    assert reliance["eag"]["eu_share"] == 1.0 and reliance["idu"]["eu_share"] == 0.0


def test_links_needing_attention(mini_store):
    def rules(as_of):
        rows = run_query(mini_store, "links_needing_attention", council="kent-cc", as_of=as_of)
        out = {}
        for r in rows:
            out.setdefault(r["partnership"], []).append(r["rule"])
        return out

    now = rules("2008-01-01")
    assert "kent-npdc" not in now  # reviewed 2007-07, has objectives and a declaration
    assert now["kent-lovech"] == ["no objectives", "no review recorded", "no activity recorded"]
    assert not any("review overdue" in r for r in now.values())  # no date, so never overdue
    assert rules("2009-01-01")["kent-npdc"] == ["review overdue"]  # 2007-07 + 12 months


def test_errors_name_the_valid_choices(mini_store):
    with pytest.raises(UnknownQuery, match="partners"):
        run_query(mini_store, "partner")
    with pytest.raises(BadParameter, match="sphere"):
        run_query(mini_store, "partners", council="kent-cc", colour="red")
    with pytest.raises(BadParameter, match="needs --council"):
        run_query(mini_store, "partners")
    with pytest.raises(NodeNotFound, match="did you mean.*virginia"):
        run_query(mini_store, "neighbours", node="virgina")
    with pytest.raises(BadParameter, match="between 1 and 4"):
        run_query(mini_store, "neighbours", node="virginia", hops=9)


PARITY_PARAMS = {
    "partners": {"council": "kent-cc"},
    "agreements": {},
    "projects": {},
    "programmes": {},
    "units": {"council": "kent-cc"},
    "neighbours": {"node": "va-mou", "hops": 2},
    "shortest_path": {"source": "lovech", "target": "virginia"},
    "shared_partners": {"council_a": "kent-cc", "council_b": "leic-cc"},
    "multilateral_opportunities": {"council": "kent-cc"},
    "theme_coverage": {"council": "kent-cc"},
    "eu_reliance": {"council": "kent-cc"},
    "links_needing_attention": {"council": "kent-cc", "as_of": "2008-01-01"},
    "directorate_costs": {"council": "kent-cc"},
    "centrality": {"top": 10},
    "communities": {},
    "bridges": {},
    "single_points": {"council": "kent-cc"},
    "partner_overlap": {"council_a": "kent-cc", "council_b": "leic-cc"},
    "documents": {},
    "document_facts": {"document": "leic.txt"},
    "conflicts": {"council": "kent-cc"},
    "mentioned_in": {"documents": "paper, Leicester strategy"},
    "shared_across_councils": {},
}


def test_parity_table_covers_every_query():
    from graphmodel.queries.twin_places import REFERENCE_QUERIES  # tests/test_twin_queries.py

    assert set(PARITY_PARAMS) | REFERENCE_QUERIES == set(QUERIES)


@pytest.mark.bolt
@pytest.mark.parametrize("name", sorted(PARITY_PARAMS))
def test_same_rows_on_every_store(name, mini, mini_store, neo4j_store):
    neo4j_store.replace(mini.graph)
    expected = run_query(mini_store, name, **PARITY_PARAMS[name])
    assert expected, f"{name} should return rows on the test register"
    assert run_query(neo4j_store, name, **PARITY_PARAMS[name]) == expected


@pytest.mark.parametrize("seed", range(12))
def test_shortest_paths_match_networkx_on_random_multigraphs(seed):
    """The two-ended search gives exactly networkx's all shortest paths, direction ignored."""
    import random

    import networkx as nx

    from graphmodel.analytics.paths import all_shortest_paths
    from graphmodel.analytics.projection import projection_of_graph

    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    n = rng.randint(8, 40)
    g.add_nodes_from((f"n{i}", {"name": f"N{i}"}) for i in range(n))
    for _ in range(rng.randint(n, 3 * n)):  # parallel edges and both directions on purpose
        g.add_edge(f"n{rng.randrange(n)}", f"n{rng.randrange(n)}")
    u = nx.Graph(g.to_undirected())
    for _ in range(5):
        a, b = f"n{rng.randrange(n)}", f"n{rng.randrange(n)}"
        try:
            shortest = sorted(tuple(p) for p in nx.all_shortest_paths(u, a, b))
        except nx.NetworkXNoPath:
            shortest = []
        for max_hops in (2, 8):
            p = projection_of_graph(g, "all")
            got = [tuple(path) for path in all_shortest_paths(p, a, b, max_hops)]
            want = shortest if shortest and len(shortest[0]) - 1 <= max_hops else []
            assert got == want, (a, b, max_hops)


@pytest.mark.parametrize("kind", ["embedded", pytest.param("bolt", marks=pytest.mark.bolt)])
def test_partners_leaves_domestic_bodies_out_unless_asked(kind, bundled, request):
    """As Link health and every page do: a domestic body is listed only when asked for, on
    both stores alike."""
    if kind == "embedded":
        store = EmbeddedStore()
    else:
        store = request.getfixturevalue("neo4j_store")
    store.replace(bundled.graph)
    shown = run_query(store, "partners", council="KCC")
    every = run_query(store, "partners", council="KCC", include_domestic="yes")
    domestic = {n.id for n in bundled.graph.nodes.values() if n.props.get("domestic")}
    assert not {r["partner"] for r in shown} & domestic
    assert {r["partner"] for r in every} & domestic  # there are some to leave out
    assert {r["partnership"] for r in shown} < {r["partnership"] for r in every}
    assert "Commonwealth of Virginia" in {r["partner_name"] for r in shown}
