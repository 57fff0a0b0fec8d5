"""The Network explorer as a first-time user meets it (issue 22): each test does what a person
does in Chromium and asserts what they see. Saved views and slides, the canvas, the years and
style by property have modules of their own (test_browser_explorer_*.py)."""

from __future__ import annotations

import pytest
from browserkit import keep_picture
from explorerkit import (
    CY,
    SVG,
    choose,
    click_row,
    download,
    in_viewport,
    new_page,
    offered,
    open_page,
    overlaps,
)

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900, warnings=True)]


@pytest.fixture(scope="session")
def register(scratch_register):
    return scratch_register


@pytest.fixture(scope="session")
def live_server(scratch_server):
    return scratch_server


@pytest.fixture
def narrow(browser):
    context, pg = new_page(browser, 800)
    yield pg
    context.close()
    assert pg.errors == [], f"errors or warnings in the browser console: {pg.errors}"


def test_a_focus_view_opens_readable_with_the_focus_selected_and_its_card_open(page, live_server):
    """Defect 1: /network?focus=… from the Query page's centrality row."""
    open_page(page, live_server, "/network?focus=kent-county-council&measure=size&measure=colour")
    page.wait_for_function(f"{CY}.nodes('.sel').length === 1")
    assert page.evaluate(f"{CY}.nodes('.sel')[0].id()") == "kent-county-council"
    page.wait_for_function("document.querySelector('#details h2').innerText.length > 0")
    assert page.locator("#details h2").first.inner_text() == "Kent County Council"
    assert in_viewport(page, "#details h2")
    page.wait_for_function("location.search.includes('select=kent-county-council')")
    # every node has room of its own: no two of the ~200 closer than a node and its label
    closest = page.evaluate(f"""() => {{
        const ps = {CY}.nodes().map(n => n.position());
        let best = Infinity;
        for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++)
            best = Math.min(best, Math.hypot(ps[i].x - ps[j].x, ps[i].y - ps[j].y));
        return [ps.length, best]; }}""")
    assert closest[0] > 100 and closest[1] >= 35, closest
    # and the labels are drawn at a size a person reads (not 2-3 times the page's text)
    assert 0.5 <= page.evaluate(f"{CY}.zoom()") <= 1.6


def test_a_small_focus_view_labels_its_nodes(narrow, live_server):
    """Defect 1: a bridges row opens a view of a few nodes; each one is named."""
    open_page(narrow, live_server, "/network?focus=alex-king")
    narrow.wait_for_function(f"{CY}.nodes('.sel').length === 1")
    labelled = narrow.evaluate(
        f"{CY}.nodes().map(n => n.style('label')).filter(l => l && l.length > 0).length"
    )
    assert labelled == narrow.evaluate(f"{CY}.nodes().length")
    # on a narrow window the card is below the graph, and a bar says so
    narrow.wait_for_function("!document.getElementById('card-peek').hidden")
    assert "Alex King" in narrow.locator("#card-peek").inner_text()


def test_search_offers_every_record_sharing_a_name(page, live_server):
    """Defect 2: "Kent" is a place's name and the council's alias: both are offered, the
    council first; so in both ends of a path."""
    open_page(page, live_server, "/network")
    hits = offered(page, "search", "Kent")
    assert hits[0] == "Kent County Council (Organisation)"
    assert "Kent (Place)" in hits
    hits = offered(page, "search", "Virginia")
    assert "Commonwealth of Virginia (Organisation)" in hits and "Virginia (Place)" in hits
    assert offered(page, "path-a", "Kent")[0] == "Kent County Council (Organisation)"
    assert offered(page, "path-b", "Kent")[0] == "Kent County Council (Organisation)"


