"""Benchmark: a review recorded through the web app, and the explorer's views rebuilt after it.

Run: /work/main/.venv/bin/python bench/bench_write.py [--sizes bundled,100k] [--writes 3]
     [--out docs/BENCHMARKS.md]

For each register (the bundled one, or a synthetic one from ``partnergraph synth``), in a copy:
build the app as ``serve`` does, then record reviews with ``record_from_web`` (the path the card
and Link health forms take) and time the write as the person waits for it, the background
rebuild of the explorer's snapshot (build from the store plus the warm-ups: the landing view and
its layout), and letting the old snapshot go. Not a test: nothing fails on speed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: size label -> councils for the generator (about 120 relationships per council); 0: bundled
SIZES = {"bundled": 0, "10k": 100, "100k": 1000}
START, END = "<!-- bench_write:start -->", "<!-- bench_write:end -->"


def run_one(councils: int, writes: int) -> dict:
    """One size, in this process: a list of timings per write."""
    from graphmodel.stores import EmbeddedStore
    from loaders import bundled_register_dir, read_register
    from webapp import context as C
    from webapp import create_app
    from webapp.writes import record_from_web

    tmp = Path(tempfile.mkdtemp(prefix="bench-write-"))
    try:
        reg = tmp / "register"
        if councils:
            from partnergraph.synth import generate_register, write_register

            write_register(generate_register(councils, seed=1), reg)
        else:
            shutil.copytree(bundled_register_dir(), reg)
        store = EmbeddedStore()
        store.replace(read_register(reg).graph)
        t = time.perf_counter()
        app = create_app(store, register=reg)
        start_s = time.perf_counter() - t
        ctx = app.server.config["partnergraph_context"]
        settles: list[float] = []
        settle = C._settle

        def timed_settle(old):
            t0 = time.perf_counter()
            settle(old)
            settles.append(time.perf_counter() - t0)

        C._settle = timed_settle
        partnership = next(
            n for n, d in sorted(ctx.view.data.items()) if d.get("label") == "Partnership"
        )
        rows = []
        for i in range(writes):
            t = time.perf_counter()
            out = record_from_web(
                ctx,
                "reviews",
                {"partnership": partnership, "date": f"2026-01-{i + 10:02d}", "reviewer": "Bench"},
            )
            answered = time.perf_counter() - t
            assert out["ok"], out["message"]
            ctx.refresher.wait(600)
            worker = ctx.refresher._worker
            if worker is not None:
                worker.join(600)
            rows.append(
                {
                    "answered_s": answered,
                    "pages_current": out["pages_current"],
                    "rebuild_s": ctx.refresher.last_seconds,
                    "published_after_s": time.perf_counter() - t,
                    "settle_s": settles[-1] if settles else None,
                }
            )
        return {
            "nodes": ctx.view.g.number_of_nodes(),
            "relationships": ctx.view.g.number_of_edges(),
            "app_start_s": start_s,
            "writes": rows,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _median(rows, key):
    vals = [r[key] for r in rows if r[key] is not None]
    return statistics.median(vals) if vals else float("nan")


def render(results: dict[str, dict], load: str) -> str:
    lines = [
        START,
        "## Recording from the web, and the views rebuilt (bench/bench_write.py)",
        "",
        "A review recorded with `record_from_web` (the card's and Link health's forms), median of "
        "the writes. *Answered*: what the person waits for (validating the whole register with "
        "the new record, writing the year's file, updating the store, then waiting up to 2 s for "
        "the rebuild). *Rebuild*: the explorer's snapshot built again from the store plus the "
        "warm-ups (landing view and its layout), in a background thread; pages keep the old "
        "snapshot meanwhile, while the card and Link health read the store and show the write at "
        "once. *Release*: letting the old snapshot go (no full garbage collection).",
        "",
        f"Machine load while measuring: {load}. Timings on this shared 2-core machine are noisy.",
        "",
        "| register | nodes | relationships | writes | answered (s) | rebuild (s) | shown on every "
        "page after (s) | release (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, r in results.items():
        w = r["writes"]
        lines.append(
            f"| {label} | {r['nodes']:,} | {r['relationships']:,} | {len(w)} "
            f"| {_median(w, 'answered_s'):.2f} | {_median(w, 'rebuild_s'):.2f} "
            f"| {_median(w, 'published_after_s'):.2f} | {_median(w, 'settle_s'):.2f} |"
        )
    lines += ["", END]
    return "\n".join(lines) + "\n"


def _splice(path: Path, section: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in old and END in old:
        new = old[: old.index(START)] + section.rstrip("\n") + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip("\n") + "\n\n" + section
    path.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="bundled,100k")
    ap.add_argument("--writes", type=int, default=3)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--one", help=argparse.SUPPRESS)  # a child process: one size, JSON out
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(SIZES[args.one], args.writes)))
        return
    results = {}
    for label in args.sizes.split(","):
        out = subprocess.run(
            [sys.executable, __file__, "--one", label, "--writes", str(args.writes)],
            capture_output=True,
            text=True,
            check=True,
        )
        results[label] = json.loads(out.stdout.strip().splitlines()[-1])
        print(label, json.dumps(results[label], indent=1), flush=True)
    load = ", ".join(f"{x:.1f}" for x in __import__("os").getloadavg()) + " (1/5/15 min)"
    text = render(results, load)
    print(text)
    if args.out:
        _splice(args.out, text)


if __name__ == "__main__":
    main()
