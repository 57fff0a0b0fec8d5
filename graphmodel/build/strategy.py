"""The builder of strategy clauses: (strategy)-[:HAS_CLAUSE]->(clause), and
(clause)-[:UNDER]->(principle) for a clause printed under a principle; and the properties a
strategy's stated weights become on its node (:func:`stated_weight_props`)."""

from __future__ import annotations

from typing import Any

from graphmodel.model.records import StatedWeights
from graphmodel.model.strategy import StrategyClause

from .registry import Link, builds, fields, source_labels

__all__ = ["clause_name", "stated_weight_props"]


def stated_weight_props(weights: StatedWeights | None) -> dict[str, Any]:
    """A strategy's stated weights as node properties a store can hold (no maps): the criteria
    and their weights as two lists in one order, and where the strategy states them.

    >>> w = StatedWeights(criteria={"accessibility": 2}, sources=[{"doc": "d.txt", "section": "4"}])
    >>> stated_weight_props(w)
    {'weights_criteria': ['accessibility'], 'weights_values': [2.0], 'weights_sources': ['d.txt § 4']}
    """
    if weights is None:
        return {}
    return {
        "weights_criteria": list(weights.criteria),
        "weights_values": list(weights.criteria.values()),
        "weights_sources": source_labels(weights.sources),
    }


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
