"""The property graph built from validated register records.

Nodes and edges hold only Neo4j-storable values (scalars and lists of scalars), so the same
``PartnerGraph`` can be written to the embedded store or to Neo4j unchanged. Every node and edge
carries ``sources``: a list of ``"file § section"`` strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pycountry

from graphmodel.build.monitoring import MONITORING_EDGE_TYPES, add_monitoring_record
from graphmodel.build.strategy import STRATEGY_EDGE_TYPES, add_strategy_record
from graphmodel.errors import RegisterIssue
from graphmodel.model.records import (
    RECORD_MODELS,
    Agreement,
    Amount,
    Conflict,
    CostBenefit,
    CostBenefitTable,
    Document,
    Event,
    FundingProgramme,
    Mention,
    Organisation,
    Partnership,
    Person,
    Place,
    Project,
    Relation,
    RelationType,
    Source,
    Strategy,
    Theme,
)

__all__ = ["Node", "Edge", "PartnerGraph", "build_graph", "NODE_LABELS", "EDGE_TYPES"]

#: the reference twin network's places (graphmodel.twins), kept apart from the register's records
REFERENCE_LABEL = "ReferencePlace"
#: reference twin links, and register records matched to a reference place
REFERENCE_EDGE_TYPES = {"TWINNED_WITH", "SAME_PLACE_AS"}
NODE_LABELS = sorted(
    {label for _, label in RECORD_MODELS.values() if label} | {"Country", REFERENCE_LABEL}
)


@dataclass
class Node:
    id: str
    label: str
    name: str
    props: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "name": self.name,
            "aliases": list(self.aliases),
            "sources": list(self.sources),
            **self.props,
        }


@dataclass
class Edge:
    src: str
    dst: str
    type: str
    key: str
    props: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    @property
    def ident(self) -> tuple[str, str, str, str]:
        return (self.src, self.type, self.dst, self.key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.src,
            "target": self.dst,
            "type": self.type,
            "key": self.key,
            "sources": list(self.sources),
            **self.props,
        }


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


#: relationship types the builder derives from record fields, with the labels allowed at the far end
_REF_TARGETS: dict[str, tuple[str, ...]] = {
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
    "any": tuple(NODE_LABELS),
}

EDGE_TYPES = sorted(
    {
        "PART_OF",
        "IN_COUNTRY",
        "LOCATED_IN",
        "HAS_ROLE",
        "SUBTHEME_OF",
        "PUBLISHED_BY",
        "PARTY_TO",
        "SIGNED",
        "COVERS",
        "SUPERSEDES",
        "LEADS",
        "PARTNER_IN",
        "INVOLVES",
        "FUNDED_BY",
        "ADDRESSES",
        "HELD_IN",
        "ORGANISES",
        "HAS_PARTNERSHIP",
        "WITH_PARTNER",
        "OWNS",
        "UNDERPINNED_BY",
        "INCLUDES",
        "CONCERNS",
        "IN_TABLE",
        "BORNE_BY",
        "REPORTED_BY",
        "ADOPTS",
        "PRIORITISES",
        "ABOUT",
    }
    | {t.value for t in RelationType}
    | MONITORING_EDGE_TYPES
    | STRATEGY_EDGE_TYPES
    | REFERENCE_EDGE_TYPES
)


def _src_labels(sources: Iterable[Source]) -> list[str]:
    out: list[str] = []
    for s in sources:
        lab = s.label() + (f': "{s.quote}"' if s.quote else "")
        if lab not in out:
            out.append(lab)
    return out


def _amount_props(prefix: str, amount: Amount | None) -> dict[str, Any]:
    if amount is None:
        return {}
    props: dict[str, Any] = {f"{prefix}_unit": amount.unit}
    if amount.value is not None:
        props[f"{prefix}_value"] = amount.value
    if amount.text:
        props[f"{prefix}_text"] = amount.text
    if amount.description:
        props[f"{prefix}_description"] = amount.description
    return props


def _amount_text(a: Amount) -> str:
    """One stated amount as a readable line, e.g. ``1.0 GBP-m ("£1 million ERDF"): 14 projects``."""
    parts = []
    if a.value is not None:
        parts.append(f"{a.value:g} {a.unit}")
    if a.text:
        parts.append(f'"{a.text}"')
    line = " ".join(parts)
    return f"{line}: {a.description}" if a.description else line


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: Neo4j stores no nulls, and an absent fact should stay absent."""
    # truthy values stay; of the falsy ones only None, "" and [] go (0, False and {} stay)
    return {k: v for k, v in props.items() if v or not (v is None or isinstance(v, (str, list)))}


