"""Naming saved views on the Network page as an editor does: the list shows the view just
saved or renamed (and none once it is deleted), without reloading the drawing; a name another
view has is refused in words, that view untouched; deleting asks first, naming the view."""

from __future__ import annotations

import pytest
from browserkit import keep_picture
from explorerkit import CY, open_page

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900, warnings=True)]


@pytest.fixture(scope="session")
def live_server(scratch_server):
    return scratch_server


def shown(page) -> str:
    """The view the list shows as chosen (its name, without who saved it)."""
    return page.locator("#view-list").inner_text().split(" (saved by")[0]


def press(page, button: str, says: str) -> None:
    page.click(f"#{button}")
    page.locator("#view-status").get_by_text(says).wait_for()
    page.wait_for_load_state("networkidle")


def test_the_list_shows_the_view_saved_renamed_and_deleted(page, live_server):
    open_page(page, live_server, "/network?tier=exploring")
    page.wait_for_function(f"{CY}.nodes().length > 0")
    page.evaluate("window.stillHere = true")  # a reload would forget it
    page.evaluate("document.getElementById('saved-views').open = true")
    page.fill("#view-name", "Exploring links")
    press(page, "btn-view-save", "Saved 'Exploring links'")
    assert shown(page) == "Exploring links"
    page.fill("#view-name", "Exploring links, renamed")
    press(page, "btn-view-rename", "Renamed 'Exploring links' to 'Exploring links, renamed'")
    assert shown(page) == "Exploring links, renamed"
    page.wait_for_function("location.search.includes('view=Exploring+links%2C+renamed')")
    # a name another view has: refused, the list and that view as they were
    page.fill("#view-name", "Kent's strategic partners")
    press(page, "btn-view-save", "A view called 'Kent's strategic partners' is saved already")
    assert shown(page) == "Exploring links, renamed"
    # deleting asks first, naming the view; cancelled, nothing is deleted
    asked: list[str] = []

    def cancel(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", cancel)
    page.click("#btn-view-delete")
    page.wait_for_timeout(500)
    assert asked and "Delete the saved view 'Exploring links, renamed'?" in asked[0]
    assert "cannot be undone" in asked[0]
    assert "Deleted" not in page.locator("#view-status").inner_text()
    assert shown(page) == "Exploring links, renamed"
    page.once("dialog", lambda d: d.accept())
    press(page, "btn-view-delete", "Deleted 'Exploring links, renamed'")
    page.wait_for_function("!location.search.includes('view=')")
    assert page.evaluate("window.stillHere") is True


def test_deleting_a_view_opened_by_its_address_names_it(page, live_server):
    """Opened by its link, the view is the chosen one: "Delete chosen" asks about it by name,
    and cancelled, deletes nothing."""
    open_page(page, live_server, "/network?view=Kent%27s+strategic+partners")
    page.wait_for_function(f"{CY}.nodes().length > 0")
    page.evaluate("document.getElementById('net-controls').open = true")
    page.evaluate("document.getElementById('saved-views').open = true")
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.click("#btn-view-delete")
    page.wait_for_timeout(500)
    assert asked and "Delete the saved view 'Kent's strategic partners'?" in asked[0]
    assert shown(page) == "Kent's strategic partners"


def test_a_long_names_link_wraps_inside_an_800_px_window(browser, live_server):
    """The status line gives the view's link, one unbroken word for a long name: it wraps
    instead of widening the page past the window."""
    from explorerkit import new_page

    context, page = new_page(browser, 800)
    try:
        open_page(page, live_server, "/network?tier=twinning")
        page.wait_for_function(f"{CY}.nodes().length > 0")
        page.evaluate("document.getElementById('net-controls').open = true")
        page.evaluate("document.getElementById('saved-views').open = true")
        name = "Twinning links for the board meeting, with every partner and agreement shown"
        page.fill("#view-name", name)
        press(page, "btn-view-save", f"Saved '{name}'")
        assert page.evaluate("document.documentElement.scrollWidth") <= 800
        page.locator("#view-status").scroll_into_view_if_needed()
        keep_picture(page, "saved-view-long-name-800")
        assert page.errors == []
    finally:
        context.close()
