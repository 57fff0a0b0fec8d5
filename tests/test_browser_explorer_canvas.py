"""Exploring in place on the Network page's canvas (issue 22: Kumu's, Bloom's and
Linkurious's): every label shown, expand and hide, box and Shift-click selection, a searched
record added to the drawing."""

from __future__ import annotations

import pytest
from browserkit import keep_picture
from explorerkit import CY, new_page, open_page, places

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900, warnings=True)]


@pytest.fixture(scope="session")
def register(scratch_register):
    return scratch_register


@pytest.fixture(scope="session")
def live_server(scratch_server):
    return scratch_server


def test_show_all_labels_names_every_node_and_is_in_the_address(page, live_server):
    """Kumu's "show all labels": off, a landing view leaves most nodes unnamed; on, every node
    is named, and the choice is in the address (so in a saved view)."""
    open_page(page, live_server, "/network")
    page.wait_for_function(f"{CY}.nodes().length > 50")
    named = f"{CY}.nodes().filter(n => n.style('label')).length"
    total = page.evaluate(f"{CY}.nodes().length")
    assert page.evaluate(named) < total
    page.get_by_text("Show all labels").click()
    page.wait_for_function(f"{named} === {CY}.nodes().length")
    page.wait_for_function("location.search.includes('labels=all')")
    keep_picture(page, "all-labels-1440")
    # the link opens with every node named
    open_page(page, live_server, "/network?labels=all&tier=strategic")
    page.wait_for_function(f"{CY}.nodes().length > 0 && {named} === {CY}.nodes().length")


def test_double_click_expands_a_node_in_place_and_hide_takes_it_off(page, live_server):
    """Kumu's and Bloom's expand: a node's neighbours join the drawing round it and nothing
    else moves; "Hide selected" takes a node and its links off."""
    open_page(page, live_server, "/network?council=leicester-city-council")
    page.wait_for_function(f"{CY}.getElementById('city-of-chongqing').nonempty()")
    before = places(page)
    assert "chongqing" not in before and "country-cn" not in before
    box = page.locator("#cy").bounding_box()
    at = page.evaluate(f"{CY}.getElementById('city-of-chongqing').renderedPosition()")
    page.mouse.dblclick(box["x"] + at["x"], box["y"] + at["y"])
    page.locator("#notice").get_by_text("Added 2 neighbours of City of Chongqing").wait_for()
    after = places(page)
    assert {"chongqing", "country-cn"} <= set(after)
    assert {n: after[n] for n in before} == before  # nothing drawn before has moved
    linked = page.evaluate(
        f"{CY}.getElementById('chongqing').edgesWith('#city-of-chongqing').length"
    )
    assert linked == 1
    page.wait_for_function("location.search.includes('select=city-of-chongqing')")
    page.click("#btn-hide")
    page.wait_for_function(f"{CY}.getElementById('city-of-chongqing').empty()")
    assert page.evaluate(f"{CY}.edges('[source = \"city-of-chongqing\"]').length") == 0


def shift_box(page, x0: float, y0: float, x1: float, y1: float) -> None:
    """Drag a box on the canvas with Shift held, from (x0, y0) to (x1, y1) in its pixels."""
    box = page.locator("#cy").bounding_box()
    page.keyboard.down("Shift")
    page.mouse.move(box["x"] + x0, box["y"] + y0)
    page.mouse.down()
    page.mouse.move(box["x"] + x1, box["y"] + y1, steps=10)
    page.mouse.up()
    page.keyboard.up("Shift")


