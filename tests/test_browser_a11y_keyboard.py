"""An officer's journeys by keyboard alone (issue 27), in Debian's Chromium: no mouse, only Tab,
the arrow keys, Enter, Space and typing. Each asserts what the person reaches and where focus
lands: on the card's heading after every choice."""

from __future__ import annotations

import pytest
from browserkit import open_page

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


def test_find_kent_virginia_and_read_its_card(page, live_server):
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


def test_filter_to_the_strategic_tier_and_read_the_drawing_as_a_table(page, live_server):
    open_page(page, live_server, "/network")
    settled(page)
    page.wait_for_timeout(500)  # the page's first callbacks have drawn the controls
    tab_to(page, "#f-tier")
    page.keyboard.press("Enter")  # opens the list; focus is on its first option
    page.wait_for_function(ACTIVE % ".dash-dropdown-content [role=option]")
    # at full speed: each arrow key moves focus at once (webapp/assets/a11y.js), so what has
    # focus is the option the keys reached, however fast they come
    for _ in range(10):
        if page.evaluate("document.activeElement.value") == "strategic":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('aria-selected')") == "false"
    page.keyboard.press("Space")
    page.wait_for_function("location.search.includes('tier=strategic')")
    page.wait_for_function(  # the list says the option is chosen (the list may be redrawn)
        "[...document.querySelectorAll('.dash-dropdown-content [role=option]')]"
        ".some(o => o.value === 'strategic' && o.getAttribute('aria-selected') === 'true')"
    )
    page.keyboard.press("Escape")
    settled(page)
    # the drawing's table, reached by Tab and opened by Enter, lists strategic links only
    tab_to(page, "#drawing-alt > summary", limit=120)
    page.keyboard.press("Enter")
    page.locator("#drawing-table table").nth(1).wait_for()  # sent once the table is opened
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


def test_compare_three_candidates(page, live_server):
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


def test_run_a_query_and_open_a_row(page, live_server):
    open_page(page, live_server, "/query?q=neighbours")
    settled(page)
    tab_to(page, "#q-params input")
    # at full speed: every key lands, in order (the box sends its value as it is typed)
    page.keyboard.type("Commonwealth of Virginia")
    assert page.evaluate("document.activeElement.value") == "Commonwealth of Virginia"
    tab_to(page, "#btn-run")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('q-message').innerText.includes('rows')")
    # the message comes with the rows, but the grid draws them a moment later (its script is
    # fetched when first needed): a person sees the row before reaching for it
    page.locator("#q-table .ag-row", has_text="Kent – Virginia").first.wait_for()
    # the grid is one Tab stop; the arrow keys move inside it; Enter opens the row's record
    tab_to(page, "#q-table .ag-cell, #q-table .ag-header-cell")
    row = "document.activeElement.closest('.ag-row')?.innerText || ''"
    for _ in range(30):
        if "Kent – Virginia" in page.evaluate(row):
            break
        page.keyboard.press("ArrowDown")
    assert "Kent – Virginia" in page.evaluate(row), (
        "ArrowDown never reached the Kent – Virginia row"
    )
    page.keyboard.press("Enter")
    card_has_focus(page, "Kent – Virginia")


def test_the_map_and_matrix_say_their_data_in_tables(page, live_server):
    """The matrix's counts are numbers in a table; the map's partners are a table whose names
    open their cards by keyboard."""
    open_page(page, live_server, "/matrix?council=kent-county-council")
    settled(page)
    tab_to(page, "#matrix-alt summary", limit=120)
    page.keyboard.press("Enter")
    table = page.locator("#matrix-alt table")
    header = table.locator("thead th").all_inner_texts()
    assert header[0] == "unit" and "Commonwealth of Virginia" in header
    counts = [int(t) for t in table.locator("tbody td").all_inner_texts()]
    assert counts and sum(counts) > 0
    summary = page.locator("#matrix-alt .chart-summary").inner_text()
    assert f"{sum(counts)} links counted" in summary

    open_page(page, live_server, "/map?council=kent-county-council")
    settled(page)
    tab_to(page, "#map-alt summary", limit=120)
    page.keyboard.press("Enter")
    tab_to(page, "#map-alt button.linkish")
    name = page.evaluate("document.activeElement.innerText.trim()")
    page.keyboard.press("Enter")
    card_has_focus(page, name)


