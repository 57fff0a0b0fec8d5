"""Network queries: neighbourhoods, shortest paths, centrality and communities."""

from __future__ import annotations

from collections import deque

import networkx as nx

from ..graph import NODE_LABELS
from .catalogue import Param, Query, register

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
    from .catalogue import BadParameter

    if not 1 <= hops <= MAX_HOPS:
        raise BadParameter(f"hops must be between 1 and {MAX_HOPS}, got {hops}")
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


def _paths_embedded(g, source, target, max_hops):
    if source == target:
        return [{"length": 0, "path": [source], "names": [g.nodes[source].get("name")]}]
    met = _meet(g, source, target, max_hops)
    if met is None:
        return []
    length, (ds, ps), (dt, pt) = met
    # Every shortest path crosses step h at a node m with ds = h and dt = length - h; both
    # searches are complete to those depths, so the paths are the halves joined at m.
    h = max(0, length - max(dt.values()))
    middle = sorted(m for m, d in ds.items() if d == h and dt.get(m) == length - h)
    paths = [
        head + tail[1:]
        for m in middle
        for head in _chains(m, ps, reverse=True)
        for tail in _chains(m, pt, reverse=False)
    ]
    return [
        {"length": length, "path": p, "names": [g.nodes[x].get("name") for x in p]} for p in paths
    ]


def _meet(g, source, target, max_hops):
    """Breadth-first from both ends, a whole level at a time from the smaller frontier, until
    they meet: ``(length, (dist, preds) from the source, (dist, preds) from the target)``, or
    None beyond ``max_hops``. ``preds[m]`` are m's neighbours one step closer to that end.

    On a million-edge graph this explores two small balls instead of everything within
    ``max_hops`` of the source (10 s -> a fraction of a second for a path through hubs)."""
    sides = [({source: 0}, {source: []}, [source]), ({target: 0}, {target: []}, [target])]
    depth = [0, 0]
    while sides[0][2] and sides[1][2]:
        if depth[0] + depth[1] >= max_hops:
            return None
        i = 0 if len(sides[0][2]) <= len(sides[1][2]) else 1
        dist, preds, frontier = sides[i]
        depth[i] += 1
        nxt = []
        for n in frontier:
            for m in undirected_neighbours(g, n):
                d = dist.get(m)
                if d is None:
                    dist[m] = depth[i]
                    preds[m] = [n]
                    nxt.append(m)
                elif d == depth[i]:
                    preds[m].append(n)
        sides[i] = (dist, preds, nxt)
        other = sides[1 - i][0]
        meet = [depth[i] + other[m] for m in nxt if m in other]
        if meet:
            return min(meet), sides[0][:2], sides[1][:2]
    return None


def _chains(start, preds, reverse):
    """Every shortest chain from ``start`` back to its search's origin, following ``preds``;
    listed from the origin (``reverse``) or from ``start``."""
    chains = [[start]]
    while preds[chains[0][-1]]:
        chains = [c + [m] for c in chains for m in sorted(preds[c[-1]])]
    return [c[::-1] for c in chains] if reverse else chains


def _paths_cypher(run, source, target, max_hops):
    if source == target:
        rows = run("MATCH (n:Entity {id: $id}) RETURN n.name AS name", id=source)
        return [{"length": 0, "path": [source], "names": [rows[0]["name"]]}]
    q = (
        "MATCH (a:Entity {id: $source}), (b:Entity {id: $target}) "
        f"MATCH p = allShortestPaths((a)-[*..{int(max_hops)}]-(b)) "
        "RETURN length(p) AS length, [n IN nodes(p) | n.id] AS path, "
        "[n IN nodes(p) | n.name] AS names"
    )
    rows = run(q, source=source, target=target)
    unique = {tuple(r["path"]): r for r in rows}  # parallel relationships give repeated paths
    return [dict(r, path=list(r["path"]), names=list(r["names"])) for r in unique.values()]


def _keep_order(rows, _params):
    # A path's node order is its meaning: protect it from the list sorting in run_query.
    return [dict(r, path=tuple(r["path"]), names=tuple(r["names"])) for r in rows]


register(
    Query(
        name="shortest_path",
        description="All shortest paths between two nodes (direction ignored), as node ids and "
        "names.",
        params=(
            Param("source", "a node id, name or alias", required=True, node=True),
            Param("target", "a node id, name or alias", required=True, node=True),
            Param("max_hops", "give up beyond this length", type=int, default=8),
        ),
        embedded=_paths_embedded,
        cypher=_paths_cypher,
        finish=_keep_order,
        sort_key=lambda r: (r["length"], r["path"]),
    )
)


# -- centrality and communities: computed in NetworkX on a projection -----------------------
_SKIP_LABELS = {"Document", "Conflict", "CostBenefit", "CostBenefitTable"}


