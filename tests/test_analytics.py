"""Analytics on the partnership projection: what it holds, and agreement with NetworkX."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graphmodel.analytics import centrality as C
from graphmodel.analytics.communities import communities, membership, modularity
from graphmodel.analytics.paths import explorer_path
from graphmodel.analytics.projection import build_projection, projection_of_graph
from graphmodel.queries import BadParameter, run_query
from graphmodel.stores import EmbeddedStore

REFERENCE = {"Country", "Theme", "Document", "Conflict", "Strategy"}


@pytest.fixture(scope="module")
def bundled_store(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return store


def _as_projection(h: nx.Graph):
    """A NetworkX graph as a projection (every node an Organisation)."""
    return build_projection(
        "all",
        ((str(n), "Organisation", str(n)) for n in h.nodes),
        ((str(u), str(v), "WORKS_WITH") for u, v in h.edges),
    )


def _as_nx(p) -> nx.Graph:
    """The projection back as NetworkX, nodes added in the projection's (sorted) order."""
    h = nx.Graph()
    h.add_nodes_from(p.ids)
    h.add_edges_from((p.ids[e.source], p.ids[e.target]) for e in p.graph.es)
    return h


def test_partnership_projection_leaves_out_reference_nodes(bundled_store):
    g = bundled_store.g
    p = projection_of_graph(g)
    labels = set(p.labels)
    assert not labels & REFERENCE
    assert {"Organisation", "Partnership", "Project", "Agreement"} <= labels
    # a place is in only when something other than locating links reaches it
    for n in (n for n, label in zip(p.ids, p.labels, strict=True) if label == "Place"):
        types = {t for _, _, t in g.in_edges(n, data="type")} | {
            t for _, _, t in g.out_edges(n, data="type")
        }
        assert types - {"LOCATED_IN", "IN_COUNTRY", "HELD_IN"}, n
    located_only = [
        n
        for n, d in g.nodes(data=True)
        if d["label"] == "Place"
        and {t for *_, t in g.edges(n, data="type")} | {t for *_, t in g.in_edges(n, data="type")}
        <= {"LOCATED_IN", "IN_COUNTRY", "HELD_IN"}
    ]
    assert located_only and not set(located_only) & set(p.index)
    everything = projection_of_graph(g, "all")
    assert "Country" in set(everything.labels) and len(everything.ids) > len(p.ids)


def test_projection_is_built_once_per_graph(bundled, bundled_store):
    first = projection_of_graph(bundled_store.g)
    assert projection_of_graph(bundled_store.g) is first
    store = EmbeddedStore()
    store.replace(bundled.graph)
    again = projection_of_graph(store.g)
    assert again is not first and again.ids == first.ids
    store.replace(bundled.graph)  # a replaced graph gets a projection of its own
    assert projection_of_graph(store.g) is not again


def test_no_country_or_theme_among_top_centralities(bundled_store):
    rows = run_query(bundled_store, "centrality", top=20)
    assert len(rows) == 20
    assert not {r["label"] for r in rows} & REFERENCE
    assert {r["method"] for r in rows} == {"exact"}
    assert {r["projection"] for r in rows} == {"partnership"}
    # asked for, the reference hubs come back
    every = run_query(bundled_store, "centrality", top=20, projection="all")
    assert {r["label"] for r in every} & {"Country", "Theme"}


@pytest.mark.parametrize("seed", range(4))
def test_exact_betweenness_equals_networkx(seed):
    h = nx.gnm_random_graph(60 + 10 * seed, 150, seed=seed)
    p = _as_projection(h)
    got = C.betweenness(p)
    want = nx.betweenness_centrality(_as_nx(p), normalized=True)
    assert C.method_text(p) == "exact"
    for v, n in enumerate(p.ids):
        assert got[v] == pytest.approx(want[n], abs=1e-12)