def test_choosing_from_search_selects_it_in_the_address(page, live_server):
    """Defect 9: the choice is shareable at once, without pressing Focus."""
    open_page(page, live_server, "/network")
    offered(page, "search", "Kent")
    page.locator("#search-hits [role=option]").first.click()
    page.wait_for_function("location.search.includes('select=kent-county-council')")
    page.wait_for_function("document.querySelector('#details h2').innerText.length > 0")
    assert page.locator("#details h2").first.inner_text() == "Kent County Council"
    # a record the view does not draw becomes the focus, and is still the selection
    offered(page, "search", "Alex King")
    page.locator("#search-hits [role=option]").first.click()
    page.wait_for_function("location.search.includes('focus=alex-king')")
    page.wait_for_function("location.search.includes('select=alex-king')")
    assert page.locator("#details h2").first.inner_text() == "Alex King"


@pytest.mark.parametrize("width", [1440, 800])
def test_a_row_clicked_far_down_a_long_page_opens_its_card_in_view(browser, live_server, width):
    """Defect 3: Conflicts row 13 and a Link health row: the card is in the window."""
    context, page = new_page(browser, width)
    try:
        open_page(page, live_server, "/conflicts")
        page.wait_for_selector("#c-grid .ag-row")
        click_row(page, "c-grid", 12)
        page.wait_for_function("location.search.includes('select=')")
        page.wait_for_function("!!document.querySelector('#details .card h2')")
        page.wait_for_timeout(400)
        assert in_viewport(page, "#details .card h2"), page.evaluate("window.scrollY")
        open_page(page, live_server, "/health")
        page.wait_for_selector("#health-table .ag-row")
        rows = page.locator("#health-table .ag-center-cols-container [role=row]").count()
        click_row(page, "health-table", rows - 1)
        page.wait_for_function("location.search.includes('select=')")
        page.wait_for_timeout(600)
        assert in_viewport(page, "#details .card h2")
    finally:
        context.close()
    assert page.errors == []


def test_the_year_report_and_the_matrix_open_on_years_with_work(page, live_server):
    """Defect 7: the report opens on a year it has something for, and says which years do;
    the matrix's 2007 shows the year's work rather than an empty grid."""
    open_page(page, live_server, "/report")
    message = page.locator("#r-message")
    message.get_by_text("Years with work recorded").wait_for()
    year = page.locator("#r-year").input_value()
    assert f"Kent County Council {year}: 0 activities, 0 events" not in message.inner_text()
    assert "3 events" in message.inner_text() and year == "2007"
    frame = page.frame_locator("#r-frame")
    assert "3 events" in frame.locator("p.counts").inner_text()

    open_page(page, live_server, "/matrix?council=kent-county-council&year=2007")
    page.wait_for_function("document.querySelector('#matrix .js-plotly-plot').data")
    counted = page.evaluate(
        "document.querySelector('#matrix .js-plotly-plot').data[0].z.flat()"
        ".reduce((a, b) => a + b, 0)"
    )
    assert counted > 0
    assert "all with domestic bodies" in page.locator("#matrix-note").inner_text()
    # the year list offers only years with something to show, and says which are domestic
    page.click("#x-year")
    page.wait_for_selector(".dash-dropdown-option")
    offered_years = page.locator(".dash-dropdown-option").all_inner_texts()
    assert "2007 (domestic bodies only)" in offered_years and "2003" in offered_years
    assert "2005" not in offered_years


@pytest.mark.parametrize("width", [1440, 800])
def test_recording_from_a_card_confirms_in_plain_words_where_the_person_looks(
    browser,
    live_server,
    width,
):
    """Defect 4: after "Record activity" the card says what was recorded, in words, in sight;
    no record id, no file path."""
    context, page = new_page(browser, width)
    try:
        open_page(page, live_server, "/network?select=kent-province-of-zeeland")
        page.locator("#record-card h2", has_text="Kent – Zeeland").wait_for()
        page.get_by_text("Record an activity with this link").click()
        name = f"Trade mission to Middelburg at {width} px"
        page.fill("#card-ac-name", name)
        page.locator("#card-ac-save").scroll_into_view_if_needed()
        page.click("#card-ac-save")
        done = page.locator("#card-rec-done")
        done.wait_for()
        page.wait_for_timeout(300)
        words = done.inner_text()
        assert f"Activity recorded for Kent – Zeeland: {name}" in words
        assert ".yaml" not in words and "activity-" not in words
        box = done.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= 900, box
        keep_picture(page, f"card-confirm-{width}")
    finally:
        context.close()
    assert page.errors == []


