"""Benchmark: the reference twin network (Wikidata P190) at its real size.

Run: .venv/bin/python bench/bench_twins.py [--runs 5] [--no-bolt]; prints JSON.

Measures reading and checking the bundled reference, adding it to the bundled register and loading
the whole into the embedded store and into a Bolt server (the ArcadeDB stand-in of
``tests/standin.py``, started on loopback and stopped at the end), the twin queries on both, and
discovery (``rank`` over the reference cities of one country, with the reference in the store).
Not a test: nothing fails on speed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from graphmodel.evaluator import Evaluator  # noqa: E402
from graphmodel.evaluator.ranking import rank_reference_cities  # noqa: E402
from graphmodel.queries import run_query  # noqa: E402
from graphmodel.stores import EmbeddedStore  # noqa: E402
from graphmodel.twins import with_reference  # noqa: E402
from loaders import bundled_register_dir, read_register  # noqa: E402
from loaders.reference import read_reference  # noqa: E402

QUERIES = {
    "twins": {"place": "Strasbourg"},
    "twins_of_partners": {"council": "leicester-city-council"},
    "twin_closeness": {"place": "Leicester", "limit": 20},
}


def timed(fn, runs):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def queries(store, runs):
    out = {}
    for name, params in QUERIES.items():
        run_query(store, name, **params)  # warm
        median, rows = timed(lambda n=name, p=params: run_query(store, n, **p), runs)
        out[name] = {"median_ms": round(median * 1000, 1), "rows": len(rows)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-bolt", action="store_true")
    args = ap.parse_args()
    result = {}
    read_s, network = timed(read_reference, args.runs)
    result["read_reference_s"] = round(read_s, 3)
    result["counts"] = network.counts()
    register = read_register(bundled_register_dir())
    add_s, graph = timed(lambda: with_reference(register.graph, network), args.runs)
    result["with_reference_s"] = round(add_s, 3)
    result["graph"] = {"nodes": len(graph.nodes), "relationships": len(graph.edges)}
    store = EmbeddedStore()
    result["embedded_replace_s"] = round(timed(lambda: store.replace(graph), args.runs)[0], 3)
    result["embedded"] = queries(store, args.runs)
    ev = Evaluator(store)
    rank_s, ranked = timed(
        lambda: rank_reference_cities(ev, "leicester-city-council", countries=["BG"], top=5), 1
    )
    result["discovery_rank_bg_top5_s"] = round(rank_s, 2)
    if not args.no_bolt:
        from standin import BoltStandin

        from graphmodel.stores.neo4j_store import Neo4jStore

        with BoltStandin(Path(tempfile.mkdtemp(prefix="pg-bench-twins-"))) as standin:
            bolt = Neo4jStore(
                uri=standin.uri,
                user=standin.user,
                password=standin.password,
                database=standin.database,
            )
            start = time.perf_counter()
            bolt.replace(graph)
            result["bolt_replace_s"] = round(time.perf_counter() - start, 2)
            result["bolt"] = queries(bolt, args.runs)
            bolt.close()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
