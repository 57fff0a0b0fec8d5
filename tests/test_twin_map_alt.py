"""The Map's twin network view said in words (issue 27, WCAG 1.1.1): a title, a one-line summary
and a table of every place the view holds, drawn or not, agreeing with what the figure draws."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.stores import EmbeddedStore
from graphmodel.twins import with_reference
from loaders import read_register
from loaders.reference import read_reference
from webapp import create_app
from webapp.pages.map import great_circle, map_title
from webapp.twin_map import twin_network, twin_network_alt, twin_network_figure

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def ctx():
    store = EmbeddedStore()
    store.replace(with_reference(read_register(MINI).graph, read_reference()))
    return create_app(store).server.config["partnergraph_context"]


def _text(component) -> str:
    """The text a component shows (its children, depth first)."""
    if component is None or isinstance(component, bool):
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def _rows(alt) -> list[list[str]]:
    table = alt.children[2].children  # Details: Summary, P(summary), Div(table)
    body = table.children[2]
    return [[_text(cell) for cell in tr.children] for tr in body.children]


def test_the_table_lists_every_place_the_view_holds_and_how_it_is_drawn(ctx):
    g = ctx.view.g
    net = twin_network(g, ["chongqing-gov"])
    alt = twin_network_alt(g, ["chongqing-gov"])
    rows = _rows(alt)
    assert len(rows) == len(net["homes"]) + len(net["points"])
    assert rows[0][0] == "Chongqing" and rows[0][2] == "home"
    fig, _ = twin_network_figure(g, ["chongqing-gov"], great_circle)
    drawn = {c[0] for t in fig.data if t.mode == "markers" for c in (t.customdata or [])}
    by_item = {r[4]: r for r in rows}
    assert set(by_item) == {p["id"] for p in net["homes"] + net["points"]}
    for item, row in by_item.items():  # "On the map" agrees with the figure's markers
        assert (row[5] != "not drawn: no coordinates") == (item in drawn), row
    twins = [r for r in rows if r[2] == "twin"]
    assert twins and all(r[3] == "Chongqing" for r in twins)


def test_the_summary_counts_what_the_table_holds(ctx):
    alt = twin_network_alt(ctx.view.g, ["chongqing-gov"])
    rows = _rows(alt)
    summary = _text(alt.children[1])
    twins = sum(1 for r in rows if r[2] == "twin")
    further = sum(1 for r in rows if r[2] == "twin of a twin")
    assert summary.startswith(f"Chongqing and {twins} twin")
    assert f"and {further} twin" in summary and "(Wikidata P190)" in summary
    assert alt.children[1].id == "map-summary"  # it describes the chart


def test_without_a_match_nothing_is_tabled_and_the_title_says_which_view(ctx):
    alt = twin_network_alt(ctx.view.g, ["kent-cc"])
    assert alt.id == "map-summary" and alt.hidden
    assert map_title(ctx.view, "chongqing-gov", "twins").startswith("Twin network of ")
    assert "(reference, Wikidata P190)" in map_title(ctx.view, "chongqing-gov", "twins")
    assert map_title(ctx.view, "kent-cc", "distance").endswith(" by distance")
