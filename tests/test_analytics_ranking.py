"""The analytics' answers computed in bulk are the answers of their plain definitions, on
random graphs full of ties: the most central vertices, betweenness's normalisation and the
communities' order."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from graphmodel.analytics import centrality as C
from graphmodel.analytics.projection import build_projection

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
