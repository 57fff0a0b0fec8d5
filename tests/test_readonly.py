"""The read-only guard: a corpus of writes hidden every way we could think of, and of reads that
merely contain write words. Every write must be refused; at most one read may be.
"""

from __future__ import annotations

import time

import pytest

from graphmodel.errors import ReadOnlyViolation
from graphmodel.safety.readonly import MAX_LENGTH, check_read_only, tokens

# The three bypasses the security probe found: a quote inside a comment hid the code after it.
PROBE_BYPASSES = [
    "// it's a read\nCREATE (:Entity {id:'pwn'}) // '\nRETURN 1 AS ok",
    '/* " */ MATCH (n:Entity {id:\'kent-county-council\'}) SET n.name = "PWNED" /* " */ RETURN 1 AS ok',
    "/* ` */ MATCH (n:Theme) WITH n LIMIT 1 DETACH DELETE n /* ` */ RETURN 1 AS ok",
]

WRITES = PROBE_BYPASSES + [
    # plain updating clauses, any case
    "CREATE (n:Entity {id: 'x'})",
    "create (n:Entity {id: 'x'}) return n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n) NODETACH DELETE n",
    "MATCH (n {id: 'kent-cc'}) SET n.name = 'x'",
    "MATCH (n) SET n:Pwned",
    "MATCH (n) SET n += {name: 'x'}",
    "merge (n:Entity {id: 'x'})",
    "MaTcH (n) ReMoVe n.name",
    "MATCH (n) REMOVE n:Entity",
    "INSERT (n:Entity {id: 'x'})",
    "MATCH (n) FOREACH (x IN [1] | SET n.a = x)",
    "MATCH (a), (b) MERGE (a)-[:LINK]->(b)",
    "MATCH (n) WITH n DELETE n RETURN count(*)",
    "MATCH (n) DELETE [n][0]",
    # hidden by comments, strings and quotes
    "MATCH (n) /* RETURN n */ SET n.x = 1",
    "MATCH (n) // ' \n SET n.x = 1",
    'MATCH (n) // " \n DELETE n',
    "MATCH (n) // `\nDELETE n",
    "MATCH (n) WHERE n.name = 'it\\'s' SET n.x = 1",
    'MATCH (n) WHERE n.name = "say \\"hi\\"" SET n.x = 1',
    "MATCH (n) WHERE n.name = 'a\\\\' SET n.x = '\\\\'",
    "MATCH (n:`odd``name`) SET n.x = 1",
    "MATCH (n) /* a /* nested? */ SET n.x = 1",
    "MATCH (n)/**/SET/**/n.x=1",
    "MATCH (n)\tSET\tn.x=1",
    "MATCH (n)\u00a0SET\u00a0n.x=1",
    "MATCH (n)\u2028SET n.x=1",
    "MATCH (n) // comment ends at a unicode line break\u2028SET n.x = 1",
    "MATCH (n) // comment ends at a carriage return\rSET n.x = 1",
    "MATCH (n) RETURN n UNION MATCH (m) SET m.x = 1 RETURN m",
    "MATCH (n) WITH n AS set SET set.x = 1",
    "MATCH (n) WITH 1 AS x SET n.x = x",
    "RETURN 1 AS ok; CREATE (n)",
    "MATCH (n) RETURN n;\nMATCH (m) DETACH DELETE m",
    "RETURN 1;;",
    "\uff23\uff32\uff25\uff21\uff34\uff25 (n)",  # full-width CREATE
    "MATCH (n) RETURN 1SET n.x = 1",
    # subqueries and batching
    "MATCH (n) CALL { WITH n SET n.a = 1 } IN TRANSACTIONS",
    "MATCH (n) CALL (n) { DELETE n } IN 4 CONCURRENT TRANSACTIONS",
    "CALL { CREATE (n) RETURN n } RETURN n",
    "MATCH (n) WHERE EXISTS { MATCH (n) SET n.x = 1 } RETURN n",
    "LOAD CSV FROM 'file:///x.csv' AS row RETURN row",
    "load csv with headers from 'https://example.org/x.csv' as row return row",
    # procedures and functions
    "CALL db.createLabel('X')",
    "CALL db.createProperty('x')",
    "MATCH (n) WITH n CALL apoc.create.node(['X'], {}) YIELD node RETURN node",
    "CALL apoc.create.setProperty($n, 'x', 1)",
    "CALL apoc.cypher.doIt('CREATE (n)', {})",
    "CALL apoc.cypher.runWrite('CREATE (n)', {})",
    "CALL apoc.cypher.run('MATCH (n) RETURN n', {})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})",
    "CALL apoc.do.when(true, 'CREATE (n)', '', {})",
    "CALL apoc.refactor.rename.label('A', 'B')",
    "CALL apoc.merge.node(['X'], {id: 1})",
    "CALL apoc.load.json('file:///etc/passwd')",
    "CALL apoc.export.csv.all('/tmp/x.csv', {})",
    "CALL apoc.trigger.add('t', 'CREATE (n)', {})",
    "CALL apoc.schema.assert({}, {})",
    "CALL apoc.nodes.delete($ids, 10)",
    "CALL apoc . create . node(['X'], {})",
    "CALL /* hi */ apoc.create.node(['X'], {})",
    "CALL `apoc`.`create`.`node`(['X'], {})",
    "CALL `apoc.create.node`(['X'], {})",
    "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n) RETURN n', {})",
    "RETURN `apoc.cypher.runFirstColumnSingle`('CREATE (n) RETURN n', {})",
    "RETURN apoc.util.sleep(100000)",
    "CALL dbms.killQuery('q-1')",
    "CALL dbms.security.createUser('x', 'y', false)",
    "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
    "CALL tx.setMetaData({a: 1})",
    "CALL gds.pageRank.write('g', {writeProperty: 'pr'})",
    "CALL gds.graph.project('g', '*', '*')",
    "CALL db.index.fulltext.createNodeIndex('x', ['A'], ['b'])",
    "CALL db.clearQueryCaches()",
    "CALL some.unknown.procedure()",
    "MATCH (n) WITH n CALL db.labels() YIELD label CREATE (m) RETURN m",
    # a clause word also bound as a variable is still a clause where a clause stands
    "WITH 1 AS create CREATE (n)",
    "UNWIND [1] AS merge MERGE (m {id: merge})",
    "FOREACH (x IN [1] | CREATE (n))",
    "CALL { CREATE (n) } RETURN 1",
    "MATCH (n) RETURN n UNION CREATE (m) RETURN m",
    "MATCH (n) WHERE n.x = 1 SET n.y = 2",
    "MATCH (n) RETURN n ORDER BY n.id DESC LIMIT 3 CREATE (m)",
    # schema and administration
    "DROP CONSTRAINT entity_id",
    "DROP INDEX idx IF EXISTS",
    "CREATE INDEX FOR (n:Entity) ON (n.name)",
    "CREATE CONSTRAINT FOR (n:X) REQUIRE n.id IS UNIQUE",
    "CREATE USER mallory SET PASSWORD 'x'",
    "ALTER USER neo4j SET PASSWORD 'x'",
    "GRANT ROLE admin TO mallory",
    "DENY READ {*} ON GRAPH * TO reader",
    "REVOKE ROLE admin FROM neo4j",
    "RENAME USER a TO b",
    "START DATABASE neo4j",
    "STOP DATABASE neo4j",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "SHOW USERS",
    "SHOW ROLES",
    "SHOW PRIVILEGES",
    "USE system SHOW USERS",
    "USE system MATCH (n) RETURN n",
    "CYPHER runtime=slotted MATCH (n) SET n.x = 1",
    "PROFILE MATCH (n) SET n.x = 1",
    "EXPLAIN CREATE (n)",
    # malformed in a way that could hide code
    "MATCH (n) WHERE n.name = 'never closed SET n.x = 1",
    "MATCH (n) /* never closed",
    "MATCH (`never closed) SET n.x = 1",
]

