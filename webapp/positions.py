"""Where each node of a network view is drawn, computed on the server with igraph.

The browser then places the nodes as given (Cytoscape's ``preset`` layout: no work), instead
of running a force-directed layout (seconds for a large view, paid again on every filter
change). The landing view is laid out once; a view whose nodes all appear in it (a filter only
removed elements) keeps those places, so nothing moves; a view with nodes of its own is laid
out afresh, starting from the places already known. A force-directed refinement stays one
choice away in the page's Layout box.
"""

from __future__ import annotations

import math
import random

import igraph as ig

from graphmodel.analytics.seeded import seeded

from .graphview import GraphView

__all__ = ["view_positions", "with_positions", "layout_positions", "radial_positions"]

#: the average length of an edge on screen, in Cytoscape's model units (pixels at zoom 1)
EDGE_LENGTH = 70.0


def layout_positions(
    elements: list[dict], seed: dict[str, tuple[float, float]] | None = None
) -> dict[str, tuple[float, float]]:
    """Places for the nodes of ``elements``: Fruchterman-Reingold, components packed apart."""
    nodes = [el["data"]["id"] for el in elements if "source" not in el["data"]]
    if not nodes:
        return {}
    at = {n: i for i, n in enumerate(nodes)}
    edges = {
        (at[el["data"]["source"]], at[el["data"]["target"]])
        for el in elements
        if "source" in el["data"]
        and el["data"]["source"] in at
        and el["data"]["target"] in at
        and el["data"]["source"] != el["data"]["target"]
    }
    g = ig.Graph(n=len(nodes), edges=sorted(edges))
    # always a start of our own, so the same view is drawn the same way every time
    rnd = random.Random(0)
    spread = math.sqrt(len(nodes))
    start = [
        list(seed[n])
        if seed and n in seed
        else [rnd.uniform(-spread, spread), rnd.uniform(-spread, spread)]
        for n in nodes
    ]
    if seed:
        scale = _edge_scale(start, edges) or 1.0
        start = [[x / scale, y / scale] for x, y in start]
    # igraph's own random steps too: the same view is drawn the same way by every server
    with seeded(0):
        coords = g.layout_fruchterman_reingold(seed=start, niter=300, grid="auto").coords
    scale = _edge_scale(coords, edges) or 1.0
    factor = EDGE_LENGTH / scale
    return {
        n: (round(x * factor, 1), round(y * factor, 1))
        for n, (x, y) in zip(nodes, coords, strict=True)
    }


def _edge_scale(coords: list, edges: set[tuple[int, int]]) -> float:
    """The median edge length of ``coords`` (0 when there are no edges)."""
    if not edges:
        return 0.0
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in edges)
    return lengths[len(lengths) // 2]


def view_positions(
    view: GraphView, elements: list[dict], base: dict[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """Places for a view: the landing view's where they cover every node, else a new layout."""
    ids = frozenset(el["data"]["id"] for el in elements if "source" not in el["data"])
    if ids <= base.keys():
        return base
    return view.remember(("positions", ids), lambda: layout_positions(elements, seed=base))


def with_positions(elements: list[dict], positions: dict[str, tuple[float, float]]) -> list[dict]:
    """Copies of the node elements with their places (the view's elements are shared)."""
    out = []
    for el in elements:
        p = positions.get(el["data"]["id"]) if "source" not in el["data"] else None
        out.append({**el, "position": {"x": p[0], "y": p[1]}} if p else el)
    return out


#: the gap between neighbours on a focus view's ring (room for a short label), and between
#: its rings (model units)
RING_SPACING = 72.0
RING_GAP = 40.0
#: the radius of a focus view's first ring
FIRST_RING = 120.0


def radial_positions(
    elements: list[dict], focus: str, order: dict[str, tuple] | None = None
) -> dict[str, tuple[float, float]]:
    """Places for a focus view: the focus in the middle, each hop further out on rings.

    A force-directed layout piles the neighbours of a node with many links on top of one
    another (they all pull towards it and push only each other). Here every node has a place
    of its own: the nodes one hop out go round the first rings (as many rings as they need,
    ``RING_GAP`` apart), those two hops out round the next, and so on, each ring in
    ``order`` (kind, then name: the same kinds sit together). Nodes not linked to the focus
    within the view go round the outermost ring. Linear in the nodes: no waiting."""
    nodes = [el["data"]["id"] for el in elements if "source" not in el["data"]]
    if focus not in nodes:
        return {}
    adjacent: dict[str, set[str]] = {n: set() for n in nodes}
    for el in elements:
        d = el["data"]
        if "source" in d and d["source"] in adjacent and d["target"] in adjacent:
            adjacent[d["source"]].add(d["target"])
            adjacent[d["target"]].add(d["source"])
    hop = {focus: 0}
    frontier = [focus]
    while frontier:
        nxt = []
        for n in frontier:
            for m in adjacent[n]:
                if m not in hop:
                    hop[m] = hop[n] + 1
                    nxt.append(m)
        frontier = nxt
    far = max(hop.values()) + 1
    by_hop: dict[int, list[str]] = {}
    for n in nodes:
        if n != focus:
            by_hop.setdefault(hop.get(n, far), []).append(n)
    key = order or {}
    out = {focus: (0.0, 0.0)}
    radius = FIRST_RING
    for h in sorted(by_hop):
        ring_nodes = sorted(by_hop[h], key=lambda n: (key.get(n, ()), n))
        i = 0
        while i < len(ring_nodes):
            room = max(6, int(2 * math.pi * radius / RING_SPACING))
            chunk = ring_nodes[i : i + room]
            # a ring not full is spread round all of it; each ring turned a little from the last
            turn = (radius / RING_GAP) * 0.37
            for j, n in enumerate(chunk):
                a = turn + 2 * math.pi * j / len(chunk) - math.pi / 2
                out[n] = (round(radius * math.cos(a), 1), round(radius * math.sin(a), 1))
            i += room
            radius += RING_GAP
        radius += RING_GAP  # a wider gap between hops than between a hop's rings
    return out
