"""The ArcadeDB Bolt stand-in (tests/standin.py): it starts, and the Cypher the Neo4j store uses
behaves as on Neo4j 5, or as recorded here where it does not.

Observed with arcadedb-embedded 26.10.2 and neo4j driver 6.4 (server agent
"Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)", Bolt 5.4):

* ``CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE`` works, is
  idempotent, shows in ``SHOW CONSTRAINTS``/``SHOW INDEXES`` and is enforced (ConstraintError).
* ``session(database=<name>)`` and ``session(database=None)`` both reach the stand-in's database
  (it is the Bolt default); an unknown name gives Neo.ClientError.Database.DatabaseNotFound.
* A READ_ACCESS session runs a CREATE and commits it: the stand-in does not enforce the access
  mode (Neo4j refuses writes in a read session). Tests must not rely on that refusal.
* ``SET n:Organisation`` changes ``elementId(n)`` (the record moves to another ArcadeDB type);
  Neo4j keeps it stable. Relationships and properties survive the move.
* An auto-commit ``session.run`` of ``UNWIND ... MERGE`` is not atomic: rows are committed one
  by one, so a failing row leaves the earlier ones written, and a relationship MERGE batch of
  thousands of rows fails with TransientError ("... modified by a concurrent transaction") half
  done. Explicit transactions (``begin_transaction``/``execute_write``) are atomic and work.
* Maps as property values are refused, as on Neo4j (CypherTypeError, InvalidPropertyType).
"""

from __future__ import annotations

import time

import pytest

neo4j = pytest.importorskip("neo4j")

from standin import BoltStandin, find_arcadedb_home  # noqa: E402

pytestmark = pytest.mark.skipif(
    find_arcadedb_home() is None, reason="arcadedb-embedded is not installed"
)

CONSTRAINT = "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE"
MERGE_NODES = "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n += row.props"
MERGE_LINKS = (
    "UNWIND $rows AS row MATCH (a:Entity {id: row.src}) MATCH (b:Entity {id: row.dst}) "
    "MERGE (a)-[r:LINKED {key: row.key}]->(b) SET r += row.props"
)


@pytest.fixture(scope="module")
def standin(tmp_path_factory):
    with BoltStandin(tmp_path_factory.mktemp("standin")) as server:
        yield server


@pytest.fixture(scope="module")
def driver(standin):
    drv = standin.driver()
    yield drv
    drv.close()


@pytest.fixture
def session(standin, driver):
    """A session on an emptied database."""
    with driver.session(database=standin.database) as s:
        s.run("MATCH (n) DETACH DELETE n").consume()
        yield s


def scalar(session, query, **params):
    return session.run(query, params).single(strict=True)[0]


def test_it_starts_on_loopback_and_answers(standin, driver):
    assert standin.running
    assert standin.uri.startswith("bolt://127.0.0.1:")
    assert standin.user == "root" and len(standin.password) >= 16
    assert standin.startup_seconds < 60
    assert (
        standin.log_path.is_file() and "Listening for incoming BOLT" in standin.log_path.read_text()
    )
    with driver.session(database=standin.database) as s:
        assert scalar(s, "RETURN 1") == 1
    with driver.session() as s:  # no database: the stand-in's is the Bolt default
        assert scalar(s, "RETURN 1") == 1
    with driver.session(database="no_such_database") as s:
        with pytest.raises(neo4j.exceptions.ClientError, match="DatabaseNotFound"):
            s.run("RETURN 1").consume()


def test_random_password_per_instance_and_wrong_password_refused(standin, tmp_path):
    assert BoltStandin(tmp_path).password != BoltStandin(tmp_path).password
    bad = neo4j.GraphDatabase.driver(standin.uri, auth=("root", standin.password + "x"))
    try:
        with pytest.raises(neo4j.exceptions.AuthError):
            bad.verify_connectivity()
    finally:
        bad.close()


def test_unique_constraint_if_not_exists(session):
    session.run(CONSTRAINT).consume()
    session.run(CONSTRAINT).consume()  # IF NOT EXISTS: a second time is fine
    shown = session.run("SHOW CONSTRAINTS").data()
    assert any(c["name"] == "entity_id" and c["properties"] == ["id"] for c in shown)
    session.run("CREATE (:Entity {id: 'dup'})").consume()
    with pytest.raises(neo4j.exceptions.ConstraintError):
        session.run("CREATE (:Entity {id: 'dup'})").consume()
    # Enforced on a node with a second label too.
    with pytest.raises(neo4j.exceptions.ConstraintError):
        session.run("CREATE (:Entity:Organisation {id: 'dup'})").consume()