READS = [
    "MATCH (n:Partnership) RETURN n.name",
    "MATCH (n) WHERE n.name = 'CREATE a link' RETURN n // SET in a comment",
    "MATCH (n) WHERE n.name CONTAINS $q RETURN count(n) AS settled",
    "MATCH p = shortestPath((a {id: $a})-[*..6]-(b {id: $b})) RETURN p",
    "MATCH (a:Partnership) RETURN a.start, a.end ORDER BY a.start",
    "MATCH (a)-[e]->(b) WHERE e.start > date('2020-01-01') RETURN e.start AS start",
    "RETURN {set: 1, create: 2, delete: 3} AS m",
    "RETURN {SET: 1} AS m",
    "MATCH (n) RETURN n {.name, .start, .set} AS card",
    "CALL dbms.components() YIELD name, versions RETURN name, versions",
    "CALL db.labels()",
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
    "CALL db.propertyKeys()",
    "CALL db.schema.visualization()",
    "CALL apoc.meta.stats() YIELD labels RETURN labels",
    'MATCH (n) WHERE n.note = "it\'s /* not */ a comment // either" RETURN n',
    "MATCH (n) WHERE n.name = 'back\\\\slash' RETURN n",
    "MATCH (n:`CREATE`) RETURN n.`SET` AS `DELETE`",
    "MATCH (n) RETURN n.start AS start, n.end AS end",
    "WITH 1 AS start RETURN start",
    "MATCH (n) WHERE n.status IN ['set', 'merge'] RETURN n",
    "MATCH (n) RETURN n.name;",
    "MATCH (n) RETURN n.name ; // trailing comment",
    "MATCH (n:Entity) WHERE n.name STARTS WITH 'Ken' RETURN n.id",
    "MATCH (n) RETURN count { (n)--() } AS degree",
    "MATCH (n) WHERE EXISTS { MATCH (n)-[:MEMBER_OF]->() } RETURN n.id",
    "CALL { MATCH (n:Entity) RETURN n } RETURN n.id",
    "MATCH (n) CALL (n) { MATCH (n)--(m) RETURN count(m) AS c } RETURN n.id, c",
    "UNWIND [1, 2, 3] AS x RETURN x * 2",
    "MATCH (n) RETURN n.id ORDER BY n.id SKIP 10 LIMIT 5",
    "EXPLAIN MATCH (n) RETURN n",
    "PROFILE MATCH (n) RETURN n",
    "CYPHER runtime=slotted MATCH (n) RETURN n",
    "SHOW INDEXES",
    "SHOW CONSTRAINTS YIELD name RETURN name",
    "SHOW PROCEDURES",
    "MATCH (n {name: 'Kent'}) RETURN n.ñame, n.名前",
    "RETURN 0x1F + 1e3 + 1.5e-2 + 1_000 AS n",
    "MATCH (n) WHERE n.start IS NOT NULL RETURN DISTINCT n.start",
    "RETURN apoc.text.join(['a', 'b'], ',') AS s",
    "MATCH (a:Partnership) WITH a.start AS started RETURN started",
    # the model's own property names, used as variables (issue 23)
    "MATCH (a:Agreement) RETURN a.start AS start ORDER BY start LIMIT 3",
    "MATCH (a) WITH a.start AS start WHERE start > '2006' RETURN a.id, start",
    "UNWIND [1, 2] AS set RETURN set, set * 2 AS double",
    "UNWIND [1, 2] AS create WITH create WHERE create > 1 RETURN collect(create) AS c",
    "MATCH (a) WITH a.start AS start RETURN count(*) AS n, min(start) AS first",
]