class _Builder:
    def __init__(self) -> None:
        self.graph = PartnerGraph()
        self.issues: list[RegisterIssue] = []
        # (src, dst, type or None, key, props, sources, where, field, target kinds, reverse)
        self._pending: list[tuple] = []
        self._where: dict[str, tuple[str, int | None]] = {}

    # -- nodes ---------------------------------------------------------------
    def add_node(
        self, rec: Any, label: str, props: dict[str, Any], where, name: str | None = None
    ) -> None:
        node = Node(
            id=rec.id,
            label=label,
            name=name or rec.name or rec.id,
            props=_clean(props),
            aliases=list(dict.fromkeys(getattr(rec, "aliases", []))),
            sources=_src_labels(rec.sources),
        )
        self.graph.nodes[rec.id] = node
        self._where[rec.id] = where

    def ref(
        self,
        src,
        dst,
        etype,
        key,
        where,
        field_name,
        target="any",
        props=None,
        sources=None,
        reverse=False,
    ) -> None:
        """Queue a reference from ``src`` to ``dst``, checked once every node exists.

        ``etype=None`` only checks that ``dst`` exists and is of a ``target`` kind; no edge.
        """
        if dst is None:
            return
        self._pending.append(
            (
                src,
                dst,
                etype,
                key or "",
                _clean(props) if props else {},
                sources or [],
                where,
                field_name,
                target,
                reverse,
            )
        )

    def country(self, code: str | None, where, field_name: str) -> str | None:
        if not code:
            return None
        nid = f"country-{code.lower()}"
        if nid not in self.graph.nodes:
            c = pycountry.countries.get(alpha_2=code)
            if c is None:
                self.issues.append(
                    RegisterIssue(
                        file=where[0],
                        line=where[1],
                        record=where[2],
                        field=field_name,
                        message=f"{code!r} is not an ISO 3166-1 alpha-2 country code "
                        "(e.g. GB, FR, US)",
                    )
                )
                return None
            aliases = [
                a
                for a in {
                    getattr(c, "official_name", None),
                    getattr(c, "common_name", None),
                    c.alpha_3,
                }
                if a and a != c.name
            ]
            self.graph.nodes[nid] = Node(
                id=nid,
                label="Country",
                name=c.name,
                props={"iso2": code, "iso3": c.alpha_3},
                aliases=sorted(aliases),
                sources=[f"pycountry § ISO 3166-1 {code}"],
            )
        return nid

    # -- edges ---------------------------------------------------------------
    def resolve(self) -> None:
        edges = self.graph.edges
        nodes = self.graph.nodes
        for (
            src,
            dst,
            etype,
            key,
            props,
            sources,
            where,
            field_name,
            target,
            reverse,
        ) in self._pending:
            node = nodes.get(dst)
            allowed = _REF_TARGETS[target]
            if node is None:
                self.issues.append(
                    RegisterIssue(
                        file=where[0],
                        line=where[1],
                        record=where[2],
                        field=field_name,
                        message=f"refers to {dst!r}, which no record defines "
                        f"(expected a {' or '.join(allowed)} id)",
                        hint=dst,
                    )
                )
                continue
            if node.label not in allowed:
                self.issues.append(
                    RegisterIssue(
                        file=where[0],
                        line=where[1],
                        record=where[2],
                        field=field_name,
                        message=f"refers to {dst!r}, a {node.label}; expected a "
                        f"{' or '.join(allowed)}",
                    )
                )
                continue
            if etype is None:
                continue
            a, b = (dst, src) if reverse else (src, dst)
            ident = (a, etype, b, key)  # Edge.ident, without building an Edge to ask it
            existing = edges.get(ident)
            if existing is None:
                edges[ident] = Edge(a, b, etype, key, props, list(sources))
            else:
                for s in sources:
                    if s not in existing.sources:
                        existing.sources.append(s)
                for k, v in props.items():
                    existing.props.setdefault(k, v)


