"""Presenting, as a person in a meeting does: full screen stays on from slide to slide, each
step draws the slide its address names; Escape or "Leave presentation" goes back to the page
it was opened from, as its address had it, however many slides were stepped through; at 800 px
the slide bar stays inside the window."""

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


SLIDE = "document.getElementById('p-cy')._cyreg.cy"


def drawn(page) -> list[str]:
    page.wait_for_function(f"{SLIDE}.nodes().length > 0")
    return sorted(page.evaluate(f"{SLIDE}.nodes().map(n => n.id())"))


def test_full_screen_stays_on_from_slide_to_slide_and_each_step_draws_its_slide(page, live_server):
    open_page(page, live_server, "/present?slide=2")
    second = drawn(page)
    open_page(page, live_server, "/present")
    first = drawn(page)
    page.click("#p-full")
    page.wait_for_function("document.fullscreenElement && document.fullscreenElement.id")
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/present?slide=2")
    page.locator(".slide-count").get_by_text("2 /").wait_for()
    page.wait_for_function(f"{SLIDE}.nodes().length === {len(second)}")
    assert drawn(page) == second and second != first
    # the slide is fitted in the window, not left where the last one was
    box = page.evaluate(f"{SLIDE}.elements().renderedBoundingBox()")
    width = page.evaluate(f"{SLIDE}.width()")
    assert box["x1"] >= 0 and box["x2"] <= width + 1
    assert page.evaluate("document.fullscreenElement && document.fullscreenElement.id") == (
        "presentation"
    )
    page.click("#p-prev")  # by mouse, back to the first
    page.wait_for_url("**/present?slide=1")
    page.wait_for_function(f"{SLIDE}.nodes().length === {len(first)}")
    assert drawn(page) == first
    assert page.evaluate("!!document.fullscreenElement")


def test_next_by_keyboard_keeps_focus_on_next(page, live_server):
    """Tab to "Next ▶" and press Enter, and again: each press moves on a slide, focus staying
    on the link (it used to fall back to the top of the page after each slide)."""
    open_page(page, live_server, "/present")
    page.locator("#p-next").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/present?slide=2")
    page.locator("#p-count").get_by_text("2 /").wait_for()
    assert page.evaluate("document.activeElement.id") == "p-next"
    page.keyboard.press("Enter")
    page.wait_for_url("**/present?slide=3")
    page.locator("#p-count").get_by_text("3 /").wait_for()
    assert page.evaluate("document.activeElement.id") == "p-next"
    assert page.locator("#p-count").get_attribute("aria-live") == "polite"


def test_space_on_the_full_screen_button_presses_it(page, live_server):
    """Space moves to the next slide, except on a button, which it presses (it used to move
    on and leave the keyboard user's Full screen unpressed)."""
    open_page(page, live_server, "/present")
    page.locator("#p-full").focus()
    page.keyboard.press(" ")
    page.wait_for_function("!!document.fullscreenElement")
    assert page.url.endswith("/present")
    page.locator("#p-count").get_by_text("1 /").wait_for()
