"""The projection read from the wiring the embedded store keeps with a graph it made (adopt)
is the projection read from NetworkX's own dicts, and a graph changed since has no wiring."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphmodel.analytics import identity
from graphmodel.analytics import projection as P
from graphmodel.build.elements import Edge
from graphmodel.build.graph import PartnerGraph
from graphmodel.stores.embedded import EmbeddedStore, adopt, wiring_of

LABELS = ["Organisation", "Partnership", "Place", "Country", "Document", "Theme", "Event", None]
TYPES = ["WORKS_WITH", "LOCATED_IN", "IN_COUNTRY", "ADDRESSES", "PART_OF", "HELD_IN", "INVOLVES"]


@st.composite
def registers(draw):
    """Nodes of every label and relationships of every type, with self-loops, parallel
    relationships, the same relationship twice, and ends that have no node of their own."""
    n = draw(st.integers(1, 25))
    ids = [f"n{i:02d}" for i in draw(st.permutations(range(n)))]
    nodes = {x: {"id": x, "label": draw(st.sampled_from(LABELS)), "name": x.upper()} for x in ids}
    ends = st.sampled_from(ids + ["stray-1", "stray-2"])
    rel = st.fixed_dictionaries(
        {
            "source": ends,
            "target": ends,
            "type": st.sampled_from(TYPES),
            "key": st.sampled_from(["", "", "2"]),
        }
    )
    return nodes, draw(st.lists(rel, max_size=60))


def _same(a: P.Projection, b: P.Projection) -> None:
    assert (a.ids, a.labels, a.names) == (b.ids, b.labels, b.names)
    assert a.graph.get_edgelist() == b.graph.get_edgelist()


@settings(max_examples=120, deadline=None)
@given(registers(), st.booleans(), st.sampled_from(["partnership", "all"]))
def test_the_wired_projection_is_the_projection_of_the_dicts(register, keyed, kind):
    nodes, rels = register
    edges = {(e["source"], e["type"], e["target"], e["key"]): e for e in rels} if keyed else rels
    g = adopt(dict(nodes), edges)
    assert wiring_of(g) is not None
    wired = P.GraphArrays._of_wiring(g, wiring_of(g))
    assert wired is not None  # read from the wiring, not fallen back on the dicts
    _same(P._project(kind, wired), P._project(kind, P.GraphArrays._of_adjacency(g)))
    # and both are the projection of the relationships as given, one at a time
    plain = P.build_projection(
        kind,
        ((n, d.get("label"), d.get("name")) for n, d in g.nodes(data=True)),
        g.edges(data="type"),
    )
    _same(P.projection_of_graph(g, kind), plain)


def test_the_wiring_keeps_to_the_graph_it_was_made_with(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    g = store.g
    assert wiring_of(g) is not None
    first = P.projection_of_graph(g)
    # a write swaps in a new graph: no wiring, so its projection is read from its dicts and
    # holds the new relationship
    a, b = sorted(n for n, d in g.nodes(data=True) if d.get("label") == "Organisation")[:2]
    part = PartnerGraph()
    e = Edge(a, b, "WORKS_WITH", "new-link", {}, ["test"])
    part.edges[e.ident] = e
    assert not first.graph.are_adjacent(first.index[a], first.index[b])
    store.add(part)
    assert store.g is not g and wiring_of(store.g) is None
    after = P.projection_of_graph(store.g)
    assert after.graph.are_adjacent(after.index[a], after.index[b])
    assert wiring_of(g) is not None and P.projection_of_graph(g) is first  # the old is as was
    # a graph edited in place by hand (the store never does) loses its wiring
    g.add_node("by-hand", label="Organisation")
    assert wiring_of(g) is None


def test_a_graph_not_made_by_adopt_is_read_from_its_dicts():
    g = nx.MultiDiGraph()
    g.add_node("a", label="Organisation", name="A")
    g.add_node("b", label="Organisation", name="B")
    g.add_edge("a", "b", type="WORKS_WITH")
    assert wiring_of(g) is None
    p = P.projection_of_graph(g)
    assert p.ids == ["a", "b"] and p.graph.ecount() == 1 and p.names == ["A", "B"]


@pytest.mark.parametrize("reader", ["list's own pointers", "map(id)"])
def test_addresses_are_the_ids(reader, monkeypatch):
    if reader == "map(id)":
        monkeypatch.setattr(identity, "_read_items", None)
    items = [object() for _ in range(1000)] + ["a", "a", None, 3]
    assert identity.addresses(items).tolist() == [id(x) for x in items]
    assert identity.addresses([]).tolist() == []


def test_a_name_is_read_alone_or_with_all_the_others():
    p = P.build_projection("all", [("b", "Organisation", "B"), ("a", "Person", None)], [])
    assert [p.name(0), p.name(1)] == [None, "B"]
    assert p.names == [None, "B"] and p.name(1) == "B"


def test_two_keys_wired_as_one_fall_back_on_the_dicts():
    """Types holding "|" can make two keys one key string ("A|B" + "" and "A" + "B|"): NetworkX
    keeps one relationship, so the wiring (which saw two) is not used."""
    nodes = {n: {"id": n, "label": "Organisation", "name": n} for n in "ab"}
    odd = [
        {"source": "a", "target": "b", "type": "A|B", "key": ""},
        {"source": "a", "target": "b", "type": "A", "key": "B|"},
    ]
    g = adopt(nodes, {(e["source"], e["type"], e["target"], e["key"]): e for e in odd})
    assert P.GraphArrays._of_wiring(g, wiring_of(g)) is None
    _same(P.projection_of_graph(g), P._project("partnership", P.GraphArrays._of_adjacency(g)))
