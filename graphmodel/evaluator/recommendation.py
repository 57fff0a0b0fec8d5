"""From criterion results to a recommendation a board can act on: the band, why, what would change
it and what to find out.

Every criterion carries the range its score can still take once the missing evidence is in
(:class:`~.results.CriterionResult` ``low``–``high``). The total's range is the weighted mean of
those ranges, over every weighted criterion, including those with no evidence at all (0–100). The
recommendation is decided on that range: when both ends fall in one band, no missing evidence can
change it; when they do not, the answer is *Gather evidence first*, naming the missing evidence
that could carry the total across.

Examples
--------
>>> from graphmodel.evaluator.config import EvaluatorConfig
>>> total_range({"a": (80.0, 80.0), "b": (0.0, 100.0)}, {"a": 1.0, "b": 1.0})
(40.0, 90.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .config import BAND_LABELS, SHORT_NAMES, EvaluatorConfig, shown
from .results import CriterionResult

__all__ = ["Decision", "decide", "total_range", "band_words", "range_words"]


@dataclass
class Decision:
    band: str
    total: float | None  # the weighted mean of the criteria scored: information, never decisive
    confidence: float
    total_range: tuple[float, float] | None  # what the total can still be: decides the band
    reasons: list[str] = field(default_factory=list)
    gather: list[str] = field(default_factory=list)
    would_change: list[str] = field(default_factory=list)
    #: criterion keys whose missing evidence could carry the total into another band
    deciders: list[str] = field(default_factory=list)


def total_range(
    ranges: dict[str, tuple[float, float]], weights: dict[str, float]
) -> tuple[float, float] | None:
    """The weighted total at the low and at the high end of every criterion's range."""
    keys = [k for k in ranges if weights.get(k, 0) > 0]
    den = sum(weights[k] for k in keys)
    if not den:
        return None
    lo = sum(weights[k] * ranges[k][0] for k in keys) / den
    hi = sum(weights[k] * ranges[k][1] for k in keys) / den
    return round(lo, 3), round(hi, 3)


def range_words(lo: float, hi: float) -> str:
    """ "57" when settled, "16 to 73" when open (whole numbers, as the band is decided)."""
    a, b = shown(lo), shown(hi)
    return f"{a}" if a == b else f"{a} to {b}"


def band_words(band: str) -> str:
    return f"'{BAND_LABELS[band]}'"


def _funding(results: list[CriterionResult]) -> CriterionResult | None:
    return next((r for r in results if r.key == "funding"), None)


def decide_band(
    lo: float, hi: float, fund: CriterionResult | None, config: EvaluatorConfig
) -> tuple[str, str, str]:
    """(band, band at the low end, band at the high end) of a total range."""
    flo = fund.low if fund is not None else None
    fhi = fund.high if fund is not None else None
    low_band, high_band = config.band_of(lo, flo), config.band_of(hi, fhi)
    return (low_band if low_band == high_band else "insufficient-evidence"), low_band, high_band


