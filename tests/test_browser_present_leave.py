"""Leaving a presentation, as a person who opened it mid-meeting does: Escape or "Leave
presentation" goes back to the page it was opened from, as its address had it, however many
slides were stepped through; at 800 px the slide bar stays inside the window."""

from __future__ import annotations

import pytest
from browserkit import keep_picture
from explorerkit import new_page, open_page

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="session")
def live_server(scratch_server):
    # served with its register folder, as 'partnergraph serve' does: its saved views are slides
    return scratch_server


WHERE = "/network?select=kent-county-council&tier=strategic"


def open_presentation_from_the_network(page, live_server) -> str:
    open_page(page, live_server, WHERE)
    page.wait_for_function("location.search.includes('select=kent-county-council')")
    was = page.url
    page.evaluate("document.getElementById('saved-views').open = true")
    page.evaluate("document.getElementById('net-controls').open = true")
    page.get_by_role("link", name="Present the saved views as slides").click()
    page.wait_for_url("**/present")
    page.wait_for_load_state("networkidle")
    return was


@pytest.mark.parametrize("width", [1440, 800])
def test_escape_and_the_leave_link_return_where_the_presentation_was_opened(
    browser, live_server, width
):
    context, page = new_page(browser, width)
    try:
        was = open_presentation_from_the_network(page, live_server)
        page.keyboard.press("ArrowRight")
        page.wait_for_url("**/present?slide=2")
        page.keyboard.press("ArrowRight")
        page.wait_for_url("**/present?slide=3")
        page.wait_for_load_state("networkidle")
        bar = page.locator(".present-bar").bounding_box()
        assert bar["x"] >= 0 and bar["x"] + bar["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        keep_picture(page, f"present-slide3-{width}")
        page.keyboard.press("Escape")
        page.wait_for_url(was)
        page.wait_for_load_state("networkidle")
        # and by the link, by keyboard (Tab to it, Enter)
        open_presentation_from_the_network(page, live_server)
        page.locator("#p-leave").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(was)
        assert page.errors == []
    finally:
        context.close()


def test_leaving_a_presentation_opened_by_its_address_goes_to_the_network(page, live_server):
    open_page(page, live_server, "/present?slide=2")
    page.get_by_role("link", name="Leave presentation").click()
    page.wait_for_url("**/network")
