"""The property graph built from validated register records.

Nodes and edges hold only Neo4j-storable values (scalars and lists of scalars), so the same
``PartnerGraph`` can be written to the embedded store or to Neo4j unchanged. Every node and edge
carries ``sources``: a list of ``"file § section"`` strings.

Each record kind has one builder, registered by its model class (``registry.py``; the kinds'
builders are in ``kinds.py``, ``monitoring.py`` and ``strategy.py``). :func:`build_graph` runs
them and then checks every reference at once.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import pycountry

from graphmodel.errors import RegisterIssue
from graphmodel.model.records import RECORD_MODELS

from . import kinds, monitoring, strategy
from .registry import BUILDERS, TARGETS

__all__ = ["Node", "Edge", "PartnerGraph", "build_graph", "NODE_LABELS", "EDGE_TYPES"]

_KIND_MODULES = (kinds, monitoring, strategy)  # imported for their builders, which register
#: the reference twin network's places (graphmodel.twins), kept apart from the register's records
REFERENCE_LABEL = "ReferencePlace"
#: reference twin links, and register records matched to a reference place
REFERENCE_EDGE_TYPES = {"TWINNED_WITH", "SAME_PLACE_AS"}
NODE_LABELS = sorted(
    {label for _, label in RECORD_MODELS.values() if label} | {"Country", REFERENCE_LABEL}
)
EDGE_TYPES = sorted(
    {t for build in BUILDERS.values() for t in build.edge_types} | REFERENCE_EDGE_TYPES
)


#: the keys of a node's dict that are not free properties, and of a relationship's
NODE_KEYS = ("id", "label", "name", "aliases", "sources")
EDGE_KEYS = ("source", "target", "type", "key", "sources")


class _Props(MutableMapping):
    """A record's free properties: its dict less the keys every node (or relationship) has."""

    __slots__ = ("_d", "_core")

    def __init__(self, d: dict, core: tuple[str, ...]) -> None:
        self._d, self._core = d, core

    def __getitem__(self, k: str) -> Any:
        if k in self._core:
            raise KeyError(k)
        return self._d[k]

    def __setitem__(self, k: str, v: Any) -> None:
        if k in self._core:
            raise KeyError(f"{k!r} is not a free property")
        self._d[k] = v

    def __delitem__(self, k: str) -> None:
        if k in self._core:
            raise KeyError(k)
        del self._d[k]

    def __iter__(self) -> Iterator[str]:
        return (k for k in self._d if k not in self._core)

    def __len__(self) -> int:
        return len(self._d) - len(self._core)

    def __repr__(self) -> str:
        return repr(dict(self))


class Node(dict):
    """A node as the embedded store keeps it: one dict of ``id``, ``label``, ``name``,
    ``aliases``, ``sources`` and the record's other properties (``props``, a live view).

    The builder makes each node's dict once, and the embedded store keeps that very dict as the
    node's attributes in its NetworkX graph (no copy), so a graph handed to a store must not be
    changed afterwards.

    Examples
    --------
    >>> n = Node("kcc", "Organisation", "Kent County Council", {"home": True}, ["KCC"])
    >>> n.label, n.props["home"], n["aliases"]
    ('Organisation', True, ['KCC'])
    """

    __slots__ = ()

    def __init__(
        self,
        id: str,
        label: str,
        name: str,
        props: Mapping[str, Any] | None = None,
        aliases: list[str] | None = None,
        sources: list[str] | None = None,
    ) -> None:
        super().__init__(
            id=id,
            label=label,
            name=name,
            aliases=[] if aliases is None else aliases,
            sources=[] if sources is None else sources,
        )
        if props:
            self.update(props)

    id = property(operator.itemgetter("id"))
    label = property(operator.itemgetter("label"))
    name = property(operator.itemgetter("name"), lambda self, v: self.__setitem__("name", v))
    aliases = property(
        operator.itemgetter("aliases"), lambda self, v: self.__setitem__("aliases", v)
    )
    sources = property(
        operator.itemgetter("sources"), lambda self, v: self.__setitem__("sources", v)
    )

    @property
    def props(self) -> MutableMapping[str, Any]:
        return _Props(self, NODE_KEYS)

    def as_dict(self) -> dict[str, Any]:
        """A copy, lists included, that the node does not share."""
        d = dict(self)
        d["aliases"], d["sources"] = list(self["aliases"]), list(self["sources"])
        return d

    def __repr__(self) -> str:
        return (
            f"Node(id={self.id!r}, label={self.label!r}, name={self.name!r}, "
            f"props={dict(self.props)!r}, aliases={self.aliases!r}, sources={self.sources!r})"
        )


