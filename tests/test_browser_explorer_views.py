"""Saved views and presentation (issue 22, Kumu's saved views and presentation mode): a view
saved, listed by 'partnergraph views', opened by its link by someone else, identical; the saved
views as slides."""

from __future__ import annotations

import pytest
from browserkit import keep_picture
from explorerkit import CY, drag, new_page, open_page, places
from serverkit import PASSWORDS, start_server, stop_server

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900, warnings=True)]


@pytest.fixture(scope="session")
def register(scratch_register):
    return scratch_register


@pytest.fixture(scope="session")
def live_server(scratch_server):
    return scratch_server


def test_a_saved_view_round_trips_to_another_person(browser, live_server, register):
    """Kumu's saved views: save (filters, selection, a dragged node's place), listed by
    'partnergraph views', opened by its link in another browser, identical."""
    import json

    from click.testing import CliRunner

    from partnergraph.cli import main

    context, page = new_page(browser, 1440)
    try:
        open_page(page, live_server, "/network?tier=strategic&select=kent-county-council")
        page.wait_for_function(f"{CY}.nodes('.sel').length === 1")
        moved = drag(page, "kent-county-council", 140, 90)
        mine = places(page)
        page.get_by_text("Saved views", exact=True).click()
        page.fill("#view-name", "Strategic links for the board")
        page.click("#btn-view-save")
        page.locator("#view-status").get_by_text("Saved 'Strategic links for the board'").wait_for()
        page.wait_for_function("location.search.includes('view=Strategic')")
    finally:
        context.close()
    assert page.errors == []

    listed = CliRunner().invoke(main, ["views", "--json", str(register)])
    (view,) = [v for v in json.loads(listed.output) if v["name"].startswith("Strategic links")]
    assert view["settings"]["tier"] == ["strategic"]
    assert view["settings"]["select"] == "kent-county-council"
    link = view["link"]

    for width in (1440, 800):  # someone else, on another window, opens the link
        context, other = new_page(browser, width)
        try:
            open_page(other, live_server, link)
            other.wait_for_function(f"{CY}.nodes('.sel').length === 1")
            assert other.evaluate(f"{CY}.nodes('.sel')[0].id()") == "kent-county-council"
            # every node where it was left (to the tenth of a pixel kept), the dragged one too
            theirs = places(other)
            assert theirs.keys() == mine.keys()
            assert all(abs(theirs[n][i] - mine[n][i]) <= 1 for n in mine for i in (0, 1))
            at = other.evaluate(f"{CY}.getElementById('kent-county-council').position()")
            assert abs(at["x"] - moved["x"]) < 1 and abs(at["y"] - moved["y"]) < 1
            assert "Showing 6 partnerships" in other.locator("#view-message").inner_text()
            keep_picture(other, f"saved-view-{width}")
        finally:
            context.close()
        assert other.errors == []


@pytest.mark.parametrize("width", [1440, 800])
def test_a_new_user_presents_the_bundled_views(browser, live_server, width):
    """A first-time user opening /present on the bundled register (served, as 'partnergraph
    serve' does, with its folder) sees curated slides, not an empty page: a title, notes that
    say where the facts come from, and a drawing whose every node is named."""
    from axekit import violations

    slide = "document.getElementById('p-cy')._cyreg.cy"
    context, page = new_page(browser, width)
    try:
        open_page(page, live_server, "/present")
        assert page.locator(".slide-title").inner_text() == "Kent's strategic partners"
        notes = page.locator(".slide-notes").inner_text()
        assert "KCC International Activities Annual Report 2006/7" in notes
        page.wait_for_function(f"{slide}.nodes().length > 0")
        named = page.evaluate(f"{slide}.nodes().map(n => [n.data('label'), n.style('label')])")
        assert len(named) == 20 and all(label == shown for label, shown in named)
        assert ["King County", "King County"] in named
        assert violations(page) == []
        keep_picture(page, f"present-bundled-{width}")
        page.keyboard.press("ArrowRight")
        page.wait_for_url("**/present?slide=2")
        # drawn in place (no page load): the title follows the address
        title = "Kent – Virginia and what hangs off it"
        page.locator(".slide-title").get_by_text(title, exact=True).wait_for()
    finally:
        context.close()
    assert page.errors == []


def test_saved_views_are_slides_with_notes_and_arrow_keys(browser, live_server):
    """Presentation mode: the saved views as slides, with their notes; the arrow keys move;
    every slide prints on a page of its own."""
    context, page = new_page(browser, 1440)
    try:
        for name, query, notes in (
            ("Board 1: strategic links", "tier=strategic", "Six strategic links."),
            (
                "Board 2: Leicester's twins",
                "council=leicester-city-council&size_by=links&colour_by=tier",
                "Five twins.",
            ),
        ):
            open_page(page, live_server, f"/network?{query}")
            page.wait_for_function(f"{CY}.nodes().length > 0")
            page.get_by_text("Saved views", exact=True).click()
            page.fill("#view-name", name)
            page.fill("#view-notes", notes)
            page.click("#btn-view-save")
            page.locator("#view-status").get_by_text(f"Saved '{name}'").wait_for()
        open_page(page, live_server, "/present")
        titles = page.locator(".slide-title").all_inner_texts()
        assert len(titles) == 1
        first = titles[0]
        page.keyboard.press("ArrowRight")
        page.wait_for_url("**/present?slide=2")
        page.locator(".slide-count").get_by_text("2 /").wait_for()  # drawn in place
        assert page.locator(".slide-title").inner_text() != first
        page.keyboard.press("ArrowLeft")
        page.wait_for_url("**/present?slide=1")
        # find the two boards' slides and their notes among every slide
        open_page(page, live_server, "/present?all=yes")
        slides = page.locator(".slide")
        texts = slides.all_inner_texts()
        board = [t for t in texts if "Board 2: Leicester's twins" in t]
        assert board and "Five twins." in board[0]
        # a styled view's slide says what its sizes and colours mean
        assert "Node size: links in the register" in board[0] and "twinning: " in board[0]
        page.wait_for_function("document.querySelectorAll('.slide canvas').length > 0")
        breaks = page.evaluate(
            "getComputedStyle(document.querySelector('.slide')).breakAfter"
        )  # the screen's style; printing adds the page break (explorer.css @media print)
        assert breaks is not None
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('.slide')).breakAfter") in (
            "page",
            "always",
        )
        page.emulate_media(media="screen")
        keep_picture(page, "present-all-1440")
    finally:
        context.close()
    assert page.errors == []


