"""Sources people can read, in a real browser: the record card, the Documents page and the
Conflicts page show papers by title and date, never a bare hashed file name."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from axekit import AXE
from browserkit import open_page

pytestmark = pytest.mark.browser

HASHED = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


def _visible(pg) -> str:
    return pg.locator("body").inner_text()


def test_the_mou_card_leads_with_its_key_facts(page, live_server):
    open_page(page, live_server, "/network?select=kent-virginia-mou-2006")
    page.wait_for_selector("#details .card", timeout=90_000)
    card = page.locator("#details .card")
    text = card.inner_text()
    order = [
        "Memorandum of understanding",
        "14 Nov 2006",
        "Tim Kaine, Governor",
        "Areas of co-operation",
        "Relationships (17)",
        "Sources (",
    ]
    positions = [text.index(t) for t in order]
    assert positions == sorted(positions), text[:600]
    assert "The papers disagree on this record (2)" in text
    page.wait_for_function("document.getElementById('cy')._cyreg.cy.nodes().length > 0")
    marked = page.evaluate("document.getElementById('cy')._cyreg.cy.nodes('.conflict').length")
    assert marked > 0  # conflict subjects carry a marker ring in the graph too
    assert card.evaluate("el => el.scrollTop") == 0  # opens at its top
    page.locator("#details details.sources > summary").click()
    page.locator("#details details.sources .src-doc").first.wait_for()  # drawn when opened
    text = card.inner_text()
    assert "report to Cabinet (3 Dec 2007)" in text and not HASHED.search(text)
    # the file name is still there, as the tooltip of the paper's heading
    assert (
        page.locator("#details details.sources .src-doc[title='000_239ec01fbea54895.txt']").count()
        == 1
    )
    # a new card opens scrolled to its top, even after scrolling the last one
    card.evaluate("el => el.scrollTop = 400")
    page.get_by_role("button", name="Tim Kaine, Governor, for Commonwealth of Virginia").click()
    page.wait_for_function("document.querySelector('#details h2').innerText === 'Tim Kaine'")
    assert page.locator("#details .card").evaluate("el => el.scrollTop") == 0


def test_conflicts_page_lists_every_recorded_conflict(page, live_server):
    open_page(page, live_server, "/conflicts")
    page.wait_for_selector("#c-grid .ag-row", timeout=90_000)
    assert page.locator("#c-count").inner_text() == "28 recorded conflicts."
    grid = page.locator("#c-grid").inner_text()
    assert "(2 Sep 2002)" in grid and not HASHED.search(grid)
    page.click("#c-council")
    page.get_by_role("option", name="Leicester City Council").click()
    page.wait_for_function(
        "document.querySelector('#c-count').innerText !== '28 recorded conflicts.'"
    )
    shown = page.locator("#c-count").inner_text()
    assert shown.split()[0].isdigit() and 0 < int(shown.split()[0]) < 28
    # once the grid has redrawn, every row cites Leicester's paper (a conflict may cite both)
    page.wait_for_function(
        """() => {
        const cells = [...document.querySelectorAll("#c-grid .ag-row [col-id='councils_shown']")];
        return cells.length > 0 && cells.every(c => c.innerText.includes('Leicester City Council'));
    }"""
    )
    page.wait_for_function("location.search.includes('council=leicester-city-council')")


@pytest.mark.parametrize(
    "paper, title",
    [
        ("kcc-international-annual-report-cabinet-2007", "report to Cabinet"),
        ("kcc-international-annual-report-cpoc-2007", "Corporate Policy Overview Committee"),
        ("kcc-business-solutions-policy-operational-plans-2008-9", "operational plans 2008/9"),
        ("leicester-international-development-strategy-2002", "A New Strategy for International"),
        ("kcc-cpa-corporate-assessment-2007", "CPA corporate assessment"),
    ],
)
def test_documents_page_says_what_each_paper_says(page, live_server, paper, title):
    open_page(page, live_server, "/documents")
    page.wait_for_selector("#docs-grid .ag-row", timeout=90_000)
    grid = page.locator("#docs-grid").inner_text()
    assert grid.count("Kent County Council") == 4 and not HASHED.search(grid)
    page.locator(f"#docs-grid .ag-row[row-id='{paper}'] [col-id='title']").click()
    page.wait_for_selector("#docs-contents h2")
    contents = page.locator("#docs-contents")
    assert title in contents.locator("h2").inner_text()
    said = contents.inner_text()
    facts = int(re.search(r"What this paper says: (\d+) facts in (\d+) sections", said).group(1))
    assert facts > 10
    page.locator("#docs-contents details.paper-section > summary").first.click()
    assert page.locator("#docs-contents details.paper-section[open] li").count() > 0
    assert not HASHED.search(_visible(page))
    page.wait_for_function(f"location.search.includes('doc={paper}')")


def test_an_open_papers_heading_sits_under_the_pages(page, live_server):
    # the paper's title was an H3 straight under the page's H1: a screen reader's list of
    # headings showed a level missing, as if a section were lost (WCAG 1.3.1, axe heading-order)
    open_page(page, live_server, "/documents?doc=kcc-international-annual-report-cabinet-2007")
    title = page.locator("#docs-contents h2")
    title.wait_for(timeout=90_000)
    assert "report to Cabinet" in title.inner_text()
    levels = page.evaluate(
        "[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1])"
    )
    assert levels[0] == 1 and all(b <= a + 1 for a, b in pairwise(levels)), levels
    page.evaluate(AXE)
    skipped = page.evaluate(
        "axe.run(document, {runOnly: {type: 'rule', values: ['heading-order']}})"
        ".then(r => r.violations.flatMap(v => v.nodes.map(n => n.target.join(' '))))"
    )
    assert skipped == []