class Edge(dict):
    """A relationship as the embedded store keeps it: one dict of ``source``, ``target``,
    ``type``, ``key``, ``sources`` and the other properties (``props``, a live view); ``src``
    and ``dst`` name its ends. Kept by the store as it is, like :class:`Node`."""

    __slots__ = ()

    def __init__(
        self,
        src: str,
        dst: str,
        type: str,
        key: str,
        props: Mapping[str, Any] | None = None,
        sources: list[str] | None = None,
    ) -> None:
        super().__init__(
            source=src, target=dst, type=type, key=key, sources=[] if sources is None else sources
        )
        if props:
            self.update(props)

    src = property(operator.itemgetter("source"))
    dst = property(operator.itemgetter("target"))
    type = property(operator.itemgetter("type"))
    key = property(operator.itemgetter("key"))
    sources = property(
        operator.itemgetter("sources"), lambda self, v: self.__setitem__("sources", v)
    )

    @property
    def props(self) -> MutableMapping[str, Any]:
        return _Props(self, EDGE_KEYS)

    @property
    def ident(self) -> tuple[str, str, str, str]:
        return (self["source"], self["type"], self["target"], self["key"])

    def as_dict(self) -> dict[str, Any]:
        """A copy, its list of sources included, that the relationship does not share."""
        d = dict(self)
        d["sources"] = list(self["sources"])
        return d

    def __repr__(self) -> str:
        return (
            f"Edge(src={self.src!r}, dst={self.dst!r}, type={self.type!r}, key={self.key!r}, "
            f"props={dict(self.props)!r}, sources={self.sources!r})"
        )


