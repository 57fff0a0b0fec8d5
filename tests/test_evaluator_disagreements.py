"""Disagreements between papers about a record the evidence rests on are shown with the evidence,
both sides cited, never silently resolved. The tie through the Kent–Virginia MoU of 2006 (a
"renewed" MoU in the annual report, the MoU that "formalised" the relationship in the strategy)
used to be shown as the register's one reading, "(renewed)", with no word of the conflict the
register records."""

from __future__ import annotations

import pytest

from graphmodel.evaluator import Evaluator
from graphmodel.stores import EmbeddedStore

RENEWAL = "conflict-kent-virginia-mou-2006-renewal-or-formalisation"


@pytest.fixture(scope="module")
def ev(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return Evaluator(store)


def _evidence(card):
    return [e for r in card.criteria for e in r.evidence]


def test_a_tie_through_a_disputed_record_says_the_papers_disagree(ev):
    card = ev.evaluate("kent", "Commonwealth of Virginia")
    through = [e for e in _evidence(card) if e.path and "kent-virginia-mou-2006" in e.path]
    assert through
    for e in through:
        assert "the papers disagree about" in e.detail and RENEWAL in e.detail
        assert "not resolved here" in e.detail
        joined = " ".join(e.sources)
        assert "was formalised by a Memorandum of Understanding" in joined  # one side
        assert "A renewed Memorandum of Understanding" in joined  # the other


def test_evidence_with_no_disputed_record_carries_no_such_note(ev):
    card = ev.evaluate("leicester", "Krefeld")
    assert _evidence(card) and not any("disagree" in e.detail for e in _evidence(card))
