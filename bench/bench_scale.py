"""Benchmark: partnergraph at 1k, 10k, 100k and 1M relationships, against the targets of issue 6.

Run: /work/venv/bin/python bench/bench_scale.py [--sizes 1k,10k,100k] [--out docs/BENCHMARKS.md]

Each size runs in its own subprocess (so peak memory is that size's alone) with a time limit:
generate a synthetic register (``partnergraph.synth``), load it into the embedded store, run every
named query, time the explorer's view functions and app start-up. Results go to the Markdown file
with the machine's description. Not a test: nothing fails on speed.

This file runs the sizes; ``scale_measure.py`` measures one size, ``scale_report.py`` writes the
report.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale_measure import measure_size, timed  # noqa: E402
from scale_report import SIZES, keep_analytics, render, write_report  # noqa: E402


def run_bundled() -> dict[str, float]:
    """App start on the bundled register, as ``partnergraph serve`` does it, in this process."""
    from graphmodel.stores.embedded import EmbeddedStore
    from loaders import bundled_register_dir, read_register
    from webapp import create_app

    start = time.perf_counter()
    store = EmbeddedStore()
    store.replace(read_register(bundled_register_dir()).graph)
    load = time.perf_counter() - start
    _, app = timed(create_app, store)
    return {"load_s": load, "app_start_s": app, "total_s": load + app}


def run_peers(args: argparse.Namespace) -> None:
    """``--peers``: each size's register generated once, then rounds of the three loads; the
    section of the report between its markers replaced (or the results printed)."""
    import tempfile
    from datetime import datetime, timezone

    from scale_peers import measure_peers, render_peers, splice_peers

    from partnergraph.synth import generate_register, write_register

    saved = json.loads(args.from_json.read_text()) if args.from_json else {}
    results: dict[str, dict] = dict(saved.get("results", {}))
    when = saved.get("when") or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    for size in [s.strip().lower() for s in args.sizes.split(",") if s.strip()]:
        if args.from_json:
            break
        print(f"== {size}: load against its peers, {args.runs} round(s)", file=sys.stderr)
        tmp = Path(tempfile.mkdtemp(prefix="pg-bench-peers-"))
        try:
            write_register(generate_register(SIZES[size], args.seed), tmp)
            results[size] = measure_peers(tmp, args.runs)
        finally:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({"when": when, "results": results}, indent=2))
    block = render_peers(results, when)
    if args.out:
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else "# Benchmarks\n"
        args.out.write_text(splice_peers(old, block), encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(block)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1k,10k,100k,1m", help="comma-separated, from: 1k,10k,100k,1m"
    )
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown report here")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=900, help="seconds per size")
    parser.add_argument("--from-json", type=Path, default=None, help="render saved results")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--bundled", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--no-bolt", action="store_true", help="skip the Bolt load (it starts the stand-in)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write raw results as JSON")
    parser.add_argument(
        "--peers",
        action="store_true",
        help="only `partnergraph load` against python-igraph and NetworkX (bench/scale_peers.py)",
    )
    parser.add_argument("--runs", type=int, default=3, help="rounds of product and peers")
    args = parser.parse_args()
    if args.peers:
        run_peers(args)
        return
    if args.from_json is not None:  # re-render saved results, e.g. after editing the notes
        saved = json.loads(args.from_json.read_text())
        bundled = saved.pop("bundled", None)
        results = {k: v for k, v in saved.items() if not v.get("skipped")}
        skipped = {k: v["skipped"] for k, v in saved.items() if v.get("skipped")}
        text = render(results, args.seed, skipped, bundled)
        (write_report(args.out, keep_analytics(args.out, text)) if args.out else print(text))
        return
    if args.one is not None:  # the child process: one size, JSON on stdout
        print(json.dumps(measure_size(args.one, args.seed, args.repeat, bolt=not args.no_bolt)))
        return
    if args.bundled:  # the child process for the bundled register's app start
        print(json.dumps(run_bundled()))
        return
    print("== bundled register: app start", file=sys.stderr)
    proc = subprocess.run(
        [sys.executable, __file__, "--bundled"], stdout=subprocess.PIPE, text=True, check=True
    )
    bundled = json.loads(proc.stdout.strip().splitlines()[-1])
    results: dict[str, dict] = {}
    skipped: dict[str, str] = {}
    for size in [s.strip().lower() for s in args.sizes.split(",") if s.strip()]:
        if size not in SIZES:
            parser.error(f"unknown size {size!r}; sizes: {', '.join(SIZES)}")
        print(f"== {size} ({SIZES[size]} councils)", file=sys.stderr)
        cmd = [sys.executable, __file__, "--one", str(SIZES[size]), "--seed", str(args.seed)]
        cmd += ["--repeat", str(args.repeat)] + (["--no-bolt"] if args.no_bolt else [])
        start = time.perf_counter()
        try:
            proc = subprocess.run(
                cmd, stdout=subprocess.PIPE, timeout=args.timeout, text=True, check=False
            )
        except subprocess.TimeoutExpired:
            skipped[size] = f"did not finish within {args.timeout:.0f} s"
            continue
        if proc.returncode != 0:
            results[size] = {"error": f"exit {proc.returncode}"}
            continue
        results[size] = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"== {size} done in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    text = render(results, args.seed, skipped, bundled)
    if args.json:
        saved = {**results, **{k: {"skipped": why} for k, why in skipped.items()}}
        saved["bundled"] = bundled
        args.json.write_text(json.dumps(saved, indent=2))
    if args.out:
        write_report(args.out, keep_analytics(args.out, text))
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(text)


if __name__ == "__main__":
    main()
