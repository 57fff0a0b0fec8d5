"""What the explorer's browser tests share (issue 22): the moves a person makes (open a page,
type in a name box, click a grid row, drag a node) and a page whose console must stay clean,
warnings included. Helpers only: the fixtures (the browser, the explorer on a register copy it
may write to) are in conftest.py."""

from __future__ import annotations

from browserkit import console_page, open_page  # noqa: F401  (the explorer's tests take it here)

CY = "document.getElementById('cy')._cyreg.cy"
SVG = "http://www.w3.org/2000/svg"


def new_page(browser, width):
    """A fresh context and page ``width`` px wide; ``page.errors`` holds the console's errors
    and warnings."""
    return console_page(browser, width, 900, warnings=True)


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
    # the answer to the whole text, not the list still showing for an earlier one ("Kent"
    # while "Virginia" is typed): a person reads the list once it names what they typed
    page.wait_for_function(
        """([box, text]) => [...document.querySelectorAll(`#${box}-hits [role=option]`)]
            .some(o => o.innerText.toLowerCase().includes(text.toLowerCase()))""",
        arg=[box, text],
    )
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
