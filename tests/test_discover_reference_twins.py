"""Discovery never offers a council's twins as new, whether or not the store was loaded with the
reference twin network (PARTNERGRAPH_REFERENCE). Haskovo is Leicester's twin in Wikidata P190
(claimed by both), not in its register: loaded without the reference, `rank --home leicester
--country BG` listed it as a new candidate, with no note."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graphmodel.stores import EmbeddedStore
from partnergraph.cli import main
from webapp.context import PageContext
from webapp.evaluate_discover import suggestions
from webapp.graphview import GraphView


@pytest.fixture(autouse=True)
def _no_reference_in_the_store(monkeypatch):
    monkeypatch.delenv("PARTNERGRAPH_REFERENCE", raising=False)


def _rank(*args: str):
    out = CliRunner().invoke(main, ["rank", "--home", "leicester", "--json", *args])
    assert out.exit_code == 0, out.output
    import json

    return json.loads(out.stdout)


def test_rank_leaves_out_the_councils_reference_twin():
    found = _rank("--country", "BG", "--top", "100")
    names = [c["candidate_name"] for c in found["ranking"]]
    assert len(names) > 20 and "Plovdiv" in names  # the rest of Bulgaria is still ranked
    assert "Haskovo" not in names
    note = " ".join(found["notes"])
    assert "Haskovo (holds Haskovo, reference twin (Wikidata P190), to be confirmed)" in note


def test_a_twin_in_the_register_and_the_reference_is_named_once():
    note = " ".join(_rank("--country", "DE", "--top", "3")["notes"])
    assert "Krefeld (holds City of Krefeld, active twinning partner)" in note
    assert "reference twin" not in note


def test_the_evaluate_pages_suggestions_leave_it_out_too(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)  # the register alone, as serve loads it by default
    ctx = PageContext(view=GraphView(store), store=store)
    rows, notes = suggestions(ctx.evaluator, "leicester-city-council", "BG", "city")
    assert rows and "Haskovo" not in [r["name"] for r in rows]
    assert "Haskovo" in " ".join(notes)
