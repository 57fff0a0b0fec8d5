"""The Network explorer as a first-time user meets it (issue 22): each test does what a person
does in Chromium and asserts what they see.
"""

from __future__ import annotations

import pytest
from browserkit import console_page, open_page

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900, warnings=True)]

CY = "document.getElementById('cy')._cyreg.cy"
SVG = "http://www.w3.org/2000/svg"


@pytest.fixture(scope="module")
def register(writable_register):
    """A copy of the bundled register: tests here record and save views into it."""
    return writable_register


@pytest.fixture(scope="module")
def live_server(writable_server):
    """The explorer on the copy."""
    return writable_server


def _page(browser, width):
    return console_page(browser, width, 900, warnings=True)


@pytest.fixture
def narrow(browser):
    context, pg = _page(browser, 800)
    yield pg
    context.close()
    assert pg.errors == [], f"errors or warnings in the browser console: {pg.errors}"


def in_viewport(page, selector: str) -> bool:
    """Whether the top of ``selector`` is inside the window as it is scrolled now."""
    return page.evaluate(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    return r.top >= 0 && r.top < window.innerHeight - 20; }""",
        selector,
    )


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


def offered(page, box: str, text: str) -> list[str]:
    """What a name box offers for ``text``, in its order."""
    page.fill(f"#{box}-text", "")
    page.click(f"#{box}-text")
    page.keyboard.type(text)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(f"#{box}-hits [role=option]")
    return page.locator(f"#{box}-hits [role=option]").all_inner_texts()


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


def click_row(page, grid: str, n: int) -> str:
    """Click the ``n``-th row of an AG Grid (scrolled into view as a person would); the text
    of its first cell."""
    row = page.locator(f"#{grid} .ag-center-cols-container [role=row]").nth(n)
    row.scroll_into_view_if_needed()
    text = row.locator("[role=gridcell]").first.inner_text()
    row.locator("[role=gridcell]").first.click()
    return text


@pytest.mark.parametrize("width", [1440, 800])
def test_a_row_clicked_far_down_a_long_page_opens_its_card_in_view(browser, live_server, width):
    """Defect 3: Conflicts row 13 and a Link health row: the card is in the window."""
    context, page = _page(browser, width)
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
    browser, live_server, width
):
    """Defect 4: after "Record activity" the card says what was recorded, in words, in sight;
    no record id, no file path."""
    context, page = _page(browser, width)
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
        page.screenshot(path=f"/tmp/partnergraph-shots/card-confirm-{width}.png")
    finally:
        context.close()
    assert page.errors == []


def choose(page, box: str, text: str, option: str) -> None:
    """Type ``text`` in a name box and choose ``option`` from what it offers."""
    offered(page, box, text)
    page.locator(f"#{box}-hits").get_by_role("option", name=option, exact=True).click()
    page.locator(f"#{box}-chosen").get_by_text(option.split(" (")[0]).wait_for()


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
    shapes = page.evaluate(
        """Object.fromEntries([...document.querySelectorAll('.legend .legend-item')]
             .filter(i => i.querySelector('.swatch.shape'))
             .map(i => [i.innerText.trim(), getComputedStyle(i.querySelector('.swatch'))
                        .clipPath]))"""
    )
    assert shapes["Partnership"].startswith("polygon(50% 0")  # a diamond, as drawn
    assert shapes["Organisation"] == "none"  # a circle
    assert shapes["Theme"] != shapes["Partnership"] != shapes["Agreement"]


def overlaps(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


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


def download(page, button: str) -> tuple[str, bytes]:
    from pathlib import Path

    with page.expect_download() as info:
        page.click(button)
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


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


def drag(page, node: str, dx: float, dy: float) -> dict:
    """Drag ``node`` by (dx, dy) screen pixels with the mouse; its place afterwards."""
    box = page.locator("#cy").bounding_box()
    at = page.evaluate(f"{CY}.getElementById('{node}').renderedPosition()")
    x, y = box["x"] + at["x"], box["y"] + at["y"]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=8)
    page.mouse.up()
    return page.evaluate(f"{CY}.getElementById('{node}').position()")


def places(page) -> dict:
    return page.evaluate(
        f"Object.fromEntries({CY}.nodes().map(n => [n.id(), "
        "[Math.round(n.position().x), Math.round(n.position().y)]]))"
    )


def test_a_saved_view_round_trips_to_another_person(browser, live_server, register):
    """Kumu's saved views: save (filters, selection, a dragged node's place), listed by
    'partnergraph views', opened by its link in another browser, identical."""
    import json

    from click.testing import CliRunner

    from partnergraph.cli import main

    context, page = _page(browser, 1440)
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
        context, other = _page(browser, width)
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
            other.screenshot(path=f"/tmp/partnergraph-shots/saved-view-{width}.png")
        finally:
            context.close()
        assert other.errors == []


def test_show_all_labels_names_every_node_and_is_in_the_address(page, live_server):
    """Kumu's "show all labels": off, a landing view leaves most nodes unnamed; on, every node
    is named, and the choice is in the address (so in a saved view)."""
    open_page(page, live_server, "/network")
    page.wait_for_function(f"{CY}.nodes().length > 50")
    named = f"{CY}.nodes().filter(n => n.style('label')).length"
    total = page.evaluate(f"{CY}.nodes().length")
    assert page.evaluate(named) < total
    page.get_by_text("Show all labels").click()
    page.wait_for_function(f"{named} === {CY}.nodes().length")
    page.wait_for_function("location.search.includes('labels=all')")
    page.screenshot(path="/tmp/partnergraph-shots/all-labels-1440.png")
    # the link opens with every node named
    open_page(page, live_server, "/network?labels=all&tier=strategic")
    page.wait_for_function(f"{CY}.nodes().length > 0 && {named} === {CY}.nodes().length")


def test_double_click_expands_a_node_in_place_and_hide_takes_it_off(page, live_server):
    """Kumu's and Bloom's expand: a node's neighbours join the drawing round it and nothing
    else moves; "Hide selected" takes a node and its links off."""
    open_page(page, live_server, "/network?council=leicester-city-council")
    page.wait_for_function(f"{CY}.getElementById('city-of-chongqing').nonempty()")
    before = places(page)
    assert "chongqing" not in before and "country-cn" not in before
    box = page.locator("#cy").bounding_box()
    at = page.evaluate(f"{CY}.getElementById('city-of-chongqing').renderedPosition()")
    page.mouse.dblclick(box["x"] + at["x"], box["y"] + at["y"])
    page.locator("#notice").get_by_text("Added 2 neighbours of City of Chongqing").wait_for()
    after = places(page)
    assert {"chongqing", "country-cn"} <= set(after)
    assert {n: after[n] for n in before} == before  # nothing drawn before has moved
    linked = page.evaluate(
        f"{CY}.getElementById('chongqing').edgesWith('#city-of-chongqing').length"
    )
    assert linked == 1
    page.wait_for_function("location.search.includes('select=city-of-chongqing')")
    page.click("#btn-hide")
    page.wait_for_function(f"{CY}.getElementById('city-of-chongqing').empty()")
    assert page.evaluate(f"{CY}.edges('[source = \"city-of-chongqing\"]').length") == 0


def test_the_years_step_and_play_and_the_view_follows(page, live_server):
    """Kumu's time slider: a step shows the first year, the next step one more; Play steps on
    by itself; the address and the view follow."""
    open_page(page, live_server, "/network")
    page.wait_for_function(f"{CY}.nodes().length > 0")
    everything = page.evaluate(f"{CY}.nodes().length")
    page.click("#btn-year-next")
    page.wait_for_function("location.search.includes('years=2002&years=2002')")
    assert "Up to 2002" in page.locator("#year-at").inner_text()
    page.wait_for_function(f"{CY}.nodes().length < {everything}")
    first = page.evaluate(f"{CY}.nodes().length")
    page.click("#btn-year-play")
    page.wait_for_function("location.search.includes('years=2002&years=2004')", timeout=60000)
    assert page.locator("#btn-year-play").inner_text() == "Pause"
    page.click("#btn-year-play")
    assert page.evaluate(f"{CY}.nodes().length") >= first
    page.click("#btn-year-back")
    page.locator("#year-at").get_by_text("Up to").wait_for()


def test_saved_views_are_slides_with_notes_and_arrow_keys(browser, live_server):
    """Presentation mode: the saved views as slides, with their notes; the arrow keys move;
    every slide prints on a page of its own."""
    context, page = _page(browser, 1440)
    try:
        for name, query, notes in (
            ("Board 1: strategic links", "tier=strategic", "Six strategic links."),
            ("Board 2: Leicester's twins", "council=leicester-city-council", "Five twins."),
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
        page.wait_for_selector(".slide-title")
        assert page.locator(".slide-title").inner_text() != first
        page.keyboard.press("ArrowLeft")
        page.wait_for_url("**/present?slide=1")
        # find the two boards' slides and their notes among every slide
        open_page(page, live_server, "/present?all=yes")
        slides = page.locator(".slide")
        texts = slides.all_inner_texts()
        board = [t for t in texts if "Board 2: Leicester's twins" in t]
        assert board and "Five twins." in board[0]
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
        page.screenshot(path="/tmp/partnergraph-shots/present-all-1440.png")
    finally:
        context.close()
    assert page.errors == []