def test_a_query_error_is_summarised_and_linked_to_its_box(page, live_server):
    """GOV.UK's pattern: the summary takes focus, the title says "Error:", the box is marked
    invalid and described by its message, and the summary's link takes you to the box."""
    open_page(page, live_server, "/query?q=neighbours")
    settled(page)
    hops = page.locator("#q-params label", has_text="Hops").locator("input")
    tab_to(page, "#q-params input")
    page.keyboard.type("Commonwealth of Virginia")
    assert page.evaluate("document.activeElement.value") == "Commonwealth of Virginia"
    while not page.evaluate("document.activeElement === document.querySelectorAll("
                            "'#q-params input')[1]"):  # fmt: skip
        page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("two")
    tab_to(page, "#btn-run")
    page.keyboard.press("Enter")
    page.wait_for_function(ACTIVE % ".error-summary")
    assert page.title().startswith("Error: Query")
    summary = page.locator(".error-summary").inner_text()
    assert "There is a problem" in summary and "whole number" in summary
    assert hops.get_attribute("aria-invalid") == "true"
    described = hops.get_attribute("aria-describedby")
    said = page.evaluate("(id) => document.getElementById(id).innerText", described)
    assert "whole number" in said
    page.keyboard.press("Tab")  # the summary's link to the box
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement") is not None
    assert hops.evaluate("el => el === document.activeElement")
    # put right, the error goes: no summary, nothing marked, the title plain again
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    tab_to(page, "#btn-run")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('q-message').innerText.includes('rows')")
    page.wait_for_function("!document.querySelector('.error-summary')")
    assert hops.get_attribute("aria-invalid") is None
    assert not page.title().startswith("Error:")


@pytest.mark.parametrize("width", [1440, 320])
def test_the_notice_bar_never_covers_the_control_in_focus(page, live_server, width):
    """The notice bar stands over the foot of the window; Tab through the Network page (its
    controls, the drawing's table, the footer) and no focused control is under it."""
    page.set_viewport_size({"width": width, "height": 640})
    open_page(page, live_server, "/network?tier=strategic")
    settled(page)
    # the bar as a page shows it (a callback's one-line status)
    page.evaluate(
        "document.getElementById('notice').textContent = "
        "'Path: Kent County Council to Commonwealth of Virginia, 2 steps (shared link).'"
    )
    page.locator("#drawing-alt > summary").click()
    page.locator("#drawing-table table").first.wait_for()
    page.focus(".skip-link")  # from the top of the page
    covered, seen = [], 0
    for _ in range(90):
        page.keyboard.press("Tab")
        hit = page.evaluate("""() => {
            const a = document.activeElement, n = document.getElementById('notice');
            if (!a || a === document.body) { return null; }
            const x = a.getBoundingClientRect(), y = n.getBoundingClientRect();
            return {name: a.tagName + ' ' + (a.id || a.innerText || '').slice(0, 40),
                    // a control: no part under the bar; a tall region (a table that
                    // scrolls): never wholly under it (WCAG 2.4.11)
                    under: y.height > 0 && (x.height < 100
                        ? x.bottom > y.top + 1 && x.top < y.bottom : x.top >= y.top)};
        }""")
        if hit:
            seen += 1
            if hit["under"]:
                covered.append(hit["name"])
    assert seen > 80 and covered == []


def test_choosing_a_node_in_the_drawing_moves_focus_to_its_card(page, live_server):
    """With a pointer too: a node clicked in the drawing opens its card, focus on its heading,
    so a screen reader reads what was chosen."""
    open_page(page, live_server, "/network?tier=strategic")
    settled(page)
    cy = "document.getElementById('cy')._cyreg.cy"
    page.wait_for_function(f"{cy}.getElementById('kent-commonwealth-of-virginia').length === 1")
    page.wait_for_timeout(800)  # the layout holds still
    at = page.evaluate(f"""(() => {{ const p = {cy}.getElementById('kent-commonwealth-of-virginia')
        .renderedPosition(); return [p.x, p.y]; }})()""")
    box = page.locator("#cy").bounding_box()
    page.mouse.click(box["x"] + at[0], box["y"] + at[1])
    card_has_focus(page, "Kent – Virginia")


