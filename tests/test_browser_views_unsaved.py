"""Unsaved changes in place survive a reload, as a Kumu or Bloom user expects: nodes expanded
(by double-click), added from Search and hidden are kept in the address, in short readable
lists, so a reload in the same tab, or the address copied into another window, draws them
again and says so; Collapse and Undo still work on them, and the address follows."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from browserkit import keep_picture, search_and_pick
from explorerkit import CY, new_page, open_page, places

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900, warnings=True)]

VIRGINIA = "commonwealth-of-virginia"


def double_click(page, node: str) -> None:
    box = page.locator("#cy").bounding_box()
    at = page.evaluate(f"{CY}.getElementById('{node}').renderedPosition()")
    page.mouse.dblclick(box["x"] + at["x"], box["y"] + at["y"])


def address(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def drawing(page) -> tuple[set[str], int]:
    """The nodes drawn and the links between them."""
    return set(places(page)), page.evaluate(f"{CY}.edges().length")


def test_expanded_and_hidden_nodes_come_back_after_a_reload(browser, live_server):
    context, page = new_page(browser, 1440)
    try:
        open_page(page, live_server, "/network?tier=strategic")
        page.wait_for_function(f"{CY}.getElementById('{VIRGINIA}').nonempty()")
        before, _ = drawing(page)
        double_click(page, VIRGINIA)
        page.locator("#notice").get_by_text("neighbours of Commonwealth of Virginia").wait_for()
        page.wait_for_function(f"location.search.includes('expand={VIRGINIA}')")
        added = drawing(page)[0] - before
        assert added
        search_and_pick(page, "King County", "King County")
        page.wait_for_function("location.search.includes('select=king-county')")
        page.click("#btn-hide")
        page.wait_for_function(f"{CY}.getElementById('king-county').empty()")
        page.wait_for_function("location.search.includes('hidden=king-county')")
        mine = drawing(page)
        said = address(page)
        # short and readable: a node's id per change
        assert said["expand"] == [VIRGINIA] and said["hidden"] == ["king-county"]
        assert len(urlsplit(page.url).query) < 120, page.url

        page.reload()
        page.wait_for_load_state("networkidle")
        page.wait_for_function(f"{CY}.nodes().length > 0")
        assert drawing(page) == mine  # node for node, link for link
        message = page.locator("#view-message").inner_text()
        assert (
            "kept in the address: expanded Commonwealth of Virginia; hid King County "
            f"({len(mine[0])} nodes now)"
        ) in message
        page.locator("#drawing-table").get_by_text(
            f"The drawing shows {len(mine[0]):,} nodes"
        ).wait_for(state="attached")
        keep_picture(page, "views-unsaved-reloaded-1440")

        # what was expanded still collapses, and the address follows
        search_and_pick(page, "Commonwealth of Virginia", "Commonwealth of Virginia")
        page.wait_for_function(f"location.search.includes('select={VIRGINIA}')")
        page.click("#btn-collapse")
        page.locator("#notice").get_by_text(f"took off the {len(added)} node").wait_for(
            state="attached"
        )
        page.wait_for_function("!location.search.includes('expand=')")
        assert drawing(page)[0] == before - {"king-county"}
        # Undo puts the expansion back, in the drawing and in the address
        page.click("#btn-undo")
        page.locator("#notice").get_by_text("Undone").wait_for()
        page.wait_for_function(f"location.search.includes('expand={VIRGINIA}')")
        assert drawing(page) == mine
        link = page.url
    finally:
        context.close()
    assert page.errors == []

    # the address copied into another window, a narrow one: the same drawing
    context, other = new_page(browser, 800)
    try:
        other.goto(link)
        other.wait_for_load_state("networkidle")
        other.wait_for_function(f"{CY}.nodes().length > 0")
        assert drawing(other) == mine
        assert "kept in the address" in other.locator("#view-message").inner_text()
        keep_picture(other, "views-unsaved-copied-800")
    finally:
        context.close()
    assert other.errors == []


def test_a_record_added_from_search_comes_back_after_a_reload(page, live_server):
    open_page(page, live_server, "/network?council=leicester-city-council")
    page.wait_for_function(f"{CY}.getElementById('city-of-chongqing').nonempty()")
    page.fill("#search-text", "Alex King")
    page.click("#btn-add")
    page.locator("#notice").get_by_text("Added Alex King").wait_for()
    page.wait_for_function("location.search.includes('added=alex-king')")
    mine = drawing(page)
    page.reload()
    page.wait_for_load_state("networkidle")
    page.wait_for_function(f"{CY}.getElementById('alex-king').nonempty()")
    assert drawing(page) == mine
    assert "added Alex King" in page.locator("#view-message").inner_text()


def test_a_saved_view_expanded_keeps_both_and_saving_it_empties_the_address(
    browser, scratch_server
):
    """Opened from its link, a saved view is expanded: a reload draws the view as saved with
    the expansion; saved under a new name, the expansion is the view's and leaves the address."""
    context, page = new_page(browser, 1440)
    try:
        open_page(page, scratch_server, "/network?view=Kent%27s%20strategic%20partners")
        page.wait_for_function(f"{CY}.getElementById('{VIRGINIA}').nonempty()")
        saved = drawing(page)[0]
        double_click(page, VIRGINIA)
        page.locator("#notice").get_by_text("neighbours of Commonwealth of Virginia").wait_for()
        page.wait_for_function(f"location.search.includes('expand={VIRGINIA}')")
        mine = drawing(page)
        assert mine[0] > saved
        page.reload()
        page.wait_for_load_state("networkidle")
        page.wait_for_function(f"{CY}.nodes().length > 0")
        assert drawing(page) == mine
        message = page.locator("#view-message").inner_text()
        assert "Drawn as saved" in message and "expanded Commonwealth of Virginia" in message
        page.evaluate("document.getElementById('saved-views').open = true")
        page.fill("#view-name", "Kent with Virginia grown")
        page.click("#btn-view-save")
        page.locator("#view-status").get_by_text("Saved 'Kent with Virginia grown'").wait_for()
        page.wait_for_function("location.search.includes('view=Kent+with')")
        assert "expand=" not in page.url
        page.reload()
        page.wait_for_load_state("networkidle")
        page.wait_for_function(f"{CY}.nodes().length > 0")
        assert drawing(page) == mine
        assert "kept in the address" not in page.locator("#view-message").inner_text()
    finally:
        context.close()
    assert page.errors == []
