"""Recording from a partnership's card, in a real browser, on the server `serve` runs (waitress,
sign-in on): an editor records a review and an activity for the selected link and every page
shows them without a restart; bad input names the field and writes nothing; a viewer gets no
form, and a forged write from a viewer is refused by the server.

The server writes into a copy of the bundled register, so the test can check exactly which
files changed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from browserkit import keep_picture
from serverkit import MINI, PASSWORDS, snapshot, start_server, stop_server

from graphmodel.stores import EmbeddedStore
from loaders import read_register
from webapp import create_app
from webapp.card_forms import KEPT

pytestmark = pytest.mark.browser

PARTNERSHIP = "kent-province-of-zeeland"


@pytest.fixture(scope="module")
def register(writable_register) -> Path:
    return writable_register


@pytest.fixture(scope="module")
def server(users_file, register):
    proc, base = start_server(
        ["--users-file", str(users_file), "--insecure-cookies"], register=register
    )
    yield base
    stop_server(proc)


def signed_in(browser, server, name: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(server + "/login")
    pg.fill("input[name=username]", name)
    pg.fill("input[name=password]", PASSWORDS[name])
    pg.click("button[type=submit]")
    pg.wait_for_load_state("networkidle")
    return context, pg, errors


@pytest.fixture
def editor(browser, server):
    context, pg, errors = signed_in(browser, server, "ed")
    yield pg
    context.close()
    assert errors == [], f"errors in the browser console: {errors}"


@pytest.fixture
def viewer(browser, server):
    context, pg, errors = signed_in(browser, server, "vera")
    yield pg
    context.close()
    assert errors == [], f"errors in the browser console: {errors}"


def card_review_output() -> str:
    """The card's review callback as the browser names it (Dash hashes a duplicate output)."""
    store = EmbeddedStore()
    store.replace(read_register(MINI).graph)
    app = create_app(store)
    return next(k for k in app.callback_map if "card-rv-message.children" in k)


def fact(page, label: str) -> str:
    """A row of the open card's key facts, as shown."""
    row = page.locator(
        "#record-card table.card-facts tr", has=page.locator(f"th:text-is('{label}')")
    )
    return row.locator("td").inner_text()


def pick(page, text: str, option: str) -> None:
    """Type in the Network page's search box and choose one of the server's matches."""
    page.click("#search-text")
    page.keyboard.type(text)
    page.locator("#search-hits").get_by_role("option", name=option).first.click()


def health_rows(page, server: str) -> str:
    page.goto(server + "/health?council=kent-county-council&issue=no+review+recorded")
    page.wait_for_selector("#health-table .ag-cell")
    page.wait_for_load_state("networkidle")
    return page.locator("#health-table").inner_text()


def shot(page, name: str) -> None:
    for width in (1440, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#record-card").scroll_into_view_if_needed()
        keep_picture(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1440, "height": 900})


