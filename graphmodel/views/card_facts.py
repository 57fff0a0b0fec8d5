"""What each kind of record's card says first: its key facts.

An agreement's type, dates, parties and signatories by name with their roles; a partnership's
tier (stated by a paper, or inferred), sphere, owner, agreements and last review; a project's
lead and funding; a paper's date and publisher; a conflict's versions; an organisation's
standing in words; a cost's amounts in words, a year, and for whom. Kinds without a builder of their own list their properties. :mod:`card`
puts these first and adds the relationships and sources.
"""

from __future__ import annotations

from typing import Any

from graphmodel.views.sources import SourceLabels, format_date, parse_source
from graphmodel.views.vocabulary import AGREEMENT_TYPES

__all__ = ["FACTS", "facts_for", "latest_paper_date", "money_words", "stated_as_of"]


def _date(v: Any) -> str | None:
    return format_date(v) if v else None


def _items(rels, etype, direction, text=None) -> list[dict[str, Any]]:
    """Linked items of one relationship type and direction: ``{"text", "id"}``."""
    out = []
    for r in rels:
        if r["type"] == etype and r["direction"] == direction:
            out.append({"text": text(r) if text else r["other_name"], "id": r["other_id"]})
    return out


def _signatory(r: dict[str, Any], names: dict[str, str]) -> str:
    text = r["other_name"]
    if r.get("role"):
        text += f", {r['role']}"
    if r.get("on_behalf_of"):
        text += f", for {names.get(r['on_behalf_of'], r['on_behalf_of'])}"
    return text


def _agreement_facts(node, rels, labels):
    names = {r["other_id"]: r["other_name"] for r in rels}
    renewed = [format_date(d) for d in node.get("renewed") or []]
    return [
        {"label": "Type", "value": AGREEMENT_TYPES.get(node.get("type"), node.get("type"))},
        {"label": "Signed", "value": _date(node.get("signed")) or "not recorded"},
        {"label": "Renewed", "value": ", ".join(renewed)},
        {"label": "Status", "value": _dated_status(node, labels)},
        {"label": "Parties", "value": _items(rels, "PARTY_TO", "in")},
        {
            "label": "Signatories",
            "value": _items(rels, "SIGNED", "in", lambda r: _signatory(r, names)),
        },
        {
            "label": "Areas of co-operation",
            # one area may cover two themes: it is one area, listed once
            "value": [{"text": a} for a in dict.fromkeys(node.get("areas") or [])],
        },
        {"label": "Supersedes", "value": _items(rels, "SUPERSEDES", "out")},
        {"label": "Underpins", "value": _items(rels, "UNDERPINNED_BY", "in")},
        {"label": "Description", "value": node.get("description")},
    ]


def _owner(rels) -> list[dict[str, Any]] | str:
    """The owning unit; failing that, who the papers make responsible for the link, said so."""
    owners = _items(rels, "OWNS", "in")
    if owners:
        return owners
    responsible = _items(
        rels,
        "RESPONSIBLE_FOR",
        "in",
        lambda r: f"{r['other_name']} (responsible for it; the papers name no owning unit)",
    )
    return responsible or "not recorded"


def _partnership_agreements(node, rels, store) -> list[dict[str, Any]]:
    """Agreements listed by the partnership, and those both its council and partner are party to
    (as Link health and the timeline count them)."""
    items = _items(rels, "UNDERPINNED_BY", "out")
    home, partner = node.get("home_council"), node.get("partner_org")
    if store is None or not home or not partner:
        return items
    listed = {i["id"] for i in items}

    def agreements_of(org: str) -> dict[str, str]:
        return {
            r["other_id"]: r["other_name"]
            for r in store.relationships(org)
            if r["type"] == "PARTY_TO" and r["direction"] == "out"
        }

    ours, theirs = agreements_of(home), agreements_of(partner)
    for a in sorted(set(ours) & set(theirs) - listed):
        items.append({"text": f"{ours[a]} (between the council and the partner)", "id": a})
    return items


