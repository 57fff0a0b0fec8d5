"""The ``communities`` query: clusters of the partnership network, named by their most
central members."""

from __future__ import annotations

from ..analytics.communities import communities, community_name, modularity
from ..analytics.projection import Projection, projection_from_cypher, projection_of_graph
from .catalogue import Param, Query, register
from .helpers import PROJECTION

HUBS = 5


def _communities(p: Projection, min_size: int):
    q = modularity(p)
    return [
        {
            "community": c.number,
            "name": community_name(p, c),
            "size": c.size,
            "hubs": tuple(p.name(v) for v in c.members[:HUBS]),
            "members": [p.ids[v] for v in c.members],
            "modularity": q,
            "projection": p.kind,
        }
        for c in communities(p)
        if c.size >= min_size
    ]


register(
    Query(
        name="communities",
        description="Communities of closely linked nodes (Louvain, python-igraph's multilevel, "
        "fixed seed) in the partnership network (see --projection), largest first, each named by "
        "its best-connected members, with its size, hubs, members and the partition's "
        "modularity. Pulled once from Neo4j when on Neo4j.",
        params=(
            Param(
                "min_size",
                "leave out smaller communities",
                type=int,
                default=3,
                label="Smallest community",
            ),
            PROJECTION,
        ),
        embedded=lambda g, min_size, projection: _communities(
            projection_of_graph(g, projection), min_size
        ),
        cypher=lambda run, min_size, projection: _communities(
            projection_from_cypher(run, projection), min_size
        ),
        sort_key=lambda r: r["community"],
    )
)
