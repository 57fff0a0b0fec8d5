"""How robust a recommendation is to the weights.

* :func:`recommendation_flips`: for one candidate, the smallest change to a single weight that
  would change the recommendation itself (the band decided on the range the missing evidence
  leaves open), solved exactly: each end of the range is a ratio of linear functions of the weight.
* :func:`rank_stability`: for many candidates, the ranks they could take (their ranges overlap:
  not yet distinguishable; equal: tied) under random weights (log-normal, seeded, reproducible).
"""

from __future__ import annotations

import math

import numpy as np

from .config import BAND_LABELS, CRITERIA, SHORT_NAMES, EvaluatorConfig
from .recommendation import decide_band, total_range
from .results import CriterionResult, Sensitivity

#: weight changes are looked for up to this weight (the page's boxes take up to 100)
MAX_WEIGHT = 10.0

__all__ = [
    "MAX_WEIGHT",
    "weighted_totals",
    "range_totals",
    "recommendation_flips",
    "flip_sentence",
    "rank_stability",
    "rank_ranges",
]


def weighted_totals(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted means over the criteria that were scored (NaN = not scored).

    ``scores`` is (candidates × criteria); ``weights`` is (criteria,) or (samples × criteria), and
    the result (candidates,) or (samples × candidates). A candidate with no scored, weighted
    criterion gets NaN. (The mean of the evidence present: information, never a ranking.)
    """
    present = ~np.isnan(scores)
    filled = np.where(present, scores, 0.0)
    num = filled @ np.atleast_2d(weights).T
    den = present.astype(float) @ np.atleast_2d(weights).T
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    return out[:, 0] if np.ndim(weights) == 1 else out.T


def range_totals(
    low: np.ndarray, high: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The total's range per candidate: weighted means of every weighted criterion's range.

    Shapes as :func:`weighted_totals`; no NaN (a criterion with no evidence is 0–100)."""
    w = np.atleast_2d(weights)
    den = w.sum(axis=1)
    lo = (low @ w.T) / den
    hi = (high @ w.T) / den
    if np.ndim(weights) == 1:
        return lo[:, 0], hi[:, 0]
    return lo.T, hi.T


def _rec(ranges, weights, fund, config) -> str:
    rng = total_range(ranges, weights)
    if rng is None:
        return "insufficient-evidence"
    return decide_band(rng[0], rng[1], fund, config)[0]


def _funding(results):
    return next((r for r in results if r.key == "funding"), None)


def recommendation_flips(results: list[CriterionResult], config: EvaluatorConfig) -> Sensitivity:
    """For each criterion, the smallest raise and the smallest cut of its weight alone that would
    change the recommendation, smallest first, up to a weight of :data:`MAX_WEIGHT`. Weights are
    given to two decimals, rounded so that the weight named does change it (type it on the
    Evaluate page or in ``--weights``)."""
    w = dict(config.weights)
    ranges = {r.key: (r.low, r.high) for r in results}
    fund = _funding(results)
    band = _rec(ranges, w, fund, config)
    effective = [math.ceil(t) - 0.5 for t in (config.pilot_at, config.pursue_at)]
    flips = []
    for k in ranges:
        others = {j: w[j] for j in ranges if j != k}
        den = sum(others.values())
        candidates = {-w[k]} if w[k] > 0 else set()
        for end in (0, 1):
            num = sum(others[j] * ranges[j][end] for j in others)
            r = ranges[k][end]
            for e in effective:
                if r != e:
                    # (num + x·r) / (den + x) = e at the new weight x
                    x = (e * den - num) / (r - e)
                    if x >= 0 and den + x > 0:
                        candidates.add(x - w[k])
        for direction in (1, -1):
            steps = sorted((d for d in candidates if d * direction > 1e-12), key=abs)
            for d in steps:
                found = _typed_weight(w, k, w[k] + d, direction, band, ranges, fund, config, den)
                if found == "too far":
                    break
                if found is None:
                    continue
                new, new_band = found
                flips.append(
                    {
                        "criterion": k,
                        "title": CRITERIA[k],
                        "weight": w[k],
                        "new_weight": new,
                        "change": round(new - w[k], 2),
                        "new_band": new_band,
                    }
                )
                break
    flips.sort(key=lambda f: (abs(f["change"]), f["criterion"]))
    note = ""
    if not flips:
        note = "no change to a single weight changes this recommendation"
    return Sensitivity(band=band, flips=flips, smallest=flips[0] if flips else None, note=note)


def _typed_weight(w, k, x, direction, band, ranges, fund, config, den):
    """The weight nearest the crossing at ``x``, to two decimals, that changes the recommendation
    (None: this crossing does not; "too far": past :data:`MAX_WEIGHT`)."""
    y = math.ceil(x * 100 - 1e-6) / 100 if direction > 0 else math.floor(x * 100 + 1e-6) / 100
    for _ in range(3):
        y = max(0.0, round(y, 2))
        if y > MAX_WEIGHT:
            return "too far"
        if den + y > 0:
            new_band = _rec(ranges, {**w, k: y}, fund, config)
            if new_band != band:
                return y, new_band
        if y == 0.0 and direction < 0:
            return None
        y += 0.01 * direction
    return None


def _times(old: float, new: float) -> str:
    if new == 0:
        return "left out"
    if old == 0:
        return "counted, where now it is left out"
    ratio = new / old
    if ratio >= 1.5:
        return f"about {ratio:.0f} times as much as now" if ratio >= 2.5 else "half as much again"
    if ratio > 1:
        return "a little more than now"
    if ratio <= 0.6:
        return (
            f"about {'a third' if ratio < 0.42 else 'half'} as much as now"
            if ratio > 0.25
            else ("far less than now")
        )
    return "a little less than now"


def flip_sentence(name: str, flip: dict) -> str:
    """ "Regional Council of Skåne would be 'Pilot first' if community ties weighed 0.49 instead
    of 1 (about half as much as now)"."""
    what = SHORT_NAMES[flip["criterion"]]
    return (
        f"{name} would be '{BAND_LABELS[flip['new_band']]}' if {what} weighed "
        f"{flip['new_weight']:g} instead of {flip['weight']:g} "
        f"({_times(flip['weight'], flip['new_weight'])})"
    )


def rank_ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(best, worst) rank of each candidate whose total lies in ``lo``–``hi``: best = 1 + those
    certainly above it, worst = all but those certainly below it. Equal ranges tie; overlapping
    ranges are not yet distinguishable. Works on (candidates,) or (samples × candidates)."""
    lo2, hi2 = np.atleast_2d(lo), np.atleast_2d(hi)
    n = lo2.shape[1]
    best = np.empty(lo2.shape, dtype=int)
    worst = np.empty(lo2.shape, dtype=int)
    for s in range(lo2.shape[0]):
        slo, shi = np.sort(lo2[s]), np.sort(hi2[s])
        above = n - np.searchsorted(slo, hi2[s], side="right")  # others' low above my high
        below = np.searchsorted(shi, lo2[s], side="left")  # others' high below my low
        best[s] = 1 + above
        worst[s] = n - below
    if np.ndim(lo) == 1:
        return best[0], worst[0]
    return best, worst


def rank_stability(
    low: np.ndarray,
    high: np.ndarray,
    weights: np.ndarray,
    samples: int = 500,
    spread: float = 0.5,
    seed: int = 2007,
    top: int = 10,
) -> list[dict[str, float]]:
    """Ranks of each candidate under ``samples`` random perturbations of the weights.

    Each weight is multiplied by ``exp(N(0, spread))`` (a weight of 0 stays 0). A candidate's rank
    is a range (:func:`rank_ranges`): ties and overlapping ranges are counted, never broken by
    name or order. Returns, per candidate: its best and worst rank with the weights set, the 5th
    percentile of its best and the 95th of its worst rank under random weights, the share of
    samples that give it the same rank range, and the share in which it could be in the top ``top``.
    """
    n = low.shape[0]
    if n == 0:
        return []
    rng = np.random.default_rng(seed)
    w = np.asarray(weights, dtype=float)
    perturbed = w * np.exp(rng.normal(0.0, spread, size=(samples, w.size)))
    base_best, base_worst = rank_ranges(*range_totals(low, high, w))
    best, worst = rank_ranges(*range_totals(low, high, perturbed))
    return [
        {
            "base_rank": int(base_best[i]),
            "worst_rank": int(base_worst[i]),
            "median_rank": float(np.median((best[:, i] + worst[:, i]) / 2)),
            "p5_rank": float(np.percentile(best[:, i], 5)),
            "p95_rank": float(np.percentile(worst[:, i], 95)),
            "same_rank_share": float(
                np.mean((best[:, i] == base_best[i]) & (worst[:, i] == base_worst[i]))
            ),
            "top_share": float(np.mean(best[:, i] <= top)),
        }
        for i in range(n)
    ]