def test_the_corpus_is_big_enough():
    assert len(WRITES) + len(READS) >= 80
    assert len(set(WRITES)) == len(WRITES) and len(set(READS)) == len(READS)


@pytest.mark.parametrize("statement", WRITES)
def test_writes_are_refused(statement):
    with pytest.raises(ReadOnlyViolation, match="refused"):
        check_read_only(statement)


def test_no_read_is_refused():
    refused = []
    for statement in READS:
        try:
            check_read_only(statement)
        except ReadOnlyViolation as exc:
            refused.append((statement, str(exc)))
    assert refused == []


@pytest.mark.parametrize("statement", READS[:10])
def test_reads_come_back_unchanged(statement):
    assert check_read_only(statement) == statement


def test_the_refusal_names_what_would_write():
    with pytest.raises(ReadOnlyViolation) as exc:
        check_read_only("MATCH (n) DETACH DELETE n")
    assert "DETACH, DELETE" in str(exc.value) and "partnergraph load" in str(exc.value)
    with pytest.raises(ReadOnlyViolation, match="apoc.create.node"):
        check_read_only("CALL apoc.create.node(['X'], {})")
    with pytest.raises(ReadOnlyViolation, match="more than one statement"):
        check_read_only("RETURN 1; RETURN 2")


def test_empty_statement_gets_help():
    with pytest.raises(ReadOnlyViolation, match="MATCH"):
        check_read_only("  ")


def test_a_long_statement_is_refused_for_its_length_at_once():
    statement = "MATCH (n) WHERE n.name IN [" + ",".join(["'x'"] * 20_000) + "] RETURN n"
    assert len(statement) > 80_000
    start = time.perf_counter()
    with pytest.raises(ReadOnlyViolation, match="at most 20,000"):
        check_read_only(statement)
    assert time.perf_counter() - start < 1.0


def test_a_statement_at_the_limit_is_read_whole():
    # the lexer is one pass: near the limit, a write at the very end is still seen
    body = 'MATCH (n) WHERE n.note = "' + "/* ' // `" * 10 + '" RETURN n '

    pad = " " * (MAX_LENGTH - len(body) - len("SET n.x = 1"))
    with pytest.raises(ReadOnlyViolation, match="SET"):
        check_read_only(body + pad + "SET n.x = 1")
    many_comments = ("/* x */ " * ((MAX_LENGTH - 20) // 8)) + "RETURN 1"
    assert check_read_only(many_comments) == many_comments


def test_tokens_keep_strings_comments_and_names_apart():
    toks = list(tokens("MATCH (n) WHERE n.x = 'a // b' /* c ' d */ RETURN `e f` // g"))
    assert [(t.kind, t.text) for t in toks if t.kind in ("string", "name")] == [
        ("string", "a // b"),
        ("name", "e f"),
    ]
    assert "c" not in [t.text for t in toks] and "g" not in [t.text for t in toks]
