"""Export → import → the same graph, through the command line, for every file format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel.stores import EmbeddedStore
from graphmodel.views import exports
from loaders import read_register
from partnergraph.cli import main

MINI = Path(__file__).parent / "fixtures" / "mini"
runner = CliRunner()


@pytest.mark.parametrize(
    "fmt,name", [("json", "g.json"), ("graphml", "g.graphml"), ("csv", "csvdir")]
)
def test_export_import_round_trip(tmp_path, fmt, name):
    out = tmp_path / name
    r = runner.invoke(main, ["export", "--register", str(MINI), "--format", fmt, "--out", str(out)])
    assert r.exit_code == 0, r.output
    db = tmp_path / "store.json"
    r = runner.invoke(main, ["import", str(out), "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    original = read_register(MINI).graph
    back = EmbeddedStore(db).to_graph()
    assert {k: v.as_dict() for k, v in back.nodes.items()} == {
        k: v.as_dict() for k, v in original.nodes.items()
    }
    assert {k: v.as_dict() for k, v in back.edges.items()} == {
        k: v.as_dict() for k, v in original.edges.items()
    }


def test_import_of_a_broken_file_changes_nothing(tmp_path):
    db = tmp_path / "store.json"
    assert runner.invoke(main, ["load", str(MINI), "--db", str(db)]).exit_code == 0
    before = db.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('{"nodes": [{"label": "Theme"}]}')
    r = runner.invoke(main, ["import", str(bad), "--db", str(db)])
    assert r.exit_code == 1 and "nothing was changed" in r.output
    assert db.read_bytes() == before


def test_cypher_script_needs_neo4j(tmp_path):
    script = tmp_path / "g.cypher"
    script.write_text(exports.to_cypher(read_register(MINI).graph))
    r = runner.invoke(main, ["import", str(script), "--store", "embedded"])
    assert r.exit_code == 1 and "Neo4j only" in r.output


@pytest.mark.bolt
def test_cypher_script_recreates_the_graph_in_a_bolt_server(neo4j_store):
    graph = read_register(MINI).graph
    text = exports.to_cypher(graph)
    neo4j_store.execute_script(exports.script_statements(text))
    back = neo4j_store.to_graph()
    assert {k: v.as_dict() for k, v in back.nodes.items()} == {
        k: v.as_dict() for k, v in graph.nodes.items()
    }
    assert set(back.edges) == set(graph.edges)
    assert json.loads(exports.to_json(back)) == json.loads(exports.to_json(graph))
