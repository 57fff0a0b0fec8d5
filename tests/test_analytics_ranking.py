"""The analytics' answers computed in bulk are the answers of their plain definitions, on
random graphs full of ties: the most central vertices, betweenness's normalisation and the
communities' order."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from graphmodel.analytics import centrality as C
from graphmodel.analytics.communities import communities, community_name, membership
from graphmodel.analytics.projection import build_projection
from graphmodel.queries import bridges as bridges_query

LABELS = ["Organisation", "Person", "Project", None]


@st.composite
def projections(draw, max_nodes=30, min_nodes=0):
    """A small projection: few edges and few kinds, so ties (equal scores, equal degrees) are
    the rule, not the exception."""
    n = draw(st.integers(min_nodes, max_nodes))
    ids = [f"n{i:02d}" for i in draw(st.permutations(range(n)))]
    nodes = [(x, draw(st.sampled_from(LABELS)), x.upper()) for x in ids]
    pair = st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(n - 1, 0)))
    edges = (
        [(ids[a], ids[b], "WORKS_WITH") for a, b in draw(st.lists(pair, max_size=3 * n))]
        if n
        else []
    )
    return build_projection("all", nodes, edges)


def _plain_betweenness(p) -> list[float]:
    """The normalisation written plainly, a vertex at a time (as it was first written)."""
    g, n = p.graph, p.graph.vcount()
    if n <= 2:
        return [0.0] * n
    k = C.centrality_samples(n, g.ecount())
    if k is None:
        return [2.0 * b / ((n - 1) * (n - 2)) for b in g.betweenness(directed=False)]
    sources = [p.index[x] for x in random.Random(C.SEED).sample(p.ids, k)]
    raw = g.betweenness(directed=False, sources=sources)
    chosen = set(sources)
    return [2.0 * b / (((k - 1) if i in chosen else k) * (n - 2)) for i, b in enumerate(raw)]


def _plain_most_central(p, top, label):
    between, degree = _plain_betweenness(p), p.degree()
    vs = [v for v in range(len(p.ids)) if label is None or p.labels[v] == label]
    vs.sort(key=lambda v: (-round(between[v], C.DECIMALS), -degree[v], p.ids[v]))
    return vs[:top]


@settings(max_examples=150, deadline=None)
@given(projections(), st.integers(1, 12), st.sampled_from(LABELS))
def test_most_central_is_the_plain_ranking(p, top, label):
    assert C.betweenness(p) == _plain_betweenness(p)  # exactly, not nearly
    assert C.most_central(p, top, label) == _plain_most_central(p, top, label)


@settings(max_examples=60, deadline=None)
@given(
    projections(max_nodes=40, min_nodes=20),  # 20 sample sources at least
    st.integers(1, 12),
    st.sampled_from(LABELS),
)
def test_most_central_is_the_plain_ranking_when_sampled(p, top, label):
    saved = C.EXACT_WORK, C.SAMPLED_WORK
    C.EXACT_WORK = C.SAMPLED_WORK = 10  # 20 sample sources even on a small graph
    try:
        assert C.betweenness(p) == _plain_betweenness(p)
        assert C.most_central(p, top, label) == _plain_most_central(p, top, label)
    finally:
        C.EXACT_WORK, C.SAMPLED_WORK = saved


def test_scores_a_hair_apart_rank_as_rounded():
    """Two scores that round to the same millionth tie, and degree decides between them."""
    p = build_projection("all", [(x, "Organisation", x) for x in "abcd"], [("a", "b", "T")])
    p.memo["betweenness array"] = C.np.array([0.3000004, 0.2999996, 0.2999994, 0.0])
    p.memo["degree"] = [1, 1, 0, 0]
    assert [p.ids[v] for v in C.most_central(p, 3)] == ["a", "b", "c"]
    p.memo["degree"] = [0, 1, 0, 0]
    assert [p.ids[v] for v in C.most_central(p, 3)] == ["b", "a", "c"]


def _plain_communities(p) -> list[tuple[int, ...]]:
    """Communities as first written: grouped, each sorted by degree then id, largest first."""
    groups: dict[int, list[int]] = {}
    for v, c in enumerate(membership(p)):
        groups.setdefault(c, []).append(v)
    degree, ids = p.degree(), p.ids
    ordered = sorted(
        (sorted(vs, key=lambda v: (-degree[v], ids[v])) for vs in groups.values()),
        key=lambda vs: (-len(vs), min(ids[v] for v in vs)),
    )
    return [tuple(vs) for vs in ordered]


@settings(max_examples=150, deadline=None)
@given(projections(max_nodes=40))
def test_communities_are_ordered_as_plainly_defined(p):
    found = communities(p)
    assert [c.members for c in found] == _plain_communities(p)
    assert [c.number for c in found] == list(range(1, len(found) + 1))


@settings(max_examples=100, deadline=None)
@given(projections(max_nodes=40))
def test_the_edge_array_kept_is_igraphs_edge_list(p):
    kept = p.edge_array().tolist()
    p.memo.pop("edge array")
    assert kept == p.edge_array().tolist() == [list(e) for e in p.graph.get_edgelist()]


def _plain_bridges(p, top):
    """The bridges' rows as first written: every pair of communities named, ranked, cut."""
    m = membership(p)
    number = {m[c.members[0]]: c for c in communities(p)}
    pairs: dict[tuple[int, int], list] = {}
    for u, v in p.graph.get_edgelist():
        a, b = m[u], m[v]
        if a != b:
            pair = pairs.setdefault((min(a, b), max(a, b)), [0, set()])
            pair[0] += 1
            pair[1].update((u, v))
    rows = []
    for (a, b), (links, held) in pairs.items():
        ca, cb = sorted((number[a], number[b]), key=lambda c: c.number)
        held = sorted(held, key=lambda v: p.ids[v])
        rows.append(
            {
                "community_a": ca.number,
                "name_a": community_name(p, ca),
                "size_a": ca.size,
                "community_b": cb.number,
                "name_b": community_name(p, cb),
                "size_b": cb.size,
                "links": links,
                "bridged_by": [p.ids[v] for v in held],
                "bridged_by_names": [p.names[v] for v in held],
                "bridged_by_labels": [p.labels[v] for v in held],
                "kind": "existing",
                "projection": p.kind,
            }
        )
    rows.sort(key=bridges_query._rank)
    return rows[:top]


@settings(max_examples=150, deadline=None)
@given(projections(max_nodes=40), st.integers(1, 8))
def test_bridges_are_the_plain_rows(p, top):
    found = bridges_query._top(bridges_query.bridges(p, None, None, top), {"top": top})
    assert found == _plain_bridges(p, top)
