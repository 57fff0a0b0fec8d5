"""The provenance queries (documents, document_facts, conflicts, mentioned_in,
shared_across_councils): known answers on the hand-made register and on the bundled one.
Identical rows on both stores are checked with every other query in test_queries.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphmodel.queries import BadParameter, run_query
from graphmodel.stores import EmbeddedStore
from loaders import read_register
from partnergraph.cli import main

MINI = Path(__file__).parent / "fixtures" / "mini"
HASHED = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


@pytest.fixture(scope="module")
def mini_store():
    store = EmbeddedStore()
    store.replace(read_register(MINI).graph)
    return store


@pytest.fixture(scope="module")
def bundled_store(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return store


def test_documents_count_what_cites_them(mini_store):
    rows = {r["document"]: r for r in run_query(mini_store, "documents")}
    assert set(rows) == {"paper", "leic-paper"}
    leic = rows["leic-paper"]
    # its own record, npdc and leic-cc (mentions); its PUBLISHED_BY edge cites its header
    assert (leic["nodes"], leic["relationships"], leic["facts"]) == (3, 1, 4)
    assert leic["kind"] == "strategy" and leic["publisher_name"] == "Leicester CC"
    only_kent = run_query(mini_store, "documents", council="Kent CC")
    assert [r["document"] for r in only_kent] == ["paper"]


def test_document_facts_say_what_a_paper_supports(mini_store):
    rows = run_query(mini_store, "document_facts", document="Leicester strategy")
    assert [(r["section"], r["kind"], r["id"]) for r in rows] == [
        ("Twin cities", "node", "npdc"),
        ("header", "node", "leic-paper"),  # a Document before an Organisation
        ("header", "node", "leic-cc"),
        ("header", "relationship", "leic-paper|PUBLISHED_BY|leic-cc"),
    ]
    assert rows[0]["quote"] == "Nord-Pas de Calais"
    with pytest.raises(BadParameter, match="the papers are: .*leic-paper"):
        run_query(mini_store, "document_facts", document="nonesuch")


def test_conflicts_list_each_version_with_its_source(mini_store):
    (row,) = run_query(mini_store, "conflicts")
    assert row["subject"] == "cb-idu" and row["field"] == "benefit"
    assert row["values"] == ["(to be confirmed)", "(blank)"]
    assert row["sources"] == ["Paper (12 Jul 2007) § s16", "Paper (12 Jul 2007) § s17"]
    assert row["documents"] == ["paper"] and row["councils"] == ["kent-cc"]
    assert run_query(mini_store, "conflicts", council="leic-cc") == []
    assert run_query(mini_store, "conflicts", document="leic.txt") == []
    assert len(run_query(mini_store, "conflicts", subject="cb-idu")) == 1


def test_every_bundled_conflict_is_listed_readably(bundled, bundled_store):
    rows = run_query(bundled_store, "conflicts")
    recorded = [n for n in bundled.graph.nodes.values() if n.label == "Conflict"]
    assert len(rows) == len(recorded) == 28
    for r in rows:
        assert len(r["values"]) == len(r["sources"]) >= 2
        assert all(s and not HASHED.search(s) for s in r["sources"]), r["conflict"]
    leicester = run_query(bundled_store, "conflicts", council="leicester-city-council")
    assert leicester and all(r["councils"] == ["leicester-city-council"] for r in leicester)
    text = CliRunner().invoke(main, ["query", "conflicts"]).output
    assert "(28 rows)" in text


def test_mentioned_in_all_or_any(mini_store):
    both = run_query(mini_store, "mentioned_in", documents="paper,leic.txt")
    assert [r["id"] for r in both] == ["leic-cc", "npdc"]
    assert all(r["cited_by"] == ["leic-paper", "paper"] for r in both)
    anyof = run_query(mini_store, "mentioned_in", documents="paper,leic.txt", mode="any")
    assert len(anyof) > len(both) and "virginia" in {r["id"] for r in anyof}
    with pytest.raises(BadParameter, match="needs --documents"):
        run_query(mini_store, "mentioned_in")


def test_named_in_all_four_kent_papers(bundled_store):
    rows = run_query(
        bundled_store, "mentioned_in", council="kent-county-council", label="Organisation"
    )
    assert rows and all(r["papers"] == r["of"] == 4 for r in rows)
    assert "kent-county-council" in {r["id"] for r in rows}


def test_shared_across_councils_gives_each_councils_view(mini_store, bundled_store):
    rows = run_query(mini_store, "shared_across_councils")
    assert {(r["id"], r["council"]) for r in rows} == {
        ("npdc", "kent-cc"),
        ("npdc", "leic-cc"),
        ("leic-cc", "kent-cc"),
        ("leic-cc", "leic-cc"),
    }
    big = run_query(bundled_store, "shared_across_councils")
    assert {"chongqing", "local-government-association"} <= {r["id"] for r in big}
    assert all(len(r["councils"]) >= 2 for r in big)
    french = run_query(bundled_store, "shared_across_councils", country="FR", min_councils=1)
    assert french and all(r["country"] == "FR" for r in french)


def test_validate_counts_conflicts_and_checks_printed_totals(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["validate"])
    assert "28 recorded conflict(s)" in ok.output
    assert "3 of 3 printed total(s) reconcile" in ok.output
    text = (MINI / "register.yaml").read_text(encoding="utf-8")
    assert 'total_cost: {value: 0.4, unit: GBP-m, text: "£0.4m"}' in text
    (tmp_path / "register.yaml").write_text(
        text.replace(
            'total_cost: {value: 0.4, unit: GBP-m, text: "£0.4m"}',
            'total_cost: {value: 0.5, unit: GBP-m, text: "£0.5m"}',
        ),
        encoding="utf-8",
    )
    bad = runner.invoke(main, ["validate", str(tmp_path)])
    assert bad.exit_code == 0, bad.output  # reported, not an error: the paper prints it so
    assert (
        "does not reconcile: Costs (table): cost total £0.5m but its 2 rows add up to 0.4 GBP-m"
        in bad.output
    )
    assert "1 recorded conflict(s)" in bad.output
