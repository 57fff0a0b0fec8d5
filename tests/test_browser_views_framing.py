"""A saved view keeps its framing, as a Kumu or Bloom user expects: the zoom and pan the person
left it at come back when it is reopened (reloaded, opened by its link in another window,
shown as a slide), the same region in sight on a window of another size; a view saved before
framings were kept still opens fitted to the window; a framing the file cannot give is named
(file, view, field) and the view opens fitted, with no error in the browser."""

from __future__ import annotations

import json

import pytest
from browserkit import keep_picture
from explorerkit import CY, new_page, open_page

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900, warnings=True)]

NAME = "Virginia close up"
KENT = "Kent's strategic partners"  # a bundled view, saved before framings were kept


@pytest.fixture(scope="session")
def live_server(scratch_server):
    return scratch_server


@pytest.fixture(scope="session")
def register(scratch_register):
    return scratch_register


def sight(page, cy: str = CY) -> dict:
    """What the person sees of the graph: its zoom and pan, its size, the model point at its
    centre, and each node's place on the screen (pixels within the graph)."""
    return page.evaluate(
        f"""(() => {{ const cy = {cy}; const z = cy.zoom(), p = cy.pan();
            return {{zoom: z, pan: [p.x, p.y], size: [cy.width(), cy.height()],
                     centre: [(cy.width() / 2 - p.x) / z, (cy.height() / 2 - p.y) / z],
                     shown: Object.fromEntries(cy.nodes().map(n => [n.id(),
                        [n.renderedPosition().x, n.renderedPosition().y]]))}}; }})()"""
    )


def in_sight(seen: dict) -> set[str]:
    w, h = seen["size"]
    return {n for n, (x, y) in seen["shown"].items() if 0 <= x <= w and 0 <= y <= h}


def fitted(page, cy: str = CY) -> bool:
    """Whether the graph is fitted round its drawing (as Cytoscape's fit, padding 30, puts it)."""
    return page.evaluate(
        f"""(() => {{ const cy = {cy}; const z = cy.zoom(), p = cy.pan();
            cy.fit(undefined, 30); const same = Math.abs(cy.zoom() - z) < 1e-3
                && Math.abs(cy.pan().x - p.x) < 1 && Math.abs(cy.pan().y - p.y) < 1;
            cy.viewport({{zoom: z, pan: p}}); return same; }})()"""
    )


def zoom_and_pan(page) -> None:
    """Zoom in on Virginia with the mouse wheel, then drag the background a little."""
    box = page.locator("#cy").bounding_box()
    at = page.evaluate(f"{CY}.getElementById('commonwealth-of-virginia').renderedPosition()")
    page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
    for _ in range(3):
        page.mouse.wheel(0, -240)
        page.wait_for_timeout(150)
    x, y = box["x"] + 12, box["y"] + box["height"] - 12  # a corner: no node there
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 80, y - 50, steps=8)
    page.mouse.up()
    page.wait_for_timeout(200)


def test_a_saved_view_reopens_zoomed_and_panned_as_it_was_saved(browser, live_server):
    context, page = new_page(browser, 1440)
    try:
        open_page(page, live_server, "/network?tier=strategic")
        page.wait_for_function(f"{CY}.getElementById('commonwealth-of-virginia').nonempty()")
        page.wait_for_timeout(300)
        assert fitted(page)  # a fresh view is fitted to the window
        zoom_and_pan(page)
        saved = sight(page)
        # zoomed in: part of the drawing is out of sight now
        assert saved["zoom"] > 1.0 and in_sight(saved) < set(saved["shown"])
        page.get_by_text("Saved views", exact=True).click()
        page.fill("#view-name", NAME)
        page.click("#btn-view-save")
        page.locator("#view-status").get_by_text(f"Saved '{NAME}'").wait_for()
        page.wait_for_function("location.search.includes('view=Virginia')")
        # a reload in the same tab, then the link in another window: framed as saved
        page.reload()
        page.wait_for_load_state("networkidle")
        page.wait_for_function(f"{CY}.nodes().length > 0")
        page.wait_for_timeout(300)
        again = sight(page)
        keep_picture(page, "views-framing-reloaded-1440")
    finally:
        context.close()
    assert page.errors == []
    assert abs(again["zoom"] - saved["zoom"]) < 1e-3
    assert all(abs(again["pan"][i] - saved["pan"][i]) <= 1 for i in (0, 1))
    assert again["shown"].keys() == saved["shown"].keys()
    for n, (x, y) in saved["shown"].items():  # every node where the person saw it
        assert abs(again["shown"][n][0] - x) <= 1 and abs(again["shown"][n][1] - y) <= 1, n

    for width in (1440, 800):
        context, other = new_page(browser, width)
        try:
            open_page(other, live_server, "/network?view=" + NAME.replace(" ", "%20"))
            other.wait_for_function(f"{CY}.nodes().length > 0")
            other.wait_for_timeout(300)
            theirs = sight(other)
            keep_picture(other, f"views-framing-opened-{width}")
        finally:
            context.close()
        assert other.errors == []
        # the same region in sight, centred as it was, whatever the window's width
        assert all(abs(theirs["centre"][i] - saved["centre"][i]) <= 1 for i in (0, 1))
        assert in_sight(saved) <= in_sight(theirs)
        assert in_sight(theirs) < set(theirs["shown"])  # not a fresh fit of everything
        if theirs["size"] == saved["size"]:
            assert abs(theirs["zoom"] - saved["zoom"]) < 1e-3


