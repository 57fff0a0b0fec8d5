"""Benchmark: partnergraph at 1k, 10k, 100k and 1M relationships, against the targets of issue 6.

Run: /work/venv/bin/python bench/bench_scale.py [--sizes 1k,10k,100k] [--out docs/BENCHMARKS.md]

Each size runs in its own subprocess (so peak memory is that size's alone) with a time limit:
generate a synthetic register (``partnergraph.synth``), load it into the embedded store, run every
named query, time the explorer's view functions and app start-up. Results go to the Markdown file
with the machine's description. Not a test: nothing fails on speed.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

#: size label -> councils passed to the generator (about 100 relationships per council)
SIZES = {"1k": 10, "10k": 100, "100k": 800, "1m": 9150}

#: (result key, label, limit, "max" when the value must stay at or under the limit, else "min")
TARGETS = [
    ("load_s", "load ≤ 30 s (1M)", 30.0, "max"),
    ("load_peak_mb", "load peak memory ≤ 2 GB (1M)", 2048.0, "max"),
    ("view_p95_ms", "explorer callbacks p95 ≤ 300 ms (1M)", 300.0, "max"),
    ("search_p95_ms", "search autocomplete p95 ≤ 100 ms (1M)", 100.0, "max"),
    ("bolt_ratio", "batched Bolt load ≥ 20× one query per row", 20.0, "min"),
    ("rank_cold_s", "rank every reference city ≤ 2 s (first call)", 2.0, "max"),
    ("app_start_s", "app start ≤ 60 s (1M)", 60.0, "max"),
]
#: hand-written findings (profiles, causes, what changed), appended to the report
FINDINGS = Path(__file__).with_name("FINDINGS.md")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _timed(fn, *args, **kwargs) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def _repeat(fn, repeat: int, budget_s: float) -> dict[str, float]:
    """p50/p95 in ms over up to ``repeat`` calls, stopping early once ``budget_s`` is spent."""
    times: list[float] = []
    spent = 0.0
    while len(times) < repeat and (spent < budget_s or not times):
        _, t = _timed(fn)
        times.append(t)
        spent += t
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return {"p50_ms": statistics.median(times) * 1000, "p95_ms": p95 * 1000, "n": len(times)}


def run_one(councils: int, seed: int, repeat: int, bolt: bool = True) -> dict[str, Any]:
    """Every measurement for one size, in this process."""
    import loaders.register as lr
    from graphmodel.queries import run_query
    from graphmodel.stores.embedded import EmbeddedStore
    from partnergraph.synth import generate_register, write_register

    res: dict[str, Any] = {"councils": councils}
    tmp = Path(tempfile.mkdtemp(prefix="pg-bench-"))
    files, res["generate_s"] = _timed(generate_register, councils, seed)
    write_register(files, tmp)
    res["register_mb"] = sum(len(t.encode()) for t in files.values()) / 1e6
    del files

    # Time the loader's phases by wrapping them (the code under test is not changed).
    phases: dict[str, float] = {}

    def wrap(name: str) -> None:
        original = getattr(lr, name)

        @functools.wraps(original)
        def timed(*a, **k):
            out, t = _timed(original, *a, **k)
            phases[name] = phases.get(name, 0.0) + t
            return out

        setattr(lr, name, timed)

    for name in ("parse_csv_text", "parse_yaml_text", "_check_sources", "build_graph"):
        wrap(name)
    import graphmodel.build.lookalike

    original_dupes = graphmodel.build.lookalike.likely_duplicates

    def dupes(*a, **k):
        out, t = _timed(original_dupes, *a, **k)
        phases["likely_duplicates"] = t
        return out

    lr.likely_duplicates = dupes
    rss0 = _rss_mb()
    try:
        reg, res["read_register_s"] = _timed(lr.read_register, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # 50 MB at 1M: leave nothing behind
    store = EmbeddedStore()
    _, res["store_replace_s"] = _timed(store.replace, reg.graph)
    res["load_s"] = res["read_register_s"] + res["store_replace_s"]
    res["load_peak_mb"] = _rss_mb()
    res["load_peak_over_start_mb"] = res["load_peak_mb"] - rss0
    res["phases_s"] = phases
    # as `partnergraph serve` does once its graph is loaded: the cyclic collector no longer
    # re-scans the graph's millions of objects (a full collection at 1M took seconds)
    gc.freeze()
    counts = reg.graph.counts()
    res["nodes"] = sum(counts["nodes"].values())
    res["relationships"] = sum(counts["relationships"].values())
    res["warnings"] = len(reg.warnings)
    homes = sorted(n.id for n in reg.graph.nodes.values() if n.props.get("home"))
    # the busiest council is the hardest case for the per-council queries and views
    view = store.read_view()
    degree = {h: view.out_degree(h) for h in homes}
    council = max(homes, key=lambda h: (degree[h], h))
    other = sorted(homes, key=lambda h: (-degree[h], h))[1] if len(homes) > 1 else council
    partner = next(iter(sorted(view.successors(council))), council)
    far = max(
        (n.id for n in reg.graph.nodes.values() if n.label == "Organisation"), key=lambda x: x
    )
    del reg
    res["council"] = council
    res["council_degree"] = degree[council]

    params = {
        "partners": {"council": council},
        "agreements": {"type": "mou"},
        "projects": {"programme": "interreg-iva"},
        "programmes": {},
        "units": {"council": council},
        "shared_partners": {"council_a": council, "council_b": other},
        "multilateral_opportunities": {"council": council},
        "theme_coverage": {"council": council},
        "eu_reliance": {"council": council},
        "links_needing_attention": {"council": council, "as_of": "2016-01-01"},
        "neighbours": {"node": council, "hops": 2},
        "shortest_path": {"source": council, "target": far},
        "centrality": {"top": 20},
        "communities": {},
    }
    from graphmodel.queries import QUERIES

    res["queries"] = {}
    for name in sorted(QUERIES):
        p = params.get(name, {})
        last: list = []
        try:
            stats = _repeat(
                lambda name=name, p=p, last=last: last.append(len(run_query(store, name, **p))),
                repeat,
                20.0,
            )
            stats["rows"] = last[-1]
        except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
            stats = {"error": f"{type(exc).__name__}: {exc}"[:200]}
        res["queries"][name] = stats
        print(f"  query {name}: {stats}", file=sys.stderr)

    from webapp import views as V

    view, res["graphview_build_s"] = _timed(V.GraphView, store)
    f_all = V.Filters()
    f_council = V.Filters(council=council, tiers=["twinning", "strategic"], themes=["tourism"])
    # the first unfiltered view builds every council's partnership facts (create_app does it
    # at start, so no user waits for it); every timed call below forgets the views it
    # remembers first, so it times the work and not a lookup
    _, res["first_view_s"] = _timed(V.network_elements, view, f_all)

    def cold(fn):
        def call():
            view.forget_views()
            return fn()

        return call

    res["views"] = {
        "focus 2 hops (busiest council)": _repeat(
            cold(lambda: V.network_elements(view, f_all, focus=council, hops=2)), repeat, 20.0
        ),
        "focus 2 hops (a partner)": _repeat(
            cold(lambda: V.network_elements(view, f_all, focus=partner, hops=2)), repeat, 20.0
        ),
        "filtered view (council, tiers, theme)": _repeat(
            cold(lambda: V.network_elements(view, f_council)), repeat, 20.0
        ),
        "unfiltered view (all councils)": _repeat(
            cold(lambda: V.network_elements(view, f_all)), max(3, repeat // 4), 20.0
        ),
        "node details (busiest council)": _repeat(
            cold(lambda: V.node_details(view, council)), repeat, 20.0
        ),
        "map (busiest council)": _repeat(cold(lambda: V.map_points(view, council)), repeat, 20.0),
        "activity matrix (busiest council)": _repeat(
            cold(lambda: V.activity_matrix(view, council)), repeat, 20.0
        ),
        "shortest path (busiest council to an organisation)": _repeat(
            cold(lambda: V.shortest_path_ids(view, council, far)), repeat, 20.0
        ),
    }
    searches = ["lo", "lon", "city of ber", "univ", "chamber", "zzqx", "harrogat", "wolfsbur"]

    def search_round():
        view.index._suggested.clear()  # the fuzzy fallback remembers answers: time the work
        return [V.search_hits(view, s) for s in searches]

    res["views"]["search autocomplete"] = _repeat(
        search_round, max(3, repeat // len(searches)), 20.0
    )
    # per keystroke, not per batch of six
    for k in ("p50_ms", "p95_ms"):
        res["views"]["search autocomplete"][k] /= len(searches)
    for k, v in res["views"].items():
        print(f"  view {k}: {v}", file=sys.stderr)
    view = None  # let it go before the app builds its own

    # The strategy board's ranking of every reference city, for the busiest council: the first
    # call also builds the city table and reads the graph (once per process), so both are shown.
    from graphmodel.evaluator import Evaluator, rank_reference_cities

    ev = Evaluator(store)
    ranked, res["rank_cold_s"] = _timed(
        rank_reference_cities, ev, council, include_home_country=True, top=20
    )
    res["rank_considered"] = ranked.considered
    warm = _repeat(
        lambda: rank_reference_cities(ev, council, include_home_country=True, top=20), 5, 20.0
    )
    res["rank_warm_s"] = warm["p95_ms"] / 1000
    print(f"  rank: cold {res['rank_cold_s']:.2f} s, warm {warm}", file=sys.stderr)
    ev = ranked = None

    from webapp import create_app

    _, res["app_start_s"] = _timed(create_app, store)
    res["peak_mb"] = _rss_mb()
    res["view_p95_ms"] = max(
        v["p95_ms"] for k, v in res["views"].items() if k != "search autocomplete"
    )
    res["search_p95_ms"] = res["views"]["search autocomplete"]["p95_ms"]
    if bolt:  # last, with the graph read back from the store (the register's copy is gone)
        from bench_bolt import measure_bolt

        graph = store.to_graph()
        store = view = None
        try:
            res["bolt"] = measure_bolt(graph, batched_budget_s=900.0)
            res["bolt_ratio"] = res["bolt"]["ratio"]
        except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
            res["bolt"] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        print(f"  bolt: {res['bolt']}", file=sys.stderr)
    return res


def run_bundled() -> dict[str, float]:
    """App start on the bundled register, as ``partnergraph serve`` does it, in this process."""
    from graphmodel.stores.embedded import EmbeddedStore
    from loaders import bundled_register_dir, read_register
    from webapp import create_app

    start = time.perf_counter()
    store = EmbeddedStore()
    store.replace(read_register(bundled_register_dir()).graph)
    load = time.perf_counter() - start
    _, app = _timed(create_app, store)
    return {"load_s": load, "app_start_s": app, "total_s": load + app}


def machine() -> dict[str, str]:
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus (nproc)": str(os.cpu_count()),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _fmt(v: float, unit: str) -> str:
    return f"{v:,.0f} {unit}" if v >= 100 else f"{v:.3g} {unit}"


def render(
    results: dict[str, dict], seed: int, skipped: dict[str, str], bundled: dict | None = None
) -> str:
    m = machine()
    out = [
        "# Benchmarks",
        "",
        "Made by `python bench/bench_scale.py --sizes "
        + ",".join(list(results) + list(skipped))
        + f" --seed {seed}`: synthetic registers from `partnergraph synth` (every record cites "
        "`synthetic-register.txt`), loaded into the embedded store. Not timed tests: nothing fails "
        "on speed. Each size runs in its own process; peak memory is that process's max RSS.",
        "",
        "## Machine",
        "",
        *[f"- {k}: {v}" for k, v in m.items()],
        "",
        "## Sizes",
        "",
        "| size | councils | nodes | relationships | register | generate |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, r in results.items():
        if "error" in r:
            out.append(f"| {size} | {SIZES[size]} | – | – | – | {r['error']} |")
            continue
        out.append(
            f"| {size} | {r['councils']:,} | {r['nodes']:,} | {r['relationships']:,} | "
            f"{r['register_mb']:.1f} MB | {r['generate_s']:.1f} s |"
        )
    for size, why in skipped.items():
        out.append(f"| {size} | {SIZES[size]:,} | not run | | | {why} |")
    ok = {s: r for s, r in results.items() if "error" not in r}
    if ok:
        cols = list(ok)

        def seconds(label: str, key: str) -> None:
            """A row of one timing in seconds per size."""
            out.append(
                f"| {label} | " + " | ".join(_fmt(ok[s].get(key, 0.0), "s") for s in cols) + " |"
            )

        head = "| measure | " + " | ".join(cols) + " |"
        sep = "| --- |" + " ---: |" * len(cols)
        out += ["", "## Load (embedded store)", "", head, sep]
        rows = [
            ("read_register (parse, validate, build)", "read_register_s", "s"),
            ("store.replace (NetworkX graph)", "store_replace_s", "s"),
            ("load total", "load_s", "s"),
            ("peak memory after load (max RSS)", "load_peak_mb", "MB"),
            ("warnings reported", "warnings", ""),
        ]
        for label, key, unit in rows:
            out.append(f"| {label} | " + " | ".join(_fmt(ok[s][key], unit) for s in cols) + " |")
        phases = sorted({p for r in ok.values() for p in r["phases_s"]})
        for p in phases:
            out.append(
                f"| &nbsp;&nbsp;phase `{p}` | "
                + " | ".join(_fmt(ok[s]["phases_s"].get(p, 0.0), "s") for s in cols)
                + " |"
            )
        out += ["", "## Named queries (p50 / p95, ms; rows)", "", head, sep]
        for q in sorted(next(iter(ok.values()))["queries"]):
            cells = []
            for s in cols:
                st = ok[s]["queries"][q]
                cells.append(
                    st["error"]
                    if "error" in st
                    else f"{st['p50_ms']:.1f} / {st['p95_ms']:.1f}; {st['rows']}"
                )
            out.append(f"| {q} | " + " | ".join(cells) + " |")
        out += ["", "## Explorer (p50 / p95, ms)", "", head, sep]
        seconds("GraphView build (once per app)", "graphview_build_s")
        seconds(
            "first unfiltered view (builds the per-council facts; done in `create_app`)",
            "first_view_s",
        )
        for v in next(iter(ok.values()))["views"]:
            out.append(
                f"| {v} | "
                + " | ".join(
                    f"{ok[s]['views'][v]['p50_ms']:.1f} / {ok[s]['views'][v]['p95_ms']:.1f}"
                    for s in cols
                )
                + " |"
            )
        seconds("app start (`create_app`)", "app_start_s")
        out.append(
            "| busiest council (out-degree) | "
            + " | ".join(f"`{ok[s]['council']}` ({ok[s]['council_degree']})" for s in cols)
            + " |"
        )
        out += ["", "## Evaluator", "", head, sep]
        seconds("rank every reference city, first call (builds the city table)", "rank_cold_s")
        seconds("rank every reference city, p95 of later calls", "rank_warm_s")
        out.append(
            "| cities ranked | " + " | ".join(f"{ok[s]['rank_considered']:,}" for s in cols) + " |"
        )
        if any("bolt" in r for r in ok.values()):
            out += ["", "## Bolt load (batched `UNWIND` against one query per row)", "", head, sep]
            out += _bolt_rows(ok, cols)
        out += ["", "## Targets", "", "| target | " + " | ".join(cols) + " |", sep]
        for key, label, limit, kind in TARGETS:
            cells = []
            for s in cols:
                v = ok[s].get(key)
                if v is None:
                    cells.append("not measured")
                    continue
                unit = {"_mb": "MB", "_ms": "ms", "_s": "s"}.get(key[key.rfind("_") :], "×")
                good = v <= limit if kind == "max" else v >= limit
                cells.append(f"{_fmt(v, unit)} {'met' if good else '**missed**'}")
            out.append(f"| {label} | " + " | ".join(cells) + " |")
    if bundled:
        out += [
            "",
            "App start on the bundled register (target ≤ 5 s): "
            f"load {_fmt(bundled['load_s'], 's')} + `create_app` "
            f"{_fmt(bundled['app_start_s'], 's')} = {_fmt(bundled['total_s'], 's')} "
            f"({'met' if bundled['total_s'] <= 5 else '**missed**'}).",
        ]
    out += [
        "",
        "Targets are set for 1M relationships; at smaller sizes *met* only shows the headroom left.",
    ]
    if FINDINGS.exists():
        out += ["", FINDINGS.read_text(encoding="utf-8").rstrip()]
    return "\n".join(out) + "\n"


def _bolt_rows(ok: dict[str, dict], cols: list[str]) -> list[str]:
    """The Bolt table from ``bench_bolt.measure_bolt``'s results."""

    def cell(s: str, fn) -> str:
        b = ok[s].get("bolt") or {}
        if "error" in b:
            return b["error"][:80]
        try:
            return fn(b)
        except (KeyError, TypeError):
            return "–"

    def rate(part: str):
        return lambda b: f"{b[part]['rows_per_s']:,.0f} rows/s ({b[part]['rows']:,} rows)"

    def full(b):
        done = b["batched"]
        if done.get("complete"):
            return _fmt(done["seconds"], "s")
        return f"~{_fmt(done['full_seconds_extrapolated'], 's')} (extrapolated)"

    rows = [
        ("server", lambda b: b["server"]["name"]),
        ("batched `UNWIND` (`Neo4jStore.replace`), whole graph", rate("batched")),
        ("batched load time, whole graph", full),
        ("batched, same sample as one-per-row", rate("batched_sample")),
        ("one auto-commit query per row (sample)", rate("per_row")),
        ("one query per row in one transaction (sample)", rate("per_row_one_tx")),
        ("ratio batched / one query per row", lambda b: f"{b['ratio']:.1f}×"),
    ]
    return [f"| {label} | " + " | ".join(cell(s, fn) for s in cols) + " |" for label, fn in rows]


