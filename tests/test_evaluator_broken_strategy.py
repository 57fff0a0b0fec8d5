"""A council's strategy with a fault stops the evaluation with the register's own error (file,
line, record, field), never a scorecard made without it.

It used to print one warning line and evaluate "Bristol", the reference city, from reference
data alone: the scorecard then said Bristol's register "records no strategy with criteria", its
priorities and twins were missing, and nothing on it told a board that the register was not read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from partnergraph.cli import main

BRISTOL = Path(__file__).resolve().parent / "fixtures" / "bristol_strategy"
STRATEGY = "    priorities: [culture, green-economy, young-people]\n"


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    shutil.copytree(BRISTOL, tmp_path / "reg")
    path = tmp_path / "reg" / "register.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path / "reg"


def _line_of(register: Path, needle: str) -> int:
    lines = (register / "register.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, x in enumerate(lines, 1) if needle in x)


@pytest.mark.parametrize("command", [["evaluate", "Porto"], ["rank", "Porto", "Lyon"]])
def test_an_unknown_field_in_the_strategy_is_named_and_nothing_is_scored(tmp_path, command):
    reg = _broken(tmp_path, STRATEGY, STRATEGY + "    weights: {similarity: two}\n")
    out = CliRunner().invoke(main, [*command, "--register", str(reg)])
    assert out.exit_code == 1
    where = f"register.yaml:{_line_of(reg, 'weights: {similarity')}"
    assert f"{where} record 'bristol-international-framework-fixture' field 'weights'" in out.output
    assert "nothing was evaluated" in out.output
    assert "Recommendation" not in out.output and "rank  candidate" not in out.output
    assert "Traceback" not in out.output


def test_bad_yaml_in_the_strategy_is_named_at_its_line(tmp_path):
    crit = '      - "Be reachable by low-carbon travel"\n'
    reg = _broken(tmp_path, crit, crit.replace('travel"', "travel"))
    out = CliRunner().invoke(main, ["evaluate", "Porto", "--register", str(reg)])
    assert out.exit_code == 1
    assert (
        f"register.yaml:{_line_of(reg, 'low-carbon travel')}: error: malformed YAML" in out.output
    )
    assert "Recommendation" not in out.output and "Traceback" not in out.output
    assert len(out.output.splitlines()) <= 3  # short: the error and what to do
