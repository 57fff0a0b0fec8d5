"""Load on the explorer's server: Dash callback requests from many clients at once.

Starts ``partnergraph serve`` on loopback (waitress; with ``--compare-dev`` Flask's development
server too) on the bundled register, then for each number of concurrent clients sends, for
``--seconds`` each, a mix of the callbacks people trigger most: the network view for a council,
the map, the activity matrix, link health and opening a page. Every answer must be HTTP 200 with
a JSON body; anything else counts as an error. Reports throughput and p50/p95/p99 latency, and
writes them into docs/BENCHMARKS.md (between the ``bench_load`` markers) with ``--out``.

Run: python bench/bench_load.py [--clients 1,8,32,64] [--seconds 30] [--compare-dev]
     [--out docs/BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.dashkit import callback_body  # noqa: E402  the request as the browser builds it

START, END = "<!-- bench_load:start -->", "<!-- bench_load:end -->"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(dev: bool, threads: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    cmd = [sys.executable, "-m", "partnergraph", "serve", "--port", str(port)]
    cmd += ["--dev"] if dev else ["--threads", str(threads)]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/_dash-layout", timeout=5).status_code == 200:
                return proc, base
        except requests.ConnectionError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not start in 300 s")


def request_mix(base: str) -> list[tuple[str, dict]]:
    """(name, body) of the callbacks in the mix, with the values a person would send."""
    deps = requests.get(base + "/_dash-dependencies", timeout=30).json()
    councils = ["kent-county-council", "leicester-city-council"]  # the bundled home councils
    by_output = {d["output"]: d for d in deps}

    def find(*needles: str) -> dict:
        for out, d in by_output.items():
            if all(n in out for n in needles):
                return d
        raise SystemExit(f"no callback with outputs {needles}")

    mix = []
    for council in councils + [None]:
        mix.append(
            (
                "network view",
                callback_body(
                    find("cy.elements"),
                    {
                        ("f-council", "data"): council,
                        ("f-kind", "value"): None,
                        ("hops", "value"): 1,
                        ("state", "data"): {},
                    },
                ),
            )
        )
    for council in councils:
        mix.append(
            (
                "map",
                callback_body(
                    find("map.figure"),
                    {("m-council", "data"): council, ("m-colour", "value"): "tier"},
                ),
            )
        )
        matrix = {("x-council", "data"): council, ("x-year", "value"): 2007}
        mix.append(("matrix", callback_body(find("matrix.figure"), matrix)))
        mix.append(
            (
                "link health",
                callback_body(
                    find("health-table.rowData"),
                    {("h-council", "data"): council, ("h-issue", "value"): []},
                ),
            )
        )
    for path in ("/network", "/map", "/health", "/query", "/costs"):
        mix.append(
            (
                "open a page",
                callback_body(find("page.children", "state.data"), {("url", "pathname"): path}),
            )
        )
    return mix


def check_mix(base: str, mix: list[tuple[str, dict]]) -> None:
    """Every request of the mix answers with its first output, before any load: a bench that
    times failed answers (a renamed output, a callback that fails and says so in the notice bar,
    a refused request) measures nothing. An empty table is an answer (Leicester's link health
    finds nothing when its register states no monitoring rule)."""
    for name, body in mix:
        r = requests.post(base + "/_dash-update-component", json=body, timeout=120)
        if r.status_code != 200:
            raise SystemExit(f"{name}: HTTP {r.status_code} before any load: {r.text[:300]}")
        first = body["outputs"][0] if isinstance(body["outputs"], list) else body["outputs"]
        answer = r.json()
        notice = str(answer.get("sideUpdate", {}))
        if first["property"] not in answer.get("response", {}).get(first["id"], {}):
            raise SystemExit(
                f"{name}: the answer has no {first['id']}.{first['property']} before any load "
                f"(has the page changed its outputs?); nothing would be measured. {notice[:200]}"
            )


def run_level(base: str, mix, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int):
        session = requests.Session()
        i = offset
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            _, body = mix[i % len(mix)]
            i += 1
            t0 = time.perf_counter()
            try:
                r = session.post(base + "/_dash-update-component", json=body, timeout=60)
                ok = r.status_code == 200 and r.headers.get("Content-Type", "").startswith(
                    "application/json"
                )
            except requests.RequestException:
                ok = False
            mine.append(time.perf_counter() - t0)
            bad += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(k * 7,)) for k in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors[0],
        "throughput": len(latencies) / wall,
        "p50": q[49] * 1000,
        "p95": q[94] * 1000,
        "p99": q[98] * 1000,
    }


def report(tables: dict[str, tuple[list[dict], list]], args) -> str:
    mix = next(iter(tables.values()))[1]
    names = sorted({n for n, _ in mix})
    lines = [
        START,
        "## Web server under load (bench/bench_load.py)",
        "",
        f"`partnergraph serve` on loopback, bundled register, {args.seconds:g} s per level; each "
        f"client sends Dash callback requests one after another from a mix of {len(mix)} "
        f"({', '.join(names)}). Error = any answer but HTTP 200 with JSON. Measured "
        f"{dt.date.today().isoformat()} on {platform.machine()} with {os.cpu_count()} CPU cores "
        "**shared with other engineers' work** (tests, browsers) while it ran, and the load "
        "generator on the same cores: figures are noisy and low.",
    ]
    titles = {
        "waitress": f"waitress, {args.threads} threads (what `serve` runs)",
        "dev": "Flask's development server (`serve --dev`), for comparison",
    }
    for kind, (results, _) in tables.items():
        lines += [
            "",
            f"**{titles[kind]}**",
            "",
            "| clients | requests | errors | throughput (req/s) | p50 (ms) | p95 (ms) | p99 (ms) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results:
            lines.append(
                f"| {r['clients']} | {r['requests']:,} | {r['errors']} | "
                f"{r['throughput']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} |"
            )
    results = tables["waitress"][0]
    errors = sum(r["errors"] for r in results)
    at32 = next((r for r in results if r["clients"] == 32), None)
    lines += [
        "",
        f"Targets: zero errors: {'met' if errors == 0 else f'not met ({errors} errors)'}. "
        + (
            f"p95 at 32 clients no worse than 221 ms (the development server's, measured by the "
            f"security probe on the full mix): {'met' if at32['p95'] <= 221 else 'not met'} "
            f"({at32['p95']:.0f} ms)."
            if at32
            else ""
        )
        + " A request here is CPU work in one Python process (the GIL); when throughput stays"
        " flat as clients are added, the cores are the limit, and queueing is what grows the"
        " latency, for either server.",
        "",
        END,
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    """Put ``section`` into ``path`` in place of the previous one (or at the end)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def measure(dev: bool, args) -> tuple[list[dict], list]:
    proc, base = start_server(dev, args.threads)
    try:
        mix = request_mix(base)
        check_mix(base, mix)
        results = []
        for clients in [int(c) for c in args.clients.split(",")]:
            r = run_level(base, mix, clients, args.seconds)
            print(
                f"{'dev' if dev else 'waitress'} {clients:>3} clients: {r['requests']:>6} "
                f"requests, {r['errors']} errors, {r['throughput']:.1f} req/s, p50 {r['p50']:.0f} "
                f"ms, p95 {r['p95']:.0f} ms, p99 {r['p99']:.0f} ms",
                flush=True,
            )
            results.append(r)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return results, mix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="1,8,32,64")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--compare-dev", action="store_true", help="also measure Flask's development server"
    )
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    tables = {"waitress": measure(False, args)}
    if args.compare_dev:
        tables["dev"] = measure(True, args)
    section = report(tables, args)
    if args.out:
        write_section(args.out, section)
    else:
        print(section)


if __name__ == "__main__":
    main()
