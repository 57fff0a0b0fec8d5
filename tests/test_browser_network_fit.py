"""A small Network view (a focus with one neighbour) is not blown up past the canvas: at 1440
and 800 px every node and its name are inside the drawing (the fit's zoom is capped, 2x)."""

from __future__ import annotations

import pytest
from browserkit import keep_picture, open_page
from explorerkit import CY

pytestmark = pytest.mark.browser

#: each node's box with its name, in the canvas's pixels, and the canvas's size
BOXES = f"""(() => {{ const cy = {CY}, z = cy.zoom(), p = cy.pan();
    return {{zoom: z, width: cy.width(), height: cy.height(),
             boxes: cy.nodes().map(n => {{ const b = n.boundingBox({{includeLabels: true}});
                 return [n.id(), b.x1 * z + p.x, b.x2 * z + p.x, b.y1 * z + p.y, b.y2 * z + p.y];
             }})}}; }})()"""


@pytest.mark.parametrize("width", [1440, 800])
def test_a_focus_with_one_neighbour_keeps_both_names_on_the_canvas(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, live_server, "/network?focus=alex-king")
    page.wait_for_function(f"{CY}.nodes('.sel').length === 1 && {CY}.nodes().length === 2")
    page.wait_for_timeout(400)  # the selected node is centred after the fit
    drawn = page.evaluate(BOXES)
    for node, x1, x2, y1, y2 in drawn["boxes"]:
        assert 0 <= x1 and x2 <= drawn["width"], (node, x1, x2, drawn["width"])
        assert 0 <= y1 and y2 <= drawn["height"], (node, y1, y2, drawn["height"])
    assert drawn["zoom"] <= 2
    keep_picture(page, f"network-focus-one-neighbour-{width}")


@pytest.mark.parametrize("width", [1440, 800])
def test_every_name_in_a_saved_view_fits_on_the_canvas(page, scratch_server, width):
    """The bundled saved view "Kent's strategic partners" names every node (its 'Show all
    labels'): the long names at the drawing's edge ("Provincial State Office of Southern
    Finland", "Commonwealth of Virginia") are inside the canvas, not cut at its edge."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, scratch_server, "/network?view=Kent%27s%20strategic%20partners")
    page.wait_for_function(
        f"{CY}.nodes().length >= 20 && {CY}.nodes('.all-labels').length === {CY}.nodes().length"
    )
    page.wait_for_timeout(400)
    drawn = page.evaluate(BOXES)
    for node, x1, x2, y1, y2 in drawn["boxes"]:
        assert -1 <= x1 and x2 <= drawn["width"] + 1, (node, x1, x2, drawn["width"])
        assert -1 <= y1 and y2 <= drawn["height"] + 1, (node, y1, y2, drawn["height"])
    keep_picture(page, f"network-saved-view-all-labels-{width}")
