"""The property graph built from validated register records.

Nodes and edges hold only Neo4j-storable values (scalars and lists of scalars), so the same
``PartnerGraph`` can be written to the embedded store or to Neo4j unchanged. Every node and edge
carries ``sources``: a list of ``"file § section"`` strings.

Each record kind has one builder, registered by its model class (``registry.py``; the kinds'
builders are in ``kinds.py``, ``monitoring.py`` and ``strategy.py``). :func:`build_graph` runs
them and then checks every reference at once. The graph's parts (``Node``, ``Edge``,
``PartnerGraph``) are in ``elements.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pycountry

from graphmodel.errors import RegisterIssue
from graphmodel.model.records import RECORD_MODELS

from . import kinds, monitoring, strategy
from .elements import Edge, Node, PartnerGraph
from .registry import BUILDERS, TARGETS, indexed

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
#: the properties of the many references that give none, one read-only mapping for them all
_NO_PROPS: Mapping[str, Any] = MappingProxyType({})
#: what each kind of link may point at (``registry.TARGETS``, every label for "any")
_ALLOWED: dict[str, tuple[str, ...]] = {t: TARGETS[t] or tuple(NODE_LABELS) for t in TARGETS}
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
        props = _clean(props) if props else _NO_PROPS
        item = (src, dst, etype, key or "", props, sources, where, field_name, target, reverse)
        self._pending.append(item)

    def ref_ids(self, src, dsts, etype, where, field, target, sources, reverse) -> None:
        """``ref`` for each id of a list field (``field[i]``), with no key and no properties."""
        self._pending.extend(
            (src, dst, etype, "", _NO_PROPS, sources, where, indexed(field, i), target, reverse)
            for i, dst in enumerate(dsts)
            if dst is not None
        )

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

    def _issue(
        self, where, field_name: str, message: str, hint: str | None = None, expected=()
    ) -> None:
        self.issues.append(
            RegisterIssue(
                where[0], where[1], where[2], field_name, message, hint=hint, expected=expected
            )
        )

    def resolve(self) -> None:
        """Check every queued reference; draw the relationships of those that hold."""
        edges, get = self.graph.edges, self.graph.nodes.get  # ``get``: a part's overlay's own
        pending, self._pending = self._pending, []
        allowed_of = _ALLOWED
        for src, dst, etype, key, props, sources, where, field_name, target, rev in pending:
            node = get(dst)
            if node is None or node["label"] not in allowed_of[target]:
                self._bad_reference(node, dst, where, field_name, allowed_of[target])
                continue
            if etype is None:
                continue
            if rev:
                src, dst = dst, src
            ident = (src, etype, dst, key)  # Edge.ident, without building an Edge to ask it
            existing = edges.get(ident)
            if existing is None:
                e = edges[ident] = _new(Edge)  # as Edge(src, dst, etype, key, props, sources)
                e["source"], e["target"], e["type"], e["key"] = src, dst, etype, key  # in order
                e["sources"] = sources  # shared (registry.shared): never changed in place
                if props:
                    _update(e, props)
                continue
            more = [s for s in sources if s not in existing["sources"]]
            if more:  # a new list: the old one is shared
                existing["sources"] = [*existing["sources"], *more]
            for k, v in props.items():
                existing.props.setdefault(k, v)

    def _bad_reference(self, node, dst: str, where, field_name: str, allowed) -> None:
        """The issue of a reference to no record (``node`` None), or to one of another kind."""
        if node is None:
            expected = f"expected a {' or '.join(allowed)} id"
            message = f"refers to {dst!r}, which no record defines ({expected})"
            self._issue(where, field_name, message, dst, allowed)
        else:
            wrong = f"refers to {dst!r}, a {node['label']}; expected a {' or '.join(allowed)}"
            self._issue(where, field_name, wrong)
