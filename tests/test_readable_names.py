"""Papers by title and records by name wherever people read (issue 23, item 4).

Curators' notes cite papers by their number in the seeds folder ("004", "not in 000/001") and
records by id ("kent-partnership"); the register's list of papers is "documents.yaml". A card,
the conflicts table and ``health`` must say which paper and which record in words. These checks
run over every card of the bundled register, so a note added tomorrow is held to them too.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from graphmodel.queries import run_query
from graphmodel.stores import EmbeddedStore
from graphmodel.views.card import card_for
from graphmodel.views.sources import SourceLabels
from partnergraph.cli import main

FILE_NAME = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b|\bdocuments\.yaml\b")
PAPER_NUMBER = re.compile(r"(?<![\w£$.,/:-])00\d(?![\w%/:-]|[.,]\d)")
RECORD_ID = re.compile(r"(?<![\w/.@:#\[-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w/@\]-]|\.\w)")


@pytest.fixture(scope="module")
def store(bundled):
    s = EmbeddedStore()
    s.replace(bundled.graph)
    return s


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        yield from _strings(value.get("text"))


def _unreadable(text: str, ids: set[str], own: str = "") -> list[str]:
    """The file names, paper numbers and named records' ids in ``text``."""
    found = FILE_NAME.findall(text) + PAPER_NUMBER.findall(text)
    return found + [t for t in RECORD_ID.findall(text) if t in ids and t != own]


def test_no_card_fact_names_a_paper_by_file_or_number_or_a_record_by_id(store, bundled):
    named = {n.id for n in bundled.graph.nodes.values() if n.name and n.name != n.id}
    labels = SourceLabels.from_store(store)
    faults = {}
    for node in bundled.graph.nodes.values():
        card = card_for(store, node.id, labels)
        for row in card["sections"][0]["rows"]:
            for text in _strings(row["value"]):
                bad = _unreadable(text, named, own=node.id)
                if bad:
                    faults[f"{node.id} · {row['label']}"] = bad
    assert not faults, faults


def test_the_register_notes_do_cite_papers_by_number(bundled):
    """The check above checks something: the curators' notes do say 004, 000/001 and
    documents.yaml, and the cards turn them into words."""
    notes = " ".join(
        str(n.props.get("note") or "") + str(n.props.get("resolution") or "")
        for n in bundled.graph.nodes.values()
    )
    assert PAPER_NUMBER.search(notes) and "documents.yaml" in notes


def test_conflicts_have_titles_and_readable_notes(store, bundled):
    named = {n.id for n in bundled.graph.nodes.values() if n.name and n.name != n.id}
    rows = run_query(store, "conflicts")
    assert rows
    for r in rows:
        assert r["title"], r["conflict"]
        texts = [r["title"], r["note"] or "", r["resolution"] or "", *r["values"]]
        for text in texts:
            assert not _unreadable(text, named), (r["conflict"], text)
    tourism = next(r for r in rows if r["conflict"] == "conflict-kent-tourism-alliance-name")
    assert tourism["title"] == "Conflict over name of Kent Tourism Alliance"
    assert "the CPA corporate self-assessment of 5 Nov 2007" in tourism["note"]
    board = next(r for r in rows if r["conflict"] == "conflict-kent-economic-board-parent")
    assert list(board["values"]) == ["Kent Public Service Board", "Kent Partnership"]


def test_conflicts_json_carries_the_title():
    out = CliRunner().invoke(main, ["query", "conflicts", "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert all(
        r["title"] and not r["title"].startswith("Conflict over name of kent-") for r in rows
    )


def test_health_names_the_strategy_paper_not_its_file():
    out = CliRunner().invoke(main, ["health", "--council", "kent-county-council"])
    assert out.exit_code == 0, out.output
    assert "no MoU" in out.output
    assert not FILE_NAME.search(out.output), FILE_NAME.findall(out.output)[:3]
    assert "draft KCC International Strategy (12 Jul 2007) § Appendix 1" in out.output


@pytest.mark.bolt
def test_conflicts_read_the_same_on_neo4j(store, bundled, neo4j_store):
    """The Cypher form names the same papers and records as the embedded one."""
    neo4j_store.replace(bundled.graph)
    assert run_query(neo4j_store, "conflicts") == run_query(store, "conflicts")
