"""The analyst's journey on the Query page, in Debian's Chromium: pick a named query, fill in a
parameter, run it, read the table; reopen the address in a fresh page and see the same table;
a wrong value is explained beside its box, and there is then nothing to export."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browserkit import open_page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser


def _box(page, label: str):
    return page.locator("#q-params label", has_text=label).locator("input")


def _pick_query(page, name: str):
    # a click that lands while the dropdown's code is still arriving opens nothing: a person
    # sees no list and clicks again, and so does the test
    for _ in range(3):
        page.click("#q-name")
        try:
            page.get_by_role("listbox").first.wait_for(state="visible", timeout=5000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    page.keyboard.type(name)
    page.get_by_role("option", name=re.compile(f"^{name} —")).first.click()
    page.locator("#q-params label", has_text="Node").wait_for()


def _table(page) -> str:
    page.wait_for_selector("#q-table .ag-cell")
    return page.locator("#q-table").inner_text()


def test_an_analyst_runs_a_named_query_and_shares_its_table(page, live_server, browser):
    open_page(page, live_server, "/query")
    _pick_query(page, "neighbours")
    _box(page, "Node").fill("Commonwealth of Virginia")
    _box(page, "Hops").fill("1")
    _box(page, "Hops").press("Tab")
    page.get_by_role("button", name="Run").click()
    page.wait_for_function("document.getElementById('q-message').innerText.includes('rows')")
    table = _table(page)
    # what is one step from Virginia: its partnership with Kent and the country it lies in
    assert "Kent – Virginia" in table and "United States" in table
    rows = page.locator("#q-message").inner_text()
    # the rows export as CSV: the table's columns, ids included, one line per row
    with page.expect_download() as info:
        page.click("#btn-q-csv")
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,label,name,distance"
    assert "kent-commonwealth-of-virginia,Partnership,Kent – Virginia,1" in lines
    assert len(lines) - 1 == int(page.locator("#q-message").inner_text().split()[0])
    page.wait_for_function("location.search.includes('run=yes')")
    url = page.url
    assert "q=neighbours" in url and "p_node=Commonwealth+of+Virginia" in url

    # the address, opened in a fresh page, shows the same table without pressing Run
    fresh = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    try:
        fresh.goto(url)
        fresh.wait_for_load_state("networkidle")
        again = _table(fresh)
        assert "Kent – Virginia" in again and "United States" in again
        assert fresh.locator("#q-message").inner_text() == rows  # "N rows.": the same table
        assert _box(fresh, "Node").input_value() == "Commonwealth of Virginia"
    finally:
        fresh.context.close()

    # a word where a number belongs: the box is named as the person sees it, with what to put
    _box(page, "Hops").fill("two")
    _box(page, "Hops").press("Tab")
    page.get_by_role("button", name="Run").click()
    error = page.locator("#q-message [role=alert]")
    error.wait_for()
    said = error.inner_text()
    assert said.startswith("“Hops” needs a whole number") and "“two”" in said
    assert "--" not in said
    beside = page.locator("#q-params label", has_text="Hops").locator(".q-error")
    assert "whole number" in beside.inner_text()
    # after an error there is nothing to export: the button says so and is off
    button = page.locator("#btn-q-csv")
    assert button.is_disabled() and "nothing to export" in button.inner_text()


ROWS = "#q-table .ag-center-cols-container .ag-row"


@pytest.mark.parametrize("width", [1440, 800])
def test_rows_stay_one_or_two_lines_and_the_grid_scrolls_sideways(page, live_server, width):
    """The partners table (long sources, themes and objectives) reads at 800 px: every row one
    or two lines high, the columns a name fits in, the rest of the columns a sideways scroll
    inside the grid (never the page), a long cell's whole text on hover."""
    from axekit import violations
    from browserkit import keep_picture

    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, live_server, "/query?q=partners&p_council=kent-county-council&run=yes")
    page.wait_for_selector(f"{ROWS} .ag-cell")
    page.wait_for_timeout(300)  # the rows take their height once drawn
    line = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#q-table .ag-cell')).lineHeight)"
    )
    heights = page.evaluate(
        f"[...document.querySelectorAll('{ROWS}')].map(r => r.getBoundingClientRect().height)"
    )
    assert len(heights) == 15 and max(heights) <= 2 * line + 16, (heights, line)
    # a name is not split: "Commonwealth of Virginia" on one line of its cell
    cell = page.locator(f"{ROWS} [col-id=partner_name]", has_text="Commonwealth of Virginia")
    assert cell.locator(".ag-cell-value").bounding_box()["height"] <= line + 2
    # the grid scrolls sideways within itself; the page does not
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    viewport = page.locator("#q-table .ag-center-cols-viewport")
    assert viewport.evaluate("v => v.scrollWidth > v.clientWidth + 100")
    # a long cell's whole text is one hover away (the CSV and the row's card have it too)
    objectives = page.locator(f"{ROWS} [col-id=objectives]", has_text="Agribusiness").first
    objectives.scroll_into_view_if_needed()
    objectives.hover()
    tip = page.locator(".ag-tooltip")
    tip.wait_for()
    assert "Sharing experience and best practice" in tip.inner_text()
    assert "the whole text on hover" in page.locator("#q-message").inner_text()
    page.wait_for_timeout(600)  # the tooltip fades in: axe reads its colours once it is shown
    assert violations(page) == []
    page.mouse.move(0, 0)
    tip.wait_for(state="detached")
    keep_picture(page, f"query-partners-{width}")


def test_a_partners_row_opens_its_partnerships_card(page, live_server):
    """The partners query has no id column: a click on Kent – Virginia's row, and Enter on
    another row, each open that partnership's card; the owner column names the unit."""
    open_page(page, live_server, "/query?q=partners&p_council=kent-county-council&run=yes")
    row = page.locator(ROWS, has_text="Commonwealth of Virginia").first
    row.locator("[col-id=partner_name]").click()
    page.locator("#record-card h2", has_text="Kent – Virginia").wait_for()
    assert "kent-county-council" not in page.locator(f"{ROWS} [col-id=owner]").all_inner_texts()
    china = page.locator(ROWS, has_text="China").first.locator("[col-id=partner_name]")
    china.focus()
    page.keyboard.press("Enter")
    page.locator("#record-card h2", has_text="Kent – China").wait_for()
