"""The builders of the register's core record kinds (docs/REGISTER.md), one per model class.

Each gives its node's properties; its links say which fields name other records and as which
relationship. Monitoring records (reviews, activities, actions) and strategy clauses have
theirs in ``monitoring.py`` and ``strategy.py``.
"""

from __future__ import annotations

from typing import Any

from graphmodel.errors import RegisterIssue
from graphmodel.model.records import (
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
    Strategy,
    Theme,
)

from .registry import Builder, Link, builds, builds_edges, fields, source_labels
from .strategy import stated_weight_props

__all__: list[str] = []  # nothing to import: the builders register themselves in BUILDERS


def amount_props(prefix: str, amount: Amount | None) -> dict[str, Any]:
    """A stated amount as ``{prefix}_unit``, ``_value``, ``_text`` and ``_description``.

    >>> amount_props("cost", Amount(value=1.5, unit="GBP-m"))
    {'cost_unit': 'GBP-m', 'cost_value': 1.5}
    """
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


def amount_text(a: Amount) -> str:
    """One stated amount as a readable line, e.g. ``1.0 GBP-m ("£1 million ERDF"): 14 projects``."""
    parts = []
    if a.value is not None:
        parts.append(f"{a.value:g} {a.unit}")
    if a.text:
        parts.append(f'"{a.text}"')
    line = " ".join(parts)
    return f"{line}: {a.description}" if a.description else line


THEMES = Link("themes", "ADDRESSES", "theme")


@builds(Document, links=[Link("publisher", "PUBLISHED_BY", "org")])
def document(rec: Document) -> dict[str, Any]:
    return fields(rec, "file", "date", "kind")


@builds(
    Organisation,
    links=[
        Link("parent", "PART_OF", "org"),
        Link("place", "LOCATED_IN", "place"),
        Link("country", "IN_COUNTRY", "country"),
    ],
)
def organisation(rec: Organisation) -> dict[str, Any]:
    return fields(rec, "type", "country", "home", "domestic", "description", "wikidata")


@builds(
    Place,
    links=[
        Link("parent", "LOCATED_IN", "place_or_org"),
        Link("country", "IN_COUNTRY", "country"),
    ],
)
def place(rec: Place) -> dict[str, Any]:
    return fields(rec, "type", "country", "lat", "lon", "description", "wikidata")


@builds(
    Person,
    links=[
        Link(
            "roles.organisation",
            "HAS_ROLE",
            "org",
            key=lambda role: role.title,
            props=lambda role: fields(role, "title", "start", "end"),
        )
    ],
)
def person(rec: Person) -> dict[str, Any]:
    return {"titles": [r.title for r in rec.roles]}


@builds(Theme, links=[Link("parent", "SUBTHEME_OF", "theme")])
def theme(rec: Theme) -> dict[str, Any]:
    return fields(rec, "description")


@builds(
    Agreement,
    links=[
        Link("parties", "PARTY_TO", "org", reverse=True),
        Link(
            "signatories.person",
            "SIGNED",
            "person",
            reverse=True,
            props=lambda s: fields(s, "on_behalf_of", "role"),
        ),
        Link("signatories.on_behalf_of", None, "org"),
        Link(
            "areas.theme", "COVERS", "theme", key=lambda a: a.text, props=lambda a: {"text": a.text}
        ),
        Link("supersedes", "SUPERSEDES", "agreement"),
    ],
)
def agreement(rec: Agreement) -> dict[str, Any]:
    return {
        **fields(rec, "type", "signed", "renewed", "status"),
        "areas": [a.text for a in rec.areas],
        "description": rec.description,
        "signatory_names": [s.person for s in rec.signatories],
    }


@builds(
    Project,
    links=[
        Link("lead", "LEADS", "org", reverse=True),
        Link(
            "partners.organisation",
            "PARTNER_IN",
            "org",
            reverse=True,
            props=lambda p: fields(p, "role"),
        ),
        Link("countries", "INVOLVES", "country"),
        Link(
            "funding.programme",
            "FUNDED_BY",
            "programme",
            key=lambda f: (f.amount.text or "") if f.amount else "",
            props=lambda f: {"period": f.period, **amount_props("amount", f.amount)},
            sources=lambda f: f.sources,
        ),
        THEMES,
        Link("parent", "PART_OF", "project"),
    ],
)
def project(rec: Project) -> dict[str, Any]:
    return fields(rec, "type", "start", "end", "status", "description", "countries")


@builds(
    Event,
    links=[
        Link("place", "HELD_IN", "place_or_org"),
        Link("project", "PART_OF", "project"),
        Link("organisers", "ORGANISES", "org", reverse=True),
        THEMES,
    ],
)
def event(rec: Event) -> dict[str, Any]:
    return fields(rec, "start", "end", "description")


