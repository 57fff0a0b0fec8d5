"""Shortest paths on a projection: breadth first from both ends."""

from __future__ import annotations

import networkx as nx

from .projection import Projection, projection_of_graph

__all__ = ["all_shortest_paths", "explorer_path", "one_shortest_path"]


def all_shortest_paths(p: Projection, source: str, target: str, max_hops: int) -> list[list[str]]:
    """Every shortest path between two vertices of ``p`` as ids, sorted; [] when there is none
    within ``max_hops``.

    Examples
    --------
    >>> from graphmodel.analytics.projection import build_projection
    >>> p = build_projection("all", [(x, "Organisation", x) for x in "abcd"],
    ...                      [("a", "b", "T"), ("b", "d", "T"), ("a", "c", "T"), ("d", "c", "T")])
    >>> all_shortest_paths(p, "a", "d", 8)
    [['a', 'b', 'd'], ['a', 'c', 'd']]
    """
    s, t = p.index[source], p.index[target]
    if s == t:
        return [[source]]
    met = _meet(p, s, t, max_hops)
    if met is None:
        return []
    length, (ds, ps), (dt, pt) = met
    # Every shortest path crosses step h at a vertex m with ds = h and dt = length - h; both
    # searches are complete to those depths, so the paths are the halves joined at m.
    h = max(0, length - max(dt.values()))
    middle = sorted(m for m, d in ds.items() if d == h and dt.get(m) == length - h)
    ids = p.ids
    paths = [
        [ids[v] for v in head + tail[1:]]
        for m in middle
        for head in _chains(m, ps, reverse=True)
        for tail in _chains(m, pt, reverse=False)
    ]
    return sorted(paths)


def _meet(p: Projection, source: int, target: int, max_hops: int):
    """Breadth-first from both ends, a whole level at a time from the smaller frontier, until
    they meet: ``(length, (dist, preds) from the source, (dist, preds) from the target)``, or
    None beyond ``max_hops``. ``preds[m]`` are m's neighbours one step closer to that end.

    On a million-edge graph this explores two small balls instead of everything within
    ``max_hops`` of the source."""
    neighbours = p.graph.neighbors
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
            for m in neighbours(n):
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


def explorer_path(g: nx.MultiDiGraph, a: str, b: str, max_hops: int = 12) -> tuple[list[str], str]:
    """One shortest path for the explorer, and the projection it was found in: the partnership
    projection when both ends are in it, otherwise all nodes (a path from a country is asked
    for on purpose). ``([], kind)`` when there is none.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n, label in [("kent", "Organisation"), ("uk", "Country"), ("leic", "Organisation")]:
    ...     g.add_node(n, label=label, name=n)
    >>> for u, v in [("kent", "uk"), ("leic", "uk")]:
    ...     _ = g.add_edge(u, v, type="IN_COUNTRY")
    >>> explorer_path(g, "kent", "leic")
    ([], 'partnership')
    >>> explorer_path(g, "kent", "uk")
    (['kent', 'uk'], 'all')
    """
    p = projection_of_graph(g, "partnership")
    if a not in p.index or b not in p.index:
        p = projection_of_graph(g, "all")
        if a not in p.index or b not in p.index:
            return [], p.kind
    return one_shortest_path(p, a, b, max_hops), p.kind


def one_shortest_path(p: Projection, source: str, target: str, max_hops: int) -> list[str]:
    """One shortest path (the first of :func:`all_shortest_paths`' order at each step), without
    listing them all: hubs can make the count of shortest paths huge."""
    s, t = p.index[source], p.index[target]
    if s == t:
        return [source]
    met = _meet(p, s, t, max_hops)
    if met is None:
        return []
    length, (ds, ps), (dt, pt) = met
    h = max(0, length - max(dt.values()))
    m = min(m for m, d in ds.items() if d == h and dt.get(m) == length - h)
    head, tail = [m], [m]
    while ps[head[-1]]:
        head.append(min(ps[head[-1]]))
    while pt[tail[-1]]:
        tail.append(min(pt[tail[-1]]))
    return [p.ids[v] for v in head[::-1] + tail[1:]]