def _projection(nodes, edges) -> nx.Graph:
    # Built in sorted order: Louvain's result depends on insertion order, and both stores must
    # give the same communities.
    h = nx.Graph()
    for n, label, name in sorted(nodes):
        if label not in _SKIP_LABELS:
            h.add_node(n, label=label, name=name)
    pairs = {tuple(sorted((u, v))) for u, v in edges if u in h and v in h and u != v}
    h.add_edges_from(sorted(pairs))
    return h


def projection_embedded(g: nx.MultiDiGraph) -> nx.Graph:
    return _projection(
        ((n, d.get("label"), d.get("name")) for n, d in g.nodes(data=True)), g.edges()
    )


def projection_cypher(run) -> nx.Graph:
    nodes = run("MATCH (n:Entity) RETURN n.id AS id, n.label AS label, n.name AS name")
    edges = run("MATCH (a:Entity)-[]->(b:Entity) RETURN a.id AS a, b.id AS b")
    return _projection(
        ((r["id"], r["label"], r["name"]) for r in nodes), ((r["a"], r["b"]) for r in edges)
    )


#: betweenness is exact up to this many nodes, and estimated from sample sources beyond
EXACT_CENTRALITY_NODES = 2000
#: the estimate's sample count times the edge count stays under this (each sample is one
#: breadth-first search over every edge, a few seconds at a million edges): 300 samples up to
#: 33k edges, 100 at 100k, 10 at a million
CENTRALITY_WORK = 10_000_000


def centrality_samples(nodes: int, edges: int) -> int | None:
    """Sample sources for estimated betweenness; None means exact.

    Examples
    --------
    >>> centrality_samples(1_500, 4_000), centrality_samples(10_000, 30_000)
    (None, 300)
    >>> centrality_samples(250_000, 1_000_000)
    10
    """
    if nodes <= EXACT_CENTRALITY_NODES:
        return None
    return max(10, min(300, CENTRALITY_WORK // max(1, edges)))


def _centrality(h: nx.Graph, top: int, label: str | None):
    # exact betweenness is O(nodes × edges): a minute at 10k relationships
    k = centrality_samples(h.number_of_nodes(), h.number_of_edges())
    between = nx.betweenness_centrality(h, k=k, seed=7, normalized=True)
    rows = [
        {
            "id": n,
            "label": d["label"],
            "name": d["name"],
            "degree": h.degree(n),
            "betweenness": between[n],
        }
        for n, d in h.nodes(data=True)
        if label is None or d["label"] == label
    ]
    rows.sort(key=lambda r: (-round(r["betweenness"], 6), -r["degree"], r["id"]))
    return rows[:top]


register(
    Query(
        name="centrality",
        description="The most central nodes by betweenness, with degree. Computed in NetworkX on a "
        "projection of the graph (pulled from Neo4j when on Neo4j); documents, conflicts and "
        "cost rows are left out of the projection. Exact up to 2,000 nodes; beyond, estimated "
        "from seeded sample sources: 300, fewer on graphs of over 33,000 edges (10 at a "
        "million).",
        params=(
            Param("top", "how many rows", type=int, default=20),
            Param(
                "label", "only nodes of this kind (e.g. Organisation)", choices=tuple(NODE_LABELS)
            ),
        ),
        embedded=lambda g, top, label: _centrality(projection_embedded(g), top, label),
        cypher=lambda run, top, label: _centrality(projection_cypher(run), top, label),
        sort_key=lambda r: (-r["betweenness"], -r["degree"], r["id"]),
    )
)


def _communities(h: nx.Graph, min_size: int):
    groups = nx.community.louvain_communities(h, seed=7)
    groups = sorted(
        (sorted(c) for c in groups if len(c) >= min_size), key=lambda c: (-len(c), c[0])
    )
    rows = []
    for i, members in enumerate(groups, start=1):
        hubs = sorted(members, key=lambda n: (-h.degree(n), n))[:5]
        rows.append(
            {
                "community": i,
                "size": len(members),
                "hubs": [h.nodes[n]["name"] for n in hubs],
                "members": members,
            }
        )
    return rows


register(
    Query(
        name="communities",
        description="Communities of closely linked nodes (Louvain, fixed seed), largest first, "
        "with their best-connected members. Computed in NetworkX on a projection of the graph "
        "(pulled from Neo4j when on Neo4j).",
        params=(Param("min_size", "leave out smaller communities", type=int, default=3),),
        embedded=lambda g, min_size: _communities(projection_embedded(g), min_size),
        cypher=lambda run, min_size: _communities(projection_cypher(run), min_size),
        finish=lambda rows, _p: [dict(r, hubs=tuple(r["hubs"])) for r in rows],
        sort_key=lambda r: r["community"],
    )
)
