"""The Network page's first mount (issue 25): the graph is mounted with the page's frame; the
controls and the legend are in the layout from the start (Dash knows every one of them, their
values and their callbacks) but wrapped in ``AfterGraph``, so the browser mounts them just
after the graph is painted (``assets/later.js``; the order is checked in
``test_browser_network_first_draw.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.stores import EmbeddedStore
from loaders import read_register
from webapp import create_app
from webapp.later import AfterGraph

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def network_page():
    from webapp.pages import network

    store = EmbeddedStore()
    store.replace(read_register(MINI).graph)
    app = create_app(store)
    ctx = app.server.config["partnergraph_context"]
    return network.layout(ctx, {"tier": ["strategic"], "hops": 2})


def _ids(tree) -> set[str]:
    return {c.id for c in tree._traverse() if isinstance(getattr(c, "id", None), str)}


def _first_mount(tree) -> list:
    """The components mounted with the page: everything not inside an ``AfterGraph``."""
    out, todo = [], [tree]
    while todo:
        c = todo.pop()
        if isinstance(c, AfterGraph) or not hasattr(c, "_type"):
            continue
        out.append(c)
        kids = getattr(c, "children", None)
        todo.extend(kids if isinstance(kids, (list, tuple)) else [kids])
    return out


def test_the_graph_is_in_the_first_mount_and_the_controls_and_legend_after_it(network_page):
    first = _first_mount(network_page)
    first_ids = {c.id for c in first if isinstance(getattr(c, "id", None), str)}
    assert {"cy", "view-message", "measure-legend", "drawing-table"} <= first_ids
    later = [c for c in network_page._traverse() if isinstance(c, AfterGraph)]
    assert len(later) == 2  # the controls, the kinds' legend
    held_back = set().union(*(_ids(c) for c in later))
    for control in ("f-tier", "f-council", "f-years", "search-text", "btn-path", "layout"):
        assert control in held_back, control
    assert not held_back & first_ids
    assert any("legend" == getattr(c, "className", None) for c in later[1]._traverse())
    # two thirds of the page's components wait for the graph
    assert len(first) < len(list(network_page._traverse())) / 2


def test_the_controls_held_back_keep_the_settings_the_page_was_opened_with(network_page):
    tier = next(c for c in network_page._traverse() if getattr(c, "id", None) == "f-tier")
    hops = next(c for c in network_page._traverse() if getattr(c, "id", None) == "hops")
    assert tier.value == ["strategic"] and hops.value == 2


def test_after_graph_is_sent_as_a_component_of_its_own_with_its_children():
    from dash import html

    sent = AfterGraph(html.Span("x", id="inside"), id="later").to_plotly_json()
    assert sent["namespace"] == "partnergraph_later" and sent["type"] == "AfterGraph"
    assert sent["props"]["id"] == "later" and sent["props"]["children"].id == "inside"
    # drawn by an asset of the app's own (the namespace is defined there)
    script = (Path(__file__).parent.parent / "webapp" / "assets" / "later.js").read_text()
    assert "partnergraph_later" in script and "AfterGraph" in script