def build_graph(records: dict[str, list[tuple[Any, tuple]]]) -> tuple[PartnerGraph, list]:
    """Build the graph from validated records.

    ``records`` maps a record kind to ``(model, where)`` pairs, where ``where`` is
    ``(file, line, record_id)`` for error messages. Returns the graph and the list of reference
    problems (dangling or wrongly-typed ids, unknown country codes); a non-empty list means the
    register must not be loaded.
    """
    b = _Builder()
    for kind, (_, label) in RECORD_MODELS.items():
        if label is None:
            continue
        for rec, where in records.get(kind, []):
            _add_record(b, kind, label, rec, where)
    for rec, where in records.get("relations", []):
        srcs = _src_labels(rec.sources)
        # The relation's own endpoint is checked like any reference; reverse=False keeps from->to.
        b.ref(
            rec.from_,
            rec.to,
            rec.type.value,
            "",
            where,
            "to",
            props={"description": rec.description, "since": rec.since},
            sources=srcs,
        )
        b.ref(rec.to, rec.from_, None, "", where, "from")
    for rec, where in records.get("mentions", []):
        node = b.graph.nodes.get(rec.ref)
        if node is None:
            b.issues.append(
                RegisterIssue(
                    file=where[0],
                    line=where[1],
                    record=rec.ref,
                    field="ref",
                    message=f"mentions {rec.ref!r}, which no record defines",
                    hint=rec.ref,
                )
            )
            continue
        for a in rec.aliases:
            if a not in node.aliases:
                node.aliases.append(a)
        for s in _src_labels(rec.sources):
            if s not in node.sources:
                node.sources.append(s)
    b.resolve()
    return b.graph, b.issues


