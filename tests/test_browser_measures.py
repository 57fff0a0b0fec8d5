"""The Network page sized by centrality and coloured by community, in a real browser."""

from __future__ import annotations

import pytest
from browserkit import open_page

pytestmark = pytest.mark.browser

CY = "document.getElementById('cy')._cyreg.cy"


def _wait_for(page, condition: str):
    """Wait until ``condition`` (JS using ``cy``) holds once the graph is drawn."""
    page.wait_for_function(
        "(() => { const e = document.getElementById('cy');"
        f" const cy = e && e._cyreg && e._cyreg.cy; return !!cy && ({condition}); }})()"
    )


def _wait_for_nodes(page):
    page.wait_for_selector("#cy canvas")
    _wait_for(page, "cy.nodes().length > 10")


def test_size_and_colour_by_the_measures(page, live_server):
    open_page(page, live_server, "/network")
    _wait_for_nodes(page)
    assert page.evaluate(f"{CY}.nodes('[?msize]').length") == 0
    plain = page.evaluate(f"[...new Set({CY}.nodes().map(n => n.width()))].length")

    # the measures are two of the styles by property (webapp.network_style)
    for box, choice in (
        ("#f-size-by", "betweenness centrality in the partnership network"),
        ("#f-colour-by", "community"),
    ):
        page.click(box)
        page.get_by_role("option", name=choice, exact=True).click()
    _wait_for(page, "cy.nodes('[?msize][?mcolour]').length > 10")
    widths = page.evaluate(f"{CY}.nodes('[?msize]').map(n => n.width())")
    assert len(set(widths)) > plain and max(widths) > 2 * min(widths)
    # the council at the centre of the partnership network is drawn largest
    biggest = page.evaluate(f"{CY}.nodes('[?msize]').max(n => n.width()).ele.data('label')")
    assert biggest == "Kent County Council"
    colours = page.evaluate(f"{CY}.nodes('[?mcolour]').map(n => n.style('background-color'))")
    assert len(set(colours)) >= 3
    legend = page.locator("#measure-legend").inner_text()
    assert "Node size: betweenness centrality" in legend and "exact" in legend
    assert "Colour: community" in legend and "1. Kent County Council" in legend
    # a country is not in the partnership network: never sized or coloured
    countries = page.evaluate(
        f"{CY}.nodes().filter(n => n.data('kind') === 'Country' && n.data('msize')).length"
    )
    assert countries == 0
    page.wait_for_function("location.search.includes('colour_by=community')")
    assert "size_by=betweenness" in page.url


def test_centrality_table_links_to_the_graph(page, live_server):
    open_page(page, live_server, "/query?q=centrality")
    page.get_by_role("button", name="Run").click()
    link = page.get_by_role("link", name="open in graph").first
    link.wait_for()
    href = link.get_attribute("href")
    assert href.startswith("/network?focus=kent-county-council")
    open_page(page, live_server, href)
    _wait_for_nodes(page)
    _wait_for(page, "cy.nodes('[?msize]').length > 0")
    assert page.evaluate(f"!!{CY}.getElementById('kent-county-council').data('msize')")
    assert "betweenness centrality" in page.locator("#f-size-by").inner_text()
