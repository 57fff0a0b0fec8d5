"""Normalisation and scoring curves: each turns evidence into a similarity or score in [0, 1].

Every curve is monotone and documented in ``docs/EVALUATOR.md``; the constants are here so the
docs and the code can be checked against each other.
"""

from __future__ import annotations

import math

import numpy as np

from ..geo import haversine_km  # one implementation, re-exported for the evaluator

__all__ = [
    "LOG_SPAN",
    "POINTS_SPAN",
    "DISTANCE_HALF_KM",
    "JOURNEY_HALF_HOURS",
    "COST_HALF_GBP",
    "log_similarity",
    "points_similarity",
    "overlap_similarity",
    "distance_score",
    "journey_score",
    "cost_score",
    "saturating",
    "haversine_km",
]

#: sizes compared on a log scale: a factor of LOG_SPAN apart scores 0 (same size scores 1)
LOG_SPAN = {"population": 10.0, "area_km2": 10.0, "gdp_per_head": 3.0}
#: rates compared in percentage points: POINTS_SPAN points apart scores 0
POINTS_SPAN = {"unemployment_rate": 10.0, "rural_share": 50.0}
#: distance at which the distance score is one half
DISTANCE_HALF_KM = 1000.0
JOURNEY_HALF_HOURS = 4.0
COST_HALF_GBP = 200.0


def log_similarity(a: float, b: float, span: float = 10.0) -> float:
    """1 for equal sizes, falling linearly in ``|log(a/b)|`` to 0 at a factor of ``span``.

    Examples
    --------
    >>> log_similarity(100, 100)
    1.0
    >>> round(log_similarity(100, 200), 2)
    0.7
    >>> log_similarity(1, 1000)
    0.0
    """
    ratio = abs(math.log(a / b)) / math.log(span)
    return max(0.0, 1.0 - ratio)


def points_similarity(a: float, b: float, span: float) -> float:
    """1 for equal rates, falling linearly to 0 at ``span`` percentage points apart.

    >>> points_similarity(3.0, 8.0, 10.0)
    0.5
    """
    return max(0.0, 1.0 - abs(a - b) / span)


def overlap_similarity(a: list[str], b: list[str]) -> float:
    """Jaccard overlap of two lists of names (case-insensitive).

    >>> overlap_similarity(["Tourism", "ports"], ["tourism"])
    0.5
    """
    sa, sb = {x.casefold() for x in a}, {x.casefold() for x in b}
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


def _half_curve(x: float, half: float) -> float:
    return 1.0 / (1.0 + (x / half) ** 2)


def distance_score(km):
    """1 at 0 km, 0.5 at ``DISTANCE_HALF_KM``, 0.2 at twice that; never rises with distance.

    Accepts a number or a numpy array.

    >>> distance_score(0.0)
    1.0
    >>> distance_score(1000.0)
    0.5
    """
    if isinstance(km, np.ndarray):
        return 1.0 / (1.0 + (km.astype(float) / DISTANCE_HALF_KM) ** 2)
    return _half_curve(float(km), DISTANCE_HALF_KM)


def journey_score(hours: float) -> float:
    """0.5 at ``JOURNEY_HALF_HOURS`` door to door (same curve as distance)."""
    return _half_curve(hours, JOURNEY_HALF_HOURS)


def cost_score(gbp: float) -> float:
    """0.5 at ``COST_HALF_GBP`` for a return trip."""
    return _half_curve(gbp, COST_HALF_GBP)


def saturating(n: float) -> float:
    """Diminishing returns for counts of distinct findings: 0, 0.5, 0.75, 0.875, …

    >>> [saturating(n) for n in range(4)]
    [0.0, 0.5, 0.75, 0.875]
    """
    return 1.0 - 0.5 ** max(0.0, n)
