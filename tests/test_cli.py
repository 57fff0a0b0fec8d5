"""The command line as a user runs it (in-process, with click's runner)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from partnergraph.cli import main

runner = CliRunner()


def run(*args):
    result = runner.invoke(main, list(args))
    return result


def test_help_everywhere():
    for cmd in ([], ["validate"], ["load"], ["show"], ["export"]):
        result = run(*cmd, "--help")
        assert result.exit_code == 0, cmd
        assert "Usage:" in result.output


def test_validate_bundled_register():
    result = run("validate", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ok"] is True and data["counts"]["nodes"]["Organisation"] > 10


def test_load_json_prints_counts_by_kind(bundled):
    result = run("load", "--json", "--store", "embedded")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["store"] == "embedded"
    assert data["counts"] == bundled.graph.counts()


def test_load_human_output_lists_kinds():
    result = run("load", "--store", "embedded")
    assert result.exit_code == 0, result.output
    assert "Loaded into the embedded store." in result.output
    assert "Organisation" in result.output and "PARTY_TO" in result.output


def test_show_by_alias_with_provenance():
    result = run("show", "KCC")
    assert result.exit_code == 0, result.output
    assert "Kent County Council" in result.output
    # the paper by title and date; its file name stays in --json
    assert "report to Cabinet (3 Dec 2007)\n    § " in result.output
    assert "000_239ec01fbea54895.txt §" in run("show", "KCC", "--json").output


def test_show_unknown_id_suggests():
    result = run("show", "kent-county-councel")
    assert result.exit_code == 1
    assert "did you mean" in result.output and "kent-county-council" in result.output


def test_export_json_has_every_fact_with_provenance(bundled):
    result = run("export", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {n["id"] for n in data["nodes"]} == set(bundled.graph.nodes)
    assert all(n["sources"] for n in data["nodes"])
    assert len(data["links"]) == len(bundled.graph.edges)


def test_export_csv_needs_a_folder(tmp_path):
    assert run("export", "--format", "csv").exit_code == 1
    result = run("export", "--format", "csv", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "nodes.csv").read_text().startswith("id,label,name")


def test_saved_embedded_store_is_reused(tmp_path):
    db = tmp_path / "g.json"
    assert run("load", "--db", str(db)).exit_code == 0
    result = run("show", "kent-county-council", "--db", str(db), "--json")
    assert json.loads(result.output)["node"]["name"] == "Kent County Council"


def test_the_command_line_starts_without_the_graph_and_chart_libraries():
    """'validate', 'show' and the rest start quickly: python-igraph and matplotlib load only
    for the commands that use them (and matplotlib says nothing where HOME is not writable)."""
    import subprocess
    import sys

    code = (
        "import sys, partnergraph.cli; print(sorted({'igraph', 'matplotlib'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
