"""``partnergraph load`` beside its peers: python-igraph and NetworkX building the same graph from
the same edge list, each in a process of its own, alternating, as ``bench_scale.py --peers`` asks.

The edge list is the loaded graph written out once (not timed) as two CSV files, ``nodes.csv``
(id, label, name, then every node property) and ``edges.csv`` (source, target, type, key, then
every relationship property); list values (aliases, sources) are joined with ``\\x1f`` and
columns holding lists end in ``[]``. Each peer reads both files with ``csv.reader`` and builds a
graph holding every property:

- NetworkX: a ``MultiDiGraph`` through ``add_nodes_from`` / ``add_edges_from``, keyed as the
  embedded store keys its relationships (``TYPE|key``), empty cells left out;
- python-igraph: ``igraph.Graph(n, edges, directed=True, vertex_attrs=..., edge_attrs=...)``,
  ids mapped to vertex numbers by a dict (igraph's fastest way in; ``Graph.DictList`` is slower).

The product is the command a person runs, ``partnergraph load REGISTER`` (the embedded store,
in memory): it reads the register's YAML and CSV files, validates every record and runs every
check, then builds the store's graph. Each run is one process, timed from start to exit (wall
and CPU seconds) with its peak memory (max RSS) from ``wait4``. A run that exits non-zero or
does not answer with the counts it should stops the benchmark.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = [
    "PEERS",
    "compare_load",
    "measure_peers",
    "render_peers",
    "splice_peers",
    "write_edge_list",
]

ROOT = Path(__file__).resolve().parent.parent
#: the peers, in the order each round runs them (after the product)
PEERS = ("igraph", "networkx")
_SEP = "\x1f"
csv.field_size_limit(1 << 30)


def write_edge_list(view, folder: Path) -> dict[str, int]:
    """Write the store's read view (a NetworkX MultiDiGraph) as ``nodes.csv`` and ``edges.csv``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [d for _, d in view.nodes(data=True)]
    _write_rows(folder / "nodes.csv", rows, ("id", "label", "name"))
    edges = [d for _, _, d in view.edges(data=True)]
    _write_rows(folder / "edges.csv", edges, ("source", "target", "type", "key"))
    return {"nodes": len(rows), "relationships": len(edges)}


def _write_rows(path: Path, rows: list[dict[str, Any]], first: tuple[str, ...]) -> None:
    lists = {k for r in rows for k, v in r.items() if isinstance(v, list)}
    rest = sorted({k for r in rows for k in r} - set(first))
    columns = [*first, *rest]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([f"{c}[]" if c in lists else c for c in columns])
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return _SEP.join(str(x) for x in v)
    return str(v)


def _read(path: Path):
    """The header (names without ``[]``, which columns are lists) and the rows."""
    fh = path.open(newline="", encoding="utf-8")
    reader = csv.reader(fh)
    header = next(reader)
    names = [h.removesuffix("[]") for h in header]
    lists = [h.endswith("[]") for h in header]
    return names, lists, reader, fh


def _attrs(names, lists, row) -> dict[str, Any]:
    return {
        k: (v.split(_SEP) if is_list else v)
        for k, is_list, v in zip(names, lists, row, strict=True)
        if v
    }


def build_networkx(folder: Path):
    import networkx as nx

    g = nx.MultiDiGraph()
    names, lists, rows, fh = _read(folder / "nodes.csv")
    with fh:
        g.add_nodes_from((row[0], _attrs(names, lists, row)) for row in rows)
    names, lists, rows, fh = _read(folder / "edges.csv")
    with fh:
        g.add_edges_from(
            (row[0], row[1], f"{row[2]}|{row[3]}", _attrs(names, lists, row)) for row in rows
        )
    return g.number_of_nodes(), g.number_of_edges()


def build_igraph(folder: Path):
    import igraph as ig

    def columns(path: Path):
        names, lists, rows, fh = _read(path)
        cols: list[list] = [[] for _ in names]
        with fh:
            for row in rows:
                for col, is_list, v in zip(cols, lists, row, strict=True):
                    col.append((v.split(_SEP) if is_list else v) if v else None)
        return names, cols

    names, cols = columns(folder / "nodes.csv")
    number = {nid: i for i, nid in enumerate(cols[0])}
    enames, ecols = columns(folder / "edges.csv")
    ends = zip(map(number.__getitem__, ecols[0]), map(number.__getitem__, ecols[1]), strict=True)
    edges = list(ends)
    g = ig.Graph(
        n=len(number),
        edges=edges,
        directed=True,
        vertex_attrs=dict(zip(names, cols, strict=True)),
        edge_attrs=dict(zip(enames[2:], ecols[2:], strict=True)),
    )
    return g.vcount(), g.ecount()


