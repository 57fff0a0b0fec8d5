"""Betweenness centrality on a projection, computed by python-igraph.

Values are NetworkX's normalised betweenness (``nx.betweenness_centrality(normalized=True)``):
exact where that finishes in seconds, and otherwise estimated from sample sources drawn exactly
as NetworkX draws them (``random.Random(seed).sample(ids, k)``), so a small graph gives the same
numbers as NetworkX, which the tests check.
"""

from __future__ import annotations

import random

from .projection import Projection

__all__ = ["EXACT_WORK", "SAMPLED_WORK", "betweenness", "centrality_samples", "method_text"]

#: exact betweenness is one breadth-first search per node: nodes × edges steps. Up to this
#: many it finishes in a few seconds on one core (the bundled register and 10k relationships)
EXACT_WORK = 60_000_000
#: beyond, about this many steps of sampled searches, a few seconds: ~260 sample sources at
#: 100k relationships, ~25 at a million (NetworkX could afford 100 and 10 there)
SAMPLED_WORK = 15_000_000
SEED = 7


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
        p.memo["betweenness"] = _betweenness(p)
    return p.memo["betweenness"]


def _betweenness(p: Projection) -> list[float]:
    g = p.graph
    n = g.vcount()
    if n <= 2:
        return [0.0] * n
    k = centrality_samples(n, g.ecount())
    if k is None:
        raw = g.betweenness(directed=False)
        # igraph counts each unordered pair once; NetworkX's normalisation divides ordered
        # pairs by (n-1)(n-2)
        return [2.0 * b / ((n - 1) * (n - 2)) for b in raw]
    sources = [p.index[x] for x in random.Random(SEED).sample(p.ids, k)]
    raw = g.betweenness(directed=False, sources=sources)
    chosen = set(sources)
    # NetworkX's estimate: a sampled source cannot lie between itself and a target
    return [2.0 * b / (((k - 1) if i in chosen else k) * (n - 2)) for i, b in enumerate(raw)]