def test_the_shortest_path_is_the_clis_shared_by_its_link_and_named(page, live_server, register):
    """Defect 5: Kent → Chongqing on the web is what 'query shortest_path' answers; the path
    is in the address, and its nodes are named at a readable size."""
    import json

    from click.testing import CliRunner

    from partnergraph.cli import main

    open_page(page, live_server, "/network")
    choose(page, "path-a", "Kent", "Kent County Council (Organisation)")
    choose(page, "path-b", "Chongqing", "Chongqing (Place)")
    page.click("#btn-path")
    page.locator("#notice").get_by_text("Shortest path").wait_for()
    page.wait_for_function("location.search.includes('to=chongqing')")
    assert "from=kent-county-council" in page.url
    drawn = page.evaluate(f"{CY}.nodes('.highlight').map(n => n.id())")
    cli = CliRunner().invoke(
        main,
        ["query", "shortest_path", "--source", "kent-county-council", "--target", "chongqing"]
        + ["--format", "json", "--register", str(register)],
    )
    assert cli.exit_code == 0, cli.output
    answers = [row["path"] for row in json.loads(cli.output)]
    assert answers, "the CLI finds a path"
    on_path = next(p for p in answers if set(p) == set(drawn))
    notice = page.locator("#notice").inner_text()
    assert (
        " → ".join(
            page.evaluate(f"id => {CY}.getElementById(id).data('label')", n) for n in on_path
        )
        in notice
    )
    # every node of the path is named, at least 11 px high on the screen
    page.wait_for_timeout(600)
    sizes = page.evaluate(
        f"""{CY}.nodes('.highlight').map(n => [n.style('label'),
            parseFloat(n.style('font-size')) * {CY}.zoom()])"""
    )
    assert all(label and size >= 11 for label, size in sizes), sizes
    # the link opens the same path for someone else
    shared = page.url
    open_page(page, live_server, shared.replace(live_server, ""))
    page.locator("#notice").get_by_text("Shortest path").wait_for()
    assert sorted(page.evaluate(f"{CY}.nodes('.highlight').map(n => n.id())")) == sorted(drawn)


def test_cards_and_the_legend_speak_plainly(page, live_server):
    """Defect 9: relationship headings in words, not raw types; the legend draws each kind in
    its node's shape."""
    open_page(page, live_server, "/network?select=kcc-international-strategy-2007")
    card = page.locator("#record-card")
    card.locator("h2").wait_for()
    headings = card.locator("h4").all_inner_texts()
    assert any(h.startswith("Priorities (") for h in headings), headings
    assert not [h for h in headings if "→" in h or "←" in h or "_" in h], headings
    open_page(page, live_server, "/network?select=kent-county-council")
    page.locator("#record-card h2", has_text="Kent County Council").wait_for()
    headings = page.locator("#record-card h4").all_inner_texts()
    assert any(h.startswith("Exchanges with (") for h in headings), headings
    assert not [h for h in headings if h.upper() == h], headings  # no SHOUTED_TYPES
    # a cost's card: amounts in words, a year, for whom; no ids, no unit codes
    open_page(page, live_server, "/network?select=cb-2006-7-european-affairs-group")
    card = page.locator("#record-card")
    card.locator("h2", has_text="European Affairs Group").wait_for()
    words = card.inner_text()
    assert "£321,000 a year, 2006/7" in words and "Chief Executive's Department" in words
    assert "GBP" not in words and "cb-2006" not in words and "european-affairs-group" not in words
    shapes = page.evaluate(
        """Object.fromEntries([...document.querySelectorAll('.legend .legend-item')]
             .filter(i => i.querySelector('.swatch.shape'))
             .map(i => [i.innerText.trim(), getComputedStyle(i.querySelector('.swatch'))
                        .clipPath]))"""
    )
    assert shapes["Partnership"].startswith("polygon(50% 0")  # a diamond, as drawn
    assert shapes["Organisation"] == "none"  # a circle
    assert shapes["Theme"] != shapes["Partnership"] != shapes["Agreement"]


