"""The Activity matrix in a year whose recorded work was all with domestic bodies (Kent, 2007),
as a person sees it at 1440 and 800 px: it says plainly there was no international activity,
and shows the bodies worked with, not every domestic body the partnerships name as an empty
column."""

from __future__ import annotations

import pytest
from axekit import violations
from browserkit import keep_picture, open_page

pytestmark = pytest.mark.browser

PLOT = "document.querySelector('#matrix .js-plotly-plot')"


@pytest.mark.parametrize("width", [1440, 800])
def test_a_domestic_year_says_no_international_activity(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, live_server, "/matrix?council=kent-county-council&year=2007")
    page.wait_for_function(f"{PLOT} && {PLOT}.data && {PLOT}.data.length")
    note = page.locator("#matrix-note")
    note.get_by_text("No international activity is recorded in 2007").wait_for()
    said = note.inner_text()
    assert "all with domestic bodies" in said
    # the columns are the bodies worked with, each with something counted
    columns = page.evaluate(f"{PLOT}.data[0].x")
    counts = page.evaluate(f"{PLOT}.data[0].z")
    assert 0 < len(columns) <= 5, columns
    assert all(any(row[j] for row in counts) for j in range(len(columns)))
    assert all(name in said for name in columns)
    # no body named without anything recorded: neither the domestic nor the international
    assert "Nothing recorded" not in said
    for quiet in ("Kent Police", "Province of Zeeland", "NHS"):
        assert quiet not in columns and quiet not in said
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert violations(page) == []
    keep_picture(page, f"matrix-2007-{width}", full_page=True)
