"""The one contract every store keeps.

Only the stores know which store they are. Everything above them reads through this contract:
the node and relationship reads below, :meth:`GraphStore.read_view` for graph algorithms, and
:meth:`GraphStore.run_named` for a named read, which keeps its two forms side by side in its own
module (an ``embedded`` function over the read view and a ``cypher`` function over
``read_rows``): each store runs the form it can.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import networkx as nx

from graphmodel.build.graph import Edge, Node, PartnerGraph
from graphmodel.build.names import NameIndex

from ..errors import NodeNotFound

__all__ = ["GraphStore", "NamedRead", "Progress", "ReadForms", "graph_from_rows", "view_from_rows"]

T = TypeVar("T")

#: progress(done, total, what) — called while loading, so a CLI can show a bar
Progress = Callable[[int, int, str], None]

#: node fields that are not free properties
NODE_CORE = ("id", "label", "name", "aliases", "sources")
EDGE_CORE = ("source", "target", "type", "key", "sources")


class NamedRead(Protocol):
    """A read in both forms: ``embedded(view, **values)`` over :meth:`GraphStore.read_view`, and
    ``cypher(read_rows, **values)``, where ``read_rows(statement, **params)`` runs parameterised
    Cypher. Both give the same rows. A catalogue query (``graphmodel.queries``) is one."""

    embedded: Callable[..., list[dict[str, Any]]]
    cypher: Callable[..., list[dict[str, Any]]]


@dataclass(frozen=True)
class ReadForms:
    """A :class:`NamedRead` that is not a catalogue query (the papers behind source labels)."""

    embedded: Callable[..., list[dict[str, Any]]]
    cypher: Callable[..., list[dict[str, Any]]]


class GraphStore(ABC):
    """A partnership graph held somewhere: in memory (NetworkX) or in Neo4j.

    A store holds one register's graph at a time: :meth:`replace` swaps the whole graph in one
    atomic step, so a failed load leaves the previous graph untouched, and loading the same
    register twice gives the same graph.
    """

    #: the store's name in messages ("Loaded into the embedded store"); never a reason to branch
    kind: str = "abstract"
    #: whether the store runs Cypher itself: a person's read-only queries (the console) and
    #: export scripts; the embedded store does not
    runs_cypher: bool = False

    @abstractmethod
    def replace(self, graph: PartnerGraph, progress: Progress | None = None) -> None:
        """Make the store hold exactly ``graph`` (all or nothing). A store may keep the graph's
        own node and relationship dicts (the embedded store does, to build it only once), so do
        not change ``graph`` afterwards."""

    @abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """``{"nodes": {label: n}, "relationships": {type: n}}``."""

    @abstractmethod
    def node(self, node_id: str) -> dict[str, Any] | None:
        """The node's properties (with ``id``, ``label``, ``name``, ``aliases``, ``sources``)."""

    @abstractmethod
    def relationships(self, node_id: str) -> list[dict[str, Any]]:
        """Every relationship touching the node: ``type``, ``source``, ``target``, ``key``,
        ``sources``, the other end's ``other_id``/``other_label``/``other_name`` and
        ``direction`` ("out" or "in"), sorted by type, direction and other id."""

    @abstractmethod
    def iter_nodes(self) -> Iterator[dict[str, Any]]:
        """Every node as a property dict, sorted by id."""

    @abstractmethod
    def iter_edges(self) -> Iterator[dict[str, Any]]:
        """Every relationship as a property dict, sorted by (source, type, target, key)."""

    def add(
        self,
        part: PartnerGraph,
        before_commit: Callable[[], None] | None = None,
        undo: Callable[[], None] | None = None,
    ) -> None:
        """Add ``part``'s nodes and relationships (a record just written) to what the store
        holds, together with ``before_commit`` (writing the register file): if it fails, the
        store is left as it was; if the store then fails, ``undo`` puts the file back. So the
        file and the store change together or not at all. This default reads everything back
        and replaces it; stores do better."""
        if before_commit:
            before_commit()
        try:
            graph = self.to_graph()
            graph.nodes.update(part.nodes)
            graph.edges.update(part.edges)
            self.replace(graph)
        except BaseException:
            if undo:
                undo()
            raise

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading for algorithms and named reads ---------------------------------
    def read_view(self) -> nx.MultiDiGraph:
        """The whole graph as a NetworkX ``MultiDiGraph``, for graph algorithms and the
        embedded form of named reads: each node's attributes are its properties (as
        :meth:`node` gives them), each relationship is keyed ``"TYPE|key"`` with its properties
        (as :meth:`iter_edges` gives them). Read it, never change it: a store may hand out the
        graph it holds. This default reads the whole store each call."""
        return view_from_rows(self.iter_nodes(), self.iter_edges())

    def run_named(self, query: NamedRead, values: dict[str, Any]) -> list[dict[str, Any]]:
        """The rows of ``query`` with ``values`` as this store answers them: by default the
        embedded form over :meth:`read_view`; a store that runs Cypher runs the Cypher form."""
        return query.embedded(self.read_view(), **values)

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, kept while the graph stays as it is where the store can tell (the
        embedded store: until its next write); by default computed on every call."""
        return compute()

    @property
    def description(self) -> str:
        """Where the graph is, for a message: "the embedded store (graph.json)"."""
        return f"the {self.kind} store"

    # -- shared behaviour --------------------------------------------------
    def name_index(self) -> NameIndex:
        return NameIndex(
            (n["id"], n["label"], [n.get("name") or n["id"], *(n.get("aliases") or [])])
            for n in self.iter_nodes()
        )

    def get(self, node_id: str) -> dict[str, Any]:
        """The node with this id, or with this name or alias; NodeNotFound suggests near ids."""
        found = self.node(node_id)
        if found is not None:
            return found
        index = self.name_index()
        ids = index.resolve(node_id)
        if len(ids) == 1:
            hit = self.node(ids[0])
            if hit is not None:
                return hit
        if len(ids) > 1:  # a name shared by several records: say which, never guess
            labels = [f"{i} ({(self.node(i) or {}).get('label', '?')})" for i in ids]
            raise NodeNotFound(node_id, labels, ambiguous=True)
        raise NodeNotFound(node_id, ids or index.near_misses(node_id))

    def to_graph(self) -> PartnerGraph:
        """Read the whole store back as a :class:`PartnerGraph` (for export and comparison)."""
        return graph_from_rows(self.iter_nodes(), self.iter_edges())


def view_from_rows(nodes, edges) -> nx.MultiDiGraph:
    """A :meth:`GraphStore.read_view` built from node and relationship property rows.

    >>> view = view_from_rows(
    ...     [{"id": "a", "label": "Theme", "name": "A"}, {"id": "b", "label": "Theme", "name": "B"}],
    ...     [{"source": "a", "target": "b", "type": "SUBTHEME_OF", "key": ""}],
    ... )
    >>> list(view.edges(keys=True, data="type"))
    [('a', 'b', 'SUBTHEME_OF|', 'SUBTHEME_OF')]
    """
    g = nx.MultiDiGraph()
    g.add_nodes_from((row["id"], row) for row in nodes)
    g.add_edges_from(
        (row["source"], row["target"], f"{row['type']}|{row.get('key') or ''}", row)
        for row in edges
    )
    return g


def graph_from_rows(nodes, edges) -> PartnerGraph:
    g = PartnerGraph()
    for row in nodes:
        props = {k: v for k, v in row.items() if k not in NODE_CORE}
        g.nodes[row["id"]] = Node(
            id=row["id"],
            label=row["label"],
            name=row.get("name") or row["id"],
            props=props,
            aliases=list(row.get("aliases") or []),
            sources=list(row.get("sources") or []),
        )
    for row in edges:
        props = {k: v for k, v in row.items() if k not in EDGE_CORE}
        e = Edge(
            src=row["source"],
            dst=row["target"],
            type=row["type"],
            key=row.get("key") or "",
            props=props,
            sources=list(row.get("sources") or []),
        )
        g.edges[e.ident] = e
    return g