def test_costs_chart_each_table_on_its_own_axis_and_nothing_hidden(page, live_server):
    """Defect 8: Leicester's 2002/03 budget is not on the axis of Kent's 2006/7 table; the
    legend covers no name or title; the sources column names papers, so the page is short."""
    open_page(page, live_server, "/costs")
    page.wait_for_selector("#costs-chart .main-svg")
    page.wait_for_selector("#costs-table .ag-row")
    axis_of = page.evaluate(
        """Object.fromEntries(document.querySelector('#costs-chart .js-plotly-plot').data
             .flatMap(t => t.y.map(y => [y, t.xaxis || 'x'])))"""
    )
    leicester = next(a for y, a in axis_of.items() if y.startswith("Overseas Links"))
    kent = next(a for y, a in axis_of.items() if y.startswith("Kent-Virginia Project"))
    assert leicester != kent
    titles = page.locator("#costs-chart .annotation-text").all_text_contents()
    assert any("Leicester" in t for t in titles) and any("KCC" in t for t in titles), titles
    legend = page.locator("#costs-chart .legend").bounding_box()
    names = page.locator("#costs-chart .ytick text, #costs-chart .annotation-text")
    for i in range(names.count()):
        assert not overlaps(legend, names.nth(i).bounding_box()), names.nth(i).text_content()
    sources = page.locator("#costs-table .ag-row [col-id=sources]").all_inner_texts()
    assert sources and not [s for s in sources if "“" in s]  # titles, not quotes
    assert all("KCC" in s or "Leicester" in s for s in sources), sources
    assert page.evaluate("document.body.scrollHeight") < 4000
    # a row opens its card, which quotes the papers
    page.locator("#costs-table .ag-row [col-id=subject]", has_text="Smithsonian").first.click()
    page.locator("#record-card h2", has_text="Smithsonian").wait_for()


def test_exports_name_every_node_and_say_what_the_view_is(page, live_server):
    """Defect 6: the SVG and PNG carry a title, the filters in words, the date and a legend;
    every node is named in full, whatever is selected; files are named after the view; the
    GraphML's sources are the papers' titles."""
    import datetime as dt
    import io
    import xml.etree.ElementTree as ET

    import networkx as nx

    open_page(page, live_server, "/network?council=kent-county-council&tier=strategic")
    page.wait_for_function(f"{CY}.nodes().length > 0")
    page.evaluate(f"{CY}.getElementById('kent-county-council').emit('tap')")
    page.wait_for_function(f"{CY}.elements('.faded').length > 0")  # a selection fades the rest
    labels = page.evaluate(f"{CY}.nodes().map(n => n.data('label'))")

    name, data = download(page, "#btn-svg")
    assert (
        name == "partnergraph-network-kent-county-council-strategic-international-partnerships.svg"
    )
    texts = [(t.text or "").strip() for t in ET.fromstring(data).iter(f"{{{SVG}}}text")]
    assert "Kent County Council: strategic international partnerships" in texts
    assert "Filters: council Kent County Council; tier strategic" in texts
    assert any(dt.date.today().isoformat() in t for t in texts)
    for kind in ("Organisation", "Partnership", "Agreement", "strategic tier"):
        assert kind in texts
    assert not [t for t in texts if t.endswith("…")]  # no name cut short
    for label in labels:  # each node named: its name, or its name's lines, in the file
        words = " ".join(t for t in texts if t and t in label)
        assert set(label.split()) <= set(words.split()), label
    assert page.evaluate(f"{CY}.elements('.faded').length > 0")  # the screen is as it was

    name, data = download(page, "#btn-png")
    assert name.endswith("kent-county-council-strategic-international-partnerships.png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"

    name, data = download(page, "#btn-graphml")
    assert name.endswith("strategic-international-partnerships.graphml")
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    sources = g.nodes["kent-commonwealth-of-virginia"]["sources"]
    assert ".txt" not in sources and "KCC" in sources
