"""The Cypher of the Neo4j store's own work: loading, merging, counting, reading nodes and
relationships. Values are always parameters.

A named read keeps its Cypher beside its embedded form in its own module (each query in
``graphmodel/queries/``, the papers in ``graphmodel/views/sources.py``, projections in
``graphmodel/analytics/projection.py``); the store runs it through
:meth:`~graphmodel.stores.neo4j_store.Neo4jStore.run_named`.

Labels and relationship types cannot be parameters in Cypher; they are formatted in only from
the fixed vocabularies ``NODE_LABELS`` / ``EDGE_TYPES`` (checked by :func:`label` and
:func:`rel_type`), never from user input.
"""

from __future__ import annotations

import re

from graphmodel.build.graph import EDGE_TYPES, NODE_LABELS

ENTITY = "Entity"
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

CONSTRAINT = f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.id IS UNIQUE"

DELETE_ALL = f"MATCH (n:{ENTITY}) DETACH DELETE n"


def label(name: str) -> str:
    if name not in NODE_LABELS or not _IDENT.match(name):
        raise ValueError(f"unknown node label {name!r}")
    return name


def rel_type(name: str) -> str:
    if name not in EDGE_TYPES or not _IDENT.match(name):
        raise ValueError(f"unknown relationship type {name!r}")
    return name


def merge_nodes(node_label: str) -> str:
    """One batch of nodes of one label: ``$rows`` = [{id, props}]."""
    # Both labels in the MERGE pattern (not MERGE then SET n:Label): Neo4j treats the two forms
    # alike after a clear, and the ArcadeDB stand-in rejects adding a label to a merged node
    # (ConstraintValidationFailed), so the form both accept is used.
    return (
        f"UNWIND $rows AS row MERGE (n:{ENTITY}:{label(node_label)} {{id: row.id}}) "
        "SET n += row.props"
    )


def merge_edges(edge_type: str) -> str:
    """One batch of relationships of one type: ``$rows`` = [{src, dst, key, props}]."""
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{ENTITY} {{id: row.src}}) MATCH (b:{ENTITY} {{id: row.dst}}) "
        f"MERGE (a)-[r:{rel_type(edge_type)} {{key: row.key}}]->(b) SET r += row.props"
    )


def create_nodes(node_label: str) -> str:
    """One batch of new nodes of one label: ``$rows`` = [{id, props}].

    For a load into a cleared graph (``Neo4jStore.replace``), where every id is new and appears
    once: CREATE does there what :func:`merge_nodes` would, without a lookup per row. It matters
    on the ArcadeDB stand-in, whose MERGE with two labels does not use the ``Entity.id`` index
    and scans the label instead, so a load grew with the square of the nodes per label.
    """
    return (
        f"UNWIND $rows AS row CREATE (n:{ENTITY}:{label(node_label)}) "
        "SET n.id = row.id, n += row.props"
    )


def create_edges(edge_type: str) -> str:
    """One batch of new relationships of one type: ``$rows`` = [{src, dst, key, props}].

    For a load into a cleared graph, where (source, type, target, key) appears once: CREATE
    does what :func:`merge_edges` would, without looking through the relationships already there.
    """
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{ENTITY} {{id: row.src}}) MATCH (b:{ENTITY} {{id: row.dst}}) "
        f"CREATE (a)-[r:{rel_type(edge_type)}]->(b) SET r.key = row.key, r += row.props"
    )


COUNT_NODES = f"MATCH (n:{ENTITY}) RETURN n.label AS label, count(*) AS n"
COUNT_EDGES = f"MATCH (a:{ENTITY})-[r]->(b:{ENTITY}) RETURN type(r) AS type, count(*) AS n"
GET_NODE = f"MATCH (n:{ENTITY} {{id: $id}}) RETURN properties(n) AS p"
NODE_RELS = (
    f"MATCH (n:{ENTITY} {{id: $id}})-[r]->(m:{ENTITY}) "
    "RETURN 'out' AS direction, type(r) AS type, properties(r) AS p, "
    "m.id AS other_id, m.label AS other_label, m.name AS other_name "
    "UNION ALL "
    f"MATCH (n:{ENTITY} {{id: $id}})<-[r]-(m:{ENTITY}) "
    "RETURN 'in' AS direction, type(r) AS type, properties(r) AS p, "
    "m.id AS other_id, m.label AS other_label, m.name AS other_name"
)
ALL_NODES = f"MATCH (n:{ENTITY}) RETURN properties(n) AS p"
ALL_EDGES = (
    f"MATCH (a:{ENTITY})-[r]->(b:{ENTITY}) "
    "RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS p"
)
PING = "RETURN 1 AS ok"
