"""The graph's parts: a node, a relationship and the graph that holds them.

``Node`` and ``Edge`` are plain dicts (the embedded store keeps them as its own attribute dicts,
so a graph is not copied on load) with the record's fields as attributes; ``props`` is the
free properties, the dict less the keys every node or relationship has. Built by
``graph.build_graph``; written to a store unchanged.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

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
