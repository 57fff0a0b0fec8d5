"""How reviews, activities and actions become nodes and relationships of the graph.

(review)-[:REVIEW_OF]->(partnership); (unit)-[:CARRIED_OUT]->(activity)-[:ACTIVITY_WITH]->(partner),
(activity)-[:FOR_PARTNERSHIP]->(partnership), (activity)-[:ADDRESSES]->(theme);
(action)-[:ASSIGNED_TO]->(owner), (action)-[:FOR_PARTNERSHIP]->(partnership).
"""

from __future__ import annotations

from typing import Any

from graphmodel.model.monitoring import Action, Activity, Review

__all__ = ["MONITORING_EDGE_TYPES", "add_monitoring_record"]

MONITORING_EDGE_TYPES = {
    "REVIEW_OF",
    "ACTIVITY_WITH",
    "CARRIED_OUT",
    "FOR_PARTNERSHIP",
    "ASSIGNED_TO",
}


def add_monitoring_record(b: Any, label: str, rec: Any, where: tuple, ref) -> bool:
    """Add ``rec`` to the builder ``b`` if it is a monitoring record; False if it is not.

    ``ref(dst, etype, field, target, key="", reverse=False)`` queues a checked reference.
    """
    if isinstance(rec, Review):
        b.add_node(
            rec,
            label,
            {
                "date": rec.date,
                "reviewer": rec.reviewer,
                "outcome": rec.outcome,
                "objectives_met": rec.objectives_met,
                "next_review": rec.next_review,
                "partnership": rec.partnership,
            },
            where,
            name=rec.name or f"Review of {rec.partnership} ({rec.date})",
        )
        ref(rec.partnership, "REVIEW_OF", "partnership", "partnership")
    elif isinstance(rec, Activity):
        b.add_node(
            rec,
            label,
            {
                "type": rec.type,
                "start": rec.start,
                "end": rec.end,
                "people": rec.people,
                "outcome": rec.outcome,
                "unit": rec.unit,
                "partner": rec.partner,
                "partnership": rec.partnership,
            },
            where,
        )
        ref(rec.unit, "CARRIED_OUT", "unit", "org", reverse=True)
        ref(rec.partner, "ACTIVITY_WITH", "partner", "org")
        ref(rec.partnership, "FOR_PARTNERSHIP", "partnership", "partnership")
        for i, t in enumerate(rec.themes):
            ref(t, "ADDRESSES", f"themes[{i}]", "theme")
    elif isinstance(rec, Action):
        b.add_node(
            rec,
            label,
            {
                "owner": rec.owner,
                "target": rec.target,
                "status": rec.status,
                "plan": rec.plan,
                "description": rec.description,
                "partnership": rec.partnership,
            },
            where,
        )
        ref(rec.owner, "ASSIGNED_TO", "owner", "org")
        ref(rec.partnership, "FOR_PARTNERSHIP", "partnership", "partnership")
    else:
        return False
    return True
