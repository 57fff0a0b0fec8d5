"""The Network drawing's table (its text alternative) in Chromium: it follows the drawing the
server sent, not dash-cytoscape's copy of it written back to Dash after each change."""

from __future__ import annotations

import pytest
from browserkit import open_page
from explorerkit import CY

pytestmark = pytest.mark.browser


def test_the_drawings_table_opened_later_still_marks_the_path(page, live_server):
    """A shared path (Kent County Council to Commonwealth of Virginia), then a year stepped
    back: the drawing's table, opened once dash-cytoscape has written its copy of the changed
    drawing back to Dash (without classes), still says which relationships are on the path."""
    open_page(page, live_server, "/network?from=kent-county-council&to=commonwealth-of-virginia")
    page.wait_for_function(f"{CY}.edges('.onpath').length > 0")
    drawn = page.evaluate(f"{CY}.nodes().length")
    page.get_by_role("button", name="◀ Year").click()  # a change: nodes added and removed
    page.wait_for_function(f"{CY}.nodes().length !== {drawn}")
    on_path = page.evaluate(f"{CY}.edges('.onpath').length")
    page.wait_for_timeout(600)  # dash-cytoscape writes the elements back 100 ms after a change
    page.locator("#drawing-alt > summary").click()
    edges = page.locator("#drawing-table table").nth(1)
    edges.wait_for()
    marked = edges.locator("tbody tr", has=page.locator("td:last-child", has_text="yes"))
    assert marked.count() == on_path > 0
