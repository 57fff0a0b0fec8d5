"""The Neo4j store, through the official ``neo4j`` driver.

A load clears the graph and writes it in batched ``UNWIND … CREATE`` statements, all inside one
explicit transaction, so it is all or nothing; a uniqueness constraint on ``Entity.id`` is
created before any write (and still refuses a repeated id).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import math
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import neo4j
from neo4j import AsyncGraphDatabase, GraphDatabase
from neo4j.exceptions import (
    AuthError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graphmodel.build.graph import PartnerGraph
from graphmodel.safety.readonly import check_read_only

from ..errors import PartnerGraphError, ReadOnlyViolation, StoreUnavailable
from . import cypher
from .base import GraphStore, NamedRead, Progress

__all__ = [
    "Neo4jStore",
    "QueryFailed",
    "check_timeout",
    "neo4j_settings_from_env",
    "write_rows",
    "MAX_TIMEOUT",
]

BATCH_SIZE = 5000
#: longest a user's query may run, in seconds
MAX_TIMEOUT = 3600.0


def check_timeout(timeout: Any) -> float:
    """``timeout`` as seconds if it is a number above 0 and at most :data:`MAX_TIMEOUT`;
    otherwise :class:`PartnerGraphError` saying what to give."""
    try:
        value = float(timeout)
    except (TypeError, ValueError):
        value = math.nan
    if not (0 < value <= MAX_TIMEOUT):  # also refuses nan, which compares false
        raise PartnerGraphError(
            f"timeout {timeout!r}: give the seconds a query may run, a number above 0 and at "
            f"most {MAX_TIMEOUT:g} (e.g. 10)"
        )
    return value


async def _explain(tx: Any, statement: str, params: dict[str, Any]) -> str:
    """The planner's query type for ``statement``: ``EXPLAIN`` plans it and runs nothing."""
    result = await tx.run(_explain_statement(statement), params)
    summary = await result.consume()
    return summary.query_type or ""


def _explain_statement(statement: str) -> str:
    """``statement`` planned, not run: ``EXPLAIN`` in front, or in place of ``PROFILE``.

    >>> _explain_statement("CYPHER runtime=slotted PROFILE MATCH (n) RETURN n")
    'CYPHER runtime=slotted EXPLAIN MATCH (n) RETURN n'
    """
    from graphmodel.safety.readonly import tokens

    toks = list(tokens(statement))
    for i, tok in enumerate(toks):
        if tok.key == "EXPLAIN":
            return statement
        if tok.key == "PROFILE":  # PROFILE runs the query; EXPLAIN in its place only plans it
            return statement[: tok.pos] + "EXPLAIN" + statement[tok.pos + len(tok.text) :]
        in_options = (
            tok.key == "CYPHER"
            or tok.kind in ("number", "punct")
            or (i + 1 < len(toks) and toks[i + 1].text == "=")
            or (i > 0 and toks[i - 1].text == "=")
        )
        if not in_options:
            break
    return "EXPLAIN " + statement


def neo4j_settings_from_env() -> dict[str, str | None]:
    """``NEO4J_URI``, ``NEO4J_USER`` (default ``neo4j``), ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``."""
    return {
        "uri": os.environ.get("NEO4J_URI"),
        "user": os.environ.get("NEO4J_USER", "neo4j"),
        "password": os.environ.get("NEO4J_PASSWORD"),
        "database": os.environ.get("NEO4J_DATABASE") or None,
    }


def _clean_props(d: dict[str, Any]) -> dict[str, Any]:
    # Neo4j stores no nulls and no maps; our graph never holds maps, and drops nulls here.
    return {k: v for k, v in d.items() if v is not None}


def write_rows(graph: PartnerGraph) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """The rows :meth:`Neo4jStore.replace` sends: nodes by label, ``[{id, props}]``, and
    relationships by type, ``[{src, dst, key, props}]`` (the ``$rows`` of
    :func:`~graphmodel.stores.cypher.create_nodes` and :func:`~graphmodel.stores.cypher.create_edges`).
    """
    node_rows: dict[str, list[dict]] = {}
    for n in graph.nodes.values():
        props = _clean_props({**n.as_dict()})
        props.pop("id")
        node_rows.setdefault(n.label, []).append({"id": n.id, "props": props})
    edge_rows: dict[str, list[dict]] = {}
    for e in graph.edges.values():
        props = _clean_props(
            {k: v for k, v in e.as_dict().items() if k not in ("source", "target", "type", "key")}
        )
        edge_rows.setdefault(e.type, []).append(
            {"src": e.src, "dst": e.dst, "key": e.key, "props": props}
        )
    return node_rows, edge_rows


