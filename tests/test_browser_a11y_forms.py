"""The record forms by keyboard alone, as GOV.UK's forms behave (issue 27; WCAG 3.3.1, 3.3.3,
4.1.2): a refused write puts an error summary at the top of the form and focus on it, the page's
title starts "Error:", each box in error is marked invalid and described by its own message, and
the summary's links take focus to their box. Put right, all of it goes.

The server writes into a copy of the bundled register."""

from __future__ import annotations

import pytest
from axekit import violations

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900)]

ACTIVE = "(() => { const a = document.activeElement; return a ? a.matches(%r) : false; })()"


@pytest.fixture(scope="module")
def writing_server(writable_server):
    """The explorer on a copy of the bundled register, which its forms write to."""
    return writable_server


@pytest.fixture
def kb_page(page):
    return page


def settled(pg) -> None:
    pg.wait_for_load_state("networkidle")
    pg.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


def tab_to(pg, test: str, limit: int = 150) -> None:
    """Press Tab until ``test`` (a JavaScript expression on ``a``, the focused element) holds."""
    for _ in range(limit):
        pg.keyboard.press("Tab")
        if pg.evaluate(
            f"(() => {{ const a = document.activeElement; return !!a && ({test}); }})()"
        ):
            return
    raise AssertionError(f"focus never reached {test}")


def described_by(pg, selector: str) -> str:
    """The text of what describes ``selector`` (its aria-describedby), as a screen reader
    reads it."""
    return pg.evaluate(
        """(s) => (document.querySelector(s).getAttribute('aria-describedby') || '')
            .split(' ').filter(Boolean)
            .map(id => document.getElementById(id).innerText).join(' ')""",
        selector,
    )


def test_a_refused_review_on_the_card_is_summarised_and_linked(kb_page, writing_server):
    page = kb_page
    page.goto(
        writing_server + "/network?council=kent-county-council&select=kent-province-of-lovech"
    )
    page.locator("#record-card h2", has_text="Kent – Lovech").wait_for()
    settled(page)
    page.focus("#record-card h2")
    tab_to(page, "a.matches('summary') && a.innerText.includes('Record a review')")
    page.keyboard.press("Enter")  # unfolds the form
    tab_to(page, "a.id === 'card-rv-date'")
    page.keyboard.press("Control+A")
    page.keyboard.type("2026-02-30")  # no such day, and no reviewer given
    tab_to(page, "a.id === 'card-rv-save'")
    page.keyboard.press("Enter")

    page.wait_for_function(ACTIVE % "#details .error-summary")
    assert page.title().startswith("Error: ")
    summary = page.locator("#details .error-summary")
    said = summary.inner_text()
    assert said.startswith("There is a problem")
    assert "The review was not recorded. Nothing was written." in said
    links = summary.locator("a").all_inner_texts()
    assert any(t.startswith("Date: ") and "day is out of range" in t for t in links), links
    assert page.get_attribute("#card-rv-date", "aria-invalid") == "true"
    assert "day is out of range" in described_by(page, "#card-rv-date")
    assert page.get_attribute("#card-rv-reviewer", "aria-invalid") is None
    # each box shows its own message, by the box
    assert "day is out of range" in page.locator("#card-rv-date-msg").inner_text()
    assert violations(page) == []

    # the summary's link takes focus to the date box; put right, the next problem is summarised
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE % ".error-summary a")
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE % "#card-rv-date")
    page.keyboard.press("Control+A")
    page.keyboard.type("2026-02-27")
    tab_to(page, "a.id === 'card-rv-save'")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.activeElement.matches('.error-summary') && "
        "document.activeElement.innerText.includes('Reviewer: ')"
    )
    assert page.title().startswith("Error: ")
    assert page.get_attribute("#card-rv-reviewer", "aria-invalid") == "true"
    assert "Reviewer: required field is missing" in described_by(page, "#card-rv-reviewer")
    assert page.get_attribute("#card-rv-date", "aria-invalid") is None  # no longer in error
    assert page.locator("#card-rv-date-msg").inner_text() == ""
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE % "#card-rv-reviewer")
    page.keyboard.type("International Affairs Board")
    tab_to(page, "a.id === 'card-rv-save'")
    page.keyboard.press("Enter")
    # recorded: the card says so, no summary, nothing marked, the title plain again
    page.locator("#record-card").get_by_text("Review recorded for Kent – Lovech").wait_for()
    page.wait_for_function("!document.querySelector('.error-summary')")
    page.wait_for_function("!document.title.startsWith('Error:')")
    assert page.locator("[aria-invalid=true]").count() == 0
    # the card is drawn anew with what was recorded: focus goes to that confirmation (read out
    # as focus lands), not to the top of the page, which made the next Tab the skip link
    # (WCAG 2.4.3, 4.1.3)
    page.wait_for_function(ACTIVE % "#record-card #card-rec-done")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#record-card')")


def test_link_healths_form_links_a_missing_partnership_to_its_dropdown(kb_page, writing_server):
    page = kb_page
    page.goto(writing_server + "/health?council=kent-county-council")
    page.wait_for_selector("#health-table .ag-cell")
    settled(page)
    page.focus("#page-title")
    tab_to(page, "a.id === 'rec-rv-save'")
    page.keyboard.press("Enter")  # nothing chosen, nothing typed
    page.wait_for_function(ACTIVE % "#page .error-summary")
    assert page.title().startswith("Error: Link health")
    said = page.locator("#rec-rv-message .error-summary").inner_text()
    assert "The review was not recorded. Nothing was written." in said
    assert "Partnership: choose the link this is for." in said
    dropdown = "button#rec-rv-partnership"  # Dash 4 gives the dropdown's button its id
    assert page.get_attribute(dropdown, "aria-invalid") == "true"
    assert "choose the link" in described_by(page, dropdown)
    assert violations(page) == []
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE % dropdown)
    page.wait_for_timeout(300)  # the Enter let up on the dropdown does not open its list
    assert page.evaluate(ACTIVE % dropdown)
    assert page.locator(".dash-dropdown-content").count() == 0
