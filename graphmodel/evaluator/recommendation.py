"""From criterion results to a recommendation a board can act on: the band, why, what is missing
and what would change it.

The total is the weighted mean of the criteria that could be scored. A weighted criterion that could
not be scored is not guessed: the total it would give anywhere from 0 to 100 is worked out, and when
that range spans more than one band the recommendation is *gather evidence first*, listing what to
gather and which band each outcome would give.

Examples
--------
>>> from graphmodel.evaluator.config import EvaluatorConfig
>>> total_range({"a": 80.0, "b": None}, {"a": 1.0, "b": 1.0})
(40.0, 90.0)
>>> needed_score("b", {"a": 80.0, "b": None}, {"a": 1.0, "b": 1.0}, 65.0)
50.0
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .config import BAND_LABELS, SHORT_NAMES, EvaluatorConfig
from .results import CriterionResult

__all__ = ["Decision", "decide", "total_range", "needed_score"]


@dataclass
class Decision:
    band: str
    total: float | None
    confidence: float
    provisional_band: str | None  # the band the scores present give, before missing evidence
    total_range: tuple[float, float] | None  # the total if each unscored criterion scored 0 … 100
    reasons: list[str] = field(default_factory=list)
    gather: list[str] = field(default_factory=list)
    would_change: list[str] = field(default_factory=list)


def total_range(
    scores: dict[str, float | None], weights: dict[str, float]
) -> tuple[float, float] | None:
    """The weighted total if every unscored, weighted criterion scored 0 (low) or 100 (high)."""
    keys = [k for k in scores if weights.get(k, 0) > 0]
    den = sum(weights[k] for k in keys)
    if not den:
        return None
    known = sum(weights[k] * scores[k] for k in keys if scores[k] is not None)
    unknown = sum(weights[k] for k in keys if scores[k] is None)
    return round(known / den, 1), round((known + 100 * unknown) / den, 1)


def needed_score(
    key: str, scores: dict[str, float | None], weights: dict[str, float], threshold: float
) -> float | None:
    """The score ``key`` would need (other unscored criteria left out) for the total to reach
    ``threshold``; None when no score from 0 to 100 would."""
    w = weights[key]
    scored = {k: s for k, s in scores.items() if s is not None and weights.get(k, 0) > 0}
    num = sum(weights[k] * s for k, s in scored.items())
    den = sum(weights[k] for k in scored)
    need = (threshold * (den + w) - num) / w
    if need > 100:
        return None
    return round(max(0.0, need), 1)


def _needed_together(
    keys: list[str], scores: dict[str, float | None], weights: dict[str, float], threshold: float
) -> float | None:
    """The score all of ``keys`` would need, alike, for the total to reach ``threshold``."""
    wu = sum(weights[k] for k in keys)
    scored = {k: s for k, s in scores.items() if s is not None and k not in keys}
    num = sum(weights[k] * s for k, s in scored.items())
    den = sum(weights[k] for k in scored)
    need = (threshold * (den + wu) - num) / wu
    return None if need > 100 else round(max(0.0, need), 1)


def decide(results: list[CriterionResult], config: EvaluatorConfig) -> Decision:
    """The recommendation for one candidate (``results`` carry their weights)."""
    weighted = [r for r in results if r.weight > 0]
    scores = {r.key: r.score for r in weighted}
    weights = {r.key: r.weight for r in weighted}
    scored = [r for r in weighted if r.score is not None]
    den = sum(r.weight for r in scored)
    raw = sum(r.weight * r.score for r in scored) / den if den else None
    total = None if raw is None else round(raw, 1)
    confidence = round(sum(r.weight * r.confidence for r in weighted) / sum(weights.values()), 3)
    provisional = None if raw is None else config.band(raw, 1.0)
    rng = total_range(scores, weights) if raw is not None else None
    unscored = [r for r in weighted if r.score is None]
    open_bands = bool(rng) and config.band(rng[0], 1.0) != config.band(rng[1], 1.0)

    reasons: list[str] = []
    gather: list[str] = []
    would: list[str] = []
    if raw is None:
        band = "insufficient-evidence"
        reasons.append("no criterion could be scored: the evidence each needs is missing")
    else:
        reasons.append(
            f"on the evidence present: {total:.0f}/100, '{BAND_LABELS[provisional]}' "
            f"(pursue ≥ {config.pursue_at:g}, pilot ≥ {config.pilot_at:g})"
        )
        band = provisional
    for r in unscored:
        title = SHORT_NAMES[r.key]
        low = needed_score(r.key, scores, weights, config.pilot_at)
        high = needed_score(r.key, scores, weights, config.pursue_at)
        bits = []
        if low is not None and low > 0:
            bits.append(f"below {low:.0f} it would be 'Do not pursue'")
        if low == 0:
            bits.append("any score gives at least 'Pilot first'")
        elif low is not None:
            bits.append(f"{low:.0f} or more 'Pilot first'")
        if high is not None:
            bits.append(f"{high:.0f} or more 'Pursue'")
        if raw is not None and bits:
            would.append(f"{title} (not scored): {'; '.join(bits)}")
        elif raw is not None:
            top = (raw * sum(x.weight for x in scored) + 100 * r.weight) / (
                sum(x.weight for x in scored) + r.weight
            )
            would.append(
                f"{title} (not scored): even at 100 the total would be {top:.0f}, "
                f"'{BAND_LABELS[config.band(top, 1.0)]}'"
            )
    if raw is not None and len(unscored) > 1:
        keys = [r.key for r in unscored]
        bits = []
        for t, label in ((config.pilot_at, "Pilot first"), (config.pursue_at, "Pursue")):
            need = _needed_together(keys, scores, weights, t)
            if need is not None:
                bits.append(f"{need:.0f} or more '{label}'")
        if bits:
            would.append(
                f"if the {len(keys)} criteria not scored each scored alike: {'; '.join(bits)}"
            )
    if raw is not None and unscored:
        names = ", ".join(SHORT_NAMES[r.key] for r in unscored)
        if open_bands:
            band = "insufficient-evidence"
            reasons.append(
                f"{names} not scored (evidence missing): scored 0 to 100 it would put the total "
                f"at {rng[0]:.1f}–{rng[1]:.1f}, from '{BAND_LABELS[config.band(rng[0], 1.0)]}' "
                f"to '{BAND_LABELS[config.band(rng[1], 1.0)]}': the missing evidence decides"
            )
        else:
            reasons.append(
                f"{names} not scored (evidence missing): scored 0 to 100 the total stays "
                f"{rng[0]:.1f}–{rng[1]:.1f}, within '{BAND_LABELS[provisional]}'"
            )
    if band != "insufficient-evidence" and confidence < config.min_confidence:
        band = "insufficient-evidence"
        reasons.append(
            f"confidence {confidence:.0%}, below {config.min_confidence:.0%}: too little of the "
            "evidence needed was found to decide"
        )
    else:
        reasons.append(
            f"confidence {confidence:.0%}: the weighted share of the needed evidence found"
        )
    # what to gather: the criteria that decide first, then the thinnest
    order = sorted(weighted, key=lambda r: (r.score is not None, r.confidence))
    for r in order:
        for m in r.missing:
            item = f"{SHORT_NAMES[r.key]}: {m}"
            if item not in gather:
                gather.append(item)
    return Decision(
        band=band,
        total=total,
        confidence=confidence,
        provisional_band=provisional,
        total_range=rng,
        reasons=reasons,
        gather=gather,
        would_change=would,
    )


def funding_lift(
    decision: Decision,
    fund: CriterionResult,
    config: EvaluatorConfig,
    justification: tuple[str, str] | None = None,
) -> None:
    """Strong funding lifts *do not pursue* to *pilot first*, quoting the home council's strategy
    (``justification``: its words and their source) where it says so, else as the evaluator's
    default rule."""
    if (
        decision.band == "do-not-pursue"
        and fund.score is not None
        and fund.score >= config.funding_justifies_at
        and fund.confidence >= config.min_confidence
    ):
        decision.band = "pilot"
        why = (
            f'"{justification[0]}" ({justification[1]})'
            if justification
            else "strong funding may justify a new link (the evaluator's default rule; the home "
            "council's register records no such clause)"
        )
        decision.reasons.append(
            f"funding score {fund.score:.0f} ≥ {config.funding_justifies_at:g}: {why}"
        )
