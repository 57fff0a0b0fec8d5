"""What the explorer's browser tests share (issue 22): a copy of the bundled register they
may write to, the explorer served on it, a page whose console must stay clean, and the moves a
person makes (open a page, type in a name box, drag a node). Test modules import the fixtures
from here until tests/conftest.py holds them."""

from __future__ import annotations

import shutil
import threading

import pytest
from browserkit import free_port

from graphmodel.stores import EmbeddedStore
from loaders import bundled_register_dir, read_register

CY = "document.getElementById('cy')._cyreg.cy"
SVG = "http://www.w3.org/2000/svg"


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    """A copy of the bundled register: tests here record and save views into it."""
    folder = tmp_path_factory.mktemp("explorer") / "register"
    shutil.copytree(bundled_register_dir(), folder)
    return folder


@pytest.fixture(scope="module")
def live_server(register):
    """The explorer on the copy, served by a real WSGI server on a free port."""
    from werkzeug.serving import make_server

    from webapp import create_app

    store = EmbeddedStore()
    store.replace(read_register(register).graph)
    app = create_app(store, register=register)
    port = free_port()
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=10)


def new_page(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    return context, pg


@pytest.fixture
def page(browser):
    context, pg = new_page(browser, 1440)
    yield pg
    context.close()
    assert pg.errors == [], f"errors or warnings in the browser console: {pg.errors}"


@pytest.fixture
def narrow(browser):
    context, pg = new_page(browser, 800)
    yield pg
    context.close()
    assert pg.errors == [], f"errors or warnings in the browser console: {pg.errors}"


def open_page(page, live_server, path: str):
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")


def in_viewport(page, selector: str) -> bool:
    """Whether the top of ``selector`` is inside the window as it is scrolled now."""
    return page.evaluate(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    return r.top >= 0 && r.top < window.innerHeight - 20; }""",
        selector,
    )


def offered(page, box: str, text: str) -> list[str]:
    """What a name box offers for ``text``, in its order."""
    page.fill(f"#{box}-text", "")
    page.click(f"#{box}-text")
    page.keyboard.type(text)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(f"#{box}-hits [role=option]")
    return page.locator(f"#{box}-hits [role=option]").all_inner_texts()


def choose(page, box: str, text: str, option: str) -> None:
    """Type ``text`` in a name box and choose ``option`` from what it offers."""
    offered(page, box, text)
    page.locator(f"#{box}-hits").get_by_role("option", name=option, exact=True).click()
    page.locator(f"#{box}-chosen").get_by_text(option.split(" (")[0]).wait_for()


def click_row(page, grid: str, n: int) -> str:
    """Click the ``n``-th row of an AG Grid (scrolled into view as a person would); the text
    of its first cell."""
    row = page.locator(f"#{grid} .ag-center-cols-container [role=row]").nth(n)
    row.scroll_into_view_if_needed()
    text = row.locator("[role=gridcell]").first.inner_text()
    row.locator("[role=gridcell]").first.click()
    return text


def overlaps(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def download(page, button: str) -> tuple[str, bytes]:
    from pathlib import Path

    with page.expect_download() as info:
        page.click(button)
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


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
