"""What the evaluator and discovery take from the reference twin network, when the store holds it.

Read through the evaluator's ``GraphReader`` (``rels``, ``node``, ``name``), so it works on every
store. Nothing here scores: it finds reference twin links, each with its path and sources, and
the evaluator counts them as it counts the register's ties.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphmodel.build.graph import REFERENCE_LABEL

from .dataset import wikidata_source

__all__ = ["network_twins", "reference_places", "reference_ties", "reference_twins"]


def reference_places(reader: Any, node_id: str) -> list[str]:
    """The reference places a record stands for: itself if it is one, else its matches."""
    node = reader.node(node_id) or {}
    if node.get("label") == REFERENCE_LABEL:
        return [node_id]
    return [
        r["other_id"]
        for r in reader.rels(node_id)
        if r["type"] == "SAME_PLACE_AS" and r["direction"] == "out"
    ]


def _twin_rels(reader: Any, q: str) -> list[dict]:
    return [r for r in reader.rels(q) if r["type"] == "TWINNED_WITH"]


def _arrow(r: dict) -> str:
    return "-[TWINNED_WITH]->" if r["direction"] == "out" else "<-[TWINNED_WITH]-"


def reference_ties(
    reader: Any, a_side: Iterable[str], b_side: Iterable[str]
) -> list[dict[str, Any]]:
    """Ties between two sides that Wikidata P190 records: a place of one side twinned with a
    place of the other, with the path through the reference and the claiming items as sources.
    Each is the fields of the evaluator's ``graphread.Tie`` (category "civic"), which builds it:
    the reference sits below the evaluator and does not import it."""
    b_places = {q: z for z in sorted(b_side) for q in reference_places(reader, z)}
    ties, seen = [], set()
    for x in sorted(a_side):
        for q in reference_places(reader, x):
            if q in b_places:  # the same place: not a twin link
                continue
            for r in _twin_rels(reader, q):
                q2 = r["other_id"]
                if q2 not in b_places or (q, q2) in seen:  # one tie per twin link
                    continue
                seen.add((q, q2))
                z = b_places[q2]
                path = [x, "-[SAME_PLACE_AS]->", q, _arrow(r), q2]
                if z != q2:
                    path += ["<-[SAME_PLACE_AS]-", z]
                sources = list(r.get("sources") or [wikidata_source(q), wikidata_source(q2)])
                ties.append(
                    {
                        "category": "civic",
                        "path": path,
                        "description": f"reference twin: Wikidata P190 links {reader.name(q)} "
                        f"and {reader.name(q2)} (to be confirmed in the register)",
                        "sources": sources,
                        "via": q,
                    }
                )
    return ties


def reference_twins(reader: Any, node_id: str) -> list[dict[str, Any]]:
    """The reference twins of a record's place: qid, name, aliases, country, lat, lon, the
    register records matched to the twin, and the sources."""
    out = []
    seen = set()
    for q in reference_places(reader, node_id):
        for r in _twin_rels(reader, q):
            q2 = r["other_id"]
            if q2 in seen:
                continue
            seen.add(q2)
            node = reader.node(q2) or {}
            doubtful = str(node.get("location_match") or "").startswith("ambiguous")
            out.append(
                {
                    "qid": q2,
                    "name": node.get("name") or q2,
                    "aliases": list(node.get("aliases") or []),
                    "country": node.get("country"),
                    "location": None
                    if doubtful or node.get("lat") is None
                    else (node["lat"], node["lon"]),
                    "register": [
                        m["other_id"]
                        for m in reader.rels(q2)
                        if m["type"] == "SAME_PLACE_AS" and m["direction"] == "in"
                    ],
                    "place": q,
                    "sources": list(r.get("sources") or [wikidata_source(q2)]),
                }
            )
    return out


def network_twins(reader: Any, node_id: str, network: Any, partners: Iterable[str] = ()) -> list:
    """The twins of a record's place in ``network`` (a :class:`.dataset.ReferenceNetwork`) when
    the store does not hold the reference, in :func:`reference_twins`'s shape: the record and
    ``partners`` (register records) matched as :func:`.matching.match_register` matches them, so
    a twin that is one of the partners names it in ``register``."""
    from .matching import match_record

    home = match_record(reader, node_id, network)
    if home is None:
        return []
    matched: dict[str, list[str]] = {}
    for p in partners:
        q = match_record(reader, p, network)
        if q:
            matched.setdefault(q, []).append(p)
    out = []
    for q2, link in sorted(network.twins(home).items()):
        place = network.places[q2]
        out.append(
            {
                "qid": q2,
                "name": place.display_name,
                "aliases": place.names[1:],
                "country": place.country,
                "location": (place.lat, place.lon)
                if place.located and not place.location_uncertain
                else None,
                "register": matched.get(q2, []),
                "place": home,
                "sources": [wikidata_source(c) for c in link.claimers()],
            }
        )
    return out


def _reference_index(reader: Any) -> dict[tuple[str, str | None], list[str]]:
    """(match key, country) -> reference places, read once per reader."""
    cached = getattr(reader, "_twin_index", None)
    if cached is not None:
        return cached
    index: dict[tuple[str, str | None], list[str]] = {}
    store = getattr(reader, "store", None)
    for n in store.iter_nodes() if store is not None else ():
        if n.get("label") == REFERENCE_LABEL:
            for key in n.get("match_keys") or ():
                index.setdefault((key, n.get("country")), []).append(n["id"])
    reader._twin_index = index
    return index


def twin_closeness_words(reader: Any, home_id: str | None, cards: list[Any]) -> dict[str, str]:
    """For each ranked candidate that shares twins with the home, its Adamic–Adar closeness in
    the reference twin network and the twins that make it close; {} without the reference."""
    import math

    from graphmodel.build.names import normalise_name

    home_qs = reference_places(reader, home_id) if home_id else []
    if not home_qs:
        return {}
    home_twins = {r["other_id"] for q in home_qs for r in _twin_rels(reader, q)}
    index = _reference_index(reader)
    out = {}
    for card in cards:
        found = index.get((normalise_name(card.candidate_name), card.country), [])
        if len(found) != 1 or found[0] in home_qs or found[0] in home_twins:
            continue
        common = sorted(home_twins & {r["other_id"] for r in _twin_rels(reader, found[0])})
        if not common:
            continue
        degree = {z: len(_twin_rels(reader, z)) for z in common}
        score = sum(1 / math.log(d) for d in degree.values() if d > 1)
        names = ", ".join(reader.name(z) for z in common)
        out[card.candidate_id] = f"{score:.2f}: both twinned with {names} (Wikidata P190)"
    return out
