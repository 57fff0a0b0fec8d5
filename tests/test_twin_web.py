"""The reference twin network in the web app, without a browser: the Query page runs the twin
queries, and the header counts the reference apart from the register."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.stores import EmbeddedStore
from graphmodel.twins import with_reference
from loaders import read_register
from loaders.reference import read_reference
from webapp import create_app
from webapp.query_run import run_for_page
from webapp.shell import _counts_line

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def register():
    return read_register(MINI)


@pytest.fixture(scope="module")
def ctx(register):
    store = EmbeddedStore()
    store.replace(with_reference(register.graph, read_reference()))
    return create_app(store).server.config["partnergraph_context"]


def test_the_query_page_lists_a_places_twins(ctx):
    outcome = run_for_page(ctx.view, ctx.store, "twins", {"place": "Strasbourg"})
    assert not outcome.error, outcome.message
    names = {r["name"] for r in outcome.rows}
    assert {"Dresden", "Stuttgart"} <= names
    assert all("Wikidata P190, item" in str(r["sources"]) for r in outcome.rows)


def test_without_the_reference_the_page_says_how_to_start_with_it(register):
    store = EmbeddedStore()
    store.replace(register.graph)
    plain = create_app(store).server.config["partnergraph_context"]
    outcome = run_for_page(plain.view, plain.store, "twins", {"place": "Strasbourg"})
    assert outcome.error and "PARTNERGRAPH_REFERENCE=1" in outcome.message


def test_the_header_counts_the_register_and_the_reference_apart(ctx, register):
    line = _counts_line(ctx.view)
    assert line.startswith(f"{len(register.graph.nodes)} nodes · {len(register.graph.edges)} ")
    places = read_reference().counts()["places"]
    assert f"reference (Wikidata P190): {places:,} places" in line
