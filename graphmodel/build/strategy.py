"""How strategy clauses become nodes: (strategy)-[:HAS_CLAUSE]->(clause), and
(clause)-[:UNDER]->(principle) for a clause printed under a principle."""

from __future__ import annotations

from typing import Any

from graphmodel.model.strategy import StrategyClause

__all__ = ["STRATEGY_EDGE_TYPES", "add_strategy_record"]

STRATEGY_EDGE_TYPES = {"HAS_CLAUSE", "UNDER"}

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


def add_strategy_record(b: Any, label: str, rec: Any, where: tuple, ref) -> bool:
    """Add ``rec`` to the builder ``b`` if it is a strategy clause; False if it is not."""
    if not isinstance(rec, StrategyClause):
        return False
    b.add_node(
        rec,
        label,
        {
            "strategy": rec.strategy,
            "part": rec.part,
            "number": rec.number,
            "heading": rec.heading,
            "text": rec.text,
            "under": rec.under,
        },
        where,
        name=clause_name(rec),
    )
    ref(rec.strategy, "HAS_CLAUSE", "strategy", "strategy", reverse=True)
    ref(rec.under, "UNDER", "under", "clause")
    return True
