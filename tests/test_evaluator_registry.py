"""One criterion registry: everything that lists criteria derives from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel.evaluator import (
    CORE_CRITERIA,
    CRITERIA,
    Evaluator,
    EvaluatorConfig,
    parse_weights,
    rank_reference_cities,
)
from graphmodel.evaluator.charts import SHORT
from graphmodel.evaluator.criteria import _result
from graphmodel.evaluator.ranking import KEYS, compare
from graphmodel.evaluator.registry import REGISTRY, Criterion, register, unregister
from graphmodel.evaluator.report import board_report_html
from graphmodel.evaluator.results import Evidence
from partnergraph.cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs" / "EVALUATOR.md"


def test_weights_titles_and_columns_come_from_the_registry():
    assert list(CRITERIA) == list(REGISTRY) == KEYS == list(SHORT)
    cfg = EvaluatorConfig()
    for key, crit in REGISTRY.items():
        assert cfg.weights[key] == crit.default_weight == (1.0 if crit.core else 0.0)
        assert parse_weights(f"{key}=2") == {key: 2.0}
        assert crit.title and crit.short and crit.label and crit.evidence_fields


def test_every_criterion_appears_in_the_scorecard_report_and_rank_table():
    ev = Evaluator(None)
    cards = compare([ev.evaluate("kent", c) for c in ("Košice", "Skåne")])
    assert [r.key for r in cards[0].criteria] == list(REGISTRY)
    html = board_report_html(cards)
    res = CliRunner().invoke(main, ["rank", "Košice", "Skåne"])
    head = next(line for line in res.output.splitlines() if line.startswith("rank"))
    for key, crit in REGISTRY.items():
        assert html.count(crit.title) >= 2, key  # scores table and evidence section
        assert crit.label in html, key  # the chart
        assert key in head, key


def test_docs_have_a_row_per_criterion():
    text = DOCS.read_text(encoding="utf-8")
    table = text[text.index("## The criterion registry") :]
    for key, crit in REGISTRY.items():
        row = f"| `{key}` | {crit.title} | {crit.label} | {'yes' if crit.core else 'no'} |"
        assert row in table, key
        for f in crit.evidence_fields:
            assert f"`{f}`" in text, (key, f)


@pytest.fixture
def fifth():
    """A fifth criterion, declared once: the candidate's description mentions culture."""

    def culture(pair):
        text = pair.cand.profile.description
        if text is None:
            return _result("culture", None, 0.0, [], ["description: none recorded"], "not scored")
        value = 100.0 if "cultur" in text.lower() else 0.0
        ev = [Evidence(item="Description", candidate=text, detail="mentions culture", value=1.0)]
        return _result("culture", value, 1.0, ev, [], "from the description", low=value, high=value)

    register(
        Criterion(
            key="culture",
            title="5. Cultural links",
            short="cultural links",
            label="5 Culture",
            core=True,
            score=culture,
            evidence_fields=("description",),
        )
    )
    yield
    unregister("culture")


def test_a_fifth_criterion_declared_once_is_everywhere(fifth):
    assert "culture" in CRITERIA and "culture" in CORE_CRITERIA and "culture" in KEYS
    cfg = EvaluatorConfig().with_weights(parse_weights("culture=2"))
    assert cfg.weights["culture"] == 2.0 and EvaluatorConfig().weights["culture"] == 1.0
    ev = Evaluator(None, config=cfg)
    cards = compare([ev.evaluate("kent", c) for c in ("Košice", "Skåne")])
    assert cards[0].criterion("culture").weight == 2.0
    # in the total's range, the sensitivity, the ranking and its stability
    assert {f["criterion"] for c in cards for f in c.sensitivity.flips} <= set(KEYS)
    assert cards[0].rank is not None
    html = board_report_html(cards)
    assert html.count("5. Cultural links") >= 2 and "5 Culture" in html
    res = CliRunner().invoke(main, ["rank", "Košice", "Skåne", "--weights", "culture=1"])
    assert res.exit_code == 0, res.output
    head = next(line for line in res.output.splitlines() if line.startswith("rank"))
    assert "culture" in head
    # reference places: no vectorised scorer, so wholly unknown (0 to 100), never 0
    result = rank_reference_cities(ev, "kent", countries=["BE"], min_population=200000, top=1)
    r = result.cards[0].criterion("culture")
    assert r.score is None and (r.low, r.high) == (0.0, 100.0)
    from webapp.pages.evaluate import weights_from

    assert weights_from([1, 1, 1, 1, 0, 0, 3])["culture"] == 3.0