@dataclass
class PartnerGraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str, str], Edge] = field(default_factory=dict)

    def counts(self) -> dict[str, dict[str, int]]:
        by_label: dict[str, int] = {}
        for n in self.nodes.values():
            by_label[n.label] = by_label.get(n.label, 0) + 1
        by_type: dict[str, int] = {}
        for e in self.edges.values():
            by_type[e.type] = by_type.get(e.type, 0) + 1
        return {
            "nodes": dict(sorted(by_label.items())),
            "relationships": dict(sorted(by_type.items())),
        }


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: Neo4j stores no nulls, and an absent fact should stay absent."""
    # truthy values stay; of the falsy ones only None, "" and [] go (0, False and {} stay)
    return {k: v for k, v in props.items() if v or not (v is None or isinstance(v, (str, list)))}


def build_graph(
    records: dict[str, list[tuple[Any, tuple]]], consume: bool = False
) -> tuple[PartnerGraph, list]:
    """Build the graph from validated records.

    ``records`` maps a record kind to ``(model, where)`` pairs, where ``where`` is
    ``(file, line, record_id)`` for error messages. Returns the graph and the list of reference
    problems (dangling or wrongly-typed ids, unknown country codes); a non-empty list means the
    register must not be loaded. Records that make nodes are built first, in the order of
    ``RECORD_MODELS``; then those that only join or annotate them (relations, mentions).
    ``consume=True`` empties ``records`` kind by kind as each is built, so the records and
    the graph made of them are not all held at once.
    """
    b = _GraphBuilder()
    ordered = sorted(RECORD_MODELS.items(), key=lambda item: item[1][1] is None)
    for kind, (_, label) in ordered:
        items = records.pop(kind, []) if consume else records.get(kind, [])
        for rec, where in items:
            build = BUILDERS.get(type(rec))
            if build is None:  # pragma: no cover - every model registers a builder
                raise TypeError(f"no graph builder for {type(rec).__name__}")
            build(b, rec, label, where)
        del items
    b.resolve()
    finishes = {label: BUILDERS[model].finish for model, label in RECORD_MODELS.values()}
    for node in b.graph.nodes.values():
        if finish := finishes.get(node.label):
            finish(b.graph, node)
    return b.graph, b.issues


_new, _update = dict.__new__, dict.update
#: model class -> whether it has ``notes`` and ``aliases`` fields
_OPTIONAL: dict[type, tuple[bool, bool]] = {}


class _GraphBuilder:
    """The graph so far, the issues found, and the references still to check."""

    def __init__(self) -> None:
        self.graph = PartnerGraph()
        self.issues: list[RegisterIssue] = []
        # (src, dst, type or None, key, props, sources, where, field, target, reverse)
        self._pending: list[tuple] = []

    def add_node(self, rec, label, props, where, name, sources) -> None:
        cls = type(rec)
        has = _OPTIONAL.get(cls)
        if has is None:  # asking a model for a field it lacks is slow: ask each class once
            has = _OPTIONAL[cls] = tuple(f in cls.model_fields for f in ("notes", "aliases"))
        props["notes"] = rec.notes if has[0] else None
        node = _new(Node)  # Node's own __init__, for a million nodes, costs more than the dict
        _update(
            node,
            {
                "id": rec.id,
                "label": label,
                "name": name or rec.name or rec.id,
                "aliases": list(dict.fromkeys(rec.aliases)) if has[1] and rec.aliases else [],
                "sources": sources,  # shared with its relationships: never changed in place
            },
        )
        _update(node, _clean(props))
        self.graph.nodes[rec.id] = node

    def ref(self, src, dst, etype, key, where, field_name, target, props, sources, reverse):
        """Queue a reference from ``src`` to ``dst``, checked once every node exists.

        ``etype=None`` only checks that ``dst`` exists and is of a ``target`` kind; no edge.
        """
        if dst is None:
            return
        props = _clean(props) if props else {}
        item = (src, dst, etype, key or "", props, sources, where, field_name, target, reverse)
        self._pending.append(item)

    def country(self, code: str | None, where, field_name: str) -> str | None:
        if not code:
            return None
        nid = f"country-{code.lower()}"
        if nid not in self.graph.nodes:
            c = pycountry.countries.get(alpha_2=code)
            if c is None:
                problem = f"{code!r} is not an ISO 3166-1 alpha-2 country code (e.g. GB, FR, US)"
                self._issue(where, field_name, problem)
                return None
            names = {getattr(c, "official_name", None), getattr(c, "common_name", None), c.alpha_3}
            self.graph.nodes[nid] = Node(
                id=nid,
                label="Country",
                name=c.name,
                props={"iso2": code, "iso3": c.alpha_3},
                aliases=sorted(a for a in names if a and a != c.name),
                sources=[f"pycountry § ISO 3166-1 {code}"],
            )
        return nid

    def _issue(self, where, field_name: str, message: str, hint: str | None = None) -> None:
        self.issues.append(
            RegisterIssue(where[0], where[1], where[2], field_name, message, hint=hint)
        )

    def resolve(self) -> None:
        """Check every queued reference; draw the relationships of those that hold."""
        edges, nodes = self.graph.edges, self.graph.nodes
        pending, self._pending = self._pending, []
        pending.reverse()  # popped from the end, in the order queued: each goes once drawn
        while pending:
            src, dst, etype, key, props, sources, where, field_name, target, rev = pending.pop()
            node = nodes.get(dst)
            allowed = TARGETS[target] or NODE_LABELS
            if node is None:
                expected = f"expected a {' or '.join(allowed)} id"
                self._issue(
                    where,
                    field_name,
                    f"refers to {dst!r}, which no record defines ({expected})",
                    dst,
                )
                continue
            if node.label not in allowed:
                wrong = f"refers to {dst!r}, a {node.label}; expected a {' or '.join(allowed)}"
                self._issue(where, field_name, wrong)
                continue
            if etype is None:
                continue
            a, b = (dst, src) if rev else (src, dst)
            ident = (a, etype, b, key)  # Edge.ident, without building an Edge to ask it
            existing = edges.get(ident)
            if existing is None:
                e = edges[ident] = _new(Edge)  # as Edge(a, b, etype, key, props, sources)
                _update(e, {"source": a, "target": b, "type": etype, "key": key})
                e["sources"] = sources  # shared (registry.shared): never changed in place
                if props:
                    _update(e, props)
                continue
            more = [s for s in sources if s not in existing["sources"]]
            if more:  # a new list: the old one is shared
                existing["sources"] = [*existing["sources"], *more]
            for k, v in props.items():
                existing.props.setdefault(k, v)
