"""Discovery at the right level: a county council is ranked against regions, a city council
against cities; every region's figures say how they were derived."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from graphmodel.evaluator import Evaluator, rank_reference_regions
from graphmodel.evaluator.ranking import KEYS, vector_ranges
from graphmodel.evaluator.regions import region_id, region_table
from graphmodel.evaluator.sensitivity import range_totals, weighted_totals
from graphmodel.stores import EmbeddedStore
from loaders import read_register

BRISTOL = Path(__file__).resolve().parent / "fixtures" / "bristol"


def test_levels():
    ev = Evaluator(None)
    assert ev.resolve_home("kent").level == "region"
    store = EmbeddedStore()
    store.replace(read_register(BRISTOL).graph)
    assert Evaluator(store).resolve_home("bristol").level == "city"


def test_region_table_sums_its_cities():
    t = region_table()
    i = t.index("SK", "03")
    assert t.names[i] == "Košický kraj" and t.largest[i] == "Košice"
    assert t.population[i] >= 235_000  # at least the city of Košice itself


def test_kent_is_ranked_against_regions_with_derived_figures():
    ev = Evaluator(None)
    result = rank_reference_regions(ev, "kent", countries=["FR", "BE", "NL"], top=5)
    assert result.considered > 10 and len(result.cards) == 5
    assert any("compared with regions" in n for n in result.notes)
    for card in result.cards:
        pop = next(e for e in card.criterion("similarity").evidence if e.item == "Population")
        assert pop.home == "1,382,900"  # Kent itself, not Maidstone
        assert "summed" in pop.candidate_source and "15,000" in pop.candidate_source
    lows = [c.total_range[0] for c in result.cards]  # ranked on what is certain
    assert lows == sorted(lows, reverse=True)


def test_vectorised_region_scores_match_full_evaluation():
    ev = Evaluator(None)
    home = ev.resolve_home("kent")
    result = rank_reference_regions(ev, "kent", countries=["SE", "SK", "BG"], top=4)
    t = region_table()
    weights = np.array([ev.config.weights[k] for k in KEYS])
    for card in result.cards:
        i = next(
            j
            for j in range(len(t))
            if t.names[j] == card.candidate_name and t.country[j] == card.country
        )
        sl = slice(i, i + 1)
        v = vector_ranges(
            ev, home, t.population[sl], t.country[sl], t.lat[sl], t.lon[sl], pop_lower_bound=True
        )
        if card.total is None:
            assert np.isnan(weighted_totals(v["score"], weights)[0])
        else:
            assert weighted_totals(v["score"], weights)[0] == pytest.approx(card.total, abs=0.15)
        lo, hi = range_totals(v["low"], v["high"], weights)
        assert [lo[0], hi[0]] == pytest.approx(card.total_range, abs=0.15)


def test_a_regions_population_is_a_lower_bound_not_a_figure():
    ev = Evaluator(None)
    t = region_table()
    card = ev.evaluate("kent", region_id(t.index("BE", "BRU")))  # at least 2 million: > Kent
    sim = card.criterion("similarity")
    pop = next(e for e in sim.evidence if e.item == "Population")
    assert "only a lower bound" in pop.detail and pop.value is None
    assert sim.score is None  # not scored as if it were the figure
    assert sim.low == 0.0 and sim.high < 100.0  # larger than Kent: at most so alike
    assert any("only a lower bound" in m for m in sim.missing)


def test_a_city_council_ranked_against_regions_compares_no_sizes():
    store = EmbeddedStore()
    store.replace(read_register(BRISTOL).graph)
    ev = Evaluator(store)
    result = rank_reference_regions(ev, "bristol", countries=["NL"], top=3)
    t = region_table()
    weights = np.array([ev.config.weights[k] for k in KEYS])
    home = ev.resolve_home("bristol")
    for card in result.cards:
        sim = card.criterion("similarity")
        assert not any(e.item == "Population" for e in sim.evidence)  # a city is not a region
        i = next(j for j in range(len(t)) if region_id(j) == card.candidate_id)
        sl = slice(i, i + 1)
        from graphmodel.evaluator.home import home_at_level

        v = vector_ranges(
            ev, home_at_level(home, "region"), t.population[sl], t.country[sl], t.lat[sl],
            t.lon[sl], pop_lower_bound=True,
        )  # fmt: skip
        lo, hi = range_totals(v["low"], v["high"], weights)
        assert [lo[0], hi[0]] == pytest.approx(card.total_range, abs=0.15)
