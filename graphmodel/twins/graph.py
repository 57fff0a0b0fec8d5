"""The reference twin network as graph elements, added beside a register's records.

Reference places become ``ReferencePlace`` nodes (id: their Q id, ``reference: true``) and their
links ``TWINNED_WITH`` relationships; a register record matched to a reference place gets a
``SAME_PLACE_AS`` relationship to it, saying how it was matched. Nothing here is a register
record: every element carries ``reference: true`` and its Wikidata source, so pages and counts
can keep it apart from the council's own records.
"""

from __future__ import annotations

import copy

from graphmodel.build.graph import REFERENCE_LABEL, Edge, Node, PartnerGraph

from .dataset import ReferenceNetwork, wikidata_source
from .matching import Match, match_register

__all__ = ["with_reference", "has_reference", "REFERENCE_LABEL", "REFERENCE_MARK"]

#: the ``reference`` property of every reference element, as a card shows it
REFERENCE_MARK = "Wikidata P190 (CC0): reference, not a register record"


def with_reference(
    graph: PartnerGraph, network: ReferenceNetwork, matches: list[Match] | None = None
) -> PartnerGraph:
    """A copy of ``graph`` with the reference network and the register's matches added."""
    out = copy.copy(graph)
    out.nodes = dict(graph.nodes)
    out.edges = dict(graph.edges)
    for q, p in network.places.items():
        if q in out.nodes:  # a register id that looks like a Q id is never overwritten
            continue
        out.nodes[q] = Node(
            id=q,
            label=REFERENCE_LABEL,
            name=p.display_name,
            aliases=[n for n in p.names[1:]],
            sources=[wikidata_source(q)],
            props={
                "reference": REFERENCE_MARK,
                "qid": q,
                "wikidata_label": p.name,
                "country": p.country,
                "lat": p.lat,
                "lon": p.lon,
                "located_by": p.located_by,
                "location_match": p.match,
                "match_keys": p.match_keys,
            },
        )
    for link in network.links:
        if out.nodes.get(link.a, None) is None or out.nodes[link.a].label != REFERENCE_LABEL:
            continue
        e = Edge(
            src=link.a,
            dst=link.b,
            type="TWINNED_WITH",
            key="",
            props={"reference": REFERENCE_MARK, "claimed_by": link.claimed_by},
            sources=[wikidata_source(q) for q in link.claimers()],
        )
        out.edges[e.ident] = e
    if matches is None:
        matches = match_register(graph, network)
    for m in matches:
        if m.qid is None or m.node not in graph.nodes:
            continue
        e = Edge(
            src=m.node,
            dst=m.qid,
            type="SAME_PLACE_AS",
            key="",
            props={"reference": REFERENCE_MARK, "how": m.how, "confidence": m.confidence},
            sources=[wikidata_source(m.qid)],
        )
        out.edges[e.ident] = e
    return out


def has_reference(graph: PartnerGraph) -> bool:
    return any(n.label == REFERENCE_LABEL for n in graph.nodes.values())
