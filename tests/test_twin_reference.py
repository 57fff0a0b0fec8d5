"""The reference twin network: parsing and checking its files, the bundled data, matching."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import pytest

from graphmodel.twins import match_register, with_reference
from graphmodel.twins.dataset import LINK_COLUMNS, PLACE_COLUMNS, build_network, parse_places
from loaders import read_register
from loaders.reference import bundled_reference_dir, read_reference

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"
PLACE_HEADER = "\t".join(PLACE_COLUMNS)
LINK_HEADER = "\t".join(LINK_COLUMNS)


def place(q, name, country="", lat="", lon="", match="unique name", gaz=""):
    return "\t".join([q, name, country, lat, lon, "GeoNames 1 (test)", match, gaz])


def test_every_problem_is_reported_with_file_line_and_field():
    places = [
        PLACE_HEADER,
        place("Q1", "One", "GB", "51.5", "-0.1"),
        place("Q1", "One again", "GB", "51.5", "-0.1"),  # repeated id
        place("X9", "Not an id"),
        place("Q2", "Two", "", "", ""),  # no coordinates, no country
        place("Q3", "Three", "FR", "95", "2"),  # latitude off the Earth
    ]
    links = [
        LINK_HEADER,
        "Q1\tQ2\tboth",
        "Q2\tQ1\tb",  # the same pair again
        "Q1\tQ1\tboth",  # self-link
        "Q1\tQ404\ta",  # unknown place
        "Q1\tQ3\tsometimes",
    ]
    network = build_network(places, links)
    found = {(i.file, i.line, i.field, i.severity): i.message for i in network.issues}
    assert "first on line 2" in found[("places.tsv.gz", 3, "qid", "error")]
    assert "not a Wikidata id" in found[("places.tsv.gz", 4, "qid", "error")]
    assert found[("places.tsv.gz", 5, "lat/lon", "warning")].startswith("no coordinates")
    assert found[("places.tsv.gz", 5, "country", "warning")] == "no country"
    assert "not a point on Earth" in found[("places.tsv.gz", 6, "lat/lon", "error")]
    assert "listed again" in found[("links.tsv.gz", 3, "a/b", "error")]
    assert "linked to itself" in found[("links.tsv.gz", 4, "b", "error")]
    assert "Q404 is not in the places file" in found[("links.tsv.gz", 5, "a/b", "error")]
    assert "should be both, a or b" in found[("links.tsv.gz", 6, "claimed_by", "error")]
    assert set(network.places) == {"Q1", "Q2", "Q3"} and network.places["Q3"].lat is None
    assert [(lk.a, lk.b, lk.claimed_by) for lk in network.links] == [("Q1", "Q2", "both")]


def test_a_pair_written_high_first_keeps_which_side_claims_it():
    places = [PLACE_HEADER, place("Q5", "Five"), place("Q40", "Forty")]
    network = build_network(places, [LINK_HEADER, "Q40\tQ5\ta"])  # Q40 claims it
    (link,) = network.links
    assert (link.a, link.b, link.claimers()) == ("Q5", "Q40", ["Q40"])


def test_a_wrong_header_is_one_error_not_a_crash():
    places, issues = parse_places(["qid\tname", "Q1\tOne"])
    assert places == {} and "the header is qid, name" in issues[0].message


@pytest.fixture(scope="module")
def bundled():
    return read_reference()


def test_the_bundled_reference_is_large_clean_and_sourced(bundled):
    counts = bundled.counts()
    assert counts["located"] >= 5000 and counts["links"] >= 8000
    assert not [i for i in bundled.issues if i.severity == "error"]
    located = [p for p in bundled.places.values() if p.located]
    assert all(p.country and len(p.country) == 2 for p in located)
    assert all(p.located_by for p in located)  # every placing names where it came from
    for name in ("places.tsv.gz", "links.tsv.gz"):  # a few MB at most
        assert (bundled_reference_dir() / name).stat().st_size < 3_000_000


def test_the_readme_states_the_counts_it_ships(bundled):
    readme = (bundled_reference_dir() / "README.md").read_text(encoding="utf-8")
    counts = bundled.counts()
    for key in ("places", "located", "links", "claimed by both", "location uncertain"):
        assert f"{counts[key]:,}" in readme, key
    assert "CC0" in readme and "2016" in readme


def test_gazetteer_placing_agrees_with_wikidata_on_the_spot_check(bundled):
    """The spot check holds Wikidata's own coordinates for places the gazetteer placed by name."""
    rows = [
        line.split("\t")
        for line in (bundled_reference_dir() / "spot_check.tsv").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    near = wrong = 0
    for q, lat, lon, country in rows:
        p = bundled.places.get(q)
        if p is None or not p.located:
            continue
        km = 111 * math.hypot(p.lat - float(lat), (p.lon - float(lon)) * math.cos(p.lat / 57.3))
        near += km <= 25
        wrong += km > 25 or p.country != country
    assert wrong == 0 and near >= 0.9 * len(rows)


def test_both_sides_and_one_side_claims_are_kept(bundled):
    strasbourg = bundled.twins("Q6602")
    assert strasbourg["Q1731"].claimed_by == "both"  # Dresden
    assert [bundled.places[q].display_name for q in strasbourg] and any(
        len(link.claimers()) == 1 for link in strasbourg.values()
    )


def test_the_files_parse_the_same_gzipped_or_plain(tmp_path, bundled):
    for name in ("places", "links"):
        with gzip.open(bundled_reference_dir() / f"{name}.tsv.gz", "rt", encoding="utf-8") as f:
            (tmp_path / f"{name}.tsv").write_text(f.read(), encoding="utf-8")
    plain = read_reference(tmp_path)
    assert plain.counts() == bundled.counts()


@pytest.fixture(scope="module")
def mini():
    return read_register(MINI)


def test_matching_by_field_place_name_country_and_distance(bundled, mini):
    matches = {m.node: m for m in match_register(mini.graph, bundled)}
    chongqing = matches["chongqing"]
    assert (chongqing.qid, chongqing.confidence) == ("Q11725", "high")
    gov = matches["chongqing-gov"]  # an organisation takes its place's match
    assert gov.qid == "Q11725" and gov.how == "through its place chongqing"
    assert matches["kent-cc"].qid is None  # Kent is not in the reference
    assert matches["virginia"].qid is None and matches["virginia"].confidence == "none"


def test_a_wikidata_field_wins_and_a_wrong_one_is_said(bundled, tmp_path):
    text = (MINI / "register.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "{id: kent-cc, name: Kent CC,", "{id: kent-cc, wikidata: Q6225, name: Kent CC,"
    ).replace(
        "{id: lovech, name: Province of Lovech,", "{id: lovech, wikidata: Q999999999, name: L,"
    )
    (tmp_path / "register.yaml").write_text(text, encoding="utf-8")
    graph = read_register(tmp_path).graph
    matches = {m.node: m for m in match_register(graph, bundled)}
    assert (matches["kent-cc"].qid, matches["kent-cc"].confidence) == ("Q6225", "certain")
    assert matches["lovech"].qid is None and "not in the reference" in matches["lovech"].how


def test_reference_elements_are_marked_and_kept_apart(bundled, mini):
    graph = with_reference(mini.graph, bundled)
    assert len(mini.graph.nodes) < len(graph.nodes)  # the register's graph is left as it was
    assert all(n.label != "ReferencePlace" for n in mini.graph.nodes.values())
    ref = graph.nodes["Q189328"]
    assert ref.label == "ReferencePlace" and ref.props["reference"].startswith("Wikidata P190")
    assert ref.sources == ["Wikidata P190, item Q189328"] and ref.name == "Lovech"
    assert ref.aliases == ["Lowetsch"]  # the extract's (German) label, kept as an alias
    doubtful = graph.nodes["Q6602"]  # two items labelled Straßburg: shown by its label
    assert doubtful.name == "Straßburg" and "Strasbourg" in doubtful.aliases
    same = [e for e in graph.edges.values() if e.type == "SAME_PLACE_AS"]
    assert {(e.src, e.dst) for e in same} >= {("chongqing", "Q11725")}
    assert all("not a register record" in e.props["reference"] for e in same)
