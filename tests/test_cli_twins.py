"""The reference twin network on the command line: reference, check-twins, init, query twins."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from partnergraph.cli import main

runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(main, list(args), env=env)


def test_reference_is_checked_like_a_register():
    result = run("reference", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["counts"]["places"] >= 5000 and report["counts"]["links"] >= 8000
    assert not [i for i in report["issues"] if i["severity"] == "error"]
    warned = [i for i in report["issues"] if i["field"] == "lat/lon"]
    assert len(warned) == report["counts"]["not located"]  # each unplaced place is reported
    text = run("reference")
    assert "twin links" in text.output and "0 error(s)" in text.output


def test_query_twins_of_strasbourg_lists_each_with_its_source():
    result = run("query", "twins", "--place", "Strasbourg", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"Dresden", "Stuttgart", "Boston"} <= {r["name"] for r in rows}
    assert all(r["sources"] and r["sources"][0].startswith("Wikidata P190, item Q") for r in rows)


def test_check_twins_lists_real_differences_for_leicester():
    result = run("check-twins", "Leicester City Council", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    kinds = {(r["kind"], r["twin"] or r["partner"]) for r in rows}
    assert ("in both", "Q2805") in kinds and ("in both", "Q11725") in kinds  # Krefeld, Chongqing
    assert ("register only", "Q6602") in kinds  # Strasbourg: the 2016 extract lacks this link
    assert ("not in the reference", "city-of-masaya") in kinds
    only_ref = [r for r in rows if r["kind"] == "reference only"]
    assert only_ref and all(r["sources"] for r in only_ref)
    assert all("error" not in r["suggestion"].lower() for r in rows)


def test_check_twins_for_a_council_without_a_reference_place_says_what_to_add():
    result = run("check-twins", "kent-county-council")
    assert result.exit_code == 1
    assert "wikidata: Q" in result.output and "Traceback" not in result.output


def test_init_writes_a_register_that_validates_loads_and_evaluates(tmp_path):
    out = tmp_path / "coventry"
    result = run("init", "Coventry City Council", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Q6225" in result.output
    data = yaml.safe_load((out / "register.yaml").read_text(encoding="utf-8"))
    twinnings = data["partnerships"]
    assert len(twinnings) >= 10
    assert all(p["tier"] == "twinning" and p["status"] == "unknown" for p in twinnings)
    assert all(p["description"].startswith("To be confirmed") for p in twinnings)
    assert all(s["doc"] == "wikidata-p190" for p in twinnings for s in p["sources"])
    assert "Dresden" in {p["name"] for p in data["places"]}
    assert run("validate", str(out)).exit_code == 0
    loaded = run("load", str(out), "--json")
    assert loaded.exit_code == 0, loaded.output
    evaluated = run("evaluate", "Dresden", "--home", "coventry", "--register", str(out), "--json")
    assert evaluated.exit_code == 0, evaluated.output
    from graphmodel.stores import EmbeddedStore
    from loaders import read_register
    from webapp import create_app

    store = EmbeddedStore()
    store.replace(read_register(out).graph)
    assert create_app(store).server.test_client().get("/").status_code == 200  # it serves
    again = run("init", "Coventry City Council", "--out", str(out))
    assert again.exit_code == 1 and "not an empty folder" in again.output


def test_init_asks_which_place_when_a_name_is_ambiguous(tmp_path):
    result = run("init", "Birmingham City Council", "--out", str(tmp_path / "b"))
    assert result.exit_code == 1, result.output
    assert "Q2256" in result.output and "Q79867" in result.output and "--place" in result.output
    assert not (tmp_path / "b").exists()
    chosen = run("init", "Birmingham City Council", "--country", "GB", "--out", str(tmp_path / "b"))
    assert chosen.exit_code == 0, chosen.output
    assert "Q2256" in chosen.output
    by_id = run(
        "init", "Birmingham City Council", "--place", "Q79867", "--out", str(tmp_path / "c")
    )
    assert by_id.exit_code == 0 and "Q79867" in by_id.output
    unknown = run("init", "Atlantis Council", "--out", str(tmp_path / "a"))
    assert unknown.exit_code == 1 and "no reference place is called" in unknown.output
