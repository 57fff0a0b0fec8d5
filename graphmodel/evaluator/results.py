"""What an evaluation returns: a scorecard of criteria, each with its evidence and what is missing."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = ["Evidence", "CriterionResult", "Sensitivity", "Scorecard"]


class Evidence(BaseModel):
    """One piece of evidence: the values on both sides with their sources, or a tie with its path."""

    item: str
    home: Any = None
    home_source: str | None = None
    candidate: Any = None
    candidate_source: str | None = None
    detail: str = ""
    value: float | None = None  # the similarity or component score (0–1) it contributed
    path: list[str] | None = None
    sources: list[str] = Field(default_factory=list)


class CriterionResult(BaseModel):
    """One criterion for one candidate.

    ``low``–``high`` is the range the score can still take once every piece of missing evidence is
    in (each missing indicator keeps its whole possible range): decisions and rankings use it.
    ``score`` is the mean of the parts that were researched, for the evidence summary only: it is
    not a bound, and never decides anything.
    """

    key: str
    title: str = ""
    score: float | None  # 0–100; None when no evidence at all (never silently 0)
    confidence: float  # 0–1: share of the needed evidence that was researched
    low: float = 0.0  # the lowest score any missing evidence could give
    high: float = 100.0  # the highest
    weight: float = 0.0
    summary: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)


class Sensitivity(BaseModel):
    """How robust the recommendation is: the smallest single weight changes that would change it."""

    band: str
    flips: list[dict[str, Any]] = Field(default_factory=list)
    smallest: dict[str, Any] | None = None
    note: str = ""


class Scorecard(BaseModel):
    home_id: str
    home_name: str
    candidate_id: str
    candidate_name: str
    candidate_origin: str  # profile, graph, reference
    candidate_graph_id: str | None = None
    country: str | None = None
    criteria: list[CriterionResult]
    #: the weighted mean of the parts researched, for the evidence summary only: it is not a
    #: bound and decides nothing (``total_range`` does); missing evidence is not in it
    total: float | None
    confidence: float
    band: str
    recommendation: str
    #: the range the total can still take once all missing evidence is in (decides the band)
    total_range: list[float] | None = None
    reasons: list[str] = Field(default_factory=list)
    #: the home council's current partnership with the candidate, said first in ``reasons``
    existing_link: str | None = None
    #: what to gather, the evidence that decides first
    gather: list[str] = Field(default_factory=list)
    #: what would change the recommendation: the evidence that could carry it across, weights
    would_change: list[str] = Field(default_factory=list)
    #: the criteria whose missing evidence could carry the total into another band
    deciders: list[str] = Field(default_factory=list)
    weights: dict[str, float]
    #: where the weights came from (:class:`.weighting.WeightsUsed`): ``origin`` ("stated",
    #: "given", "stated-and-given", "defaults"), ``words`` as every output says it, the strategy
    #: that states them with its ``sources``, and what was ``given`` and by whom
    weights_source: dict[str, Any] | None = None
    thresholds: dict[str, float | bool]
    sensitivity: Sensitivity | None = None
    rank: dict[str, Any] | None = None
    #: the evaluation's date (``--as-of``): dated facts (EU membership, programmes) are read on it
    date: str
    #: the home council's strategy for new links from its register (name, date, criteria as
    #: printed, the funding justification, citation); None: none recorded, default criteria
    strategy: dict[str, Any] | None = None
    #: with no strategy in force on ``date``: the first the register records adopted after it
    #: (so a board reads "not yet adopted", not "none recorded"); None otherwise
    strategy_later: dict[str, Any] | None = None

    def criterion(self, key: str) -> CriterionResult:
        for c in self.criteria:
            if c.key == key:
                return c
        raise KeyError(key)

    def scores(self) -> dict[str, float | None]:
        return {c.key: c.score for c in self.criteria}

    def settled(self) -> bool:
        """True when no missing evidence could change the total."""
        return bool(self.total_range) and self.total_range[0] == self.total_range[1]
