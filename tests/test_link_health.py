"""Link health tells the truth: rules from the strategy's own clauses, evidence, no false alarms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graphmodel.queries import run_query
from graphmodel.queries.health import summarise_link_health
from graphmodel.stores import EmbeddedStore
from loaders import bundled_register_dir, read_register

MINI = Path(__file__).parent / "fixtures" / "mini"

EXTRA = """\
organisations:
  - {id: zeeland, name: Province of Zeeland, type: province, country: NL, sources: [{doc: paper.txt, section: s3}]}
  - {id: kent-police, name: Kent Police, type: agency, country: GB, domestic: true, sources: [{doc: paper.txt, section: s3}]}
agreements:
  - {id: zeeland-coop, name: Co-operation Agreement with Zeeland, type: cooperation-agreement, parties: [kent-cc, zeeland], sources: [{doc: paper.txt, section: s20}]}
partnerships:
  - {id: kent-zeeland, name: Kent – Zeeland, home: kent-cc, partner: zeeland, tier: funding-or-projects, sphere: europe, objectives: [Ports], sources: [{doc: paper.txt, section: s12}]}
  - {id: kent-police-link, name: KCC – Kent Police, home: kent-cc, partner: kent-police, tier: domestic, sphere: domestic, domestic: true, sources: [{doc: paper.txt, section: s3}]}
"""

REVIEW = """\
reviews:
  - id: review-kent-lovech-2007
    partnership: kent-lovech
    date: 2007-10-01
    reviewer: International team
    outcome: Keep exploring
    sources: [{doc: partnergraph, section: "recorded by tester on 2007-10-01"}]
