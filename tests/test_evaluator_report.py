"""The board report: several candidates side by side in one small, offline file."""

from __future__ import annotations

import re
from html import escape

import pytest
from click.testing import CliRunner

from graphmodel.evaluator import Evaluator
from graphmodel.evaluator.ranking import compare
from graphmodel.evaluator.report import board_report_html
from graphmodel.evaluator.sensitivity import flip_sentence
from partnergraph.cli import main

EXPLORING = ["Province of Lovech", "Region of Košice", "Skåne"]


@pytest.fixture(scope="module")
def cards():
    ev = Evaluator(None)
    return compare([ev.evaluate("kent", c) for c in EXPLORING])


def test_one_report_holds_every_candidate_and_its_evidence(cards):
    html = board_report_html(cards)
    assert len(html.encode()) < 1_000_000
    assert "<script" not in html
    assert html.count("<svg") >= 2  # scores side by side, rank stability
    for card in cards:
        assert card.candidate_name in html
        for r in card.criteria:
            for e in r.evidence:
                assert e.item.replace("&", "&amp;") in html
            for m in r.missing:
                assert m.replace("&", "&amp;").replace("'", "&#x27;") in html
        for line in card.would_change:
            assert line.replace("'", "&#x27;") in html


def test_report_shows_sensitivity_and_rank_stability(cards):
    html = board_report_html(cards)
    assert "Rank stability under random weights" in html
    assert "Not yet distinguishable from" in html
    flips = [(c, f) for c in cards for f in c.sensitivity.flips[:4]]
    for card, flip in flips:
        assert escape(flip_sentence(card.candidate_name, flip)) in html
    if flips:
        assert re.search(
            r"would be &#x27;[A-Za-z ]+&#x27; if [a-z ]+ weighed [0-9.]+ instead of [0-9.]+", html
        )


def test_report_opens_each_candidate_with_a_plain_summary_and_names_no_file(cards):
    html = board_report_html(cards)
    brief = html[html.index("In brief") : html.index("<h2>Recommendation")]
    for card in cards:
        assert card.candidate_name in brief
    for heading in ("Why", "What would change it", "What to find out"):
        assert brief.count(f"<th>{heading}</th>") == len(cards)
    assert not re.search(r"\b\d{3}_[0-9a-f]{16}\.txt", html.split("<h2>Evidence")[0])
    assert "radar" not in html


def test_not_scored_is_written_not_drawn_as_zero(cards):
    html = board_report_html(cards)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "not scored" in svg  # community ties were not researched for any of the three
    assert "opacity: 0.25" in svg  # the part the missing evidence leaves open, drawn pale


def test_cli_rank_writes_one_board_report(tmp_path):
    out = tmp_path / "board.html"
    res = CliRunner().invoke(main, ["rank", *EXPLORING, "--report", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    for name in ("Province of Lovech", "Region of Košice", "Regional Council of Skåne"):
        assert name in html
    assert out.stat().st_size < 1_000_000
