"""The evaluator and discovery with the reference twin network in the store: reference twins
are existing partners (never offered as new) and ties, each with its path and sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel.evaluator import Evaluator
from graphmodel.evaluator.discovery import existing_partners
from graphmodel.stores import EmbeddedStore
from graphmodel.twins import with_reference
from graphmodel.twins.dataset import build_network
from loaders import read_register
from partnergraph.cli import main

MINI = Path(__file__).parent / "fixtures" / "mini"
PLACES = """qid	name	country	lat	lon	located_by	match	gazetteer_name
Q11725	Chongqing	CN	29.56	106.55	GeoNames 1814906 (test)	unique name	Chongqing
Q189328	Lowetsch	BG	43.13	24.72	GeoNames 729559 (test)	unique other name	Lovech
Q213180	Maidstone	GB	51.27	0.52	GeoNames 2643179 (test)	unique name	Maidstone
Q2805	Krefeld	DE	51.33	6.56	GeoNames 2884509 (test)	unique name	Krefeld
"""
LINKS = """a	b	claimed_by
Q11725	Q189328	both
Q189328	Q213180	a
"""


@pytest.fixture(scope="module")
def evaluator():
    network = build_network(PLACES.splitlines(), LINKS.splitlines())
    store = EmbeddedStore()
    store.replace(with_reference(read_register(MINI).graph, network))
    return Evaluator(store, profiles={})


def test_a_partners_reference_twin_counts_for_network_value_with_its_path(evaluator):
    card = evaluator.evaluate("leic-cc", "lovech")  # Leicester's partner: Chongqing's government
    network = next(c for c in card.criteria if c.key == "network")
    linked = [e for e in network.evidence if e.item == "Linked to Chongqing Municipal Government"]
    assert linked, [e.item for e in network.evidence]
    (ev,) = linked
    assert "Wikidata P190 links Chongqing and Lovech" in ev.detail
    assert ev.path[0] in ("chongqing-gov", "chongqing")  # the partner, or its place
    assert ev.path[1:] == [
        "-[SAME_PLACE_AS]->",
        "Q11725",
        "-[TWINNED_WITH]->",
        "Q189328",
        "<-[SAME_PLACE_AS]-",
        "lovech",
    ]
    assert ev.sources == ["Wikidata P190, item Q11725", "Wikidata P190, item Q189328"]


def test_without_the_reference_there_is_no_such_tie():
    store = EmbeddedStore()
    store.replace(read_register(MINI).graph)
    assert not Evaluator(store, profiles={}).reader.ties("chongqing-gov", "lovech")


def test_reference_twins_are_ties_between_the_two(evaluator):
    ties = evaluator.reader.ties("lovech", "chongqing-gov")
    (tie,) = [t for t in ties if "Wikidata P190" in t.description]
    assert tie.category == "civic" and tie.path[-1] == "chongqing-gov"


def test_discovery_counts_only_the_homes_own_twins(evaluator):
    home = evaluator.resolve_home("leic-cc")
    held = [p.partner_id for p in existing_partners(evaluator, home)]
    assert held == ["chongqing-gov"]  # Leicester has no place here: no reference twins of its own


def test_rank_never_offers_a_home_councils_reference_twin_as_new():
    runner = CliRunner()
    args = ["rank", "--home", "leicester-city-council", "--country", "BG", "--top", "3"]
    with_reference = runner.invoke(main, args, env={"PARTNERGRAPH_REFERENCE": "1"})
    assert with_reference.exit_code == 0, with_reference.output
    note = with_reference.output.splitlines()[0]
    assert "Haskovo" in note and "reference twin (Wikidata P190)" in note
    ranked = [line for line in with_reference.output.splitlines() if line[:1].isdigit()]
    assert len(ranked) == 3 and not any("Haskovo" in line for line in ranked)


def test_rank_shows_closeness_in_the_twin_network_by_its_links():
    runner = CliRunner()
    args = ["rank", "Düsseldorf", "Plovdiv", "--home", "leicester-city-council"]
    result = runner.invoke(main, args, env={"PARTNERGRAPH_REFERENCE": "1"})
    assert result.exit_code == 0, result.output  # a city's name still finds the city
    rows = {line.split()[1]: line for line in result.output.splitlines() if line[:1].isdigit()}
    assert "both twinned with Chongqing (Wikidata P190)" in rows["Düsseldorf"]
    assert "twinned with" not in rows["Plovdiv"]  # no common twin: nothing claimed
    plain = runner.invoke(main, args, env={"PARTNERGRAPH_REFERENCE": ""})
    assert plain.exit_code == 0 and "twin_closeness" not in plain.output
