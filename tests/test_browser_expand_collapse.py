"""Expand and collapse in place, as a Kumu or Bloom user does: what expanding a node added
(and what expanding those added in turn) comes off again with "Collapse selected", nothing
else moving, the drawing-as-table following."""

from __future__ import annotations

import pytest
from browserkit import keep_picture, search_and_pick
from explorerkit import CY, open_page, places

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900, warnings=True)]


@pytest.fixture(scope="session")
def live_server(scratch_server):
    return scratch_server


def double_click(page, node: str) -> None:
    box = page.locator("#cy").bounding_box()
    at = page.evaluate(f"{CY}.getElementById('{node}').renderedPosition()")
    page.mouse.dblclick(box["x"] + at["x"], box["y"] + at["y"])


def select(page, name: str, node: str) -> None:
    """Select a drawn node by its name in Search, as a person does when it is hard to hit."""
    search_and_pick(page, name, name)
    page.wait_for_function(f"location.search.includes('select={node}')")


def table_says(page, nodes: int) -> None:
    page.locator("#drawing-table").get_by_text(f"The drawing shows {nodes:,} nodes").wait_for(
        state="attached"
    )  # folded under its summary


def test_collapse_takes_off_exactly_what_expanding_added(page, live_server):
    open_page(page, live_server, "/network?tier=strategic")
    page.wait_for_function(f"{CY}.getElementById('commonwealth-of-virginia').nonempty()")
    before = places(page)
    edges = page.evaluate(f"{CY}.edges().length")
    double_click(page, "commonwealth-of-virginia")
    page.locator("#notice").get_by_text("neighbours of Commonwealth of Virginia").wait_for()
    first = set(places(page)) - set(before)
    assert first, "expanding added nothing"
    # one of the nodes added is expanded in turn: its additions hang off the first expansion
    for grown in sorted(first, key=lambda n: (n.startswith("country-"), n)):  # few first
        count = page.evaluate(f"{CY}.nodes().length")
        double_click(page, grown)
        page.wait_for_timeout(400)
        page.wait_for_load_state("networkidle")
        if page.evaluate(f"{CY}.nodes().length") > count:
            break
    second = set(places(page)) - set(before) - first
    assert second, "no node added by the first expansion had neighbours to add"
    # the first expansion's node selected again (by Search: a click could land on a node
    # drawn over it) and collapsed
    select(page, "Commonwealth of Virginia", "commonwealth-of-virginia")
    page.click("#btn-collapse")
    n = len(first | second)
    page.locator("#notice").get_by_text(f"took off the {n} nodes expanding it added").wait_for()
    assert places(page) == before  # exactly what was added is gone, nothing else moved
    assert page.evaluate(f"{CY}.edges().length") == edges
    table_says(page, len(before))
    keep_picture(page, "collapsed-1440")
    # nothing left to collapse: said so, the drawing unchanged
    page.click("#btn-collapse")
    page.locator("#notice").get_by_text("Nothing on the drawing was added by expanding").wait_for()
    assert places(page) == before


def test_with_a_chosen_layout_expanding_and_hiding_move_nothing_else(page, live_server):
    """Force-directed (or any layout but the arranged one) chosen: expanding a node used to
    run the layout over the whole drawing again, every node jumping elsewhere."""
    open_page(page, live_server, "/network?tier=strategic&layout=cose")
    page.wait_for_function(f"{CY}.getElementById('commonwealth-of-virginia').nonempty()")
    page.wait_for_timeout(500)  # the force-directed layout has run on the first drawing
    before = places(page)
    double_click(page, "commonwealth-of-virginia")
    page.locator("#notice").get_by_text("neighbours of Commonwealth of Virginia").wait_for()
    page.wait_for_timeout(300)
    after = places(page)
    assert set(after) > set(before)
    assert {n: after[n] for n in before} == before  # nothing drawn before has moved
    added = sorted(set(after) - set(before))
    page.click("#btn-collapse")
    page.locator("#notice").get_by_text(f"took off the {len(added)} node").wait_for()
    page.wait_for_timeout(300)
    assert places(page) == before
    keep_picture(page, "expand-collapse-cose-1440")


