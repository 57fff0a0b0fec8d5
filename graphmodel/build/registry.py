"""Which builder turns each record kind into graph elements: one per model class.

A record kind that makes a node is declared as a :class:`NodeKind`: the node's properties, its
name when the record gives none, and its :class:`Link` fields, each a field naming another
record (or a list of them) that becomes one relationship per id, checked once every node exists.
A kind that only joins or annotates nodes (relations, mentions) registers a function instead.
:func:`~graphmodel.build.graph.build_graph` looks the builder up by the record's class, so adding
a record kind touches its model, its builder and their tests::

    @builds(Theme, links=[Link("parent", "SUBTHEME_OF", "theme")])
    def theme(rec):
        return fields(rec, "description")
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from graphmodel.model.records import Source

__all__ = [
    "BUILDERS",
    "TARGETS",
    "Link",
    "NodeKind",
    "builds",
    "builds_edges",
    "fields",
    "indexed",
    "shared",
    "shared_labels",
    "source_labels",
]

#: what a link's far end may be: labels allowed, or None for any label ("country" links name
#: ISO 3166-1 codes, which become Country nodes)
TARGETS: dict[str, tuple[str, ...] | None] = {
    "org": ("Organisation",),
    "place": ("Place",),
    "place_or_org": ("Place", "Organisation"),
    "person": ("Person",),
    "theme": ("Theme",),
    "agreement": ("Agreement",),
    "project": ("Project",),
    "programme": ("FundingProgramme",),
    "table": ("CostBenefitTable",),
    "subject": ("Organisation", "Project", "Partnership", "Event"),
    "partnership": ("Partnership",),
    "strategy": ("Strategy",),
    "clause": ("StrategyClause",),
    "any": None,
    "country": None,
}


class Builder(Protocol):
    """What a record's builder may ask of the graph being built (``graph._GraphBuilder``)."""

    graph: Any  # the PartnerGraph so far
    issues: list  # RegisterIssue found so far

    def add_node(self, rec: Any, label: str, props: dict, where: tuple, name: str | None,
                 sources: list[str]) -> None:  # fmt: skip
        """Add the record's node."""

    def ref(self, src: str, dst: str | None, etype: str | None, key: str, where: tuple,
            field_name: str, target: str, props: dict | None, sources: list[str],
            reverse: bool) -> None:  # fmt: skip
        """Queue a reference from ``src`` to ``dst``, checked once every node exists."""

    def ref_ids(self, src: str, dsts: list[str], etype: str | None, where: tuple, field: str,
                target: str, sources: list[str], reverse: bool) -> None:  # fmt: skip
        """``ref`` for each id of the list field ``field`` (named ``field[i]``), with no key
        and no properties: one call for a record's themes, not one per theme."""

    def country(self, code: str | None, where: tuple, field_name: str) -> str | None:
        """The Country node's id for an ISO code (made on first use), or None with an issue."""


class RecordBuild(Protocol):
    """A record kind's builder: adds one record; says which relationship types it may draw."""

    edge_types: set[str]
    #: ``finish(graph, node)`` for each of the kind's nodes once every reference is drawn, or None
    finish: Callable[[Any, Any], None] | None

    def __call__(self, b: Builder, rec: Any, label: str | None, where: tuple) -> None: ...


#: model class -> its builder; filled by ``@builds`` and ``@builds_edges`` in the kinds' modules
BUILDERS: dict[type, RecordBuild] = {}


#: (doc, section, quote) -> the label: one string for each source however many records cite it
#: (a national register cites one paper from a million records; each kept its own copy)
_LABELS: dict[tuple[str, str, str | None], str] = {}


def source_labels(sources: Iterable[Source]) -> list[str]:
    """``"file § section"`` for each source, with ``: "QUOTE"`` when it gives one; no repeats."""
    out: list[str] = []
    for s in sources:
        key = (s.doc, s.section, s.quote)
        lab = _LABELS.get(key)
        if lab is None:
            lab = s.label() + (f': "{s.quote}"' if s.quote else "")
            if len(_LABELS) < 1 << 20:  # a register of a million distinct sections: stop keeping
                lab = _LABELS.setdefault(key, lab)
        if lab not in out:
            out.append(lab)
    return out


#: one list object for each list of source labels met: the graph's nodes and relationships
#: share them, so the graph never changes a list of sources in place (it puts a new one)
_LISTS: dict[tuple[str, ...], list[str]] = {}


def shared(labels: list[str]) -> list[str]:
    """The one list equal to ``labels`` that the graph shares (see ``_LISTS``); never change it.

    >>> shared(["d.pdf § 1"]) is shared(["d.pdf § 1"])
    True
    """
    key = tuple(labels)
    found = _LISTS.get(key)
    if found is None:
        if len(_LISTS) >= 1 << 16:  # a register where sources seldom repeat: stop keeping
            return labels
        found = _LISTS[key] = labels
    return found


#: (doc, section, quote) -> the shared one-item list of a record citing only that source
_ONE: dict[tuple[str, str, str | None], list[str]] = {}


def shared_labels(sources: list[Source]) -> list[str]:
    """``shared(source_labels(sources))``, looked up in one step for the usual record that
    cites one source.

    >>> one = [Source(doc="d.pdf", section="1")]
    >>> shared_labels(one) == ["d.pdf § 1"] and shared_labels(one) is shared(["d.pdf § 1"])
    True
    """
    if len(sources) != 1:
        return shared(source_labels(sources))
    s = sources[0]
    key = (s.doc, s.section, s.quote)
    found = _ONE.get(key)
    if found is None:
        found = shared(source_labels(sources))
        if len(_ONE) < 1 << 16:  # as ``shared``: a register whose sources seldom repeat
            _ONE[key] = found
    return found


