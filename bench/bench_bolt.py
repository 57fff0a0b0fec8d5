"""Benchmark: load into a Bolt server, batched ``UNWIND`` against one query per row.

Run: /work/venv/bin/python bench/bench_bolt.py --register DIR [--per-row-sample 2000]
[--budget 600] [--workdir DIR]; prints the result of :func:`measure_bolt` as JSON.

The server is the ArcadeDB stand-in of ``tests/standin.py``, started on loopback and stopped at
the end, unless ``NEO4J_URI`` (with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) names
one *and* ``PARTNERGRAPH_BENCH_NEO4J=1`` says that its data may be replaced: the benchmark
deletes every ``Entity`` node there. Not a test: nothing fails on speed (issue 6's target is a
batched load at least 20 times faster, in rows per second, than one query per row).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphmodel.build.graph import PartnerGraph  # noqa: E402
from graphmodel.stores import cypher, neo4j_store  # noqa: E402
from graphmodel.stores.neo4j_store import Neo4jStore, neo4j_settings_from_env, write_rows  # noqa: E402

__all__ = ["measure_bolt", "sample_graph", "TARGET_RATIO", "OPT_IN"]

#: issue 6: a batched load at least this many times faster (rows/s) than one query per row
TARGET_RATIO = 20.0
#: the environment variable that lets the benchmark replace the data of the server at NEO4J_URI
OPT_IN = "PARTNERGRAPH_BENCH_NEO4J"
#: rows loaded (batched, then one per row) before timing, so the server's JIT is warm
WARM_UP_ROWS = 500


def measure_bolt(
    graph: PartnerGraph,
    *,
    per_row_sample: int = 2000,
    batched_budget_s: float = 600.0,
    per_row_budget_s: float = 300.0,
    workdir: Path | None = None,
    standin_heap: str = "3g",
    seed: int = 1,
) -> dict[str, Any]:
    """Rows per second of a load into a Bolt server, batched and one query per row.

    Four timed writes, each into a cleared graph, after an untimed warm-up:

    * ``per_row``: a sample of ``per_row_sample`` rows (relationships picked at random with
      ``seed``, with their end nodes), one auto-commit ``session.run`` per node and per
      relationship;
    * ``per_row_one_tx``: the same rows, one ``tx.run`` each inside one explicit transaction;
    * ``batched_sample``: the same rows through ``Neo4jStore.replace``;
    * ``batched``: the whole graph through ``Neo4jStore.replace`` (``UNWIND`` batches of
      ``neo4j_store.BATCH_SIZE`` rows in one transaction). If it is not done within
      ``batched_budget_s`` it is stopped (and rolled back) after the batch that crosses the
      budget, and the full time is extrapolated from the rows written by then.

    The per-row writes run the store's own statements with a one-row ``$rows``, so the rows,
    the Cypher and its parameters are those of the batched load: only the batching differs.
    A write stopped by its budget reports the rows it wrote and ``complete: false``.
    ``standin_heap`` is the stand-in's ``-Xmx``: the whole load is one transaction, held in the
    server's memory, and at 1M rows a 1 GB heap left its garbage collector thrashing (the load
    slowed to ~700 rows/s and had not finished after 7 min; with 3 GB it took ~3 min).

    Returns
    -------
    dict
        ``graph`` (nodes, relationships, rows); ``server`` (``name``, ``agent``, ``source``:
        ``"standin"`` or ``"NEO4J_URI"``, ``database``, and for the stand-in ``heap`` and
        ``startup_s``; ``note`` if something should be said); ``batch_size``; ``per_row``,
        ``per_row_one_tx``, ``batched_sample``, ``batched``, each with ``rows``, ``nodes``,
        ``relationships``, ``complete``, ``seconds``, ``rows_per_s`` (the batched ones also
        ``full_seconds``, or ``full_seconds_extrapolated``, ``budget_s`` and ``note``);
        ``ratio`` (batched over per-row auto-commit rows/s), ``ratio_one_tx``,
        ``ratio_same_sample`` (batched over per-row on the same rows), ``target_ratio``,
        ``target_met``, ``extrapolated``.

    Examples
    --------
    >>> from graphmodel.build.graph import PartnerGraph
    >>> measure_bolt(PartnerGraph())["graph"]
    {'nodes': 0, 'relationships': 0, 'rows': 0, 'skipped': 'the graph is empty'}
    """
    nodes, rels = len(graph.nodes), len(graph.edges)
    result: dict[str, Any] = {
        "graph": {"nodes": nodes, "relationships": rels, "rows": nodes + rels}
    }
    if not nodes:
        result["graph"]["skipped"] = "the graph is empty"
        return result
    sample = sample_graph(graph, per_row_sample, seed=seed)
    warm = sample_graph(graph, WARM_UP_ROWS, seed=seed + 1)
    with _bolt_server(workdir, standin_heap) as server:
        result["server"] = server
        store = _connect(server)
        try:
            _describe(server, store)
            result["batch_size"] = neo4j_store.BATCH_SIZE
            _warm_up(store, warm, per_row_budget_s)
            result.update(_timed_writes(store, graph, sample, per_row_budget_s, batched_budget_s))
        finally:
            store.close()
    result.update(_ratios(result))
    return result


def _connect(server: dict[str, Any]) -> Neo4jStore:
    """A store on the server; its credentials are taken out of ``server`` (the report keeps
    only the server's description)."""
    return Neo4jStore(
        uri=server.pop("uri"),
        user=server.pop("user"),
        password=server.pop("password"),
        database=server["database"],
    )


def _describe(server: dict[str, Any], store: Neo4jStore) -> None:
    """The server's ``agent`` string and a readable ``name``, added to ``server``."""
    server["agent"] = store.driver.get_server_info().agent
    server["name"] = _server_name(server["agent"], store.uri, server["source"])


def _warm_up(store: Neo4jStore, warm: PartnerGraph, per_row_budget_s: float) -> None:
    """An untimed batched and per-row load, so the server's JIT is warm; the graph cleared."""
    store.replace(warm)
    _clear(store)
    _write_per_row(store, warm, one_transaction=False, budget_s=per_row_budget_s)
    _clear(store)


def _timed_writes(
    store: Neo4jStore,
    graph: PartnerGraph,
    sample: PartnerGraph,
    per_row_budget_s: float,
    batched_budget_s: float,
) -> dict[str, Any]:
    """The four timed writes of :func:`measure_bolt`, each into a cleared graph."""
    out: dict[str, Any] = {}
    out["per_row"] = _write_per_row(store, sample, one_transaction=False, budget_s=per_row_budget_s)
    _clear(store)
    out["per_row_one_tx"] = _write_per_row(
        store, sample, one_transaction=True, budget_s=per_row_budget_s
    )
    _clear(store)
    out["batched_sample"] = _replace_timed(store, sample, budget_s=batched_budget_s)
    _clear(store)
    out["batched"] = _replace_timed(store, graph, budget_s=batched_budget_s)
    return out


def _ratios(result: dict[str, Any]) -> dict[str, Any]:
    """Batched over per-row rows/s, and whether issue 6's target is met."""
    batched, per_row = result["batched"], result["per_row"]
    ratio = batched["rows_per_s"] / per_row["rows_per_s"]
    return {
        "ratio": ratio,
        "ratio_one_tx": batched["rows_per_s"] / result["per_row_one_tx"]["rows_per_s"],
        "ratio_same_sample": result["batched_sample"]["rows_per_s"] / per_row["rows_per_s"],
        "target_ratio": TARGET_RATIO,
        "target_met": ratio >= TARGET_RATIO,
        "extrapolated": not batched["complete"],
    }


def sample_graph(graph: PartnerGraph, rows: int, *, seed: int = 1) -> PartnerGraph:
    """A subgraph of about ``rows`` rows: relationships in a random order (``seed``), each with
    its two end nodes, until nodes plus relationships reach ``rows``; the whole graph if it is
    no bigger.

    Examples
    --------
    >>> from graphmodel.build.graph import Edge, Node, PartnerGraph
    >>> g = PartnerGraph()
    >>> for i in range(4):
    ...     g.nodes[f"n{i}"] = Node(f"n{i}", "Place", f"n{i}")
    >>> for i in range(3):
    ...     e = Edge(f"n{i}", f"n{i + 1}", "PART_OF", "")
    ...     g.edges[e.ident] = e
    >>> s = sample_graph(g, 3)
    >>> len(s.nodes), len(s.edges)
    (2, 1)
    """
    if len(graph.nodes) + len(graph.edges) <= rows:
        return graph
    sample = PartnerGraph()
    edges = list(graph.edges.items())
    random.Random(seed).shuffle(edges)
    for ident, edge in edges:
        if len(sample.nodes) + len(sample.edges) >= rows:
            break
        for end in (edge.src, edge.dst):
            if end in graph.nodes:
                sample.nodes[end] = graph.nodes[end]
        sample.edges[ident] = edge
    for node_id in graph.nodes:  # a graph with (almost) no relationships: nodes fill up
        if len(sample.nodes) + len(sample.edges) >= rows:
            break
        sample.nodes[node_id] = graph.nodes[node_id]
    return sample


# -- the writes ------------------------------------------------------------------------------


class _OverBudget(Exception):
    """Raised from the progress callback to stop a batched load that has spent its budget."""


def _replace_timed(store: Neo4jStore, graph: PartnerGraph, *, budget_s: float) -> dict[str, Any]:
    """``store.replace(graph)``, timed; stopped (rolled back) once ``budget_s`` is spent."""
    total = len(graph.nodes) + len(graph.edges)
    written = {"rows": 0}
    start = time.perf_counter()

    def progress(done: int, _total: int, _what: str) -> None:
        written["rows"] = done
        if done < total and time.perf_counter() - start > budget_s:
            raise _OverBudget()

    try:
        store.replace(graph, progress)
        complete = True
    except _OverBudget:
        complete = False
    seconds = time.perf_counter() - start
    rows = total if complete else written["rows"]
    out: dict[str, Any] = {
        "rows": rows,
        "nodes": min(rows, len(graph.nodes)),
        "relationships": max(0, rows - len(graph.nodes)),
        "complete": complete,
        "seconds": seconds,
        "rows_per_s": rows / seconds,
    }
    if complete:
        out["full_seconds"] = seconds
    else:
        out["budget_s"] = budget_s
        out["full_seconds_extrapolated"] = total / out["rows_per_s"]
        out["note"] = (
            f"stopped after {rows:,} of {total:,} rows (budget {budget_s:.0f} s) and rolled "
            "back; written in label then type order, so the rows/s are those of the first labels"
        )
    return out


def _write_per_row(
    store: Neo4jStore, graph: PartnerGraph, *, one_transaction: bool, budget_s: float
) -> dict[str, Any]:
    """Every node, then every relationship, of ``graph`` with one query each (the store's own
    batched statement with a one-row ``$rows``); stops once ``budget_s`` is spent."""
    node_rows, edge_rows = write_rows(graph)
    statements = [
        (cypher.create_nodes(label), row)
        for label, rows in sorted(node_rows.items())
        for row in rows
    ]
    statements += [
        (cypher.create_edges(etype), row)
        for etype, rows in sorted(edge_rows.items())
        for row in rows
    ]
    done = 0
    with store.driver.session(database=store.database) as session:
        start = time.perf_counter()
        tx = session.begin_transaction() if one_transaction else None
        try:
            for query, row in statements:
                (tx or session).run(query, rows=[row]).consume()
                done += 1
                if time.perf_counter() - start > budget_s:
                    break
            if tx is not None:
                tx.commit()
        finally:
            if tx is not None and not tx.closed():
                tx.rollback()
        seconds = time.perf_counter() - start
    return {
        "rows": done,
        "nodes": min(done, len(graph.nodes)),
        "relationships": max(0, done - len(graph.nodes)),
        "complete": done == len(statements),
        "seconds": seconds,
        "rows_per_s": done / seconds,
        "queries": "one auto-commit session.run per row"
        if tx is None
        else "one tx.run per row in one transaction",
    }


def _clear(store: Neo4jStore) -> None:
    with store.driver.session(database=store.database) as session:
        session.execute_write(lambda tx: tx.run(cypher.DELETE_ALL).consume())


# -- the server ------------------------------------------------------------------------------


@contextlib.contextmanager
def _bolt_server(workdir: Path | None, standin_heap: str) -> Iterator[dict[str, Any]]:
    """Connection settings and a description of the server: the one at ``NEO4J_URI`` when the
    opt-in is set, else a stand-in started here (in ``workdir``, or a temporary directory that
    is removed afterwards)."""
    settings = neo4j_settings_from_env()
    if settings["uri"] and os.environ.get(OPT_IN) == "1":
        yield {**settings, "source": "NEO4J_URI", "note": f"replaced the data at {settings['uri']}"}
        return
    note = (
        f"NEO4J_URI is set but {OPT_IN} is not 1, so that server was left alone"
        if settings["uri"]
        else None
    )
    sys.path.insert(0, str(ROOT / "tests"))
    from standin import BoltStandin

    temporary = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="pg-bench-bolt-")) if temporary else Path(workdir)
    try:
        with BoltStandin(workdir, max_heap=standin_heap) as standin:
            yield {
                "uri": standin.uri,
                "user": standin.user,
                "password": standin.password,
                "database": standin.database,
                "source": "standin",
                "heap": standin_heap,
                "startup_s": standin.startup_seconds,
                **({"note": note} if note else {}),
            }
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)


def _server_name(agent: str, uri: str, source: str) -> str:
    arcadedb = re.search(r"ArcadeDB [\w.\-]+", agent)
    if source == "standin":
        return f"{arcadedb.group(0) if arcadedb else agent} via Bolt (stand-in, tests/standin.py)"
    return f"{agent} at {urlsplit(uri).hostname}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--register", type=Path, required=True, help="register directory")
    parser.add_argument("--per-row-sample", type=int, default=2000, help="rows written one by one")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds for the batched load")
    parser.add_argument("--per-row-budget", type=float, default=300.0)
    parser.add_argument("--heap", default="3g", help="the stand-in's Java heap (-Xmx)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the stand-in's files here")
    args = parser.parse_args()
    from loaders.register import read_register

    start = time.perf_counter()
    graph = read_register(args.register).graph
    read_s = time.perf_counter() - start
    result = measure_bolt(
        graph,
        per_row_sample=args.per_row_sample,
        batched_budget_s=args.budget,
        per_row_budget_s=args.per_row_budget,
        workdir=args.workdir,
        standin_heap=args.heap,
    )
    result["read_register_s"] = read_s
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
