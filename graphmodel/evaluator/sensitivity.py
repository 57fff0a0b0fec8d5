"""How robust a recommendation is to the weights.

* :func:`band_flips`: for one candidate, the smallest change to a single weight that would move
  its total across a band threshold (solved exactly: the total is a ratio of linear functions of
  the weight).
* :func:`rank_stability`: for many candidates, their ranks when every weight is perturbed at
  random (log-normal, seeded, so the answer is reproducible).
"""

from __future__ import annotations

import numpy as np

from .config import BAND_LABELS, CRITERIA, SHORT_NAMES, EvaluatorConfig
from .results import Sensitivity

__all__ = ["weighted_totals", "band_flips", "flip_sentence", "rank_stability"]


def weighted_totals(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted means over the criteria that were scored (NaN = not scored).

    ``scores`` is (candidates × criteria); ``weights`` is (criteria,) or (samples × criteria), and
    the result (candidates,) or (samples × candidates). A candidate with no scored, weighted
    criterion gets NaN.
    """
    present = ~np.isnan(scores)
    filled = np.where(present, scores, 0.0)
    num = filled @ np.atleast_2d(weights).T
    den = present.astype(float) @ np.atleast_2d(weights).T
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    return out[:, 0] if np.ndim(weights) == 1 else out.T


def band_flips(
    scores: dict[str, float | None], config: EvaluatorConfig, confidence: float
) -> Sensitivity:
    """Every single-weight change that moves the total across the nearest band thresholds."""
    w = config.weights
    scored = {k: s for k, s in scores.items() if s is not None}
    num = sum(w[k] * s for k, s in scored.items())
    den = sum(w[k] for k in scored)
    total = num / den if den else None
    band = config.band(total, confidence)
    if total is None:
        return Sensitivity(band=band, note="no criterion could be scored")
    score_band = config.band(total, 1.0)
    flips = []
    for k, s in scored.items():
        for t in (config.pilot_at, config.pursue_at):
            if s == t:
                continue
            delta = (t * den - num) / (s - t)
            new_w = w[k] + delta
            if new_w < 0 or den + delta <= 0 or abs(delta) < 1e-12:
                continue
            # land just across the threshold, not on it
            step = delta * (1 + 1e-6) + (1e-9 if delta > 0 else -1e-9)
            new_total = (num + step * s) / (den + step)
            new_band = config.band(new_total, 1.0)
            if new_band == score_band:
                continue
            flips.append(
                {
                    "criterion": k,
                    "title": CRITERIA[k],
                    "weight": w[k],
                    "new_weight": round(new_w, 3),
                    "change": round(delta, 3),
                    "new_band": new_band,
                    "new_total": round(new_total, 1),
                }
            )
    flips.sort(key=lambda f: abs(f["change"]))
    seen, unique = set(), []
    for f in flips:
        if (f["criterion"], f["new_band"]) not in seen:
            seen.add((f["criterion"], f["new_band"]))
            unique.append(f)
    note = ""
    if band == "insufficient-evidence":
        note = (
            "the band is set by the missing evidence, not by the weights; on the scores present "
            f"it would be '{BAND_LABELS[score_band]}', and these weight changes would move that"
        )
    elif not unique:
        note = "no change to a single weight moves this candidate to another band"
    return Sensitivity(band=band, flips=unique, smallest=unique[0] if unique else None, note=note)


def flip_sentence(name: str, flip: dict) -> str:
    """ "Skåne becomes 'Pilot first' if accessibility weighs 0.52 instead of 1"."""
    what = SHORT_NAMES[flip["criterion"]]
    return (
        f"{name} becomes '{BAND_LABELS[flip['new_band']]}' if {what} weighs "
        f"{flip['new_weight']:.2f} instead of {flip['weight']:g}"
    )


def rank_stability(
    scores: np.ndarray,
    weights: np.ndarray,
    samples: int = 500,
    spread: float = 0.5,
    seed: int = 2007,
    top: int = 10,
) -> list[dict[str, float]]:
    """Ranks of each candidate under ``samples`` random perturbations of the weights.

    Each weight is multiplied by ``exp(N(0, spread))`` (a weight of 0 stays 0). Returns, per
    candidate: base rank, median, 5th and 95th percentile rank, the share of samples in which it
    keeps its base rank, and the share in which it is in the top ``top``.
    """
    n = scores.shape[0]
    if n == 0:
        return []
    rng = np.random.default_rng(seed)
    w = np.asarray(weights, dtype=float)
    perturbed = w * np.exp(rng.normal(0.0, spread, size=(samples, w.size)))
    base = _ranks(weighted_totals(scores, w)[None, :])[0]
    ranks = _ranks(weighted_totals(scores, perturbed))
    return [
        {
            "base_rank": int(base[i]),
            "median_rank": float(np.median(ranks[:, i])),
            "p5_rank": float(np.percentile(ranks[:, i], 5)),
            "p95_rank": float(np.percentile(ranks[:, i], 95)),
            "same_rank_share": float(np.mean(ranks[:, i] == base[i])),
            "top_share": float(np.mean(ranks[:, i] <= top)),
        }
        for i in range(n)
    ]


def _ranks(totals: np.ndarray) -> np.ndarray:
    """1-based ranks per row, best (highest) first; NaN totals rank last."""
    key = np.where(np.isnan(totals), -np.inf, totals)
    order = np.argsort(-key, axis=1, kind="stable")
    ranks = np.empty_like(order)
    rows = np.arange(totals.shape[0])[:, None]
    ranks[rows, order] = np.arange(1, totals.shape[1] + 1)
    return ranks