def test_an_editor_records_a_review_and_an_activity_from_the_card(editor, server, register):
    page = editor
    # Link health flags the link: no review recorded
    assert "Province of Zeeland" in health_rows(page, server)
    assert "no review recorded: 18" in page.locator("#health-summary").inner_text()

    # the editor finds the partnership on the Network page; its card opens
    page.goto(server + "/network?council=kent-county-council")
    page.wait_for_load_state("networkidle")
    pick(page, "Kent – Zeeland", "Kent – Zeeland (Partnership)")
    page.locator("#record-card h2", has_text="Kent – Zeeland").wait_for()
    assert fact(page, "Last review") == "not recorded"
    before = snapshot(register)

    page.get_by_text("Record a review of this link").click()
    today = dt.date.today()
    assert page.locator("#card-rv-date").input_value() == today.isoformat()  # prefilled
    page.fill("#card-rv-reviewer", "International Affairs Board")
    page.fill("#card-rv-outcome", "Keep; agree a work plan for 2027")
    page.click("#card-rv-save")

    done = page.locator("#card-rec-done")
    done.get_by_text("Review recorded for Kent – Zeeland").wait_for()
    year_file = f"kent/records_{today.year}.yaml"
    assert year_file not in done.inner_text() and year_file in done.get_attribute("title")
    shown = f"{today.day} {today:%b %Y}"
    assert fact(page, "Last review") == f"{shown} (recorded review)"  # no reload
    assert (
        "reviewed by International Affairs Board: Keep; agree a work plan"
        in page.locator("#record-card").inner_text()
    )
    # the card's relationships come from the explorer's snapshot, rebuilt after the write
    assert "Reviews (1)" in page.locator("#record-card").inner_text()
    shot(page, "card-review-recorded")

    after = snapshot(register)
    changed = {k for k in after if before.get(k) != after[k]}
    assert changed == {year_file}  # only the year's file: every other file byte-identical
    review = f"review-{PARTNERSHIP}-{today.isoformat()}"
    assert read_register(register).graph.nodes[review].label == "Review"

    # an activity, from the same card
    page.get_by_text("Record an activity with this link").click()
    page.fill("#card-ac-name", "Study visit to Middelburg")
    page.fill("#card-ac-people", "A. Officer, B. Member")
    page.click("#card-ac-save")
    done.get_by_text("Activity recorded for Kent – Zeeland: Study visit to Middelburg").wait_for()
    assert "visit — Study visit to Middelburg" in page.locator("#record-card").inner_text()

    # the Network page's search reads the rebuilt snapshot: the new activity is there
    page.goto(server + "/network?council=kent-county-council")
    page.wait_for_load_state("networkidle")
    pick(page, "Middelburg", "Study visit to Middelburg (Activity)")
    page.locator("#record-card h2", has_text="Study visit to Middelburg").wait_for()

    # and Link health no longer flags the link (the grid redraws its rows a moment after its
    # pager says the new count: wait, up to 15 s, for the rows a person then sees)
    health_rows(page, server)
    page.wait_for_function(
        "!document.getElementById('health-table').innerText.includes('Province of Zeeland')",
        timeout=15_000,
    )
    rows = page.locator("#health-table").inner_text()
    assert "Province of Zeeland" not in rows and "County of Bács-Kiskun" in rows
    assert "no review recorded: 17" in page.locator("#health-summary").inner_text()


def test_bad_input_on_the_card_names_the_field_and_writes_nothing(editor, server, register):
    page = editor
    page.goto(server + "/network?council=kent-county-council&select=kent-province-of-lovech")
    page.locator("#record-card h2", has_text="Kent – Lovech").wait_for()
    before = snapshot(register)
    page.get_by_text("Record a review of this link").click()

    page.click("#card-rv-save")  # no reviewer
    message = page.locator("#card-rv-message")
    message.get_by_text("Nothing was written").wait_for()
    assert "Reviewer: required field is missing" in message.inner_text()  # the form's label

    page.fill("#card-rv-reviewer", "International Affairs Board")
    page.fill("#card-rv-date", "2026-02-30")
    page.click("#card-rv-save")
    message.get_by_text("day is out of range").wait_for()
    said = message.inner_text()
    assert "The review was not recorded. Nothing was written." in said
    assert "Date: " in said and "day is out of range" in said
    shot(page, "card-review-refused")

    assert snapshot(register) == before
    assert fact(page, "Last review") == "not recorded"