def test_node_and_relationship_merge_batches(session):
    session.run(CONSTRAINT).consume()
    rows = [
        {"id": f"e{i}", "props": {"name": f"Entity {i}", "rank": i, "tags": ["a", f"t{i % 7}"]}}
        for i in range(5000)
    ]
    started = time.monotonic()
    session.run(MERGE_NODES, rows=rows).consume()
    first = time.monotonic() - started
    assert scalar(session, "MATCH (n:Entity) RETURN count(n)") == 5000
    session.run(MERGE_NODES, rows=rows).consume()  # MERGE again: matched, not duplicated
    assert scalar(session, "MATCH (n:Entity) RETURN count(n)") == 5000
    assert session.run(
        "MATCH (n:Entity {id: 'e42'}) RETURN n.name AS name, n.rank AS rank"
    ).data() == [{"name": "Entity 42", "rank": 42}]

    links = [
        {
            "src": f"e{i}",
            "dst": f"e{(i * 7 + 1) % 5000}",
            "key": f"k{i}",
            "props": {"weight": i / 10},
        }
        for i in range(2000)
    ]
    # In an explicit transaction, as the Neo4j store writes (auto-commit: see the next test).
    session.execute_write(lambda tx: tx.run(MERGE_LINKS, rows=links).consume())
    session.execute_write(lambda tx: tx.run(MERGE_LINKS, rows=links).consume())
    assert scalar(session, "MATCH ()-[r:LINKED]->() RETURN count(r)") == 2000
    assert (
        scalar(session, "MATCH (:Entity {id: 'e3'})-[r:LINKED {key: 'k3'}]->(b) RETURN b.id")
        == "e22"
    )
    assert first < 120  # about 5 s on 2 cores; only a guard against pathological slowness


def test_auto_commit_unwind_is_not_atomic(session):
    """Observed: an auto-commit ``session.run`` of an UNWIND batch is not one transaction.

    ArcadeDB commits MERGE row by row when no explicit transaction is open, so a batch that
    fails part-way leaves the rows before the failure written (Neo4j writes none of them),
    and a relationship MERGE batch of 2,000 rows whose endpoints recur fails with a
    TransientError ("Record #... was modified by a concurrent transaction between its read
    and its update") after committing part of it. Inside an explicit transaction both work
    and are atomic (previous test, and below). Write through explicit transactions.
    """
    session.run(CONSTRAINT).consume()
    rows = [{"id": f"e{i}", "props": {"rank": i}} for i in range(2000)]
    bad = rows[:1000] + [{"id": "bad", "props": {"m": {"k": 1}}}] + rows[1000:]
    with pytest.raises(neo4j.exceptions.CypherTypeError):
        session.execute_write(lambda tx: tx.run(MERGE_NODES, rows=bad).consume())
    assert scalar(session, "MATCH (n) RETURN count(n)") == 0  # explicit: rolled back
    with pytest.raises(neo4j.exceptions.CypherTypeError):
        session.run(MERGE_NODES, rows=bad).consume()
    partial = scalar(session, "MATCH (n) RETURN count(n)")
    assert 0 < partial < 2000, partial  # auto-commit: rows before the bad one stayed

    session.run("MATCH (n) DETACH DELETE n").consume()
    session.run(MERGE_NODES, rows=rows).consume()
    links = [
        {"src": f"e{i}", "dst": f"e{(i * 7 + 1) % 2000}", "key": f"k{i}", "props": {}}
        for i in range(2000)
    ]
    with pytest.raises(neo4j.exceptions.TransientError, match="modified by a concurrent"):
        session.run(MERGE_LINKS, rows=links).consume()
    partial = scalar(session, "MATCH ()-[r:LINKED]->() RETURN count(r)")
    assert 0 < partial < 2000, partial


def test_list_of_strings_round_trips(session):
    tags = ["alpha", "beta", "", "ünïcödé", "with space"]
    session.run("CREATE (:Entity {id: 'x', tags: $tags, empty: []})", tags=tags).consume()
    record = session.run(
        "MATCH (n:Entity {id: 'x'}) RETURN n.tags AS tags, n.empty AS empty"
    ).single()
    assert record["tags"] == tags
    assert record["empty"] == []


