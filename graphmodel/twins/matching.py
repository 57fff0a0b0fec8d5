"""Which reference place a register's place or organisation is.

A record's ``wikidata`` field settles it; otherwise an organisation takes its ``place``'s match,
and anything else is matched by name and aliases, kept to its country and, where the register
gives coordinates, to places within :data:`NEAR_KM`. Every match says how it was made and how sure
it is; a record that matches nothing, or several places equally, is listed with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphmodel.build.graph import PartnerGraph
from graphmodel.build.names import normalise_name
from graphmodel.geo import haversine_km

from .dataset import ReferenceNetwork, ReferencePlace

__all__ = ["Match", "match_record", "match_register", "MATCHED_TYPES", "NEAR_KM"]

#: organisation types that stand for a place (a council, a city, a region's government)
MATCHED_TYPES = {
    "council",
    "city",
    "municipality",
    "region",
    "province",
    "county",
    "state",
}
_AREAS = {"region", "province", "county", "state", "country-part", "area", "district"}
#: a register place with coordinates matches reference places at most this far away
NEAR_KM = 50.0
_COUNCIL_WORDS = re.compile(
    r"\b(the|city|county|borough|district|metropolitan|municipal|regional|town|council|"
    r"government|municipality|of|stadt|ville|de|du|la|le|gemeinde|landkreis|kreis|"
    r"province|provincial|region|state|commonwealth|department|departement)\b"
)


@dataclass(frozen=True)
class Match:
    node: str  # the register record's id
    name: str
    label: str
    qid: str | None  # the reference place, or None when unmatched
    how: str  # "wikidata field", "through its place leicester", "name 'Krefeld' in DE", ...
    confidence: str  # "certain", "high", "medium", or "none"
    candidates: tuple[str, ...] = field(default_factory=tuple)  # Q ids, when ambiguous

    def as_row(self, network: ReferenceNetwork) -> dict:
        place = network.places.get(self.qid or "")
        return {
            "record": self.node,
            "name": self.name,
            "label": self.label,
            "reference": self.qid,
            "reference_name": place.name if place else None,
            "country": place.country if place else None,
            "how": self.how,
            "confidence": self.confidence,
            "candidates": list(self.candidates),
        }


def _name_keys(names: list[str]) -> list[str]:
    keys = []
    for n in names:
        key = normalise_name(n)
        bare = " ".join(_COUNCIL_WORDS.sub(" ", key).split())
        for k in (key, bare):
            if k and k not in keys:
                keys.append(k)
    return keys


def _by_name(node, network: ReferenceNetwork) -> tuple[str | None, str, str, tuple[str, ...]]:
    names = [node.name, *node.aliases]
    found: dict[str, ReferencePlace] = {}
    for key in _name_keys(names):
        for p in network.named(key):
            found[p.qid] = p
    if not found:
        return None, "no reference place of that name", "none", ()
    country = node.props.get("country")
    if country:
        same = {q: p for q, p in found.items() if p.country == country}
        if not same:
            where = ", ".join(sorted({p.country or "?" for p in found.values()}))
            return None, f"that name is in the reference only in {where}", "none", ()
        found = same
    lat, lon = node.props.get("lat"), node.props.get("lon")
    if lat is not None and lon is not None:
        near = {
            q: haversine_km(lat, lon, p.lat, p.lon)
            for q, p in found.items()
            if p.located and haversine_km(lat, lon, p.lat, p.lon) <= NEAR_KM
        }
        if not near:
            return None, f"no place of that name within {NEAR_KM:g} km", "none", ()
        best = min(near, key=lambda q: near[q])
        return best, f"name and place, {near[best]:.0f} km apart", "high", ()
    where = f" in {country}" if country else " (no country to check)"
    sure = "high" if country else "medium"
    if node.props.get("type") in _AREAS:  # the reference holds towns: a region is only near one
        sure = "medium"
    if len(found) > 1:
        ranked = sorted(found, key=lambda q: -len(network.twins(q)))
        first, second = (len(network.twins(q)) for q in ranked[:2])
        if first >= 3 * max(second, 1):
            return ranked[0], f"name{where}, the best-linked of {len(found)}", "medium", ()
        return None, f"{len(found)} reference places share the name", "none", tuple(sorted(found))
    (q,) = found
    return q, f"name{where}", sure, ()


def match_register(graph: PartnerGraph, network: ReferenceNetwork) -> list[Match]:
    """A :class:`Match` for every place and place-like organisation of the register."""
    places_of = {e.src: e.dst for e in graph.edges.values() if e.type == "LOCATED_IN"}
    results: dict[str, Match] = {}

    def match(node) -> Match:
        if node.id in results:
            return results[node.id]
        q = node.props.get("wikidata")
        if q:
            if q in network.places:
                m = Match(node.id, node.name, node.label, q, "wikidata field", "certain")
            else:
                m = Match(
                    node.id, node.name, node.label, None, f"{q} is not in the reference", "none"
                )
            results[node.id] = m
            return m
        place = places_of.get(node.id)
        if node.label == "Organisation" and place in graph.nodes and place != node.id:
            via = match(graph.nodes[place])
            if via.qid:
                m = Match(
                    node.id,
                    node.name,
                    node.label,
                    via.qid,
                    f"through its place {place}",
                    via.confidence,
                )
                results[node.id] = m
                return m
        q, how, confidence, candidates = _by_name(node, network)
        m = Match(node.id, node.name, node.label, q, how, confidence, candidates)
        results[node.id] = m
        return m

    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        if node.label == "Place" or (
            node.label == "Organisation" and node.props.get("type") in MATCHED_TYPES
        ):
            match(node)
    return [results[k] for k in sorted(results)]


@dataclass(frozen=True)
class _Record:
    """A record read through a store (``reader.node``), shaped as :func:`_by_name` reads one."""

    id: str
    name: str
    aliases: list[str]
    props: dict


def match_record(reader, node_id: str, network: ReferenceNetwork) -> str | None:
    """The reference place of one record read from a store that does not hold the reference
    (``reader``: ``node`` and ``out``, as the evaluator's ``GraphReader``), as
    :func:`match_register` matches it: its ``wikidata`` field, else (an organisation) its place's
    match, else its names in its country. None when it matches no place, or several."""
    node = reader.node(node_id) or {}
    q = node.get("wikidata")
    if q:
        return q if q in network.places else None
    if node.get("label") == "Organisation":
        for r in reader.out(node_id, "LOCATED_IN"):
            if r["other_id"] != node_id:
                found = match_record(reader, r["other_id"], network)
                if found:
                    return found
    record = _Record(node_id, node.get("name") or node_id, list(node.get("aliases") or []), node)
    return _by_name(record, network)[0]
