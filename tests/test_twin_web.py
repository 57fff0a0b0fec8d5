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


def test_the_map_draws_the_twin_network_as_reference(ctx):
    from webapp.pages.map import great_circle
    from webapp.twin_map import twin_network, twin_network_figure

    net = twin_network(ctx.view.g, ["chongqing-gov"])
    assert [h["id"] for h in net["homes"]] == ["Q11725"]
    twins = {p["id"] for p in net["points"] if p["ring"] == 1}
    assert twins == {t for t in ctx.view.g.pred["Q11725"] if t.startswith("Q")} | {
        t for t in ctx.view.g.succ["Q11725"] if t.startswith("Q")
    }
    assert all(p["via"] for p in net["points"])  # every arc starts somewhere named
    fig, note = twin_network_figure(ctx.view.g, ["chongqing-gov"], great_circle)
    assert note.startswith("Reference, not register records: Chongqing and")
    assert all("Wikidata P190" in t.name for t in fig.data if t.mode == "lines")


def test_the_map_says_when_the_reference_is_missing_or_unmatched(register, ctx):
    from webapp.pages.map import great_circle
    from webapp.twin_map import twin_network_figure

    _, note = twin_network_figure(ctx.view.g, ["kent-cc"], great_circle)
    assert "not matched to a place in the reference" in note
    plain = EmbeddedStore()
    plain.replace(register.graph)
    _, note = twin_network_figure(plain.g, ["kent-cc"], great_circle)
    assert "PARTNERGRAPH_REFERENCE=1" in note


def test_the_network_page_styles_reference_places_apart_and_says_so(ctx):
    from webapp.legend import legend
    from webapp.network import KIND_STYLE
    from webapp.pages import network as page

    assert KIND_STYLE["ReferencePlace"] != KIND_STYLE["Place"]
    words = "reference place (Wikidata P190, not a register record)"
    assert words in str(legend(reference=True)) and words not in str(legend())
    assert words in str(page.layout(ctx, {"focus": "Q6602"}))  # a reference place drawn
    assert words not in str(page.layout(ctx, {}))  # the register's partnerships only


def test_link_health_compares_twinnings_as_check_twins_does(bundled):
    from graphmodel.queries import run_query
    from graphmodel.twins.check import check_twins, check_twins_in_store
    from webapp.twin_health import twin_check_view

    network = read_reference()
    store = EmbeddedStore()
    store.replace(with_reference(bundled.graph, network))
    council = "leicester-city-council"
    partners = run_query(store, "partners", council=council)
    from_store = check_twins_in_store(store, council, partners)
    from_register = check_twins(bundled.graph, network, council, partners)
    key = [(d.kind, d.twin, d.partner, d.claimed_by) for d in from_register]
    assert [(d.kind, d.twin, d.partner, d.claimed_by) for d in from_store] == key
    assert ("register only", "Q6602", "city-of-strasbourg", None) in key
    shown = str(twin_check_view(store, council))
    assert "Suggestions, not errors" in shown and "Wikidata P190, item Q83065" in shown
    plain = EmbeddedStore()
    plain.replace(bundled.graph)
    assert "PARTNERGRAPH_REFERENCE=1" in str(twin_check_view(plain, council))
