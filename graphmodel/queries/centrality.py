"""The ``centrality`` query: the partnership network's most central nodes by betweenness."""

from __future__ import annotations

from graphmodel.build.graph import NODE_LABELS

from ..analytics.centrality import betweenness_array, method_text, most_central
from ..analytics.projection import Projection, projection_from_cypher, projection_of_graph
from .catalogue import Param, Query, register
from .helpers import PROJECTION


def _centrality(p: Projection, top: int, label: str | None):
    between = betweenness_array(p)
    degree = p.degree()
    method = method_text(p)
    return [
        {
            "id": p.ids[v],
            "label": p.labels[v],
            "name": p.name(v),
            "degree": degree[v],
            "betweenness": float(between[v]),
            "method": method,
            "projection": p.kind,
        }
        for v in most_central(p, top, label)
    ]


register(
    Query(
        name="centrality",
        description="The most central nodes by betweenness (NetworkX's normalised measure), with "
        "degree, computed by python-igraph on the partnership network (see --projection; pulled "
        "once from Neo4j when on Neo4j). Exact where that takes seconds (up to 60 million "
        "nodes × edges: the bundled register, 10k relationships); beyond, estimated from seeded "
        "sample sources (about 15 million steps' worth: ~260 at 100k relationships, ~25 at a "
        "million). Each row says which method and projection.",
        params=(
            Param("top", "how many rows", type=int, default=20, label="Rows to show"),
            Param(
                "label",
                "only nodes of this kind (e.g. Organisation)",
                choices=tuple(NODE_LABELS),
                label="Kind of node",
            ),
            PROJECTION,
        ),
        embedded=lambda g, top, label, projection: _centrality(
            projection_of_graph(g, projection), top, label
        ),
        cypher=lambda run, top, label, projection: _centrality(
            projection_from_cypher(run, projection), top, label
        ),
        sort_key=lambda r: (-r["betweenness"], -r["degree"], r["id"]),
    )
)
