"""The link evaluator: hand-made profiles with known scores, properties, errors, graph evidence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from graphmodel.errors import NodeNotFound
from graphmodel.evaluator import (
    CRITERIA,
    Evaluator,
    EvaluatorConfig,
    ProfileError,
    WeightsError,
    parse_profile,
    parse_weights,
    read_profiles,
)
from graphmodel.evaluator.config import read_config
from graphmodel.geo import haversine_km
from graphmodel.stores import EmbeddedStore
from loaders import read_register

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "evaluator"
SRC = "{doc: paper.txt, section: s1}"


def profile(pid: str, lat=51.0, lon=0.0, themes=None, **indicators):
    lines = [f"id: {pid}", f"name: {pid.title()}", "country: GB"]
    lines.append(f"location: {{lat: {lat}, lon: {lon}, source: {SRC}}}")
    if indicators:
        lines.append("indicators:")
        for k, v in indicators.items():
            v = str(v).lower() if isinstance(v, bool) else v
            lines.append(f"  {k}: {{value: {v}, source: {SRC}}}")
    if themes is not None:  # researched in full: a theme not listed is known to be absent
        lines.append(f"themes_researched: {SRC}")
        lines.append("themes:" + (" []" if not themes else ""))
        for tid, w in themes:
            lines.append(f"  - {{id: {tid}, weight: {w}, source: {SRC}}}")
    return parse_profile("\n".join(lines))


def evaluator(*profiles, config=None, store=None):
    return Evaluator(store, profiles={p.id: p for p in profiles}, config=config)


HOME = profile(
    "home",
    themes=[("trade", 2), ("ports", 1), ("climate", 1)],
    population=1000000,
    coastal=True,
    unemployment_rate=3,
)


# -- hand-made profiles with expected scores ------------------------------------------------------
def test_known_scores():
    cand = profile(
        "cand", lat=51.0, lon=0.0, themes=[("ports", 1)], population=1000000, coastal=True,
        unemployment_rate=8,
    )  # fmt: skip
    card = evaluator(HOME, cand).evaluate("home", "cand")
    # population equal (1.0), coastal same (1.0), unemployment 5 points apart (0.5)
    assert card.criterion("similarity").score == pytest.approx(83.3, abs=0.05)
    assert card.criterion("similarity").confidence == pytest.approx(3 / 8, abs=1e-3)
    # ports (weight 1) of 4: 1 / (0.4 * 4) = 62.5
    assert card.criterion("priorities").score == pytest.approx(62.5)
    # same place: distance scores 100; transport not researched: half the evidence
    acc = card.criterion("accessibility")
    assert acc.score == 100 and acc.confidence == 0.5
    # community: language shared (en), nothing else researched
    assert card.criterion("community").score == 50.0
    assert card.total == pytest.approx((83.3 + 62.5 + 100 + 50) / 4, abs=0.05)


def test_tenfold_population_scores_zero_and_1000km_scores_half():
    cand = profile("cand", lat=51.0 + 1000 / 111.195, population=100000)
    card = evaluator(HOME, cand).evaluate("home", "cand")
    assert card.criterion("similarity").score == 0.0
    assert card.criterion("accessibility").score == pytest.approx(50.0, abs=0.1)


def test_sharing_the_top_weighted_priority_scores_full_marks():
    cand = profile("cand", themes=[("trade", 1)])
    assert evaluator(HOME, cand).evaluate("home", "cand").criterion("priorities").score == 100


# -- properties ----------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(
    st.floats(min_value=-80, max_value=80),
    st.floats(min_value=-179, max_value=179),
    st.floats(min_value=0.0, max_value=1.0),
)
def test_nearer_never_scores_lower_on_accessibility(lat, lon, t):
    far = profile("far", lat=lat, lon=lon)
    near_lat, near_lon = 51.0 + t * (lat - 51.0), t * lon
    # Interpolating latitude and longitude is not always nearer on the sphere (near the poles
    # the great circle is shorter); the property is about distance, so keep the nearer pairs.
    assume(haversine_km(51.0, 0.0, near_lat, near_lon) <= haversine_km(51.0, 0.0, lat, lon))
    near = profile("near", lat=near_lat, lon=near_lon)
    ev = evaluator(HOME, far, near)
    a_far = ev.evaluate("home", "far").criterion("accessibility").score
    a_near = ev.evaluate("home", "near").criterion("accessibility").score
    assert a_near >= a_far - 0.1  # scores are rounded to 0.1


THEMES = ["trade", "ports", "climate", "tourism", "culture"]


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from(THEMES)), st.sampled_from(["trade", "ports", "climate"]))
def test_adding_a_shared_theme_never_lowers_priorities(themes, extra):
    before = profile("cand", themes=[(t, 1) for t in sorted(themes)])
    after = profile("cand", themes=[(t, 1) for t in sorted(themes | {extra})])
    s1 = evaluator(HOME, before).evaluate("home", "cand").criterion("priorities").score
    s2 = evaluator(HOME, after).evaluate("home", "cand").criterion("priorities").score
    assert s2 >= s1


@settings(max_examples=60, deadline=None)
@given(
    st.floats(min_value=1, max_value=1e9),
    st.floats(min_value=0, max_value=100),
    st.booleans(),
    st.floats(min_value=-89, max_value=89),
    st.dictionaries(st.sampled_from(list(CRITERIA)), st.floats(min_value=0, max_value=10)),
)
def test_scores_stay_within_0_and_100(pop, unemployment, coastal, lat, weights):
    cand = profile(
        "cand", lat=lat, themes=[("trade", 1)], population=pop, unemployment_rate=unemployment,
        coastal=coastal,
    )  # fmt: skip
    try:
        config = EvaluatorConfig().with_weights(weights)
    except WeightsError:
        return  # all-zero weights are rejected, tested below
    card = evaluator(HOME, cand, config=config).evaluate("home", "cand")
    for r in card.criteria:
        assert r.score is None or 0 <= r.score <= 100
        assert 0 <= r.confidence <= 1
    assert card.total is None or 0 <= card.total <= 100


# -- missing evidence ----------------------------------------------------------------------------
def test_missing_evidence_lowers_confidence_and_is_listed_not_scored():
    full = profile("full", themes=[("ports", 1)], population=900000, coastal=True)
    bare = profile("bare")  # no indicators, themes not researched
    ev = evaluator(HOME, full, bare)
    c_full, c_bare = ev.evaluate("home", "full"), ev.evaluate("home", "bare")
    assert c_bare.confidence < c_full.confidence
    sim = c_bare.criterion("similarity")
    assert sim.score is None  # never silently 0
    assert any("Population" in m and "Bare" in m for m in sim.missing)
    pri = c_bare.criterion("priorities")
    assert pri.score is None and any("not researched" in m for m in pri.missing)
    assert "shared priorities" in " ".join(c_bare.gather + c_bare.would_change)


def test_low_confidence_gives_gather_evidence_band():
    card = evaluator(HOME, profile("bare")).evaluate("home", "bare")
    assert card.band == "insufficient-evidence"
    assert card.recommendation == "Gather evidence first"


# -- errors --------------------------------------------------------------------------------------
def test_unknown_candidate_gets_did_you_mean():
    ev = evaluator(HOME, profile("province-of-lovech"))
    with pytest.raises(NodeNotFound) as exc:
        ev.evaluate("home", "province-of-lovec")
    assert "did you mean" in str(exc.value)
    assert "province-of-lovech" in exc.value.suggestions


def test_unknown_graph_id_suggests_graph_ids(fixture_store):
    ev = Evaluator(fixture_store, profiles={})
    with pytest.raises(NodeNotFound) as exc:
        ev.evaluate("home-cc", "cand-bb")
    assert "cand-b" in exc.value.suggestions


@pytest.mark.parametrize(
    "text, message",
    [
        ("nearness=1", "unknown criterion 'nearness'"),
        ("similarity=-1", "≥ 0"),
        ("similarity=abc", "must be a number"),
        ("similarity", "write criterion=weight"),
        ("similarity=0,priorities=0,accessibility=0,community=0", "add up to 0"),
        ("similarity=inf", "finite"),
    ],
)
def test_bad_weights_are_rejected_clearly(text, message):
    with pytest.raises(WeightsError, match=message):
        parse_weights(text)


def test_bad_config_file(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("pursue_at: 40\npilot_at: 60\n")
    with pytest.raises(WeightsError, match="pilot_at"):
        read_config(path)


@pytest.mark.parametrize(
    "text, message",
    [
        ("id: x\nname: X\npopulaton: 3", "populaton"),
        ("id: x\nname: X\nindicators: {size: {value: 1, source: {doc: a, section: b}}}", "size"),
        ("id: x\nname: X\nindicators: {population: {value: 5}}", "source"),
        (
            "id: x\nname: X\nindicators: {coastal: {value: 3, source: {doc: a, section: b}}}",
            "true or false",
        ),
        ("id: Bad Id\nname: X", "id"),
        ("- just a list", "mapping"),
        ("id: [unclosed", "not valid YAML"),
    ],
)
def test_malformed_profiles_get_clear_errors(text, message):
    with pytest.raises(ProfileError, match=message):
        parse_profile(text, "p.yaml")


# -- weights and bands ---------------------------------------------------------------------------
def test_equal_weights_by_default_and_funding_beside():
    w = EvaluatorConfig().weights
    assert [w[k] for k in ("similarity", "priorities", "accessibility", "community")] == [1] * 4
    assert w["funding"] == 0 and w["network"] == 0


def test_strong_funding_lifts_do_not_pursue_to_pilot():
    home = parse_profile(
        f"""id: home