def _keep_analytics(out: Path, text: str) -> str:
    """The new report with the analytics section (bench_analytics.py) of the old one kept."""
    from bench_analytics import END, START, splice

    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if START not in old or END not in old:
        return text
    return splice(text, old[old.index(START) : old.index(END) + len(END)])


def _write_report(path: Path, text: str) -> None:
    """Write the report, keeping the sections bench_load.py, bench_browser.py and
    bench_write.py wrote there."""
    from bench_load import END, START

    old = path.read_text(encoding="utf-8") if path.exists() else ""
    for start, end in (
        (START, END),
        ("<!-- bench_browser:start -->", "<!-- bench_browser:end -->"),
        ("<!-- bench_write:start -->", "<!-- bench_write:end -->"),
    ):
        if start in old and end in old:
            kept = start + old.split(start, 1)[1].split(end, 1)[0] + end
            text = text.rstrip("\n") + "\n\n" + kept + "\n"
    path.write_text(text, encoding="utf-8")


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
    args = parser.parse_args()
    if args.from_json is not None:  # re-render saved results, e.g. after editing the notes
        saved = json.loads(args.from_json.read_text())
        bundled = saved.pop("bundled", None)
        results = {k: v for k, v in saved.items() if not v.get("skipped")}
        skipped = {k: v["skipped"] for k, v in saved.items() if v.get("skipped")}
        text = render(results, args.seed, skipped, bundled)
        (_write_report(args.out, _keep_analytics(args.out, text)) if args.out else print(text))
        return
    if args.one is not None:  # the child process: one size, JSON on stdout
        print(json.dumps(run_one(args.one, args.seed, args.repeat, bolt=not args.no_bolt)))
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
        _write_report(args.out, _keep_analytics(args.out, text))
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(text)


if __name__ == "__main__":
    main()
