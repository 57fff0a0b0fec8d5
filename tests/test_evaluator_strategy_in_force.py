"""An evaluation "as of" a date reads the strategy in force on that date: a strategy is in force
from its date until the council adopts its next strategy with criteria for new partners. Kent
evaluated as of 2004 is not measured against its 2007 strategy: every output says no strategy was
in force then, names the one that came later, and uses the default criteria (and the default
funding rule, said to be one). The same on the command line, the Evaluate page (its date box) and
in the board report."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel.evaluator import Evaluator
from graphmodel.evaluator.registry import REGISTRY
from graphmodel.evaluator.report import board_report_html
from graphmodel.stores import EmbeddedStore
from loaders import bundled_register_dir, read_register
from partnergraph.cli import main
from webapp.context import PageContext
from webapp.evaluate_callbacks import board_report, run_evaluation
from webapp.graphview import GraphView

BRISTOL = Path(__file__).resolve().parent / "fixtures" / "bristol_strategy"
NOT_IN_FORCE = "No strategy with criteria for new links was in force for Kent County Council on"
#: a second Bristol strategy, adopted in 2023, replacing the fixture's of 2019-03-01
LATER = """
  - id: bristol-international-framework-2023
    name: "Bristol Global Links Plan (test fixture)"
    owner: bristol-city-council
    status: adopted
    date: 2023-06-01
    priorities: [ports-and-harbours]
    criteria: ["Share a working port", "Be reachable by rail in a day"]
    sources: [{doc: bristol-international-fixture.txt, section: "2023 plan"}]