name: Home
country: GB
location: {{lat: 51, lon: 0, source: {SRC}}}
themes: [{{id: trade, source: {SRC}}}]
funding: [{{programme: p1, source: {SRC}}}, {{programme: p2, source: {SRC}}}]"""
    )
    cand = parse_profile(
        f"""id: cand
name: Cand
country: FR
location: {{lat: 10, lon: 100, source: {SRC}}}
themes: []
community_ties: []
funding: [{{programme: p1, source: {SRC}}}, {{programme: p2, source: {SRC}}}]"""
    )
    ev = evaluator(home, cand)
    ev.today = dt.date(2007, 7, 12)  # both in the EU then (GB left on 2020-01-31)
    card = ev.evaluate("home", "cand")
    assert card.criterion("funding").score >= 75
    assert card.band == "pilot"
    assert any("strong funding" in r for r in card.reasons)


# -- the graph -----------------------------------------------------------------------------------
@pytest.fixture
def fixture_store():
    store = EmbeddedStore()
    store.replace(read_register(FIXTURE).graph)
    return store


def test_graph_ties_come_with_their_path(fixture_store):
    card = Evaluator(fixture_store, profiles={}).evaluate("Home", "Beta")
    com = card.criterion("community")
    paths = [e.path for e in com.evidence if e.path]
    assert ["home-unit", "-[LEADS]->", "exchange-ab", "<-[PARTNER_IN]-", "school-b"] in paths
    assert all(e.sources for e in com.evidence if e.path)
    net = card.criterion("network")
    assert any(e.item == "Linked to Region Alpha" for e in net.evidence)  # multilateral


def test_existing_partner_is_duplication(fixture_store):
    card = Evaluator(fixture_store, profiles={}).evaluate("Home", "Alpha")
    net = card.criterion("network")
    assert any(e.item == "Duplication" and "already" in e.detail for e in net.evidence)


def test_graph_themes_and_priorities_are_used(fixture_store):
    card = Evaluator(fixture_store, profiles={}).evaluate("home-cc", "cand-b")
    pri = card.criterion("priorities")
    assert any(e.item == "shared: Ports" for e in pri.evidence)


def test_a_theme_is_not_a_candidate(fixture_store):
    with pytest.raises(NodeNotFound, match="not a body"):
        Evaluator(fixture_store, profiles={}).evaluate("home-cc", "tourism")


def test_same_answer_on_every_store(store):
    store.replace(read_register(FIXTURE).graph)
    card = Evaluator(store, profiles={}).evaluate("Home", "Beta")
    assert card.criterion("community").score == 50.0
    assert card.criterion("network").score == 50.0


# -- the bundled profiles ------------------------------------------------------------------------
def test_bundled_profiles_load_and_cite_every_figure():
    profiles = read_profiles()
    assert {"kent-county-council", "province-of-lovech", "region-of-kosice"} <= set(profiles)
    assert "regional-council-of-skane" in profiles
    for p in profiles.values():
        for fig in p.indicators.values():
            assert fig.source.doc and fig.source.section


@pytest.mark.parametrize("candidate", ["Province of Lovech", "Region of Košice", "Skåne"])
def test_kent_exploring_links_every_number_traces_to_a_source(candidate):
    card = Evaluator(None).evaluate("kent", candidate)
    for r in card.criteria:
        for e in r.evidence:
            if e.home is not None or e.candidate is not None or e.path:
                assert e.home_source or e.candidate_source or e.sources, (r.key, e.item)
            if e.home is not None and e.candidate is not None and e.value is not None:
                assert e.home_source and e.candidate_source, (r.key, e.item)


def test_with_config_shares_reads_but_not_profiles():
    store = EmbeddedStore()
    store.replace(read_register(Path(__file__).parent / "fixtures" / "evaluator").graph)
    base = Evaluator(store)
    heavier = base.with_config(
        EvaluatorConfig(weights={**EvaluatorConfig().weights, "accessibility": 3.0})
    )
    assert heavier.reader is base.reader
    assert heavier.config.weights["accessibility"] == 3.0
    assert base.config.weights["accessibility"] == 1.0
    heavier.add_profile(
        base.profiles[next(iter(base.profiles))].model_copy(update={"id": "copy-x"})
    )
    assert "copy-x" in heavier.profiles and "copy-x" not in base.profiles
