"""What the explorer's pages show, as plain functions over a :class:`GraphView`.

Page callbacks (:mod:`webapp.pages`) call these, so each is unit-tested without a browser. The
network page's view lives in :mod:`webapp.network` and the snapshot in :mod:`webapp.graphview`;
both are re-exported here.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graphmodel.build.names import NameIndex
from graphmodel.geo import haversine_km
from graphmodel.queries.helpers import internal_orgs
from graphmodel.safety.csvsafe import write_csv
from graphmodel.stores.base import EDGE_CORE
from graphmodel.stores.embedded import relationship_rows

from .graphview import GraphView, PartnershipRow
from .network import (
    DEFAULT_KINDS,
    HUB_LINKS,
    KIND_STYLE,
    TIER_STYLE,
    Filters,
    elements_for,
    matching_partnerships,
    network_elements,
)

__all__ = [
    "DEFAULT_KINDS",
    "HUB_LINKS",
    "KIND_STYLE",
    "TIER_STYLE",
    "GraphView",
    "PartnershipRow",
    "Filters",
    "elements_for",
    "matching_partnerships",
    "network_elements",
    "node_details",
    "search_hits",
    "ALL_COUNCILS_LIMIT",
    "choose_a_council",
    "council_hits",
    "shortest_path_ids",
    "PATH_AVOIDS",
    "rows_to_csv",
    "element_rows",
    "ELEMENT_COLUMNS",
    "map_points",
    "is_domestic",
    "activity_matrix",
    "cost_rows",
]


#: a relationship row's own keys (``relationship_rows``), not properties of the relationship
_REL_CORE = (*EDGE_CORE, "direction", "other_id", "other_label", "other_name")


def node_details(view: GraphView, n: str) -> dict[str, Any]:
    """Everything the details panel shows about a node, provenance included."""
    d = dict(view.g.nodes[n])
    props = {k: v for k, v in d.items() if k not in ("id", "label", "name", "sources", "aliases")}
    rels = [
        {
            "type": r.get("type"),
            "direction": r["direction"],
            "other": r["other_id"],
            "other_name": view.name(r["other_id"]),
            "other_kind": view.label(r["other_id"]),
            "props": {k: val for k, val in r.items() if k not in _REL_CORE},
            "sources": r.get("sources") or [],
        }
        for r in relationship_rows(view.g, n)
    ]
    rels.sort(key=lambda r: (r["type"], r["direction"], r["other_name"]))
    out = {
        "id": n,
        "name": view.name(n),
        "kind": d.get("label"),
        "aliases": d.get("aliases") or [],
        "props": props,
        "sources": d.get("sources") or [],
        "relationships": rels,
    }
    if d.get("label") == "Agreement":
        out["signatories"] = [
            f"{r['other_name']}"
            + (f", {r['props'].get('role')}" if r["props"].get("role") else "")
            + (
                f", for {view.name(r['props']['on_behalf_of'])}"
                if r["props"].get("on_behalf_of") in view.g
                else ""
            )
            for r in rels
            if r["type"] == "SIGNED"
        ]
        out["parties"] = [r["other_name"] for r in rels if r["type"] == "PARTY_TO"]
    return out


#: kinds a name search lists after the others: records about the papers, not bodies or links
LATER_KINDS = ("CostBenefit", "Conflict", "Document")


def search_hits(view: GraphView, text: str | None, limit: int = 12) -> list[tuple[str, str]]:
    """Ranked matches for a name box: (node id, "Name (Kind)"), best first.

    Exact names and aliases (every record that has one; the best-linked first), then names
    starting with ``text``, then a word starting with it,
    then containing it, then near misses (rapidfuzz), so a typo still finds its node. Records
    about the papers (costs, conflicts, documents) come after bodies and links.
    """
    if not text or not text.strip():
        return []
    ids = view.index.search(text, limit)
    # records whose name or alias is exactly the text are equals: the best-linked first (the
    # council whose alias is "Kent" before the place named Kent), each one offered
    exact = set(view.index.resolve(text))
    ids = sorted(ids, key=lambda i: (0, -view.links(i)) if i in exact else (1, 0))
    ids = [i for i in ids if view.label(i) not in LATER_KINDS] + [
        i for i in ids if view.label(i) in LATER_KINDS
    ]
    return [(i, f"{view.name(i)} ({view.label(i)})") for i in ids]


def council_hits(view: GraphView, text: str | None, limit: int = 12) -> list[tuple[str, str]]:
    """Ranked home councils for the council box: (council id, name), best first, ranked as
    :func:`search_hits` ranks (exact, prefix, word, substring, then near misses)."""
    if not text or not text.strip():
        return []
    homes = view.cached(
        "council_index",
        lambda: NameIndex(
            (c, "Organisation", [view.name(c), *(view.data[c].get("aliases") or [])])
            for c in view.home_councils()
        ),
    )
    return [(c, view.name(c)) for c in homes.search(text, limit)]


#: with more home councils than this, pages that would show every council's partners at once
#: (the map, the activity matrix) ask for a council instead
ALL_COUNCILS_LIMIT = 50


#: kinds a path does not pass through unless asked: everything in a country, or sharing a
#: theme, is "linked" through them, which says nothing about how two bodies work together
PATH_AVOIDS = ("Country", "Theme")


def shortest_path_ids(
    view: GraphView, a: str, b: str, avoid: tuple[str, ...] = PATH_AVOIDS
) -> list[str]:
    """One shortest path between two nodes, direction ignored, not through nodes of the
    ``avoid`` kinds (the ends may be of them); [] if none.

    Breadth first from both ends, a whole level at a time from the smaller frontier, so a path
    through hubs explores two small balls rather than most of a large graph."""
    if a not in view.data or b not in view.data:
        return []
    avoided = set(avoid)
    dist: list[dict[str, int]] = [{a: 0}, {b: 0}]
    prev: list[dict[str, str | None]] = [{a: None}, {b: None}]
    frontier = [[a], [b]]
    best: tuple[int, str] | None = (0, a) if a == b else None
    while best is None and frontier[0] and frontier[1]:
        i = 0 if len(frontier[0]) <= len(frontier[1]) else 1
        nxt = []
        for n in frontier[i]:
            for m in sorted(view.neighbours(n)):
                if m not in dist[i] and (m in (a, b) or view.data[m].get("label") not in avoided):
                    dist[i][m] = dist[i][n] + 1
                    prev[i][m] = n
                    nxt.append(m)
                    if m in dist[1 - i]:
                        length = dist[i][m] + dist[1 - i][m]
                        if best is None or (length, m) < best:
                            best = (length, m)
        frontier[i] = nxt
    if best is None:
        return []
    head: list[str] = []
    n: str | None = best[1]
    while n is not None:
        head.append(n)
        n = prev[0][n]
    tail = []
    n = prev[1][best[1]]
    while n is not None:
        tail.append(n)
        n = prev[1][n]
    return head[::-1] + tail


def rows_to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    """A download's CSV; formula-like text is neutralised (:mod:`graphmodel.safety.csvsafe`)."""
    columns = columns or (list(rows[0]) if rows else [])
    return write_csv(
        columns,
        (
            [
                "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else ("" if v is None else v)
                for v in (r.get(c) for c in columns)
            ]
            for r in rows
        ),
    )


