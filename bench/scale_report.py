"""The Markdown report of bench_scale.py's measurements (docs/BENCHMARKS.md): the machine, one
table per part (load, named queries, explorer, evaluator, Bolt load), the targets met or missed,
and the hand-written findings; the other benchmarks' sections of the file are kept.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

__all__ = ["SIZES", "TARGETS", "keep_analytics", "machine", "render", "write_report"]

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
#: hand-written findings (profiles, causes, what changed), appended to a new report
FINDINGS = Path(__file__).with_name("FINDINGS.md")
#: where a report's hand-written part begins: a regenerated report keeps the old file's text
#: from here on as it is (the findings, each pass's notes, and the sections other benches write)
HAND_WRITTEN = (
    "<!-- hand-written from here on: bench_scale.py regenerates the tables above and keeps "
    "the rest as it is -->"
)


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


def render(
    results: dict[str, dict], seed: int, skipped: dict[str, str], bundled: dict | None = None
) -> str:
    """The Markdown report of ``results`` (size label -> measurements, see ``run_one``)."""
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
        *[f"- {k}: {v}" for k, v in machine().items()],
        *_sizes(results, skipped),
    ]
    ok = {s: r for s, r in results.items() if "error" not in r}
    if ok:
        table = _Table(ok)
        out += _load(table) + _queries(table) + _explorer(table) + _evaluator(table)
        if any("bolt" in r for r in ok.values()):
            out += table.section("Bolt load (batched `UNWIND` against one query per row)")
            out += _bolt_rows(ok, table.cols)
        out += _targets(table)
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
    out += ["", HAND_WRITTEN]
    if FINDINGS.exists():
        out += ["", FINDINGS.read_text(encoding="utf-8").rstrip()]
    return "\n".join(out) + "\n"


def _fmt(v: float, unit: str) -> str:
    return f"{v:,.0f} {unit}" if v >= 100 else f"{v:.3g} {unit}"


def _sizes(results: dict[str, dict], skipped: dict[str, str]) -> list[str]:
    out = [
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
    return out


class _Table:
    """The measured sizes as columns: a section's heading, and a row of one value per size."""

    def __init__(self, ok: dict[str, dict]) -> None:
        self.ok = ok
        self.cols = list(ok)
        self.first = next(iter(ok.values()))

    def section(self, title: str) -> list[str]:
        head = "| measure | " + " | ".join(self.cols) + " |"
        return ["", f"## {title}", "", head, self.sep]

    @property
    def sep(self) -> str:
        return "| --- |" + " ---: |" * len(self.cols)

    def row(self, label: str, cell) -> str:
        return f"| {label} | " + " | ".join(cell(self.ok[s]) for s in self.cols) + " |"

    def seconds(self, label: str, key: str) -> str:
        """A row of one timing in seconds per size."""
        return self.row(label, lambda r: _fmt(r.get(key, 0.0), "s"))


def _load(t: _Table) -> list[str]:
    out = t.section("Load (embedded store)")
    rows = [
        ("read_register (parse, validate, build)", "read_register_s", "s"),
        ("store.replace (the built dicts wired into NetworkX)", "store_replace_s", "s"),
        ("load total", "load_s", "s"),
        ("peak memory after load (max RSS)", "load_peak_mb", "MB"),
        ("warnings reported", "warnings", ""),
    ]
    for label, key, unit in rows:
        out.append(t.row(label, lambda r, key=key, unit=unit: _fmt(r[key], unit)))
    for p in sorted({p for r in t.ok.values() for p in r["phases_s"]}):
        out.append(
            t.row(f"&nbsp;&nbsp;phase `{p}`", lambda r, p=p: _fmt(r["phases_s"].get(p, 0.0), "s"))
        )
    return out


def _queries(t: _Table) -> list[str]:
    def cell(st: dict) -> str:
        return (
            st["error"]
            if "error" in st
            else f"{st['p50_ms']:.1f} / {st['p95_ms']:.1f}; {st['rows']}"
        )

    out = t.section("Named queries (p50 / p95, ms; rows)")
    for q in sorted(t.first["queries"]):
        out.append(t.row(q, lambda r, q=q: cell(r["queries"][q])))
    return out


def _explorer(t: _Table) -> list[str]:
    out = t.section("Explorer (p50 / p95, ms)")
    out.append(t.seconds("GraphView build (once per app)", "graphview_build_s"))
    out.append(
        t.seconds(
            "first unfiltered view (builds the per-council facts; done in `create_app`)",
            "first_view_s",
        )
    )
    for v in t.first["views"]:
        out.append(
            t.row(
                v, lambda r, v=v: f"{r['views'][v]['p50_ms']:.1f} / {r['views'][v]['p95_ms']:.1f}"
            )
        )
    out.append(t.seconds("app start (`create_app`)", "app_start_s"))
    out.append(
        t.row("busiest council (out-degree)", lambda r: f"`{r['council']}` ({r['council_degree']})")
    )
    return out


def _evaluator(t: _Table) -> list[str]:
    return t.section("Evaluator") + [
        t.seconds("rank every reference city, first call (builds the city table)", "rank_cold_s"),
        t.seconds("rank every reference city, p95 of later calls", "rank_warm_s"),
        t.row("cities ranked", lambda r: f"{r['rank_considered']:,}"),
    ]


def _targets(t: _Table) -> list[str]:
    def cell(r: dict, key: str, limit: float, kind: str) -> str:
        v = r.get(key)
        if v is None:
            return "not measured"
        unit = {"_mb": "MB", "_ms": "ms", "_s": "s"}.get(key[key.rfind("_") :], "×")
        good = v <= limit if kind == "max" else v >= limit
        return f"{_fmt(v, unit)} {'met' if good else '**missed**'}"

    out = ["", "## Targets", "", "| target | " + " | ".join(t.cols) + " |", t.sep]
    for key, label, limit, kind in TARGETS:
        out.append(t.row(label, lambda r, a=(key, limit, kind): cell(r, a[0], a[1], a[2])))
    return out


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


def keep_analytics(out: Path, text: str) -> str:
    """The new report with the analytics section (bench_analytics.py) of the old one kept."""
    from bench_analytics import END, START, splice

    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if START not in old or END not in old:
        return text
    return splice(text, old[old.index(START) : old.index(END) + len(END)])


def write_report(path: Path, text: str) -> None:
    """Write the report, keeping the sections bench_load.py, bench_browser.py and
    bench_write.py wrote there, and the load against its peers (``--peers``)."""
    from bench_load import END, START
    from scale_peers import END as PEERS_END
    from scale_peers import START as PEERS_START
    from scale_peers import splice_peers

    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if PEERS_START in old and PEERS_END in old:  # the load against its peers, in the Load part
        kept = PEERS_START + old.split(PEERS_START, 1)[1].split(PEERS_END, 1)[0] + PEERS_END
        text = splice_peers(text, kept + "\n")
    if HAND_WRITTEN in old and HAND_WRITTEN in text:
        # everything after the tables is the file's own: its findings and every section the
        # other benches and people wrote there, kept whole and in place
        text = text.split(HAND_WRITTEN, 1)[0] + old[old.index(HAND_WRITTEN) :]
        path.write_text(text, encoding="utf-8")
        return
    for start, end in (
        (START, END),
        ("<!-- bench_browser:start -->", "<!-- bench_browser:end -->"),
        ("<!-- bench_write:start -->", "<!-- bench_write:end -->"),
    ):
        if start in old and end in old:
            kept = start + old.split(start, 1)[1].split(end, 1)[0] + end
            text = text.rstrip("\n") + "\n\n" + kept + "\n"
    path.write_text(text, encoding="utf-8")
