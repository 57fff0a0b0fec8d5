"""A city typed by its name is that city: "Porto" evaluated Bordeaux, which lists "porto" among
its alternate names in GeoNames and is a little bigger. A city known by a name only as an
alternate name comes first only when it is far bigger than any city of that very name
("Hanover" is Hannover, not a town of 38,000 in the USA)."""

from __future__ import annotations

import pytest

from graphmodel.evaluator import Evaluator
from graphmodel.evaluator.reference import find_cities


@pytest.mark.parametrize(
    ("typed", "name", "country"),
    [("Porto", "Porto", "PT"), ("Chichester", "Chichester", "GB"), ("Hanover", "Hannover", "DE"),
     ("Cologne", "Köln", "DE"), ("Florence", "Florence", "IT")],
)  # fmt: skip
def test_the_city_of_that_name_first(typed, name, country):
    first = find_cities(typed)[0]
    assert (first["name"], first["countrycode"]) == (name, country)


def test_evaluate_porto_is_porto():
    card = Evaluator(store=None, profiles={}).evaluate("Maidstone", "Porto")
    assert card.candidate_name == "Porto" and card.country == "PT"
    assert "Bordeaux" in [c["name"] for c in find_cities("Porto")]  # still found, after it
