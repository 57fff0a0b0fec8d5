"""The Evaluate page suggests candidates: discovery's best few, existing partners left out, each
added to the comparison by its id, evaluated in full and carried into the board report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browserkit import keep_picture

from graphmodel.evaluator import Evaluator
from graphmodel.stores import EmbeddedStore
from loaders import bundled_register_dir, read_register
from webapp.evaluate_discover import SUGGESTED, reference_label, suggestions

SHOTS = os.environ.get("PARTNERGRAPH_SCREENSHOTS")


@pytest.fixture(scope="module")
def kent_store():
    store = EmbeddedStore()
    store.replace(read_register(bundled_register_dir()).graph)
    return store


def test_suggestions_are_new_and_can_be_evaluated_by_their_id(kent_store):
    ev = Evaluator(kent_store)
    rows, notes = suggestions(ev, "kent-county-council", "NL, BE, SK", "auto")
    assert 0 < len(rows) <= SUGGESTED
    assert all(r["id"].startswith("region-") for r in rows)  # a county is compared with regions
    names = {r["name"] for r in rows}
    assert "Utrecht" not in names and "Košický kraj" not in names  # existing / explored
    assert any(n.startswith("Left out as existing partners") for n in notes)
    home = ev.resolve_home("kent-county-council")
    for r in rows:
        card = ev.evaluate(home, r["id"])
        assert card.candidate_name == r["name"]
        assert reference_label(r["id"]).startswith(r["name"])


def test_a_city_council_is_offered_cities():
    store = EmbeddedStore()
    store.replace(read_register(Path(__file__).parent / "fixtures" / "bristol").graph)
    rows, _ = suggestions(Evaluator(store), "bristol-city-council", "DE", "auto")
    assert rows and all(r["id"].startswith("geonames-") for r in rows)
    assert "Hannover" not in {r["name"] for r in rows}  # Bristol's twin
    assert reference_label(rows[0]["id"]).endswith("(DE, reference city)")


@pytest.mark.browser
def test_suggest_add_and_report_in_the_browser(browser, live_server):
    for width in (1440, 800):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto(live_server + "/evaluate")
        page.wait_for_load_state("networkidle")
        page.click("#ed-section summary")
        page.fill("#ed-countries", "NL, BE")
        page.click("#ed-go")
        page.wait_for_selector("#ed-list li", timeout=60_000)
        listed = page.locator("#ed-list").inner_text()
        assert (
            "Left out as existing partners" in listed
            and "Utrecht" not in listed.split("Left out")[0]
        )
        first = page.locator("#ed-list li").first
        name = first.locator(".name").inner_text().strip()
        first.get_by_role("button").click()
        page.wait_for_function("document.querySelectorAll('.scorecard h3').length === 1")
        assert page.locator(".scorecard h3").first.inner_text() == name
        if SHOTS:
            keep_picture(page, f"evaluate-suggest-{width}", full_page=True)
        with page.expect_download() as info:
            page.click("#e-report")
        assert name in Path(info.value.path()).read_text(encoding="utf-8")
        context.close()
        assert errors == []
