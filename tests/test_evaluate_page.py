"""The Evaluate page in a real browser: three candidates compared in columns, downloaded as one
board report holding every candidate's name and evidence; screenshots at 1440 and 800 px."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from browserkit import keep_picture

from graphmodel.views.sources import format_date

pytestmark = pytest.mark.browser

THREE = [
    ("Lovech", "Province of Lovech (profile)", "Province of Lovech"),
    ("Košice", "Region of Košice (profile)", "Region of Košice"),
    ("Skåne", "Regional Council of Skåne (profile)", "Regional Council of Skåne"),
]
#: where screenshots go when PARTNERGRAPH_SCREENSHOTS names a folder (to look at them)
SHOTS = os.environ.get("PARTNERGRAPH_SCREENSHOTS")


def _compare_three(browser, live_server, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server + "/evaluate")
    page.wait_for_load_state("networkidle")
    for n, (typed, option, _) in enumerate(THREE, 1):
        box = page.locator("#e-find-text")  # the server-searched name box
        box.fill("")
        box.click()
        page.keyboard.type(typed)
        page.locator("#e-find-hits").get_by_role("option", name=option).first.click()
        page.wait_for_function(f"document.querySelectorAll('.scorecard h3').length === {n}")
    page.wait_for_function("document.querySelectorAll('.scorecard h3').length === 3")
    page.wait_for_load_state("networkidle")
    return context, page, errors


def test_three_candidates_in_columns_and_one_report(browser, live_server):
    context, page, errors = _compare_three(browser, live_server, 1440)
    columns = page.locator(".scorecard")
    names = [columns.nth(i).locator("h3").inner_text() for i in range(3)]
    assert sorted(names) == sorted(n for _, _, n in THREE)
    for i in range(3):
        text = columns.nth(i).inner_text()
        # each column: a recommendation with what would change it and what to gather
        assert "What would change it" in text and "What to find out" in text
        assert "community ties" in text and "Gather evidence first" in text
        assert " to " in text  # every score a range: what the missing evidence leaves open
    # the date the evaluation reads dated facts on is said, not left to the evidence
    today = format_date(dt.date.today().isoformat())  # 7 Dec 2026, as the papers' dates read
    said = page.locator("#e-message").inner_text()
    assert f"as of {today}:" in said and "EU membership" in said, said
    robust = page.locator("#e-sensitivity").inner_text()
    assert "not yet distinguishable from" in robust.lower()
    evidence = page.locator("#e-evidence").inner_text()
    for _, _, name in THREE:
        assert name in evidence
    assert "missing:" in evidence and "Great-circle distance" in evidence
    with page.expect_download() as info:
        page.click("#e-report")
    path = Path(info.value.path())
    report = path.read_text(encoding="utf-8")
    assert path.stat().st_size < 1_000_000
    for _, _, name in THREE:
        assert name in report
    assert report.count("Great-circle distance") >= 3  # every candidate's evidence
    assert "<script" not in report
    if SHOTS:
        keep_picture(page, "evaluate-1440")
        keep_picture(page, "evaluate-1440-full", full_page=True)
    # any weight can be typed, and a shared link keeps it, 0 included
    for key, value in (("community", "0"), ("similarity", "0.43")):
        box = page.locator(f"#w-{key}")
        box.fill(value)
        box.press("Enter")
        page.wait_for_function(f"location.search.includes('w_{key}={value}')")
    url = page.url
    page.goto(url)
    page.wait_for_selector(".scorecard h3")
    assert page.locator("#w-community").input_value() == "0"
    assert page.locator("#w-similarity").input_value() == "0.43"
    context.close()
    assert errors == []


def test_the_page_at_800_px(browser, live_server):
    context, page, errors = _compare_three(browser, live_server, 800)
    first = page.locator(".scorecard").first.bounding_box()
    assert first["width"] <= 800
    if SHOTS:
        keep_picture(page, "evaluate-800")
    context.close()
    assert errors == []
