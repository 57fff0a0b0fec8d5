"""Coloured by country, a country keeps its colour from view to view and slide to slide (the
register's order, not what one view draws most), and the key under each still says which
colour is which."""

from __future__ import annotations

import pytest
from browserkit import keep_picture
from explorerkit import CY, new_page, open_page

pytestmark = [pytest.mark.browser, pytest.mark.page(width=1440, height=900, warnings=True)]

VIEWS = {
    "Kent by country": "council=kent-county-council&colour_by=country",
    "Leicester by country": "council=leicester-city-council&colour_by=country",
}


@pytest.fixture(scope="session")
def live_server(scratch_server):
    return scratch_server


def france(page, cy: str = CY) -> set[str]:
    """The colours the graph draws French bodies in."""
    return set(
        page.evaluate(
            f"{cy}.nodes().filter(n => n.data('by_country') === 'country-fr')"
            ".map(n => n.style('background-color'))"
        )
    )


def key_colours(page, key: str) -> dict[str, str]:
    """Each country the key names, and its swatch's colour as drawn."""
    return page.evaluate(
        """key => Object.fromEntries([...document.querySelectorAll(key + ' .legend-item')]
            .map(i => [i.innerText.split(':')[0].trim(),
                       getComputedStyle(i.querySelector('.swatch')).backgroundColor]))""",
        key,
    )


def test_france_is_one_colour_in_every_view_and_slide(browser, live_server):
    seen: dict[str, tuple[set[str], str]] = {}
    for width in (1440, 800):
        context, page = new_page(browser, width)
        try:
            for name, query in VIEWS.items():
                open_page(page, live_server, f"/network?{query}")
                page.wait_for_function(f"{CY}.nodes('[mcolour]').length > 0")
                drawn, key = france(page), key_colours(page, "#measure-legend")
                assert len(drawn) == 1 and "France" in key, name
                # the key's swatch is France's colour on the graph
                assert drawn == {key["France"].replace(" ", "")}
                assert len(set(key.values())) == len(key)  # no two countries alike
                seen[f"{name} {width}"] = (drawn, key["France"])
                keep_picture(page, f"views-colours-{name.split()[0].lower()}-{width}")
                if width == 1440:
                    page.get_by_text("Saved views", exact=True).click()
                    page.fill("#view-name", name)
                    page.click("#btn-view-save")
                    page.locator("#view-status").get_by_text(f"Saved '{name}'").wait_for()
        finally:
            context.close()
        assert page.errors == []
    assert len({(frozenset(d), k) for d, k in seen.values()}) == 1, seen

    context, page = new_page(browser, 1440)
    try:
        open_page(page, live_server, "/present?all=yes")
        titles = page.locator(".slide-title").all_inner_texts()
        for name in VIEWS:
            i = titles.index(name)
            slide = f"document.getElementById('p-cy-{i + 1}')._cyreg.cy"
            page.wait_for_function(f"{slide}.nodes('[mcolour]').length > 0")
            assert "France" in page.locator(".slide").nth(i).locator(".slide-key").inner_text()
            assert france(page, slide) == next(iter(seen.values()))[0], name
        page.locator(".slide", has_text="Leicester by country").scroll_into_view_if_needed()
        keep_picture(page, "views-colours-slides-1440")
    finally:
        context.close()
    assert page.errors == []
