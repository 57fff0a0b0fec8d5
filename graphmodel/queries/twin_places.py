"""What the twin-network queries share: finding a reference place, and a twin's row.

A place parameter may be a Wikidata id (``Q6602``), a reference place's label or gazetteer name
(``Straßburg``, ``Strasbourg``), or a register record's id, name or alias that is matched to a
reference place (``leicester-city-council``). Both stores give the same candidates: the
embedded form and the Cypher form below ask the same question.
"""

from __future__ import annotations

from typing import Any

from ..build.graph import REFERENCE_LABEL
from ..build.names import normalise_name
from ..errors import PartnerGraphError, quoted
from ..geo import haversine_km
from .catalogue import BadParameter

__all__ = [
    "ReferenceNotLoaded",
    "place_candidates_embedded",
    "place_candidates_cypher",
    "pick_place",
    "twin_row",
    "twins_embedded",
    "twins_cypher",
    "REFERENCE_NOTE",
    "REFERENCE_QUERIES",
]

REFERENCE_NOTE = "reference (Wikidata P190), not a register record"
#: the named queries that read the reference twin network
REFERENCE_QUERIES = frozenset(
    {"twins", "shared_twins", "twins_of_partners", "peers", "twin_closeness"}
)


class ReferenceNotLoaded(PartnerGraphError):
    """The store holds no reference twin network."""

    def __init__(self) -> None:
        super().__init__(
            "the reference twin network is not loaded here: start 'partnergraph serve' or "
            "'partnergraph load' with PARTNERGRAPH_REFERENCE=1 set ('partnergraph query' adds "
            "it by itself on the embedded store)"
        )


def _is_ref(d: dict) -> bool:
    return d.get("label") == REFERENCE_LABEL


def place_candidates_embedded(g, value: str) -> list[dict[str, Any]]:
    """Reference places that ``value`` names: [{id, name, country, via}]."""
    if not any(_is_ref(d) for _, d in g.nodes(data=True)):
        raise ReferenceNotLoaded()
    found: dict[str, dict] = {}

    def add(q, via):
        d = g.nodes[q]
        found.setdefault(
            q, {"id": q, "name": d.get("name"), "country": d.get("country"), "via": via}
        )

    key = normalise_name(value)
    for n, d in g.nodes(data=True):
        if _is_ref(d):
            if n == value or key in (d.get("match_keys") or ()):
                add(n, None)
        elif n == value or d.get("name") == value or value in (d.get("aliases") or ()):
            for _, q, t in g.out_edges(n, data="type"):
                if t == "SAME_PLACE_AS":
                    add(q, n)
    return list(found.values())


CANDIDATES_CYPHER = (
    "MATCH (p:ReferencePlace) WHERE p.id = $value OR $key IN p.match_keys "
    "RETURN p.id AS id, p.name AS name, p.country AS country, null AS via "
    "UNION "
    "MATCH (n:Entity)-[:SAME_PLACE_AS]->(p:ReferencePlace) "
    "WHERE n.id = $value OR n.name = $value OR $value IN n.aliases "
    "RETURN p.id AS id, p.name AS name, p.country AS country, n.id AS via"
)
ANY_REFERENCE_CYPHER = "MATCH (p:ReferencePlace) RETURN p.id AS id LIMIT 1"


def place_candidates_cypher(run, value: str) -> list[dict[str, Any]]:
    if not run(ANY_REFERENCE_CYPHER):
        raise ReferenceNotLoaded()
    found: dict[str, dict] = {}
    for r in run(CANDIDATES_CYPHER, value=value, key=normalise_name(value)):
        if r["id"] not in found or found[r["id"]]["via"] is None:
            found[r["id"]] = dict(r)
    return list(found.values())