def test_evaluates_form_errors_are_summarised_and_linked(page, live_server):
    open_page(page, live_server, "/evaluate")
    settled(page)
    for _ in range(6):  # the folded form's summary, among the page's folds
        tab_to(page, "summary", limit=120)
        if "describe a candidate" in page.evaluate("document.activeElement.innerText"):
            break
    page.keyboard.press("Enter")  # unfolds the form
    tab_to(page, "#cf-name", limit=120)
    page.keyboard.type("Region of Example")
    tab_to(page, "#cf-add")
    page.keyboard.press("Enter")  # no source given
    page.wait_for_function(ACTIVE % ".error-summary")
    assert page.title().startswith("Error: ")
    assert "Enter the source of these figures" in page.locator(".error-summary").inner_text()
    assert page.get_attribute("#cf-source", "aria-invalid") == "true"
    assert page.get_attribute("#cf-name", "aria-invalid") is None
    # the box shows its own message, which describes it
    assert page.get_attribute("#cf-source", "aria-describedby") == "cf-source-error"
    assert "Enter the source of these figures" in page.locator("#cf-source-msg").inner_text()
    assert page.locator("#cf-name-msg").inner_text() == ""
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE % "#cf-source")
    page.keyboard.type("a test's own figures")
    tab_to(page, "#cf-add")
    page.keyboard.press("Enter")
    page.wait_for_function("!document.querySelector('.error-summary')")
    page.wait_for_function(
        "[...document.querySelectorAll('.scorecard h3')].some(h => "
        "h.innerText.includes('Region of Example'))"
    )
    assert page.get_attribute("#cf-source", "aria-invalid") is None
    assert page.locator("#cf-source-msg").inner_text() == ""


IN_VIEW = """() => { const a = document.activeElement, r = a.getBoundingClientRect();
    return {name: (a.getAttribute('aria-label') || a.innerText || a.className).slice(0, 40),
            seen: r.bottom > 0 && r.top < window.innerHeight}; }"""


def test_focus_moved_by_a_grid_is_scrolled_into_sight(page, live_server):
    """A long grid (Conflicts: every recorded conflict, the page thousands of pixels tall)
    moves focus itself, without scrolling: Tab from its header went to its page-size box at
    the foot of the grid, and the arrow keys to rows below the window, while the window stayed
    at the top: the person could not see where they were (WCAG 2.4.11, 2.4.7)."""
    page.set_viewport_size({"width": 1440, "height": 800})
    open_page(page, live_server, "/conflicts")
    settled(page)
    page.locator(".ag-header-cell").first.wait_for()
    tab_to(page, ".ag-header-cell")
    page.keyboard.press("Tab")  # out of the header: the grid's own controls below its rows
    page.wait_for_timeout(300)
    where = page.evaluate(IN_VIEW)
    assert where["seen"], f"focus on {where['name']!r} is outside the window"
    # back into the rows, and down them by arrow key past the foot of the window
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowDown")
    for _ in range(12):
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    where = page.evaluate(IN_VIEW)
    assert page.evaluate("!!document.activeElement.closest('.ag-cell, .ag-row')")
    assert where["seen"], f"focus on the cell {where['name']!r} is outside the window"


def test_the_year_reports_frame_shows_focus(page, live_server):
    """The Year report is shown in a frame, a Tab stop of its own (its arrow keys scroll the
    report). Tab into it showed nothing at all: the person lost where focus was (WCAG 2.4.7).
    The frame in focus is ringed like every other control, and the ring goes when Tab leaves."""
    open_page(page, live_server, "/report?council=kent-county-council")
    settled(page)
    page.wait_for_function("(document.getElementById('r-frame').srcdoc || '').length > 500")
    page.focus("#r-download")
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE % "#r-frame")
    ring = "getComputedStyle(document.getElementById('r-frame'))"
    page.wait_for_function(
        f"{ring}.outlineStyle === 'solid' && parseFloat({ring}.outlineWidth) >= 2"
    )
    page.keyboard.press("Tab")
    page.wait_for_function(f"{ring}.outlineStyle === 'none'")


def test_a_paper_opened_from_documents_takes_focus(page, live_server):
    """Enter on a paper in Documents draws what it says under the grid, out of sight; focus
    stayed on the row and nothing was said, so a keyboard or screen-reader user did not know
    it had opened (WCAG 2.4.3). Focus moves to the paper's heading, the first of what opened."""
    open_page(page, live_server, "/documents")
    settled(page)
    page.locator("#docs-grid .ag-cell").first.wait_for()
    tab_to(page, "#docs-grid .ag-header-cell")
    page.keyboard.press("ArrowDown")
    title = page.evaluate("document.activeElement.innerText.trim()")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(t) => document.activeElement.matches('#docs-contents h2') && "
        "document.activeElement.innerText.trim() === t",
        arg=title,
    )
    assert page.evaluate(IN_VIEW)["seen"]
