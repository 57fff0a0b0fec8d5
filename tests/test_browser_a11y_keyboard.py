"""An officer's journeys by keyboard alone (issue 27), in Debian's Chromium: no mouse, only Tab,
the arrow keys, Enter, Space and typing. Each asserts what the person reaches and where focus
lands: on the card's heading after every choice."""

from __future__ import annotations

import pytest
from test_browser import live_server, open_page, page  # noqa: F401  (shared fixtures)

pytestmark = pytest.mark.browser

ACTIVE = "(() => { const a = document.activeElement; return a ? a.matches(%r) : false; })()"


def tab_to(pg, selector: str, limit: int = 80) -> int:
    """Press Tab until ``selector`` has focus; how many presses it took."""
    for presses in range(1, limit + 1):
        pg.keyboard.press("Tab")
        if pg.evaluate(ACTIVE % selector):
            return presses
    raise AssertionError(f"{selector} not reached in {limit} presses of Tab")


def card_has_focus(pg, title: str) -> None:
    """The card for ``title`` is open and its heading has focus."""
    pg.wait_for_function(
        """(title) => { const a = document.activeElement;
            return a && a.matches('#details .card h2') && a.innerText.trim() === title; }""",
        arg=title,
    )


def settled(pg) -> None:
    pg.wait_for_load_state("networkidle")
    pg.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


def test_find_kent_virginia_and_read_its_card(page, live_server):  # noqa: F811
    open_page(page, live_server, "/network")
    settled(page)
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate(ACTIVE % ".skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE % "#page-title")
    # from the page's heading, the search box is the next stop
    assert tab_to(page, "#search-text") <= 3
    page.keyboard.type("Kent Virginia")
    page.locator("#search-hits [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#search-text", "aria-activedescendant")
    page.keyboard.press("Enter")
    card_has_focus(page, "Kent – Virginia")
    card = page.locator("#details").inner_text()
    assert "Commonwealth of Virginia" in card and "Kent County Council" in card
    # the card's own links are reachable by Tab and open the next card the same way
    tab_to(page, "#details .card button.linkish, #details .card a[href]")
    name = page.evaluate("document.activeElement.innerText.trim()")
    if page.evaluate(ACTIVE % "#details .card button.linkish"):
        page.keyboard.press("Enter")
        page.wait_for_function(
            "(n) => document.activeElement.matches('#details .card h2')", arg=name
        )


def test_filter_to_the_strategic_tier_and_read_the_drawing_as_a_table(page, live_server):  # noqa: F811
    open_page(page, live_server, "/network")
    settled(page)
    tab_to(page, "#f-tier")
    page.keyboard.press("Enter")  # opens the list; focus is on its first option
    page.wait_for_function(ACTIVE % ".dash-dropdown-content [role=option]")
    for _ in range(10):
        if page.evaluate("document.activeElement.value") == "strategic":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('aria-selected')") == "false"
    page.keyboard.press("Space")
    page.wait_for_function("location.search.includes('tier=strategic')")
    assert page.evaluate("document.activeElement.getAttribute('aria-selected')") == "true"
    page.keyboard.press("Escape")
    settled(page)
    # the drawing's table, reached by Tab and opened by Enter, lists strategic links only
    tab_to(page, "#drawing-alt > summary", limit=120)
    page.keyboard.press("Enter")
    edges = page.locator("#drawing-table table").nth(1)
    tiers = {t for t in edges.locator("tbody tr td:nth-child(4)").all_inner_texts() if t}
    assert tiers == {"strategic"}
    names = page.locator("#drawing-table table").first.locator("tbody tr th").all_inner_texts()
    assert "Kent – Virginia" in names and "Kent – Region of Košice" not in names  # exploring
    # a name in the table opens its card, and focus moves to the card
    tab_to(page, "#drawing-table button.linkish")
    first = page.evaluate("document.activeElement.innerText.trim()")
    page.keyboard.press("Enter")
    card_has_focus(page, first)


def test_compare_three_candidates(page, live_server):  # noqa: F811
    open_page(page, live_server, "/evaluate")
    settled(page)
    for typed, expected in [
        ("Košice", "Region of Košice"),
        ("Virginia", "Commonwealth of Virginia"),
        ("Lovech", "Province of Lovech"),
    ]:
        tab_to(page, "#e-find-text")
        page.keyboard.type(typed)
        page.locator("#e-find-hits [role=option]").first.wait_for()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "(n) => [...document.querySelectorAll('.scorecard h3')].some(h => "
            "h.innerText.includes(n))",
            arg=expected,
        )
        page.keyboard.press("Shift+Tab")  # back towards the top, ready for the next
    assert page.locator(".scorecard h3").count() == 3


def test_run_a_query_and_open_a_row(page, live_server):  # noqa: F811
    open_page(page, live_server, "/query?q=neighbours")
    settled(page)
    tab_to(page, "#q-params input")
    page.keyboard.type("Commonwealth of Virginia")
    tab_to(page, "#btn-run")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('q-message').innerText.includes('rows')")
    # the grid is one Tab stop; the arrow keys move inside it; Enter opens the row's record
    tab_to(page, "#q-table .ag-cell, #q-table .ag-header-cell")
    for _ in range(30):
        if "Kent – Virginia" in page.evaluate(
            "document.activeElement.closest('.ag-row')?.innerText || ''"
        ):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    card_has_focus(page, "Kent – Virginia")