def test_the_slide_shows_the_region_the_view_was_saved_with(browser, live_server, register):
    """(After the test above, which saves the view.)"""
    views = json.loads((register / "saved-views.json").read_text(encoding="utf-8"))["views"]
    (saved,) = [v for v in views if v["name"] == NAME]  # saved by the test above
    w, h = saved["canvas"]
    centre = [(w / 2 - saved["pan"][0]) / saved["zoom"], (h / 2 - saved["pan"][1]) / saved["zoom"]]
    for width in (1440, 800):
        context, page = new_page(browser, width)
        try:
            open_page(page, live_server, "/present?all=yes")
            titles = page.locator(".slide-title").all_inner_texts()
            slide = f"document.getElementById('p-cy-{titles.index(NAME) + 1}')._cyreg.cy"
            page.wait_for_function(f"{slide}.nodes().length > 0")
            page.wait_for_timeout(300)
            shown = sight(page, slide)
            page.locator(".slide").nth(titles.index(NAME)).scroll_into_view_if_needed()
            keep_picture(page, f"views-framing-slide-{width}")
            # the other slides (saved without a framing) are fitted to theirs, as before
            kent = f"document.getElementById('p-cy-{titles.index(KENT) + 1}')._cyreg.cy"
            assert fitted(page, kent)
        finally:
            context.close()
        assert page.errors == []
        assert all(abs(shown["centre"][i] - centre[i]) <= 1 for i in (0, 1))
        expected = saved["zoom"] * min(shown["size"][0] / w, shown["size"][1] / h)
        assert abs(shown["zoom"] - min(2.0, expected)) < 1e-2
        assert in_sight(shown) < set(shown["shown"])  # not a fresh fit of everything

    # one slide at a time: opened at it, and reached with the arrow key from the one before
    # (drawn into the same graph), the same region in sight
    slide = "document.getElementById('p-cy')._cyreg.cy"
    context, page = new_page(browser, 1440)
    try:
        number = titles.index(NAME) + 1
        open_page(page, live_server, f"/present?slide={number}")
        page.wait_for_function(f"{slide}.nodes().length > 0")
        opened = sight(page, slide)
        open_page(page, live_server, f"/present?slide={number - 1}")
        page.wait_for_function(f"{slide}.nodes().length > 0")
        page.keyboard.press("ArrowRight")
        page.locator(".slide-title").get_by_text(NAME, exact=True).wait_for()
        page.wait_for_timeout(300)
        stepped = sight(page, slide)
    finally:
        context.close()
    assert page.errors == []
    for seen in (opened, stepped):
        assert all(abs(seen["centre"][i] - centre[i]) <= 1 for i in (0, 1))
        assert in_sight(seen) < set(seen["shown"])


def test_a_view_saved_without_a_framing_opens_fitted(page, live_server):
    open_page(page, live_server, "/network?view=Kent%27s%20strategic%20partners")
    page.wait_for_function(f"{CY}.nodes().length > 0")
    page.wait_for_timeout(300)
    assert fitted(page)
    assert "field" not in page.locator("#view-message").inner_text()


def test_a_framing_the_file_cannot_give_is_named_and_the_view_opens_fitted(
    browser, writable_server, writable_register
):
    path = writable_register / "saved-views.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    kent = next(v for v in data["views"] if v["name"] == KENT)
    data["views"].append({**kent, "name": "Zoomed badly", "zoom": "huge", "pan": [10, "up"]})
    path.write_text(json.dumps(data), encoding="utf-8")
    context, page = new_page(browser, 1440)
    try:
        open_page(page, writable_server, "/network?view=Zoomed%20badly")
        page.wait_for_function(f"{CY}.nodes().length > 0")
        page.wait_for_timeout(300)
        said = page.locator("#view-message").inner_text()
        assert "saved-views.json, view 'Zoomed badly', field 'zoom': 'huge' is not a number" in said
        assert "field 'pan'" in said and "opens fitted to the window" in said
        assert fitted(page)
        keep_picture(page, "views-framing-bad-1440")
        open_page(page, writable_server, "/present?all=yes")
        foot = page.locator(".slide", has_text="Zoomed badly").locator(".slide-foot")
        assert "field 'zoom'" in foot.inner_text()
    finally:
        context.close()
    assert page.errors == []
