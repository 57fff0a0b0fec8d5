"""The monitoring cycle in a real browser: recording a review from the Link health page.

The server writes into a copy of the bundled register, so the test can check exactly which
files changed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from serverkit import snapshot

from loaders import read_register

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900)]


@pytest.fixture(scope="module")
def register(writable_register):
    return writable_register


@pytest.fixture(scope="module")
def live_server(writable_server):
    return writable_server


def _pick(page, dropdown: str, text: str, option: str) -> None:
    page.click(dropdown)
    page.keyboard.type(text)
    page.get_by_role("option", name=option).first.click()


#: every partner the Link health grid holds (it draws only the rows of its page in sight)
ROWS = """() => { const names = [];
    dash_ag_grid.getApi('health-table').forEachNode(n => names.push(n.data.partner_name));
    return names; }"""


def _health_partners(page) -> list[str]:
    page.wait_for_load_state("networkidle")
    return page.evaluate(ROWS)


def test_recording_a_review_on_the_page_makes_the_link_healthy(page, live_server, register):
    page.goto(live_server + "/health?council=kent-county-council&issue=no+review+recorded")
    page.wait_for_selector("#health-table .ag-cell")
    assert "County of Bács-Kiskun" in _health_partners(page)
    summary = page.locator("#health-summary").inner_text()
    assert "no review recorded: 18" in summary
    before = snapshot(register)

    # a bad date: a clear message, and nothing written
    _pick(page, "#rec-rv-partnership", "Bács", "County of Bács-Kiskun (Kent – Bács-Kiskun)")
    page.fill("#rec-rv-date", "2008-13-01")
    page.fill("#rec-rv-reviewer", "International Affairs Board")
    page.click("#rec-rv-save")
    message = page.locator("#rec-rv-message")
    message.get_by_text("Nothing was written").wait_for()
    assert "month 13" in message.inner_text()
    assert snapshot(register) == before

    today = dt.date.today().isoformat()
    page.fill("#rec-rv-date", today)
    page.fill("#rec-rv-outcome", "Redesign the Co-operation Agreement")
    page.click("#rec-rv-save")
    message.get_by_text("Recorded review").wait_for()
    year_file = f"kent/records_{today[:4]}.yaml"
    assert year_file in message.inner_text()
    page.wait_for_function(f"!({ROWS})().includes('County of Bács-Kiskun')")
    assert "no review recorded: 17" in page.locator("#health-summary").inner_text()
    after = snapshot(register)
    changed = {k for k in after if before.get(k) != after[k]}
    assert changed == {year_file}  # only the year's file: every other file byte-identical
    assert read_register(register).graph.nodes[f"review-kent-bacs-kiskun-county-{today}"]


def test_the_year_report_opens_in_the_browser(page, live_server):
    page.goto(live_server + "/report?council=kent-county-council&year=2007")
    frame = page.frame_locator("#r-frame")
    frame.get_by_role(
        "heading", name="Kent County Council: international activity in 2007"
    ).wait_for()
    text = frame.locator("body").inner_text()
    for heading in (
        "Activity by headline and region",
        "Reviews done and due",
        "Links without an MoU or objectives",
        "Costs and benefits",
        "Action plan progress",
    ):
        assert heading in text
    assert "The Global Economy" in text and "EBN Congress 2007" in text
    assert "printed cost £1.069m = sum of rows" in text
    assert "2007" in page.locator("#r-message").inner_text()
