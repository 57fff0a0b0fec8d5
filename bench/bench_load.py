"""Load on the explorer's server: Dash callback requests from many clients at once.

Starts ``partnergraph serve`` on loopback (waitress; with ``--compare-dev`` Flask's development
server too) on the bundled register, then for each number of concurrent clients sends, for
``--seconds`` each, a mix of the callbacks people trigger most: the network view for a council,
the map, the activity matrix, link health and opening a page. Every answer must be HTTP 200 with
a JSON body; anything else counts as an error. Reports throughput and p50/p95/p99 latency, and
writes them into docs/BENCHMARKS.md (between the ``bench_load`` markers) with ``--out``.

With ``--councils N`` the register is a synthetic one of about N x 117 relationships
(``partnergraph.synth``; 800 gives ~100k). With ``--layout`` the requests are the first one every
visit makes, ``GET /_dash-layout`` with the page it is for in the ``Referer`` (the layout is
drawn for that page), over every page in turn. With ``--before DIR`` the same levels are also
measured on another checkout (e.g. a ``git worktree`` of an earlier commit), alternately with
this one ``--repeats`` times, so a change is judged against its predecessor in one run.
``--profile`` instead profiles each layout in this process (cProfile) and prints where it goes.

Run: python bench/bench_load.py [--clients 1,8,32,64] [--seconds 30] [--compare-dev]
     [--councils 800] [--layout] [--before DIR] [--repeats 2] [--profile]
     [--out docs/BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
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


#: every page's address, for the layout mix
PAGES = (
    "/network",
    "/map",
    "/matrix",
    "/health",
    "/report",
    "/evaluate",
    "/query",
    "/costs",
    "/documents",
    "/conflicts",
    "/strategy",
    "/present",
    "/accessibility",
)


def start_server(
    dev: bool, threads: int, root: Path = ROOT, register: Path | None = None
) -> tuple[subprocess.Popen, str]:
    """``partnergraph serve`` from the checkout ``root`` (its own code on PYTHONPATH)."""
    port = _free_port()
    cmd = [sys.executable, "-m", "partnergraph", "serve", "--port", str(port)]
    cmd += ["--dev"] if dev else ["--threads", str(threads)]
    cmd += ["--register", str(register)] if register else []
    proc = subprocess.Popen(
        cmd,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/_dash-layout", timeout=5).status_code == 200:
                return proc, base
        except requests.ConnectionError:
            time.sleep(0.5)
        if proc.poll() is not None:
            raise SystemExit(f"the server from {root} exited with {proc.returncode}")
    proc.kill()
    raise SystemExit("the server did not start in 900 s")


def layout_mix(base: str) -> list[tuple[str, dict]]:
    """(name, request) of the first request of a visit to each page."""
    return [
        (
            f"layout {path}",
            {
                "method": "GET",
                "url": base + "/_dash-layout",
                "headers": {"Referer": base + path},
            },
        )
        for path in PAGES
    ]


def _post(base: str, body: dict) -> dict:
    return {"method": "POST", "url": base + "/_dash-update-component", "json": body}


def request_mix(base: str, councils: list[str]) -> list[tuple[str, dict]]:
    """(name, request) of the callbacks in the mix, with the values a person would send."""
    deps = requests.get(base + "/_dash-dependencies", timeout=30).json()
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
    return [(name, _post(base, body)) for name, body in mix]


def check_mix(base: str, mix: list[tuple[str, dict]]) -> None:
    """Every request of the mix answers as it should, before any load: a bench that times
    failed answers (a renamed output, a callback that fails and says so in the notice bar, a
    refused request, a page that cannot be drawn) measures nothing. A callback must answer with
    its first output (an empty table is an answer: Leicester's link health finds nothing when
    its register states no monitoring rule); a layout must be Dash's layout of that page."""
    for name, request in mix:
        r = requests.request(**request, timeout=600)
        if r.status_code != 200:
            raise SystemExit(f"{name}: HTTP {r.status_code} before any load: {r.text[:300]}")
        answer = r.json()
        if request["method"] == "GET":
            text = r.text
            if "props" not in answer or "could not be shown" in text:
                raise SystemExit(f"{name}: not a drawn page before any load: {text[:300]}")
            continue
        body = request["json"]
        first = body["outputs"][0] if isinstance(body["outputs"], list) else body["outputs"]
        notice = str(answer.get("sideUpdate", {}))
        if first["property"] not in answer.get("response", {}).get(first["id"], {}):
            raise SystemExit(
                f"{name}: the answer has no {first['id']}.{first['property']} before any load "
                f"(has the page changed its outputs?); nothing would be measured. {notice[:200]}"
            )


