"""The explorer in a real browser on a large generated register (issue 6, scale).

A synthetic register (``partnergraph synth``) of :data:`COUNCILS` councils, about 100
relationships each, is generated and loaded once; the tests assert what a person sees: a
summary within the element budget, server-side search that finds a council as it is typed, and
a focus that shows its neighbourhood, with no errors in the browser console.
"""

from __future__ import annotations

import pytest
from browserkit import open_page
from serverkit import LARGE_BUDGET as BUDGET
from serverkit import LARGE_COUNCILS as COUNCILS

pytestmark = pytest.mark.browser


@pytest.fixture
def large(large_explorer):
    """The explorer on the large register (conftest's ``large_explorer``)."""
    return large_explorer


def cy_count(page, what: str) -> int:
    return page.evaluate(f"document.getElementById('cy')._cyreg.cy.{what}().length")


def test_the_network_is_summarised_within_the_budget(page, large):
    assert large["nodes"] > 5000  # so search runs on the server, not in the browser
    open_page(page, large["url"], "/")
    page.wait_for_selector("#cy canvas")
    page.wait_for_function("document.getElementById('cy')._cyreg.cy.nodes().length > 0")
    message = page.locator("#view-message").inner_text()
    assert f"more than this view's budget of {BUDGET}" in message
    assert "grouped by country" in message and f"of {COUNCILS} councils" in message
    assert cy_count(page, "elements") <= BUDGET
    groups = page.evaluate(
        "document.getElementById('cy')._cyreg.cy.nodes('.Group').map(n => n.data('label'))"
    )
    assert len(groups) > 10 and all(": " in g and "partner" in g for g in groups)
    assert f"{large['nodes']} nodes" in page.locator(".subtitle").inner_text()


def test_search_a_council_by_name_and_focus_on_it(page, large):
    open_page(page, large["url"], "/network")
    page.wait_for_selector("#cy canvas")
    # a person starts typing once the graph has been laid out and drawn
    page.wait_for_function(
        """() => {
        const cy = document.getElementById('cy')._cyreg.cy;
        const now = JSON.stringify(cy.nodes().map(n => n.position()));
        window.__stable = (window.__last === now) ? (window.__stable || 0) + 1 : 0;
        window.__last = now;
        return cy.nodes().length > 0 && window.__stable >= 3;
    }""",
        polling=400,
    )
    # Typed at speed while suggestions come back from the server: the text box is never
    # rewritten by the server, so every character stays (Dash's dropdown dropped some).
    page.click("#search-text")
    page.keyboard.type(large["name"], delay=30)
    hits = page.locator("#search-hits")
    hits.get_by_role("option", name=f"{large['name']} (Organisation)").first.wait_for()
    assert page.input_value("#search-text") == large["name"]
    page.keyboard.press("Enter")  # the best match: the council of that exact name
    page.wait_for_function(
        "name => document.querySelector('#details h2').innerText === name", arg=large["name"]
    )
    # the card names the kind; the id is the title's tooltip
    assert page.locator("#details h2").get_attribute("title") == large["busiest"]
    assert "Organisation" in page.locator("#details").inner_text()
    page.click("#btn-focus")
    # its partnerships and agreements alone are more than the budget: the nearest are drawn,
    # the rest counted in group nodes, and the message says so
    page.wait_for_function(
        "name => document.getElementById('view-message').innerText.startsWith("
        "name + ' and everything within 1 hop')",
        arg=large["name"],
    )
    message = page.locator("#view-message").inner_text()
    assert "nearest nodes" in message and f"budget of {BUDGET}" in message
    ids = page.evaluate("document.getElementById('cy')._cyreg.cy.nodes().map(n => n.id())")
    assert large["busiest"] in ids
    partnerships = page.evaluate(
        "document.getElementById('cy')._cyreg.cy.nodes('.Partnership').length"
    )
    assert partnerships == large["partnerships"]  # partnerships are drawn first
    assert cy_count(page, "elements") <= BUDGET
    page.wait_for_function(f"location.search.includes('focus={large['busiest']}')")


def test_a_path_between_two_councils_typed_by_name(page, large):
    """Both ends of a path are search boxes too: typed at speed, Enter takes the best match."""
    open_page(page, large["url"], "/network")
    page.wait_for_selector("#cy canvas")
    for box, name in (("path-a", large["name"]), ("path-b", large["other_name"])):
        page.click(f"#{box}-text")
        page.keyboard.type(name, delay=30)
        page.keyboard.press("Enter")
        # what a person sees once the box has taken the best match
        page.wait_for_function(
            "([box, name]) => document.getElementById(box + '-chosen').innerText"
            ".startsWith('Chosen: ' + name)",
            arg=[box, name],
        )
        assert page.input_value(f"#{box}-text") == name
    page.click("#btn-path")
    page.wait_for_function(
        "() => document.getElementById('notice').innerText.startsWith('Shortest path')"
    )
    notice = page.locator("#notice").inner_text()
    assert large["name"] in notice and large["other_name"] in notice


def test_the_map_council_is_typed_not_picked_from_a_thousand(page, large):
    """With hundreds of councils the chooser ships no list: typing asks the server, Enter picks
    the best match, and the map, the note and the address follow."""
    open_page(page, large["url"], "/map")
    page.wait_for_selector("#map-note")
    page.wait_for_function("document.getElementById('map-note').innerText.length > 0")
    assert "Choose a council" in page.locator("#map-note").inner_text()
    assert page.locator("#m-council-list").count() == 0
    page.click("#m-council-text")
    page.keyboard.type(large["name"], delay=30)
    page.locator("#m-council-hits").get_by_role("option", name=large["name"]).first.wait_for()
    page.keyboard.press("Enter")
    page.wait_for_function("id => location.search.includes('council=' + id)", arg=large["busiest"])
    page.wait_for_function(
        "document.getElementById('map-note').innerText.includes('partner links')"
    )
    assert page.input_value("#m-council-text") == large["name"]
    # emptying the box asks for every council again
    page.fill("#m-council-text", "")
    page.wait_for_function("!location.search.includes('council=')")
    page.wait_for_function(
        "document.getElementById('map-note').innerText.includes('Choose a council')"
    )
