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
def test_the_console_answers_where_an_event_loop_already_runs(neo4j_store):
    """An analyst's Jupyter notebook runs an event loop in its thread (as Playwright's
    synchronous API does in a test run); the console still answers there."""
    import asyncio
    import concurrent.futures

    neo4j_store.replace(read_register(MINI).graph)

    async def notebook_cell():
        return neo4j_store.run_user_cypher("MATCH (p:Partnership) RETURN count(p) AS n")

    # the cell runs on a thread of its own, which this test run's own loop (Playwright's, when
    # browser tests ran first) does not share; inside it a loop runs, as in a notebook
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        _, rows, _ = pool.submit(asyncio.run, notebook_cell()).result()
    assert rows == [{"n": read_register(MINI).graph.counts()["nodes"]["Partnership"]}]


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


class SilentServer:
    """A TCP relay in front of the Bolt server that, once a client has sent ``marker``, passes
    nothing more back to that client: to the client, a server that never answers its query.
    After ``hang_up_after`` seconds of that it hangs up, so a client with no deadline of its
    own fails (with a lost connection) instead of waiting for ever.

    The server still runs the query and answers (``withheld`` counts the answers dropped), so
    the client's own deadline is the only thing that can free it. A really slow query is no
    substitute here: against the stand-in, the 4-way cross product this test once used ran in
    1.8 s on a loaded 2-core machine, inside the 2 s the client allows a 1 s query (the timeout
    plus a second for the server to say so), and run times scale unevenly while the JIT warms.
    """

    def __init__(self, uri: str, marker: bytes, hang_up_after: float = 15.0):
        import socket
        import threading
        from urllib.parse import urlsplit

        target = urlsplit(uri)
        self.target = (target.hostname, target.port)
        self.marker = marker
        self.hang_up_after = hang_up_after
        self.withheld = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.uri = f"bolt://127.0.0.1:{self.listener.getsockname()[1]}"
        self._threads: list[threading.Thread] = []
        self._timers: list[threading.Timer] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def _accept(self) -> None:
        import socket
        import threading

        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # closed
                return
            server = socket.create_connection(self.target)
            silenced = threading.Event()
            for src, dst in ((client, server), (server, client)):
                pump = threading.Thread(
                    target=self._pump, args=(src, dst, src is client, silenced), daemon=True
                )
                pump.start()
                self._threads.append(pump)

    def _pump(self, src, dst, from_client: bool, silenced) -> None:
        seen = b""
        try:
            while data := src.recv(65536):
                if from_client:
                    seen = seen[-len(self.marker) :] + data
                    if self.marker in seen and not silenced.is_set():
                        silenced.set()  # before the query reaches the server
                        self._hang_up_later(src, dst)
                elif silenced.is_set():
                    self.withheld += 1
                    continue
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                _hang_up(sock)

    def _hang_up_later(self, *socks) -> None:
        import threading

        timer = threading.Timer(self.hang_up_after, lambda: [_hang_up(s) for s in socks])
        timer.daemon = True
        timer.start()
        self._timers.append(timer)

    def close(self) -> None:
        for timer in self._timers:
            timer.cancel()
        _hang_up(self.listener)
        self._accepting.join(5)
        for pump in self._threads:
            pump.join(5)


def _hang_up(sock) -> None:
    """Close ``sock``, waking a thread blocked on it (``close`` alone does not, on Linux)."""
    import contextlib
    import socket

    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


@pytest.mark.bolt
def test_a_query_past_its_timeout_is_stopped(neo4j_store, bolt_settings):
    """The client gives up at the deadline even when the server never answers (the stand-in
    ignores transaction timeouts), and the store answers the next query at once."""
    import time

    from graphmodel.stores.neo4j_store import Neo4jStore, QueryFailed

    neo4j_store.replace(read_register(MINI).graph)
    marker = "no answer reaches the client"
    relay = SilentServer(bolt_settings["uri"], marker.encode())
    store = Neo4jStore(**{**bolt_settings, "uri": relay.uri})
    try:
        query = "MATCH (p:Partnership) WHERE p.name <> $marker RETURN count(p) AS n"
        start = time.monotonic()
        with pytest.raises(QueryFailed, match="ran past its 1 s timeout"):
            store.run_user_cypher(query, {"marker": marker}, timeout=1)
        waited = time.monotonic() - start
        assert 1 <= waited < 10, f"gave up after {waited:.1f} s"
        assert relay.withheld > 0, "the server's answer never came back to be withheld"
        _, rows, _ = store.run_user_cypher("MATCH (p:Partnership) RETURN count(p) AS n")
        assert rows == [{"n": 4}]
    finally:
        store.close()
        relay.close()


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
