"""A partnership's history in date order: agreements, reviews, activities, projects, actions and
costs, each with its sources. Shown on the partnership's record card (``card.py`` registers
:func:`timeline_section`).

Read through the store contract (``node``, ``relationships``), so it is the same on the embedded
store and on Neo4j. Items the papers give no date for are listed last, as undated.
"""

from __future__ import annotations

from typing import Any

from graphmodel.views.sources import SourceLabels
from graphmodel.views.vocabulary import AGREEMENT_TYPES

__all__ = ["partnership_timeline", "timeline_section"]

UNDATED = "undated"


def _rels(store: Any, node_id: str, etype: str, direction: str) -> list[str]:
    return sorted(
        {
            r["other_id"]
            for r in store.relationships(node_id)
            if r["type"] == etype and r["direction"] == direction
        }
    )


def partnership_timeline(store: Any, partnership: str) -> list[dict[str, Any]]:
    """``[{date, what, name, id, sources}]`` for one partnership, oldest first."""
    p = store.node(partnership)
    if p is None or p.get("label") != "Partnership":
        return []
    items: list[dict[str, Any]] = []

    def add(date, what, n: dict[str, Any]) -> None:
        items.append(
            {
                "date": date or UNDATED,
                "what": what,
                "name": n.get("name") or n["id"],
                "id": n["id"],
                "sources": list(n.get("sources") or []),
            }
        )

    if p.get("since"):
        add(p["since"], "partnership began", p)
    home, partner = p.get("home_council"), p.get("partner_org")
    agreements = set(_rels(store, partnership, "UNDERPINNED_BY", "out"))
    if home and partner:
        agreements |= set(_rels(store, partner, "PARTY_TO", "out")) & set(
            _rels(store, home, "PARTY_TO", "out")
        )
    for a in sorted(agreements):
        n = store.node(a) or {"id": a}
        add(n.get("signed"), _agreement_event(n), n)
        for r in n.get("renewed") or []:
            add(r, "agreement renewed", n)
    for r in _rels(store, partnership, "REVIEW_OF", "in"):
        n = store.node(r) or {"id": r}
        outcome = f": {n['outcome']}" if n.get("outcome") else ""
        add(n.get("date"), f"reviewed by {n.get('reviewer') or '?'}{outcome}", n)
    acts = set(_rels(store, partnership, "FOR_PARTNERSHIP", "in"))
    if partner:
        acts |= set(_rels(store, partner, "ACTIVITY_WITH", "in"))
    for a in sorted(acts):
        n = store.node(a) or {"id": a}
        if n.get("label") == "Action":
            add(n.get("target"), f"action ({n.get('status')}) due", n)
        elif n.get("label") == "Activity":
            add(n.get("start"), n.get("type") or "activity", n)
    projects = _rels(store, partnership, "INCLUDES", "out")
    for pr in projects:
        n = store.node(pr) or {"id": pr}
        if n.get("start"):
            add(n["start"], "project started", n)
        elif not n.get("end"):
            add(None, "project (the papers give no dates)", n)
        if n.get("end"):
            add(n["end"], "project ended", n)
    for subject in [partnership, *projects]:
        for c in _rels(store, subject, "CONCERNS", "in"):
            n = store.node(c) or {"id": c}
            if n.get("label") != "CostBenefit":
                continue
            cost = n.get("cost_text") or n.get("cost_value") or "not stated"
            benefit = n.get("benefit_text") or n.get("benefit_value") or "not stated"
            add(n.get("period"), f"cost {cost}; benefit {benefit}", n)
    dated = sorted((i for i in items if i["date"] != UNDATED), key=lambda i: (i["date"], i["id"]))
    return dated + sorted((i for i in items if i["date"] == UNDATED), key=lambda i: i["id"])


#: how an agreement with no signing on record stands on a timeline, by its status
_UNSIGNED = {
    "proposed": "proposed (not signed)",
    "draft": "in draft (not signed)",
    "unknown": "mentioned, with no signing on record",
}


def _agreement_event(n: dict[str, Any]) -> str:
    """'… signed' only for an agreement the papers say was signed, with a date."""
    kind = AGREEMENT_TYPES.get(n.get("type") or "", "Agreement")
    status = n.get("status") or "unknown"
    if n.get("signed") and status not in _UNSIGNED:
        return f"{kind} signed"
    if status in _UNSIGNED:
        return f"{kind} {_UNSIGNED[status]}"
    return f"{kind} {status}, with no signing date on record"


def timeline_section(node, rels, labels: SourceLabels, store=None) -> dict[str, Any] | None:
    """The card section: one line per item, linking to its record, with its sources."""
    if store is None:
        return None
    items = partnership_timeline(store, node["id"])
    if not items:
        return None
    return {
        "key": "timeline",
        "title": f"Timeline ({len(items)})",
        "rows": [
            {
                "label": i["date"],
                "value": [
                    {
                        "text": f"{i['what']} — {i['name']}"
                        + (
                            f" ({labels.label(i['sources'][0], quote=False)})"
                            if i["sources"]
                            else ""
                        ),
                        "id": i["id"],
                    }
                ],
            }
            for i in items
        ],
    }


timeline_section.wants_store = True  # type: ignore[attr-defined]