def fields(rec: Any, *names: str) -> dict[str, Any]:
    """The record's ``names`` as node properties, enumerations as their values.

    >>> from graphmodel.model.records import Agreement
    >>> mou = Agreement(id="a", name="A", type="mou", signed="2007",
    ...                 sources=[{"doc": "d.pdf", "section": "1"}])
    >>> fields(mou, "type", "signed")
    {'type': 'mou', 'signed': '2007'}
    """
    out = {}
    for name in names:
        value = getattr(rec, name)
        out[name] = value.value if isinstance(value, Enum) else value
    return out


@functools.lru_cache(maxsize=4096)
def indexed(attr: str, i: int) -> str:
    """``"themes[2]"``: one string for every record's third theme."""
    return f"{attr}[{i}]"


@dataclass(frozen=True)
class Link:
    """A field naming another record, drawn as a relationship ``(record)-[type]->(far end)``.

    ``field`` names a field holding an id or a list of ids, or ``"items.field"`` for the ids in
    a list of parts (a person's roles, a project's partners); a part may give the relationship
    its ``key``, its ``props`` and its own ``sources``. ``type`` None only checks the id;
    ``reverse`` draws ``(far end)-[type]->(record)``; ``target`` is a key of :data:`TARGETS`.
    """

    field: str
    type: str | None
    target: str
    reverse: bool = False
    key: Callable[[Any], str] | None = None
    props: Callable[[Any], dict[str, Any]] | None = None
    sources: Callable[[Any], list[Source]] | None = None

    @functools.cached_property
    def _plain(self) -> bool:
        """A field of ids (not of parts), whose relationships take nothing from a part."""
        return "." not in self.field and not (self.key or self.props or self.sources)

    @functools.cached_property
    def _split(self) -> tuple[str, str]:
        items, _, attr = self.field.rpartition(".")
        return items, attr

    def ids(self, rec: Any) -> Iterable[tuple[str, Any, Any]]:
        """``(field name for errors, id, part)`` for every id the record gives here."""
        items, attr = self._split
        if items:
            for i, part in enumerate(getattr(rec, items)):
                yield indexed(items, i) + "." + attr, getattr(part, attr), part
            return
        value = getattr(rec, attr)
        if isinstance(value, list):
            for i, one in enumerate(value):  # country codes are named by the field, not by index
                yield (attr if self.target == "country" else indexed(attr, i)), one, None
        else:
            yield attr, value, None


@dataclass(frozen=True)
class NodeKind:
    """The builder of a record kind that makes a node (see the module's docstring)."""

    props: Callable[[Any], dict[str, Any]]
    links: Sequence[Link] = ()
    name: Callable[[Any], str | None] | None = None
    #: parts whose sources are the node's too (a programme's amounts, a conflict's values)
    more_sources: Callable[[Any], Iterable[Source]] | None = None
    #: ``finish(graph, node)`` once every reference is drawn (a name that needs another node)
    finish: Callable[[Any, Any], None] | None = None

    @property
    def edge_types(self) -> set[str]:
        return {link.type for link in self.links if link.type}

    def __call__(self, b: Builder, rec: Any, label: str | None, where: tuple) -> None:
        srcs = shared_labels(rec.sources)
        node_sources = srcs
        if self.more_sources:
            node_sources = list(srcs)
            for s in source_labels(self.more_sources(rec)):
                if s not in node_sources:
                    node_sources.append(s)
            node_sources = shared(node_sources)
        b.add_node(rec, label, self.props(rec), where, self.name and self.name(rec), node_sources)
        rid = rec.id
        for link in self.links:
            if link._plain:  # a field of ids with nothing per part: most links, the quick way
                value = getattr(rec, link.field)
                if value is None or value == []:
                    continue
                country = link.target == "country"
                if not isinstance(value, list):
                    dst = b.country(value, where, link.field) if country else value
                    b.ref(
                        rid, dst, link.type, "", where, link.field, link.target, None, srcs,
                        link.reverse,
                    )  # fmt: skip
                    continue
                if not country:  # a list of ids: queued in one call
                    b.ref_ids(
                        rid, value, link.type, where, link.field, link.target, srcs, link.reverse
                    )
                    continue
            for field_name, dst, part in link.ids(rec):
                if link.target == "country":
                    dst = b.country(dst, where, field_name)
                own = link.sources and shared(source_labels(link.sources(part)))
                b.ref(
                    rec.id,
                    dst,
                    link.type,
                    link.key(part) if link.key else "",
                    where,
                    field_name,
                    link.target,
                    link.props(part) if link.props else None,
                    own or srcs,
                    link.reverse,
                )


def builds(model: type, *, links: Sequence[Link] = (), name=None, more_sources=None, finish=None):
    """Register the decorated ``props(record)`` as the node builder of ``model``'s records."""

    def register(props: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
        BUILDERS[model] = NodeKind(props, tuple(links), name, more_sources, finish)
        return props

    return register


def builds_edges(model: type, edge_types: Iterable[str]):
    """Register the decorated ``build(b, record, label, where)`` for ``model``'s records, which
    make no node of their own; ``edge_types`` are the relationship types it may draw."""

    def register(build: Callable[[Builder, Any, Any, tuple], None]) -> RecordBuild:
        build.edge_types = set(edge_types)  # type: ignore[attr-defined]
        build.finish = None  # type: ignore[attr-defined]
        BUILDERS[model] = build  # type: ignore[assignment]
        return build  # type: ignore[return-value]

    return register
