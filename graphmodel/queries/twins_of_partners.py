"""The ``twins_of_partners`` query: a council's partners' twins, with the path to each.

Partners of partners in the reference twin network: for every body or place the council is
linked to (through partnerships, agreements, projects or direct links, as ``partners`` finds
them) that is matched to a reference place, that place's twins. Each row gives the path
council → partner → its reference place → twin, and says whether the twin is already one of the
council's own links or twins. The council's own place is left out (a partner twinned back with
the council says nothing new).
"""

from __future__ import annotations

from collections.abc import Callable

from .analysis import _links_cypher, _links_embedded
from .catalogue import Query, register
from .portfolio import COUNCIL
from .twin_places import (
    place_candidates_cypher,
    place_candidates_embedded,
    twins_cypher,
    twins_embedded,
)


def twins_of_partners(
    council: str,
    council_name: str,
    links: list[dict],
    same_place: dict[str, list[str]],
    twins_of: Callable[[str], list[dict]],
) -> list[dict]:
    """Rows from the council's links, each linked record's reference places, and twins.

    A partner and its place often match the same reference place (Chongqing's government and
    Chongqing): such a place gives one row per twin, naming the partner, not its place.
    """
    home = set(same_place.get(council, ()))
    own_twins = {t["twin"] for q in home for t in twins_of(q)}
    linked = {e["id"]: e for e in links}
    records_of: dict[str, list[dict]] = {}
    for e in sorted(links, key=lambda e: e["id"]):
        for q in same_place.get(e["id"], ()):
            if q not in home:
                records_of.setdefault(q, []).append(e)
    rows = []
    for q, records in sorted(records_of.items()):
        records.sort(key=lambda e: (all(h.startswith("place of") for h in e["how"]), e["id"]))
        e = records[0]
        for t in twins_of(q):
            if t["twin"] in home:
                continue
            known = sorted(set(t["register"]) & set(linked))
            rows.append(
                {
                    "partner": e["id"],
                    "partner_name": e["name"],
                    "linked_by": list(e["how"]),
                    "partner_place": q,
                    "twin": t["twin"],
                    "name": t["name"],
                    "country": t["country"],
                    "claimed_by": t["claimed_by"],
                    "path": (council, e["id"], q, t["twin"]),
                    "path_names": (council_name, e["name"], t["place_name"], t["name"]),
                    "already": "council's own twin"
                    if t["twin"] in own_twins
                    else ("already linked: " + ", ".join(known) if known else None),
                    "register": t["register"],
                    "sources": t["sources"],
                    "reference": t["reference"],
                }
            )
    return rows


def _same_place_embedded(g, ids) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for n in ids:
        if n in g:
            qs = [q for _, q, t in g.out_edges(n, data="type") if t == "SAME_PLACE_AS"]
            if qs:
                out[n] = qs
    return out


def _embedded(g, council):
    links = _links_embedded(g, council)
    place_candidates_embedded(g, council)  # says so when the reference is not loaded
    same = _same_place_embedded(g, [council, *(e["id"] for e in links)])
    name = g.nodes[council].get("name") or council
    return twins_of_partners(council, name, links, same, lambda q: twins_embedded(g, q))


SAME_PLACE_CYPHER = (
    "MATCH (n:Entity)-[:SAME_PLACE_AS]->(p:ReferencePlace) WHERE n.id IN $ids "
    "RETURN n.id AS id, p.id AS q"
)


def _cypher(run, council):
    links = _links_cypher(run, council)
    place_candidates_cypher(run, council)
    same: dict[str, list[str]] = {}
    for r in run(SAME_PLACE_CYPHER, ids=[council, *(e["id"] for e in links)]):
        same.setdefault(r["id"], []).append(r["q"])
    (row,) = run("MATCH (c:Entity {id: $id}) RETURN c.name AS name", id=council)
    name = row["name"] or council
    return twins_of_partners(council, name, links, same, lambda q: twins_cypher(run, q))


register(
    Query(
        name="twins_of_partners",
        description="A council's partners' twin towns from the reference twin network "
        "(Wikidata P190; reference, not register records), each with its path council → "
        "partner → partner's place → twin, and whether the council already has it.",
        params=(COUNCIL,),
        embedded=_embedded,
        cypher=_cypher,
        sort_key=lambda r: (r["partner"], r["country"] or "~", r["name"] or "", r["twin"]),
    )
)
