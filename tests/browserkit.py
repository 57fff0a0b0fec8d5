"""What every browser test shares: Debian's Chromium and its flags, a free loopback port, a page
that records what the browser console says, and a person's first steps (open a page, pick a
name from a box).

The ``browser`` and ``page`` fixtures built on these live in ``conftest.py``. bench/ imports
this module as ``tests.browserkit``, so it imports nothing from tests/.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def console_page(browser, width: int = 1280, height: int = 800, *, warnings: bool = False):
    """A fresh context and page; ``page.errors`` collects the console's errors (and its
    warnings when ``warnings``) and uncaught page errors. The caller closes the context and
    asserts ``page.errors == []``."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True
    )
    pg = context.new_page()
    kinds = ("error", "warning") if warnings else ("error",)
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type in kinds else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    return context, pg


def open_page(page, live_server: str, path: str) -> None:
    """Go to ``path`` on the server and wait until the page stops fetching."""
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")


def search_and_pick(page, text: str, option_text: str, box: str = "search") -> None:
    """Type in a name box and click one of the server's ranked matches."""
    page.click(f"#{box}-text")
    page.keyboard.type(text)
    page.locator(f"#{box}-hits").get_by_role("option", name=option_text).first.click()
    page.wait_for_load_state("networkidle")


#: where the tests' screenshots go, to be looked at by a person
SHOTS = Path(os.environ.get("PARTNERGRAPH_SHOTS", "/tmp/partnergraph-shots"))


def keep_picture(page, name: str, *, full_page: bool = False) -> Path | None:
    """Save a screenshot of the page as ``SHOTS/name.png`` for a person to look at.

    A picture is kept, never asserted on: a full-page capture of a heavy page can stall in
    headless Chromium (a known Playwright problem), so a capture that does not finish in 15 s is
    tried once more as the visible part only, and if that stalls too the test goes on and a
    ``name.png.missing`` note says why. What the test asserts is unaffected either way."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=full_page, timeout=15_000)
        return path
    except PlaywrightTimeout:
        pass
    try:
        page.screenshot(path=str(path), full_page=False, timeout=10_000)
        return path
    except PlaywrightTimeout as exc:
        (SHOTS / f"{name}.png.missing").write_text(f"screenshot stalled: {exc}\n")
        return None
