"""Missing evidence is never a score: property tests over random profiles, and the bundled data."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from graphmodel.evaluator import (
    CORE_CRITERIA,
    Evaluator,
    EvaluatorConfig,
    parse_profile,
    read_profiles,
)
from graphmodel.evaluator.profiles import INDICATORS
from graphmodel.stores import EmbeddedStore
from loaders import read_register
from loaders.bundled import bundled_register_dir

SRC = {"doc": "paper.txt", "section": "s1"}

HOME = parse_profile(
    yaml.safe_dump(
        {
            "id": "home",
            "name": "Home",
            "country": "GB",
            "location": {"lat": 51.0, "lon": 0.0, "source": SRC},
            "themes": [
                {"id": t, "weight": w, "source": SRC}
                for t, w in (("trade", 2), ("ports", 1), ("climate", 1))
            ],
            "indicators": {
                "population": {"value": 1_000_000, "source": SRC},
                "area_km2": {"value": 3500, "source": SRC},
                "gdp_per_head": {"value": 20000, "source": SRC},
                "unemployment_rate": {"value": 3, "source": SRC},
                "rural_share": {"value": 30, "source": SRC},
                "coastal": {"value": True, "source": SRC},
                "port_or_gateway": {"value": True, "source": SRC},
                "main_sectors": {"value": ["tourism"], "source": SRC},
            },
        }
    )
)

VALUES = {
    "population": st.floats(1e3, 1e8),
    "area_km2": st.floats(10, 1e6),
    "gdp_per_head": st.floats(1e3, 1e5),
    "unemployment_rate": st.floats(0, 40),
    "rural_share": st.floats(0, 100),
    "coastal": st.booleans(),
    "port_or_gateway": st.booleans(),
    "main_sectors": st.lists(st.sampled_from(["tourism", "ports", "steel"]), max_size=3),
}
maybe_list = st.one_of(st.none(), st.just([]))


@st.composite
def candidates(draw):
    """A candidate with a random part of the evidence: any field may be missing."""
    data: dict = {"id": "cand", "name": "Cand", "country": draw(st.sampled_from(["GB", "SE"]))}
    if draw(st.booleans()):
        data["location"] = {
            "lat": draw(st.floats(-60, 70)),
            "lon": draw(st.floats(-170, 170)),
            "source": SRC,
        }
    keys = draw(st.sets(st.sampled_from(list(INDICATORS))))
    data["indicators"] = {k: {"value": draw(VALUES[k]), "source": SRC} for k in keys}
    themes = draw(st.one_of(st.none(), st.sets(st.sampled_from(["trade", "ports", "culture"]))))
    data["themes"] = None if themes is None else [{"id": t, "source": SRC} for t in sorted(themes)]
    transport = draw(st.one_of(st.none(), st.lists(st.booleans(), max_size=2)))
    if transport is not None:
        data["transport"] = [
            {"mode": "rail", "direct": d, "journey_hours": 3.0, "source": SRC} for d in transport
        ]
    ties = draw(st.one_of(st.none(), st.lists(st.sampled_from(["school", "business"]), max_size=2)))
    if ties is not None:
        data["community_ties"] = [{"type": t, "description": "a tie", "source": SRC} for t in ties]
    return parse_profile(yaml.safe_dump(data))


@settings(max_examples=80, deadline=None)
@given(candidates())
def test_missing_evidence_is_never_a_score(cand):
    card = Evaluator(None, profiles={"home": HOME, "cand": cand}).evaluate("home", "cand")
    for r in card.criteria:
        counted = [e.value for e in r.evidence if e.value is not None]
        if r.score is None:
            # not scored: lowers confidence, says what is missing
            assert r.confidence == 0 and r.missing, r.key
        else:
            assert counted or r.key == "community", r.key
    # similarity: the mean of the indicators compared, whatever is missing (neither 0 nor a match)
    sim = card.criterion("similarity")
    values = [e.value for e in sim.evidence]
    if values:
        # evidence values are rounded to 0.001, scores to 0.1
        assert sim.score == pytest.approx(100 * sum(values) / len(values), abs=0.11)
        assert sim.confidence == pytest.approx(len(values) / len(INDICATORS), abs=1e-3)
    else:
        assert sim.score is None
    # accessibility: the weighted mean of the parts present
    acc = card.criterion("accessibility")
    if cand.location is None and cand.transport is None:
        assert acc.score is None
    # community: no tie found and ties not researched (languages differ or agree) -> the
    # language is the only possible tie
    com = card.criterion("community")
    if cand.community_ties is None:
        shared_language = cand.country == "GB"
        assert (com.score is None) == (not shared_language)
    # the total is the weighted mean of the scored criteria only
    scored = [r for r in card.criteria if r.weight > 0 and r.score is not None]
    if scored:
        expect = sum(r.weight * r.score for r in scored) / sum(r.weight for r in scored)
        assert card.total == pytest.approx(expect, abs=0.06)
    else:
        assert card.total is None and card.band == "insufficient-evidence"


@settings(max_examples=60, deadline=None)
@given(candidates())
def test_an_open_question_gives_gather_evidence_first(cand):
    """When an unscored criterion could move the total into another band, the board is told to
    gather evidence first, with what to gather."""
    card = Evaluator(None, profiles={"home": HOME, "cand": cand}).evaluate("home", "cand")
    cfg = EvaluatorConfig()
    lo, hi = card.total_range
    fund = card.criterion("funding")
    if cfg.band_of(lo, fund.low) != cfg.band_of(hi, fund.high):
        assert card.band == "insufficient-evidence"
        assert card.gather and card.would_change
    else:
        assert card.band == cfg.band_of(lo, fund.low)
    if card.band == "insufficient-evidence":
        assert card.gather


def test_nothing_missing_means_nothing_to_gather():
    cand = parse_profile(
        yaml.safe_dump(
            {
                **HOME.model_dump(mode="json", exclude_none=True),
                "id": "twin",
                "name": "Twin",
                "themes_researched": SRC,
                "transport": [{"mode": "rail", "journey_hours": 1, "cost_gbp": 50, "source": SRC}],
                "community_ties": [],
            }
        )
    )
    card = Evaluator(None, profiles={"home": HOME, "twin": cand}).evaluate("home", "twin")
    assert all(card.criterion(k).score is not None for k in CORE_CRITERIA)
    assert card.total_range[0] == card.total_range[1]


# -- the bundled data ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundled():
    store = EmbeddedStore()
    store.replace(read_register(bundled_register_dir()).graph)
    return Evaluator(store)


def _all_candidates(ev: Evaluator) -> list[str]:
    ids = [p.graph_id or p.id for p in read_profiles().values() if p.kind != "council"]
    ids += [p.partner_id for p in ev.reader.partnerships("kent-county-council")]
    return list(dict.fromkeys(ids))


def test_bundled_no_criterion_whose_evidence_is_all_missing_has_a_score(bundled):
    for cid in _all_candidates(bundled):
        card = bundled.evaluate("kent-county-council", cid)
        for r in card.criteria:
            counted = [e for e in r.evidence if e.value is not None]
            if not counted:
                assert r.score is None, (cid, r.key, r.summary)
            if r.score is None:
                assert r.confidence == 0 and r.missing, (cid, r.key)


@pytest.mark.parametrize("candidate", ["Province of Lovech", "Region of Košice", "Skåne"])
def test_kent_exploring_links_say_what_is_missing_and_what_would_change_it(bundled, candidate):
    card = bundled.evaluate("kent", candidate)
    com = card.criterion("community")
    # community ties were not researched: not a 0, not a match
    assert com.score is None
    assert any("not researched" in m for m in com.missing)
    assert card.reasons and card.gather
    assert any("ommunit" in g for g in card.gather)
    if card.band == "insufficient-evidence":
        assert card.would_change
    # Kent's own language, not the United Kingdom's
    lang = next(e for e in com.evidence if e.item == "Languages")
    assert lang.home == "en"
    # the strategy's CEE theme: one rule for every country
    cee = any(
        e.item.startswith("shared: Links with Central")
        for e in card.criterion("priorities").evidence
    )
    assert cee == (card.country in {"BG", "SK"})


def test_cee_rule_is_the_same_for_a_county_without_a_profile(bundled):
    card = bundled.evaluate("kent", "bacs-kiskun-county")
    pri = card.criterion("priorities")
    assert any(e.item.startswith("shared: Links with Central") for e in pri.evidence)
    assert not math.isnan(pri.score)
