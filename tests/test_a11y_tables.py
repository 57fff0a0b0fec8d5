"""Text alternatives of pictures, tested without a browser (issue 27): the Network page's table
lists exactly what the drawing draws, under the same filters, and each name opens its card."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.stores import EmbeddedStore
from loaders import read_register
from webapp import views as V
from webapp.drawing_table import drawing_summary, drawing_table

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def view():
    s = EmbeddedStore()
    s.replace(read_register(MINI).graph)
    return V.GraphView(s)


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        for c in children:
            yield from _walk(c)
    elif children is not None and not isinstance(children, (str, int, float)):
        yield from _walk(children)


def _rows(table_div) -> list[list]:
    """The body rows of a data_table: each cell's text, or its button."""
    body = next(c for c in _walk(table_div) if type(c).__name__ == "Tbody")
    out = []
    for tr in body.children:
        cells = []
        for cell in tr.children:
            value = cell.children
            cells.append(value)
        out.append(cells)
    return out


@pytest.mark.parametrize(
    ("tiers", "focus"), [([], None), (["strategic"], None), ([], "kent-virginia")]
)
def test_the_table_lists_every_node_and_relationship_drawn(view, tiers, focus):
    elements, _ = V.network_elements(view, V.Filters(tiers=tiers), focus=focus, hops=1)
    if focus:  # a focus draws the node and its neighbours only: so does the table
        assert {e["data"]["id"] for e in elements if "source" not in e["data"]} < set(view.g)
    nodes = [e["data"] for e in elements if "source" not in e["data"]]
    edges = [e["data"] for e in elements if "source" in e["data"]]
    assert nodes and edges
    summary, node_table, edge_table = drawing_table(elements)
    node_rows, edge_rows = _rows(node_table), _rows(edge_table)
    # every node drawn is a row, named as drawn; a record's name is a button opening its card
    named = {}
    for cells in node_rows:
        name = cells[0].children[0] if type(cells[0]).__name__ == "Th" else cells[0]
        named[getattr(name, "children", name)] = name
    assert sorted(named) == sorted(n["label"] for n in nodes)
    for n in nodes:
        button = named[n["label"]]
        if n.get("kind") != "Group":
            assert button.id == {"type": "drawn-open", "id": n["id"]}
    # every relationship drawn is a row: from, what, to, tier
    label = {n["id"]: n["label"] for n in nodes}
    assert sorted((r[0], r[2], r[3]) for r in edge_rows) == sorted(
        (label[e["source"]], label[e["target"]], e.get("tier") or "") for e in edges
    )
    if tiers:
        tiers_shown = {r[3] for r in edge_rows} - {""}
        assert tiers_shown == set(tiers)
    assert f"{len(nodes):,} nodes" in drawing_summary(elements)
    assert f"{len(edges):,} relationships" in drawing_summary(elements)


def test_an_empty_drawing_says_so():
    assert "empty" in drawing_summary([])
