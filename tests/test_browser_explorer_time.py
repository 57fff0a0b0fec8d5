"""Time on the Network page (issue 22, Kumu's time slider): step or play the years."""

from __future__ import annotations

import pytest
from explorerkit import CY, open_page

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900, warnings=True)]


@pytest.fixture(scope="session")
def register(scratch_register):
    return scratch_register


@pytest.fixture(scope="session")
def live_server(scratch_server):
    return scratch_server


def test_the_years_step_and_play_and_the_view_follows(page, live_server):
    """Kumu's time slider: a step shows the first year, the next step one more; Play steps on
    by itself; the address and the view follow."""
    open_page(page, live_server, "/network")
    page.wait_for_function(f"{CY}.nodes().length > 0")
    everything = page.evaluate(f"{CY}.nodes().length")
    page.click("#btn-year-next")
    page.wait_for_function("location.search.includes('years=2002&years=2002')")
    assert "Up to 2002" in page.locator("#year-at").inner_text()
    page.wait_for_function(f"{CY}.nodes().length < {everything}")
    first = page.evaluate(f"{CY}.nodes().length")
    page.click("#btn-year-play")
    page.wait_for_function("location.search.includes('years=2002&years=2004')", timeout=60000)
    assert page.locator("#btn-year-play").inner_text() == "Pause"
    page.click("#btn-year-play")
    assert page.evaluate(f"{CY}.nodes().length") >= first
    page.click("#btn-year-back")
    page.locator("#year-at").get_by_text("Up to").wait_for()
