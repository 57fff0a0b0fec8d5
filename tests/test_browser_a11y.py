"""WCAG 2.2 AA in Debian's Chromium (issue 27, docs/ACCESSIBILITY.md): axe-core's WCAG 2.0, 2.1
and 2.2 A and AA rules on every page of the navigation, the accessibility statement, the main
states (a card open, Evaluate with three candidates, Query with rows, a suggestion list open),
the board report Evaluate downloads, and a narrow (320 px) window. Any serious or critical
violation fails, named with the elements that show it.

The accessibility statement says the explorer meets the standard bar what it lists; this test
is what keeps that true."""

from __future__ import annotations

from pathlib import Path

import pytest
from axekit import AXE, violations
from browserkit import open_page

from webapp.pages import pages

pytestmark = pytest.mark.browser


def settle(pg) -> None:
    """Wait until Dash has answered every callback the page started."""
    pg.wait_for_load_state("networkidle")
    pg.wait_for_function(
        "() => document.querySelector('#page') && "
        "!document.querySelector('[data-dash-is-loading=\"true\"]')"
    )
    pg.wait_for_timeout(400)  # a11y.js repairs on the next microtask; plots draw after data


PATHS = [p.PATH for p in pages()]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("width", [1440, 320])
def test_every_page_meets_wcag_aa(page, live_server, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, live_server, path)
    settle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "scrolls sideways"
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.locator("h1#page-title").count() == 1
    assert violations(page) == []


CARD = "document.querySelector('#details .card h2')"

STATES = {
    "a partnership's card": (
        "/network?select=kent-commonwealth-of-virginia",
        f"{CARD} && {CARD}.innerText === 'Kent – Virginia'",
    ),
    "the Network styled by cost and tier, its key shown": (
        "/network?size_by=cost&colour_by=tier",
        "document.querySelectorAll('#measure-legend .legend-unknown').length === 2",
    ),
    "a council's card beside Link health": (
        "/health?select=kent-county-council",
        f"{CARD} && {CARD}.innerText === 'Kent County Council'",
    ),
    "Evaluate comparing three candidates": (
        "/evaluate?cand=region-of-kosice&cand=commonwealth-of-virginia&cand=province-of-lovech",
        "document.querySelectorAll('.scorecard h3').length === 3",
    ),
    "Query with rows": (
        "/query?q=neighbours&p_node=Commonwealth+of+Virginia&p_hops=1&run=yes",
        "document.querySelector('#q-table .ag-cell') !== null",
    ),
}


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("width", [1440, 320])
def test_main_states_meet_wcag_aa(page, live_server, state, width):
    path, shown = STATES[state]
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, live_server, path)
    page.wait_for_function(shown)
    settle(page)
    assert violations(page) == []
    # reflow (WCAG 1.4.10): the page never scrolls sideways; wide tables and the matrix
    # scroll inside their own box
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_an_open_suggestion_list_and_dropdown_meet_wcag_aa(page, live_server):
    open_page(page, live_server, "/network")
    settle(page)
    page.click("#search-text")
    page.keyboard.type("Kent")
    page.locator("#search-hits [role=option]").first.wait_for()
    assert violations(page) == []
    page.keyboard.press("Escape")
    page.click("#f-tier")
    page.get_by_role("option", name="strategic", exact=True).wait_for()
    assert violations(page) == []


def test_the_board_report_meets_wcag_aa(page, live_server):
    open_page(page, live_server, STATES["Evaluate comparing three candidates"][0])
    page.wait_for_function(STATES["Evaluate comparing three candidates"][1])
    with page.expect_download() as info:
        page.click("#e-report")
    report = Path(info.value.path()).read_text(encoding="utf-8")
    page.set_content(report)
    assert violations(page) == []
    page.set_viewport_size({"width": 320, "height": 900})  # read on a phone, as a file
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("width", [1440, 320])
def test_the_year_report_meets_wcag_aa(page, live_server, width):  # noqa: F811
    """The year report is a page of its own (shown in a frame, downloaded as a file): axe on
    the frame's page alone, as a reader of the file sees it, wide and at 320 px."""
    open_page(page, live_server, "/report?council=kent-county-council")  # a year with work
    page.wait_for_function("(document.getElementById('r-frame').srcdoc || '').length > 500")
    report = page.get_attribute("#r-frame", "srcdoc")
    assert "<html lang=" in report and "Kent County Council" in report
    page.set_viewport_size({"width": width, "height": 900})
    page.set_content(report)
    assert page.locator("table").count() > 0  # a report with content, not an empty one
    assert violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_sign_in_page_meets_wcag_aa(page):
    from flask import Flask

    from webapp.signin import login_page

    flask_app = Flask(__name__)
    flask_app.secret_key = "only-for-this-test"
    with flask_app.test_request_context("/login"):
        html = login_page("Wrong name or password.", name="ann")
    page.set_content(html)
    assert violations(page) == []


