"""The GraphStore contract, run against every available store (see conftest.store)."""

from __future__ import annotations

import pytest

from graphmodel.build.graph import Edge, Node, PartnerGraph
from graphmodel.errors import NodeNotFound
from graphmodel.stores import EmbeddedStore
from graphmodel.stores.base import ReadForms


def small_graph() -> PartnerGraph:
    src = ["doc.txt § section 1"]
    g = PartnerGraph()
    for node in [
        Node(
            "kent-county-council",
            "Organisation",
            "Kent County Council",
            {"type": "council", "home": True},
            ["KCC"],
            src,
        ),
        Node(
            "commonwealth-of-virginia",
            "Organisation",
            "Commonwealth of Virginia",
            {"type": "state", "home": False},
            ["Virginia"],
            src,
        ),
        Node(
            "kent-virginia-mou-2006",
            "Agreement",
            "Kent–Virginia MoU",
            {"type": "mou", "signed": "2006-11-14", "areas": ["Trade", "Tourism"]},
            [],
            src,
        ),
        Node("trade", "Theme", "Trade", {}, [], ["doc.txt § areas"]),
    ]:
        g.nodes[node.id] = node
    for e in [
        Edge("kent-county-council", "kent-virginia-mou-2006", "PARTY_TO", "", {}, src),
        Edge("commonwealth-of-virginia", "kent-virginia-mou-2006", "PARTY_TO", "", {}, src),
        Edge("kent-virginia-mou-2006", "trade", "COVERS", "Trade", {"text": "Trade"}, src),
    ]:
        g.edges[e.ident] = e
    return g


def test_replace_then_counts(store):
    store.replace(small_graph())
    assert store.counts() == {
        "nodes": {"Agreement": 1, "Organisation": 2, "Theme": 1},
        "relationships": {"COVERS": 1, "PARTY_TO": 2},
    }


def test_node_properties_and_provenance_round_trip(store):
    store.replace(small_graph())
    mou = store.node("kent-virginia-mou-2006")
    assert mou["label"] == "Agreement"
    assert mou["signed"] == "2006-11-14"
    assert mou["areas"] == ["Trade", "Tourism"]
    assert mou["sources"] == ["doc.txt § section 1"]
    assert store.node("no-such-node") is None


def test_relationships_both_directions_with_sources(store):
    store.replace(small_graph())
    rels = store.relationships("kent-virginia-mou-2006")
    assert [(r["direction"], r["type"], r["other_id"]) for r in rels] == [
        ("out", "COVERS", "trade"),
        ("in", "PARTY_TO", "commonwealth-of-virginia"),
        ("in", "PARTY_TO", "kent-county-council"),
    ]
    covers = rels[0]
    assert covers["text"] == "Trade" and covers["sources"] == ["doc.txt § section 1"]


def test_loading_twice_gives_the_same_graph(store):
    store.replace(small_graph())
    first = store.to_graph()
    store.replace(small_graph())
    second = store.to_graph()
    assert {k: v.as_dict() for k, v in first.nodes.items()} == {
        k: v.as_dict() for k, v in second.nodes.items()
    }
    assert set(first.edges) == set(second.edges)
    assert store.counts()["relationships"] == {"COVERS": 1, "PARTY_TO": 2}


def test_replace_swaps_the_whole_graph(store):
    store.replace(small_graph())
    smaller = small_graph()
    del smaller.nodes["trade"]
    smaller.edges = {k: e for k, e in smaller.edges.items() if e.type != "COVERS"}
    store.replace(smaller)
    assert store.node("trade") is None
    assert store.counts()["relationships"] == {"PARTY_TO": 2}


def test_a_failed_load_changes_nothing(store):
    store.replace(small_graph())
    before = store.to_graph()
    bigger = small_graph()
    bigger.nodes["tourism"] = Node("tourism", "Theme", "Tourism", {}, [], ["doc.txt § x"])

    def interrupted(done, total, what):
        raise KeyboardInterrupt("load interrupted")  # as if the user pressed Ctrl-C mid-load

    with pytest.raises(KeyboardInterrupt):
        store.replace(bigger, progress=interrupted)
    assert store.node("tourism") is None
    after = store.to_graph()
    assert set(after.nodes) == set(before.nodes) and set(after.edges) == set(before.edges)


def test_get_resolves_aliases_and_suggests(store):
    store.replace(small_graph())
    assert store.get("KCC")["id"] == "kent-county-council"
    assert store.get("virginia")["id"] == "commonwealth-of-virginia"
    with pytest.raises(NodeNotFound) as info:
        store.get("kent-virgina-mou")
    assert "kent-virginia-mou-2006" in info.value.suggestions
    assert "did you mean" in str(info.value)


def test_bundled_register_in_every_store(store, bundled):
    store.replace(bundled.graph)
    assert store.counts() == bundled.graph.counts()
    back = store.to_graph()
    assert set(back.nodes) == set(bundled.graph.nodes)
    assert set(back.edges) == set(bundled.graph.edges)
    for node_id, node in bundled.graph.nodes.items():
        assert back.nodes[node_id].sources == node.sources, node_id


def test_embedded_name_index_is_built_once_per_graph(bundled):
    """Each look-up by name used to rebuild the index of every name (seconds at 1M)."""
    store = EmbeddedStore()
    store.replace(bundled.graph)
    first = store.name_index()
    assert store.get("KCC")["id"] == "kent-county-council"
    assert store.name_index() is first
    store.replace(bundled.graph)  # a new graph, a new index
    assert store.name_index() is not first
    assert store.get("KCC")["id"] == "kent-county-council"