def _peer_main(peer: str, folder: Path) -> None:
    """The child process of one peer run: build, then print the counts as JSON."""
    start = time.perf_counter()
    n, m = (build_igraph if peer == "igraph" else build_networkx)(folder)
    print(json.dumps({"nodes": n, "relationships": m, "build_s": time.perf_counter() - start}))


#: a small process between the benchmark and each run: Linux carries the parent's peak memory
#: into a child it starts (fork, then exec), so a run started from the benchmark's own large
#: process would report at least the benchmark's peak; started from this one it reports its own
_LAUNCH = """
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
print(json.dumps({"wall_s": time.perf_counter() - start, "code": os.waitstatus_to_exitcode(status),
                  "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}))
"""


def _run_measured(cmd: list[str]) -> dict[str, Any]:
    """``cmd`` in a child process: wall and CPU seconds, peak memory (max RSS, MB) and what it
    printed on stdout (its stderr is dropped)."""
    proc = subprocess.run(
        ["nice", "-n", "10", sys.executable, "-c", _LAUNCH, *cmd],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        check=False,
    )
    lines = proc.stdout.rstrip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"the launcher failed ({proc.returncode}) running {' '.join(cmd)}")
    usage = json.loads(lines[-1])
    usage["stdout"] = "\n".join(lines[:-1])
    return usage


def _product_counts(stdout: str) -> tuple[int, int]:
    """The node and relationship totals ``partnergraph load`` printed."""
    nodes = rels = None
    for line in stdout.splitlines():
        if line.startswith("Nodes:"):
            nodes = int(line.split()[1].replace(",", ""))
        elif line.startswith("Relationships:"):
            rels = int(line.split()[1].replace(",", ""))
    if nodes is None or rels is None:
        raise RuntimeError(f"partnergraph load printed no counts:\n{stdout[-2000:]}")
    return nodes, rels


def compare_load(register: Path, edges: Path, expect: dict[str, int], runs: int) -> dict:
    """``runs`` rounds of product, igraph, NetworkX, each a fresh process; every run checked."""
    cli = [sys.executable, "-m", "partnergraph", "load", str(register)]
    out: dict[str, list[dict[str, float]]] = {"product": [], **{p: [] for p in PEERS}}
    loads = [os.getloadavg()[0]]
    for i in range(runs):
        for who in ("product", *PEERS):
            if who == "product":
                cmd = cli
            else:
                cmd = [sys.executable, __file__, "--peer", who, str(edges)]
            r = _run_measured(cmd)
            if r["code"] != 0:
                raise RuntimeError(f"{who} run {i + 1} exited {r['code']}: {' '.join(cmd)}")
            if who == "product":
                got = _product_counts(r["stdout"])
            else:
                answer = json.loads(r["stdout"].strip().splitlines()[-1])
                got = (answer["nodes"], answer["relationships"])
                r["build_s"] = answer["build_s"]
            if got != (expect["nodes"], expect["relationships"]):
                raise RuntimeError(f"{who} run {i + 1} built {got}, expected {expect}")
            del r["stdout"], r["code"]
            out[who].append(r)
            loads.append(os.getloadavg()[0])
            print(f"  {who} run {i + 1}: {r}", file=sys.stderr)
    return {"runs": out, "load_averages": loads}


START, END = "<!-- load_peers:start -->", "<!-- load_peers:end -->"
#: (what, peer, limit): the issue's targets, as ratios of medians in the same run
TARGETS = (("time", "igraph", 2.0), ("time", "networkx", 1.0), ("peak_mb", "networkx", 1.2))