"""


def _store(tmp_path: Path, *extra: str) -> EmbeddedStore:
    reg = tmp_path / "reg"
    shutil.copytree(MINI, reg)
    for i, text in enumerate(extra):
        (reg / f"extra_{i}.yaml").write_text(text, encoding="utf-8")
    store = EmbeddedStore()
    store.replace(read_register(reg).graph)
    return store


def _by(rows):
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r["partnership"], []).append(r["rule"])
    return out


def test_an_agreement_binding_the_same_parties_counts(tmp_path):
    store = _store(tmp_path, EXTRA)
    rows = run_query(store, "links_needing_attention", council="kent-cc", as_of="2008-01-01")
    zeeland = _by(rows).get("kent-zeeland", [])
    assert "no MoU" not in zeeland  # the co-operation agreement is not listed on the link
    assert "no activity recorded" not in zeeland


def test_domestic_bodies_only_when_asked(tmp_path):
    store = _store(tmp_path, EXTRA)
    default = run_query(store, "links_needing_attention", council="kent-cc", as_of="2008-01-01")
    assert "kent-police-link" not in _by(default)
    asked = run_query(
        store,
        "links_needing_attention",
        council="kent-cc",
        as_of="2008-01-01",
        include_domestic="yes",
    )
    assert "kent-police-link" in _by(asked)


def test_rows_name_the_partner_cite_the_clause_and_the_tier_source(tmp_path):
    store = _store(tmp_path)
    rows = run_query(store, "links_needing_attention", council="kent-cc", as_of="2008-01-01")
    lovech = [r for r in rows if r["partnership"] == "kent-lovech"]
    review = next(r for r in lovech if r["rule"] == "no review recorded")
    assert review["partner_name"] == "Province of Lovech"
    assert review["clause"] == "Partnerships will be subject to annual review, to ensure focus."
    assert review["clause_source"] == "Kent strategy (paper.txt § s14 Principles)"
    assert review["named_by_strategy"] == ""  # Lovech's source is not one the strategy cites
    assert review["tier_source"].startswith("exploring, inferred from other papers")
    virginia = next(r for r in rows if r["partnership"] == "kent-virginia")
    assert virginia["named_by_strategy"] == "s12"
    summary = {s["rule"]: s["links"] for s in summarise_link_health(rows)}
    assert summary == {"no objectives": 2, "no review recorded": 2, "no activity recorded": 1}


def test_a_recorded_review_makes_the_link_healthy_until_it_falls_due(tmp_path):
    store = _store(tmp_path, REVIEW)
    soon = _by(run_query(store, "links_needing_attention", council="kent-cc", as_of="2008-06-01"))
    assert "no review recorded" not in soon["kent-lovech"]
    assert "review overdue" not in soon["kent-lovech"]
    later = run_query(store, "links_needing_attention", council="kent-cc", as_of="2008-11-01")
    (overdue,) = [
        r for r in later if r["partnership"] == "kent-lovech" and r["rule"] == "review overdue"
    ]
    assert (
        "review-kent-lovech-2007" in overdue["evidence"] and "due 2008-10-01" in overdue["evidence"]
    )


@pytest.fixture(scope="module")
def bundled():
    store = EmbeddedStore()
    store.replace(read_register(bundled_register_dir()).graph)
    return store


def test_bundled_link_health_flags_only_what_the_papers_support(bundled):
    rows = run_query(
        bundled, "links_needing_attention", council="kent-county-council", as_of="2008-01-01"
    )
    rules = _by(rows)
    assert "no MoU" not in rules["kent-bacs-kiskun-county"]  # its Co-operation Agreement
    assert not any(r["rule"] == "review overdue" for r in rows)  # no review dates recorded
    assert not any(r["partnership"].startswith("kent-kent-") for r in rows)  # domestic left out
    china = next(r for r in rows if r["partnership"] == "kent-china")
    nord = next(r for r in rows if r["partnership"] == "kent-departement-du-nord")
    assert "Spheres of Influence – To the East" in china["named_by_strategy"]
    assert nord["named_by_strategy"] == "" and "002_a824de3d477160a1.txt" in nord["tier_source"]


def test_bundled_headline_themes_roll_up_their_subthemes(bundled):
    rows = run_query(bundled, "theme_coverage", council="kent-county-council")
    headlines = {r["theme"]: r for r in rows if r["priority"] and not r["parent"]}
    for t in (
        "the-global-economy",
        "developing-global-citizenship",
        "ensuring-world-class-services",
    ):
        assert headlines[t]["gap"] is False and headlines[t]["via_subthemes"], t


def test_bundled_directorate_costs_and_checked_totals(bundled):
    rows = run_query(bundled, "directorate_costs", council="kent-county-council")
    er = next(r for r in rows if r["directorate"] == "environment-and-regeneration")
    assert er["rows"] == 3 and er["cost"] == pytest.approx(0.598)
    assert er["benefit_not_stated"] == ["Kent-Virginia Project", "Smithsonian"]
    total = next(r for r in rows if r["directorate"] is None)
    assert "printed cost £1.069m = sum of rows" in total["check"]
    units = {r["unit"]: r for r in run_query(bundled, "units", council="kent-county-council")}
    assert len(units["environment-and-regeneration"]["costs"]) == 3


def test_bundled_eu_share_counts_eu_funded_work(bundled):
    rows = {r["id"]: r for r in run_query(bundled, "eu_reliance", council="leicester-city-council")}
    assert rows["leicester-rajkot"]["eu_share"] == 1.0


def test_the_page_says_when_a_council_has_no_monitoring_rules():
    """The Link health page, like 'partnergraph health', says no rule was checked rather than
    showing an empty table as if every link were healthy."""
    from graphmodel.queries.health import no_monitoring_rules
    from webapp.pages.health import summary_view

    store = EmbeddedStore()
    store.replace(read_register(Path(__file__).parent / "fixtures" / "bristol").graph)
    said = no_monitoring_rules(store, "bristol-city-council")  # the page passes the id
    assert said and "Bristol City Council has no monitoring rules recorded" in said
    assert "were not checked" in str(summary_view([], no_rules=said))
    kent = EmbeddedStore()
    kent.replace(read_register(bundled_register_dir()).graph)
    assert no_monitoring_rules(kent, "kent-county-council") is None


def test_the_page_says_the_date_reviews_are_judged_on():
    """Overdue depends on the date: the summary says which (the date chosen, else today's)."""
    import datetime as dt

    from graphmodel.views.sources import format_date
    from webapp.pages.health import health_rows, summary_view

    store = EmbeddedStore()
    store.replace(read_register(bundled_register_dir()).graph)
    rows = health_rows(store, "kent-county-council", "2007-12-31", None)
    assert rows
    assert "links, judged as of 31 Dec 2007:" in str(summary_view(rows, as_of="2007-12-31"))
    assert f"judged as of {format_date(dt.date.today().isoformat())}" in str(summary_view(rows))
    assert "(judged as of 31 Dec 2007)" in str(summary_view([], as_of="2007-12-31"))
