"""User Cypher: writes refused before they reach the server, reads limited and parameterised."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.errors import ReadOnlyViolation
from graphmodel.safety.readonly import check_read_only
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


@pytest.mark.bolt
def test_a_query_past_its_timeout_is_stopped(neo4j_store):
    """The client gives up at the deadline even on a server that ignores transaction timeouts
    (the stand-in does), and the store answers the next query at once."""
    import time

    from graphmodel.stores.neo4j_store import QueryFailed

    neo4j_store.replace(read_register(MINI).graph)
    slow = "MATCH (a), (b), (c), (d) WHERE a.id + b.id + c.id + d.id = 'nope' RETURN count(*) AS n"
    start = time.monotonic()
    with pytest.raises(QueryFailed, match="ran past its 1 s timeout"):
        neo4j_store.run_user_cypher(slow, timeout=1)
    assert time.monotonic() - start < 10
    _, rows, _ = neo4j_store.run_user_cypher("MATCH (p:Partnership) RETURN count(p) AS n")
    assert rows == [{"n": 4}]


@pytest.mark.bolt
def test_neo4j_plans_writes_as_writes(neo4j_store):
    """On Neo4j itself, EXPLAIN's query type is the second line of defence."""
    if not neo4j_store.is_neo4j():
        pytest.skip("EXPLAIN's query type is checked on Neo4j only (the stand-in reports 'w')")
    assert neo4j_store.query_type("MATCH (n) RETURN n") == "r"
    assert neo4j_store.query_type("CREATE (n) RETURN n") in ("w", "rw")


@pytest.mark.parametrize("bad", ["0", "-1", "nan", "inf", "abc", "99999"])
def test_a_bad_timeout_is_refused_with_a_clear_message(bad):
    from click.testing import CliRunner

    from partnergraph.cli import main

    result = CliRunner().invoke(main, ["cypher", "RETURN 1", "--timeout", bad])
    assert result.exit_code == 2
    assert "number above 0" in result.output and "Traceback" not in result.output
