"""A board's weights file (--config) with a fault: one short line naming the file, the line and
the field, and what to do; never a traceback, and nothing evaluated.

It used to name no line ("c.yaml: weights.similarity: Input should be a valid number, unable to
parse string as a number"), to say an unknown criterion in a file was "in --weights", and to print
PyYAML's five-line parser report for a syntax fault."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from partnergraph.cli import main

CASES = [
    (
        "weights:\n  similarity: 2\n  accessibility: two\n",
        ":3 field 'weights.accessibility'",
        "must be a number",
    ),
    (
        "weights:\n  nearness: 1\n",
        ":2 field 'weights.nearness'",
        "unknown criterion 'nearness': use similarity",
    ),
    ("weights:\n  community: -1\n", ":2 field 'weights.community'", "must be 0 or more"),
    (
        "pursue_at: 60\nweigths:\n  similarity: 1\n",
        ":2 field 'weigths'",
        "unknown setting: use weights",
    ),
    ("weights: [\n  similarity: 1\n", ":3: not valid YAML", "write settings as 'name: value'"),
    ("pursue_at: 30\npilot_at: 50\n", ":2 field 'pilot_at'", "must not be above pursue_at"),
]


@pytest.mark.parametrize(("text", "where", "what"), CASES)
def test_a_fault_in_the_weights_file_is_named_at_its_line(tmp_path, text, where, what):
    path = tmp_path / "board.yaml"
    path.write_text(text, encoding="utf-8")
    out = CliRunner().invoke(
        main, ["evaluate", "Lyon", "--home", "leicester", "--config", str(path)]
    )
    assert out.exit_code == 1
    assert f"{path}{where}" in out.output and what in out.output
    assert "Traceback" not in out.output and "Recommendation" not in out.output
    assert len(out.output.strip().splitlines()) == 1


def test_a_good_file_is_used(tmp_path):
    path = tmp_path / "board.yaml"
    path.write_text("weights:\n  accessibility: 2\n  funding: 0.5\n", encoding="utf-8")
    out = CliRunner().invoke(
        main, ["evaluate", "Lyon", "--home", "leicester", "--config", str(path), "--json"]
    )
    assert out.exit_code == 0, out.output
    import json

    weights = json.loads(out.stdout)["weights"]
    assert (
        weights["accessibility"] == 2 and weights["funding"] == 0.5 and weights["similarity"] == 1
    )
