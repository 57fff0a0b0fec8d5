"""Communities (Louvain, python-igraph's multilevel) on a projection, named by their most
central members."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .projection import Projection
from .seeded import seeded

__all__ = ["Community", "communities", "membership"]

SEED = 7
#: how many of the best-connected members name a community
NAMED_BY = 3


@dataclass(frozen=True)
class Community:
    """One community: members as vertex numbers, best-connected first."""

    number: int
    members: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.members)


def membership(p: Projection) -> list[int]:
    """Louvain community of every vertex (seeded, so both stores and every run agree)."""
    if "membership" not in p.memo:
        if p.graph.vcount() == 0:
            p.memo["membership"] = []
        else:
            with seeded(SEED):  # igraph's process-wide generator, seeded for this call
                found = p.graph.community_multilevel(return_levels=False)
            p.memo["membership"] = list(found.membership)
    return p.memo["membership"]


def communities(p: Projection) -> list[Community]:
    """Every community, largest first, numbered from 1; members ordered by degree (the most
    central first), then id. Kept with the projection.

    Sorted in numpy: vertices are numbered in id order, so a vertex number stands for its id
    (sorting each community's members in Python took a quarter of a second at 1M).

    Examples
    --------
    >>> from graphmodel.analytics.projection import build_projection
    >>> p = build_projection("all", [(x, "Organisation", x) for x in "abcde"],
    ...                      [("a", "b", "T"), ("b", "c", "T"), ("a", "c", "T"), ("d", "e", "T")])
    >>> [[p.ids[v] for v in c.members] for c in communities(p)]
    [['a', 'b', 'c'], ['d', 'e']]
    """
    if "communities" not in p.memo:
        p.memo["communities"] = _ranked(np.asarray(membership(p), dtype=np.int64), p.degree())
    return p.memo["communities"]


def _ranked(member: np.ndarray, degree: list[int]) -> list[Community]:
    n = len(member)
    if not n:
        return []
    # by community, then most central first, then id
    order = np.lexsort((np.arange(n), -np.asarray(degree, dtype=np.int64), member))
    grouped = member[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    sizes = np.diff(np.r_[starts, n])
    first = np.minimum.reduceat(order, starts)  # each community's first id
    bounds, members = np.r_[starts, n].tolist(), order.tolist()
    return [
        Community(i, tuple(members[bounds[c] : bounds[c + 1]]))
        for i, c in enumerate(np.lexsort((first, -sizes)).tolist(), start=1)  # largest first
    ]


def community_name(p: Projection, c: Community) -> str:
    """The names of its most central members, e.g. 'Kent CC · Virginia · Lovech'."""
    return " · ".join(str(p.name(v) or p.ids[v]) for v in c.members[:NAMED_BY])


def modularity(p: Projection) -> float:
    return p.graph.modularity(membership(p)) if p.graph.ecount() else 0.0
