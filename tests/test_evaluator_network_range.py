"""Network value with nothing researched but the duplication the register shows: its range is
capped by that duplication. Lyon for Leicester (Strasbourg, a French twin, already a partner)
was "0 to 100" with "Strasbourg is already a partner" in its evidence; at best it is 75, and its
score once researched lies inside that."""

from __future__ import annotations

import pytest
import yaml

from graphmodel.evaluator import Evaluator
from graphmodel.evaluator.profiles import parse_profile
from graphmodel.stores import EmbeddedStore

SRC = {"doc": "test", "section": "network"}


@pytest.fixture(scope="module")
def ev(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return Evaluator(store)


def test_known_duplication_caps_an_unresearched_network_value(ev):
    net = ev.evaluate("leicester", "Lyon").criterion("network")
    assert net.score is None and (net.low, net.high) == (0.0, 75.0)
    assert any("Strasbourg" in e.detail for e in net.evidence)
    # its themes researched: what is known lands inside the range stated before
    lyon = {"id": "lyon-x", "name": "Lyon X", "country": "FR", "themes_researched": SRC,
            "themes": [{"id": "social-justice", "source": SRC}], "partner_links": []}  # fmt: skip
    ev2 = ev.with_config(ev.config)
    ev2.add_profile(parse_profile(yaml.safe_dump(lyon)))
    known = ev2.evaluate("leicester", "lyon-x").criterion("network")
    assert 0 <= known.low <= known.high <= 75


def test_no_partner_in_the_country_leaves_it_open(ev):
    net = ev.evaluate("leicester", "Lisbon").criterion("network")
    assert (net.low, net.high) == (0.0, 100.0)
