"""A council's strategy may state the weights of the evaluator's criteria, with their source
(``weights`` on its ``strategies`` record). The evaluator uses them for that council while the
strategy is in force; ``--weights``, ``--config`` and the Evaluate page's boxes still override
them; and every output says where the weights came from. Bad weights are refused when the
register is loaded, naming the file, line, record and field.

The bundled papers state no weights (Kent's and Leicester's registers hold none), so these tests
add them to a copy of the register, marked as a test copy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel.errors import RegisterError
from graphmodel.evaluator.registry import REGISTRY
from graphmodel.stores import EmbeddedStore
from loaders import read_register
from partnergraph.cli import main
from webapp.context import PageContext
from webapp.evaluate_callbacks import board_report, run_evaluation, start_weights
from webapp.graphview import GraphView

STRATEGY_FILE = Path("kent") / "international.yaml"
ANCHOR = '    additional_justification: "Additionally, strong funding may justify the establishment of a new link."\n'
SOURCE = (
    '{doc: 001_ef738cfb658b403d.txt, section: "Appendix 1 – Principles", '
    'quote: "TEST COPY: these weights are not in the paper"}'
)
STATED = "Kent – Global Reach, Local Benefit (draft KCC International Strategy) (draft, 2007-07-12)"


def state_weights(register: Path, criteria: str, sources: str = SOURCE) -> int:
    """Add ``weights:`` to Kent's strategy in a register copy; the line it is written on."""
    path = register / STRATEGY_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    block = f"    weights:\n      criteria: {criteria}\n      sources: [{sources}]\n"
    path.write_text(text.replace(ANCHOR, ANCHOR + block), encoding="utf-8")
    return text[: text.index(ANCHOR)].count("\n") + 2  # the line of 'weights:'


def _run(*args: str, ok: bool = True) -> str:
    out = CliRunner().invoke(main, list(args))
    assert (out.exit_code == 0) == ok, out.output
    assert "Traceback" not in out.output
    return out.output


@pytest.fixture
def stated(register_copy) -> Path:
    state_weights(register_copy, "{priorities: 2, accessibility: 0.5}")
    return register_copy


def test_without_stated_weights_the_defaults_are_said_to_be_defaults():
    text = _run("evaluate", "Lille")
    assert "From: defaults: the register states none for Kent County Council." in text
    card = json.loads(_run("evaluate", "Lyon", "--home", "leicester", "--json"))
    assert card["weights_source"]["origin"] == "defaults"
    assert "register states none for Leicester City Council" in card["weights_source"]["words"]


def test_the_weights_a_strategy_states_are_used_and_cited(stated):
    card = json.loads(_run("evaluate", "Lille", "--register", str(stated), "--json"))
    assert card["weights"]["priorities"] == 2 and card["weights"]["accessibility"] == 0.5
    assert card["weights"]["similarity"] == 1 and card["weights"]["funding"] == 0  # defaults
    src = card["weights_source"]
    assert src["origin"] == "stated" and src["strategy"]["id"] == "kcc-international-strategy-2007"
    assert src["stated"] == {"priorities": 2.0, "accessibility": 0.5}
    assert src["sources"] == [
        '001_ef738cfb658b403d.txt § Appendix 1 – Principles: "TEST COPY: these weights are not '
        'in the paper"'
    ]
    # the total is the weighted mean under these weights, not under equal ones
    lo = sum(c["low"] * card["weights"][c["key"]] for c in card["criteria"])
    assert card["total_range"][0] == pytest.approx(lo / sum(card["weights"].values()), abs=0.01)
    text = _run("evaluate", "Lille", "--register", str(stated))
    assert "shared priorities 2, accessibility 0.5" in text
    assert f"From: stated in {STATED} for shared priorities, accessibility" in text
    assert "KCC International Activities Annual Report 2006/7" in text  # the paper, by title
    assert re.search(r"2 Shared priorities .* 2\n", text)  # the weight column


def test_given_weights_override_them_and_say_so(stated, tmp_path):
    card = json.loads(
        _run(
            "evaluate", "Lille", "--register", str(stated), "--json", "--weights", "accessibility=3"
        )
    )
    assert card["weights"]["accessibility"] == 3 and card["weights"]["priorities"] == 2
    words = card["weights_source"]["words"]
    assert card["weights_source"]["origin"] == "stated-and-given"
    assert words.startswith("given on the command line for accessibility; stated in ")
    board = tmp_path / "board.yaml"
    board.write_text("weights:\n  priorities: 1\n  accessibility: 1\n", encoding="utf-8")
    card = json.loads(
        _run("evaluate", "Lille", "--register", str(stated), "--json", "--config", str(board))
    )
    assert card["weights"]["priorities"] == 1 and card["weights"]["accessibility"] == 1
    assert card["weights_source"]["words"].startswith(
        "given in board.yaml for shared priorities, accessibility, in place of those stated in"
    )
    board.write_text("pursue_at: 70\n", encoding="utf-8")  # no weights: the strategy's stand
    card = json.loads(
        _run("evaluate", "Lille", "--register", str(stated), "--json", "--config", str(board))
    )
    assert card["weights_source"]["origin"] == "stated" and card["thresholds"]["pursue_at"] == 70


