"""What bench_scale.py measures at one size, in the process it runs in: generating and loading
a synthetic register (with the loader's phases), every named query, the explorer's view
functions, the evaluator's ranking, app start and the Bolt load. Each part returns plain numbers.
"""

from __future__ import annotations

import functools
import gc
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["measure_size", "rss_mb", "timed"]

#: each repeated measurement stops once it has spent this long
BUDGET_S = 20.0


def measure_size(councils: int, seed: int, repeat: int, bolt: bool = True) -> dict[str, Any]:
    """Every measurement for one size, in this process."""
    res: dict[str, Any] = {"councils": councils}
    store, picked = _load(res, councils, seed)
    council, partner, far = picked["council"], picked["partner"], picked["far"]
    res["queries"] = _queries(store, _query_params(picked), repeat)
    _views(res, store, council, partner, far, repeat)
    _rank(res, store, council)
    from webapp import create_app

    _, res["app_start_s"] = timed(create_app, store)
    res["peak_mb"] = rss_mb()
    res["view_p95_ms"] = max(
        v["p95_ms"] for k, v in res["views"].items() if k != "search autocomplete"
    )
    res["search_p95_ms"] = res["views"]["search autocomplete"]["p95_ms"]
    if bolt:  # last, with the graph read back from the store (the register's copy is gone)
        graph = store.to_graph()
        store = None
        res["bolt"] = _bolt(graph)
        if "ratio" in res["bolt"]:
            res["bolt_ratio"] = res["bolt"]["ratio"]
        print(f"  bolt: {res['bolt']}", file=sys.stderr)
    return res


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def timed(fn, *args, **kwargs) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def repeated(fn, repeat: int, budget_s: float = BUDGET_S) -> dict[str, float]:
    """p50/p95 in ms over up to ``repeat`` calls, stopping early once ``budget_s`` is spent."""
    times: list[float] = []
    spent = 0.0
    while len(times) < repeat and (spent < budget_s or not times):
        _, t = timed(fn)
        times.append(t)
        spent += t
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return {"p50_ms": statistics.median(times) * 1000, "p95_ms": p95 * 1000, "n": len(times)}


