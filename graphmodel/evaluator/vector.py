"""Vectorised scorers: each criterion for many reference places at once (cities or regions), known
only by population, country and location, with exactly the curves and ranges of :mod:`.criteria`.

Each returns a :class:`Scores` of arrays: the score on the evidence present (NaN: not scored), the
low and high ends of the range the missing evidence leaves open, and the confidence. The registry
(:mod:`.registry`) names one per criterion; a criterion without one is wholly unknown for a
reference place (range 0–100).
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .criteria import ACCESS_PARTS, TIE_KINDS, Side, priority_range
from .dated import eu_members
from .profiles import INDICATORS
from .reference import CEE_THEME, CEEC, country_languages
from .scoring import DISTANCE_HALF_KM, LOG_SPAN, haversine_km

__all__ = ["Places", "Scores", "unknown", "similarity", "priorities", "accessibility", "community"]


@dataclass
class Places:
    """Many candidates known only by population, country and location; ``home`` is compared."""

    reader: Any  # GraphReader: the theme hierarchy
    home: Side
    pop: np.ndarray
    country: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    as_of: _dt.date | None = None  # the evaluation's date (EU membership): default today
    #: ``pop`` is only a lower bound (regions: their larger towns summed), compared as a bound
    pop_lower_bound: bool = False

    def __len__(self) -> int:
        return len(self.pop)


@dataclass
class Scores:
    score: np.ndarray
    low: np.ndarray
    high: np.ndarray
    confidence: np.ndarray


def unknown(n: int) -> Scores:
    """Nothing known: not scored, anywhere from 0 to 100."""
    return Scores(np.full(n, np.nan), np.zeros(n), np.full(n, 100.0), np.zeros(n))


def similarity(p: Places) -> Scores:
    """Population only: one of the eight indicators; the other seven keep their whole range."""
    out = unknown(len(p))
    hp = p.home.profile.indicators.get("population")
    if hp is None:
        return out
    ok = p.pop > 0
    sim = np.clip(
        1.0
        - np.abs(np.log(np.where(ok, p.pop, 1.0) / float(hp.value)))
        / math.log(LOG_SPAN["population"]),
        0,
        1,
    )
    n = len(INDICATORS)
    if p.pop_lower_bound:  # as criteria.bounded_similarity: 0 up to the bound's similarity
        hi = np.where(p.pop <= float(hp.value), 1.0, sim)
        out.high = np.where(ok, 100 * (hi + n - 1) / n, 100.0)
        return out
    out.score = np.where(ok, 100 * sim, np.nan)
    out.low = np.where(ok, 100 * sim / n, 0.0)
    out.high = np.where(ok, 100 * (sim + n - 1) / n, 100.0)
    out.confidence = np.where(ok, 1 / n, 0.0)
    return out


def priorities(p: Places) -> Scores:
    """A reference place's only known theme is the strategy's CEE theme, by its country; every
    other priority of the home is unknown, not "not shared"."""
    out = unknown(len(p))
    themes = p.home.themes
    if not themes:
        return out
    total_w = sum(w for _, w, _ in themes.values())
    shared_w = 0.0
    if CEE_THEME in themes:
        reach = {CEE_THEME, *p.reader.theme_parents(CEE_THEME)} & set(themes)
        shared_w = sum(themes[t][1] for t in reach)
    cee = np.isin(p.country, list(CEEC))
    _, hi0, _ = priority_range(0.0, 0.0, total_w)
    out.high = np.full(len(p), hi0)
    if shared_w:
        lo, _, point = priority_range(shared_w, 0.0, total_w)
        out.score = np.where(cee, point, np.nan)
        out.low = np.where(cee, lo, 0.0)
        out.confidence = np.where(cee, shared_w / total_w, 0.0)
    return out


def accessibility(p: Places) -> Scores:
    """Distance only; the transport parts keep their whole range."""
    out = unknown(len(p))
    if not p.home.location:
        return out
    km = haversine_km(p.home.location[0], p.home.location[1], p.lat, p.lon)
    d = 1 / (1 + (km / DISTANCE_HALF_KM) ** 2)
    w = ACCESS_PARTS["distance"]
    out.score = 100 * d
    out.low = 100 * w * d
    out.high = 100 * (w * d + 1 - w)
    out.confidence = np.full(len(p), w)
    return out


def community(p: Places) -> Scores:
    """A shared language (per country) is a tie; every other kind of tie is unknown."""
    n = len(p)
    hl = set(p.home.languages[0]) if p.home.languages else set()
    codes = np.unique(p.country)
    lang_shared = {c: bool(hl & set(country_languages(c))) for c in codes}
    shared = np.array([lang_shared[c] for c in p.country], dtype=bool).reshape(n)
    kinds = len(TIE_KINDS)
    top = 100 * (1 - 0.5**kinds)
    return Scores(
        score=np.where(shared, 50.0, np.nan),
        low=np.where(shared, 50.0, 0.0),
        high=np.full(n, top),
        confidence=np.full(n, 1 / 3 if hl else 0.0),
    )


def funding(p: Places) -> Scores:
    """EU membership of both on the evaluation's date (0.3 of the score), known by country;
    programme eligibility (0.7) unknown: never scored above what known eligibility would give."""
    n = len(p)
    out = unknown(n)
    if not p.home.country:
        return out
    members = eu_members(p.as_of or _dt.date.today())
    both = np.isin(p.country, list(members)) & (p.home.country in members)
    eu = np.where(both, 1.0, 0.0)
    out.score = 100 * eu
    out.low = 100 * 0.3 * eu
    out.high = 100 * (0.3 * eu + 0.7)
    out.confidence = np.full(n, 0.3)
    return out
