"""Dated facts: an evaluation has a date, and EU membership and programme periods are read on it
(the United Kingdom left the EU on 31 January 2020)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from graphmodel.evaluator import Evaluator
from graphmodel.evaluator.dated import eu_member, eu_members, parse_period, programme_period
from graphmodel.model.records import Source
from graphmodel.stores import EmbeddedStore
from loaders import read_register
from partnergraph.cli import main

BRISTOL = Path(__file__).resolve().parent / "fixtures" / "bristol"
STRATEGY_DAY = dt.date(2007, 7, 12)
TODAY = dt.date(2026, 12, 7)


def test_membership_has_dates_and_sources():
    before, after = eu_member("GB", dt.date(2020, 1, 31)), eu_member("GB", dt.date(2020, 2, 1))
    assert before.member and not after.member
    assert "withdrawal" in after.source.doc.lower() and "31 Jan 2020" in after.text
    assert not eu_member("HR", STRATEGY_DAY).member and eu_member("HR", TODAY).member
    assert not eu_member("NO", TODAY).member and eu_member("NO", TODAY).source is None
    assert len(eu_members(STRATEGY_DAY)) == 27 and len(eu_members(TODAY)) == 27
    assert "GB" in eu_members(STRATEGY_DAY) and "GB" not in eu_members(TODAY)


def test_programme_periods():
    assert programme_period("interreg-ivc").covers(STRATEGY_DAY)
    assert not programme_period("interreg-ivc").covers(TODAY)
    src = Source(doc="register", section="s")
    assert parse_period("2007-13", src).end == dt.date(2013, 12, 31)
    assert parse_period("2000-2006", src).start == dt.date(2000, 1, 1)
    assert parse_period("ongoing", src) is None


def _funding_eu(card):
    return next(e for e in card.criterion("funding").evidence if e.item.startswith("EU member"))


def test_a_uk_council_today_is_not_an_eu_member():
    store = EmbeddedStore()
    store.replace(read_register(BRISTOL).graph)
    card = Evaluator(store, today=TODAY).evaluate("bristol", "Bordeaux")
    eu = _funding_eu(card)
    assert eu.home.startswith("not an EU member") and eu.value == 0.0
    assert "not open to both" in eu.detail and card.date == TODAY.isoformat()


def test_kent_as_of_its_strategy_and_as_of_today():
    then = Evaluator(None, today=STRATEGY_DAY).evaluate("kent", "Košice")
    now = Evaluator(None, today=TODAY).evaluate("kent", "Košice")
    assert _funding_eu(then).value == 1.0 and _funding_eu(now).value == 0.0
    # Interreg IVC (2007-2013) is a shared programme in 2007, a closed one today
    ivc_then = [e for e in then.criterion("funding").evidence if "interreg-ivc" in e.item]
    ivc_now = [e for e in now.criterion("funding").evidence if "interreg-ivc" in e.item]
    assert ivc_then[0].value == 1.0 and ivc_now[0].value == 0.0
    assert "not open on" in ivc_now[0].detail
    assert then.criterion("funding").score > now.criterion("funding").score


def test_cli_as_of_strategy_and_bad_dates():
    runner = CliRunner()
    out = runner.invoke(main, ["evaluate", "Košice", "--as-of", "strategy", "--json"])
    assert out.exit_code == 0, out.output
    assert '"date": "2007-07-12"' in out.output
    bad = runner.invoke(main, ["evaluate", "Košice", "--as-of", "12/07/2007"])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output and "Traceback" not in bad.output
    none = runner.invoke(
        main, ["evaluate", "Bordeaux", "--register", str(BRISTOL), "--as-of", "strategy"]
    )
    assert none.exit_code == 1 and "no dated strategy" in none.output


# -- cities compared with a home of the same level --------------------------------------------
def _population(card):
    return next(e for e in card.criterion("similarity").evidence if e.item == "Population")


def test_a_city_is_compared_with_a_city_whichever_way_it_is_found():
    store = EmbeddedStore()
    store.replace(read_register(Path(__file__).resolve().parent.parent / "data").graph)
    ev = Evaluator(store)
    in_register = _population(ev.evaluate("kent", "Chongqing"))  # a place of the register
    reference = _population(ev.evaluate("kent", "Caen"))  # a reference city
    for pop in (in_register, reference):
        assert pop.home.startswith("107,627 (Maidstone")  # Kent's reference city, not Kent
        assert "a city is compared with a city" in pop.home
    region = _population(ev.evaluate("kent", "Gelderland"))  # a region: Kent itself
    assert region.home == "1,382,900"


def test_a_city_council_does_not_compare_its_size_with_a_region():
    store = EmbeddedStore()
    store.replace(read_register(BRISTOL).graph)
    card = Evaluator(store).evaluate("bristol", "Gelderland")
    assert not any(e.item == "Population" for e in card.criterion("similarity").evidence)
    assert any("compared at one level only" in m for m in card.criterion("similarity").missing)