def test_before_the_strategy_the_defaults_apply_and_say_why(stated):
    card = json.loads(
        _run("evaluate", "Lille", "--register", str(stated), "--json", "--as-of", "2004-01-01")
    )
    assert card["weights"]["priorities"] == 1 and card["weights_source"]["origin"] == "defaults"
    assert (
        "no strategy of Kent County Council in force on 2004-01-01 states any"
        in (card["weights_source"]["words"])
    )


def test_rank_and_its_report_use_and_name_them(stated, tmp_path):
    report = tmp_path / "board.html"
    text = _run("rank", "Lille", "Košice", "--register", str(stated), "--report", str(report))
    assert f"From: stated in {STATED}" in text
    html = report.read_text(encoding="utf-8")
    assert html.count(f"From: stated in {STATED}") == 2  # at the head and under Weights
    assert "<td>2. Similar opportunities, priorities and challenges</td><td>2</td>" in html
    ranked = json.loads(_run("rank", "Lille", "Košice", "--register", str(stated), "--json"))
    assert all(c["weights"]["priorities"] == 2 for c in ranked["ranking"])


@pytest.mark.parametrize(
    ("criteria", "field", "said"),
    [
        ("{nearness: 2}", "weights.criteria.nearness", "'nearness' is not one of the evaluator's"),
        ("{accesibility: 2}", "weights.criteria.accesibility", "did you mean 'accessibility'?"),
        ("{accessibility: -1}", "weights.criteria.accessibility", "0 or more, not -1"),
        ("{accessibility: two}", "weights.criteria.accessibility", "must be a number"),
        ("{accessibility: true}", "weights.criteria.accessibility", "must be a number"),
        ("{accessibility: 0, priorities: 0}", "weights", "all 0: give at least one"),
    ],
)
def test_bad_weights_are_refused_at_load(register_copy, criteria, field, said):
    line = state_weights(register_copy, criteria)
    with pytest.raises(RegisterError) as info:
        read_register(register_copy)
    issue = next(i for i in info.value.issues if i.field == field)
    assert issue.file == str(STRATEGY_FILE) and issue.record == "kcc-international-strategy-2007"
    assert said in issue.message
    if "is not one of" in issue.message:  # names are checked after the model: the record's line
        assert issue.line is not None and 0 < line - issue.line < 60
    else:  # the numbers by the model: the line of 'weights:'
        assert issue.line == line
    out = _run("evaluate", "Lille", "--register", str(register_copy), ok=False)
    assert (
        f"{STRATEGY_FILE}:{issue.line}" in out and field in out and "nothing was evaluated" in out
    )


def test_stated_weights_need_their_source(register_copy):
    path = register_copy / STRATEGY_FILE
    text = path.read_text(encoding="utf-8")
    block = "    weights:\n      criteria: {priorities: 2}\n"
    path.write_text(text.replace(ANCHOR, ANCHOR + block), encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        read_register(register_copy)
    assert any(i.field == "weights.sources" for i in info.value.issues)


@pytest.fixture
def stated_page(stated):
    store = EmbeddedStore()
    store.replace(read_register(stated).graph)
    return PageContext(view=GraphView(store), store=store)


def test_the_page_starts_from_them_and_says_when_a_box_overrides_them(stated_page):
    home = "kent-county-council"
    boxes = start_weights(stated_page, home, None)
    assert dict(zip(REGISTRY, boxes, strict=True))["priorities"] == 2
    *_, against, _msg, state = run_evaluation(stated_page, home, ["lille"], [], *boxes, {})
    assert f"From: stated in {STATED}" in str(against)
    assert not any(v is not None for k, v in state.items() if k.startswith("w_"))
    changed = [3.0 if k == "accessibility" else w for k, w in zip(REGISTRY, boxes, strict=True)]
    *_, against, _msg, state = run_evaluation(stated_page, home, ["lille"], [], *changed, {})
    assert "From: given on this page for accessibility; stated in" in str(against)
    assert state["w_accessibility"] == 3.0 and state["w_priorities"] is None
    sent = board_report(stated_page, 1, home, ["lille"], [], *changed)
    assert "given on this page for accessibility" in sent["content"]
    # as of a date before the strategy, the boxes start from the defaults
    assert (
        dict(zip(REGISTRY, start_weights(stated_page, home, "2004-01-01"), strict=True))[
            "priorities"
        ]
        == 1
    )


def test_every_store_keeps_them(store, tmp_path):
    """The weights are two lists on the strategy's node (a store holds no maps): the embedded
    store and Neo4j (through the Bolt stand-in) give them back alike."""
    import shutil

    folder = tmp_path / "bristol"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "bristol_strategy", folder)
    reg = folder / "register.yaml"
    text = reg.read_text(encoding="utf-8")
    anchor = "    priorities: [culture, green-economy, young-people]\n"
    block = (
        "    weights:\n      criteria: {community: 3, accessibility: 0.5}\n"
        '      sources: [{doc: bristol-international-fixture.txt, section: "Weights (fixture)"}]\n'
    )
    reg.write_text(text.replace(anchor, anchor + block), encoding="utf-8")
    store.replace(read_register(folder).graph)
    from graphmodel.evaluator import Evaluator

    card = Evaluator(store, profiles={}).evaluate("bristol-city-council", "Porto")
    assert card.weights["community"] == 3 and card.weights["accessibility"] == 0.5
    assert card.weights_source["origin"] == "stated"
    assert card.weights_source["sources"] == [
        "bristol-international-fixture.txt § Weights (fixture)"
    ]
