"""The builder of strategy clauses: (strategy)-[:HAS_CLAUSE]->(clause), and
(clause)-[:UNDER]->(principle) for a clause printed under a principle."""

from __future__ import annotations

from typing import Any

from graphmodel.model.strategy import StrategyClause

from .registry import Link, builds, fields

__all__ = ["clause_name"]

_PART_NAMES = {
    "principle": "Principle",
    "criterion": "Criterion",
    "justification": "Further justification",
    "condition": "Condition for links outside the criteria",
    "monitoring": "Monitoring",
    "framework": "Monitoring framework",
}


def clause_name(rec: StrategyClause) -> str:
    if rec.name:
        return rec.name
    head = _PART_NAMES[rec.part] + (f" {rec.number}" if rec.number else "")
    return f"{head}: {rec.heading or rec.text}"


@builds(
    StrategyClause,
    links=[
        Link("strategy", "HAS_CLAUSE", "strategy", reverse=True),
        Link("under", "UNDER", "clause"),
    ],
    name=clause_name,
)
def strategy_clause(rec: StrategyClause) -> dict[str, Any]:
    return fields(rec, "strategy", "part", "number", "heading", "text", "under")
