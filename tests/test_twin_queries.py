"""The twin-network queries: known answers on a small reference beside the mini register, and
the same rows on every store."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from graphmodel.queries import BadParameter, run_query
from graphmodel.queries.twin_places import REFERENCE_QUERIES, ReferenceNotLoaded
from graphmodel.stores import EmbeddedStore
from graphmodel.twins import with_reference
from loaders import read_register
from loaders.reference import read_reference

MINI = Path(__file__).parent / "fixtures" / "mini"

PLACES = """qid	name	country	lat	lon	located_by	match	gazetteer_name
Q172	Toronto	CA	43.7	-79.4	GeoNames 6167865 (test)	unique name	Toronto
Q2805	Krefeld	DE	51.33	6.56	GeoNames 2884509 (test)	unique name	Krefeld
Q6602	Straßburg	FR	48.58	7.75	GeoNames 2973783 (test)	most populous of 4 by other name	Strasbourg
Q11725	Chongqing	CN	29.56	106.55	GeoNames 1814906 (test)	unique name	Chongqing
Q83065	Leicester	GB	52.64	-1.13	GeoNames 2644668 (test)	unique name	Leicester
Q189328	Lowetsch	BG	43.13	24.72	GeoNames 729559 (test)	unique other name	Lovech
Q213180	Maidstone	GB	51.27	0.52	GeoNames 2643179 (test)	unique name	Maidstone
"""
PLACES += "Q999\tNowhere\t\t\t\t\tnot in the gazetteer\t\n"  # no place, no country
LINKS = """a	b	claimed_by
Q172	Q11725	both
Q11725	Q83065	both
Q11725	Q189328	both
Q189328	Q213180	a
Q2805	Q83065	both
Q6602	Q83065	b
Q2805	Q6602	both
Q999	Q6602	a
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reference")
    (folder / "places.tsv").write_text(PLACES, encoding="utf-8")
    (folder / "links.tsv").write_text(LINKS, encoding="utf-8")
    network = read_reference(folder)
    assert not [i for i in network.issues if i.severity == "error"]
    return with_reference(read_register(MINI).graph, network)


@pytest.fixture
def store(graph):
    s = EmbeddedStore()
    s.replace(graph)
    return s


def test_twins_of_a_place_by_name_id_or_other_name(store):
    rows = run_query(store, "twins", place="Leicester")
    assert [(r["twin"], r["name"], r["claimed_by"]) for r in rows] == [
        ("Q11725", "Chongqing", "both"),
        ("Q2805", "Krefeld", "both"),
        ("Q6602", "Strasbourg", "Q83065 only"),  # Leicester's item claims it, Strasbourg's not
    ]
    assert rows[0]["register"] == ["chongqing", "chongqing-gov"]
    assert rows[2]["sources"] == ["Wikidata P190, item Q83065"]
    assert all(r["reference"].startswith("reference") for r in rows)
    assert 450 < rows[1]["distance_km"] < 600  # Leicester - Krefeld
    by_other_name = run_query(store, "twins", place="Straßburg")
    assert {r["twin"] for r in by_other_name} == {"Q83065", "Q2805", "Q999"}
    unplaced = next(r for r in by_other_name if r["twin"] == "Q999")
    assert unplaced["distance_km"] is None and unplaced["country"] is None  # missing, not 0
    assert run_query(store, "twins", place="Q6602") == by_other_name


def test_a_register_record_stands_for_its_reference_place(store):
    via_record = run_query(store, "twins", place="chongqing-gov")
    assert {r["twin"] for r in via_record} == {"Q172", "Q83065", "Q189328"}


def test_shared_twins_and_peers(store):
    (row,) = run_query(store, "shared_twins", place_a="Leicester", place_b="Krefeld")
    assert row["twin"] == "Q6602" and (row["claimed_a"], row["claimed_b"]) == (
        "Q83065 only",
        "both",
    )
    assert [r["peer"] for r in run_query(store, "peers", place="Lovech", country="gb")] == [
        "Q213180"
    ]
    assert len(run_query(store, "peers", place="Lovech")) == 2  # every country


def test_closeness_ranks_twins_of_twins_and_names_the_links(store):
    rows = run_query(store, "twin_closeness", place="Leicester")
    # Leicester's twins: Chongqing, Krefeld, Strasbourg. Their other twins, by Adamic-Adar:
    # each shares one twin of three twins (1 / log 3); ties are listed by name
    assert [(r["candidate"], r["name"]) for r in rows] == [
        ("Q189328", "Lovech"),
        ("Q999", "Nowhere"),
        ("Q172", "Toronto"),
    ]
    assert rows[1]["via"] == ["Strasbourg"] and rows[1]["common_twins"] == 1
    assert rows[2]["why"] == "twinned with Chongqing, as Leicester is"
    assert rows[2]["adamic_adar"] == round(1 / math.log(3), 3)
    assert "Q2805" not in {r["candidate"] for r in rows}  # its own twin: left out
    assert run_query(store, "twin_closeness", place="Leicester", country="CA")[0]["name"] == (
        "Toronto"
    )


def test_twins_of_partners_give_the_path_and_say_what_is_known(store):
    rows = run_query(store, "twins_of_partners", council="kent-cc")
    assert {(r["partner"], r["twin"]) for r in rows} == {
        ("lovech", "Q11725"),
        ("lovech", "Q213180"),
    }
    maidstone = next(r for r in rows if r["twin"] == "Q213180")
    assert maidstone["path"] == ["kent-cc", "lovech", "Q189328", "Q213180"]
    assert maidstone["path_names"] == ["Kent CC", "Province of Lovech", "Lovech", "Maidstone"]
    assert maidstone["claimed_by"] == "Q189328 only"
    chongqing = next(r for r in rows if r["twin"] == "Q11725")
    assert chongqing["register"] == ["chongqing", "chongqing-gov"]


def test_an_ambiguous_or_unknown_place_is_refused_with_the_choices(store, graph, tmp_path):
    with pytest.raises(BadParameter, match="no reference place has that name"):
        run_query(store, "twins", place="Atlantis")
    with pytest.raises(BadParameter) as exc:
        run_query(store, "peers", place="Lovech", country="Bulgaria")
    assert exc.value.param == "country"


def test_without_the_reference_the_queries_say_how_to_load_it():
    plain = EmbeddedStore()
    plain.replace(read_register(MINI).graph)
    for name, params in PARAMS.items():
        with pytest.raises(ReferenceNotLoaded, match="PARTNERGRAPH_REFERENCE=1"):
            run_query(plain, name, **params)


PARAMS = {
    "twins": {"place": "Leicester"},
    "shared_twins": {"place_a": "Leicester", "place_b": "Q2805"},
    "peers": {"place": "Strasbourg", "country": "GB"},
    "twins_of_partners": {"council": "kent-cc"},
    "twin_closeness": {"place": "Leicester"},
}


def test_the_table_covers_every_reference_query():
    assert set(PARAMS) == REFERENCE_QUERIES


@pytest.mark.bolt
@pytest.mark.parametrize("name", sorted(PARAMS))
def test_same_rows_on_every_store(name, graph, store, neo4j_store):
    neo4j_store.replace(graph)
    expected = run_query(store, name, **PARAMS[name])
    assert expected, f"{name} should return rows on the test reference"
    assert run_query(neo4j_store, name, **PARAMS[name]) == expected