#: the driver logs a lost connection itself, on stderr through logging's last resort; the
#: store's own one-line error says it (and what to do) instead
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def _lost_during_write(uri: str, exc: BaseException) -> str:
    reason = type(exc).__name__
    return (
        f"lost the Neo4j server at {uri} during the load ({reason}); the transaction was not "
        "committed, so the graph is as it was: check the server, then run the load again"
    )


class Neo4jStore(GraphStore):
    """A partnership graph in Neo4j (or any server that speaks Bolt and Cypher)."""

    kind = "neo4j"
    runs_cypher = True

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str | None = None,
        database: str | None = None,
        connection_timeout: float = 10.0,
    ):
        if not uri:
            raise StoreUnavailable("no Neo4j URI: set NEO4J_URI (e.g. bolt://localhost:7687)")
        self.uri = uri
        self.database = database
        self._auth = (user, password or "")
        self._agent: str | None = None
        try:
            self.driver = GraphDatabase.driver(
                uri,
                auth=(user, password or ""),
                connection_timeout=connection_timeout,
                # a reader (the explorer, a query) hears of a lost server in seconds, not after
                # the driver's default 30 s of retries
                max_transaction_retry_time=5.0,
            )
            self.driver.verify_connectivity()
        except AuthError as exc:
            raise StoreUnavailable(
                f"Neo4j at {uri} refused the credentials: check NEO4J_USER and NEO4J_PASSWORD"
            ) from exc
        except (ServiceUnavailable, OSError, ValueError) as exc:
            raise StoreUnavailable(
                f"cannot reach Neo4j at {uri} ({exc}); is the server running? "
                "(docker compose up -d starts one)"
            ) from exc

    @classmethod
    def from_env(cls) -> Neo4jStore:
        return cls(**neo4j_settings_from_env())

    def close(self) -> None:
        self.driver.close()

    def _session(self, read: bool = False) -> neo4j.Session:
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self.driver.session(database=self.database, default_access_mode=mode)

    def _read(self, query: str, **params: Any) -> list[neo4j.Record]:
        try:
            with self._session(read=True) as s:
                return list(s.execute_read(lambda tx: list(tx.run(query, params))))
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(
                f"lost the connection to Neo4j at {self.uri} ({exc}); is the server running?"
            ) from exc

    def read_rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run our own parameterised read query; rows as plain dicts."""
        return [r.data() for r in self._read(query, **params)]

    def run_named(self, query: NamedRead, values: dict[str, Any]) -> list[dict[str, Any]]:
        """The Cypher form of ``query``, run here: the graph never leaves the server."""
        return query.cypher(self.read_rows, **values)

    # -- writing -------------------------------------------------------------
    def replace(self, graph: PartnerGraph, progress: Progress | None = None) -> None:
        with self._session() as s:
            s.run(cypher.CONSTRAINT).consume()
        node_batches, edge_batches = write_rows(graph)
        total = len(graph.nodes) + len(graph.edges)
        done = 0
        with self._session() as s:
            tx = s.begin_transaction()
            try:
                tx.run(cypher.DELETE_ALL).consume()
                for lab, rows in sorted(node_batches.items()):
                    for i in range(0, len(rows), BATCH_SIZE):
                        batch = rows[i : i + BATCH_SIZE]
                        tx.run(cypher.create_nodes(lab), rows=batch).consume()
                        done += len(batch)
                        if progress:
                            progress(done, total, f"nodes {lab}")
                for typ, rows in sorted(edge_batches.items()):
                    for i in range(0, len(rows), BATCH_SIZE):
                        batch = rows[i : i + BATCH_SIZE]
                        tx.run(cypher.create_edges(typ), rows=batch).consume()
                        done += len(batch)
                        if progress:
                            progress(done, total, f"relationships {typ}")
                tx.commit()
            except BaseException as exc:
                with contextlib.suppress(Exception):  # a lost server cannot roll back: it did
                    if not tx.closed():
                        tx.rollback()
                if isinstance(exc, (ServiceUnavailable, SessionExpired, DriverError, OSError)):
                    raise StoreUnavailable(_lost_during_write(self.uri, exc)) from None
                raise

    def add(
        self,
        part: PartnerGraph,
        before_commit: Callable[[], None] | None = None,
        undo: Callable[[], None] | None = None,
    ) -> None:
        """Merge ``part``'s nodes and relationships, in one transaction, with ``before_commit``
        run inside it (see :meth:`add_in_one_transaction`)."""
        self.add_in_one_transaction(part, before_commit=before_commit, undo=undo)

    def add_in_one_transaction(
        self,
        part: PartnerGraph,
        before_commit: Callable[[], None] | None = None,
        undo: Callable[[], None] | None = None,
    ) -> None:
        """Merge ``part``'s nodes and relationships in one transaction.

        ``before_commit`` runs inside the transaction (the register file is written there): if it
        fails, the transaction is rolled back; if the commit then fails, ``undo`` puts the file
        back. So the database and the register change together or not at all.
        """
        node_batches, edge_batches = write_rows(part)
        with self._session() as s:
            tx = s.begin_transaction()
            try:
                for lab, rows in sorted(node_batches.items()):
                    tx.run(cypher.merge_nodes(lab), rows=rows).consume()
                for typ, rows in sorted(edge_batches.items()):
                    tx.run(cypher.merge_edges(typ), rows=rows).consume()
                if before_commit:
                    before_commit()
            except BaseException:
                if not tx.closed():
                    tx.rollback()
                raise
            try:
                tx.commit()
            except BaseException:
                if undo:
                    undo()
                raise

    def execute_script(self, statements: list[str]) -> None:
        """Run our own export script (see ``graphmodel.views.exports.to_cypher``) in one transaction,
        after clearing the graph: all or nothing, like :meth:`replace`."""
        with self._session() as s:
            s.run(statements[0]).consume()  # the constraint: schema changes go on their own
        with self._session() as s:
            tx = s.begin_transaction()
            try:
                tx.run(cypher.DELETE_ALL).consume()
                for st in statements[1:]:
                    tx.run(st).consume()
                tx.commit()
            except BaseException as exc:
                with contextlib.suppress(Exception):  # a lost server cannot roll back: it did
                    if not tx.closed():
                        tx.rollback()
                if isinstance(exc, (ServiceUnavailable, SessionExpired, DriverError, OSError)):
                    raise StoreUnavailable(_lost_during_write(self.uri, exc)) from None
                raise

    # -- user Cypher ---------------------------------------------------------
    def run_user_cypher(
        self,
        statement: str,
        params: dict[str, Any] | None = None,
        limit: int = 1000,
        timeout: float = 10.0,
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        """Run Cypher a person typed, read-only, stopped after ``timeout`` seconds.

        1. :func:`~graphmodel.safety.readonly.check_read_only` refuses anything that may write, before
           anything is sent.
        2. On Neo4j, ``EXPLAIN`` of the statement must report query type ``r`` (read only).
        3. It runs in a read transaction (routed to a reader) with the server-side timeout
           ``timeout``; the client also gives up at ``timeout`` (plus a second for the server to
           say so) and closes the connection, so a server that ignores transaction timeouts
           cannot keep a caller waiting.

        At most ``limit`` rows come back. Returns ``(columns, rows, truncated)``.
        """
        check_read_only(statement)
        check_timeout(timeout)
        try:
            keys, records = _run_async(self._user_query(statement, params or {}, limit, timeout))
        except TimeoutError as exc:
            stopped = f"stopped: the query ran past its {timeout:g} s timeout. Narrow it (a label, "
            raise QueryFailed(
                stopped + "an id, LIMIT) or allow longer (--timeout).",
                plain=stopped + "an id, LIMIT).",
            ) from exc
        except Neo4jError as exc:
            raise QueryFailed(f"the query failed: {exc.message or exc}") from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailable(f"lost the connection to {self.uri}: {exc}") from exc
        rows = [{k: _to_plain(r[k]) for k in keys} for r in records[:limit]]
        return keys, rows, len(records) > limit

    def is_neo4j(self) -> bool:
        """Whether the server is Neo4j itself, not another Bolt server: its agent is
        ``Neo4j/<version>`` (the ArcadeDB stand-in says ``Neo4j/5.26.0 compatible (ArcadeDB …)``)."""
        if self._agent is None:
            self._agent = self.driver.get_server_info().agent or ""
        return re.fullmatch(r"Neo4j/[\w.-]+", self._agent) is not None

    def query_type(self, statement: str, params: dict[str, Any] | None = None) -> str:
        """The query type Neo4j's planner gives ``statement`` (``r``, ``rw``, ``w`` or ``s``),
        from ``EXPLAIN``: nothing runs."""

        async def explain() -> str:
            async with self._async_driver() as drv, drv.session(**self._read_session()) as s:
                return await s.execute_read(lambda tx: _explain(tx, statement, params or {}))

        return _run_async(explain())

    def _read_session(self) -> dict[str, Any]:
        return {"database": self.database, "default_access_mode": neo4j.READ_ACCESS}

    def _async_driver(self) -> neo4j.AsyncDriver:
        return AsyncGraphDatabase.driver(
            self.uri, auth=self._auth, connection_timeout=10.0, max_transaction_retry_time=5.0
        )

    async def _user_query(
        self, statement: str, params: dict[str, Any], limit: int, timeout: float
    ) -> tuple[list[str], list[neo4j.Record]]:
        check_plan = self.is_neo4j()

        @neo4j.unit_of_work(timeout=timeout)  # the server aborts the transaction after this
        async def work(tx):
            if check_plan:
                kind = await _explain(tx, statement, params)
                if kind != "r":
                    raise ReadOnlyViolation(
                        f"refused: Neo4j plans this statement as query type '{kind}', not "
                        "read-only; the console only reads."
                    )
            result = await tx.run(statement, params)
            records = await result.fetch(limit + 1)
            keys = list(result.keys())
            await result.consume()
            return keys, records

        async with self._async_driver() as drv, drv.session(**self._read_session()) as s:
            # cancelling the read (wait_for does, at the deadline) makes the driver drop the
            # connection: the caller is free at once, and Neo4j ends the transaction
            return await asyncio.wait_for(s.execute_read(work), timeout + 1.0)

    # -- reading -------------------------------------------------------------
    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {r["label"]: r["n"] for r in self._read(cypher.COUNT_NODES)}
        rels = {r["type"]: r["n"] for r in self._read(cypher.COUNT_EDGES)}
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    def node(self, node_id: str) -> dict[str, Any] | None:
        rows = self._read(cypher.GET_NODE, id=node_id)
        return _plain(rows[0]["p"]) if rows else None

    def relationships(self, node_id: str) -> list[dict[str, Any]]:
        out = []
        for r in self._read(cypher.NODE_RELS, id=node_id):
            p = _plain(r["p"])
            src, dst = (
                (node_id, r["other_id"]) if r["direction"] == "out" else (r["other_id"], node_id)
            )
            out.append(
                {
                    **p,
                    "source": src,
                    "target": dst,
                    "type": r["type"],
                    "direction": r["direction"],
                    "other_id": r["other_id"],
                    "other_label": r["other_label"],
                    "other_name": r["other_name"],
                }
            )
        out.sort(key=lambda r: (r["type"], r["direction"], r["other_id"], r.get("key") or ""))
        return out

    def iter_nodes(self) -> Iterator[dict[str, Any]]:
        rows = [_plain(r["p"]) for r in self._read(cypher.ALL_NODES)]
        rows.sort(key=lambda r: r["id"])
        yield from rows

    def iter_edges(self) -> Iterator[dict[str, Any]]:
        rows = []
        for r in self._read(cypher.ALL_EDGES):
            rows.append(
                {**_plain(r["p"]), "source": r["source"], "target": r["target"], "type": r["type"]}
            )
        rows.sort(key=lambda r: (r["source"], r["type"], r["target"], r.get("key") or ""))
        yield from rows


class QueryFailed(PartnerGraphError):
    """The server rejected or aborted a query (syntax error, timeout, …).

    ``str(exc)`` may name a command-line option; ``plain``, when set, says it for a page."""

    def __init__(self, message: str, plain: str | None = None):
        super().__init__(message)
        self.plain = plain


def _to_plain(value: Any) -> Any:
    """Driver values (nodes, relationships, paths, temporal types) as JSON-friendly values."""
    from neo4j.graph import Node as DNode
    from neo4j.graph import Path as DPath
    from neo4j.graph import Relationship as DRel

    if isinstance(value, DNode):
        return dict(value.items())
    if isinstance(value, DRel):
        return {"type": value.type, **dict(value.items())}
    if isinstance(value, DPath):
        return [dict(n.items()).get("id") for n in value.nodes]
    if isinstance(value, (list, tuple)):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _plain(props: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in dict(props).items()}


def _run_async(coro: Any) -> Any:
    """``asyncio.run(coro)``, also where this thread already runs an event loop (a Jupyter
    notebook, or Playwright's synchronous API in the same process), where asyncio.run refuses:
    there the coroutine runs to its end on a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
