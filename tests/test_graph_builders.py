"""One builder per record kind, found by model class; relationship types derive from them."""

from __future__ import annotations

import pytest

from graphmodel.build.graph import EDGE_TYPES, build_graph
from graphmodel.build.registry import BUILDERS
from graphmodel.model.records import RECORD_MODELS


@pytest.mark.parametrize("kind", sorted(RECORD_MODELS))
def test_every_record_kind_has_a_builder(kind):
    model, _ = RECORD_MODELS[kind]
    assert model in BUILDERS, f"{kind}: register a builder for {model.__name__} (build/kinds.py)"


def test_every_relationship_in_the_bundled_graph_is_a_declared_type(bundled):
    drawn = {e.type for e in bundled.graph.edges.values()}
    assert drawn <= set(EDGE_TYPES), drawn - set(EDGE_TYPES)


def _records(**kinds):
    out = {}
    for kind, raws in kinds.items():
        model, _ = RECORD_MODELS[kind]
        out[kind] = [
            (model.model_validate(raw), ("t.yaml", i + 1, raw.get("id")))
            for i, raw in enumerate(raws)
        ]
    return out


SRC = [{"doc": "paper.txt", "section": "s1"}]


def test_a_part_names_its_place_in_the_list_and_gives_the_relationship_its_key():
    graph, issues = build_graph(
        _records(
            organisations=[{"id": "kcc", "name": "KCC", "type": "council", "sources": SRC}],
            people=[
                {
                    "id": "ann",
                    "name": "Ann",
                    "roles": [
                        {"title": "Leader", "organisation": "kcc", "start": "2005"},
                        {"title": "Chair", "organisation": "nowhere"},
                    ],
                    "sources": SRC,
                }
            ],
        )
    )
    assert [(i.record, i.field) for i in issues] == [("ann", "roles[1].organisation")]
    (role,) = [e for e in graph.edges.values() if e.type == "HAS_ROLE"]
    assert (role.src, role.dst, role.key, role.props) == (
        "ann",
        "kcc",
        "Leader",
        {"title": "Leader", "start": "2005"},
    )
    assert role.sources == ["paper.txt § s1"]


def test_a_country_code_becomes_one_country_node_and_a_bad_code_is_named():
    graph, issues = build_graph(
        _records(
            organisations=[
                {"id": "a", "name": "A", "type": "council", "country": "FR", "sources": SRC},
                {"id": "b", "name": "B", "type": "council", "country": "FR", "sources": SRC},
                {"id": "c", "name": "C", "type": "council", "country": "XX", "sources": SRC},
            ]
        )
    )
    assert graph.nodes["country-fr"].name == "France"
    assert {(e.src, e.type) for e in graph.edges.values()} == {
        ("a", "IN_COUNTRY"),
        ("b", "IN_COUNTRY"),
    }
    assert [(i.record, i.field) for i in issues] == [("c", "country")]
    assert "not an ISO 3166-1" in issues[0].message