def test_sampled_betweenness_equals_networkx_with_the_same_samples(monkeypatch):
    h = nx.gnm_random_graph(300, 900, seed=3)
    p = _as_projection(h)
    monkeypatch.setattr(C, "EXACT_WORK", 1000)  # force sampling on a small graph
    k = C.centrality_samples(p.graph.vcount(), p.graph.ecount())
    assert k is not None and C.method_text(p).startswith(f"estimated from {k:,}")
    got = C.betweenness(p)
    want = nx.betweenness_centrality(_as_nx(p), k=k, seed=C.SEED, normalized=True)
    for v, n in enumerate(p.ids):
        assert got[v] == pytest.approx(want[n], abs=1e-12)


def test_planted_communities_match_networkx():
    """Five dense groups joined by single links: Louvain finds exactly those, in both."""
    h = nx.Graph()
    rng = random.Random(1)
    for group in range(5):
        members = [f"g{group}-{i:02d}" for i in range(12)]
        h.add_edges_from((a, b) for a in members for b in members if a < b and rng.random() < 0.6)
        h.add_edge(members[0], f"g{(group + 1) % 5}-01")
    p = _as_projection(h)
    ours = {frozenset(p.ids[v] for v in c.members) for c in communities(p)}
    theirs = {frozenset(c) for c in nx.community.louvain_communities(_as_nx(p), seed=7)}
    assert ours == theirs and len(ours) == 5
    assert modularity(p) == pytest.approx(nx.community.modularity(_as_nx(p), theirs), abs=1e-9)


@pytest.mark.parametrize("seed", range(3))
def test_communities_as_good_as_networkx_on_random_graphs(seed):
    h = nx.powerlaw_cluster_graph(400, 3, 0.3, seed=seed)
    p = _as_projection(h)
    ours = modularity(p)
    theirs = nx.community.modularity(_as_nx(p), nx.community.louvain_communities(_as_nx(p), seed=7))
    assert ours == pytest.approx(theirs, abs=0.03)
    assert len(membership(p)) == len(p.ids)
    # and the modularity reported is NetworkX's for the same partition
    groups = [{p.ids[v] for v in c.members} for c in communities(p)]
    assert ours == pytest.approx(nx.community.modularity(_as_nx(p), groups), abs=1e-9)


def test_communities_named_by_their_most_central_members(bundled_store):
    rows = run_query(bundled_store, "communities")
    assert rows and rows == sorted(rows, key=lambda r: -r["size"])
    g = bundled_store.g
    for r in rows:
        assert r["size"] == len(r["members"]) >= 3
        assert r["name"] == " · ".join(r["hubs"][:3])
        assert not {g.nodes[m]["label"] for m in r["members"]} & REFERENCE


def test_paths_avoid_reference_hubs(bundled_store):
    g = bundled_store.g
    kent, leicester = _councils(g)
    # the papers record no partnership link between the two councils: no path, rather than
    # Leicester -> United Kingdom -> Kent
    assert run_query(bundled_store, "shortest_path", source=kent, target=leicester) == []
    (via,) = run_query(
        bundled_store, "shortest_path", source=kent, target=leicester, projection="all"
    )
    assert g.nodes[via["path"][1]]["label"] == "Country" and via["projection"] == "all"
    far = _three_hops_from(g, kent)
    rows = run_query(bundled_store, "shortest_path", source=kent, target=far)
    assert rows and {r["length"] for r in rows} == {3}
    for r in rows:
        assert not {g.nodes[x]["label"] for x in r["path"]} & REFERENCE
    uk = via["path"][1]
    with pytest.raises(BadParameter, match="--projection all"):
        run_query(bundled_store, "shortest_path", source=kent, target=uk)


def test_explorer_path_uses_the_same_projection(bundled_store):
    g = bundled_store.g
    kent, leicester = _councils(g)
    far = _three_hops_from(g, kent)
    path, kind = explorer_path(g, kent, far)
    rows = run_query(bundled_store, "shortest_path", source=kent, target=far)
    assert kind == "partnership" and path in [r["path"] for r in rows]
    path, kind = explorer_path(g, kent, leicester)
    assert (path, kind) == ([], "partnership")
    uk = next(n for n, d in g.nodes(data=True) if d["label"] == "Country")
    path, kind = explorer_path(g, kent, uk)
    assert kind == "all" and path[0] == kent and path[-1] == uk


