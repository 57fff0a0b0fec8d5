"""Evaluate's chart of score ranges in a 320 px window (WCAG 1.4.10 reflow, issue 27): every word
it draws (the criteria's names, each bar's range, the key and the axis's explanation) is inside
the chart and the window, none cut; the whole words are one hover away and in the table."""

from __future__ import annotations

import pytest
from axekit import violations
from browserkit import keep_picture, open_page

pytestmark = [pytest.mark.browser, pytest.mark.page(width=320, height=900)]

THREE = "/evaluate?cand=region-of-kosice&cand=commonwealth-of-virginia&cand=province-of-lovech"

#: every text the chart draws, with its box in the window and the chart's own box
WORDS = """() => {
    const chart = document.querySelector('#e-radar .main-svg').getBoundingClientRect();
    const sel = '#e-radar .bartext, #e-radar .ytick text, #e-radar .g-xtitle text, '
              + '#e-radar .legendtext';
    return {chart: [chart.left, chart.right],
            words: [...document.querySelectorAll(sel)].map(t => {
                const r = t.getBoundingClientRect();
                return {text: t.textContent, left: r.left, right: r.right, height: r.height,
                        size: parseFloat(getComputedStyle(t).fontSize)};
            })};
}"""


@pytest.mark.parametrize("width", [320, 1440])
def test_every_word_of_the_chart_is_whole_in_a_narrow_window(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, live_server, THREE)
    page.wait_for_function("document.querySelectorAll('#e-radar .bartext').length === 18")
    page.locator("#e-radar").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    drawn = page.evaluate(WORDS)
    left, right = drawn["chart"]
    texts = [w["text"] for w in drawn["words"]]
    for w in drawn["words"]:
        assert left - 0.5 <= w["left"] and w["right"] <= right + 0.5, (w, drawn["chart"])
        # drawn at a readable size (Plotly shrinks a label to fit inside a thin bar otherwise)
        assert w["right"] <= width and w["size"] >= 11 and w["height"] >= 11, w
    # the words a person reads: each criterion, the ranges in short, the key, the axis
    assert "not scored" in texts and any("–" in t for t in texts), texts
    assert {"Region of Košice", "Commonwealth of Virginia", "Province of Lovech"} <= set(texts)
    assert any("pale: what is still open" in t for t in texts)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # the whole words: in the hover over a bar, and in the table under the chart
    bar = page.locator("#e-radar .trace.bars").nth(1).locator(".point path").first
    box = bar.bounding_box()  # Plotly's drag layer lies over the bars: the pointer goes there
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
    page.locator("#e-radar .hovertext").first.wait_for()
    hover = page.locator("#e-radar .hovertext").first.text_content()
    assert "1 Similar place: " in hover and " to " in hover
    page.get_by_text("Score ranges by criterion: the data as a table").click()
    assert "not scored: 0 to" in page.locator("#e-radar-alt table").inner_text()
    page.mouse.move(0, 0)
    assert violations(page) == []
    page.locator("#e-radar").scroll_into_view_if_needed()
    keep_picture(page, f"evaluate-chart-{width}")
