"""What a board member reads first: which council's criteria for new partners the scores are
measured against, and where they are printed; or, for a council whose register records none, that
the evaluator's default criteria are used. The same on the command line (evaluate and rank), the
Evaluate page and the board report."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel.stores import EmbeddedStore
from loaders import read_register
from partnergraph.cli import main
from webapp.context import PageContext
from webapp.evaluate_callbacks import run_evaluation
from webapp.graphview import GraphView

ROOT = Path(__file__).resolve().parent.parent
BRISTOL = ROOT / "tests" / "fixtures" / "bristol_strategy"
BRISTOL_CRITERIA = (
    "1. Offer shared cultural and economic opportunities",
    "2. Be reachable by low-carbon travel",
    "3. Involve schools and young people in both cities",
)


def _run(*args: str) -> str:
    out = CliRunner().invoke(main, list(args))
    assert out.exit_code == 0, out.output
    assert "Traceback" not in out.output
    return out.output


def test_evaluate_names_the_councils_own_criteria_and_where_they_are_printed():
    text = _run("evaluate", "Porto", "--register", str(BRISTOL))
    assert "Measured against Bristol City Council's criteria for new partners" in text
    assert "Bristol International Framework (test fixture)" in text
    assert "§ Criteria for new partners" in text  # its source
    for line in BRISTOL_CRITERIA:
        assert line in text
    assert "external funding may be considered outside these criteria" in text
    assert "Kent" not in text and "Global Reach" not in text


def test_rank_names_them_too():
    text = _run("rank", "Porto", "Lyon", "--register", str(BRISTOL))
    assert "Measured against Bristol City Council's criteria for new partners" in text
    assert BRISTOL_CRITERIA[1] in text


def test_a_council_without_criteria_is_told_the_defaults_are_used():
    text = _run("evaluate", "Lyon", "--home", "leicester")
    assert (
        "Leicester City Council's register records no strategy with criteria for new links: "
        "the scores use the evaluator's default criteria"
    ) in text
    assert "Global Reach" not in text


def test_kent_is_measured_against_its_own_four():
    text = _run("evaluate", "Lille")
    assert "Measured against Kent County Council's criteria for new partners" in text
    assert "Kent – Global Reach, Local Benefit" in text
    assert "  4. Provide linkages of relevance to local communities on both sides" in text
    assert "001_ef738cfb658b403d" not in text  # the paper by its title, not its file name


@pytest.fixture(scope="module")
def bristol_page():
    store = EmbeddedStore()
    store.replace(read_register(BRISTOL).graph)
    return PageContext(view=GraphView(store), store=store)


def test_the_evaluate_page_says_it_too(bristol_page):
    from graphmodel.evaluator.registry import REGISTRY

    weights = [None] * len(REGISTRY)  # the weight boxes, left at their defaults
    *_, against, _message, _state = run_evaluation(
        bristol_page, "bristol-city-council", ["porto-city"], [], *weights, {}
    )
    head, listed, *notes = against.children
    assert head.children.startswith(
        "Measured against Bristol City Council's criteria for new partners"
    )
    assert [li.children for li in listed.children] == [x[3:] for x in BRISTOL_CRITERIA]
    assert "Kent" not in str(against)


def test_the_json_carries_no_band_from_the_known_parts_alone():
    """Lyon for Leicester, population and distance known and 84% of the evidence missing, was
    exported with "provisional_band": "pursue" beside "band": "insufficient-evidence": a band
    from the mean of the parts researched, which scores the unknown as the known."""
    import json

    card = json.loads(_run("evaluate", "Lyon", "--home", "leicester", "--json"))
    assert card["band"] == "insufficient-evidence"
    bands = {"pursue", "pilot", "do-not-pursue", "insufficient-evidence"}
    assert [k for k, v in card.items() if isinstance(v, str) and v in bands] == ["band"]
