"""A strategy's clauses as records: its principles, criteria, conditions and monitoring rules.

Kent's draft International Strategy (2007) states four principles (printed as headings, each
with its text), four criteria new partners must meet, one further justification (strong
funding), the conditions for links outside the criteria, and a monitoring framework. Held as
one record per clause, each with its sources, the evaluator and link health can cite the exact
clause they apply (``kcc-strategy-2007-criterion-3``), and the Strategy page shows them in order.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from graphmodel.model.records import RECORD_MODELS, Slug, Source, _Strict

__all__ = ["StrategyClause", "CLAUSE_PARTS", "STRATEGY_MODELS"]

#: the parts of a strategy, in the order a reader meets them
CLAUSE_PARTS = ("principle", "criterion", "justification", "condition", "monitoring", "framework")


class StrategyClause(_Strict):
    """One clause of a strategy, as printed."""

    id: Slug
    strategy: Slug
    part: Literal["principle", "criterion", "justification", "condition", "monitoring", "framework"]
    number: int | None = Field(default=None, ge=1)
    heading: str | None = None
    text: str = Field(min_length=1)
    under: Slug | None = None
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    notes: str | None = None


#: record kind -> (model, node label), added to ``graphmodel.model.records.RECORD_MODELS``
STRATEGY_MODELS = {"strategy_clauses": (StrategyClause, "StrategyClause")}

RECORD_MODELS.update(STRATEGY_MODELS)
