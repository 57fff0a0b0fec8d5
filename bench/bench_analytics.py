"""Benchmark: the analytics (centrality, communities, ...) against python-igraph's own time.

Run: python bench/bench_analytics.py [--sizes 1k,10k,100k,1m] [--out docs/BENCHMARKS.md]

Each size runs in its own subprocess: generate a synthetic register (``partnergraph.synth``, the
same sizes and seed as bench_scale.py), load it into the embedded store, then time

- the first ``centrality`` / ``communities`` query (builds the partnership projection);
- later calls, with the projection kept but every result derived from it forgotten first, so
  the computation is timed and not a look-up;
- python-igraph alone on the very same graph and parameters (the same sample sources for
  betweenness, the same seed for Louvain): the peer the issue sets the 2x target against;
- the other analytics queries (first and later calls).

The results replace the section between the analytics markers in the output file, so
bench_scale.py's report and this one live in one docs/BENCHMARKS.md. Not a test: nothing fails
on speed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
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

#: size label -> councils passed to the generator (as bench_scale.py)
SIZES = {"1k": 10, "10k": 100, "100k": 800, "1m": 9150}
START, END = "<!-- analytics:start -->", "<!-- analytics:end -->"


def _timed(fn, *a, **k) -> tuple[Any, float]:
    """``fn``'s result and the CPU seconds this process spent in it (user and system): on a
    machine shared with other work a process waits for a core, so the wall clock measures the
    queue as much as the work. Everything timed here runs on this process's one thread."""
    t = time.process_time()
    out = fn(*a, **k)
    return out, time.process_time() - t


def _median(fn, repeat: int, budget_s: float) -> float:
    times, spent = [], 0.0
    for _ in range(repeat):
        _, t = _timed(fn)
        times.append(t)
        spent += t
        if spent > budget_s and len(times) >= 1:
            break
    return statistics.median(times)


def _alternating(ours, peer, repeat: int, budget_s: float) -> tuple[float, float]:
    """Medians of ``ours`` and ``peer`` called in turn (so a burst of load on the shared
    machine falls on both), stopping early once ``budget_s`` is spent."""
    mine, theirs, spent = [], [], 0.0
    for _ in range(repeat):
        _, a = _timed(ours)
        _, b = _timed(peer)
        mine.append(a)
        theirs.append(b)
        spent += a + b
        if spent > budget_s:
            break
    return statistics.median(mine), statistics.median(theirs)


def _answered(rows: list, what: str, at_least: int = 1) -> list:
    """``rows``, or a loud failure: a benchmark must not time a query that stopped answering."""
    if len(rows) < at_least:
        raise RuntimeError(f"{what} answered {len(rows)} row(s), expected at least {at_least}")
    return rows