def measure_peers(register: Path, runs: int) -> dict[str, Any]:
    """Write the edge list of ``register`` (in a child process, so this one stays small), then
    ``runs`` rounds of product and peers."""
    import tempfile

    edges = Path(tempfile.mkdtemp(prefix="pg-peers-"))
    try:
        code = (
            "import json, sys; sys.path.insert(0, 'bench'); from pathlib import Path;"
            "from scale_peers import write_edge_list; from loaders import read_register;"
            "from graphmodel.stores.embedded import EmbeddedStore; s = EmbeddedStore();"
            "s.replace(read_register(sys.argv[1]).graph);"
            "print(json.dumps(write_edge_list(s.read_view(), Path(sys.argv[2]))))"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code, str(register), str(edges)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            check=True,
        )
        expect = json.loads(proc.stdout.strip().splitlines()[-1])
        return {**expect, **compare_load(register, edges, expect, runs)}
    finally:
        import shutil

        shutil.rmtree(edges, ignore_errors=True)


def _median(runs: list[dict[str, float]], key: str) -> float:
    values = sorted(r[key] for r in runs)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def render_peers(results: dict[str, dict], when: str) -> str:
    """The Markdown section: medians per size, ratios to each peer, targets met or missed."""
    sizes = list(results)
    head = "| measure | " + " | ".join(sizes) + " |\n| --- | " + " | ".join("---:" for _ in sizes)
    lines = [
        START,
        "### Load against its peers (bench/bench_scale.py --peers)",
        "",
        f"Measured {when}. Each cell is the median of the runs; every run is a process of its own",
        "(product, python-igraph, NetworkX, in turn, each round), timed from start to exit, with",
        "its peak memory (max RSS). CPU seconds (user + system) are given beside the wall-clock",
        "seconds: on this shared machine a process waits for a core, so the wall clock depends",
        "on what else runs, and the CPU time much less. How the peers read the edge list:",
        "`bench/scale_peers.py`'s docstring.",
        "",
        head + " |",
    ]

    def row(label: str, cell) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(results[s]) for s in sizes) + " |")

    row("runs (rounds)", lambda r: str(len(r["runs"]["product"])))
    row("nodes / relationships", lambda r: f"{r['nodes']:,} / {r['relationships']:,}")
    names = {"product": "`partnergraph load`", "igraph": "python-igraph", "networkx": "NetworkX"}
    for who, name in names.items():
        row(
            f"{name}: wall / CPU / peak memory",
            lambda r, who=who: (
                f"{_median(r['runs'][who], 'wall_s'):.1f} s / "
                f"{_median(r['runs'][who], 'cpu_s'):.1f} s / "
                f"{_median(r['runs'][who], 'peak_mb'):,.0f} MB"
            ),
        )
    for what, peer, limit in TARGETS:
        if what == "time":
            label = f"**ratio to {names[peer]}**, CPU (wall) — target ≤ {limit:g}×"

            def cell(r, peer=peer, limit=limit):
                cpu = _median(r["runs"]["product"], "cpu_s") / _median(r["runs"][peer], "cpu_s")
                wall = _median(r["runs"]["product"], "wall_s") / _median(r["runs"][peer], "wall_s")
                verdict = "met on CPU" if cpu <= limit else "**missed** on CPU"
                return f"{cpu:.2f}× ({wall:.2f}×) {verdict}"

        else:
            label = f"**peak memory ratio to {names[peer]}** — target ≤ {limit:g}×"

            def cell(r, peer=peer, limit=limit):
                ratio = _median(r["runs"]["product"], "peak_mb") / _median(
                    r["runs"][peer], "peak_mb"
                )
                return f"{ratio:.2f}× " + ("met" if ratio <= limit else "**missed**")

        row(label, cell)
    row(
        "load average (1 min) around the runs",
        lambda r: " · ".join(f"{x:.0f}" for x in r["load_averages"]),
    )
    lines += ["", END]
    return "\n".join(lines) + "\n"


def splice_peers(text: str, block: str) -> str:
    """``text`` with its load-against-peers section replaced by ``block``, or put at the end of
    the Load section (before the named queries) if it has none."""
    if START in text and END in text:
        a, b = text.index(START), text.index(END) + len(END)
        return text[:a] + block.rstrip("\n") + text[b:]
    at = text.find("## Named queries")
    if at < 0:
        return text.rstrip("\n") + "\n\n" + block
    return text[:at] + block + "\n" + text[at:]


if __name__ == "__main__":  # the child process of one peer run
    if len(sys.argv) == 4 and sys.argv[1] == "--peer" and sys.argv[2] in PEERS:
        _peer_main(sys.argv[2], Path(sys.argv[3]))
    else:
        sys.exit(f"usage: {sys.argv[0]} --peer {{{','.join(PEERS)}}} EDGE_LIST_FOLDER")
