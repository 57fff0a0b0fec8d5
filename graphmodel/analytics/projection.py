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
from itertools import chain, repeat
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
    ids: list[str] = []
    labels: list[str | None] = []
    names: list[str | None] = []
    index: dict[str, int] = {}
    for n, label, name in nodes:
        if n not in index:
            index[n] = len(ids)
            ids.append(n)
            labels.append(label)
            names.append(name)
        else:  # a node given twice: the last word, as a dict would keep it
            labels[index[n]], names[index[n]] = label, name
    heads: list[int] = []
    tails: list[int] = []
    types: list[str | None] = []
    for u, v, t in edges:
        if u in index and v in index:  # an end not among the nodes is left out, as before
            heads.append(index[u])
            tails.append(index[v])
            types.append(t)
    arrays = GraphArrays(
        ids, labels, names, np.array(heads, dtype=np.int64), np.array(tails, dtype=np.int64), types
    )
    return _project(kind, arrays)


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
    if kind not in PROJECTIONS:
        raise ValueError(f"no projection {kind!r}; projections: {', '.join(PROJECTIONS)}")
    with _lock:
        per_kind = _cache.setdefault(g, {})
        p = per_kind.get(kind)
        # a node count that moved means the graph was edited in place: build afresh
        if p is None or p.memo.get("nodes_in_graph") != len(g):
            p = _project(kind, GraphArrays.of(g))
            p.memo["nodes_in_graph"] = len(g)
            per_kind[kind] = p
        return p


@dataclass(eq=False)
class GraphArrays:
    """A NetworkX graph as arrays, read in bulk: node ``i`` is ``ids[i]``; relationship ``j``
    runs from node ``heads[j]`` to node ``tails[j]`` and has type ``types[j]``."""

    ids: list[str]
    labels: list[str | None]
    names: list[str | None]
    heads: np.ndarray
    tails: np.ndarray
    types: list[str | None]

    @classmethod
    def of(cls, g: nx.MultiDiGraph) -> GraphArrays:
        """Read ``g`` a neighbour dict at a time (C-level list extends and maps over NetworkX's
        own adjacency dicts), not a relationship at a time through its edge views: at 1M
        relationships the per-relationship loop was most of an analytics' first call."""
        nodes = g._node
        ids = list(nodes)
        index = {n: i for i, n in enumerate(ids)}
        starts: list[int] = []
        fanout: list[int] = []
        far: list[str] = []
        keyed: list[dict] = []  # per (u, v): its relationships by key
        for u, nbrs in g._succ.items():
            if nbrs:
                starts.append(index[u])
                fanout.append(len(nbrs))
                far.extend(nbrs)
                keyed.extend(nbrs.values())
        per_pair = np.fromiter(map(len, keyed), dtype=np.int64, count=len(keyed))
        heads = np.repeat(np.repeat(np.array(starts, dtype=np.int64), fanout), per_pair)
        tails = np.fromiter(map(index.__getitem__, far), dtype=np.int64, count=len(far))
        edges = list(chain.from_iterable(map(dict.values, keyed)))
        return cls(
            ids=ids,
            labels=list(map(dict.get, nodes.values(), repeat("label"))),
            names=list(map(dict.get, nodes.values(), repeat("name"))),
            heads=heads,
            tails=np.repeat(tails, per_pair),
            types=list(map(dict.get, edges, repeat("type"))),
        )


#: how the projections see a node's label: 1 takes part, 2 a place, 3 never, 0 anything else
_CLASS = {**dict.fromkeys(TAKING_PART, 1), "Place": 2, **dict.fromkeys(NEVER, 3)}


def _project(kind: str, a: GraphArrays) -> Projection:
    """The projection ``kind`` of a graph read as arrays: ``build_projection``'s rules, applied
    to every relationship at once."""
    n = len(a.ids)
    cls = np.fromiter(map(_CLASS.get, a.labels, [0] * n), dtype=np.int8, count=n)
    heads, tails = a.heads, a.tails
    ch, ct = cls[heads], cls[tails]
    apart = heads != tails
    if kind == "all":
        keep = apart & (ch != 3) & (ct != 3)
        member = cls != 3
    else:
        located = np.fromiter(map(LOCATING.__contains__, a.types), dtype=bool, count=len(a.types))
        ok = apart & ~located
        part_part = ok & (ch == 1) & (ct == 1)
        part_place = ok & (ch == 1) & (ct == 2)
        place_part = ok & (ch == 2) & (ct == 1)
        places = np.zeros(n, dtype=bool)  # places something other than locating links reaches
        places[tails[part_place]] = True
        places[heads[place_part]] = True
        place_place = ok & (ch == 2) & (ct == 2) & places[heads] & places[tails]
        keep = part_part | part_place | place_part | place_place
        member = (cls == 1) | places
    ids_of = a.ids
    chosen = sorted(np.flatnonzero(member).tolist(), key=ids_of.__getitem__)  # by id
    ids = [ids_of[i] for i in chosen]
    at = np.full(n, -1, dtype=np.int64)
    at[chosen] = np.arange(len(chosen), dtype=np.int64)
    return Projection(
        kind=kind,
        ids=ids,
        labels=[a.labels[i] for i in chosen],
        names=[a.names[i] for i in chosen],
        # igraph reads a list of pairs several times quicker than a numpy array
        graph=ig.Graph(
            n=len(ids), edges=_unique_index_pairs(at[heads[keep]], at[tails[keep]]).tolist()
        ),
        index={x: i for i, x in enumerate(ids)},
    )


def _unique_index_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Vertex pairs (low, high) without repeats, sorted: one edge however many relationships
    (either direction) join two nodes."""
    if not len(a):
        return np.zeros((0, 2), dtype=np.int64)
    n = int(max(a.max(), b.max())) + 1
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keys = np.unique(lo * n + hi)
    return np.stack((keys // n, keys % n), axis=1)


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