@pytest.mark.parametrize("width", [1440, 800])
def test_a_box_or_shift_clicks_select_many_and_the_panel_acts_on_them(
    browser,
    live_server,
    width,
):
    """Shift-drag a box: the nodes in it are selected and a panel says how many and offers
    Hide, Expand and Focus on these; Shift-click adds one more; Focus keeps only them."""
    context, page = new_page(browser, width)
    try:
        open_page(page, live_server, "/network?council=leicester-city-council")
        page.wait_for_function(f"{CY}.nodes().length > 10")
        if width == 800:  # the controls fold above the graph
            page.evaluate("document.getElementById('net-controls').open = false")
        page.locator("#cy").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        bb = page.evaluate(f"{CY}.nodes().renderedBoundingBox()")
        shift_box(
            page, bb["x1"] - 5, bb["y1"] - 5, (bb["x1"] + bb["x2"]) / 2, (bb["y1"] + bb["y2"]) / 2
        )
        chosen = page.evaluate(f"{CY}.nodes(':selected').map(n => n.id())")
        assert len(chosen) >= 2
        inside = page.evaluate(
            f"""{CY}.nodes().filter(n => {{ const p = n.renderedPosition();
                return p.x > {bb["x1"]} && p.x < {(bb["x1"] + bb["x2"]) / 2} - 5
                    && p.y > {bb["y1"]} && p.y < {(bb["y1"] + bb["y2"]) / 2} - 5; }})
                .map(n => n.id())"""
        )
        assert set(inside) <= set(chosen)
        panel = page.locator("#multi-panel")
        panel.get_by_text(f"{len(chosen)} selected:").wait_for()
        for name in ("Hide these", "Expand these", "Focus on these"):
            assert panel.get_by_role("button", name=name).is_visible()
        # Shift-click a node outside the box: it joins the selection
        other = page.evaluate(
            f"{CY}.nodes().filter(n => !n.selected()).map(n => [n.id(), n.renderedPosition()])[0]"
        )
        box = page.locator("#cy").bounding_box()
        page.keyboard.down("Shift")
        page.mouse.click(box["x"] + other[1]["x"], box["y"] + other[1]["y"])
        page.keyboard.up("Shift")
        panel.get_by_text(f"{len(chosen) + 1} selected:").wait_for()
        # nothing fades while many are selected: each one stands out
        assert page.evaluate(f"{CY}.nodes('.faded').length") == 0
        keep_picture(page, f"box-selection-{width}")
        kept = sorted([*chosen, other[0]])
        panel.get_by_role("button", name="Focus on these").click()
        page.wait_for_function(f"{CY}.nodes().length === {len(kept)}")
        assert sorted(page.evaluate(f"{CY}.nodes().map(n => n.id())")) == kept
        assert "Showing only the" in page.locator("#notice").inner_text()
    finally:
        context.close()
    assert page.errors == []


def test_a_searched_record_is_added_to_the_drawing_without_refocusing(page, live_server):
    """ "Add to view": the record typed in Search joins the drawing with its links to what is
    drawn; nothing else moves, and the view keeps its filters (no focus)."""
    open_page(page, live_server, "/network?council=leicester-city-council")
    page.wait_for_function(f"{CY}.getElementById('city-of-chongqing').nonempty()")
    before = places(page)
    assert "chongqing" not in before
    page.fill("#search-text", "Chongqing (Place)")
    page.fill("#search-text", "Chongqing")
    page.click("#btn-add")
    page.locator("#notice").get_by_text("Added Chongqing").wait_for()
    after = places(page)
    assert set(after) - set(before) == {"chongqing"}
    assert {n: after[n] for n in before} == before
    linked = page.evaluate(f"{CY}.getElementById('chongqing').connectedEdges().length")
    assert linked >= 1 and f"with {linked} link" in page.locator("#notice").inner_text()
    assert "focus=" not in page.url


def test_a_filtered_view_is_fitted_in_the_window_as_it_is_drawn(page, live_server):
    """A filter changes what is drawn: the new view fills the window (a 30 px margin on the
    side that limits it) as soon as it is drawn: the page refits in the browser
    (assets/explorer.js) instead of dash-cytoscape's layout rerun 100 ms later."""
    open_page(page, live_server, "/network")
    page.wait_for_function(f"{CY}.nodes().length > 50")
    before = page.evaluate(f"{CY}.nodes().map(n => n.id()).sort().join()")
    page.click("#f-tier")
    page.get_by_role("option").first.click()
    page.wait_for_function(f"{CY}.nodes().map(n => n.id()).sort().join() !== {before!r}")
    margins = page.evaluate(
        f"""() => {{ const cy = {CY}; const b = cy.elements().renderedBoundingBox();
        return [b.x1, cy.width() - b.x2, b.y1, cy.height() - b.y2]; }}"""
    )
    left, right, top, bottom = margins
    assert min(margins) > 25, margins  # all of it in the window
    fits_across = abs(left - 30) < 2 and abs(right - 30) < 2
    fits_down = abs(top - 30) < 2 and abs(bottom - 30) < 2
    assert fits_across or fits_down, margins


def test_the_drawings_name_follows_it_without_touching_its_box(page, live_server):
    """The drawing is a picture named by its summary (assets/a11y.js) through a hidden span:
    a filter change renames it, and nothing is written on the drawing's own box, whose every
    attribute change makes Cytoscape resize and redraw the whole graph."""
    open_page(page, live_server, "/network")
    page.wait_for_function(f"{CY}.nodes().length > 50")
    page.wait_for_function("document.getElementById('cy-name').textContent.includes('nodes')")
    assert page.get_attribute("#cy", "role") == "img"
    assert page.get_attribute("#cy", "aria-labelledby") == "cy-name"
    named = page.inner_text("#cy-name")
    page.evaluate(
        """() => { window.__touched = [];
        new MutationObserver(ms => ms.forEach(m => window.__touched.push(m.attributeName)))
          .observe(document.getElementById('cy'), {attributes: true}); }"""
    )
    page.click("#f-tier")
    page.get_by_role("option").first.click()
    page.wait_for_function("t => document.getElementById('cy-name').textContent !== t", arg=named)
    assert page.text_content("#cy-name").startswith("Network drawing. The drawing shows")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__touched") == []
