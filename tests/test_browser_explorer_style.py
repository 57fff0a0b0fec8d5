"""Style by property on the Network page (issue 22, Kumu's decorate): nodes sized and coloured
by a property, a key saying what sizes and colours mean, missing drawn as missing; the style is
in the address, so in a saved view and a shared link."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from browserkit import keep_picture
from explorerkit import CY, SVG, download, open_page

from webapp.network_style import MIN_SIZE

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900, warnings=True)]


@pytest.fixture(scope="session")
def register(scratch_register):
    return scratch_register


@pytest.fixture(scope="session")
def live_server(scratch_server):
    return scratch_server


def choose_style(page, box: str, option: str) -> None:
    page.click(f"#{box}")
    page.get_by_role("option", name=option, exact=True).click()


def test_size_by_cost_and_colour_by_tier_with_a_key_and_missing_shown_as_missing(
    page,
    live_server,
):
    open_page(page, live_server, "/network")
    page.wait_for_function(f"{CY}.nodes().length > 50")
    choose_style(page, "f-size-by", "annual cost")
    choose_style(page, "f-colour-by", "partnership tier (a partner: its closest)")
    page.wait_for_function(
        f"{CY}.nodes('[?msize]').length > 0 && {CY}.nodes('[?mcolour]').length > 0"
    )
    page.wait_for_function(
        "location.search.includes('size_by=cost') && location.search.includes('colour_by=tier')"
    )
    # a larger cost is drawn larger; a node with no cost recorded is the smallest, dashed
    sized = page.evaluate(f"{CY}.nodes('[?msize]').map(n => [n.data('by_cost'), n.width()])")
    assert len(sized) >= 3
    by_cost = sorted(sized)
    assert [w for _, w in by_cost] == sorted(w for _, w in by_cost) and by_cost[-1][1] > by_cost[0][
        1
    ]
    unknown = page.evaluate(
        f"{CY}.nodes('[?size_unknown]').map(n => [n.width(), n.style('border-style')])"
    )
    assert unknown and all(w == MIN_SIZE and s == "dashed" for w, s in unknown)
    assert min(w for _, w in sized) >= MIN_SIZE
    # a partnership coloured by its tier, as the tier's line is coloured
    strategic = page.evaluate(
        f"{CY}.getElementById('kent-commonwealth-of-virginia').style('background-color')"
    )
    assert strategic == "rgb(214,39,40)"  # TIER_STYLE's strategic red
    # a theme has no tier: white and outlined, not given a tier's colour
    theme = page.evaluate(
        f"{CY}.nodes('.Theme').filter(n => n.data('colour_unknown')"
        " && n.style('background-color') === 'rgb(255,255,255)').length"
    )
    assert theme > 0
    key = page.locator("#measure-legend").inner_text()
    lo, hi = min(c for c, _ in sized), max(c for c, _ in sized)
    assert f"Node size: annual cost, from the costs/benefits tables, £{lo:,.0f} – £{hi:,.0f}" in key
    assert "no cost recorded, drawn smallest with a dashed outline" in key
    assert "strategic: " in key and "no tier, drawn white with a dashed outline" in key
    # the hover says the value, or that it is missing
    fact = page.evaluate(f"{CY}.getElementById('european-affairs-group').data('sfact')")
    assert fact.startswith("£321,000 a year (2006/7)")
    keep_picture(page, "style-by-property-1440", full_page=True)
    # the exported picture's legend carries the key, and its filters line says the style
    _, data = download(page, "#btn-svg")
    Path("/tmp/partnergraph-shots/style-by-property.svg").write_bytes(data)
    texts = [(t.text or "").strip() for t in ET.fromstring(data).iter(f"{{{SVG}}}text")]
    assert any(t.startswith("Node size: annual cost") for t in texts), texts
    assert any(
        t.startswith("Unknown: 111 no cost recorded") or "no cost recorded" in t for t in texts
    )
    assert any(t.startswith("strategic: ") for t in texts)
    assert any("sized by annual cost" in t and "coloured by partnership tier" in t for t in texts)
    # the address carries the style: the link opens with it
    shared = page.url.replace(live_server, "")
    page.set_viewport_size({"width": 800, "height": 900})
    open_page(page, live_server, shared)
    page.wait_for_function(f"{CY}.nodes('[?msize]').length === {len(sized)}")
    assert "Node size: annual cost" in page.locator("#measure-legend").inner_text()
    keep_picture(page, "style-by-property-800", full_page=True)


def test_an_old_measures_link_opens_as_its_style(page, live_server):
    """The Query page's links of before (measure=size&measure=colour) still open sized by
    centrality and coloured by community, and the address then says so in the new words."""
    open_page(page, live_server, "/network?tier=strategic&measure=size&measure=colour")
    page.wait_for_function(f"{CY}.nodes('[?msize][?mcolour]').length > 5")
    key = page.locator("#measure-legend").inner_text()
    assert "Node size: betweenness centrality" in key and "Colour: community" in key
    assert "betweenness centrality" in page.locator("#f-size-by").inner_text()


def test_a_styled_node_still_shows_it_is_selected_and_disputed(page, live_server):
    """Colouring by a property fills the node; its rings stay: the selection's, and the dashed
    orange one where the papers disagree about it."""
    open_page(page, live_server, "/network?colour_by=tier&select=kent-commonwealth-of-virginia")
    page.wait_for_function(f"{CY}.nodes('[?mcolour]').length > 0")
    page.wait_for_function(f"{CY}.getElementById('kent-commonwealth-of-virginia').hasClass('sel')")
    ring = page.evaluate(
        f"(() => {{ const n = {CY}.getElementById('kent-commonwealth-of-virginia');"
        " return [n.data('mcolour') || null, n.style('border-width'), n.style('border-color')]; })()"
    )
    assert ring[0] and ring[1] == "5px" and ring[2] == "rgb(255,191,0)"
    disputed = page.evaluate(
        f"{CY}.nodes('.conflict').filter(n => n.data('mcolour') && !n.hasClass('sel'))"
        ".map(n => [n.style('border-style'), n.style('border-width')])"
    )
    assert disputed and all(s == "dashed" and w == "3px" for s, w in disputed)
