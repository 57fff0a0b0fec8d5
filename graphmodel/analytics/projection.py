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
from functools import cached_property, partial
from itertools import chain, repeat
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np

from graphmodel.model.projections import PROJECTIONS
from graphmodel.stores.embedded import Wiring, wiring_of

from .identity import positions

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
    graph: ig.Graph
    #: the names of these vertices, read from the nodes when asked (a question that shows
    #: twenty rows needs twenty names, not a quarter of a million)
    names_of: Callable[[Iterable[int]], list[str | None]] = field(repr=False)
    #: results derived from this projection (scores, communities), kept as long as it is
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def names(self) -> list[str | None]:
        """Every vertex's name."""
        return self.names_of(range(len(self.ids)))

    def name(self, v: int) -> str | None:
        """Vertex ``v``'s name, without reading every name."""
        names = self.__dict__.get("names")
        return names[v] if names is not None else self.names_of((v,))[0]

    @cached_property
    def index(self) -> dict[str, int]:
        """Vertex of each id: made when first asked for (a tenth of a second at a million
        relationships that a ranking by vertex number never needs)."""
        return dict(zip(self.ids, range(len(self.ids)), strict=True))

    @property
    def description(self) -> str:
        return PROJECTIONS[self.kind]

    def degree(self) -> list[int]:
        if "degree" not in self.memo:
            self.memo["degree"] = self.graph.degree()
        return self.memo["degree"]

    def edge_array(self) -> np.ndarray:
        """The edges as an ``(edges, 2)`` array of vertex numbers, in the graph's order."""
        if "edge array" not in self.memo:
            edges = self.graph.get_edgelist()
            self.memo["edge array"] = np.array(edges, dtype=np.int64).reshape(len(edges), 2)
        return self.memo["edge array"]

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
        ids,
        labels,
        lambda nodes: [names[i] for i in nodes],
        np.array(heads, dtype=np.int64),
        np.array(tails, dtype=np.int64),
        *_coded(types),
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
    runs from node ``heads[j]`` to node ``tails[j]`` and has type ``types[kinds[j]]``;
    ``names_at(nodes)`` are those nodes' names (read only when asked)."""

    ids: list[str]
    labels: list[str | None]
    names_at: Callable[[list[int]], list[str | None]]
    heads: np.ndarray
    tails: np.ndarray
    kinds: np.ndarray
    types: list[str | None]

    @classmethod
    def of(cls, g: nx.MultiDiGraph) -> GraphArrays:
        """Read ``g``: from the wiring the embedded store kept when it made ``g`` if there is
        one (:func:`graphmodel.stores.embedded.wiring_of`), otherwise from NetworkX's own
        adjacency dicts."""
        w = wiring_of(g)
        found = cls._of_wiring(g, w) if w is not None else None
        return found if found is not None else cls._of_adjacency(g)

    @classmethod
    def _of_wiring(cls, g: nx.MultiDiGraph, w: Wiring) -> GraphArrays | None:
        """The relationships as the store wired them: each end is known by its node's own
        successor or predecessor dict, and each type by its key string, so a million
        relationships are numbered by their objects' addresses in numpy, not by a million
        dict look-ups. None if any object is not the graph's (then read the dicts)."""
        nodes, succ, pred = g._node, g._succ, g._pred
        if not len(nodes) == len(succ) == len(pred):
            return None
        # NetworkX adds and removes a node in all three dicts at once, and adopt made them in
        # one order: the n-th successor dict is the n-th node's
        heads = positions(w.heads, list(succ.values()))
        tails = positions(w.tails, list(pred.values()))
        kinds = positions(w.kinds, list(w.types))
        if heads is None or tails is None or kinds is None:
            return None
        return cls(
            ids=list(nodes),
            labels=list(map(dict.get, nodes.values(), repeat("label"))),
            names_at=_names_reader(list(nodes.values())),
            heads=heads,
            tails=tails,
            kinds=kinds,
            types=list(w.types.values()),
        )

    @classmethod
    def _of_adjacency(cls, g: nx.MultiDiGraph) -> GraphArrays:
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
            ids,
            list(map(dict.get, nodes.values(), repeat("label"))),
            _names_reader(list(nodes.values())),
            heads,
            np.repeat(tails, per_pair),
            *_coded(list(map(dict.get, edges, repeat("type")))),
        )


def _names_reader(data: list[dict]) -> Callable[[list[int]], list[str | None]]:
    """The names of nodes given by number, read from their property dicts when asked."""
    return lambda chosen: list(map(dict.get, map(data.__getitem__, chosen), repeat("name")))


def _coded(types: list[str | None]) -> tuple[np.ndarray, list[str | None]]:
    """``types`` as codes into the list of its distinct values."""
    distinct = list(dict.fromkeys(types))
    code = {t: i for i, t in enumerate(distinct)}
    return np.fromiter(map(code.__getitem__, types), dtype=np.int64, count=len(types)), distinct


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
        located = np.array([t in LOCATING for t in a.types], dtype=bool)[a.kinds]
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
    at = np.full(n, -1, dtype=np.int64)
    at[chosen] = np.arange(len(chosen), dtype=np.int64)
    lows, highs = _unique_index_pairs(at[heads[keep]], at[tails[keep]])
    p = Projection(
        kind=kind,
        ids=list(map(ids_of.__getitem__, chosen)),
        labels=list(map(a.labels.__getitem__, chosen)),
        graph=_graph(len(chosen), lows, highs),
        names_of=partial(_names_of_vertices, a.names_at, chosen),  # not the arrays: they go
    )
    p.memo["edge array"] = np.stack((lows, highs), axis=1)  # as igraph lists them, at hand
    return p


def _names_of_vertices(names_at, chosen: list[int], vertices: Iterable[int]) -> list[str | None]:
    return names_at(list(map(chosen.__getitem__, vertices)))


def _unique_index_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertex pairs (low, high) without repeats, sorted, as the lows and the highs: one edge
    however many relationships (either direction) join two nodes."""
    if not len(a):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    n = int(max(a.max(), b.max())) + 1
    keys = np.minimum(a, b) * n + np.maximum(a, b)
    keys.sort()  # then drop repeats: np.unique hashes, 20 times slower here at 1M
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
    return keys // n, keys % n


def _graph(n: int, lows: np.ndarray, highs: np.ndarray) -> ig.Graph:
    """An igraph graph of ``n`` vertices and these edges, in order: igraph reads pairs of
    Python ints (zipped as it reads them) several times quicker than a numpy array or a list
    of lists."""
    return ig.Graph(n=n, edges=zip(lows.tolist(), highs.tolist(), strict=True))


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