def test_failed_explicit_transaction_rolls_back(session):
    with pytest.raises(RuntimeError, match="boom"):
        with session.begin_transaction() as tx:
            tx.run("CREATE (:Entity {id: 'tx1'})").consume()
            raise RuntimeError("boom")

    def work(tx):
        tx.run("CREATE (:Entity {id: 'tx2'})").consume()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        session.execute_write(work)
    assert scalar(session, "MATCH (n:Entity) RETURN count(n)") == 0


def test_read_access_session_is_not_enforced(standin, driver, session):
    # Neo4j refuses a write in a READ_ACCESS session; the stand-in runs and commits it.
    # Recorded so nobody relies on the refusal in tests that run against the stand-in.
    with driver.session(database=standin.database, default_access_mode=neo4j.READ_ACCESS) as ro:
        ro.run("CREATE (:Entity {id: 'written-in-read-mode'})").consume()
    assert scalar(session, "MATCH (n:Entity {id: 'written-in-read-mode'}) RETURN count(n)") == 1


def test_detach_delete_everything(session):
    session.run("CREATE (a:Entity {id: 'a'})-[:LINKED {key: 'k'}]->(b:Entity {id: 'b'})").consume()
    session.run("MATCH (n) DETACH DELETE n").consume()
    assert scalar(session, "MATCH (n) RETURN count(n)") == 0
    assert scalar(session, "MATCH ()-[r]->() RETURN count(r)") == 0


def test_multiple_labels(session):
    session.run(CONSTRAINT).consume()
    session.run("CREATE (a:Entity {id: 'a'})-[:LINKED {key: 'k'}]->(b:Entity {id: 'b'})").consume()
    before = scalar(session, "MATCH (n:Entity {id: 'a'}) RETURN elementId(n)")
    labels = scalar(session, "MERGE (n:Entity {id: 'a'}) SET n:Organisation RETURN labels(n)")
    assert sorted(labels) == ["Entity", "Organisation"]
    after = scalar(session, "MATCH (n:Entity {id: 'a'}) RETURN elementId(n)")
    assert after != before  # Neo4j keeps elementId; ArcadeDB moves the record to a new type
    assert scalar(session, "MATCH (:Organisation {id: 'a'})-[:LINKED]->(b) RETURN b.id") == "b"
    assert sorted(scalar(session, "MERGE (n:Entity:Person {id: 'c'}) RETURN labels(n)")) == [
        "Entity",
        "Person",
    ]
    assert scalar(session, "MATCH (n:Entity) RETURN count(n)") == 3
    assert scalar(session, "MERGE (n:Entity {id: 'c'}) RETURN count(n)") == 1  # matched, not new
    assert scalar(session, "MATCH (n:Entity) RETURN count(n)") == 3
    assert scalar(session, "MATCH (n:Entity {id: 'a'}) REMOVE n:Organisation RETURN labels(n)") == [
        "Entity"
    ]


def test_cypher_features(session):
    session.run(
        "CREATE (a:Entity {id: 'a'})-[:LINKED {key: '1'}]->(b:Entity {id: 'b'})"
        "-[:LINKED {key: '2'}]->(c:Entity {id: 'c'})"
    ).consume()
    assert isinstance(scalar(session, "MATCH (n:Entity {id: 'a'}) RETURN elementId(n)"), str)
    assert (
        scalar(
            session,
            "MATCH p = shortestPath((a:Entity {id: 'a'})-[*..5]-(c:Entity {id: 'c'})) RETURN length(p)",
        )
        == 2
    )
    degrees = session.run("MATCH (n:Entity) RETURN n.id AS id, count { (n)--() } AS d").data()
    assert {r["id"]: r["d"] for r in degrees} == {"a": 1, "b": 2, "c": 1}
    assert len(session.run("MATCH (n:Entity) RETURN n.id SKIP $s LIMIT $l", s=1, l=1).data()) == 1
    with pytest.raises(neo4j.exceptions.CypherTypeError, match="InvalidPropertyType"):
        session.run("MATCH (n:Entity {id: 'a'}) SET n.m = $m", m={"k": 1}).consume()
    with pytest.raises(neo4j.exceptions.CypherTypeError):
        session.run("CREATE (:Entity {id: 'd', m: {k: 1}})").consume()