def _view_as_rows(view):
    nodes = {n: dict(d) for n, d in view.nodes(data=True)}
    edges = sorted(
        (u, v, k, tuple(sorted((x, str(y)) for x, y in d.items())))
        for u, v, k, d in view.edges(keys=True, data=True)
    )
    return nodes, edges


def test_the_read_view_is_the_same_graph_on_every_store(store):
    store.replace(small_graph())
    reference = EmbeddedStore()
    reference.replace(small_graph())
    assert _view_as_rows(store.read_view()) == _view_as_rows(reference.read_view())
    view = store.read_view()
    assert view.nodes["kent-county-council"]["aliases"] == ["KCC"]
    assert view.edges["kent-virginia-mou-2006", "trade", "COVERS|Trade"]["text"] == "Trade"


PARTIES = ReadForms(
    embedded=lambda g, agreement: [
        {"party": u} for u, _, t in g.in_edges(agreement, data="type") if t == "PARTY_TO"
    ],
    cypher=lambda run, agreement: run(
        "MATCH (p:Entity)-[:PARTY_TO]->(a:Entity {id: $agreement}) RETURN p.id AS party",
        agreement=agreement,
    ),
)


def test_a_named_read_gives_the_same_rows_on_every_store(store):
    store.replace(small_graph())
    rows = store.run_named(PARTIES, {"agreement": "kent-virginia-mou-2006"})
    assert sorted(r["party"] for r in rows) == ["commonwealth-of-virginia", "kent-county-council"]


def test_each_store_runs_the_form_it_can(store):
    """The embedded store never sees Cypher; a Cypher store never ships the graph over."""
    ran = []
    forms = ReadForms(
        embedded=lambda g: ran.append("embedded") or [],
        cypher=lambda run: ran.append("cypher") or run("RETURN 1 AS one"),
    )
    store.replace(small_graph())
    store.run_named(forms, {})
    assert ran == (["cypher"] if store.runs_cypher else ["embedded"])


def test_a_derived_value_is_never_stale(store):
    calls = []
    store.replace(small_graph())
    first = store.derived("parties", lambda: calls.append(1) or len(calls))
    again = store.derived("parties", lambda: calls.append(1) or len(calls))
    assert again in (first, first + 1)  # kept, or computed again: never another graph's
    store.replace(small_graph())
    assert store.derived("parties", lambda: "new graph") == "new graph"


def test_embedded_keeps_a_derived_value_until_a_write(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    assert store.read_view() is store.read_view()
    first = store.derived("x", object)
    assert store.derived("x", object) is first
    store.replace(bundled.graph)
    assert store.derived("x", object) is not first


def _one_more_theme() -> PartnerGraph:
    part = PartnerGraph()
    part.nodes["tourism"] = Node("tourism", "Theme", "Tourism", {}, [], ["doc.txt § areas"])
    e = Edge("kent-virginia-mou-2006", "tourism", "COVERS", "Tourism", {"text": "Tourism"}, [])
    part.edges[e.ident] = e
    return part


def test_add_writes_the_file_and_the_store_together(store):
    store.replace(small_graph())
    # counted when the graph was built: a write must not leave the old counts standing
    assert store.counts()["relationships"] == {"COVERS": 1, "PARTY_TO": 2}
    written = []
    store.add(_one_more_theme(), before_commit=lambda: written.append("file"), undo=written.clear)
    assert written == ["file"]
    assert store.node("tourism")["name"] == "Tourism"
    assert store.counts()["relationships"] == {"COVERS": 2, "PARTY_TO": 2}
    assert store.counts()["nodes"]["Theme"] == 2


def test_relationship_counts_made_with_the_build_match_a_walk_of_the_graph():
    from graphmodel.stores.embedded import _counts, adopt

    nodes = {n: {"id": n, "label": "Organisation"} for n in "abc"}
    edges = [
        {"source": "a", "target": "b", "type": "PART_OF", "key": ""},
        {"source": "a", "target": "b", "type": "PART_OF", "key": ""},  # the same one again
        {"source": "a", "target": "b", "type": "PART_OF", "key": "2"},
        {"source": "b", "target": "c", "type": "OWNS", "key": ""},
    ]
    by_type: dict[str, int] = {}
    g = adopt(nodes, edges, by_type)
    assert by_type == {"PART_OF": 2, "OWNS": 1}
    assert _counts(g, by_type) == _counts(g)
    # a builder's relationships, keyed by (source, type, target, key), counted from the keys
    keyed = {(e["source"], e["type"], e["target"], e["key"]): e for e in edges}
    by_type = {}
    g = adopt(nodes, keyed, by_type)
    assert by_type == {"PART_OF": 2, "OWNS": 1} and _counts(g, by_type) == _counts(g)
    # two keys that make one key string in NetworkX ("A|B" + "" and "A" + "B|"): one is wired,
    # and the counts say so
    odd = [
        {"source": "a", "target": "c", "type": "A|B", "key": ""},
        {"source": "a", "target": "c", "type": "A", "key": "B|"},
    ]
    by_type = {}
    g = adopt(nodes, {(e["source"], e["type"], e["target"], e["key"]): e for e in odd}, by_type)
    assert g.number_of_edges() == 1 and by_type == {"A": 1} and _counts(g, by_type) == _counts(g)


def test_a_file_that_cannot_be_written_leaves_the_store_as_it_was(store):
    store.replace(small_graph())
    before = store.counts()

    def fail() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        store.add(_one_more_theme(), before_commit=fail)
    assert store.counts() == before and store.node("tourism") is None
