"""Rebuild places.tsv.gz and links.tsv.gz from Wikidata's SPARQL endpoint (not run in CI).

    python data/reference/refresh_from_wikidata.py [--out data/reference]

Needs a network that reaches query.wikidata.org. Every P190 ("twinned administrative body")
statement is read with both items' English (else German, French) labels, coordinates (P625) and
countries (P17, as ISO 3166-1 alpha-2, P297). The facts are CC0. Afterwards update the counts and
dates in README.md and run ``partnergraph reference``.
"""

from __future__ import annotations

import argparse
import json
import urllib.parse
import urllib.request
from pathlib import Path

from build_from_extracts import LINK_COLUMNS, PLACE_COLUMNS, qnum, write_tsv

ENDPOINT = "https://query.wikidata.org/sparql"
QUERY = """
SELECT ?a ?b ?label ?coord ?cc WHERE {
  ?a wdt:P190 ?b .
  OPTIONAL { ?a wdt:P625 ?coord . }
  OPTIONAL { ?a wdt:P17/wdt:P297 ?cc . }
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en,de,fr". ?a rdfs:label ?label . }
}
"""


def fetch() -> list[dict]:
    url = ENDPOINT + "?" + urllib.parse.urlencode({"query": QUERY, "format": "json"})
    request = urllib.request.Request(url, headers={"User-Agent": "partnergraph-reference/1.0"})
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.load(response)["results"]["bindings"]


def build(bindings: list[dict]):
    def q(uri: str) -> str:
        return uri.rsplit("/", 1)[-1]

    places: dict[str, dict] = {}
    claims: set[tuple[str, str]] = set()
    for row in bindings:
        a, b = q(row["a"]["value"]), q(row["b"]["value"])
        claims.add((a, b))
        p = places.setdefault(
            a,
            dict(
                qid=a,
                name=row.get("label", {}).get("value", a),
                country="",
                lat="",
                lon="",
                located_by="",
                match="",
                gazetteer_name="",
            ),
        )
        if "cc" in row and not p["country"]:
            p["country"] = row["cc"]["value"]
        if "coord" in row and not p["lat"]:
            lon, lat = row["coord"]["value"].removeprefix("Point(").rstrip(")").split()
            p.update(
                lat=f"{float(lat):.4f}",
                lon=f"{float(lon):.4f}",
                located_by="Wikidata P625/P17",
                match="Wikidata",
            )
    for _a, b in claims:  # an item that is only ever claimed (states no P190 itself)
        places.setdefault(
            b,
            dict(
                qid=b,
                name=b,
                country="",
                lat="",
                lon="",
                located_by="",
                match="not placed: states no P190",
                gazetteer_name="",
            ),
        )
    pairs: dict[tuple[str, str], str] = {}
    for a, b in claims:
        if a == b:
            continue
        lo, hi = sorted((a, b), key=qnum)
        side = "a" if a == lo else "b"
        pairs[(lo, hi)] = "both" if pairs.get((lo, hi), side) != side else side
    links = [dict(a=a, b=b, claimed_by=s) for (a, b), s in sorted(pairs.items())]
    return sorted(places.values(), key=lambda p: qnum(p["qid"])), links


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent))
    args = ap.parse_args()
    places, links = build(fetch())
    write_tsv(Path(args.out) / "places.tsv.gz", PLACE_COLUMNS, places)
    write_tsv(Path(args.out) / "links.tsv.gz", LINK_COLUMNS, links)
    print(f"{len(places)} places, {len(links)} links")


if __name__ == "__main__":
    main()
