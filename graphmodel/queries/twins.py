"""The ``twins`` query: a place's twins in the reference twin network (Wikidata P190).

Each row names the twin, its country, which side's Wikidata item claims the link ("both", or
one Q id "only"), the distance between the two, the register records matched to the twin, and
its sources. The place may be a Q id, a reference name, or a register record matched to one.
"""

from __future__ import annotations

from .catalogue import Param, Query, register
from .twin_places import (
    pick_place,
    place_candidates_cypher,
    place_candidates_embedded,
    twins_cypher,
    twins_embedded,
)

PLACE = Param(
    "place",
    "a place: its Wikidata id (Q…), its name, or a register record matched to it",
    required=True,
    label="Place",
)


def _embedded(g, place):
    return twins_embedded(g, pick_place(place_candidates_embedded(g, place), place, "place"))


def _cypher(run, place):
    return twins_cypher(run, pick_place(place_candidates_cypher(run, place), place, "place"))


register(
    Query(
        name="twins",
        description="A place's twin towns in the reference twin network (Wikidata P190, "
        "reference, not register records): each twin's country, who claims the link, the "
        "distance, and the register records matched to it.",
        params=(PLACE,),
        embedded=_embedded,
        cypher=_cypher,
        sort_key=lambda r: (r["country"] or "~", r["name"] or "", r["twin"]),
    )
)
