"""``shared_across_councils``: organisations and places that more than one council's papers
name, with what each council's papers say of them (the relationships those papers support)."""

from __future__ import annotations

from typing import Any

from .catalogue import Param, Query, register
from .helpers import SEP, cited_files, documents_cypher, documents_embedded

__all__: list[str] = []

LABELS = ("Organisation", "Place")


def _role(rel: dict[str, Any]) -> str:
    # "–WITH_PARTNER→ Nord-Pas de Calais" from this node, "Bien-être –PARTNER_IN→" into it
    if rel["direction"] == "out":
        return f"–{rel['type']}→ {rel['other']}"
    return f"{rel['other']} –{rel['type']}→"


def _rows(nodes, rels, docs, min_councils) -> list[dict[str, Any]]:
    council_of = {d["file"]: (d["publisher"], d["publisher_name"]) for d in docs if d["publisher"]}
    out = []
    for n in nodes:
        by_council: dict[str, list[str]] = {}
        for s in n["sources"] or ():
            hit = council_of.get(s.partition(SEP)[0])
            if hit:
                by_council.setdefault(hit[0], []).append(s)
        if len(by_council) < min_councils:
            continue
        names = dict(council_of.values())
        for council, cited in by_council.items():
            roles = sorted(
                {
                    _role(r)
                    for r in rels.get(n["id"], [])
                    if any(
                        council_of.get(f, ("",))[0] == council for f in cited_files(r["sources"])
                    )
                }
            )
            out.append(
                {
                    "id": n["id"],
                    "label": n["label"],
                    "name": n["name"],
                    "country": n.get("country"),
                    "councils": sorted(by_council),
                    "council": council,
                    "council_name": names.get(council),
                    "role": roles or ["named, with no relationship from these papers"],
                    "citations": len(set(cited)),
                }
            )
    return out


def _shared_embedded(g, min_councils, country, label):
    docs = documents_embedded(g)
    labels = (label,) if label else LABELS
    nodes = [
        {**d, "id": n}
        for n, d in g.nodes(data=True)
        if d.get("label") in labels and (not country or d.get("country") == country)
    ]
    rels: dict[str, list[dict[str, Any]]] = {}
    for n in nodes:
        nid = n["id"]
        for _, v, d in g.out_edges(nid, data=True):
            rels.setdefault(nid, []).append(
                {
                    "direction": "out",
                    "type": d["type"],
                    "other": g.nodes[v].get("name"),
                    "sources": d.get("sources"),
                }
            )
        for u, _, d in g.in_edges(nid, data=True):
            rels.setdefault(nid, []).append(
                {
                    "direction": "in",
                    "type": d["type"],
                    "other": g.nodes[u].get("name"),
                    "sources": d.get("sources"),
                }
            )
    return _rows(nodes, rels, docs, min_councils)


NODES_CYPHER = """
MATCH (n:Entity) WHERE n.label IN $labels AND ($country IS NULL OR n.country = $country)
  AND any(s IN n.sources WHERE any(f IN $files WHERE s STARTS WITH f + $sep))
RETURN n.id AS id, n.label AS label, n.name AS name, n.country AS country, n.sources AS sources
"""

RELS_CYPHER = """
UNWIND $ids AS nid
MATCH (n:Entity {id: nid})-[r]->(m:Entity)
RETURN nid AS id, 'out' AS direction, type(r) AS type, m.name AS other, r.sources AS sources
UNION ALL
UNWIND $ids AS nid
MATCH (n:Entity {id: nid})<-[r]-(m:Entity)
RETURN nid AS id, 'in' AS direction, type(r) AS type, m.name AS other, r.sources AS sources
"""


def _shared_cypher(run, min_councils, country, label):
    docs = documents_cypher(run)
    files = sorted(d["file"] for d in docs if d["publisher"])
    labels = [label] if label else list(LABELS)
    nodes = run(NODES_CYPHER, labels=labels, country=country, files=files, sep=SEP)
    rels: dict[str, list[dict[str, Any]]] = {}
    if nodes:
        for r in run(RELS_CYPHER, ids=[n["id"] for n in nodes]):
            rels.setdefault(r["id"], []).append(r)
    return _rows(nodes, rels, docs, min_councils)


register(
    Query(
        name="shared_across_councils",
        description="Organisations and places named in more than one council's papers, one row "
        "per council with what its papers say of them; --min-councils 1 and --country FR "
        "answer 'which French partners appear, for which council?'.",
        params=(
            Param(
                "min_councils",
                "named by at least this many councils' papers",
                type=int,
                default=2,
                label="Councils naming it",
            ),
            Param("country", "only this ISO country code, e.g. FR", label="Country code"),
            Param("label", "Organisation or Place", choices=LABELS, label="Kind"),
        ),
        embedded=_shared_embedded,
        cypher=_shared_cypher,
        sort_key=lambda r: (r["name"] or "", r["id"], r["council"]),
    )
)