def _tier(node: dict[str, Any], labels: SourceLabels) -> str | None:
    """The tier, and whether a paper states it (with its words) or the register inferred it."""
    tier = node.get("tier")
    if not tier:
        return None
    stated = node.get("tier_stated_by")
    if stated:
        ref = parse_source(stated)
        doc = labels.document(ref.file)
        where = f"{doc.short}, § {ref.section}" if doc else labels.label(stated, quote=False)
        said = f"“{ref.quote}”, " if ref.quote else ""
        return f"{tier} (stated: {said}{where})"
    return f"{tier} (inferred by the register: no paper states this link's tier)"


def latest_paper_date(node: dict[str, Any], labels: SourceLabels) -> str | None:
    """The date of the latest dated paper among the record's sources (None: none is dated):
    when its papers last said what they say. A status ("active", "draft") is a fact of that
    time, not of today."""
    dates = [
        doc.date
        for text in node.get("sources") or []
        if (doc := labels.document(parse_source(text).file)) is not None and doc.date
    ]
    return max(dates) if dates else None


def stated_as_of(node: dict[str, Any], labels: SourceLabels) -> str:
    """The words " (said in papers up to Jun 2007)", or "" (:func:`latest_paper_date`)."""
    when = latest_paper_date(node, labels)
    return f" (said in papers up to {format_date(when)})" if when else ""


def _dated_status(node: dict[str, Any], labels: SourceLabels) -> str | None:
    status = node.get("status")
    return f"{status}{stated_as_of(node, labels)}" if status else None


def _partnership_facts(node, rels, labels, store=None):
    return [
        {"label": "Tier", "value": _tier(node, labels)},
        {"label": "Sphere", "value": node.get("sphere")},
        {"label": "Status", "value": _dated_status(node, labels)},
        {"label": "Since", "value": _date(node.get("since")) or "not recorded"},
        {"label": "Home council", "value": _items(rels, "HAS_PARTNERSHIP", "in")},
        {"label": "Partner", "value": _items(rels, "WITH_PARTNER", "out")},
        {"label": "Owner", "value": _owner(rels)},
        {"label": "Last review", "value": _date(node.get("last_reviewed")) or "not recorded"},
        {"label": "Agreements", "value": _partnership_agreements(node, rels, store)},
        {"label": "Projects", "value": _items(rels, "INCLUDES", "out")},
        {"label": "Objectives", "value": [{"text": o} for o in node.get("objectives") or []]},
        {"label": "Description", "value": node.get("description")},
    ]


_partnership_facts.wants_store = True  # type: ignore[attr-defined]


def _project_facts(node, rels, labels):
    def funding(r):
        amount = r.get("amount_text")
        return r["other_name"] + (f" ({amount})" if amount else "")

    def partner(r):
        return r["other_name"] + (f" ({r['role']})" if r.get("role") else "")

    span = " – ".join(x for x in (_date(node.get("start")), _date(node.get("end"))) if x)
    return [
        {"label": "Type", "value": node.get("type")},
        {"label": "Status", "value": _dated_status(node, labels)},
        {"label": "Dates", "value": span},
        {"label": "Lead", "value": _items(rels, "LEADS", "in")},
        {"label": "Partners", "value": _items(rels, "PARTNER_IN", "in", partner)},
        {"label": "Funding", "value": _items(rels, "FUNDED_BY", "out", funding)},
        {"label": "Description", "value": node.get("description")},
    ]


def _document_facts(node, rels, labels):
    return [
        {"label": "Title", "value": node.get("name")},
        {"label": "Date", "value": _date(node.get("date"))},
        {"label": "Published by", "value": _items(rels, "PUBLISHED_BY", "out")},
        {"label": "Kind of paper", "value": node.get("kind")},
        {"label": "File", "value": node.get("file")},
    ]


