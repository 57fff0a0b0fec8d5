"""Communities (Louvain, python-igraph's multilevel) on a projection, named by their most
central members."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

import igraph as ig

from .projection import Projection

__all__ = ["Community", "communities", "membership"]

SEED = 7
#: how many of the best-connected members name a community
NAMED_BY = 3
_rng_lock = threading.Lock()


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
            # igraph draws from a process-wide generator: seed it for this call only
            with _rng_lock:
                ig.set_random_number_generator(random.Random(SEED))
                try:
                    found = p.graph.community_multilevel(return_levels=False)
                finally:
                    ig.set_random_number_generator(random)
            p.memo["membership"] = list(found.membership)
    return p.memo["membership"]


def communities(p: Projection) -> list[Community]:
    """Every community, largest first, numbered from 1; members ordered by degree (the most
    central first), then id. Kept with the projection."""
    if "communities" not in p.memo:
        groups: dict[int, list[int]] = {}
        for v, c in enumerate(membership(p)):
            groups.setdefault(c, []).append(v)
        degree, ids = p.degree(), p.ids
        ordered = sorted(
            (sorted(vs, key=lambda v: (-degree[v], ids[v])) for vs in groups.values()),
            key=lambda vs: (-len(vs), min(ids[v] for v in vs)),
        )
        p.memo["communities"] = [Community(i, tuple(vs)) for i, vs in enumerate(ordered, start=1)]
    return p.memo["communities"]


def community_name(p: Projection, c: Community) -> str:
    """The names of its most central members, e.g. 'Kent CC · Virginia · Lovech'."""
    return " · ".join(str(p.names[v] or p.ids[v]) for v in c.members[:NAMED_BY])


def modularity(p: Projection) -> float:
    return p.graph.modularity(membership(p)) if p.graph.ecount() else 0.0
