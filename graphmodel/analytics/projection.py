"""The undirected graphs the analytics run on, built once per graph.

Betweenness, communities and paths through a Country or a Theme say nothing about partnerships
(Leicester -> United Kingdom -> Kent), so by default they run on the *partnership* projection:
the bodies that take part (councils, their units, partners, partnerships, agreements, projects,
funding programmes, events and people) and the links between them. Reference nodes (countries,
themes, strategies, documents, conflicts, cost rows, and places that only locate something) and
locating links (LOCATED_IN, IN_COUNTRY, HELD_IN, INVOLVES) are left out. The *all* projection
keeps everything but documents, conflicts and cost rows, for an analyst who asks for it.

A projection is a python-igraph graph over integer vertices (ids sorted, edges deduplicated and
sorted, so both stores build the very same graph and get the same answers) plus the ids, labels
and names. On the embedded store it is kept per graph: the store only ever swaps its graph whole
(``EmbeddedStore.replace``), so the graph object is the cache's key, as for the name index.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np

from graphmodel.model.projections import PROJECTIONS

__all__ = [
    "PROJECTIONS",
    "Projection",
    "build_projection",
    "projection_of_graph",
    "projection_from_cypher",
]

#: bodies that take part in partnerships
TAKING_PART = frozenset(
    {"Organisation", "Partnership", "Agreement", "Project", "FundingProgramme", "Event", "Person"}
)
#: links that only say where something is
LOCATING = frozenset({"LOCATED_IN", "IN_COUNTRY", "HELD_IN", "INVOLVES"})
#: never in any projection: papers, disagreements between them, and cost rows
NEVER = frozenset({"Document", "Conflict", "CostBenefit", "CostBenefitTable"})


@dataclass(eq=False)
class Projection:
    """An undirected simple graph of one projection, vertex ``i`` being ``ids[i]``."""

    kind: str
    ids: list[str]
    labels: list[str | None]
    names: list[str | None]
    graph: ig.Graph
    index: dict[str, int] = field(repr=False)
    #: results derived from this projection (scores, communities), kept as long as it is
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def description(self) -> str:
        return PROJECTIONS[self.kind]

    def degree(self) -> list[int]:
        if "degree" not in self.memo:
            self.memo["degree"] = self.graph.degree()
        return self.memo["degree"]

    def adjacency(self) -> list[list[int]]:
        if "adjacency" not in self.memo:
            self.memo["adjacency"] = self.graph.get_adjlist()
        return self.memo["adjacency"]


def build_projection(
    kind: str,
    nodes: Iterable[tuple[str, str | None, str | None]],
    edges: Iterable[tuple[str, str, str | None]],
) -> Projection:
    """The projection ``kind`` of a graph given as ``(id, label, name)`` nodes and
    ``(source, target, type)`` relationships.

    Examples
    --------
    >>> p = build_projection(
    ...     "partnership",
    ...     [("kent", "Organisation", "Kent"), ("uk", "Country", "UK"), ("va", "Place", "VA")],
    ...     [("kent", "uk", "IN_COUNTRY"), ("kent", "va", "WORKS_WITH")],
    ... )
    >>> p.ids, p.graph.ecount()
    (['kent', 'va'], 1)
    """
    if kind not in PROJECTIONS:
        raise ValueError(f"no projection {kind!r}; projections: {', '.join(PROJECTIONS)}")
    label_of: dict[str, str | None] = {}
    name_of: dict[str, str | None] = {}
    for n, label, name in nodes:
        if label not in NEVER:
            label_of[n] = label
            name_of[n] = name
    kept: list[tuple[str, str]] = []
    if kind == "all":
        kept = [(u, v) for u, v, _t in edges if u != v and u in label_of and v in label_of]
        ids = sorted(label_of)
    else:
        places: set[str] = set()
        place_place: list[tuple[str, str]] = []
        for u, v, t in edges:
            if u == v or t in LOCATING:
                continue
            lu, lv = label_of.get(u, "Document"), label_of.get(v, "Document")
            if lu in TAKING_PART and lv in TAKING_PART:
                kept.append((u, v))
            elif lu in TAKING_PART and lv == "Place":
                places.add(v)
                kept.append((u, v))
            elif lv in TAKING_PART and lu == "Place":
                places.add(u)
                kept.append((u, v))
            elif lu == "Place" and lv == "Place":
                place_place.append((u, v))
        kept += [(u, v) for u, v in place_place if u in places and v in places]
        ids = sorted(n for n, label in label_of.items() if label in TAKING_PART or n in places)
    index = {n: i for i, n in enumerate(ids)}
    return Projection(
        kind=kind,
        ids=ids,
        labels=[label_of[n] for n in ids],
        names=[name_of[n] for n in ids],
        graph=ig.Graph(n=len(ids), edges=_unique_pairs(kept, index, len(ids))),
        index=index,
    )


def _unique_pairs(pairs: list[tuple[str, str]], index: dict[str, int], n: int) -> np.ndarray:
    """Vertex pairs (low, high) without repeats, sorted: one edge however many relationships
    (either direction) join two nodes."""
    if not pairs:
        return np.zeros((0, 2), dtype=np.int64)
    a = np.fromiter((index[u] for u, _ in pairs), dtype=np.int64, count=len(pairs))
    b = np.fromiter((index[v] for _, v in pairs), dtype=np.int64, count=len(pairs))
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keys = np.unique(lo * n + hi)
    return np.stack((keys // n, keys % n), axis=1)


# -- where a projection comes from ---------------------------------------------------------
_cache: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[str, Projection]] = (
    weakref.WeakKeyDictionary()
)
_lock = threading.Lock()


def projection_of_graph(g: nx.MultiDiGraph, kind: str = "partnership") -> Projection:
    """The projection of a store's NetworkX graph, built on first use and kept while that graph
    object lives (a replaced graph gets a new one).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", type="WORKS_WITH")
    0
    >>> g.nodes["a"]["label"] = g.nodes["b"]["label"] = "Organisation"
    >>> projection_of_graph(g) is projection_of_graph(g)
    True
    """
    with _lock:
        per_kind = _cache.setdefault(g, {})
        p = per_kind.get(kind)
        # a node count that moved means the graph was edited in place: build afresh
        if p is None or p.memo.get("nodes_in_graph") != len(g):
            p = build_projection(
                kind,
                ((n, d.get("label"), d.get("name")) for n, d in g.nodes(data=True)),
                g.edges(data="type"),
            )
            p.memo["nodes_in_graph"] = len(g)
            per_kind[kind] = p
        return p


def projection_from_cypher(run: Callable[..., list[dict[str, Any]]], kind: str) -> Projection:
    """The projection pulled from Neo4j in two read queries, then computed on here the same way
    as on the embedded store.

    Where the Graph Data Science library is installed, this is where it would take over:
    ``gds.graph.project`` with the same labels and relationship types, then
    ``gds.betweenness.stream`` / ``gds.louvain.stream`` on the server instead of pulling the
    graph (not available on the test server here, so not done).
    """
    nodes = run(
        "MATCH (n:Entity) WHERE NOT n.label IN $never "
        "RETURN n.id AS id, n.label AS label, n.name AS name",
        never=sorted(NEVER),
    )
    edges = run(
        "MATCH (a:Entity)-[r]->(b:Entity) WHERE NOT type(r) IN $skip "
        "RETURN a.id AS a, b.id AS b, type(r) AS type",
        skip=sorted(LOCATING) if kind == "partnership" else [],
    )
    return build_projection(
        kind,
        ((r["id"], r["label"], r["name"]) for r in nodes),
        [(r["a"], r["b"], r["type"]) for r in edges],
    )
