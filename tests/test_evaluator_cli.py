"""The evaluator's ranking, report and commands (run in-process with click's runner)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import numpy as np
import pytest
from click.testing import CliRunner

from graphmodel.evaluator import Evaluator, rank_candidates, rank_reference_cities
from graphmodel.evaluator.home import _home_for_reference
from graphmodel.evaluator.ranking import KEYS, vector_ranges
from graphmodel.evaluator.reference import city_table
from graphmodel.evaluator.report import scorecard_html
from graphmodel.evaluator.sensitivity import range_totals, rank_stability, weighted_totals
from partnergraph.cli_evaluate import evaluate, register_commands
from partnergraph.cli_rank import rank
from partnergraph.cli_rank import register_commands as register_rank

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "evaluator"


@pytest.fixture
def cli():
    @click.group()
    def group():
        pass

    register_commands(group)
    register_rank(group)
    return group


def run(cli, *args):
    # the fixture register's council is not Kent: these evaluate Kent's candidates, so name it
    home = [] if "--home" in args else ["--home", "kent"]
    return CliRunner().invoke(
        cli, [*args, *home, "--register", str(FIXTURE)], catch_exceptions=False
    )


# -- ranking ------------------------------------------------------------------------------------
def test_reference_ranking_matches_full_evaluation():
    ev = Evaluator(None)
    result = rank_reference_cities(ev, "kent", countries=["FR", "BE"], min_population=50000, top=5)
    assert 0 < result.considered < len(city_table())
    lows = [c.total_range[0] for c in result.cards]
    assert lows == sorted(lows, reverse=True)  # ranked on what is certain, best first
    home = ev.resolve("kent")
    t = city_table()
    weights = np.array([ev.config.weights[k] for k in KEYS])
    for card in result.cards:
        gid = card.candidate_id.removeprefix("geonames-")
        mask = np.array([i == gid for i in t.ids])
        ref = _home_for_reference(home)
        v = vector_ranges(ev, ref, t.population[mask], t.country[mask], t.lat[mask], t.lon[mask])
        assert weighted_totals(v["score"], weights)[0] == pytest.approx(card.total, abs=0.15)
        lo, hi = range_totals(v["low"], v["high"], weights)
        assert (lo[0], hi[0]) == pytest.approx(tuple(card.total_range), abs=0.01)
        for i, k in enumerate(KEYS):
            r = card.criterion(k)
            assert (v["low"][0, i], v["high"][0, i]) == pytest.approx((r.low, r.high), abs=0.01), k
        assert card.country in ("FR", "BE") and card.rank is not None


def test_reference_ranking_excludes_home_country_by_default():
    result = rank_reference_cities(Evaluator(None), "kent", continent="EU", top=5)
    assert all(c.country != "GB" for c in result.cards)
    # thousands compared, the best 200 ranked against each other: the list says so
    assert result.considered > 200
    assert any("Ranks are among the 200 best" in n for n in result.notes)
    assert all(c.rank["worst_rank"] <= 200 for c in result.cards)


def test_rank_list_of_candidates_with_stability():
    result = rank_candidates(Evaluator(None), "kent", ["Lovech", "Košice", "Skåne"])
    assert len(result.cards) == 3
    for c in result.cards:
        assert 1 <= c.rank["p5_rank"] <= c.rank["p95_rank"] <= 3


def test_rank_stability_of_a_clear_winner_and_of_ranges_that_overlap():
    low = np.array([[90.0, 90.0], [10.0, 20.0], [50.0, 40.0]])
    st = rank_stability(low, low, np.array([1.0, 1.0]), samples=200)
    assert st[0]["same_rank_share"] == 1.0 and st[0]["base_rank"] == st[0]["worst_rank"] == 1
    assert st[1]["base_rank"] == 3
    # the second and third cannot be told apart: each could be 2nd or 3rd, whatever the weights
    high = np.array([[90.0, 90.0], [60.0, 60.0], [50.0, 40.0]])
    st = rank_stability(low, high, np.array([1.0, 1.0]), samples=200)
    assert (st[1]["base_rank"], st[1]["worst_rank"]) == (2, 3)
    assert (st[2]["base_rank"], st[2]["worst_rank"]) == (2, 3)
    # a tie is a tie: not ranks 1 and 2
    tie = np.array([[20.0, 20.0], [20.0, 20.0]])
    st = rank_stability(tie, tie, np.array([1.0, 1.0]), samples=50)
    assert [(s["base_rank"], s["worst_rank"]) for s in st] == [(1, 2), (1, 2)]


# -- report -------------------------------------------------------------------------------------
def test_report_is_self_contained_and_shows_the_scorecard():
    card = Evaluator(None).evaluate("kent", "Region of Košice")
    html = scorecard_html(card)
    assert "<script" not in html and "http" not in html.split("<svg", 1)[0]  # offline, no script
    assert "<svg" in html  # static charts
    assert len(html.encode()) < 1_000_000
    for text in ("Region of Košice", "missing", "Weights and bands", card.date):
        assert text in html
    assert "004_a8ef03f870c9029a.txt" in html  # sources shown


# -- commands -----------------------------------------------------------------------------------
def test_evaluate_json(cli, tmp_path):
    res = run(cli, "evaluate", "Beta", "--home", "Home", "--json", "--profiles", str(tmp_path))
    assert res.exit_code == 0, res.output
    card = json.loads(res.output)
    assert card["candidate_id"] == "cand-b"
    assert {c["key"] for c in card["criteria"]} == set(KEYS)


def test_evaluate_text_and_report(cli, tmp_path):
    out = tmp_path / "r.html"
    res = run(cli, "evaluate", "Košice", "--report", str(out))
    assert res.exit_code == 0, res.output
    assert "Recommendation:" in res.output and "What to find out first" in res.output
    assert "missing:" not in res.output  # the evidence itself only with --evidence
    lines = res.output.splitlines()
    lines = lines[next(i for i, x in enumerate(lines) if x.startswith("Kent County Council –")) :]
    # the plain-words summary first: recommendation, the total's range, why, what would change
    # it, what to find out; a board reads one screen, not 80 lines
    assert lines[1].startswith("Recommendation: ") and lines[2].strip().startswith("Total ")
    assert lines.index("Why:") < lines.index("What to find out first:") < 30
    assert len(lines) <= 45
    res = run(cli, "evaluate", "Košice", "--evidence")
    assert "missing:" in res.output and "source:" in res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_evaluate_with_a_profile_file(cli, tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text(
        "id: new-place\nname: New Place\ncountry: FR\n"
        "location: {lat: 50.9, lon: 1.9, source: {doc: paper.txt, section: s1}}\n"
    )
    res = run(cli, "evaluate", "x", "--profile", str(p), "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["candidate_name"] == "New Place"


def test_unknown_candidate_did_you_mean(cli, tmp_path):
    res = run(cli, "evaluate", "Provence Betta", "--home", "Home", "--profiles", str(tmp_path))
    assert res.exit_code == 1
    assert "did you mean" in res.output


def test_bad_weights_exit_with_a_clear_message(cli):
    res = run(cli, "evaluate", "Košice", "--weights", "speed=2")
    assert res.exit_code == 1
    assert "unknown criterion 'speed'" in res.output


def test_malformed_profile_file(cli, tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("id: bad\nname: Bad\nindicators: {population: {value: -3}}\n")
    res = run(cli, "evaluate", "x", "--profile", str(p))
    assert res.exit_code == 1 and "bad.yaml" in res.output


def test_rank_reference_cities_json(cli):
    res = run(
        cli, "rank", "--country", "BE,NL", "--min-population", "100000", "--top", "3", "--json",
        "--level", "city",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert len(data["ranking"]) == 3
    assert all(c["country"] in ("BE", "NL") for c in data["ranking"])
    assert all(c["candidate_id"].startswith("geonames-") for c in data["ranking"])


def test_a_county_council_is_ranked_against_regions(cli):
    res = run(cli, "rank", "--home", "kent", "--country", "SE", "--top", "3", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["filters"]["level"] == "region"
    assert any("compared with regions" in n for n in data["notes"])


def test_rank_named_candidates_table(cli):
    res = run(cli, "rank", "Lovech", "Košice", "Skåne")
    assert res.exit_code == 0, res.output
    assert "Region of Košice" in res.output
    assert "insufficient-evidence" not in res.output  # the band's words, as everywhere
    head = next(line for line in res.output.splitlines() if line.startswith("rank"))
    for key in KEYS:  # every criterion of the registry has its column
        assert key in head


def test_help_texts():
    for command in (evaluate, rank):
        res = CliRunner().invoke(command, ["--help"])
        assert res.exit_code == 0 and "PARTNERGRAPH_HOME" in res.output
