"""The production server in a real browser: sign in, see every page (the content security
policy must not break any), and open the crafted URLs the security probe reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from browserkit import keep_picture
from serverkit import PASSWORDS, start_server, stop_server

pytestmark = pytest.mark.browser

CY_DRAWN = "document.getElementById('cy')?._cyreg?.cy?.nodes().length > 20"


@pytest.fixture(scope="module")
def server(users_file):
    # the bundled register: the pages as people use them
    proc, base = start_server(
        ["--users-file", str(users_file), "--insecure-cookies"], register=None
    )
    yield base
    stop_server(proc)


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    pg.goto(server + "/network")
    assert "/login" in pg.url
    pg.fill("input[name=username]", "vera")
    pg.fill("input[name=password]", PASSWORDS["vera"])
    pg.click("button[type=submit]")
    pg.wait_for_url(server + "/network")
    pg.wait_for_load_state("networkidle")
    yield pg
    context.close()
    assert errors == [], f"errors in the browser console: {errors}"


def shot(page, name: str) -> None:
    for width in (1440, 800):
        page.set_viewport_size({"width": width, "height": 900})
        keep_picture(page, f"{name}-{width}", full_page=True)


def test_a_viewer_signs_in_and_sees_the_network(page, server):
    page.wait_for_function(CY_DRAWN)
    assert "partnerships" in page.locator("#view-message").inner_text()
    assert "Signed in as vera (viewer)" in page.locator(".signed-in").inner_text()
    shot(page, "signed-in-network")


def test_the_views_exports_work_under_the_security_policy(page, server):
    """The SVG's drawing code is fetched when asked for, and every export downloads, with the
    production server's content security policy in force."""
    page.wait_for_function(CY_DRAWN)
    for button, suffix, start in (
        ("#btn-svg", ".svg", b"<svg"),
        ("#btn-png", ".png", b"\x89PNG"),
        ("#btn-graphml", ".graphml", b"<?xml"),
        ("#btn-csv", ".csv", b"element,id,kind"),
    ):
        with page.expect_download() as info:
            page.click(button)
        assert info.value.suggested_filename.endswith(suffix)
        assert Path(info.value.path()).read_bytes().startswith(start), button


@pytest.mark.parametrize(
    "path,search,ready",
    [
        ("/network", "?layout=evil", CY_DRAWN),
        (
            "/network",
            "?years=abc&years=xyz",
            CY_DRAWN,
        ),
        ("/query", "?q=nonexistent", "document.querySelector('#q-params input, #q-params label')"),
        ("/health", "?as_of=not-a-date", "document.querySelector('#health-table') !== null"),
        ("/map", "?council=x", "document.querySelector('#map .main-svg') !== null"),
        ("/evaluate", "?home=x&cand=y", "document.querySelector('#e-home-chooser') !== null"),
    ],
)
def test_reported_crafted_urls_fall_back_with_a_notice(page, server, path, search, ready):
    page.goto(server + path + search)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(ready, timeout=30_000)
    page.wait_for_load_state("networkidle")
    text = page.locator("body").inner_text()
    assert "left at their defaults" in text
    assert "Something went wrong" not in text and "Traceback" not in text
    assert "could not be shown" not in text
    if search == "?layout=evil":
        shot(page, "crafted-network-layout")


def test_the_sign_in_page(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    pg.goto(server + "/health")
    pg.fill("input[name=username]", "vera")
    pg.fill("input[name=password]", "wrong")
    pg.click("button[type=submit]")
    assert "Wrong name or password" in pg.locator("body").inner_text()
    shot(pg, "sign-in")
    context.close()
