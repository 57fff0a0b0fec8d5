"""Network queries: neighbourhoods and shortest paths."""

from __future__ import annotations

from collections import deque

import networkx as nx

from ..analytics.paths import all_shortest_paths
from ..analytics.projection import Projection, projection_from_cypher, projection_of_graph
from ..errors import quoted
from .catalogue import BadParameter, Param, Query, register
from .helpers import PROJECTION

MAX_HOPS = 4


def undirected_neighbours(g: nx.MultiDiGraph, n: str) -> set[str]:
    """Neighbours ignoring direction, without copying the graph."""
    return set(g.succ[n]) | set(g.pred[n])


def bfs_distances(g: nx.MultiDiGraph, start: str, hops: int) -> dict[str, int]:
    dist = {start: 0}
    todo = deque([start])
    while todo:
        n = todo.popleft()
        if dist[n] == hops:
            continue
        for m in undirected_neighbours(g, n):
            if m not in dist:
                dist[m] = dist[n] + 1
                todo.append(m)
    return dist


def _check_hops(hops: int) -> int:
    if not 1 <= hops <= MAX_HOPS:
        raise BadParameter(
            f"hops must be between 1 and {MAX_HOPS}, got {hops}",
            param="hops",
            plain=f"“Hops” must be a whole number from 1 to {MAX_HOPS}; {hops} is not.",
        )
    return hops


def _neighbours_embedded(g, node, hops):
    dist = bfs_distances(g, node, _check_hops(hops))
    return [
        {"id": m, "label": g.nodes[m].get("label"), "name": g.nodes[m].get("name"), "distance": d}
        for m, d in dist.items()
        if m != node
    ]


def _neighbours_cypher(run, node, hops):
    # Variable-length bounds cannot be parameters in Cypher; hops is a checked int (1..4).
    q = (
        f"MATCH path = (n:Entity {{id: $id}})-[*1..{_check_hops(hops)}]-(m:Entity) "
        "WHERE m.id <> $id "
        "RETURN m.id AS id, m.label AS label, m.name AS name, min(length(path)) AS distance"
    )
    return run(q, id=node)


register(
    Query(
        name="neighbours",
        description="Every node within N hops of a node (direction ignored), with its distance.",
        params=(
            Param("node", "a node id, name or alias", required=True, node=True),
            Param("hops", f"how far to look, 1 to {MAX_HOPS}", type=int, default=1),
        ),
        embedded=_neighbours_embedded,
        cypher=_neighbours_cypher,
        sort_key=lambda r: (r["distance"], r["id"]),
    )
)


def _paths(p: Projection, source, target, max_hops):
    for end, param in ((source, "source"), (target, "target")):
        if end not in p.index:
            raise BadParameter(
                f"{end!r} is not in the {p.kind} projection ({p.description}); "
                "ask with --projection all to go through reference nodes",
                param=param,
                plain=f"{quoted(end)} is not in the {p.kind} network ({p.description}); "
                "choose “all” under “Network measured” to go through it.",
            )
    return [
        {
            "length": len(path) - 1,
            "path": tuple(path),  # a path's order is its meaning: kept as it is
            "names": tuple(p.name(p.index[x]) for x in path),
            "projection": p.kind,
        }
        for path in all_shortest_paths(p, source, target, max_hops)
    ]


register(
    Query(
        name="shortest_path",
        description="All shortest paths between two nodes (direction ignored), as node ids and "
        "names, through the partnership network by default (not through a country or a theme; "
        "see --projection).",
        params=(
            Param("source", "a node id, name or alias", required=True, node=True, label="From"),
            Param("target", "a node id, name or alias", required=True, node=True, label="To"),
            Param(
                "max_hops", "give up beyond this length", type=int, default=8, label="Longest path"
            ),
            PROJECTION,
        ),
        embedded=lambda g, source, target, max_hops, projection: _paths(
            projection_of_graph(g, projection), source, target, max_hops
        ),
        cypher=lambda run, source, target, max_hops, projection: _paths(
            projection_from_cypher(run, projection), source, target, max_hops
        ),
        sort_key=lambda r: (r["length"], r["path"]),
    )
)
