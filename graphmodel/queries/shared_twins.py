"""The ``shared_twins`` query: the twins two places have in common in the reference network."""

from __future__ import annotations

from .catalogue import Param, Query, register
from .twin_places import (
    pick_place,
    place_candidates_cypher,
    place_candidates_embedded,
    twins_cypher,
    twins_embedded,
)

_HELP = "a place: its Wikidata id (Q…), its name, or a register record matched to it"
PLACE_A = Param("place_a", _HELP, required=True, label="First place")
PLACE_B = Param("place_b", _HELP, required=True, label="Second place")


def shared(rows_a: list[dict], rows_b: list[dict]) -> list[dict]:
    """One row per common twin, with each side's link and its sources."""
    by_twin = {r["twin"]: r for r in rows_b}
    out = []
    for a in rows_a:
        b = by_twin.get(a["twin"])
        if b is None:
            continue
        out.append(
            {
                "twin": a["twin"],
                "name": a["name"],
                "country": a["country"],
                "place_a": a["place"],
                "place_b": b["place"],
                "claimed_a": a["claimed_by"],
                "claimed_b": b["claimed_by"],
                "register": a["register"],
                "sources": sorted(set(a["sources"]) | set(b["sources"])),
                "reference": a["reference"],
            }
        )
    return out


def _embedded(g, place_a, place_b):
    qa = pick_place(place_candidates_embedded(g, place_a), place_a, "place_a")
    qb = pick_place(place_candidates_embedded(g, place_b), place_b, "place_b")
    return shared(twins_embedded(g, qa), twins_embedded(g, qb))


def _cypher(run, place_a, place_b):
    qa = pick_place(place_candidates_cypher(run, place_a), place_a, "place_a")
    qb = pick_place(place_candidates_cypher(run, place_b), place_b, "place_b")
    return shared(twins_cypher(run, qa), twins_cypher(run, qb))


register(
    Query(
        name="shared_twins",
        description="The twin towns two places have in common in the reference twin network "
        "(Wikidata P190; reference, not register records), with who claims each link.",
        params=(PLACE_A, PLACE_B),
        embedded=_embedded,
        cypher=_cypher,
        sort_key=lambda r: (r["country"] or "~", r["name"] or "", r["twin"]),
    )
)
