"""A candidate that is already the council's partner is said to be one, first, wherever the
scorecard is read: evaluating Krefeld for Leicester (its twin) used to read like a proposed new
link ("Gather evidence first … 'Pursue'"), the twinning found only deep in the evidence."""

from __future__ import annotations

import pytest

from graphmodel.evaluator import Evaluator
from graphmodel.evaluator.summary import plain_summary
from graphmodel.stores import EmbeddedStore


@pytest.fixture(scope="module")
def ev(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return Evaluator(store)


@pytest.mark.parametrize("name", ["Krefeld", "City of Krefeld"])  # the place, or its council
def test_an_existing_twin_is_said_to_be_one_first(ev, name):
    card = ev.evaluate("leicester", name)
    first = card.reasons[0]
    assert first.startswith("City of Krefeld is already Leicester City Council's active twinning")
    assert "(Leicester – Krefeld)" in first
    why = dict(plain_summary(card))["Why"]
    assert "already" in why


def test_a_new_candidate_is_not(ev):
    card = ev.evaluate("leicester", "Lyon")
    assert not any("already" in r for r in card.reasons)


def test_a_link_being_explored_is_the_one_under_evaluation(ev):
    kent = ev.resolve_home("kent")
    exploring = [
        p for p in ev.reader.partnerships(kent.graph_id) if "exploring" in (p.tier, p.status)
    ]
    assert exploring, "the bundled register has links Kent is exploring"
    card = ev.evaluate(kent, exploring[0].partner_id)
    assert not any("is already" in r for r in card.reasons)


def test_the_summary_still_gives_the_totals_range(ev):
    why = dict(plain_summary(ev.evaluate("leicester", "Krefeld")))["Why"]
    assert why.startswith("City of Krefeld is already")
    assert "The total could be anywhere from" in why