def decide(
    results: list[CriterionResult],
    config: EvaluatorConfig,
    justification: tuple[str, str] | None = None,
) -> Decision:
    """The recommendation for one candidate (``results`` carry their weights). Strong funding
    lifts *do not pursue* to *pilot first*, quoting the home council's strategy
    (``justification``: its words and their source) where it says so, else as the evaluator's
    default rule."""
    weighted = [r for r in results if r.weight > 0]
    weights = {r.key: r.weight for r in weighted}
    den = sum(weights.values())
    scored = [r for r in weighted if r.score is not None]
    sden = sum(r.weight for r in scored)
    total = round(sum(r.weight * r.score for r in scored) / sden, 1) if sden else None
    confidence = round(sum(r.weight * r.confidence for r in weighted) / den, 3) if den else 0.0
    rng = total_range({r.key: (r.low, r.high) for r in weighted}, weights)
    fund = _funding(results)
    lo, hi = rng if rng else (0.0, 100.0)
    band, low_band, high_band = decide_band(lo, hi, fund, config)
    th = f"(pursue ≥ {config.pursue_at:g}, pilot ≥ {config.pilot_at:g})"
    reasons: list[str] = []
    would: list[str] = []
    deciders: list[str] = []
    if shown(lo) == shown(hi):
        reasons.append(f"total {shown(lo)}/100 with all the evidence in: {band_words(band)} {th}")
    elif band != "insufficient-evidence":
        reasons.append(
            f"whatever the missing evidence shows, the total stays {range_words(lo, hi)}: "
            f"{band_words(band)} {th}"
        )
        would.append(
            f"no missing evidence can change it: at best the total is {shown(hi)}, at worst "
            f"{shown(lo)}"
        )
    else:
        reasons.append(
            f"the total could be anywhere from {range_words(lo, hi)} once the missing evidence "
            f"is in: from {band_words(low_band)} to {band_words(high_band)} {th}"
        )
        would, deciders = _what_carries_it(weighted, lo, hi, den, fund, config)
    if (
        fund is not None
        and shown(fund.low) >= config.funding_justifies_at
        and (config.band_of(lo) == "do-not-pursue")
    ):
        strong = f"funding at least {shown(fund.low)}, ≥ {config.funding_justifies_at:g}"
        if not config.funding_rule:
            reasons.append(
                f"{strong}, but the home council's strategy does not say that strong funding "
                "may justify a new link: it does not lift the recommendation"
            )
        else:
            why = (
                f'"{justification[0]}" ({justification[1]})'
                if justification
                else "strong funding may justify a new link (the evaluator's default rule; the "
                "home council's register records no such clause)"
            )
            reasons.append(f"{strong}: {why}")
    reasons.append(
        f"confidence {confidence:.0%}: the weighted share of the evidence needed that was "
        "researched"
    )
    gather = _gather(weighted, deciders)
    return Decision(
        band=band,
        total=total,
        confidence=confidence,
        total_range=rng,
        reasons=reasons,
        gather=gather,
        would_change=would,
        deciders=deciders,
    )


def _what_carries_it(
    weighted: list[CriterionResult],
    lo: float,
    hi: float,
    den: float,
    fund: CriterionResult | None,
    config: EvaluatorConfig,
) -> tuple[list[str], list[str]]:
    """For each band boundary inside the range: which criteria's missing evidence could carry the
    total across it, alone, and which only together."""
    lines: list[str] = []
    reach = {r.key: r.weight * (r.high - r.low) / den for r in weighted if r.high > r.low}
    names = {r.key: SHORT_NAMES[r.key] for r in weighted}
    deciders = sorted(reach, key=lambda k: -reach[k])
    for t, label in ((config.pilot_at, "pilot"), (config.pursue_at, "pursue")):
        if not (shown(lo) < t <= shown(hi)):
            continue
        need = t - shown(lo)
        alone = [k for k in deciders if shown(lo + reach[k]) >= t]
        lines.append(
            f"{band_words(label)} ({t:g} or more) needs the missing evidence to add {need:g} "
            f"points to the worst case ({shown(lo)}): "
            + (
                " or ".join(names[k] for k in alone) + " alone could"
                if alone
                else "no criterion's missing evidence could alone; it takes several"
            )
        )
    if deciders:
        lines.append(
            "the missing evidence that moves the total most: "
            + ", ".join(f"{names[k]} (up to {reach[k]:.0f} points)" for k in deciders)
        )
    if (
        config.funding_rule
        and fund is not None
        and fund.low < config.funding_justifies_at <= fund.high
    ):
        if config.band_of(lo) == "do-not-pursue":
            lines.append(
                f"funding of {config.funding_justifies_at:g} or more would lift it to "
                f"{band_words('pilot')} (its evidence leaves {range_words(fund.low, fund.high)})"
            )
            if "funding" not in deciders:
                deciders.append("funding")
    return lines, deciders


def _gather(weighted: list[CriterionResult], deciders: list[str]) -> list[str]:
    """What to find out: the evidence that could decide first, then the most points still open."""
    order = sorted(
        weighted,
        key=lambda r: (r.key not in deciders, -(r.weight * (r.high - r.low)), r.key),
    )
    gather: list[str] = []
    for r in order:
        for m in r.missing:
            item = f"{SHORT_NAMES[r.key]}: {m}"
            if item not in gather:
                gather.append(item)
    return gather