def test_the_statement_says_what_this_test_checks():
    """docs/ACCESSIBILITY.md is the statement the app shows; it names the pages and the
    axe-core release this test runs."""
    from webapp.statement import AXE_VERSION, DEFAULT_CONTACT, PAGES_TESTED, statement_markdown

    doc = (Path(__file__).resolve().parent.parent / "docs" / "ACCESSIBILITY.md").read_text(
        encoding="utf-8"
    )
    assert statement_markdown(DEFAULT_CONTACT) in doc
    assert AXE.startswith(f"/*! axe v{AXE_VERSION}\n")
    for module in pages():
        assert module.TITLE in PAGES_TESTED or module.PATH == "/accessibility", module.TITLE
    for state in ("a card open", "Evaluate comparing three candidates", "Query with rows"):
        assert state in " ".join(doc.split())


def test_the_statement_is_linked_from_every_page_and_names_the_contact(
    page,
    live_server,
):
    open_page(page, live_server, "/query")
    settle(page)
    page.get_by_role("link", name="Accessibility statement").click()
    page.wait_for_function("location.pathname === '/accessibility'")
    page.wait_for_function("document.title.startsWith('Accessibility statement for partnergraph')")
    page.locator("#page .statement h2").first.wait_for()
    text = page.locator("#page").inner_text()
    for heading in (
        "How accessible this tool is",
        "Reporting accessibility problems with this tool",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert heading in text
    assert "PARTNERGRAPH_ACCESSIBILITY_CONTACT" in text  # no contact set: says who sets it


@pytest.mark.parametrize(
    "path",
    ["/network?tier=strategic", "/map?council=kent-county-council",
     "/matrix?council=kent-county-council"],
)  # fmt: skip
def test_the_pictures_tables_opened_meet_wcag_aa(page, live_server, path):
    """Each picture's text alternative, unfolded, is a captioned table that axe passes."""
    open_page(page, live_server, path)
    page.locator("details.chart-alt").first.wait_for(state="attached")
    settle(page)
    folds = page.locator("details.chart-alt > summary")
    assert folds.count() >= 1
    for i in range(folds.count()):
        folds.nth(i).click()
    page.locator("details.chart-alt table").first.wait_for()
    settle(page)
    assert page.locator("details.chart-alt table caption").count() >= 1
    assert violations(page) == []


def test_the_costs_chart_keeps_its_words_at_320_px(page, live_server):
    """At 320 px the costs chart was squeezed into the window: its row names lost their first
    words past the chart's left edge ('…through Innovation (2007/08)') and its tables' titles
    ran off both sides (WCAG 1.4.10). It keeps a readable width and scrolls sideways in its
    own box, as the activity matrix does; every word of it lies inside the chart."""
    page.set_viewport_size({"width": 320, "height": 900})
    open_page(page, live_server, "/costs")
    settle(page)
    page.locator("#costs-chart .ytick text").first.wait_for()
    cut = page.evaluate("""() => {
        const plot = document.querySelector('#costs-chart .main-svg').getBoundingClientRect();
        return [...document.querySelectorAll(
                '#costs-chart .ytick text, #costs-chart .annotation-text, #costs-chart .gtitle')]
            .filter(t => { const r = t.getBoundingClientRect();
                return r.width && (r.left < plot.left - 1 || r.right > plot.right + 1); })
            .map(t => t.textContent); }""")
    assert cut == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize(
    "path",
    [
        "/network?focus=kent-county-council&hops=2",  # "Showing Kent County Council and …"
        "/network?nonsense_setting=1",  # "Some settings in the address were not understood …"
        "/evaluate",  # "Choose one or more candidates to evaluate."
    ],
)
def test_status_lines_are_whole_at_320_px(page, live_server, path):
    """A page's status line (what the view shows, what was ignored in the address) was one line
    cut off with '…' on a narrow window: 'Showing Kent County Council and every…', the
    ignored settings' names lost; the rest was in a tooltip only a mouse could open
    (WCAG 1.4.10). It wraps, every word shown."""
    page.set_viewport_size({"width": 320, "height": 900})
    open_page(page, live_server, path)
    settle(page)
    cut = page.evaluate("""() => [...document.querySelectorAll('.view-message')]
        .filter(m => m.getClientRects().length && m.innerText.trim())
        .filter(m => m.scrollWidth > m.clientWidth + 1 || m.scrollHeight > m.clientHeight + 1)
        .map(m => m.innerText)""")
    assert page.locator(".view-message").count() > 0
    assert cut == []
