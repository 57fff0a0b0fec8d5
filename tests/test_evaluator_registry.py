"""One criterion registry: everything that lists criteria derives from it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graphmodel.evaluator import CRITERIA, Evaluator, EvaluatorConfig, parse_weights
from graphmodel.evaluator.charts import SHORT
from graphmodel.evaluator.ranking import KEYS, compare
from graphmodel.evaluator.registry import REGISTRY
from graphmodel.evaluator.report import board_report_html
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