def test_a_saved_view_reopened_collapses_what_was_expanded_before_saving(browser, live_server):
    """What's expanded is part of a saved view: reopened by its link (here by someone else),
    Collapse on the expanded node takes off the nodes that expanding it added."""
    from explorerkit import new_page

    context, page = new_page(browser, 1440)
    try:
        open_page(page, live_server, "/network?tier=strategic")
        page.wait_for_function(f"{CY}.getElementById('commonwealth-of-virginia').nonempty()")
        before = set(places(page))
        double_click(page, "commonwealth-of-virginia")
        page.locator("#notice").get_by_text("neighbours of Commonwealth of Virginia").wait_for()
        added = set(places(page)) - before
        page.evaluate("document.getElementById('saved-views').open = true")
        page.fill("#view-name", "Virginia expanded")
        page.click("#btn-view-save")
        page.locator("#view-status").get_by_text("Saved 'Virginia expanded'").wait_for()
    finally:
        context.close()
    context, other = new_page(browser, 1440)
    try:
        open_page(other, live_server, "/network?view=Virginia%20expanded")
        other.wait_for_function(f"{CY}.nodes().length === {len(before | added)}")
        saved = places(other)
        box = other.locator("#cy").bounding_box()
        at = other.evaluate(f"{CY}.getElementById('commonwealth-of-virginia').renderedPosition()")
        other.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
        other.wait_for_function("location.search.includes('select=commonwealth-of-virginia')")
        other.click("#btn-collapse")
        n = len(added)
        other.locator("#notice").get_by_text(f"took off the {n} node").wait_for()
        assert places(other) == {k: v for k, v in saved.items() if k not in added}
        assert other.errors == []
    finally:
        context.close()


def test_undo_puts_back_a_node_hidden_by_mistake(page, live_server):
    """Hide the wrong node and press Undo: it is back where it was, with its links; there is
    nothing more to undo after that, and a filter change starts afresh."""
    open_page(page, live_server, "/network?tier=strategic")
    page.wait_for_function(f"{CY}.getElementById('commonwealth-of-virginia').nonempty()")
    before = places(page)
    edges = page.evaluate(f"{CY}.edges().length")
    select(page, "Commonwealth of Virginia", "commonwealth-of-virginia")
    page.click("#btn-hide")
    page.wait_for_function(f"{CY}.getElementById('commonwealth-of-virginia').empty()")
    # said where a screen reader hears it, as every other change to the drawing is
    page.locator("#notice").get_by_text("Hid Commonwealth of Virginia and its links").wait_for()
    page.click("#btn-undo")
    page.locator("#notice").get_by_text("Undone: the drawing is as it was").wait_for()
    page.wait_for_function(f"{CY}.getElementById('commonwealth-of-virginia').nonempty()")
    assert places(page) == before and page.evaluate(f"{CY}.edges().length") == edges
    table_says(page, len(before))
    page.click("#btn-undo")
    page.locator("#notice").get_by_text("Nothing to undo").wait_for()
    assert places(page) == before


def test_undo_puts_back_nodes_hidden_together(page, live_server):
    """Several nodes selected on the canvas and hidden at once ("Hide these") come back with
    one Undo, each where it was, as a single node's hide does."""
    open_page(page, live_server, "/network?tier=strategic")
    pair = ["commonwealth-of-virginia", "king-county"]
    page.wait_for_function(f"{pair!r}.every(i => {CY}.getElementById(i).nonempty())")
    before = places(page)
    edges = page.evaluate(f"{CY}.edges().length")
    page.evaluate(f"{CY}.$('#commonwealth-of-virginia, #king-county').select()")
    page.locator("#multi-panel").wait_for(state="visible")
    page.click("#btn-multi-hide")
    page.wait_for_function(f"{CY}.getElementById('king-county').empty()")
    page.click("#btn-undo")
    page.locator("#notice").get_by_text("Undone: the drawing is as it was").wait_for()
    page.wait_for_function(f"{CY}.getElementById('king-county').nonempty()")
    assert places(page) == before and page.evaluate(f"{CY}.edges().length") == edges
    table_says(page, len(before))
