"""The year's report: the strategy's structure, what the year holds, and one self-contained page."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from graphmodel.stores import EmbeddedStore
from graphmodel.views.activity_matrix import activity_years, yearly_matrix
from graphmodel.views.annual_report import report_html, year_report, years_with_work
from loaders import bundled_register_dir, read_register
from loaders.record import record
from partnergraph.cli import main
from partnergraph.synth import generate_register, write_register


@pytest.fixture(scope="module")
def bundled():
    store = EmbeddedStore()
    store.replace(read_register(bundled_register_dir()).graph)
    return store


def test_2007_follows_the_strategys_headlines_and_regions(bundled):
    r = year_report(bundled, "KCC", 2007)
    assert r["headlines"] == [
        "Ensuring World-Class Services",
        "Developing Global Citizenship",
        "The Global Economy",
    ]
    assert [g["region"] for g in r["sections"][0]["regions"]][:3] == [
        "Europe",
        "To the West",
        "To the East",
    ]
    names = [i["name"] for s in r["sections"] for g in s["regions"] for i in g["items"]]
    assert "EBN Congress 2007" in names and all(i for i in names)
    assert not any(x["rule"] == "review overdue" for x in r["reviews_due"])  # no dates: not due
    total = next(c for c in r["costs"] if c["directorate"] is None)
    assert total["period"] == "2006/7" and "= sum of rows" in total["check"]


def test_recorded_reviews_activities_and_actions_appear_in_their_year(register_copy):
    reg = register_copy
    record(
        reg, "reviews", {"partnership": "kent-king-county", "date": "2007-10", "reviewer": "IAB"}
    )
    record(
        reg,
        "activities",
        {
            "name": "Staff exchange to King County",
            "type": "exchange",
            "start": "2007-09",
            "unit": "international-perspectives-unit",
            "partnership": "kent-king-county",
            "partner": "king-county",
        },
    )
    record(
        reg,
        "actions",
        {
            "name": "Sign an MoU with King County",
            "owner": "european-affairs-group",
            "target": "2007-12",
            "status": "done",
        },
    )
    store = EmbeddedStore()
    store.replace(read_register(reg).graph)
    r = year_report(store, "kent-county-council", "2007")
    assert [x["partner"] for x in r["reviews_done"]] == ["Kent – Seattle/King County"]
    assert "King County" not in {x["partner_name"] for x in r["reviews_due"]}
    west = [g for s in r["sections"] for g in s["regions"] if g["region"] == "To the West"]
    assert any(i["name"] == "Staff exchange to King County" for g in west for i in g["items"])
    assert [a["status"] for a in r["actions"]] == ["done"]
    assert "1 of 1 action(s) done" in report_html(r)
    units, partners, z, evidence = yearly_matrix(store.g, "kent-county-council", "2007")
    assert "international-perspectives-unit" in units and "king-county" in partners
    cell = evidence[("international-perspectives-unit", "king-county")]
    assert cell == ["exchange Staff exchange to King County (2007-09)"]
    assert "2007" in activity_years(store.g, "kent-county-council")


def test_the_cli_writes_one_self_contained_page(tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", "--year", "2007", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "@media print" in text
    assert not re.search(r"<(link|script|img)\b|src=|url\(", text)  # nothing fetched
    bad = CliRunner().invoke(main, ["report", "--year", "207"])
    assert bad.exit_code == 1 and "not a year" in bad.output


def test_dates_read_as_months_and_days_not_financial_years(bundled):
    """A month is 'Jul 2006', never '2006-07' (which a council reads as a financial year)."""
    page = report_html(year_report(bundled, "KCC", 2006))
    text = re.sub(r"<style.*?</style>|<[^>]+>", " ", page, flags=re.S)
    assert "Jul 2006" in text and "14 Nov 2006" in text  # Statement of Intent; the MoU
    assert "31 Dec 2006" in text  # links judged as of the year's end
    assert not re.search(r"\b20\d\d-\d\d\b(?!-)", text.replace("2006-7", "")), re.findall(
        r"\b20\d\d-\d\d(?:-\d\d)?\b", text
    )[:5]


def _years_by_asking_each_report(store, council):
    """Every year any record of the graph is dated in, kept when that year's report counts
    something for the council."""
    dated = ("start", "signed", "renewed")
    candidates = set()
    for _, d in store.read_view().nodes(data=True):
        for value in (d.get(k) for k in dated):
            for v in value if isinstance(value, list) else [value]:
                if str(v or "")[:4].isdigit():
                    candidates.add(int(str(v)[:4]))
    return [y for y in sorted(candidates) if any(year_report(store, council, y)["counts"].values())]


def test_years_with_work_are_the_years_whose_report_counts_something(register_copy, tmp_path):
    """The one-pass search for the years with work answers as asking every year's report does:
    for each home council and its units, after an activity is recorded in a year of its own, and
    on a synthetic register of many councils."""
    record(
        register_copy,
        "activities",
        {
            "name": "Study visit to King County",
            "type": "visit",
            "start": "2011-05",
            "unit": "international-perspectives-unit",
            "partnership": "kent-king-county",
            "partner": "king-county",
        },
    )
    store = EmbeddedStore()
    store.replace(read_register(register_copy).graph)
    g = store.read_view()
    asked = [n for n, d in g.nodes(data=True) if d.get("home")] + ["european-affairs-group"]
    for council in asked:
        assert years_with_work(store, council) == _years_by_asking_each_report(store, council)
    assert years_with_work(store, "kent-county-council") == [2003, 2005, 2006, 2007, 2011]
    synthetic = tmp_path / "synthetic"
    write_register(generate_register(12, 3), synthetic)
    store.replace(read_register(synthetic).graph)
    g = store.read_view()
    councils = sorted(n for n, d in g.nodes(data=True) if d.get("home"))[:4]
    found = {c: years_with_work(store, c) for c in councils}
    assert any(found.values())
    for council, years in found.items():
        assert years == _years_by_asking_each_report(store, council), council


def test_a_council_whose_strategy_states_no_rule_is_not_called_up_to_date(bundled):
    """Leicester's register records no monitoring rule: its report says reviews, MoUs and
    objectives were not checked, never that every link is up to date; Kent's, whose strategy
    asks for all three, keeps its findings and no such line."""
    leicester = year_report(bundled, "leicester-city-council", 2006)
    assert leicester["rules_checked"] == []
    page = re.sub(r"<[^>]+>", " ", report_html(leicester))
    assert "up to date" not in page and "Every link has" not in page
    assert page.count("Not checked: none of Leicester City Council's strategies") == 2
    kent = year_report(bundled, "kent-county-council", 2006)
    assert {"no review recorded", "no MoU", "no objectives"} <= set(kent["rules_checked"])
    assert kent["reviews_due"] and "Not checked" not in report_html(kent)


def test_the_cli_reads_council_as_a_home_council_and_refuses_others(tmp_path):
    """'--council kent' is Kent County Council, not the county of Kent (whose report was empty
    and read as "nothing happened"); a name that is no home council is refused, naming them."""
    runner = CliRunner()
    out = tmp_path / "r.html"
    done = runner.invoke(main, ["report", "--year", "2006", "--council", "kent", "--out", out])
    assert done.exit_code == 0, done.output
    assert "Kent County Council 2006" in done.output and "18 due" in done.output
    leic = runner.invoke(main, ["report", "--year", "2006", "--council", "leicester", "--out", out])
    assert "Leicester City Council 2006" in leic.output and "reviews due not checked" in leic.output
    for args in (["report", "--year", "2006", "--out", str(out)], ["health"]):
        bad = runner.invoke(main, [*args, "--council", "Belgium"])
        assert bad.exit_code == 1 and "Traceback" not in bad.output
        assert "'Belgium' is a Country, not a council" in bad.output
        assert "Kent County Council (kent-county-council)" in bad.output
    # a council's unit is reported on as before (the Year report page offers them)
    unit = ["report", "--year", "2006", "--council", "european-affairs-group", "--out", out]
    assert "European Affairs Group 2006" in runner.invoke(main, unit).output


def test_a_query_reads_council_as_a_council_before_a_place(bundled):
    """'kent' in a query's council box is Kent County Council (the county of Kent has no
    partners, so the table came back empty as if the council had none); a place that is no
    council's is refused, naming the home councils."""
    from graphmodel.queries import run_query
    from graphmodel.queries.catalogue import BadParameter

    by_name = run_query(bundled, "partners", council="kent")
    assert by_name and by_name == run_query(bundled, "partners", council="kent-county-council")
    assert run_query(bundled, "partners", council="Leicester") == run_query(
        bundled, "partners", council="leicester-city-council"
    )
    with pytest.raises(BadParameter) as refused:
        run_query(bundled, "partners", council="virginia")
    assert refused.value.param == "council" and "is a Place, not a council" in str(refused.value)


def test_the_report_names_papers_by_title_never_by_file_name(bundled):
    """A board reads 'stated: KCC International Activities Annual Report 2006/7 … (12 Jul
    2007)', not 'stated: 001_ef738cfb658b403d.txt', in every table of the report."""
    page = report_html(year_report(bundled, "kent-county-council", 2007))
    assert "funding-or-projects, stated: KCC International Activities Annual Report" in page
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", page)
