"""Betweenness centrality on a projection, computed by python-igraph.

Values are NetworkX's normalised betweenness (``nx.betweenness_centrality(normalized=True)``):
exact where that finishes in seconds, and otherwise estimated from sample sources drawn exactly
as NetworkX draws them (``random.Random(seed).sample(ids, k)``), so a small graph gives the same
numbers as NetworkX, which the tests check.
"""

from __future__ import annotations

import operator
import random
from itertools import repeat

import numpy as np

from .projection import Projection

__all__ = [
    "EXACT_WORK",
    "SAMPLED_WORK",
    "betweenness",
    "betweenness_array",
    "centrality_samples",
    "method_text",
    "most_central",
]

#: exact betweenness is one breadth-first search per node: nodes × edges steps. Up to this
#: many it finishes in a few seconds on one core (the bundled register and 10k relationships)
EXACT_WORK = 60_000_000
#: beyond, about this many steps of sampled searches, a few seconds: ~260 sample sources at
#: 100k relationships, ~25 at a million (NetworkX could afford 100 and 10 there)
SAMPLED_WORK = 15_000_000
SEED = 7
#: scores are ranked rounded to this many decimals (ties then go to degree, then id)
DECIMALS = 6


def centrality_samples(nodes: int, edges: int) -> int | None:
    """Sample sources for estimated betweenness; None means exact.

    Examples
    --------
    >>> centrality_samples(1_500, 4_000), centrality_samples(22_000, 57_000)
    (None, 263)
    >>> centrality_samples(240_000, 600_000)
    25
    """
    if nodes * max(edges, 1) <= EXACT_WORK:
        return None
    return max(20, min(nodes, SAMPLED_WORK // max(1, edges)))


def method_text(p: Projection) -> str:
    k = centrality_samples(p.graph.vcount(), p.graph.ecount())
    if k is None:
        return "exact"
    return f"estimated from {k:,} sample sources (seed {SEED})"


def betweenness(p: Projection) -> list[float]:
    """Normalised betweenness of every vertex of ``p`` (kept with the projection)."""
    if "betweenness" not in p.memo:
        p.memo["betweenness"] = betweenness_array(p).tolist()
    return p.memo["betweenness"]


def betweenness_array(p: Projection) -> np.ndarray:
    """:func:`betweenness` as a numpy array (kept with the projection)."""
    if "betweenness array" not in p.memo:
        p.memo["betweenness array"] = _betweenness(p)
    return p.memo["betweenness array"]


def most_central(p: Projection, top: int, label: str | None = None) -> list[int]:
    """The ``top`` vertices (of kind ``label`` if given) ranked by betweenness rounded to
    ``DECIMALS`` places, most first, then by degree, most first, then by id.

    Only vertices that can reach the top are ranked one by one: the rest are set aside in bulk
    (at a million relationships, ranking every vertex in Python cost half a second).

    Examples
    --------
    >>> from graphmodel.analytics.projection import build_projection
    >>> p = build_projection("all", [(x, "Organisation", x) for x in "abcde"],
    ...                      [("a", "b", "T"), ("b", "c", "T"), ("c", "d", "T"), ("b", "e", "T")])
    >>> [p.ids[v] for v in most_central(p, 3)]
    ['b', 'c', 'a']
    """
    between = betweenness_array(p)
    degree = np.asarray(p.degree(), dtype=np.int64)
    if label is None:
        cand = np.arange(len(p.ids), dtype=np.int64)
    else:
        same = map(operator.eq, p.labels, repeat(label))
        cand = np.flatnonzero(np.fromiter(same, dtype=bool, count=len(p.labels)))
    if top <= 0 or not len(cand):
        return []
    if len(cand) > top:
        scores = between[cand]
        nth = np.partition(scores, len(cand) - top)[len(cand) - top]
        # rounding moves a score by at most half a millionth: whoever ranks in the top has a
        # score within a millionth of the top-th highest (a wide margin, ranked exactly below)
        cand = cand[scores >= nth - 1e-5]
    rounded = np.fromiter(
        map(round, between[cand].tolist(), repeat(DECIMALS)), dtype=np.float64, count=len(cand)
    )
    # vertices are numbered in id order: the vertex number breaks the last ties as the id would
    order = np.lexsort((cand, -degree[cand], -rounded))
    return cand[order[:top]].tolist()


def _betweenness(p: Projection) -> np.ndarray:
    g = p.graph
    n = g.vcount()
    if n <= 2:
        return np.zeros(n, dtype=np.float64)
    k = centrality_samples(n, g.ecount())
    if k is None:
        raw = np.asarray(g.betweenness(directed=False), dtype=np.float64)
        # igraph counts each unordered pair once; NetworkX's normalisation divides ordered
        # pairs by (n-1)(n-2)
        return 2.0 * raw / float((n - 1) * (n - 2))
    # the positions random.sample picks depend only on how many there are: the same sources
    # as sampling the ids themselves, as NetworkX does
    sources = random.Random(SEED).sample(range(n), k)
    raw = np.asarray(g.betweenness(directed=False, sources=sources), dtype=np.float64)
    # NetworkX's estimate: a sampled source cannot lie between itself and a target
    pairs = np.full(n, float(k * (n - 2)))
    pairs[sources] = float((k - 1) * (n - 2))
    return 2.0 * raw / pairs
