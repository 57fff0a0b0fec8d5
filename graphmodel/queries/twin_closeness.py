"""The ``twin_closeness`` query: places close to a place in the twin network, and why.

Discovery by the reference twin network (Wikidata P190): a place's twins' twins, ranked by the
Adamic–Adar index (each common twin counts 1 / log of its number of twins, so sharing a twin
with few links says more than sharing one twinned with everybody), with the count of common
twins beside it. Each row names the common twins that make it close; the place's own twins are
left out (they are partners already).
"""

from __future__ import annotations

import math
from collections import defaultdict

from .catalogue import Param, Query, register
from .twin_places import (
    REFERENCE_NOTE,
    pick_place,
    place_candidates_cypher,
    place_candidates_embedded,
)
from .twins import PLACE

LIMIT = Param("limit", "how many places to list", type=int, default=20, label="How many")
COUNTRY = Param(
    "country",
    "only places in this country (two letters); every country when empty",
    label="Country",
)


def closeness(
    q: str, names: dict[str, tuple], pairs: list[tuple[str, str]], register_of, limit, country
) -> list[dict]:
    """Rows from the twin links around ``q``: ``pairs`` are (twin of q, its twin) links,
    ``names`` id -> (name, country), ``register_of`` id -> register records matched."""
    own = {z for z, _ in pairs}
    degree: dict[str, int] = defaultdict(int)
    via: dict[str, list[str]] = defaultdict(list)
    for z, c in pairs:
        degree[z] += 1
        if c != q and c not in own:
            via[c].append(z)
    code = (country or "").strip().upper()
    rows = []
    for c, common in via.items():
        name, where = names.get(c, (c, None))
        if code and where != code:
            continue
        common = sorted(set(common), key=lambda z: (degree[z], z))
        score = sum(1 / math.log(degree[z]) for z in common if degree[z] > 1)
        rows.append(
            {
                "candidate": c,
                "name": name,
                "country": where,
                "adamic_adar": round(score, 3),
                "common_twins": len(common),
                "via": [names.get(z, (z,))[0] for z in common],
                "via_ids": common,
                "why": f"twinned with {', '.join(names.get(z, (z,))[0] for z in common[:5])}"
                + (f" and {len(common) - 5} more" if len(common) > 5 else "")
                + f", as {names.get(q, (q,))[0]} is",
                "register": sorted(register_of.get(c, ())),
                "sources": [f"Wikidata P190, items {q}, {', '.join(common)}, {c}"],
                "reference": REFERENCE_NOTE,
            }
        )
    rows.sort(
        key=lambda r: (-r["adamic_adar"], -r["common_twins"], r["name"] or "", r["candidate"])
    )
    return rows[:limit]


def _embedded(g, place, limit, country):
    q = pick_place(place_candidates_embedded(g, place), place, "place")

    def twins(n):
        return [t for _, t, ty in g.out_edges(n, data="type") if ty == "TWINNED_WITH"] + [
            s for s, _, ty in g.in_edges(n, data="type") if ty == "TWINNED_WITH"
        ]

    pairs = [(z, c) for z in twins(q) for c in twins(z)]
    ids = {q} | {x for pair in pairs for x in pair}
    names = {n: (g.nodes[n].get("name"), g.nodes[n].get("country")) for n in ids}
    register_of = {
        n: [r for r, _, ty in g.in_edges(n, data="type") if ty == "SAME_PLACE_AS"] for n in ids
    }
    return closeness(q, names, pairs, register_of, limit, country)


OWN_CYPHER = (
    "MATCH (p:ReferencePlace {id: $q}) OPTIONAL MATCH (p)-[:TWINNED_WITH]-(z:ReferencePlace) "
    "RETURN p.name AS name, p.country AS country, z.id AS z"
)
# one hop at a time: a two-hop pattern would not walk back over the first link (Cypher's
# relationship uniqueness), and so would miscount the twins of each twin
AROUND_CYPHER = (
    "MATCH (z:ReferencePlace)-[:TWINNED_WITH]-(c:ReferencePlace) WHERE z.id IN $ids "
    "RETURN z.id AS z, z.name AS zname, z.country AS zcountry, "
    "c.id AS c, c.name AS cname, c.country AS ccountry"
)
REGISTER_CYPHER = (
    "MATCH (n:Entity)-[:SAME_PLACE_AS]->(c:ReferencePlace) WHERE c.id IN $ids "
    "RETURN c.id AS c, n.id AS n"
)


def _cypher(run, place, limit, country):
    q = pick_place(place_candidates_cypher(run, place), place, "place")
    own = run(OWN_CYPHER, q=q)
    names = {q: (own[0]["name"], own[0]["country"])}
    pairs = []
    for r in run(AROUND_CYPHER, ids=sorted({r["z"] for r in own if r["z"]})):
        pairs.append((r["z"], r["c"]))
        names[r["z"]] = (r["zname"], r["zcountry"])
        names[r["c"]] = (r["cname"], r["ccountry"])
    register_of: dict[str, list[str]] = defaultdict(list)
    for r in run(REGISTER_CYPHER, ids=sorted(names)):
        register_of[r["c"]].append(r["n"])
    return closeness(q, names, pairs, register_of, limit, country)


register(
    Query(
        name="twin_closeness",
        description="Discovery through the reference twin network (Wikidata P190; reference, "
        "not register records): places that share twins with a place, ranked by the "
        "Adamic–Adar index with the count of common twins, each naming the twins that make it "
        "close. The place's own twins are left out.",
        params=(PLACE, LIMIT, COUNTRY),
        embedded=_embedded,
        cypher=_cypher,
        sort_key=lambda r: (-r["adamic_adar"], -r["common_twins"], r["name"] or "", r["candidate"]),
    )
)
