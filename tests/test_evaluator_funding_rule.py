"""Strong funding lifts 'Do not pursue' to 'Pilot first' only for a council whose strategy says
that it may justify a link (Kent: "Additionally, strong funding may justify the establishment of a
new link"), or whose register records no criteria at all (the evaluator's default rule, said as
such). A council whose strategy states its criteria and no such clause used to have Kent's rule
applied to it anyway."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from graphmodel.evaluator import Evaluator
from graphmodel.evaluator.profiles import parse_profile
from graphmodel.evaluator.report import scorecard_html
from graphmodel.stores import EmbeddedStore
from loaders import read_register

BRISTOL = Path(__file__).resolve().parent / "fixtures" / "bristol_strategy"
SRC = {"doc": "test", "section": "funding"}
FUNDING = [{"programme": p, "source": SRC} for p in ("interreg-va", "interreg-vb")]
HOME = {"id": "bristol-home", "name": "Bristol City Council", "graph_id": "bristol-city-council",
        "country": "GB", "funding": FUNDING}  # fmt: skip
CAND = {"id": "far-town", "name": "Far Town", "country": "FR", "funding": FUNDING,
        "location": {"lat": 10.0, "lon": 100.0, "source": SRC}, "themes": [],
        "themes_researched": SRC, "community_ties": []}  # fmt: skip


def _card(register: Path):
    store = EmbeddedStore()
    store.replace(read_register(register).graph)
    ev = Evaluator(store, profiles={}, today=dt.date(2019, 6, 1))  # GB in the EU, Interreg V open
    for data in (HOME, CAND):
        ev.add_profile(parse_profile(yaml.safe_dump(data)))
    return ev.evaluate("bristol-home", "far-town")


@pytest.fixture(scope="module")
def without_clause(tmp_path_factory) -> Path:
    reg = tmp_path_factory.mktemp("reg") / "bristol"
    shutil.copytree(BRISTOL, reg)
    path = reg / "register.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [
        x
        for x in lines
        if "additional_justification" not in x and "bristol-fixture-funding" not in x
    ]
    assert len(kept) == len(lines) - 2
    path.write_text("".join(kept), encoding="utf-8")
    return reg


def test_a_strategy_with_the_clause_lets_strong_funding_lift(tmp_path):
    card = _card(BRISTOL)
    assert card.criterion("funding").low >= 75
    assert card.band == "pilot"
    assert "external funding may be considered outside these criteria" in " ".join(card.reasons)


def test_a_strategy_without_it_does_not(without_clause):
    card = _card(without_clause)
    assert card.strategy and not card.strategy["justification"]
    assert card.criterion("funding").low >= 75
    assert card.band == "do-not-pursue"
    why = " ".join(card.reasons)
    assert "does not say that strong funding may justify a new link" in why
    assert "evaluator's default rule" not in why
    html = scorecard_html(card)
    assert "strong funding can lift" not in html and "or a funding score" not in html
