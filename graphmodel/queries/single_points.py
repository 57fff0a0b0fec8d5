"""The ``single_points`` query: a council's partners that only one unit or one person keeps
connected to it.

In the partnership projection, a unit or person *keeps* a partner when every path from the
council to the partner runs through it (it dominates the partner, seen from the council): if
that unit closed or that person left, the link would be gone. Found with one dominator tree per
question (python-igraph), so it takes a second even at a million relationships.
"""

from __future__ import annotations

import math

from ..analytics.projection import Projection, projection_from_cypher, projection_of_graph
from .analysis import _links_cypher, _links_embedded
from .catalogue import Query, register
from .helpers import COUNCIL, PROJECTION, internal_orgs

UNITS_CYPHER = """
MATCH (u:Organisation)-[:PART_OF*1..6]->(:Entity {id: $council})
RETURN DISTINCT u.id AS id
"""


def _dominators(p: Projection, root: int) -> list[float]:
    # the last council asked about only: one list of every vertex per council would add up
    last = p.memo.get("dominators")
    if last is None or last[0] != root:
        if "directed" not in p.memo:
            p.memo["directed"] = p.graph.as_directed(mode="mutual")
        last = (root, p.memo["directed"].dominator(root, mode="out"))
        p.memo["dominators"] = last
    return last[1]


def single_points(p: Projection, council: str, partners: list[dict], units: set[str]):
    """Rows for every partner kept connected by a single unit or person, nearest first."""
    if council not in p.index:
        return []
    idom = _dominators(p, p.index[council])
    root = p.index[council]
    rows = []
    for partner in partners:
        x = p.index.get(partner["id"])
        if x is None or not isinstance(idom[x], int) and math.isnan(idom[x]) or x == root:
            continue  # not in the projection, or not connected to the council at all
        chain, d = [], int(idom[x])
        while d != root and d >= 0:
            chain.append(d)
            d = int(idom[d])
        keepers = [v for v in chain if p.ids[v] in units or p.labels[v] == "Person"]
        if not keepers:
            continue
        rows.append(
            {
                "council": council,
                "partner": partner["id"],
                "partner_name": partner["name"],
                "kept_by": p.ids[keepers[0]],
                "kept_by_name": p.name(keepers[0]),
                "kept_by_kind": "person" if p.labels[keepers[0]] == "Person" else "unit",
                # every node the link depends on, from the partner's side to the council's
                "through": tuple(p.ids[v] for v in chain),
                "through_names": tuple(p.name(v) for v in chain),
                "linked_by": partner["how"],
                "projection": p.kind,
            }
        )
    return rows


def _partners(links: list[dict]) -> list[dict]:
    return [e for e in links if any(not h.startswith("place of") for h in e["how"])]


register(
    Query(
        name="single_points",
        description="The council's partners that only one unit or one person keeps connected: "
        "every path from the council to the partner in the partnership network runs through "
        "that unit or person (the nearest is 'kept_by'; 'through' lists every node the link "
        "depends on). Partners are those linked through partnerships, agreements, projects or "
        "direct links.",
        params=(COUNCIL, PROJECTION),
        embedded=lambda g, council, projection: single_points(
            projection_of_graph(g, projection),
            council,
            _partners(_links_embedded(g, council)),
            set(internal_orgs(g, council)),
        ),
        cypher=lambda run, council, projection: single_points(
            projection_from_cypher(run, projection),
            council,
            _partners(_links_cypher(run, council)),
            {r["id"] for r in run(UNITS_CYPHER, council=council)},
        ),
        sort_key=lambda r: (r["kept_by"], r["partner"]),
    )
)