def emit(res: dict[str, Any]) -> None:
    """What is measured so far, as one JSON line: a size cut off by the time limit still
    reports what it reached."""
    res["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    res.setdefault("load_averages", []).append(round(os.getloadavg()[0], 1))
    print(json.dumps(res), flush=True)


def run_one(councils: int, seed: int, repeat: int) -> dict[str, Any]:
    """Every measurement for one size, in this process."""
    res: dict[str, Any] = {"councils": councils, "queries": {}}
    store, council, other = _load(res, councils, seed)
    emit(res)
    p = _centrality(res, store, repeat)
    emit(res)
    _communities(res, store, p, repeat)
    emit(res)
    _projection_build(res, store, repeat)
    emit(res)
    _others(res, store, p, council, other, repeat)
    res["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return res


def _load(res: dict[str, Any], councils: int, seed: int):
    """The synthetic register in the embedded store, as ``partnergraph load`` leaves it; the
    busiest council and the next."""
    from graphmodel.stores.embedded import EmbeddedStore
    from loaders import read_register
    from partnergraph.synth import generate_register, write_register

    tmp = Path(tempfile.mkdtemp(prefix="pg-bench-analytics-"))
    try:
        write_register(generate_register(councils, seed), tmp)
        reg = read_register(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    store = EmbeddedStore()
    store.replace(reg.graph)
    homes = sorted(n.id for n in reg.graph.nodes.values() if n.props.get("home"))
    view = store.read_view()
    degree = {h: view.out_degree(h) for h in homes}
    council = max(homes, key=lambda h: (degree[h], h))
    other = sorted(homes, key=lambda h: (-degree[h], h))[1] if len(homes) > 1 else council
    res["relationships"] = sum(reg.graph.counts()["relationships"].values())
    return store, council, other


def _forget(p) -> None:
    """Every result derived from the projection, so a call computes and does not look up."""
    derived = ("betweenness", "betweenness array", "membership", "communities", "degree")
    for k in (*derived, "directed", "dominators", "links between communities"):
        p.memo.pop(k, None)


def _centrality(res: dict[str, Any], store, repeat: int):
    """The first call (projection built afresh each time), later calls, and igraph alone on
    the same projection with the same sample sources, each alternating with igraph."""
    from graphmodel.analytics import centrality as C
    from graphmodel.analytics import projection as P
    from graphmodel.queries import run_query

    view = store.read_view()
    _, res["centrality_first_once_s"] = _timed(
        lambda: _answered(run_query(store, "centrality", top=20), "centrality", 20)
    )
    p = P.projection_of_graph(view)
    res["projection_nodes"], res["projection_edges"] = p.graph.vcount(), p.graph.ecount()
    res["method"] = C.method_text(p)
    g = p.graph
    k = C.centrality_samples(g.vcount(), g.ecount())
    sources = None if k is None else [p.index[x] for x in random.Random(C.SEED).sample(p.ids, k)]

    def igraph_centrality():
        if sources is None:
            g.betweenness(directed=False)
        else:
            g.betweenness(directed=False, sources=sources)

    def first_call():
        P._cache.pop(view, None)  # as after a load: the projection built within the call
        _answered(run_query(store, "centrality", top=20), "centrality", 20)

    def later_call():
        _forget(P.projection_of_graph(view))
        _answered(run_query(store, "centrality", top=20), "centrality", 20)

    res["centrality_first_s"], res["igraph_centrality_first_s"] = _alternating(
        first_call, igraph_centrality, repeat, 120.0
    )
    res["centrality_s"], res["igraph_centrality_s"] = _alternating(
        later_call, igraph_centrality, repeat, 60.0
    )
    return P.projection_of_graph(view)


def _communities(res: dict[str, Any], store, p, repeat: int) -> None:
    import igraph as ig

    from graphmodel.analytics.communities import SEED as LOUVAIN_SEED
    from graphmodel.queries import run_query

    _forget(p)
    _, res["communities_first_s"] = _timed(
        lambda: _answered(run_query(store, "communities"), "communities")
    )

    def ours():
        _forget(p)
        _answered(run_query(store, "communities"), "communities")

    def igraph_communities():
        ig.set_random_number_generator(random.Random(LOUVAIN_SEED))
        try:
            p.graph.community_multilevel(return_levels=False)
        finally:
            ig.set_random_number_generator(random)

    res["communities_s"], res["igraph_communities_s"] = _alternating(
        ours, igraph_communities, repeat, 60.0
    )


def _projection_build(res: dict[str, Any], store, repeat: int) -> None:
    """The partnership projection alone, read from the store's graph as a first call reads it
    (from the wiring the load kept), and as it is read after a write (from NetworkX's dicts:
    a written graph has no wiring)."""
    from graphmodel.analytics import projection as P

    view = store.read_view()

    def build(read):
        def once():
            p = P._project("partnership", read(view))
            if p.graph.ecount() != res["projection_edges"]:
                raise RuntimeError(f"the projection has {p.graph.ecount()} edges, not the same")

        return once

    res["projection_build_s"] = _median(build(P.GraphArrays.of), repeat, 60.0)
    res["projection_build_dicts_s"] = _median(build(P.GraphArrays._of_adjacency), repeat, 60.0)


def _others(res: dict[str, Any], store, p, council: str, other: str, repeat: int) -> None:
    from graphmodel.queries import run_query

    far = max(n for n, label in zip(p.ids, p.labels, strict=True) if label == "Organisation")
    others = {
        "shortest_path": {"source": council, "target": far},
        "bridges": {},
        "single_points": {"council": council},
        "partner_overlap": {"council_a": council, "council_b": other},
    }
    for name, params in others.items():
        _forget(p)
        rows, first = _timed(run_query, store, name, **params)

        def again(name=name, params=params):
            _forget(p)
            run_query(store, name, **params)

        res["queries"][name] = {
            "first_s": first,
            "later_s": _median(again, repeat, 30.0),
            "rows": len(rows),
        }
        emit(res)


#: what the figures mean, kept with them
NOTES = [
    "- **First call** (issue 25: ≤ 1.5× igraph at 1M): **met at 1M**: 1.43× in this run (2.33"
    " s against igraph's 1.62 s, medians of 5 alternating with it), and 1.22× in a second 1M "
    "run right after (2.35 s against 1.93 s, load average 3.3–4.1, not in the table): met, "
    "with little to spare on a machine this loaded; met at 10k and 100k too (1.09×, 0.96×); "
    "1.72× at 1k, where both take a few milliseconds. The previous run: 2.78× (3.95 s against"
    " 1.42 s). What changed: (1) the load keeps, for each relationship it wires into NetworkX"
    " (`embedded.adopt`), its two ends' own successor and predecessor dicts and its key "
    "string (`Wiring`: three pointers a relationship), and the projection numbers them by "
    "address in numpy (`analytics/identity.py`; on CPython the addresses are read from the "
    "lists' own arrays of pointers, checked on a probe list, elsewhere `map(id, ...)`) "
    "instead of reading NetworkX's dicts: the projection build 0.54 s at 1M in this run (1.86"
    " s in the previous one); (2) `centrality` ranks in numpy and builds rows only for the "
    "vertices that can reach its top, the normalisation in numpy too: the later call 1.04× "
    "igraph at 1M (1.65 s against 1.59 s; 1.48× in the previous run); (3) the id index is "
    "made when first asked for (by a path, or a question about a named council), so "
    "`shortest_path`'s first call at 1M is 0.13 s where it was 0.003 s, and names are read "
    "only for the rows shown; and igraph reads the edges from a zip of two int lists, not a "
    "list of tuples. The same projection (vertices, edges, labels, names) and the same "
    "`centrality` rows as before at 100k and 1M (compared with the previous code, labels "
    "filtered too), and the same as the plain definitions on random graphs full of ties "
    "(tests/test_analytics_ranking.py, tests/test_analytics_wiring.py).",
    "- **What it costs the load**: three list appends per relationship in `adopt`'s loop, "
    "measured alone at +0.12 s at 1M; with the loop's two dict look-ups bound once in the same "
    "change, `adopt` itself measured 1.66 s against 1.86 s before (medians of 11 rounds "
    "alternating old and new in one process, load average 4–5; paired differences −0.75 to "
    "+0.11 s, median −0.07 s): no cost above the noise, at most about 0.1 s. Memory: +24 MB at "
    "1M (the three lists), in this table's peak memory.",
    "- **After a write**: `store.add` swaps in a new graph, which has no wiring, so the first "
    "analytics question after a write reads NetworkX's dicts as before ('projection build "
    "after a write' row: 1.92 s at 1M, so a first call of about 3.6 s, 2.2× igraph). Carrying the "
    "wiring across the copy-on-write graph (`graph_with`) was not done.",
    "- **Before** (NetworkX on a projection that kept countries and themes, the *Named queries* "
    "table above, measured before this change): `centrality` 35 s at 100k and 67 s at 1M "
    "(100 and 10 sample sources), `communities` 8.6 s and 115 s, the projection rebuilt on "
    "every call. Those two rows of that table predate the igraph analytics.",
    "- **Betweenness**: exact up to 60 million nodes × edges of the projection (the bundled "
    "register and 10k); beyond, sample sources worth about 15 million steps (264 at 100k, ~25 "
    "at 1M), drawn as NetworkX draws them, so the values are NetworkX's estimate "
    "(tests/test_analytics.py compares them, exact and sampled, on small graphs).",
    "- **Communities**: python-igraph's multilevel (Louvain) with a fixed seed; on planted "
    "clusters the same partition as NetworkX's Louvain, on random graphs the same modularity "
    "within 0.03 (tests/test_analytics.py).",
    "- 'later call' against 'igraph alone' is now the top rows and the normalisation "
    "(milliseconds); the ratio is noisy at the small sizes where both take milliseconds.",
    "- `communities` orders its members and `bridges` groups the links between communities in "
    "numpy, and `bridges` names only the pairs it shows (it named all ~19,000 pairs of "
    "communities at 1M, then kept 20): each is now Louvain plus about 0.1–0.25 s at 1M (in a "
    "profile: 0.29 s → 0.09 s for the communities' order, 1.3 s → 0.12 s for bridges after "
    "Louvain), the same rows (compared at 100k, and with the plain definitions on random "
    "graphs). `partner_overlap` is mostly the two councils' partners matched by spelling "
    "(`queries/analysis.py::_shared`, about 3 s of its 3.4 s at 1M in a profile), not the "
    "projection: left as it is.",
    "- The 'before' figures come from an earlier run whose machine load is not recorded, so set "
    "side by side with these they only show the order of magnitude. More samples at both sizes "
    "than before (264 against 100 at 100k, 23 against 10 at 1M).",
    "- `bridges` and `partner_overlap` 'later call' recompute the communities (forgotten first, "
    "like everything derived from the projection); in the app and CLI they are kept with the "
    "projection, so only the first question after a load pays for them. `partner_overlap` also "
    "matches the two councils' partners by spelling (as `shared_partners`).",
    "- On Neo4j the same computation runs on the projection pulled in two read queries per "
    "call (not cached: the database can change under us); Graph Data Science would take over "
    "there when installed (not available here, so not measured).",
]


def _s(v: float) -> str:
    return f"{v:.3g} s" if v < 100 else f"{v:,.0f} s"


def render(results: dict[str, dict], skipped: dict[str, str], seed: int, note: str) -> str:
    """The Analytics section of docs/BENCHMARKS.md: how it was made, a table of every measure
    by size, then what was cut short or skipped."""
    sizes = list(results)
    out = _header(sizes, skipped, seed, note) + _table_rows(results, sizes)
    for size, r in results.items():
        if r.get("cut"):
            out += [
                "",
                f"- {size}: stopped at the {r['cut']:.0f} s limit; 'not reached' marks what it did not get to.",
            ]
    for size, why in skipped.items():
        out += ["", f"- {size}: not measured: {why}"]
    out += ["", *NOTES, "", END]
    return "\n".join(out) + "\n"


def _header(sizes: list[str], skipped: dict[str, str], seed: int, note: str) -> list[str]:
    """The section's heading, how the figures were made, and the table's head."""
    return [
        START,
        "## Analytics (partnership projection, python-igraph)",
        "",
        f"Made by `python bench/bench_analytics.py --sizes {','.join(sizes + list(skipped))} "
        f"--seed {seed}` on the same synthetic registers as above. 'first call' builds the "
        "partnership projection (kept per graph after that); 'later call' recomputes with the "
        "projection kept and every result derived from it forgotten first. 'igraph alone' is "
        "python-igraph on the very same graph with the same parameters (same sample sources, "
        "same Louvain seed), called in turn with ours. Median of repeated calls; a first call "
        "is repeated by forgetting the projection, as a new load does. Times are CPU seconds "
        "of the benchmark's process (user + system, all on one thread), not the wall clock, "
        "which on this shared machine mostly measured the wait for a core.",
        "",
        f"**{note}**",
        "",
        "| measure | " + " | ".join(sizes) + " |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " |",
    ]


def _table_rows(results: dict[str, dict], sizes: list[str]) -> list[str]:
    """A row per measure, a cell per size ("not reached" where a run stopped first)."""
    out: list[str] = []

    def row(label, fn):
        cells = []
        for s in sizes:
            try:
                cells.append(fn(results[s]))
            except (KeyError, ZeroDivisionError):
                cells.append("not reached")
        out.append(f"| {label} | " + " | ".join(cells) + " |")

    row("relationships", lambda r: f"{r['relationships']:,}")
    row(
        "projection nodes / edges",
        lambda r: f"{r['projection_nodes']:,} / {r['projection_edges']:,}",
    )
    row("projection build", lambda r: _s(r["projection_build_s"]))
    row(
        "projection build after a write (no wiring: NetworkX's dicts)",
        lambda r: _s(r["projection_build_dicts_s"]),
    )
    row("betweenness method", lambda r: r["method"])
    row("`centrality` first call (projection built in it)", lambda r: _s(r["centrality_first_s"]))
    row(
        "igraph alone (betweenness), alternating with it",
        lambda r: _s(r["igraph_centrality_first_s"]),
    )
    row(
        "**ratio** first call / igraph (target ≤ 1.5×)",
        lambda r: f"**{r['centrality_first_s'] / r['igraph_centrality_first_s']:.2f}×**",
    )
    row("`centrality` later call", lambda r: _s(r["centrality_s"]))
    row("igraph alone (betweenness), alternating with it", lambda r: _s(r["igraph_centrality_s"]))
    row(
        "**ratio** later call / igraph",
        lambda r: f"**{r['centrality_s'] / r['igraph_centrality_s']:.2f}×**",
    )
    row("`communities` first call", lambda r: _s(r["communities_first_s"]))
    row("`communities` later call", lambda r: _s(r["communities_s"]))
    row("igraph alone (multilevel)", lambda r: _s(r["igraph_communities_s"]))
    row(
        "**ratio** communities / igraph",
        lambda r: f"**{r['communities_s'] / r['igraph_communities_s']:.2f}×**",
    )
    for name in ("shortest_path", "bridges", "single_points", "partner_overlap"):
        row(
            f"`{name}` first / later; rows",
            lambda r, name=name: (
                f"{_s(r['queries'][name]['first_s'])} / {_s(r['queries'][name]['later_s'])}; "
                f"{r['queries'][name]['rows']}"
            ),
        )
    row("peak memory (max RSS)", lambda r: f"{r['peak_mb']:,.0f} MB")
    row(
        "load average (1 min) as each step ended",
        lambda r: " · ".join(f"{x:g}" for x in r["load_averages"]),
    )
    return out


def splice(text: str, block: str) -> str:
    """``text`` with its analytics section replaced by ``block`` (appended if absent)."""
    if START in text and END in text:
        a, b = text.index(START), text.index(END) + len(END)
        return text[:a] + block.rstrip("\n") + text[b:]
    return text.rstrip("\n") + "\n\n" + block


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,100k,1m")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write raw results")
    parser.add_argument("--from-json", type=Path, default=None, help="render saved results")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600, help="seconds per size")
    parser.add_argument(
        "--note",
        default="Measured while other engineers shared the machine's 2 cores: the figures are "
        "noisy; the ratios (same process, same moment) less so.",
    )
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        emit(run_one(args.one, args.seed, args.repeat))
        return
    if args.from_json is not None:
        saved = json.loads(args.from_json.read_text())
        results = {k: v for k, v in saved.items() if "skipped" not in v}
        skipped = {k: v["skipped"] for k, v in saved.items() if "skipped" in v}
    else:
        results, skipped = {}, {}
        for size in [s.strip().lower() for s in args.sizes.split(",") if s.strip()]:
            if size not in SIZES:
                parser.error(f"unknown size {size!r}; sizes: {', '.join(SIZES)}")
            print(f"== {size}", file=sys.stderr)
            cmd = [sys.executable, __file__, "--one", str(SIZES[size]), "--seed", str(args.seed)]
            cmd += ["--repeat", str(args.repeat)]
            try:
                proc = subprocess.run(
                    cmd, stdout=subprocess.PIPE, timeout=args.timeout, text=True, check=False
                )
            except subprocess.TimeoutExpired as exc:
                partial = (
                    (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else exc.stdout
                )
                lines = (partial or "").strip().splitlines()
                if lines:  # what it reached before the limit
                    results[size] = dict(json.loads(lines[-1]), cut=args.timeout)
                else:
                    skipped[size] = f"did not finish within {args.timeout:.0f} s"
                continue
            if proc.returncode != 0:
                skipped[size] = f"failed (exit {proc.returncode})"
                continue
            results[size] = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"   {results[size]}", file=sys.stderr)
        if args.json:
            saved = {**results, **{k: {"skipped": why} for k, why in skipped.items()}}
            args.json.write_text(json.dumps(saved, indent=2))
    block = render(results, skipped, args.seed, args.note)
    if args.out:
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else "# Benchmarks\n"
        args.out.write_text(splice(old, block), encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(block)


if __name__ == "__main__":
    main()
