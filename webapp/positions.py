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

from .graphview import GraphView

__all__ = ["view_positions", "with_positions", "layout_positions"]

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