def _councils(g):
    by_name = {d.get("name"): n for n, d in g.nodes(data=True)}
    return by_name["Kent County Council"], by_name["Leicester City Council"]


def _three_hops_from(g, start):
    p = projection_of_graph(g)
    dist = p.graph.distances(source=p.index[start])[0]
    return min(p.ids[v] for v, d in enumerate(dist) if d == 3)


def _reference_projection(kind: str, g: nx.MultiDiGraph) -> tuple[list[str], set]:
    """The projection's rules written out plainly, one relationship at a time (
    ``build_projection`` must agree with it exactly, however it is built)."""
    from graphmodel.analytics.projection import LOCATING, NEVER, TAKING_PART

    label = {n: d.get("label") for n, d in g.nodes(data=True) if d.get("label") not in NEVER}
    if kind == "all":
        edges = {frozenset((u, v)) for u, v in g.edges() if u != v and u in label and v in label}
        return sorted(label), edges
    edges, places, between = set(), set(), []
    for u, v, t in g.edges(data="type"):
        if u == v or t in LOCATING or u not in label or v not in label:
            continue
        lu, lv = label[u], label[v]
        if lu in TAKING_PART and lv in TAKING_PART:
            edges.add(frozenset((u, v)))
        elif lu in TAKING_PART and lv == "Place":
            places.add(v)
            edges.add(frozenset((u, v)))
        elif lu == "Place" and lv in TAKING_PART:
            places.add(u)
            edges.add(frozenset((u, v)))
        elif lu == lv == "Place":
            between.append((u, v))
    edges |= {frozenset(e) for e in between if e[0] in places and e[1] in places}
    ids = sorted(n for n, lab in label.items() if lab in TAKING_PART or n in places)
    return ids, edges


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("kind", ["partnership", "all"])
def test_the_projection_follows_its_rules(kind, seed):
    """Random graphs of every label, with self-loops, parallel and locating relationships."""
    rnd = random.Random(seed)
    labels = ["Organisation", "Partnership", "Place", "Country", "Document", "Theme", "Event"]
    types = ["WORKS_WITH", "LOCATED_IN", "IN_COUNTRY", "ADDRESSES", "PART_OF", "HELD_IN"]
    g = nx.MultiDiGraph()
    for i in range(60):
        g.add_node(f"n{i:02d}", label=rnd.choice(labels), name=f"Node {i}")
    for _ in range(200):
        u, v = rnd.choice(list(g)), rnd.choice(list(g))
        g.add_edge(u, v, type=rnd.choice(types))
    p = build_projection(
        kind, ((n, d["label"], d["name"]) for n, d in g.nodes(data=True)), g.edges(data="type")
    )
    ids, edges = _reference_projection(kind, g)
    assert p.ids == ids
    assert {frozenset((p.ids[e.source], p.ids[e.target])) for e in p.graph.es} == edges
    assert p.names == [g.nodes[n]["name"] for n in ids]
    # the store's path reads the graph's adjacency in bulk: the very same projection
    bulk = projection_of_graph(g, kind)
    assert (bulk.ids, bulk.labels, bulk.names) == (p.ids, p.labels, p.names)
    assert bulk.graph.get_edgelist() == p.graph.get_edgelist()


def test_the_projection_follows_its_rules_on_the_bundled_register(bundled_store):
    g = bundled_store.g
    for kind in ("partnership", "all"):
        p = build_projection(
            kind,
            ((n, d.get("label"), d.get("name")) for n, d in g.nodes(data=True)),
            g.edges(data="type"),
        )
        ids, edges = _reference_projection(kind, g)
        assert p.ids == ids and p.graph.ecount() == len(edges) > 100
