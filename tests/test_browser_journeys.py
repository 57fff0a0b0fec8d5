"""An officer's journeys through the explorer (issue 10), in Debian's Chromium: each does what
a person would and asserts what they see or get."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from test_browser import live_server, open_page, page  # noqa: F401  (fixtures)

from webapp.exports import PRINT_PX

pytestmark = pytest.mark.browser

CY = "document.getElementById('cy')._cyreg.cy"


def drawn(pg) -> dict:
    """The ids of the nodes and relationships Cytoscape draws now, and the labels it shows."""
    return pg.evaluate(f"""(() => {{ const cy = {CY};
        return {{nodes: cy.nodes().map(n => n.id()), edges: cy.edges().map(e => e.id()),
                 labels: cy.nodes().filter(n => n.style('label')).map(n => n.style('label'))}};
    }})()""")


def download(pg, button: str) -> tuple[str, bytes]:
    with pg.expect_download() as info:
        pg.click(button)
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_exports_the_strategic_view_as_graphml_png_and_svg(page, live_server):  # noqa: F811
    open_page(page, live_server, "/network?tier=strategic")
    page.wait_for_selector("#cy canvas")
    page.wait_for_function(f"{CY}.nodes().length > 0")
    shown = drawn(page)

    name, data = download(page, "#btn-graphml")
    assert name == "partnergraph-network.graphml"
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert sorted(g.nodes) == sorted(shown["nodes"])
    assert sorted(k for *_, k in g.edges(keys=True)) == sorted(shown["edges"])
    assert g.nodes["kent-commonwealth-of-virginia"]["tier"] == "strategic"
    assert "kent-region-of-kosice" not in g  # exploring: filtered out, so not exported

    name, data = download(page, "#btn-png")
    assert name == "partnergraph-network.png" and data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert max(width, height) == PRINT_PX and min(width, height) > 1000

    name, data = download(page, "#btn-svg")
    assert name == "partnergraph-network.svg"
    svg = ET.fromstring(data)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox")
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert "Kent County Council" in texts
    # every label on screen is text in the file (a long one cut short with "…", as on screen)
    cores = {t.rstrip("…").strip() for t in texts if t}
    for label in shown["labels"]:
        assert any(len(core) > 3 and core in label for core in cores), label
    paths = list(svg.iter("{http://www.w3.org/2000/svg}path"))
    assert len(paths) >= len(shown["edges"])  # the relationships are drawn as vector paths
    assert page.locator("#export-status").inner_text() == ""