def _add_record(b: _Builder, kind: str, label: str, rec: Any, where: tuple) -> None:
    srcs = _src_labels(rec.sources)
    rid = rec.id

    def ref(dst, etype, field_name, target, key="", props=None, sources=None, reverse=False):
        b.ref(rid, dst, etype, key, where, field_name, target, props, sources or srcs, reverse)

    def country(code, field_name="country"):
        cid = b.country(code, where, field_name)
        if cid:
            ref(cid, "IN_COUNTRY" if kind != "projects" else "INVOLVES", field_name, "any")

    if isinstance(rec, Document):
        b.add_node(rec, label, {"file": rec.file, "date": rec.date, "kind": rec.kind}, where)
        ref(rec.publisher, "PUBLISHED_BY", "publisher", "org")
    elif isinstance(rec, Organisation):
        b.add_node(
            rec,
            label,
            {
                "type": rec.type.value,
                "country": rec.country,
                "home": rec.home,
                "domestic": rec.domestic,
                "description": rec.description,
                "wikidata": rec.wikidata,
            },
            where,
        )
        ref(rec.parent, "PART_OF", "parent", "org")
        ref(rec.place, "LOCATED_IN", "place", "place")
        country(rec.country)
    elif isinstance(rec, Place):
        b.add_node(
            rec,
            label,
            {
                "type": rec.type,
                "country": rec.country,
                "lat": rec.lat,
                "lon": rec.lon,
                "description": rec.description,
                "wikidata": rec.wikidata,
            },
            where,
        )
        ref(rec.parent, "LOCATED_IN", "parent", "place_or_org")
        country(rec.country)
    elif isinstance(rec, Person):
        b.add_node(rec, label, {"titles": [r.title for r in rec.roles]}, where)
        for i, role in enumerate(rec.roles):
            ref(
                role.organisation,
                "HAS_ROLE",
                f"roles[{i}].organisation",
                "org",
                key=role.title,
                props={"title": role.title, "start": role.start, "end": role.end},
            )
    elif isinstance(rec, Theme):
        b.add_node(rec, label, {"description": rec.description}, where)
        ref(rec.parent, "SUBTHEME_OF", "parent", "theme")
    elif isinstance(rec, Agreement):
        b.add_node(
            rec,
            label,
            {
                "type": rec.type.value,
                "signed": rec.signed,
                "renewed": rec.renewed,
                "status": rec.status,
                "areas": [a.text for a in rec.areas],
                "description": rec.description,
                "signatory_names": [s.person for s in rec.signatories],
            },
            where,
        )
        for i, party in enumerate(rec.parties):
            ref(party, "PARTY_TO", f"parties[{i}]", "org", reverse=True)
        for i, s in enumerate(rec.signatories):
            ref(
                s.person,
                "SIGNED",
                f"signatories[{i}].person",
                "person",
                reverse=True,
                props={"on_behalf_of": s.on_behalf_of, "role": s.role},
            )
            ref(s.on_behalf_of, None, f"signatories[{i}].on_behalf_of", "org")
        for i, area in enumerate(rec.areas):
            if area.theme:
                ref(
                    area.theme,
                    "COVERS",
                    f"areas[{i}].theme",
                    "theme",
                    key=area.text,
                    props={"text": area.text},
                )
        ref(rec.supersedes, "SUPERSEDES", "supersedes", "agreement")
    elif isinstance(rec, Project):
        b.add_node(
            rec,
            label,
            {
                "type": rec.type,
                "start": rec.start,
                "end": rec.end,
                "status": rec.status,
                "description": rec.description,
                "countries": rec.countries,
            },
            where,
        )
        ref(rec.lead, "LEADS", "lead", "org", reverse=True)
        for i, p in enumerate(rec.partners):
            ref(
                p.organisation,
                "PARTNER_IN",
                f"partners[{i}].organisation",
                "org",
                reverse=True,
                props={"role": p.role},
            )
        for code in rec.countries:
            country(code, "countries")
        for i, f in enumerate(rec.funding):
            ref(
                f.programme,
                "FUNDED_BY",
                f"funding[{i}].programme",
                "programme",
                key=(f.amount.text or "") if f.amount else "",
                props={"period": f.period, **_amount_props("amount", f.amount)},
                sources=_src_labels(f.sources) or srcs,
            )
        for i, t in enumerate(rec.themes):
            ref(t, "ADDRESSES", f"themes[{i}]", "theme")
        ref(rec.parent, "PART_OF", "parent", "project")
    elif isinstance(rec, Event):
        b.add_node(
            rec, label, {"start": rec.start, "end": rec.end, "description": rec.description}, where
        )
        ref(rec.place, "HELD_IN", "place", "place_or_org")
        ref(rec.project, "PART_OF", "project", "project")
        for i, o in enumerate(rec.organisers):
            ref(o, "ORGANISES", f"organisers[{i}]", "org", reverse=True)
        for i, t in enumerate(rec.themes):
            ref(t, "ADDRESSES", f"themes[{i}]", "theme")
    elif isinstance(rec, FundingProgramme):
        b.add_node(
            rec,
            label,
            {
                "family": rec.family,
                "fund": rec.fund,
                "period": rec.period,
                "eu": rec.eu,
                "description": rec.description,
                "amounts": [_amount_text(a) for a in rec.amounts],
            },
            where,
        )
        # amounts carry their own sources; the node keeps them all
        for a in rec.amounts:
            for s in _src_labels(a.sources):
                if s not in b.graph.nodes[rid].sources:
                    b.graph.nodes[rid].sources.append(s)
        ref(rec.parent, "PART_OF", "parent", "programme")
    elif isinstance(rec, Partnership):
        b.add_node(
            rec,
            label,
            {
                "tier": rec.tier.value,
                "sphere": rec.sphere.value,
                "status": rec.status,
                "since": rec.since,
                "last_reviewed": rec.last_reviewed,
                "objectives": rec.objectives,
                "domestic": rec.domestic,
                "description": rec.description,
                "home_council": rec.home,
                "partner_org": rec.partner,
                "owner_unit": rec.owner,
            },
            where,
        )
        ref(rec.home, "HAS_PARTNERSHIP", "home", "org", reverse=True)
        ref(rec.partner, "WITH_PARTNER", "partner", "org")
        ref(rec.owner, "OWNS", "owner", "org", reverse=True)
        for i, a in enumerate(rec.agreements):
            ref(a, "UNDERPINNED_BY", f"agreements[{i}]", "agreement")
        for i, t in enumerate(rec.themes):
            ref(t, "ADDRESSES", f"themes[{i}]", "theme")
        for i, p in enumerate(rec.projects):
            ref(p, "INCLUDES", f"projects[{i}]", "project")
    elif isinstance(rec, CostBenefitTable):
        b.add_node(
            rec,
            label,
            {
                "period": rec.period,
                "footnotes": rec.footnotes,
                **_amount_props("total_cost", rec.total_cost),
                **_amount_props("total_benefit", rec.total_benefit),
            },
            where,
        )
        ref(rec.owner, "REPORTED_BY", "owner", "org")
    elif isinstance(rec, CostBenefit):
        b.add_node(
            rec,
            label,
            {
                "period": rec.period,
                "time_limited": rec.time_limited,
                "subject": rec.subject,
                "directorate": rec.directorate,
                **_amount_props("cost", rec.cost),
                **_amount_props("benefit", rec.benefit),
            },
            where,
            name=rec.name or f"Costs/benefits: {rec.subject} {rec.period or ''}".strip(),
        )
        ref(rec.subject, "CONCERNS", "subject", "subject")
        ref(rec.table, "IN_TABLE", "table", "table")
        ref(rec.directorate, "BORNE_BY", "directorate", "org")
    elif isinstance(rec, Strategy):
        b.add_node(
            rec,
            label,
            {
                "status": rec.status,
                "date": rec.date,
                "objectives": rec.objectives,
                "criteria": rec.criteria,
                "additional_justification": rec.additional_justification,
                "description": rec.description,
            },
            where,
        )
        ref(rec.owner, "ADOPTS", "owner", "org", reverse=True)
        for i, t in enumerate(rec.priorities):
            ref(t, "PRIORITISES", f"priorities[{i}]", "theme")
    elif isinstance(rec, Conflict):
        b.add_node(
            rec,
            label,
            {
                "field": rec.field,
                "note": rec.note,
                "resolution": rec.resolution,
                "subject": rec.subject,
                "values": [str(v.value) for v in rec.values],
                "value_sources": ["; ".join(_src_labels(v.sources)) for v in rec.values],
            },
            where,
            name=rec.name or f"Conflict over {rec.field} of {rec.subject}",
        )
        node = b.graph.nodes[rid]
        for v in rec.values:
            for s in _src_labels(v.sources):
                if s not in node.sources:
                    node.sources.append(s)
        ref(rec.subject, "ABOUT", "subject", "any")
    elif not (
        add_monitoring_record(b, label, rec, where, ref)
        or add_strategy_record(b, label, rec, where, ref)
    ):  # pragma: no cover
        raise TypeError(f"no graph mapping for {type(rec).__name__}")


# Mention and Relation are imported for type completeness of the mapping table.
_ = (Mention, Relation)