def run_level(base: str, mix, clients: int, seconds: float) -> dict:
    """``clients`` clients sending the mix's requests one after another for ``seconds``."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int):
        session = requests.Session()
        i = offset
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            _, request = mix[i % len(mix)]
            i += 1
            t0 = time.perf_counter()
            try:
                r = session.request(**request, timeout=60)
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
        f"`partnergraph serve` on loopback, "
        f"{f'a synthetic register of {args.councils} councils' if args.councils else 'bundled register'}"
        f", {args.seconds:g} s per level; each client sends "
        f"{'layout' if args.layout else 'Dash callback'} requests one after another from a mix of "
        f"{len(mix)} "
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


def home_councils(register: Path | None) -> list[str]:
    """Two home councils to ask about: the bundled ones, or a synthetic register's first two."""
    if register is None:
        return ["kent-county-council", "leicester-city-council"]
    with open(register / "organisations.csv", encoding="utf-8", newline="") as f:
        homes = [r["id"] for r in csv.DictReader(f) if r.get("home") == "true"]
    if len(homes) < 2:
        raise SystemExit(f"{register}: fewer than two home councils")
    return homes[:2]


def measure(dev: bool, args, root: Path = ROOT, label: str = "") -> tuple[list[dict], list]:
    proc, base = start_server(dev, args.threads, root, args.register)
    try:
        if args.layout:
            mix = layout_mix(base)
        else:
            mix = request_mix(base, home_councils(args.register))
        check_mix(base, mix)
        results = []
        for clients in [int(c) for c in args.clients.split(",")]:
            r = run_level(base, mix, clients, args.seconds)
            r["load_average"] = os.getloadavg()
            print(
                f"{label or ('dev' if dev else 'waitress')} {clients:>3} clients: "
                f"{r['requests']:>6} requests, {r['errors']} errors, {r['throughput']:.1f} req/s, "
                f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, p99 {r['p99']:.0f} ms, "
                f"load {r['load_average'][0]:.1f}",
                flush=True,
            )
            results.append(r)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return results, mix


def compare(args) -> str:
    """This checkout and ``--before`` alternately, ``--repeats`` times; a table of both."""
    runs: dict[str, list[list[dict]]] = {"before": [], "after": []}
    for _ in range(args.repeats):
        for label, root in (("before", args.before), ("after", ROOT)):
            runs[label].append(measure(False, args, root, label)[0])
    what = "GET /_dash-layout for every page in turn" if args.layout else "the callback mix"
    lines = [
        f"{what}; register: "
        f"{f'synthetic, {args.councils} councils' if args.councils else 'bundled'}; "
        f"{args.seconds:g} s per level, "
        f"{args.repeats} alternations; before = {args.before}",
        "",
        "| clients | run | before p50 / p95 (ms) | after p50 / p95 (ms) | p95 before ÷ after "
        "| req/s before / after | load average (1 min) before / after |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for k in range(args.repeats):
        for b, a in zip(runs["before"][k], runs["after"][k], strict=True):
            lines.append(
                f"| {a['clients']} | {k + 1} | {b['p50']:.0f} / {b['p95']:.0f} | "
                f"{a['p50']:.0f} / {a['p95']:.0f} | {b['p95'] / a['p95']:.1f}× | "
                f"{b['throughput']:.1f} / {a['throughput']:.1f} | "
                f"{b['load_average'][0]:.1f} / {a['load_average'][0]:.1f} |"
            )
    return "\n".join(lines)


def profile_layouts(args) -> None:
    """Where each page's layout goes, in this process (cProfile, the 12 costliest lines)."""
    import cProfile
    import pstats

    from graphmodel.stores import EmbeddedStore
    from loaders import bundled_register_dir, read_register
    from webapp import create_app

    store = EmbeddedStore()
    store.replace(read_register(args.register or bundled_register_dir()).graph)
    client = create_app(store).server.test_client()
    for path in PAGES:
        ask = {"headers": {"Referer": "http://localhost" + path}}
        first = time.perf_counter()
        r = client.get("/_dash-layout", **ask)
        first = time.perf_counter() - first
        if r.status_code != 200:
            raise SystemExit(f"layout {path}: HTTP {r.status_code}")
        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.enable()
        for _ in range(3):
            client.get("/_dash-layout", **ask)
        prof.disable()
        print(
            f"\n== {path}: first {first * 1000:.0f} ms, then "
            f"{(time.perf_counter() - t0) / 3 * 1000:.1f} ms (profiled)"
        )
        pstats.Stats(prof).sort_stats("tottime").print_stats(12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="1,8,32,64")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--compare-dev", action="store_true", help="also measure Flask's development server"
    )
    parser.add_argument("--councils", type=int, default=0, help="synthetic register size / 117")
    parser.add_argument("--layout", action="store_true", help="time GET /_dash-layout per page")
    parser.add_argument("--before", type=Path, default=None, help="a checkout to compare with")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="profile each page's layout")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        args.register = None
        if args.councils:
            from partnergraph.synth import generate_register, write_register

            args.register = Path(tmp) / "synthetic"
            write_register(generate_register(args.councils, seed=0), args.register)
        if args.profile:
            profile_layouts(args)
            return
        if args.before:
            print(compare(args))
            return
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
