"""A busy record's card draws the first few of each list, and each "show all" fills itself
when opened (webapp/card.py, webapp/card_more.py): Kent County Council's card drawn whole was
~1,100 Dash components and held the browser for five to seven seconds."""

from __future__ import annotations

import pytest
from browserkit import open_page

from graphmodel.stores import EmbeddedStore
from loaders import bundled_register_dir, read_register
from webapp.card import card_of, card_rest, render_card
from webapp.graphview import GraphView

KENT = "kent-county-council"


def _strings(component) -> list[str]:
    out: list[str] = []

    def walk(c):
        if isinstance(c, str):
            out.append(c)
        elif isinstance(c, list | tuple):
            for x in c:
                walk(x)
        elif c is not None and hasattr(c, "children"):
            walk(c.children)

    walk(component)
    return out


def _count(component) -> int:
    if isinstance(component, list | tuple):
        return sum(_count(c) for c in component)
    if component is None or isinstance(component, str | int | float):
        return 0
    return 1 + _count(getattr(component, "children", None))


@pytest.fixture(scope="module")
def view() -> GraphView:
    store = EmbeddedStore()
    store.replace(read_register(bundled_register_dir()).graph)
    return GraphView(store)


def test_each_show_all_holds_the_rest_of_its_list(view):
    card = card_of(view, KENT)
    rels = next(s for s in card["sections"] if s["key"] == "relationships")
    few = rels["first_few"]
    long_groups = [(n, g) for n, g in enumerate(rels["groups"]) if len(g["items"]) > few]
    assert long_groups  # Kent's partnerships, parts, leads...
    for n, g in long_groups:
        rest = _strings(card_rest(card, "rel", n))
        assert [i["text"] for i in g["items"][few:]] == [s for s in rest if not s.startswith(" (")]
    sources = _strings(card_rest(card, "src", 0))
    assert any(s.startswith("§ ") for s in sources)
    # a list the card no longer has says so, rather than failing
    assert "changed since the card was drawn" in str(card_rest(card, "rel", 999))


def test_a_busy_card_is_drawn_with_few_components(view):
    drawn = _count(render_card(view, KENT))
    card = card_of(view, KENT)
    total = sum(s.get("count", 0) or 0 for s in card["sections"] if s["key"] == "relationships")
    assert total > 200  # Kent's relationships
    assert drawn < 400, drawn  # was ~1,100 with every list and source drawn


@pytest.mark.browser
def test_show_all_opens_in_place_by_mouse_and_keyboard(page, live_server):
    open_page(page, live_server, f"/network?select={KENT}")
    page.wait_for_function(
        "document.querySelector('#details h2') && "
        "document.querySelector('#details h2').innerText === 'Kent County Council'"
    )
    groups = page.locator("#details .rel-group")
    partnerships = groups.filter(has_text="Partnerships (46)")
    assert partnerships.locator("li").count() < 46
    partnerships.locator("summary").click()
    partnerships.locator("details[open] li").first.wait_for()
    assert partnerships.locator("li").count() == 46
    # by keyboard: Enter on the next group's "Show all" opens and fills it
    parts = groups.filter(has_text="Has parts (44)")
    parts.locator("summary").focus()
    page.keyboard.press("Enter")
    parts.locator("details[open] li").first.wait_for()
    assert parts.locator("li").count() == 44
    # the sources, collapsed, are drawn when opened
    page.locator("#details details.sources > summary").click()
    page.locator("#details details.sources .src-doc").first.wait_for()
    assert "§" in page.locator("#details details.sources").inner_text()
