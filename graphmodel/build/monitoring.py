"""The builders of reviews, activities and actions.

(review)-[:REVIEW_OF]->(partnership); (unit)-[:CARRIED_OUT]->(activity)-[:ACTIVITY_WITH]->(partner),
(activity)-[:FOR_PARTNERSHIP]->(partnership), (activity)-[:ADDRESSES]->(theme);
(action)-[:ASSIGNED_TO]->(owner), (action)-[:FOR_PARTNERSHIP]->(partnership).
"""

from __future__ import annotations

from typing import Any

from graphmodel.model.monitoring import Action, Activity, Review

from .registry import Link, builds, fields

__all__: list[str] = []  # nothing to import: the builders register themselves in BUILDERS

FOR_PARTNERSHIP = Link("partnership", "FOR_PARTNERSHIP", "partnership")


@builds(
    Review,
    links=[Link("partnership", "REVIEW_OF", "partnership")],
    name=lambda rec: rec.name or f"Review of {rec.partnership} ({rec.date})",
)
def review(rec: Review) -> dict[str, Any]:
    return fields(
        rec, "date", "reviewer", "outcome", "objectives_met", "next_review", "partnership"
    )


@builds(
    Activity,
    links=[
        Link("unit", "CARRIED_OUT", "org", reverse=True),
        Link("partner", "ACTIVITY_WITH", "org"),
        FOR_PARTNERSHIP,
        Link("themes", "ADDRESSES", "theme"),
    ],
)
def activity(rec: Activity) -> dict[str, Any]:
    return fields(
        rec, "type", "start", "end", "people", "outcome", "unit", "partner", "partnership"
    )


@builds(Action, links=[Link("owner", "ASSIGNED_TO", "org"), FOR_PARTNERSHIP])
def action(rec: Action) -> dict[str, Any]:
    return fields(rec, "owner", "target", "status", "plan", "description", "partnership")
