"""A partnership's timeline on its card: agreements, reviews, activities, costs, in date order."""

from __future__ import annotations

import re

import pytest

from graphmodel.stores import EmbeddedStore
from graphmodel.views.card import card_for
from graphmodel.views.timeline import UNDATED, partnership_timeline
from loaders import bundled_register_dir, read_register
from loaders.record import record


def test_virginia_in_date_order_with_sources_and_a_recorded_review(register_copy):
    reg = register_copy
    record(
        reg,
        "reviews",
        {"partnership": "kent-commonwealth-of-virginia", "date": "2007-06", "reviewer": "IAB"},
    )
    store = EmbeddedStore()
    store.replace(read_register(reg).graph)
    items = partnership_timeline(store, "kent-commonwealth-of-virginia")
    dated = [i["date"] for i in items if i["date"] != UNDATED]
    assert dated == sorted(dated) and items[-1]["date"] == UNDATED
    whats = {(i["date"], i["what"]) for i in items}
    assert ("2006-11-14", "Memorandum of understanding (MoU) signed") in whats
    assert ("2007-06", "reviewed by IAB") in whats
    assert any(w.startswith("cost 0.315") for _, w in whats)
    assert all(i["sources"] for i in items)
    card = card_for(store, "kent-commonwealth-of-virginia")
    (section,) = [s for s in card["sections"] if s["key"] == "timeline"]
    assert section["title"] == f"Timeline ({len(items)})"
    assert section["rows"][0]["label"] == "2006"


@pytest.mark.bolt
def test_the_same_timeline_on_neo4j(neo4j_store):
    graph = read_register(bundled_register_dir()).graph
    embedded = EmbeddedStore()
    embedded.replace(graph)
    neo4j_store.replace(graph)
    for p in ("kent-commonwealth-of-virginia", "kent-bacs-kiskun-county", "leicester-rajkot"):
        assert partnership_timeline(neo4j_store, p) == partnership_timeline(embedded, p)


def test_a_recorded_review_is_the_cards_last_review(register_copy):
    reg = register_copy
    store = EmbeddedStore()
    store.replace(read_register(reg).graph)

    def last_review():
        card = card_for(store, "kent-commonwealth-of-virginia")
        (facts,) = [s for s in card["sections"] if s["key"] == "facts"]
        return {r["label"]: r["value"] for r in facts["rows"]}["Last review"]

    assert last_review() == "not recorded"
    record(
        reg,
        "reviews",
        {"partnership": "kent-commonwealth-of-virginia", "date": "2007-06", "reviewer": "IAB"},
    )
    store.replace(read_register(reg).graph)
    assert last_review().endswith("(recorded review)") and "2007" in last_review()


def _claims_signed(what: str) -> bool:
    return bool(re.search(r"\bsigned\b", what)) and "not signed" not in what


@pytest.mark.parametrize(
    "partnership",
    [
        "kent-departement-du-nord",
        "kent-conseil-regional-nord-pas-de-calais",
        "kent-bacs-kiskun-county",
    ],
)
def test_signed_only_for_a_signed_agreement_with_a_date(bundled, partnership):
    """A proposed agreement, or one only mentioned, never reads 'signed' on a timeline."""
    store = EmbeddedStore()
    store.replace(bundled.graph)
    for item in partnership_timeline(store, partnership):
        node = store.node(item["id"])
        if node.get("label") != "Agreement":
            continue
        signed = node.get("signed") and node.get("status") not in ("proposed", "draft", "unknown")
        assert (
            "signed" in item["what"]
            and "not signed" not in item["what"]
            and "whether" not in item["what"]
        ) == bool(signed), item


def test_every_timeline_says_signed_only_with_a_date(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    partnerships = [n.id for n in bundled.graph.nodes.values() if n.label == "Partnership"]
    seen = 0
    for p in partnerships:
        for item in partnership_timeline(store, p):
            if _claims_signed(item["what"]):
                seen += 1
                assert item["date"] != UNDATED, (p, item)
                assert store.node(item["id"]).get("status") not in ("proposed", "draft", "unknown")
    assert seen >= 5