def pick_place(candidates: list[dict[str, Any]], value: str, param: str) -> str:
    """The one reference place named, or :class:`BadParameter` saying what to give instead."""
    ids = sorted({c["id"] for c in candidates}, key=lambda q: int(q[1:]))
    if len(ids) == 1:
        return ids[0]
    option = "--" + param.replace("_", "-")
    if not ids:
        raise BadParameter(
            f"{option} {value!r}: no reference place has that name, and no register record of "
            "that name is matched to one; give a Wikidata id (Q…) or another spelling "
            "(partnergraph check-twins lists the register's matches)",
            param=param,
            plain=f"No place in the reference twin network is called {quoted(value)}; try "
            "another spelling or its Wikidata id (Q…).",
        )
    by_id = {c["id"]: c for c in candidates}
    listed = ", ".join(
        f"{q} {by_id[q]['name']} ({by_id[q]['country'] or 'no country'})" for q in ids
    )
    raise BadParameter(
        f"{option} {value!r} names {len(ids)} reference places: {listed}; give one's Wikidata id",
        param=param,
        plain=f"{quoted(value)} is the name of {len(ids)} places in the reference: {listed}. "
        "Give the Wikidata id (Q…) of the one you mean.",
    )


def _claimers(src: str, dst: str, claimed_by: str) -> list[str]:
    return {"both": [src, dst], "a": [src], "b": [dst]}.get(claimed_by, [src, dst])


def twin_row(place: dict, twin: dict, src: str, dst: str, claimed_by: str, register) -> dict:
    """One twin of ``place``: who claims it, how far, which register records it is."""
    claimers = _claimers(src, dst, claimed_by)
    located = None not in (place.get("lat"), place.get("lon"), twin.get("lat"), twin.get("lon"))
    return {
        "place": place["id"],
        "place_name": place["name"],
        "twin": twin["id"],
        "name": twin["name"],
        "country": twin.get("country"),
        "claimed_by": "both" if len(claimers) == 2 else f"{claimers[0]} only",
        "distance_km": round(haversine_km(place["lat"], place["lon"], twin["lat"], twin["lon"]))
        if located
        else None,
        "register": sorted(register),
        "sources": [f"Wikidata P190, item {q}" for q in claimers],
        "reference": REFERENCE_NOTE,
    }


def _props(g, n: str) -> dict:
    d = g.nodes[n]
    return {k: d.get(k) for k in ("id", "name", "country", "lat", "lon")}


def twins_embedded(g, q: str) -> list[dict]:
    """Every twin of reference place ``q`` on the embedded store."""
    rows = []
    place = _props(g, q)
    links = [(q, t, d) for _, t, d in g.out_edges(q, data=True) if d.get("type") == "TWINNED_WITH"]
    links += [(s, q, d) for s, _, d in g.in_edges(q, data=True) if d.get("type") == "TWINNED_WITH"]
    for src, dst, d in links:
        t = dst if src == q else src
        register = [r for r, _, ty in g.in_edges(t, data="type") if ty == "SAME_PLACE_AS"]
        rows.append(twin_row(place, _props(g, t), src, dst, d.get("claimed_by"), register))
    return rows


TWINS_CYPHER = (
    "MATCH (p:ReferencePlace {id: $q})-[r:TWINNED_WITH]-(t:ReferencePlace) "
    "OPTIONAL MATCH (n:Entity)-[:SAME_PLACE_AS]->(t) "
    "RETURN p.id AS pid, p.name AS pname, p.country AS pcountry, p.lat AS plat, p.lon AS plon, "
    "t.id AS id, t.name AS name, t.country AS country, t.lat AS lat, t.lon AS lon, "
    "startNode(r).id AS src, endNode(r).id AS dst, r.claimed_by AS claimed_by, "
    "collect(n.id) AS register"
)


def twins_cypher(run, q: str) -> list[dict]:
    rows = []
    for r in run(TWINS_CYPHER, q=q):
        place = {
            "id": r["pid"],
            "name": r["pname"],
            "country": r["pcountry"],
            "lat": r["plat"],
            "lon": r["plon"],
        }
        twin = {k: r[k] for k in ("id", "name", "country", "lat", "lon")}
        register = [x for x in (r["register"] or []) if x]
        rows.append(twin_row(place, twin, r["src"], r["dst"], r["claimed_by"], register))
    return rows
