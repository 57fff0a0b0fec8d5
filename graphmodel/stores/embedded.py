"""The embedded store: a NetworkX MultiDiGraph in memory, optionally saved to a JSON file."""

from __future__ import annotations

import json
import stat
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from graphmodel.build.bulk import paused_gc
from graphmodel.build.graph import PartnerGraph
from graphmodel.build.names import NameIndex
from graphmodel.safety.atomic import why, write_text_atomic

from ..errors import StoreFileError
from .base import EDGE_CORE, GraphStore, Progress, graph_from_rows

__all__ = [
    "EmbeddedStore",
    "DamagedStore",
    "adopt",
    "graph_with",
    "read_store_file",
    "relationship_rows",
    "wiring_of",
]

T = TypeVar("T")


class DamagedStore(StoreFileError):
    """A store file that exists but cannot be read as a store (truncated, binary, foreign)."""


def read_store_file(path: Path) -> PartnerGraph:
    """The graph saved in a store file.

    Raises
    ------
    DamagedStore
        In one line: which file, what is wrong with it, and what to do.
    StoreFileError
        When the file cannot be read at all (permissions, a disk error).
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # reading a pipe would wait for ever
            raise StoreFileError(
                f"the store {path} is not a regular file (a folder or a pipe): give a file"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise StoreFileError(f"cannot read the store {path}: {why(exc)}") from None
    try:
        with paused_gc():
            data = json.loads(raw.decode("utf-8"))
            return graph_from_rows(data["nodes"], data["edges"])
    except UnicodeDecodeError:
        problem = "it is not text (a binary file?)"
    except json.JSONDecodeError as exc:
        ends_early = exc.pos >= len(raw.rstrip()) - 1 or exc.msg.startswith("Unterminated")
        problem = (
            "it ends early (truncated: a write was cut off?)"
            if ends_early
            else f"it is not valid JSON (line {exc.lineno}, column {exc.colno})"
        )
    except (KeyError, TypeError, AttributeError, ValueError):
        problem = "it is JSON, but not a partnergraph store"
    raise DamagedStore(
        f"the store {path} cannot be read: {problem}. Rebuild it with 'partnergraph load "
        f"--db {path}' (which replaces it), or give another --db"
    )


class EmbeddedStore(GraphStore):
    """Holds the graph in a ``networkx.MultiDiGraph``; no server needed.

    Parameters
    ----------
    path : str or Path, optional
        A JSON file to keep the graph in between runs. Written atomically (a temporary file
        renamed over the old one), so a crash never leaves half a graph.

    Examples
    --------
    >>> from graphmodel.build.graph import PartnerGraph, Node
    >>> g = PartnerGraph(nodes={"a": Node("a", "Theme", "A", sources=["doc § s"])})
    >>> store = EmbeddedStore()
    >>> store.replace(g)
    >>> store.counts()["nodes"]
    {'Theme': 1}
    """

    kind = "embedded"

    def __init__(self, path: str | Path | None = None, read: bool = True):
        self.path = Path(path) if path else None
        self.g = nx.MultiDiGraph()
        self._index: tuple[nx.MultiDiGraph, NameIndex] | None = None
        self._derived: tuple[nx.MultiDiGraph, dict[str, Any]] = (self.g, {})
        if self.path and read and self.path.exists():
            self.g = self._to_nx(read_store_file(self.path))

    @staticmethod
    def _to_nx(graph: PartnerGraph) -> nx.MultiDiGraph:
        """The store's graph of ``graph``: its own node and relationship dicts (a ``Node`` and
        an ``Edge`` are the attribute dicts NetworkX keeps), wired into NetworkX's adjacency
        directly, so nothing is copied or built a second time."""
        return adopt(graph.nodes, graph.edges)

    def replace(self, graph: PartnerGraph, progress: Progress | None = None) -> None:
        """Hold exactly ``graph``, keeping its nodes' and relationships' dicts as they are: the
        graph must not be changed after (the loaders never do; copy it first if you would)."""
        total = len(graph.nodes) + len(graph.edges)
        by_type: dict[str, int] = {}
        new = adopt(graph.nodes, graph.edges, by_type)
        if progress:
            progress(total, total, "built in memory")
        if self.path:
            self._save(new)
        # the counts come with the build (walking a million relationships again took 0.8 s);
        # kept for this graph only, as ``derived`` keeps everything
        self._derived = (new, {"counts": _counts(new, by_type)})
        self.g = new  # the swap is the commit: readers see the old graph or the new, never half
        self._index = None  # the old graph's name index goes with it

    def add(
        self,
        part: PartnerGraph,
        before_commit: Callable[[], None] | None = None,
        undo: Callable[[], None] | None = None,
    ) -> None:
        """Add ``part``'s nodes and relationships (a record just written) without rebuilding:
        a new graph sharing everything the part leaves alone is swapped in (readers see the
        old graph or the new one). ``before_commit`` and ``undo`` as in ``GraphStore.add``."""
        if before_commit:
            before_commit()
        try:
            new = graph_with(
                self.g,
                ((node.id, node.as_dict()) for node in part.nodes.values()),
                ((e.src, e.dst, f"{e.type}|{e.key}", e.as_dict()) for e in part.edges.values()),
            )
            if self.path:
                self._save(new)
        except BaseException:
            if undo:
                undo()
            raise
        self.g = new
        # what was kept for the old graph goes with it (else it keeps the old graph alive)
        self._derived = (new, {})
        self._index = None

    def _save(self, g: nx.MultiDiGraph) -> None:
        assert self.path is not None
        payload = {
            "nodes": [dict(d) for _, d in sorted(g.nodes(data=True))],
            "edges": [dict(d) for _, _, d in g.edges(data=True)],
        }
        write_text_atomic(self.path, json.dumps(payload, ensure_ascii=False))

    def counts(self) -> dict[str, dict[str, int]]:
        """Nodes by label and relationships by type, counted once per graph (a C-level walk
        of NetworkX's dicts: the edge views took a second at 1M relationships)."""
        kept = self.derived("counts", lambda: _counts(self.g))
        return {"nodes": dict(kept["nodes"]), "relationships": dict(kept["relationships"])}

    def node(self, node_id: str) -> dict[str, Any] | None:
        if node_id not in self.g:
            return None
        return dict(self.g.nodes[node_id])

    def relationships(self, node_id: str) -> list[dict[str, Any]]:
        return relationship_rows(self.g, node_id)

    def read_view(self) -> nx.MultiDiGraph:
        """The graph this store holds, not a copy: it is never changed in place (a write
        swaps in a new one), so a reader keeps a consistent graph for as long as it reads."""
        return self.g

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per graph: kept until a write swaps the graph."""
        g, values = self._derived
        if g is not self.g:
            g, values = self.g, {}
            self._derived = (g, values)
        if name not in values:
            values[name] = compute()
        return values[name]

    @property
    def description(self) -> str:
        return f"the embedded store ({self.path})" if self.path else "the embedded store"

    def name_index(self) -> NameIndex:
        """Built once per graph, not per look-up by name (seconds at 1M relationships): the
        graph is only ever swapped whole by ``replace``, so it is the cache's key."""
        if self._index is None or self._index[0] is not self.g:
            self._index = (self.g, super().name_index())
        return self._index[1]

    def iter_nodes(self) -> Iterator[dict[str, Any]]:
        for _, d in sorted(self.g.nodes(data=True)):
            yield dict(d)

    def iter_edges(self) -> Iterator[dict[str, Any]]:
        rows = [dict(d) for _, _, d in self.g.edges(data=True)]
        rows.sort(key=lambda r: tuple(str(r.get(k) or "") for k in EDGE_CORE[:4]))
        yield from rows


def relationship_rows(g: nx.MultiDiGraph, node_id: str) -> list[dict[str, Any]]:
    """A node's relationships both ways in a graph shaped like the embedded store's: each
    edge's properties plus ``direction`` (out or in) and the other end's id, label and name."""
    if node_id not in g:
        return []
    out = []
    for direction, edges in (
        ("out", g.out_edges(node_id, data=True)),
        ("in", g.in_edges(node_id, data=True)),
    ):
        for u, v, d in edges:
            other = v if direction == "out" else u
            od = g.nodes[other]
            out.append(
                {
                    **d,
                    "direction": direction,
                    "other_id": other,
                    "other_label": od.get("label"),
                    "other_name": od.get("name"),
                }
            )
    out.sort(key=lambda r: (r["type"], r["direction"], r["other_id"], r.get("key") or ""))
    return out


def graph_with(g: nx.MultiDiGraph, nodes, edges) -> nx.MultiDiGraph:
    """``g`` plus ``nodes`` (id, properties) and ``edges`` (source, target, key, properties), as
    a new graph that shares with ``g`` every node's and neighbour's dict it does not change.

    Copy on write: the three outer dicts are copied (milliseconds at a million relationships),
    and the inner ones only for the nodes the additions touch, so ``g`` is left exactly as it
    was for whoever still reads it, and nothing is rebuilt.
    """
    new = g.__class__()
    new.graph = dict(g.graph)
    new._node = dict(g._node)
    new._succ = new._adj = dict(g._succ)
    new._pred = dict(g._pred)
    own_succ: set = set()
    own_pred: set = set()

    def node(n, attrs=None) -> None:
        if n in new._node:
            if attrs:
                new._node[n] = {**new._node[n], **attrs}
            return
        new._node[n] = dict(attrs or {})
        new._succ[n], new._pred[n] = {}, {}
        own_succ.add(n)
        own_pred.add(n)

    for n, attrs in nodes:
        node(n, attrs)
    for u, v, key, data in edges:
        node(u)
        node(v)
        if u not in own_succ:
            new._succ[u] = dict(new._succ[u])
            own_succ.add(u)
        if v not in own_pred:
            new._pred[v] = dict(new._pred[v])
            own_pred.add(v)
        keys = dict(new._succ[u].get(v, {}))
        keys[key] = dict(data)
        new._succ[u][v] = keys
        new._pred[v][u] = keys
    return new


@dataclass(eq=False)
class Wiring:
    """What each relationship of a graph made by :func:`adopt` joins, in the order it was wired:
    relationship ``j`` runs from the node whose successor dict is ``heads[j]`` to the node
    whose predecessor dict is ``tails[j]``, under the key string ``kinds[j]`` ("TYPE|key"),
    whose type is ``types[kinds[j]]``.

    Kept so the analytics can read a million relationships as arrays without walking
    NetworkX's dicts again (the dicts and key strings are the graph's own, so keeping them
    costs three pointers a relationship). The store never edits a graph in place (a write
    swaps in a new graph, which has no wiring): ``nodes`` is the count it was made with, a
    check against a graph edited in place by hand.
    """

    nodes: int
    heads: list[dict]
    tails: list[dict]
    kinds: list[str]
    types: dict[str, str]


_wired: weakref.WeakKeyDictionary[nx.MultiDiGraph, Wiring] = weakref.WeakKeyDictionary()


def wiring_of(g: nx.MultiDiGraph) -> Wiring | None:
    """The :class:`Wiring` :func:`adopt` kept with ``g``; None for a graph it did not make
    (then read ``g`` itself), or one whose node count has moved since."""
    w = _wired.get(g)
    return w if w is not None and w.nodes == len(g._node) else None


def adopt(
    nodes: dict[str, dict[str, Any]], edges, by_type: dict[str, int] | None = None
) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` holding ``nodes`` (id -> attribute dict) and ``edges`` (attribute
    dicts with ``source``, ``target``, ``type`` and ``key``) themselves, not copies, keyed
    ``"TYPE|key"`` as ``add_edges_from`` would key them; the same graph, three times quicker.
    ``edges`` may be a ``PartnerGraph``'s, keyed by ``Edge.ident`` (source, type, target,
    key): the keys are read then, not each relationship's dict (a million look-ups fewer).
    ``by_type``, if given, is filled with the number of relationships of each type.

    >>> g = adopt({"a": {"id": "a"}, "b": {"id": "b"}},
    ...           [{"source": "a", "target": "b", "type": "PART_OF", "key": ""}])
    >>> list(g.edges(keys=True)), g.nodes["a"] is not None
    ([('a', 'b', 'PART_OF|')], True)
    """
    counted: Counter[str] | None = None
    if isinstance(edges, dict):
        keyed = edges.items()
        # keys unique, so one relationship each, unless a type holds "|" and two keys make
        # the same key string ("A|B", "" and "A", "B|"): then the wired graph is counted
        counted = Counter(map(itemgetter(1), edges))
        if any("|" in t for t in counted):
            counted = None
    else:
        keyed = (((e["source"], e["type"], e["target"], e["key"]), e) for e in edges)
    g = nx.MultiDiGraph()
    # what each relationship joins, kept with the graph for the analytics (see ``Wiring``):
    # three list appends per relationship while the loop holds them anyway
    heads: list[dict] = []
    tails: list[dict] = []
    kinds: list[str] = []
    head, tail, kind = heads.append, tails.append, kinds.append
    with paused_gc():
        g._node = dict(nodes)
        succ: dict[str, dict] = {n: {} for n in g._node}
        pred: dict[str, dict] = {n: {} for n in g._node}
        names: dict[tuple[str, str], str] = {}  # one key string per (type, key): most keys are ""
        plain: dict[str, str] = {}  # the same for the key "", looked up by type alone
        out_of, into_of = succ.get, pred.get  # bound once: two attribute look-ups a relationship
        for (u, t, v, k), e in keyed:
            out = out_of(u)
            if out is None:  # an end without a node of its own (never from the builder)
                g._node[u], out, pred[u] = {}, {}, {}
                succ[u] = out
            into = into_of(v)
            if into is None:
                g._node[v], succ[v], into = {}, {}, {}
                pred[v] = into
            keys = out.get(v)
            if keys is None:
                keys = out[v] = into[u] = {}
            name = names.get((t, k)) if k else plain.get(t)
            if name is None:
                name = names[(t, k)] = f"{t}|{k}"
                if not k:
                    plain[t] = name
            keys[name] = e
            head(out)
            tail(into)
            kind(name)
        g._succ = g._adj = succ
        g._pred = pred
    _wired[g] = Wiring(len(g._node), heads, tails, kinds, {n: t for (t, _), n in names.items()})
    if by_type is not None:
        by_type.update(counted if counted is not None else _counts(g)["relationships"])
    return g


def _counts(g: nx.MultiDiGraph, by_type: dict[str, int] | None = None) -> dict[str, dict[str, int]]:
    """Nodes by label and relationships by type (``by_type`` if counted already)."""
    nodes = Counter(map(dict.get, g._node.values(), repeat("label")))
    if by_type is None:
        by_pair = chain.from_iterable(map(dict.values, g._succ.values()))  # {key: data} per pair
        edges = chain.from_iterable(map(dict.values, by_pair))
        by_type = Counter(map(dict.get, edges, repeat("type")))
    rels = {t: c for t, c in by_type.items() if c}
    return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}