@pytest.fixture(scope="module")
def signed_in_server(register, users_file):
    """``partnergraph serve`` on the scratch register with sign-in (serverkit's users: ed
    edits, vera views)."""
    proc, base = start_server(
        ["--users-file", str(users_file), "--insecure-cookies"], register=register
    )
    yield base
    stop_server(proc)


def signed_in(browser, base: str, name: str, width: int):
    """A new window signed in as ``name``."""
    context, pg = new_page(browser, width)
    pg.goto(base + "/network")
    pg.fill("input[name=username]", name)
    pg.fill("input[name=password]", PASSWORDS[name])
    pg.click("button[type=submit]")
    pg.wait_for_url(base + "/network")
    return context, pg


def drawn(pg) -> dict:
    """Each node's place (to the pixel), its style (size, colour, missing marks, shape) and the
    key under the graph."""
    nodes = pg.evaluate(
        f"""Object.fromEntries({CY}.nodes().map(n => [n.id(), [Math.round(n.position().x),
            Math.round(n.position().y), ['msize', 'size_unknown', 'mcolour', 'colour_unknown']
            .map(k => n.data(k) || '').join(' '), n.style('shape')]]))"""
    )
    return {"nodes": nodes, "key": pg.locator("#measure-legend").inner_text()}


def test_a_view_explored_in_place_round_trips_to_a_viewer(browser, signed_in_server):
    """An editor explores in place (a record added from Search, a node expanded, a node hidden,
    one dragged) on a styled view and saves it; a viewer, in another window, opens its link and
    sees that drawing: node for node, place for place, style for style, the same key."""
    base = signed_in_server
    context, page = signed_in(browser, base, "ed", 1440)
    try:
        page.goto(base + "/network?council=leicester-city-council&size_by=links&colour_by=tier")
        page.wait_for_load_state("networkidle")
        page.wait_for_function(f"{CY}.getElementById('city-of-chongqing').nonempty()")
        page.fill("#search-text", "Alex King")
        page.click("#btn-add")
        page.locator("#notice").get_by_text("Added Alex King").wait_for()
        page.wait_for_timeout(300)  # the drawing takes the new node
        box = page.locator("#cy").bounding_box()
        at = page.evaluate(f"{CY}.getElementById('city-of-chongqing').renderedPosition()")
        page.mouse.dblclick(box["x"] + at["x"], box["y"] + at["y"])
        page.locator("#notice").get_by_text("neighbours of City of Chongqing").wait_for()
        hidden = page.evaluate(f"{CY}.nodes('.Agreement')[0].id()")
        page.evaluate(f"{CY}.getElementById('{hidden}').emit('tap')")
        page.wait_for_function(f"location.search.includes('select={hidden}')")
        page.click("#btn-hide")
        page.wait_for_function(f"{CY}.getElementById('{hidden}').empty()")
        drag(page, "alex-king", 60, 40)
        page.wait_for_timeout(300)
        mine = drawn(page)
        assert {"alex-king", "chongqing", "country-cn"} <= set(mine["nodes"])
        assert hidden not in mine["nodes"]
        page.get_by_text("Saved views", exact=True).click()
        page.fill("#view-name", "Leicester explored")
        page.click("#btn-view-save")
        page.locator("#view-status").get_by_text("Saved 'Leicester explored'").wait_for()
    finally:
        context.close()
    assert page.errors == []

    context, other = signed_in(browser, base, "vera", 800)
    try:
        other.goto(base + "/network?view=Leicester%20explored")
        other.wait_for_load_state("networkidle")
        other.wait_for_selector("#cy canvas")
        other.wait_for_function(f"{CY}.getElementById('alex-king').nonempty()")
        theirs = drawn(other)
        assert theirs["nodes"].keys() == mine["nodes"].keys()
        for n, (x, y, style, shape) in mine["nodes"].items():
            tx, ty, tstyle, tshape = theirs["nodes"][n]
            assert abs(tx - x) <= 1 and abs(ty - y) <= 1, n
            assert (tstyle, tshape) == (style, shape), n
        assert theirs["key"] == mine["key"] and "Node size: links in the register" in mine["key"]
        # the added records' links are drawn too; a viewer opens but may not save
        assert other.evaluate(f"{CY}.getElementById('chongqing').connectedEdges().length") >= 1
        keep_picture(other, "saved-view-explored-800")
        other.get_by_text("Filters, search, path and exports").click()  # folded at 800 px
        # (a view opened by its link opens its "Saved views" panel)
        assert other.get_by_text("Saving views needs the editor role").is_visible()
    finally:
        context.close()
    assert other.errors == []
