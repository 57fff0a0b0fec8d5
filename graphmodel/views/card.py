"""The record card: what a person reads about one node, the same in the CLI and on the web.

A card is plain data (JSON-able dicts and lists): a title, the kind, a status line, markers
(e.g. "the papers disagree on …"), then a list of *sections*, in order:

- ``facts``: the key facts for this kind of record first (an agreement's type, dates, parties,
  signatories by name with their roles, and its areas; a partnership's tier, sphere, since,
  owner, objectives, agreements and last review), each ``{"label", "value"}`` where ``value``
  is text or a list of items ``{"text", "id"?}`` (an id links to another card);
- ``relationships``: every relationship grouped by type, with counts; a renderer shows the
  first few of each group and the rest on request;
- ``sources``: the sources that state something about the record, grouped by paper, each quote
  once: the node's own, and those of its relationships that name it; the rest of its
  relationships' sources (a partnership's quote on an agreement it lists, say) are kept apart as
  ``context``, because a relationship's source belongs to the relationship.

Other record kinds' sections (a partnership's reviews and timeline, say) are added with
:func:`register_section`, without touching the builders here.

Examples
--------
>>> from graphmodel.stores import EmbeddedStore
>>> from loaders import bundled_register_dir, read_register
>>> store = EmbeddedStore(); store.replace(read_register(bundled_register_dir()).graph)
>>> c = card_for(store, "kent-virginia-mou-2006")
>>> [s["key"] for s in c["sections"]]
['facts', 'relationships', 'sources']
>>> c["sections"][0]["rows"][0]
{'label': 'Type', 'value': 'Memorandum of understanding (MoU)'}
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from graphmodel.views.card_facts import facts_for, latest_paper_date
from graphmodel.views.sources import SourceLabels, format_date, parse_source
from graphmodel.views.vocabulary import AGREEMENT_TYPES

__all__ = [
    "build_card",
    "card_for",
    "group_title",
    "register_section",
    "SECTION_BUILDERS",
    "FIRST_FEW",
]

#: items a group of relationships shows before "show all"
FIRST_FEW = 5

#: label -> extra section builders ``f(node, rels, labels) -> section | None``, run in order
#: after the key facts and before the relationships
SECTION_BUILDERS: dict[str, list[Callable[..., dict[str, Any] | None]]] = {}

#: (type, direction) -> how a group of relationships is headed on a card
GROUP_TITLES = {
    ("PARTY_TO", "in"): "Parties",
    ("PARTY_TO", "out"): "Party to",
    ("SIGNED", "in"): "Signed by",
    ("SIGNED", "out"): "Signed",
    ("UNDERPINNED_BY", "in"): "Underpins partnerships",
    ("UNDERPINNED_BY", "out"): "Agreements",
    ("COVERS", "out"): "Themes covered",
    ("ADDRESSES", "out"): "Themes",
    ("HAS_PARTNERSHIP", "out"): "Partnerships",
    ("HAS_PARTNERSHIP", "in"): "Home council",
    ("WITH_PARTNER", "out"): "Partner",
    ("WITH_PARTNER", "in"): "Partner in partnerships",
    ("OWNS", "in"): "Owned by",
    ("OWNS", "out"): "Owns",
    ("INCLUDES", "out"): "Projects",
    ("INCLUDES", "in"): "Part of partnerships",
    ("LEADS", "in"): "Led by",
    ("LEADS", "out"): "Leads",
    ("PARTNER_IN", "in"): "Project partners",
    ("PARTNER_IN", "out"): "Partner in projects",
    ("FUNDED_BY", "out"): "Funded by",
    ("FUNDED_BY", "in"): "Funds",
    ("PART_OF", "out"): "Part of",
    ("PART_OF", "in"): "Has parts",
    ("LOCATED_IN", "out"): "Located in",
    ("LOCATED_IN", "in"): "Contains",
    ("IN_COUNTRY", "out"): "Country",
    ("HAS_ROLE", "out"): "Roles",
    ("HAS_ROLE", "in"): "People",
    ("ABOUT", "in"): "Conflicts about this record",
    ("ABOUT", "out"): "About",
    ("PUBLISHED_BY", "out"): "Published by",
    ("PUBLISHED_BY", "in"): "Papers published",
    ("RESPONSIBLE_FOR", "in"): "Managed by",
    ("RESPONSIBLE_FOR", "out"): "Responsible for",
    ("HAS_CLAUSE", "out"): "Clauses",
    ("HAS_CLAUSE", "in"): "Clause of",
    # what the team records (graphmodel.build.monitoring)
    ("REVIEW_OF", "in"): "Reviews",
    ("REVIEW_OF", "out"): "Review of",
    ("FOR_PARTNERSHIP", "in"): "Activities and actions",
    ("FOR_PARTNERSHIP", "out"): "For partnership",
    ("ACTIVITY_WITH", "in"): "Activities with",
    ("ACTIVITY_WITH", "out"): "With",
    ("CARRIED_OUT", "in"): "Carried out by",
    ("CARRIED_OUT", "out"): "Activities carried out",
    ("ASSIGNED_TO", "in"): "Actions assigned",
    ("ASSIGNED_TO", "out"): "Assigned to",
    # what the papers say bodies do together
    ("ADDRESSES", "in"): "Addressed by",
    ("ADOPTS", "out"): "Adopts",
    ("ADOPTS", "in"): "Adopted by",
    ("BORNE_BY", "out"): "Paid for by",
    ("BORNE_BY", "in"): "Costs it bears",
    ("CONCERNS", "out"): "Concerns",
    ("CONCERNS", "in"): "Concerned in",
    ("COVERS", "in"): "Covered by agreements",
    ("DELIVERS", "out"): "Delivers",
    ("DELIVERS", "in"): "Delivered by",
    ("EXCHANGES_WITH", "out"): "Exchanges with",
    ("EXCHANGES_WITH", "in"): "Exchanges with",
    ("FOUNDED", "out"): "Founded",
    ("FOUNDED", "in"): "Founded by",
    ("FUNDS", "out"): "Funds",
    ("FUNDS", "in"): "Funded by",
    ("HELD_IN", "out"): "Held in",
    ("HELD_IN", "in"): "Events held here",
    ("HOSTS", "out"): "Hosts",
    ("HOSTS", "in"): "Hosted by",
    ("INVOLVES", "out"): "Involves",
    ("INVOLVES", "in"): "Involved in",
    ("IN_COUNTRY", "in"): "In this country",
    ("IN_TABLE", "out"): "In table",
    ("IN_TABLE", "in"): "Rows",
    ("LINKED_WITH", "out"): "Linked with",
    ("LINKED_WITH", "in"): "Linked with",
    ("MEMBER_OF", "out"): "Member of",
    ("MEMBER_OF", "in"): "Members",
    ("ORGANISES", "out"): "Organises",
    ("ORGANISES", "in"): "Organised by",
    ("PARTICIPATES_IN", "out"): "Takes part in",
    ("PARTICIPATES_IN", "in"): "Taking part",
    ("PRIORITISES", "out"): "Priorities",
    ("PRIORITISES", "in"): "A priority of",
    ("REPORTED_BY", "out"): "Reported by",
    ("REPORTED_BY", "in"): "Reports",
    ("REPRESENTS", "out"): "Represents",
    ("REPRESENTS", "in"): "Represented by",
    ("RUNS", "out"): "Runs",
    ("RUNS", "in"): "Run by",
    ("SUBTHEME_OF", "out"): "Part of theme",
    ("SUBTHEME_OF", "in"): "Sub-themes",
    ("SUPERSEDES", "out"): "Replaces",
    ("SUPERSEDES", "in"): "Replaced by",
    ("SUPPORTS", "out"): "Supports",
    ("SUPPORTS", "in"): "Supported by",
    ("UNDER", "out"): "Under",
    ("UNDER", "in"): "Clauses under it",
    ("VISITED", "out"): "Visited",
    ("VISITED", "in"): "Visited by",
    ("WORKS_WITH", "out"): "Works with",
    ("WORKS_WITH", "in"): "Works with",
}


def group_title(etype: str, direction: str) -> str:
    """A relationship group's heading in words: "Exchanges with", "Paid for by"; a type not
    listed above reads as words too ("Teams up with"; from the other end, "Linked by 'teams
    up with'")."""
    title = GROUP_TITLES.get((etype, direction))
    if title:
        return title
    words = (etype or "related").replace("_", " ").strip().lower()
    return words.capitalize() if direction == "out" else f"Linked by '{words}'"


def register_section(label: str, builder: Callable[..., dict[str, Any] | None]) -> None:
    """Add a section to every card of ``label`` (e.g. ``"Partnership"``); ``builder(node,
    rels, labels)`` returns ``{"key", "title", ...}`` or None to leave it out."""
    SECTION_BUILDERS.setdefault(label, []).append(builder)


def card_for(store: Any, node_id: str, labels: SourceLabels | None = None) -> dict[str, Any]:
    """The card of a node in a store (``node_id`` an id, name, alias, or a paper's file name)."""
    labels = labels or SourceLabels.from_store(store)
    node = store.node(node_id)
    if node is None:
        doc = labels.find(node_id)
        node = store.node(doc.id) if doc else store.get(node_id)
    return build_card(node, store.relationships(node["id"]), labels, store=store)


# -- the card ----------------------------------------------------------------------------------
def build_card(
    node: dict[str, Any], rels: list[dict[str, Any]], labels: SourceLabels, store: Any = None
) -> dict[str, Any]:
    """A card from a node's properties and its relationships (``GraphStore.relationships``).

    ``store``, when given, is handed to section builders marked ``wants_store`` (a
    partnership's timeline reads the dates of the records around it).
    """
    kind = node.get("label") or ""
    builder = facts_for(kind)
    if getattr(builder, "wants_store", False):
        facts = builder(node, rels, labels, store)
    else:
        facts = builder(node, rels, labels)
    if kind == "Partnership" and store is not None:
        _last_recorded_review(facts, node, store)
    if node.get("notes"):
        facts.append({"label": "Curators' note", "value": node["notes"]})
    name_of = _namer(rels, store)
    for row in facts:
        row["value"] = _readable(row["value"], labels, name_of)
    sections: list[dict[str, Any]] = [
        {"key": "facts", "title": "Key facts", "rows": [r for r in facts if _has(r["value"])]}
    ]
    for builder in SECTION_BUILDERS.get(kind, []):
        if getattr(builder, "wants_store", False):
            extra = builder(node, rels, labels, store)
        else:
            extra = builder(node, rels, labels)
        if extra:
            sections.append(extra)
    sections.append(_relationships(rels))
    sections.append(_sources(node, rels, labels))
    return {
        "id": node["id"],
        "kind": kind,
        "title": node.get("name") or node["id"],
        "status": _status(node, kind, labels),
        "aliases": list(node.get("aliases") or []),
        "markers": _markers(rels),
        "sections": sections,
    }


def _namer(rels: list[dict[str, Any]], store: Any) -> Callable[[str], str | None]:
    """A record's name by its id: its neighbours' names at hand, the store's for the rest."""
    known = {r["other_id"]: r.get("other_name") for r in rels if r.get("other_id")}

    def name_of(rid: str) -> str | None:
        if rid not in known and store is not None:
            known[rid] = (store.node(rid) or {}).get("name")
        return known.get(rid)

    return name_of


def _readable(value: Any, labels: SourceLabels, name_of: Callable[[str], str | None]) -> Any:
    """Curators' words on a card with papers and records named, not numbered (``004``,
    ``documents.yaml``, ``kent-partnership``); links and numbers are left as they are."""
    if isinstance(value, str):
        return labels.prose(value, name_of)
    if isinstance(value, list):
        return [_readable(v, labels, name_of) for v in value]
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        return {**value, "text": labels.prose(value["text"], name_of)}
    return value


def _last_recorded_review(facts: list[dict[str, Any]], node: dict[str, Any], store: Any) -> None:
    """'Last review' is the later of the partnership's own field and its recorded reviews
    (read from the store, so a review recorded a moment ago counts)."""
    dates = [
        (store.node(r["other_id"]) or {}).get("date")
        for r in store.relationships(node["id"])
        if r["type"] == "REVIEW_OF" and r["direction"] == "in"
    ]
    dates = [str(d) for d in dates if d]
    own = str(node.get("last_reviewed") or "")
    if dates and max(dates) > own:
        for row in facts:
            if row["label"] == "Last review":
                row["value"] = f"{format_date(max(dates))} (recorded review)"


def _has(value: Any) -> bool:
    return value not in (None, "", [])


def _status(node: dict[str, Any], kind: str, labels: SourceLabels) -> str:
    parts: list[str] = []
    if kind == "Agreement":
        parts += [AGREEMENT_TYPES.get(node.get("type"), node.get("type") or "")]
        if node.get("signed"):
            parts.append(f"signed {format_date(node['signed'])}")
    elif kind == "Partnership":
        parts += [f"{node.get('tier')} tier", f"{node.get('sphere')} sphere"]
        if node.get("since"):
            parts.append(f"since {format_date(node['since'])}")
    elif kind == "Document":
        parts += [node.get("kind") or "paper", format_date(node.get("date"))]
    elif node.get("type"):
        parts.append(str(node["type"]).replace("-", " "))
    if node.get("status") and node.get("status") != "unknown":
        when = latest_paper_date(node, labels)  # a status is of its papers' time, not today's
        parts.append(
            f"{node['status']} (papers up to {format_date(when)})" if when else str(node["status"])
        )
    return " · ".join([KIND_WORDS.get(kind, kind), *[p for p in parts if p]])


#: what a card's status line calls a kind whose name is not plain words
KIND_WORDS = {
    "CostBenefit": "Costs and benefits (one row)",
    "CostBenefitTable": "Costs and benefits table",
}


def _markers(rels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conflicts this record is the subject of: a reader should know before trusting it."""
    return [
        {
            "kind": "conflict",
            "id": r["other_id"],
            "name": r["other_name"],
            "text": f"The papers disagree: {r['other_name']}",
        }
        for r in rels
        if r["type"] == "ABOUT" and r["direction"] == "in" and r.get("other_label") == "Conflict"
    ]


# -- relationships and sources -----------------------------------------------------------------
def _relationships(rels: list[dict[str, Any]]) -> dict[str, Any]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rels:
        groups.setdefault((r["type"], r["direction"]), []).append(
            {
                "id": r["other_id"],
                "text": r["other_name"] or r["other_id"],
                "kind": r.get("other_label"),
                "detail": ", ".join(
                    f"{k.replace('_', ' ')}: {v}"
                    for k, v in sorted(r.items())
                    if k in ("role", "title", "amount_text", "period", "since") and v
                ),
            }
        )
    out = []
    for (etype, direction), items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        items.sort(key=lambda i: (i["text"].casefold(), i["id"]))
        title = group_title(etype, direction)
        out.append(
            {
                "type": etype,
                "direction": direction,
                "title": title,
                "count": len(items),
                "items": items,
            }
        )
    return {
        "key": "relationships",
        "title": f"Relationships ({len(rels)})",
        "count": len(rels),
        "groups": out,
        "first_few": FIRST_FEW,
    }


def _sources(node: dict[str, Any], rels: list[dict[str, Any]], labels: SourceLabels):
    own = list(node.get("sources") or [])
    names = _folded_names(node)
    context: list[str] = []
    for r in rels:
        for s in r.get("sources") or []:
            if s in own or s in context:
                continue
            ref = parse_source(s)
            if names and _mentions(f"{ref.section or ''} {ref.quote or ''}", names):
                own.append(s)
            else:
                context.append(s)
    groups = labels.grouped(own)
    n = sum(len(g["items"]) for g in groups)
    ctx = labels.grouped(context)
    m = sum(len(g["items"]) for g in ctx)
    return {
        "key": "sources",
        "title": f"Sources ({n})",
        "count": n,
        "groups": groups,
        "context": ctx,
        "context_count": m,
        "context_title": f"Sources of its relationships that do not name it ({m})",
    }


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " " + re.sub(r"[^a-z0-9]+", " ", text).strip() + " "


def _folded_names(node: dict[str, Any]) -> list[str]:
    names = [node.get("name") or "", *(node.get("aliases") or [])]
    return [f for f in (_fold(x) for x in names) if f.strip()]


def _mentions(text: str, names: list[str]) -> bool:
    """Whether ``text`` names the record (its name or an alias, as whole words)."""
    folded = _fold(text)
    return any(name in folded for name in names)


# A partnership's timeline and a strategy's spheres are sections in modules of their own,
# which know nothing of cards.
from graphmodel.views.spheres import spheres_section  # noqa: E402
from graphmodel.views.timeline import timeline_section  # noqa: E402

register_section("Partnership", timeline_section)
register_section("Strategy", spheres_section)
