"""User Cypher: writes refused before they reach the server, reads limited and parameterised."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.errors import ReadOnlyViolation
from graphmodel.readonly import check_read_only
from loaders import read_register

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE (n:Entity {id: 'x'})",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n {id: 'kent-cc'}) SET n.name = 'x'",
        "merge (n:Entity {id: 'x'})",
        "MATCH (n) REMOVE n.name",
        "MATCH (n) WITH n CALL apoc.create.node(['X'], {}) YIELD node RETURN node",
        "CALL db.createLabel('X')",
        "LOAD CSV FROM 'file:///x.csv' AS row RETURN row",
        "MATCH (n) FOREACH (x IN [1] | SET n.a = x)",
        "DROP CONSTRAINT entity_id",
        "MATCH (n) CALL { WITH n SET n.a = 1 } IN TRANSACTIONS",
    ],
)
def test_writes_are_refused(statement):
    with pytest.raises(ReadOnlyViolation, match="refused"):
        check_read_only(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "MATCH (n:Partnership) RETURN n.name",
        "MATCH (n) WHERE n.name = 'CREATE a link' RETURN n // SET in a comment",
        "MATCH (n) WHERE n.name CONTAINS $q RETURN count(n) AS settled",
        "MATCH p = shortestPath((a {id: $a})-[*..6]-(b {id: $b})) RETURN p",
    ],
)
def test_reads_pass(statement):
    assert check_read_only(statement) == statement


def test_empty_statement_gets_help():
    with pytest.raises(ReadOnlyViolation, match="MATCH"):
        check_read_only("  ")


@pytest.mark.bolt
def test_console_on_the_bolt_server(neo4j_store):
    from graphmodel.stores.neo4j_store import QueryFailed

    neo4j_store.replace(read_register(MINI).graph)
    before = neo4j_store.counts()
    # The stand-in accepts CREATE in READ access mode (a probe showed it), so refusal must
    # happen in our code: nothing reaches the server and nothing changes.
    with pytest.raises(ReadOnlyViolation):
        neo4j_store.run_user_cypher("CREATE (n:Entity {id: 'intruder'}) RETURN n")
    assert neo4j_store.counts() == before and neo4j_store.node("intruder") is None
    cols, rows, truncated = neo4j_store.run_user_cypher(
        "MATCH (p:Partnership) WHERE p.tier = $tier RETURN p.id AS id ORDER BY id",
        {"tier": "strategic"},
    )
    assert cols == ["id"] and [r["id"] for r in rows] == ["kent-npdc", "kent-virginia"]
    assert truncated is False
    _, rows, truncated = neo4j_store.run_user_cypher("MATCH (n:Entity) RETURN n.id AS id", limit=5)
    assert len(rows) == 5 and truncated is True
    with pytest.raises(QueryFailed):
        neo4j_store.run_user_cypher("MATCH (n RETURN n")


@pytest.mark.bolt
def test_a_lost_server_is_a_clear_error(bolt_settings, tmp_path):
    """A store whose server has gone away says so; it never leaks a driver traceback."""
    import sys

    from graphmodel.errors import StoreUnavailable
    from graphmodel.stores.neo4j_store import Neo4jStore

    sys.path.insert(0, str(Path(__file__).parent))
    from standin import BoltStandin

    with BoltStandin(tmp_path) as standin:
        store = Neo4jStore(standin.uri, standin.user, standin.password, standin.database)
        store.replace(read_register(MINI).graph)
        assert store.node("kent-cc")["name"] == "Kent CC"
        standin.stop()
        with pytest.raises(StoreUnavailable, match="is the server running"):
            store.node("kent-cc")
        store.close()
    with pytest.raises(StoreUnavailable, match="cannot reach Neo4j"):
        Neo4jStore(standin.uri, standin.user, standin.password, connection_timeout=2)
