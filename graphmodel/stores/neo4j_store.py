"""The Neo4j store, through the official ``neo4j`` driver.

A load clears the graph and writes it in batched ``UNWIND … CREATE`` statements, all inside one
explicit transaction, so it is all or nothing; a uniqueness constraint on ``Entity.id`` is
created before any write (and still refuses a repeated id).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from ..errors import PartnerGraphError, StoreUnavailable
from ..graph import PartnerGraph
from ..readonly import check_read_only
from . import cypher
from .base import GraphStore, Progress

__all__ = ["Neo4jStore", "QueryFailed", "neo4j_settings_from_env", "write_rows"]

BATCH_SIZE = 5000


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


class Neo4jStore(GraphStore):
    """A partnership graph in Neo4j (or any server that speaks Bolt and Cypher)."""

    kind = "neo4j"

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
            except BaseException:
                if not tx.closed():
                    tx.rollback()
                raise

    def execute_script(self, statements: list[str]) -> None:
        """Run our own export script (see ``graphmodel.exports.to_cypher``) in one transaction,
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
            except BaseException:
                if not tx.closed():
                    tx.rollback()
                raise

    # -- user Cypher ---------------------------------------------------------
    def run_user_cypher(
        self,
        statement: str,
        params: dict[str, Any] | None = None,
        limit: int = 1000,
        timeout: float = 10.0,
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        """Run Cypher a person typed: refused if it would write, then run in a read
        transaction with a server-side timeout; at most ``limit`` rows come back.

        Returns ``(columns, rows, truncated)``.
        """
        check_read_only(statement)

        @neo4j.unit_of_work(timeout=timeout)  # the server aborts the transaction after this
        def work(tx):
            result = tx.run(statement, params or {})
            records = result.fetch(limit + 1)
            keys = list(result.keys())
            result.consume()
            return keys, records

        try:
            with self._session(read=True) as s:
                keys, records = s.execute_read(work)
        except Neo4jError as exc:
            raise QueryFailed(f"the query failed: {exc.message or exc}") from exc
        except ServiceUnavailable as exc:
            raise StoreUnavailable(f"lost the connection to {self.uri}: {exc}") from exc
        rows = [{k: _to_plain(r[k]) for k in keys} for r in records[:limit]]
        return keys, rows, len(records) > limit

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
    """The server rejected or aborted a query (syntax error, timeout, …)."""


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