#: the columns of a view's CSV: one row per node, then one per relationship drawn
ELEMENT_COLUMNS = ["element", "id", "kind", "name", "source", "target", "type", "tier", "sources"]


def element_rows(view: GraphView, elements: list[dict]) -> list[dict[str, Any]]:
    """The rows behind a network view, for its CSV export: its nodes, then its relationships
    (``element`` says which), with their sources."""
    nodes, edges = [], []
    for el in elements:
        d = el["data"]
        if "source" in d:
            u, v, t = d["source"], d["target"], d.get("type")
            keyed = view.g.get_edge_data(u, v) or {}
            srcs = next((e.get("sources") or [] for e in keyed.values() if e.get("type") == t), [])
            edges.append(
                {
                    "element": "relationship",
                    "id": d.get("id"),
                    "kind": t,
                    "name": f"{view.name(u) if u in view.g else u} → "
                    f"{view.name(v) if v in view.g else v}",
                    "source": u,
                    "target": v,
                    "type": t,
                    "tier": d.get("tier") or "",
                    "sources": srcs,
                }
            )
            continue
        n = d["id"]
        if n in view.g:
            nd = view.g.nodes[n]
            nodes.append(
                {
                    "element": "node",
                    "id": n,
                    "kind": nd.get("label"),
                    "name": view.name(n),
                    "tier": nd.get("tier") or "",
                    "sources": nd.get("sources") or [],
                }
            )
        else:  # a group standing for nodes not drawn
            nodes.append(
                {
                    "element": "node",
                    "id": n,
                    "kind": d.get("kind"),
                    "name": d.get("label"),
                    "sources": [],
                }
            )
    return nodes + edges


def choose_a_council(view: GraphView, council: str | None) -> str | None:
    """What to say instead of showing every council's partners when there are too many."""
    n = len(view.home_councils())
    if council or n <= ALL_COUNCILS_LIMIT:
        return None
    return f"Choose a council: {n:,} home councils are too many to show at once."