def _conflict_facts(node, rels, labels):
    from graphmodel.queries.conflicts import split_version_sources  # the builder's joining, undone

    versions = []
    for value, joined in zip(
        node.get("values") or [], node.get("value_sources") or [], strict=False
    ):
        shown = "(blank)" if value in (None, "None", "") else value
        srcs = "; ".join(labels.labels(split_version_sources(joined)))
        versions.append({"text": f"{shown} — {srcs}"})
    return [
        {"label": "Subject", "value": _items(rels, "ABOUT", "out")},
        {"label": "Field", "value": node.get("field")},
        {"label": "Versions", "value": versions},
        {"label": "Note", "value": node.get("note")},
        {"label": "Resolution", "value": node.get("resolution")},
    ]


_HIDDEN = {"id", "label", "name", "aliases", "sources", "values", "value_sources", "notes"}


def _generic_facts(node, rels, labels):
    rows = []
    for k in sorted(node):
        if k in _HIDDEN:
            continue
        v = node[k]
        if isinstance(v, bool):
            v = "yes" if v else "no"
        elif isinstance(v, list):
            v = [{"text": str(x)} for x in v]
        rows.append({"label": k.replace("_", " ").capitalize(), "value": v})
    return rows


def _person_facts(node, rels, labels):
    """A person's properties, their titles dated: "Leader" is what the papers of their time
    say, not who leads the council today."""
    rows = _generic_facts(node, rels, labels)
    when = stated_as_of(node, labels)
    for row in rows:
        if row["label"] == "Titles" and when and isinstance(row["value"], list):
            row["value"] = [{"text": f"{t['text']}{when}"} for t in row["value"]]
    return rows


def _organisation_facts(node, rels, labels, store=None):
    """An organisation says what it is and where it stands in words: the home council, one of
    a council's own bodies, a domestic body outside it; never a bare "Domestic: no"."""
    standing = _standing(node, rels, store)
    country = [r["other_name"] for r in rels if r["type"] == "IN_COUNTRY"]
    rows = [
        {"label": "Type", "value": str(node.get("type") or "").replace("-", " ")},
        {"label": "Standing", "value": standing},
        {"label": "Country", "value": country[0] if country else node.get("country")},
        {"label": "Part of", "value": _items(rels, "PART_OF", "out")},
    ]
    shown = {"type", "home", "domestic", "country", "parent"}
    rest = _generic_facts({k: v for k, v in node.items() if k not in shown}, rels, labels)
    return rows + rest


_organisation_facts.wants_store = True  # type: ignore[attr-defined]


def _standing(node, rels, store) -> str | None:
    if node.get("home"):
        return "a home council of this register"
    council = _council_of(node["id"], rels, store)
    if council:
        return f"one of {council}'s own bodies"
    if node.get("domestic"):
        return "a domestic body (in the home council's country, outside the council)"
    return None


def _council_of(node_id: str, rels, store) -> str | None:
    """The home council a body belongs to, up its 'part of' chain (read from the store)."""
    seen = {node_id}
    parents = [r["other_id"] for r in rels if r["type"] == "PART_OF" and r["direction"] == "out"]
    while parents and store is not None:
        pid = parents.pop()
        if pid in seen:
            continue
        seen.add(pid)
        parent = store.node(pid) or {}
        if parent.get("home"):
            return parent.get("name") or pid
        parents += [
            r["other_id"]
            for r in store.relationships(pid)
            if r["type"] == "PART_OF" and r["direction"] == "out"
        ]
    return None


# -- costs and benefits ---------------------------------------------------------------------
_MONEY = {"GBP": ("£", 1.0), "GBP-m": ("£", 1e6), "EUR": ("€", 1.0), "EUR-m": ("€", 1e6)}


