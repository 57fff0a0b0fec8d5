"""Sizing by centrality and colouring by community, as the Network page applies them."""

from __future__ import annotations

import pytest

from graphmodel.queries import run_query
from graphmodel.stores import EmbeddedStore
from webapp import views as V
from webapp.graphview import GraphView
from webapp.measures import PALETTE, decorate, graph_link, measure_legend, with_graph_links


@pytest.fixture(scope="module")
def view(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return GraphView(store)


def test_sizes_follow_centrality_and_colours_communities(view):
    elements, _ = V.network_elements(view, V.Filters())
    assert decorate(view, elements, []) is elements
    done = decorate(view, elements, ["size", "colour"])
    nodes = [el for el in done if "source" not in el["data"]]
    sized = [el["data"] for el in nodes if el["data"].get("msize")]
    assert len(sized) > 20
    ranked = sorted(sized, key=lambda d: d["by_betweenness"])
    assert [d["msize"] for d in ranked] == sorted(d["msize"] for d in ranked)
    assert max(sized, key=lambda d: d["msize"])["label"] == "Kent County Council"
    top = {r["id"]: r for r in run_query(view.store, "centrality", top=5)}
    for d in sized:
        if d["id"] in top:
            assert d["by_betweenness"] == pytest.approx(top[d["id"]]["betweenness"], abs=1e-6)
    communities = {
        m: r["community"]
        for r in run_query(view.store, "communities", min_size=1)
        for m in r["members"]
    }
    for d in (el["data"] for el in nodes if "by_community" in el["data"]):
        assert d["by_community"] == communities[d["id"]]
        if d["by_community"] <= len(PALETTE):
            assert d["mcolour"] == PALETTE[d["by_community"] - 1]
    # reference nodes are not in the partnership network: left as they were
    for el in nodes:
        if el["data"]["kind"] in ("Country", "Theme"):
            assert not el["data"].get("msize") and not el["data"].get("by_betweenness")
    legend = str(measure_legend(view, done, ["size", "colour"]))
    assert "betweenness centrality" in legend and "Kent County Council" in legend


def test_analytics_tables_link_to_the_graph(view):
    rows = run_query(view.store, "centrality", top=3)
    flat = [dict(r) for r in rows]
    columns, linked = with_graph_links("centrality", [{"field": "id"}], rows, flat, view)
    assert columns[0] == {"field": "graph", "headerName": "graph", "cellRenderer": "markdown"}
    assert linked[0]["graph"] == f"[open in graph]({graph_link(rows[0]['id'])})"
    assert graph_link("kent-county-council") == (
        "/network?focus=kent-county-council&size_by=betweenness&colour_by=community"
    )
    # other queries' rows about a node link to it plainly (no measures)
    near = run_query(view.store, "neighbours", node="lovech")
    _, linked = with_graph_links("neighbours", [], near, [dict(r) for r in near], view)
    assert linked[0]["graph"] == f"[open in graph](/network?focus={near[0]['id']})"
    partners = run_query(view.store, "partners", council="kent-county-council")
    _, linked = with_graph_links("partners", [], partners, [dict(r) for r in partners], view)
    assert {r["graph"] for r in linked} == {
        f"[open in graph](/network?focus={r['partner']})" for r in partners
    }
    # tables about no one node are left alone
    costs = run_query(view.store, "directorate_costs", council="kent-county-council")
    flat = [dict(r) for r in costs]
    assert with_graph_links("directorate_costs", [], costs, flat, view) == ([], flat)