def test_a_viewer_sees_no_form_and_a_forged_write_is_refused(viewer, server, register):
    page = viewer
    page.goto(server + f"/network?council=kent-county-council&select={PARTNERSHIP}")
    card = page.locator("#record-card")
    card.get_by_text("needs the editor role").wait_for()
    assert page.locator("#card-rv-save").count() == 0
    before = snapshot(register)
    # what the form would send, sent by hand with the viewer's session
    output = card_review_output()
    answer = page.request.post(
        server + "/_dash-update-component",
        data={
            "output": output,
            "outputs": [
                {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
                for o in output.strip(".").split("...")
            ],
            "inputs": [{"id": "card-rv-save", "property": "n_clicks", "value": 1}],
            "changedPropIds": ["card-rv-save.n_clicks"],
            "state": [
                {"id": "card-rec-for", "property": "data", "value": "kent-province-of-lovech"},
                {"id": "card-rv-date", "property": "value", "value": "2026-01-05"},
                {"id": "card-rv-reviewer", "property": "value", "value": "Mallory"},
                {"id": "card-rv-outcome", "property": "value", "value": None},
                {"id": "card-rv-met", "property": "value", "value": "yes"},
                {"id": "card-rv-next", "property": "value", "value": None},
                {"id": "written", "property": "data", "value": 0},
                {"id": "card-rv-sub", "property": "data", "value": "forged-submission-1"},
                # what the activity form held (kept across the card's redraw after a write)
                *[
                    {"id": box, "property": "data" if box.endswith("-sub") else "value"}
                    for box in KEPT["activities"]
                ],
            ],
        },
    )
    # the callback ran, and the server refused: the role is checked where the write happens
    assert "Recording a review needs the editor role; nothing was written." in answer.text()
    assert snapshot(register) == before


def test_a_save_after_the_session_ended_says_so_and_keeps_what_was_typed(browser, server, register):
    # an editor types a review; meanwhile their session ends (signed out in another tab here;
    # a timeout, or their account removed or demoted, ends it the same way on the server)
    context, page, _ = signed_in(browser, server, "ed")
    page.goto(server + "/network?council=kent-county-council&select=kent-city-of-utrecht")
    page.locator("#record-card h2", has_text="Kent – Utrecht").wait_for()
    page.get_by_text("Record a review of this link").click()
    page.fill("#card-rv-reviewer", "Europe Panel")
    page.fill("#card-rv-outcome", "Renew the link; a long outcome nobody wants to type twice")
    other = context.new_page()
    other.goto(server + "/logout")
    other.close()
    before = snapshot(register)

    page.click("#card-rv-save")
    banner = page.locator("#session-ended[role=alert]")
    banner.get_by_text("Your session has ended").wait_for()
    assert "nothing was written" in banner.inner_text()
    assert page.locator("#card-rv-outcome").input_value().startswith("Renew the link")
    assert snapshot(register) == before
    keep_picture(page, "card-session-ended-1440")

    # signing in again in a new tab, then pressing the button again, records it
    with context.expect_page() as tab:
        banner.get_by_role("link", name="Sign in again").click()
    login = tab.value
    login.fill("input[name=username]", "ed")
    login.fill("input[name=password]", PASSWORDS["ed"])
    login.click("button[type=submit]")
    login.wait_for_load_state("networkidle")
    login.close()
    page.click("#card-rv-save")
    page.locator("#card-rec-done").get_by_text("Review recorded for Kent – Utrecht").wait_for()
    assert page.locator("#session-ended").count() == 0
    text = (register / f"kent/records_{dt.date.today().year}.yaml").read_text(encoding="utf-8")
    assert "a long outcome nobody wants to type twice" in text
    context.close()


def test_a_long_outcome_and_a_half_typed_activity_are_not_lost(editor, server, register):
    page = editor
    page.goto(server + "/network?council=kent-county-council&select=kent-city-of-rotterdam")
    page.locator("#record-card h2", has_text="Kent – Rotterdam").wait_for()
    page.get_by_text("Record a review of this link").click()
    page.get_by_text("Record an activity with this link").click()
    before = snapshot(register)

    # a minute pasted whole: the box keeps all of it and the server says it is too long
    # (the box used to cut it at 4,000 characters without a word, and that was written)
    minute = ("The panel's minute, point by point; " * 120)[:4100].strip()
    page.fill("#card-rv-reviewer", "Port Panel")
    page.fill("#card-rv-outcome", minute)
    assert page.locator("#card-rv-outcome").input_value() == minute
    page.click("#card-rv-save")
    page.locator("#card-rv-message").get_by_text("at most 4,000 characters").wait_for()
    assert f"(this has {len(minute):,})" in page.locator("#card-rv-message").inner_text()
    assert snapshot(register) == before

    # half an activity typed, then the (shortened) review recorded: the card redraws with
    # the review, and the activity form still holds what was typed there
    page.fill("#card-ac-name", "Port delegation to Kent")
    page.fill("#card-ac-people", "A. Officer, B. Member")
    page.fill("#card-rv-outcome", minute[:3900].strip())
    page.click("#card-rv-save")
    page.locator("#card-rec-done").get_by_text("Review recorded for Kent – Rotterdam").wait_for()
    assert page.locator("#card-ac-name").input_value() == "Port delegation to Kent"
    assert page.locator("#card-ac-people").input_value() == "A. Officer, B. Member"
    assert page.locator("#card-ac-name").is_visible()  # its form is open
    assert page.locator("#card-rv-reviewer").input_value() == ""  # the review's form is fresh
    text = (register / f"kent/records_{dt.date.today().year}.yaml").read_text(encoding="utf-8")
    graph = read_register(register).graph
    review = graph.nodes[f"review-kent-city-of-rotterdam-{dt.date.today().isoformat()}"]
    assert review.props["outcome"] == minute[:3900].strip()  # exactly what was typed
    assert "Port delegation" not in text

    page.click("#card-ac-save")
    page.locator("#card-rec-done").get_by_text("Port delegation to Kent").wait_for()
    assert page.locator("#card-ac-name").input_value() == ""