def money_words(value: Any, unit: str | None) -> str | None:
    """A stated sum in words: ``money_words(0.07, "GBP-m")`` is ``"£70,000"``, ``(24.3,
    "GBP-m")`` ``"£24.3 million"``; None when no number is stated.

    >>> money_words(0.07, "GBP-m"), money_words(24.3, "GBP-m"), money_words(73400, "GBP")
    ('£70,000', '£24.3 million', '£73,400')
    """
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    sign, scale = _MONEY.get(unit or "GBP", ("", 1.0))
    amount = value * scale
    if amount >= 1e6:
        return f"{sign}{amount / 1e6:,.6g} million"
    return f"{sign}{amount:,.0f}"


def _per(period: Any) -> str:
    """'a year, 2006/7' for a financial year, 'for …' for any other period."""
    text = str(period or "").strip()
    if not text:
        return "a year, period not stated"
    head = text.split("/")[0]
    return f"a year, {text}" if head.isdigit() and "/" in text else f"for {text}"


def _amount(node: dict[str, Any], prefix: str, missing: str) -> str:
    """An amount of a cost/benefit record in words with its period, and as printed."""
    words = money_words(node.get(f"{prefix}_value"), node.get(f"{prefix}_unit"))
    printed = node.get(f"{prefix}_text")
    if words is None:
        return f"{missing} (printed: {printed})" if printed else missing
    said = f"{words} {_per(node.get('period'))}"
    if printed and printed != words:
        # a table's column of £m prints bare numbers ("0.07"): say in what
        column = " in £m" if str(node.get(f"{prefix}_unit")).endswith("-m") else ""
        bare = not str(printed).lstrip().startswith(("£", "€"))
        said += f" (printed “{printed}”{column if bare else ''})"
    return said


def _cost_facts(node, rels, labels):
    """A row of a costs/benefits table: what it costs and brings in, a year, in words, and for
    whom; never the records' ids."""
    subject = _items(rels, "CONCERNS", "out")
    who = f", {subject[0]['text']}" if subject else ""
    cost = _amount(node, "cost", "no cost stated")
    return [
        {"label": "Cost", "value": cost + (who if cost[0] in "£€" else "")},
        {"label": "Benefit", "value": _amount(node, "benefit", "no benefit stated")},
        {"label": "Time limited", "value": "yes" if node.get("time_limited") else None},
        {"label": "For", "value": subject},
        {"label": "Paid for by", "value": _items(rels, "BORNE_BY", "out")},
        {"label": "In table", "value": _items(rels, "IN_TABLE", "out")},
    ]


def _cost_table_facts(node, rels, labels, store=None):
    """A costs/benefits table: its totals in words, whose it is, and each row's cost."""

    def row(r):
        d = (store.node(r["other_id"]) if store is not None else None) or {}
        cost = money_words(d.get("cost_value"), d.get("cost_unit")) or "no cost stated"
        benefit = money_words(d.get("benefit_value"), d.get("benefit_unit"))
        return f"{r['other_name']}: {cost}" + (f", benefit {benefit}" if benefit else "")

    return [
        {"label": "Period", "value": node.get("period")},
        {"label": "Total cost", "value": _amount(node, "total_cost", "no total cost stated")},
        {
            "label": "Total benefit",
            "value": _amount(node, "total_benefit", "no total benefit stated"),
        },
        {"label": "Reported by", "value": _items(rels, "REPORTED_BY", "out")},
        {"label": "Rows", "value": _items(rels, "IN_TABLE", "in", row)},
        {"label": "Footnotes", "value": [{"text": f} for f in node.get("footnotes") or []]},
    ]


_cost_table_facts.wants_store = True  # type: ignore[attr-defined]


FACTS = {
    "Organisation": _organisation_facts,
    "Person": _person_facts,
    "Agreement": _agreement_facts,
    "Partnership": _partnership_facts,
    "Project": _project_facts,
    "Document": _document_facts,
    "Conflict": _conflict_facts,
    "CostBenefit": _cost_facts,
    "CostBenefitTable": _cost_table_facts,
}


def facts_for(kind: str):
    """The facts builder of a kind of record (its properties listed, for a kind with none)."""
    return FACTS.get(kind, _generic_facts)
