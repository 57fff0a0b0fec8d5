"""Benchmark: the explorer as a person waits for it, in headless Chromium (issue 10).

Run: python bench/bench_browser.py [--runs 5] [--councils 800] [--only bundled|large]
     [--draw-only] [--out docs/browser_bench.json]

For the bundled register and a synthetic one of about 100k relationships
(``partnergraph.synth``, ``--councils`` x ~117), the explorer is served in this process as
``partnergraph serve`` serves it (waitress, 8 threads) and Playwright drives Debian's Chromium
to time, ``--runs`` times each, median and p95:

- time to interactive on the Network page, judged as /work/shared/tools/tti.py judges it: from
  navigation until the graph is drawn, the filters are rendered, and neither a callback has
  been in flight nor the page's element count changed for 1 s (that second not counted);
- search and select: from the last keystroke of a name until its match is offered
  (``search_suggest``), and on until its details show once the match is clicked;
- filter change: choosing a tier until the graph is redrawn;
- each page switch: a navigation link until that page's content is drawn and settled (0.5 s
  of stillness, not counted).

Against a peer (issue 25): a bare HTML page loading cytoscape.js 3.28.1 (what dash-cytoscape
bundles) and drawing the Network page's first view (the same elements, places and style),
served by the same server (bench/browser_peer.py). Product and peer are timed alternately,
``--runs`` times each, in fresh browser contexts: first draw (from navigation until Cytoscape
holds nodes and two frames are drawn, measured in the page), the page's main-thread work by
then (Chrome's TaskDuration), requests and bytes before it, and a filter change (the first tier
offered, answered by the product's own callback; from the pointer press until the drawing holds
the filtered view and two frames are drawn) with the main thread's work in that time
(TaskDuration again, from just before the click); for the product, also when its controls
are in (they are mounted just after the graph is drawn). ``--draw-only`` measures only this.
Each ratio is given twice: of the medians, and the median of each alternating pair's own ratio.
``--latency MS`` has Chrome answer each request MS later, for both pages, as a network between
a council's browsers and its server would (on this machine both are one computer).

Not a test: nothing fails on speed, but every step fails loudly if it does not answer. Other work on the machine makes the figures noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser_peer import (  # noqa: E402
    FIRST_DRAW,
    add_peer_routes,
    filter_time,
    peer_views,
)
from tests.browserkit import ARGS, CHROMIUM  # noqa: E402  one place for Chromium's path and flags

#: page path -> what shows that its content is drawn
PAGES = {
    "/map": "#map .main-svg",
    "/matrix": "#matrix .main-svg",
    "/health": "#health-table .ag-root",
    "/report": "#r-frame",
    "/evaluate": "#e-find-text",
    "/query": "#q-params input",
    "/costs": "#costs-table .ag-root",
    "/documents": "#docs-grid .ag-root",
    "/conflicts": "#c-grid .ag-root",
    "/strategy": ".strategy .clause",
    "/network": "#cy canvas",
}

CY = "document.getElementById('cy') && document.getElementById('cy')._cyreg"

#: the product's controls are mounted just after its graph is drawn (webapp/later.py): when
#: the tier filter first exists, reported beside the first draw (not part of it)
CONTROLS_IN = """
new MutationObserver((_, seen) => {
  if (document.getElementById('f-tier')) { window.__controlsIn = performance.now(); seen.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""


def serve(register: Path | None) -> tuple[str, object]:
    """The explorer as ``partnergraph serve`` runs it (waitress, 8 threads), in this process,
    with the bare cytoscape.js peer page beside it at ``/peer/`` (bench/browser_peer.py)."""
    from waitress import create_server

    from graphmodel.stores import EmbeddedStore
    from loaders import bundled_register_dir, read_register
    from webapp import create_app

    store = EmbeddedStore()
    store.replace(read_register(register or bundled_register_dir()).graph)
    app = create_app(store)
    peer: dict = {"size": (1000, 620)}
    add_peer_routes(app, peer)  # before the first request, as Flask requires
    server = create_server(app.server, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    view = app.server.config["partnergraph_view"]
    url = f"http://127.0.0.1:{server.effective_port}"
    peer["view"], peer["filtered"], peer["probe"] = peer_views(app, url)
    return url, (server, view, peer)


def settled(page, pending: dict, for_s: float = 1.0, limit: float = 60) -> float:
    """As /work/shared/tools/tti.py judges a page: wait until no callback has been in flight
    and the number of elements on the page has not changed for ``for_s``; the time either
    last changed (the stillness itself is not counted)."""
    end = time.monotonic() + limit
    count, since = -1, time.monotonic()
    while time.monotonic() < end:
        try:
            n = page.evaluate("() => document.querySelectorAll('*').length")
        except Exception:
            n = -1
        now = time.monotonic()
        if n != count:
            count, since = n, now
        if pending["n"] <= 0 and now - pending["last"] > for_s and now - since > for_s:
            break
        time.sleep(0.05)
    return max(since, pending["last"])


def quiet(page, pending: dict, for_s: float = 0.3, limit: float = 60) -> float:
    """Wait until no callback has been in flight for ``for_s``; the time it last was."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if pending["n"] <= 0 and time.monotonic() - pending["last"] > for_s:
            break
        time.sleep(0.02)
    return pending["last"]


def one_run(browser, url: str, name: str) -> dict[str, float]:
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    pending = {"n": 0, "last": time.monotonic()}

    def req(r):
        if "_dash-update-component" in r.url:
            pending["n"] += 1
            pending["last"] = time.monotonic()

    def done(r):
        if "_dash-update-component" in r.url:
            pending["n"] -= 1
            pending["last"] = time.monotonic()

    page.on("request", req)
    page.on("requestfinished", done)
    page.on("requestfailed", done)
    out: dict[str, float] = {}
    t0 = time.monotonic()
    page.goto(url + "/network", wait_until="commit")
    page.wait_for_function(f"{CY} && document.getElementById('cy')._cyreg.cy.nodes().length > 0")
    page.wait_for_selector("#f-tier .dash-dropdown, #f-tier", state="visible")
    page.wait_for_function(
        "document.querySelectorAll('[data-dash-is-loading=\"true\"]').length === 0"
    )
    drawn = time.monotonic()
    out["tti"] = max(drawn, settled(page, pending)) - t0

    # search and select: typed, the match clicked, until its details show; timed from the last
    # keystroke (the typing itself is the person's, not a wait)
    page.click("#search-text")
    page.keyboard.type(name)
    t0 = time.monotonic()
    page.wait_for_function(
        "name => [...document.querySelectorAll('#search-hits button')].some(b => b.title === name)",
        arg=name,
    )
    out["search_suggest"] = time.monotonic() - t0
    page.locator("#search-hits button", has_text=name).first.click()
    page.wait_for_function(
        "name => document.querySelector('#details h2') && "
        "document.querySelector('#details h2').innerText === name",
        arg=name,
    )
    out["search_select"] = time.monotonic() - t0
    quiet(page, pending)

    # filter change: a tier chosen, until the new view is answered and drawn (the element
    # count may not change: at 100k both views fill the element budget)
    page.click("#f-tier")
    option = page.get_by_role("option").first
    option.wait_for()
    t0 = time.monotonic()
    with page.expect_response(
        lambda r: "_dash-update-component" in r.url and "cy.elements" in (r.request.post_data or "")
    ):
        option.click()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    out["filter_change"] = time.monotonic() - t0
    page.keyboard.press("Escape")
    quiet(page, pending)

    # page switches, each until its content is drawn
    for path, ready in PAGES.items():
        t0 = time.monotonic()
        page.click(f"#nav-{path.strip('/')}")
        try:
            page.wait_for_selector(ready, timeout=10000)
        except Exception:  # nothing of that kind to draw (a synthetic register has no strategy)
            out[f"page {path}"] = float("nan")
            settled(page, pending, for_s=0.5)
            continue
        shown = time.monotonic()
        # until drawn and settled, as for the first page
        out[f"page {path}"] = max(shown, settled(page, pending, for_s=0.5)) - t0
    ctx.close()
    return out


def _step(what: str, page, expr: str, timeout: float = 60) -> None:
    """Wait for ``expr`` in the page; a step that does not answer stops the benchmark."""
    try:
        page.wait_for_function(expr, polling="raf", timeout=timeout * 1000)
    except Exception as exc:
        raise SystemExit(f"bench_browser: {what} did not happen in {timeout:g} s ({exc})") from None


def draw_run(browser, url: str, who: str, peer: dict, latency_ms: float = 0) -> dict[str, float]:
    """First draw and a filter change, on the Network page (``who`` = "product") or on the
    bare cytoscape.js peer ("peer"), timed the same way (bench/browser_peer.py); with
    ``latency_ms``, each request waits that long for its answer, as over a network (Chrome's
    own emulation, which also keeps its six connections to a server)."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    ctx.add_init_script(FIRST_DRAW)
    if who == "product":
        ctx.add_init_script(CONTROLS_IN)
    page = ctx.new_page()
    if latency_ms:
        net = ctx.new_cdp_session(page)
        net.send("Network.enable")
        net.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": latency_ms,
                "downloadThroughput": -1,
                "uploadThroughput": -1,
            },
        )
    pending = {"n": 0, "last": time.monotonic()}

    def count(r, d):
        if "_dash-update-component" in r.url:
            pending["n"] += d
            pending["last"] = time.monotonic()

    page.on("request", lambda r: count(r, 1))
    page.on("requestfinished", lambda r: count(r, -1))
    page.on("requestfailed", lambda r: count(r, -1))
    cdp = ctx.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(url + ("/network" if who == "product" else "/peer/"), wait_until="commit")
    _step(f"{who}: first draw", page, "window.__firstDraw !== undefined")
    # the page's main-thread work so far (Chrome's TaskDuration): less swayed than the wall
    # clock by other work on the machine, which delays a page without adding to its work
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    out = page.evaluate(
        """() => {
        const t = window.__firstDraw;
        const res = performance.getEntriesByType('resource').filter(e => e.startTime < t);
        const nav = performance.getEntriesByType('navigation')[0];
        return {first_draw: t / 1000, nodes_in: window.__hasNodes / 1000,
                requests: res.length + 1,
                kb: (res.reduce((a, e) => a + e.transferSize, 0) + nav.transferSize) / 1024,
                kb_decoded: (res.reduce((a, e) => a + e.decodedBodySize, 0)
                             + nav.decodedBodySize) / 1024};
        }"""
    )
    out["main_thread"] = metrics.get("TaskDuration", float("nan"))

    def task_s() -> float:
        metrics = cdp.send("Performance.getMetrics")["metrics"]
        return next((m["value"] for m in metrics if m["name"] == "TaskDuration"), float("nan"))

    if who == "product":
        box = page.evaluate(
            "() => { const r = document.getElementById('cy').getBoundingClientRect();"
            " return [Math.round(r.width), Math.round(r.height)]; }"
        )
        peer.setdefault("product_size", box)
        page.wait_for_selector("#f-tier", state="visible")
        out["controls_in"] = page.evaluate("window.__controlsIn || NaN") / 1000
        quiet(page, pending, for_s=0.5)
        page.click("#f-tier")
        option = page.get_by_role("option").first
        option.wait_for()
        before = task_s()
        option.click()
    else:
        before = task_s()
        page.click("#peer-filter")
    out["filter_change"] = page.evaluate(filter_time(peer["probe"]))
    # the main thread's work from just before the click until the filtered view was drawn
    out["filter_main_thread"] = task_s() - before
    if out["filter_change"] < 0:
        raise SystemExit(f"bench_browser: {who}: the filtered view was not drawn in 60 s")
    ctx.close()
    return out


def compare_with_peer(
    browser, url: str, peer: dict, runs: int, label: str, latency_ms: float = 0
) -> dict:
    """Product and peer alternately, ``runs`` times each, after one unmeasured product load
    (which also gives the drawing's size the peer copies)."""
    draw_run(browser, url, "product", peer, latency_ms)
    peer["size"] = tuple(peer["product_size"])
    out: dict[str, list] = {"product": [], "peer": [], "load_average": [os.getloadavg()]}
    for i in range(runs):
        for who in ("product", "peer"):
            out[who].append(draw_run(browser, url, who, peer, latency_ms))
            print(label, who, i, {k: round(v, 3) for k, v in out[who][-1].items()}, flush=True)
        out["load_average"].append(os.getloadavg())
    med = {
        who: {k: statistics.median(r[k] for r in out[who]) for k in out[who][0]}
        for who in ("product", "peer")
    }
    out["median"] = med
    out["ratio"] = {
        k: round(med["product"][k] / med["peer"][k], 2)
        for k in ("first_draw", "main_thread", "filter_change", "filter_main_thread")
    }
    # each alternating pair's own ratio: less swayed by a machine whose load changes
    out["ratio_of_pairs"] = {
        k: round(
            statistics.median(
                a[k] / b[k] for a, b in zip(out["product"], out["peer"], strict=True)
            ),
            2,
        )
        for k in ("first_draw", "filter_change")
    }
    out["latency_ms"] = latency_ms
    out["probe"] = peer["probe"]
    return out


def summarise(runs: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    keys = runs[0].keys()
    out = {}
    for k in keys:
        xs = sorted(r[k] for r in runs if r[k] == r[k])  # NaN: not drawn in that register
        if not xs:
            continue
        p95 = xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]
        out[k] = {"median": round(statistics.median(xs), 2), "p95": round(p95, 2)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--councils", type=int, default=800, help="synthetic register size / 100")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "browser_bench.json")
    ap.add_argument("--only", choices=["bundled", "large"], default=None)
    ap.add_argument(
        "--draw-only",
        action="store_true",
        help="only first draw and filter change against the cytoscape.js peer",
    )
    ap.add_argument(
        "--latency",
        type=float,
        default=0,
        metavar="MS",
        help="against the peer, each request answered MS later, as over a network (default 0)",
    )
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from partnergraph.synth import generate_register, write_register

    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        cases = [("bundled", None)]
        if args.councils:
            reg = Path(tmp) / "synthetic"
            write_register(generate_register(args.councils, seed=0), reg)
            cases.append((f"synthetic, {args.councils} councils", reg))
        for label, reg in cases:
            if args.only == "bundled" and reg is not None:
                continue
            if args.only == "large" and reg is None:
                continue
            url, (server, view, peer) = serve(reg)
            council = view.home_councils()[0]
            name = view.name(council)
            results[label] = {
                "nodes": view.g.number_of_nodes(),
                "relationships": view.g.number_of_edges(),
                "peer": compare_with_peer(browser, url, peer, args.runs, label, args.latency),
            }
            runs = []
            for i in range(0 if args.draw_only else args.runs):
                runs.append(one_run(browser, url, name))
                print(label, i, {k: round(v, 2) for k, v in runs[-1].items()}, flush=True)
            if runs:
                results[label].update(runs=runs, summary=summarise(runs))
            results[label]["load_average"] = os.getloadavg()
            server.close()
        browser.close()
    args.out.write_text(json.dumps(results, indent=1, default=float), encoding="utf-8")
    for label, r in results.items():
        print(f"\n{label}: {r['nodes']} nodes, {r['relationships']} relationships")
        med, ratio = r["peer"]["median"], r["peer"]["ratio"]
        if r["peer"]["latency_ms"]:
            print(f"  each request answered {r['peer']['latency_ms']:g} ms later (--latency)")
        for k in (
            "first_draw",
            "controls_in",
            "main_thread",
            "filter_change",
            "filter_main_thread",
            "requests",
            "kb",
            "kb_decoded",
        ):
            if k in med["product"]:
                pairs = r["peer"]["ratio_of_pairs"].get(k)
                theirs = f"   cytoscape.js peer {med['peer'][k]:8.2f}" if k in med["peer"] else ""
                print(
                    f"  {k:18} product {med['product'][k]:8.2f}{theirs}"
                    + (f"   ratio {ratio[k]:.2f}" if k in ratio else "")
                    + (f" (of pairs {pairs:.2f})" if pairs else "")
                )
        for k, v in r.get("summary", {}).items():
            print(f"  {k:18} median {v['median']:6.2f} s   p95 {v['p95']:6.2f} s")


if __name__ == "__main__":
    main()