def _load(res: dict[str, Any], councils: int, seed: int):
    """Generate, write and load the register, timing the loader's phases by wrapping them (the
    code under test is not changed); the store, and the councils and nodes the rest asks about."""
    import loaders.register as lr
    from graphmodel.stores.embedded import EmbeddedStore
    from partnergraph.synth import generate_register, write_register

    tmp = Path(tempfile.mkdtemp(prefix="pg-bench-"))
    files, res["generate_s"] = timed(generate_register, councils, seed)
    write_register(files, tmp)
    res["register_mb"] = sum(len(t.encode()) for t in files.values()) / 1e6
    del files
    phases: dict[str, float] = {}
    _time_phases(phases)
    rss0 = rss_mb()
    try:
        reg, res["read_register_s"] = timed(lr.read_register, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # 50 MB at 1M: leave nothing behind
    store = EmbeddedStore()
    _, res["store_replace_s"] = timed(store.replace, reg.graph)
    res["load_s"] = res["read_register_s"] + res["store_replace_s"]
    res["load_peak_mb"] = rss_mb()
    res["load_peak_over_start_mb"] = res["load_peak_mb"] - rss0
    res["phases_s"] = phases
    # as `partnergraph serve` does once its graph is loaded: the cyclic collector no longer
    # re-scans the graph's millions of objects (a full collection at 1M took seconds)
    gc.freeze()
    counts = reg.graph.counts()
    res["nodes"] = sum(counts["nodes"].values())
    res["relationships"] = sum(counts["relationships"].values())
    res["warnings"] = len(reg.warnings)
    picked = _pick(store, reg.graph)
    res["council"], res["council_degree"] = picked["council"], picked["degree"]
    return store, picked


def _time_phases(phases: dict[str, float]) -> None:
    """Wrap the loader's phases where the loader looks them up, adding up each one's time."""
    import loaders.register as reading
    import loaders.validate as validating

    def wrap(owner, name: str, add: bool = True) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed_phase(*a, **k):
            out, t = timed(original, *a, **k)
            phases[name] = (phases.get(name, 0.0) if add else 0.0) + t
            return out

        setattr(owner, name, timed_phase)

    for owner, name in (
        (reading, "parse_csv_text"),
        (reading, "parse_yaml_text"),
        (validating, "_check_sources"),
        (validating, "build_graph"),
    ):
        wrap(owner, name)
    wrap(validating, "likely_duplicates", add=False)


def _pick(store, graph) -> dict[str, Any]:
    """The busiest council (the hardest case for the per-council queries and views), the next
    busiest, one of its partners, and an organisation far down the ids."""
    homes = sorted(n.id for n in graph.nodes.values() if n.props.get("home"))
    view = store.read_view()
    degree = {h: view.out_degree(h) for h in homes}
    council = max(homes, key=lambda h: (degree[h], h))
    other = sorted(homes, key=lambda h: (-degree[h], h))[1] if len(homes) > 1 else council
    partner = next(iter(sorted(view.successors(council))), council)
    far = max((n.id for n in graph.nodes.values() if n.label == "Organisation"), key=lambda x: x)
    return {
        "council": council,
        "degree": degree[council],
        "other": other,
        "partner": partner,
        "far": far,
    }


def _query_params(picked: dict[str, Any]) -> dict[str, dict[str, Any]]:
    council, other, far = picked["council"], picked["other"], picked["far"]
    return {
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
        "directorate_costs": {"council": council},
        "partner_overlap": {"council_a": council, "council_b": other},
        "single_points": {"council": council},
        "twins_of_partners": {"council": council},
        "mentioned_in": {"documents": "synthetic-register"},
        "document_facts": {"document": "synthetic-register"},
    }  # the twin-network queries ask about reference places, which a synthetic register lacks


def _queries(store, params: dict[str, dict], repeat: int) -> dict[str, dict]:
    """Every named query, p50/p95 and rows; a query that fails reports its error."""
    from graphmodel.queries import QUERIES, run_query

    out = {}
    for name in sorted(QUERIES):
        p = params.get(name, {})
        last: list = []
        try:
            stats = repeated(
                lambda name=name, p=p, last=last: last.append(len(run_query(store, name, **p))),
                repeat,
            )
            stats["rows"] = last[-1]
        except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
            stats = {"error": f"{type(exc).__name__}: {exc}"[:200]}
        out[name] = stats
        print(f"  query {name}: {stats}", file=sys.stderr)
    return out


def _views(res: dict[str, Any], store, council: str, partner: str, far: str, repeat: int) -> None:
    """The explorer's view functions, each timed cold (the views it remembers forgotten)."""
    from webapp import views as V

    view, res["graphview_build_s"] = timed(V.GraphView, store)
    f_all = V.Filters()
    f_council = V.Filters(council=council, tiers=["twinning", "strategic"], themes=["tourism"])
    # the first unfiltered view builds every council's partnership facts (create_app does it
    # at start, so no user waits for it)
    _, res["first_view_s"] = timed(V.network_elements, view, f_all)

    def cold(fn, times: int = repeat):
        def call():
            view.forget_views()
            return fn()

        return repeated(call, times)

    res["views"] = {
        "focus 2 hops (busiest council)": cold(
            lambda: V.network_elements(view, f_all, focus=council, hops=2)
        ),
        "focus 2 hops (a partner)": cold(
            lambda: V.network_elements(view, f_all, focus=partner, hops=2)
        ),
        "filtered view (council, tiers, theme)": cold(lambda: V.network_elements(view, f_council)),
        "unfiltered view (all councils)": cold(
            lambda: V.network_elements(view, f_all), max(3, repeat // 4)
        ),
        "node details (busiest council)": cold(lambda: V.node_details(view, council)),
        "map (busiest council)": cold(lambda: V.map_points(view, council)),
        "activity matrix (busiest council)": cold(lambda: V.activity_matrix(view, council)),
        "shortest path (busiest council to an organisation)": cold(
            lambda: V.shortest_path_ids(view, council, far)
        ),
    }
    searches = ["lo", "lon", "city of ber", "univ", "chamber", "zzqx", "harrogat", "wolfsbur"]

    def search_round():
        view.index._suggested.clear()  # the fuzzy fallback remembers answers: time the work
        return [V.search_hits(view, s) for s in searches]

    search = repeated(search_round, max(3, repeat // len(searches)))
    for k in ("p50_ms", "p95_ms"):  # per keystroke, not per batch of searches
        search[k] /= len(searches)
    res["views"]["search autocomplete"] = search
    for k, v in res["views"].items():
        print(f"  view {k}: {v}", file=sys.stderr)


def _rank(res: dict[str, Any], store, council: str) -> None:
    """The strategy board's ranking of every reference city, for the busiest council: the first
    call also builds the city table and reads the graph (once per process), so both are shown."""
    from graphmodel.evaluator import Evaluator, rank_reference_cities

    ev = Evaluator(store)
    ranked, res["rank_cold_s"] = timed(
        rank_reference_cities, ev, council, include_home_country=True, top=20
    )
    res["rank_considered"] = ranked.considered
    warm = repeated(
        lambda: rank_reference_cities(ev, council, include_home_country=True, top=20), 5
    )
    res["rank_warm_s"] = warm["p95_ms"] / 1000
    print(f"  rank: cold {res['rank_cold_s']:.2f} s, warm {warm}", file=sys.stderr)


def _bolt(graph) -> dict[str, Any]:
    from bench_bolt import measure_bolt

    try:
        return measure_bolt(graph, batched_budget_s=900.0)
    except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}
