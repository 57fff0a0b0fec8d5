"""An officer's journeys through the explorer (issue 10), in Debian's Chromium: each does what
a person would and asserts what they see or get."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import networkx as nx
import pytest
from browserkit import open_page, search_and_pick

from webapp.exports import PRINT_PX

pytestmark = pytest.mark.browser

CY = "document.getElementById('cy')._cyreg.cy"


def drawn(pg) -> dict:
    """The ids of the nodes and relationships Cytoscape draws now, and the labels it shows."""
    return pg.evaluate(f"""(() => {{ const cy = {CY};
        return {{nodes: cy.nodes().map(n => n.id()), edges: cy.edges().map(e => e.id()),
                 labels: cy.nodes().filter(n => n.style('label')).map(n => n.style('label'))}};
    }})()""")


def download(pg, button: str) -> tuple[str, bytes]:
    with pg.expect_download() as info:
        pg.click(button)
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_exports_the_strategic_view_as_graphml_png_and_svg(page, live_server):
    open_page(page, live_server, "/network?tier=strategic")
    page.wait_for_selector("#cy canvas")
    page.wait_for_function(f"{CY}.nodes().length > 0")
    shown = drawn(page)

    name, data = download(page, "#btn-graphml")
    # each file named after the view
    stem = "partnergraph-network-all-home-councils-strategic-international-partnerships"
    assert name == f"{stem}.graphml"
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert sorted(g.nodes) == sorted(shown["nodes"])
    assert sorted(k for *_, k in g.edges(keys=True)) == sorted(shown["edges"])
    assert g.nodes["kent-commonwealth-of-virginia"]["tier"] == "strategic"
    assert "kent-region-of-kosice" not in g  # exploring: filtered out, so not exported

    name, data = download(page, "#btn-png")
    assert name == f"{stem}.png" and data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert max(width, height) == PRINT_PX and min(width, height) > 1000
    # marked 300 dpi (11811 pixels a metre), so it prints at A4 size
    at = data.index(b"pHYs")
    assert struct.unpack(">IIB", data[at + 4 : at + 13]) == (11811, 11811, 1)
    assert zlib.crc32(data[at : at + 13]) == struct.unpack(">I", data[at + 13 : at + 17])[0]

    name, data = download(page, "#btn-svg")
    assert name == f"{stem}.svg"
    svg = ET.fromstring(data)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox")
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert "Kent County Council" in texts
    # every label on screen is text in the file (a long one cut short with "…", as on screen)
    cores = {t.rstrip("…").strip() for t in texts if t}
    for label in shown["labels"]:
        assert any(len(core) > 3 and core in label for core in cores), label
    paths = list(svg.iter("{http://www.w3.org/2000/svg}path"))
    assert len(paths) >= len(shown["edges"])  # the relationships are drawn as vector paths
    assert page.locator("#export-status").inner_text() == ""


def settled(pg) -> None:
    """Wait until the drawing holds still: node positions unchanged over three polls."""
    pg.wait_for_function(
        f"""() => {{
        const now = JSON.stringify({CY}.nodes().map(n => n.renderedPosition()));
        window.__still = (window.__last === now) ? (window.__still || 0) + 1 : 0;
        window.__last = now;
        return window.__still >= 3;
    }}""",
        polling=200,
    )


def pick(pg, dropdown: str, option: str) -> None:
    """Open a dropdown and click one of its options, as a person would."""
    pg.click(dropdown)
    pg.get_by_role("option", name=option, exact=True).click()
    pg.keyboard.press("Escape")


def test_an_officer_lists_leicesters_five_twin_cities(page, live_server):
    open_page(page, live_server, "/network")
    page.wait_for_selector("#cy canvas")
    pick(page, "#f-council-list", "Leicester City Council")
    pick(page, "#f-tier", "twinning")
    page.wait_for_function(
        "document.getElementById('view-message').innerText.includes('Showing 5 partnerships')"
    )
    twins = {"City of Chongqing", "City of Krefeld", "City of Masaya", "City of Rajkot",
             "City of Strasbourg"}  # fmt: skip
    # the partners drawn: the far ends of each partnership's "with partner" link
    partners = page.evaluate(f"""{CY}.edges('.WITH_PARTNER').connectedNodes('.Organisation')
        .map(n => n.data('label'))""")
    assert set(partners) == twins
    # the pointer on one of them says what it is
    settled(page)
    at = page.evaluate(f"""(() => {{ const p = {CY}.getElementById('city-of-krefeld')
        .renderedPosition(); return [p.x, p.y]; }})()""")
    box = page.locator("#cy").bounding_box()
    page.mouse.move(box["x"] + at[0], box["y"] + at[1])
    page.wait_for_function("document.getElementById('cy-tip').innerText.includes('Krefeld')")
    # the council's card lists the same five links
    search_and_pick(page, "Leicester City", "Leicester City Council (Organisation)")
    page.wait_for_function(
        "document.querySelector('#details h2').innerText === 'Leicester City Council'"
    )
    card = page.locator("#details").inner_text()
    for city in ("Chongqing", "Krefeld", "Masaya", "Rajkot", "Strasbourg"):
        assert f"Leicester – {city}" in card


def test_filters_to_strategic_links_and_shares_the_url(page, browser, live_server):
    open_page(page, live_server, "/network")
    page.wait_for_selector("#cy canvas")
    pick(page, "#f-tier", "strategic")
    page.wait_for_function("location.search.includes('tier=strategic')")
    page.wait_for_function(
        "document.getElementById('view-message').innerText.includes('Showing 6 partnerships')"
    )
    links = sorted(page.evaluate(f"{CY}.nodes('.Partnership').map(n => n.data('label'))"))
    assert "Kent – Virginia" in links and "Kent – Košice" not in links
    assert "Leicester – Krefeld" not in links  # twinning, not strategic
    shown = sorted(drawn(page)["nodes"])
    url = page.url

    # a colleague opens the shared address in a browser of their own
    other = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        pg = other.new_page()
        pg.goto(url)
        pg.wait_for_load_state("networkidle")
        pg.wait_for_selector("#cy canvas")
        assert "Showing 6 partnerships" in pg.locator("#view-message").inner_text()
        assert "strategic" in pg.locator("#f-tier").inner_text()  # the filter shows as chosen
        assert sorted(drawn(pg)["nodes"]) == shown
    finally:
        other.close()


def test_on_a_narrow_window_the_graph_comes_first(browser, live_server):
    """At 800 x 900 the graph is in the first screen and the filters one click away; at
    1440 they stand open beside it."""
    ctx = browser.new_context(viewport={"width": 800, "height": 900})
    try:
        pg = ctx.new_page()
        pg.goto(live_server + "/network")
        pg.wait_for_load_state("networkidle")
        pg.wait_for_selector("#cy canvas")
        box = pg.locator("#cy").bounding_box()
        assert box["width"] > 700 and box["y"] + box["height"] <= 900  # wide and all in view
        assert not pg.locator("#f-tier").is_visible()
        pg.get_by_text("Filters, search, path and exports").click()
        pg.locator("#f-tier").wait_for(state="visible")
        pick(pg, "#f-tier", "exploring")
        pg.wait_for_function("location.search.includes('tier=exploring')")
        # the details card takes the whole width under the graph
        card = pg.locator("#details").bounding_box()
        assert card["width"] > 700 and card["y"] > box["y"] + box["height"]
        # a record chosen in the search box: focus and the window follow it to its card
        assert not pg.locator("#card-peek").is_visible()
        search_and_pick(pg, "Kent Virgina", "Kent – Virginia (Partnership)")
        pg.wait_for_function(
            "document.activeElement === document.querySelector('#details .card h2')"
            " && document.activeElement.innerText === 'Kent – Virginia'"
        )
        assert (
            pg.evaluate("document.querySelector('#details h2').getBoundingClientRect().top") < 900
        )
        assert not pg.locator("#card-peek").is_visible()
        # a node tapped in the graph keeps the graph in sight: a bar names the card and leads to it
        # (the filters folded again and the window at the top: the graph fills the first screen)
        pg.evaluate("window.scrollTo(0, 0)")
        pg.get_by_text("Filters, search, path and exports").click()
        pg.locator("#f-tier").wait_for(state="hidden")
        pg.wait_for_timeout(300)
        before = pg.evaluate("window.scrollY")
        cy = "document.getElementById('cy')._cyreg.cy"
        name, x, y = pg.evaluate(
            f"""() => {{ const box = document.getElementById('cy').getBoundingClientRect();
              const n = {cy}.nodes().filter(n => n.data('label') &&
                n.data('label') !== 'Kent – Virginia' && n.data('kind') !== 'Group'
                && n.renderedPosition().x > 20
                && n.renderedPosition().y > 20 && n.renderedPosition().x < {cy}.width() - 20
                && n.renderedPosition().y < {cy}.height() - 20
                && box.y + n.renderedPosition().y > 20
                && box.y + n.renderedPosition().y < window.innerHeight - 80)[0];
              return [n.data('label'), box.x + n.renderedPosition().x,
                      box.y + n.renderedPosition().y]; }}"""
        )
        pg.mouse.click(x, y)
        bar = pg.locator("#card-peek")
        bar.wait_for(state="visible")
        assert bar.inner_text().startswith("Details: ")
        assert pg.evaluate("window.scrollY") == before  # the graph is still in sight
        heading = bar.inner_text().removeprefix("Details: ").rstrip(" \u2193")
        bar.click()
        pg.wait_for_function(  # the card's heading in the window (as far as the page scrolls)
            "(t => t >= 0 && t < innerHeight - 60)"
            "(document.querySelector('#details h2').getBoundingClientRect().top)"
        )
        assert pg.evaluate("window.scrollY") > before
        assert not bar.is_visible()
        assert pg.get_by_role("heading", name=heading).is_visible(), name
    finally:
        ctx.close()
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        pg = ctx.new_page()
        pg.goto(live_server + "/network")
        pg.wait_for_load_state("networkidle")
        pg.locator("#f-tier").wait_for(state="visible")  # no click needed
        assert not pg.get_by_text("Filters, search, path and exports").is_visible()
        graph, controls = pg.locator("#cy").bounding_box(), pg.locator(".controls").bounding_box()
        assert controls["x"] + controls["width"] <= graph["x"]  # side by side
    finally:
        ctx.close()


def test_no_page_scrolls_sideways_at_800_px(browser, live_server):
    """Every page fits an 800 px window: wide tables scroll inside their own box."""
    from webapp.pages import pages

    ctx = browser.new_context(viewport={"width": 800, "height": 900})
    try:
        pg = ctx.new_page()
        for module in pages():
            pg.goto(live_server + module.PATH)
            pg.wait_for_load_state("networkidle")
            assert pg.locator("#page").inner_text().strip(), module.PATH  # something is shown
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 800, (module.PATH, width)
    finally:
        ctx.close()


def test_a_card_opened_on_another_page_is_marked_and_kept_in_the_address(
    page, browser, live_server
):
    """A card opened from the Query page stays open on the Network page: the drawing marks
    its record and the address names it, so a colleague given the address sees the same."""
    open_page(page, live_server, "/query?q=partners&p_council=kent-county-council&run=yes")
    row = page.locator("#q-table .ag-row", has_text="Commonwealth of Virginia").first
    row.locator("[col-id=partner_name]").click()
    page.locator("#record-card h2", has_text="Kent – Virginia").wait_for()
    page.get_by_role("link", name="Network").first.click()
    page.wait_for_function("location.pathname === '/network'")
    page.wait_for_function("location.search.includes('select=kent-commonwealth-of-virginia')")
    marked = f"{CY}.nodes('.sel').map(n => n.id()).join()"
    page.wait_for_function(f"document.getElementById('cy') && {marked} !== ''")
    assert page.evaluate(marked) == "kent-commonwealth-of-virginia"
    assert page.locator("#record-card h2").inner_text() == "Kent – Virginia"

    other = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        pg = other.new_page()
        pg.goto(page.url)
        pg.locator("#record-card h2", has_text="Kent – Virginia").wait_for()
        pg.wait_for_function(f"document.getElementById('cy') && {marked} !== ''")
        assert pg.evaluate(marked) == "kent-commonwealth-of-virginia"
    finally:
        other.close()


@pytest.mark.parametrize("path", ["/costs", "/matrix", "/map"])
def test_no_chart_offers_to_send_its_figures_to_a_plotly_server(page, live_server, path):
    """A chart's toolbar downloads a picture, zooms and pans; it offers no "Share chart..."
    (plotly's button to send the figure to a plotly server)."""
    open_page(page, live_server, path)
    page.wait_for_selector(".modebar-btn", state="attached")
    titles = page.evaluate(
        "Array.from(document.querySelectorAll('.modebar-btn'))"
        ".map(b => b.getAttribute('data-title'))"
    )
    assert "Download plot as a PNG" in titles
    assert not [t for t in titles if "Share" in t or "Chart Studio" in t]