def is_domestic(partnership: dict, partner: dict, home_country: str | None = None) -> bool:
    """Whether a link is with a domestic body (the CPA self-assessment's, not international):
    the partner or the partnership says so, the partnership's tier or sphere is domestic, or
    the partner is in the home council's own country."""
    return bool(
        partner.get("domestic")
        or partnership.get("domestic")
        or "domestic" in (partnership.get("tier"), partnership.get("sphere"))
        or (home_country and partner.get("country") == home_country)
    )


def map_points(view: GraphView, council: str | None) -> tuple[list[dict], list[dict]]:
    """Partners of the council(s) with where they are and how we know, and the home councils."""
    councils = [council] if council else view.home_councils()
    homes, partners = [], []
    for c in councils:
        loc = view.location(c)
        if loc:
            homes.append(
                {
                    "id": c,
                    "name": view.name(c),
                    "lat": loc.lat,
                    "lon": loc.lon,
                    "how": loc.how,
                    "source": loc.source,
                    "approximate": loc.approximate,
                }
            )
        for p in view.out(c, "HAS_PARTNERSHIP"):
            pd = view.g.nodes[p]
            for partner in view.out(p, "WITH_PARTNER"):
                ploc = view.location(partner)
                row = {
                    "id": partner,
                    "name": view.name(partner),
                    "partnership": p,
                    "council": c,
                    "tier": pd.get("tier"),
                    "sphere": pd.get("sphere"),
                    "status": pd.get("status"),
                    "domestic": is_domestic(pd, view.data[partner], view.data[c].get("country")),
                    "located": ploc is not None,
                }
                if ploc:
                    row.update(
                        lat=ploc.lat,
                        lon=ploc.lon,
                        how=ploc.how,
                        source=ploc.source,
                        approximate=ploc.approximate,
                    )
                    if loc:
                        row["distance_km"] = round(
                            haversine_km(loc.lat, loc.lon, ploc.lat, ploc.lon)
                        )
                partners.append(row)
    return homes, partners


def activity_matrix(view: GraphView, council: str | None) -> tuple[list[str], list[str], list]:
    """Units × partners: how many links (owned partnerships, projects run together) each pair
    has. Returns (unit names, partner names, counts[unit][partner], cell evidence)."""
    councils = [council] if council else view.home_councils()
    counts: Counter = Counter()
    evidence: dict[tuple[str, str], list[str]] = {}
    for c in councils:
        units = internal_orgs(view.g, c)
        for u in units:
            for p in view.out(u, "OWNS"):
                for partner in view.out(p, "WITH_PARTNER"):
                    counts[(u, partner)] += 1
                    evidence.setdefault((u, partner), []).append(f"owns {view.name(p)}")
            for pr in sorted(set(view.out(u, "LEADS")) | set(view.out(u, "PARTNER_IN"))):
                for partner in sorted(set(view.inn(pr, "PARTNER_IN")) | set(view.inn(pr, "LEADS"))):
                    if partner != u and partner not in units and partner != c:
                        counts[(u, partner)] += 1
                        evidence.setdefault((u, partner), []).append(f"project {view.name(pr)}")
    units = sorted({u for u, _ in counts}, key=view.name)
    partners = sorted({p for _, p in counts}, key=view.name)
    z = [[counts.get((u, p), 0) for p in partners] for u in units]
    return units, partners, z, evidence


def cost_rows(view: GraphView) -> list[dict[str, Any]]:
    """Every costs/benefits row with its subject, figures as printed and sources."""
    rows = []
    for n in view.nodes_of("CostBenefit"):
        d = view.g.nodes[n]
        subject = next(iter(view.out(n, "CONCERNS")), None)
        table = next(iter(view.out(n, "IN_TABLE")), None)
        directorate = next(iter(view.out(n, "BORNE_BY")), None)
        rows.append(
            {
                "id": n,
                "subject": view.name(subject) if subject else "",
                "subject_id": subject,
                "directorate": view.name(directorate) if directorate else "",
                "table": view.name(table) if table else "",
                "period": d.get("period"),
                "cost_gbp_m": _gbp_m(d, "cost"),
                "cost_as_printed": d.get("cost_text"),
                "benefit_gbp_m": _gbp_m(d, "benefit"),
                "benefit_as_printed": d.get("benefit_text"),
                "time_limited": bool(d.get("time_limited")),
                "sources": d.get("sources") or [],
            }
        )
    return rows


def _gbp_m(d: dict, prefix: str) -> float | None:
    value, unit = d.get(f"{prefix}_value"), d.get(f"{prefix}_unit")
    if value is None or unit not in ("GBP", "GBP-m"):
        return None
    return value / 1e6 if unit == "GBP" else value