@builds(
    FundingProgramme,
    links=[Link("parent", "PART_OF", "programme")],
    more_sources=lambda rec: [s for a in rec.amounts for s in a.sources],
)
def funding_programme(rec: FundingProgramme) -> dict[str, Any]:
    return {
        **fields(rec, "family", "fund", "period", "eu", "description"),
        "amounts": [amount_text(a) for a in rec.amounts],
    }


@builds(
    Partnership,
    links=[
        Link("home", "HAS_PARTNERSHIP", "org", reverse=True),
        Link("partner", "WITH_PARTNER", "org"),
        Link("owner", "OWNS", "org", reverse=True),
        Link("agreements", "UNDERPINNED_BY", "agreement"),
        THEMES,
        Link("projects", "INCLUDES", "project"),
    ],
)
def partnership(rec: Partnership) -> dict[str, Any]:
    return {
        **fields(rec, "tier", "sphere", "status", "since", "last_reviewed", "objectives"),
        **fields(rec, "domestic", "description"),
        "home_council": rec.home,
        "partner_org": rec.partner,
        "owner_unit": rec.owner,
        "tier_stated_by": source_labels([rec.tier_source])[0] if rec.tier_source else None,
    }


@builds(CostBenefitTable, links=[Link("owner", "REPORTED_BY", "org")])
def cost_benefit_table(rec: CostBenefitTable) -> dict[str, Any]:
    return {
        **fields(rec, "period", "footnotes"),
        **amount_props("total_cost", rec.total_cost),
        **amount_props("total_benefit", rec.total_benefit),
    }


@builds(
    CostBenefit,
    links=[
        Link("subject", "CONCERNS", "subject"),
        Link("table", "IN_TABLE", "table"),
        Link("directorate", "BORNE_BY", "org"),
    ],
    name=lambda rec: rec.name or f"Costs/benefits: {rec.subject} {rec.period or ''}".strip(),
)
def cost_benefit(rec: CostBenefit) -> dict[str, Any]:
    return {
        **fields(rec, "period", "time_limited", "subject", "directorate"),
        **amount_props("cost", rec.cost),
        **amount_props("benefit", rec.benefit),
    }


@builds(
    Strategy,
    links=[
        Link("owner", "ADOPTS", "org", reverse=True),
        Link("priorities", "PRIORITISES", "theme"),
    ],
)
def strategy(rec: Strategy) -> dict[str, Any]:
    return {
        **fields(
            rec,
            "status",
            "date",
            "objectives",
            "criteria",
            "additional_justification",
            "description",
        ),
        **stated_weight_props(rec.weights),  # .strategy: the weights it states, with their source
    }


def _name_conflict_by_subject(graph: Any, node: Any) -> None:
    """A conflict the register leaves unnamed is called after its subject's name, not its id."""
    subject = graph.nodes.get(node.props.get("subject") or "")
    if subject is not None:
        if node.name == f"Conflict over {node.props.get('field')} of {subject.id}":
            node.name = f"Conflict over {node.props.get('field')} of {subject.name}"


@builds(
    Conflict,
    links=[Link("subject", "ABOUT", "any")],
    name=lambda rec: rec.name or f"Conflict over {rec.field} of {rec.subject}",
    more_sources=lambda rec: [s for v in rec.values for s in v.sources],
    finish=_name_conflict_by_subject,
)
def conflict(rec: Conflict) -> dict[str, Any]:
    return {
        **fields(rec, "field", "note", "resolution", "subject"),
        "values": [str(v.value) for v in rec.values],
        "value_sources": ["; ".join(source_labels(v.sources)) for v in rec.values],
    }


@builds_edges(Relation, {t.value for t in RelationType})
def relation(b: Builder, rec: Relation, label: None, where: tuple) -> None:
    """``(from)-[type]->(to)``; both ends are checked like any reference."""
    props = {"description": rec.description, "since": rec.since}
    srcs = source_labels(rec.sources)
    b.ref(rec.from_, rec.to, rec.type.value, "", where, "to", "any", props, srcs, False)
    b.ref(rec.to, rec.from_, None, "", where, "from", "any", None, [], False)


@builds_edges(Mention, ())
def mention(b: Builder, rec: Mention, label: None, where: tuple) -> None:
    """A record named again elsewhere: its aliases and sources join the record's own node."""
    node = b.graph.nodes.get(rec.ref)
    if node is None:
        message = f"mentions {rec.ref!r}, which no record defines"
        b.issues.append(RegisterIssue(where[0], where[1], rec.ref, "ref", message, hint=rec.ref))
        return
    # new lists, not appends: a node's lists may be shared with its relationships
    node.aliases = list(dict.fromkeys([*node.aliases, *rec.aliases]))
    more = [s for s in source_labels(rec.sources) if s not in node.sources]
    if more:
        node.sources = [*node.sources, *more]