"""


def _run(*args: str) -> str:
    out = CliRunner().invoke(main, list(args))
    assert out.exit_code == 0, out.output
    assert "Traceback" not in out.output
    return out.output


def test_kent_as_of_2004_is_not_measured_against_its_2007_strategy():
    text = _run("evaluate", "Lille", "--as-of", "2004-01-01")
    assert f"{NOT_IN_FORCE} 2004-01-01" in text
    assert "Kent – Global Reach, Local Benefit" in text and "2007-07-12), came later" in text
    assert "default criteria" in text
    assert "Measured against" not in text
    assert "Additionally, strong funding may justify" not in text  # its clause, not in force
    card = json.loads(_run("evaluate", "Lille", "--as-of", "2004-01-01", "--json"))
    assert card["strategy"] is None
    assert card["strategy_later"]["id"] == "kcc-international-strategy-2007"
    assert card["thresholds"]["funding_rule"] is True  # the default rule, as for Leicester


def test_kent_on_and_after_its_strategy_date_is_measured_against_it():
    for day in ("2007-07-12", "2008-01-01"):
        text = _run("evaluate", "Lille", "--as-of", day)
        assert "Measured against Kent County Council's criteria for new partners" in text
        assert NOT_IN_FORCE not in text
    card = json.loads(_run("evaluate", "Lille", "--json"))  # today
    assert card["strategy"]["id"] == "kcc-international-strategy-2007"
    assert card["strategy_later"] is None


def test_rank_says_it_too():
    text = _run("rank", "Lille", "Košice", "--as-of", "2004-01-01")
    assert f"{NOT_IN_FORCE} 2004-01-01" in text


def test_leicester_before_and_after_still_gets_the_defaults():
    for day in ("2001-01-01", dt.date.today().isoformat()):
        text = _run("evaluate", "Lyon", "--home", "leicester", "--as-of", day)
        assert "register records no strategy with criteria for new links" in text


@pytest.fixture(scope="module")
def bristol_two_strategies(tmp_path_factory) -> EmbeddedStore:
    folder = tmp_path_factory.mktemp("bristol") / "register"
    shutil.copytree(BRISTOL, folder)
    reg = folder / "register.yaml"
    text = reg.read_text(encoding="utf-8")
    reg.write_text(text.replace("strategy_clauses:", LATER.lstrip("\n") + "strategy_clauses:"))
    store = EmbeddedStore()
    store.replace(read_register(folder).graph)
    return store


def _card(store, day: dt.date):
    return Evaluator(store, profiles={}, today=day).evaluate("bristol-city-council", "Porto")


def test_a_strategy_is_in_force_until_the_next_replaces_it(bristol_two_strategies):
    before = _card(bristol_two_strategies, dt.date(2010, 1, 1))
    first = _card(bristol_two_strategies, dt.date(2020, 1, 1))
    second = _card(bristol_two_strategies, dt.date(2024, 1, 1))
    assert before.strategy is None
    assert before.strategy_later["id"] == "bristol-international-framework-fixture"
    assert first.strategy["id"] == "bristol-international-framework-fixture"
    assert first.strategy["until"] == "2023-06-01"
    assert second.strategy["id"] == "bristol-international-framework-2023"
    assert [c["text"] for c in second.strategy["criteria"]] == [
        "Share a working port",
        "Be reachable by rail in a day",
    ]
    # the funding clause belongs to the first strategy: the second states none, so no lift
    assert first.thresholds["funding_rule"] is True and second.thresholds["funding_rule"] is False


def _priorities(card) -> str:
    return " ".join(
        f"{e.home}" for e in card.criterion("priorities").evidence if e.home is not None
    )


def test_priorities_of_a_strategy_not_yet_adopted_are_not_read(bristol_two_strategies):
    first = _card(bristol_two_strategies, dt.date(2020, 1, 1))
    second = _card(bristol_two_strategies, dt.date(2024, 1, 1))
    assert "Ports and harbours" not in _priorities(first)
    assert "Ports and harbours" in _priorities(second)
    nothing = _card(bristol_two_strategies, dt.date(2010, 1, 1))
    assert nothing.criterion("priorities").score is None  # no strategy stated any then


def test_the_board_report_says_it(bristol_two_strategies):
    html = board_report_html([_card(bristol_two_strategies, dt.date(2010, 1, 1))])
    assert "No strategy with criteria for new links was in force for Bristol City Council" in html
    assert "Bristol International Framework (test fixture) (adopted, 2019-03-01)" in html
    html = board_report_html([_card(bristol_two_strategies, dt.date(2020, 1, 1))])
    assert "a later strategy replaced it from 2023-06-01" in html


@pytest.fixture(scope="module")
def kent_page():
    store = EmbeddedStore()
    store.replace(read_register(bundled_register_dir()).graph)
    return PageContext(view=GraphView(store), store=store)


def test_the_page_date_box_reads_the_strategy_in_force(kent_page):
    weights = [None] * len(REGISTRY)
    *_, against, message, state = run_evaluation(
        kent_page, "kent-county-council", ["lille"], [], *weights, {}, as_of="2004-01-01"
    )
    assert str(against).count(NOT_IN_FORCE) == 1
    assert "as of 1 Jan 2004" in message and state["as_of"] == "2004-01-01"
    assert kent_page.evaluator.today == dt.date.today()  # the server's evaluator keeps its date
    *_, against, message, state = run_evaluation(
        kent_page, "kent-county-council", ["lille"], [], *weights, {}, as_of=None
    )
    assert "Measured against Kent County Council's criteria" in str(against)
    assert state["as_of"] is None
    sent = board_report(kent_page, 1, "kent-county-council", ["lille"], [], *weights,
                        as_of="2004-01-01")  # fmt: skip
    assert NOT_IN_FORCE in sent["content"] and "evaluated as of 2004-01-01" in sent["content"]


def test_kents_priorities_from_later_papers_are_not_its_priorities_in_2004(kent_page):
    """Kent's profile gives its priorities from its 2007 strategy and later papers: as of 2004
    none of them was stated yet, so criterion 2 is not scored, and the evidence says what was
    left out and why; as of today they are its priorities again."""
    store = kent_page.store  # the papers' dates are the register's
    then = Evaluator(store, today=dt.date(2004, 1, 1)).evaluate("kent", "Košice")
    now = Evaluator(store).evaluate("kent", "Košice")
    assert then.criterion("priorities").score is None
    left = [e for e in then.criterion("priorities").evidence if "left out" in e.item]
    assert len(left) == 1 and "The Global Economy" in left[0].home
    assert "none stated by the evaluation's date" in " ".join(then.criterion("priorities").missing)
    assert now.criterion("priorities").score is not None
    assert not [e for e in now.criterion("priorities").evidence if "left out" in e.item]


def test_the_pages_suggestions_follow_the_date_box(kent_page):
    from webapp.evaluate_discover import suggest_for

    listed = str(suggest_for(kent_page, "kent-county-council", "BE", "auto", "2004-01-01"))
    assert "Suggested for Kent County Council as of 1 Jan 2004" in listed
    assert kent_page.evaluator.today == dt.date.today()  # a copy was dated, not the server's
