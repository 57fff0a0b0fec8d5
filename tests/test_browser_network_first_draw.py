"""The Network page as it first appears (issue 25): the graph is drawn first, the controls and
the legend just after it, each once and with the settings the address gave, and the page
sends no more callbacks as it starts than it did when everything was mounted at once."""

from __future__ import annotations

import json

import pytest
from browserkit import keep_picture
from explorerkit import CY

pytestmark = pytest.mark.browser

#: in the page before its own scripts: when the graph first holds nodes and when the tier
#: filter and the legend first exist, and how often the tier filter was mounted
WATCH = """
(() => {
  window.__seen = {mounts: 0};
  let tier = null;
  new MutationObserver(() => {
    const s = window.__seen, now = performance.now();
    const el = document.getElementById('cy');
    if (!s.nodes && el && el._cyreg && el._cyreg.cy && el._cyreg.cy.nodes().length) s.nodes = now;
    const t = document.getElementById('f-tier');
    if (t && t !== tier) { tier = t; s.mounts += 1; s.tier = s.tier || now; }
    if (!s.legend && document.querySelector('.legend')) s.legend = now;
  }).observe(document, {childList: true, subtree: true});
})();
"""


@pytest.mark.parametrize("width", [1440, 800])
def test_the_graph_comes_first_and_the_controls_follow_as_the_address_set_them(
    page, live_server, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.add_init_script(WATCH)
    sent: list[dict] = []
    page.on(
        "request",
        lambda r: (
            sent.append(json.loads(r.post_data or "{}"))
            if "_dash-update-component" in r.url
            else None
        ),
    )
    page.goto(live_server + "/network?tier=strategic&hops=2")
    page.wait_for_function(f"{CY}.nodes().length > 0")
    page.wait_for_selector("#f-tier", state="attached")
    page.wait_for_selector(".legend", state="attached")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    seen = page.evaluate("window.__seen")
    # the graph held its nodes before any control or the legend was mounted (not in the same
    # task: mounted with the page, the legend is seen in the same instant as the nodes)
    assert seen["nodes"] < seen["tier"] and seen["nodes"] < seen["legend"], seen
    assert seen["mounts"] == 1, seen  # mounted once, not replaced
    # the controls show the address's settings, and the graph is the filtered view
    if width > 900:
        assert "strategic" in page.inner_text("#f-tier")
    assert page.input_value("#hops") == "2"
    assert "strategic" in page.inner_text("#view-message").lower() or page.evaluate(
        f"{CY}.edges().every(e => !e.data('tier') || e.data('tier') === 'strategic')"
    )
    # as the page starts, only the view's own first call and the export names are asked for,
    # each as a start-up call: no callback fires because a control appeared after the graph
    assert len(sent) <= 2, [body.get("output") for body in sent]
    assert all(not body.get("changedPropIds") for body in sent), sent
    keep_picture(page, f"network-first-draw-settled-{width}")
