"""Cost cards speak in amounts and names (issue 22, defect 9): '£70,000 a year, 2006/7,
International Perspectives Unit', never a record's id, a unit code or a bare '0.07'."""

from __future__ import annotations

import re

import pytest

from graphmodel.stores import EmbeddedStore
from graphmodel.views.card import card_for
from graphmodel.views.card_facts import money_words


@pytest.fixture(scope="module")
def store(bundled):
    s = EmbeddedStore()
    s.replace(bundled.graph)
    return s


def facts(card) -> dict[str, str]:
    rows = card["sections"][0]["rows"]
    return {
        r["label"]: "; ".join(x["text"] for x in r["value"]) if isinstance(r["value"], list)
        else str(r["value"])
        for r in rows
    }  # fmt: skip


def test_a_cost_row_says_its_amounts_a_year_and_for_whom(store):
    card = card_for(store, "cb-2006-7-international-perspectives-unit")
    said = facts(card)
    assert said["Cost"] == (
        "£70,000 a year, 2006/7 (printed “0.07” in £m), International Perspectives Unit"
    )
    assert said["Benefit"].startswith("£2.1 million a year, 2006/7")
    assert said["Paid for by"] == "Adult Social Services & Communities"
    assert card["status"].startswith("Costs and benefits")
    # no id, no unit code anywhere in the key facts
    text = " ".join(said.values())
    assert not re.search(r"\b[a-z0-9]+(-[a-z0-9]+){2,}\b", text), text
    assert "GBP" not in text
    # sources named by the papers' titles
    sources = next(s for s in card["sections"] if s["key"] == "sources")
    assert all(g["title"] and ".txt" not in g["heading"] for g in sources["groups"])


def test_a_missing_benefit_is_said_missing_not_zero(store):
    said = facts(card_for(store, "cb-2006-7-smithsonian"))
    assert said["Benefit"] == "no benefit stated (printed: (to be confirmed))"
    assert said["Time limited"] == "yes"


def test_a_table_gives_its_totals_and_rows_in_words(store):
    said = facts(card_for(store, "kcc-international-costs-benefits-2006-7"))
    assert said["Total cost"].startswith("£1.069 million a year, 2006/7")
    assert "European Affairs Group: £321,000, benefit £20 million" in said["Rows"]
    assert "Total cost value" not in said and "Total cost unit" not in said


def test_money_in_words():
    assert money_words(0.07, "GBP-m") == "£70,000"
    assert money_words(24.3, "GBP-m") == "£24.3 million"
    assert money_words(1.5, "EUR-m") == "€1.5 million"
    assert money_words(None, "GBP") is None
