"""A starter register for a council, written from the reference twin network.

``starter_register`` returns the YAML text of one file: a document standing for the reference,
the council and its place, and for every reference twin a place, the body that governs it and a
twinning partnership, each citing "Wikidata P190" with the item, and each partnership's
description saying it is to be confirmed against the council's own papers.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from graphmodel.build.names import normalise_name
from graphmodel.errors import PartnerGraphError

from .dataset import ReferenceNetwork, ReferencePlace
from .matching import _COUNCIL_WORDS

__all__ = ["find_home_place", "starter_register", "REFERENCE_DOC", "AmbiguousPlace"]

#: the ``file`` of the document that stands for the reference in a starter register
REFERENCE_DOC = "wikidata-p190"
_CONTINENT_SPHERE = {"EU": "europe", "NA": "west", "SA": "west", "AS": "east", "OC": "east"}


class AmbiguousPlace(PartnerGraphError):
    pass


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise_name(text)).strip("-") or "place"


def find_home_place(
    network: ReferenceNetwork, council: str, country: str | None = None, place: str | None = None
) -> tuple[ReferencePlace, str]:
    """The reference place of a council named ``council``, and how it was chosen.

    ``place`` (a Q id or a name) and ``country`` (two letters) settle an ambiguous name; when
    they do not and one place is far better linked than the others, that one is taken and the
    reason says so.
    """
    if place and place in network.places:
        return network.places[place], f"{place} as given"
    found, wanted = [], place or council
    for wanted in [place] if place else _name_variants(council):
        found = network.named(wanted)
        if found:
            break
    if country:
        found = [p for p in found if p.country == country.upper()]
    if not found:
        where = f" in {country.upper()}" if country else ""
        raise AmbiguousPlace(
            f"no reference place is called {wanted!r}{where}; give --place with the Wikidata id "
            "(Q…) or the place's name as Wikidata labels it"
        )
    found.sort(key=lambda p: (-len(network.twins(p.qid)), int(p.qid[1:])))
    if len(found) == 1:
        return found[0], f"the only reference place called {wanted!r}"
    first, second = (len(network.twins(p.qid)) for p in found[:2])
    if first >= 3 * max(second, 1):
        others = ", ".join(f"{p.qid} ({p.country or '?'})" for p in found[1:])
        return found[0], (
            f"the best-linked of {len(found)} places called {wanted!r} "
            f"({first} twins); the others: {others}; --country or --place chooses another"
        )
    listed = ", ".join(
        f"{p.qid} {p.name} ({p.country or 'no country'}, {len(network.twins(p.qid))} twins)"
        for p in found
    )
    raise AmbiguousPlace(
        f"{len(found)} reference places are called {wanted!r}: {listed}; "
        "choose one with --country or --place Q…"
    )


_SUFFIXES = (
    " council",
    " city council",
    " county council",
    " borough council",
    " district council",
    " metropolitan borough council",
    " municipal government",
    " municipality",
)
_PREFIXES = ("city of ", "municipality of ", "town of ", "ville de ", "stadt ", "comune di ")


def _name_variants(council: str) -> list[str]:
    """The council's name, then without the words that make it a council: "Kansas City
    Council" is looked up as "kansas city" before "kansas"."""
    key = normalise_name(council)
    variants = [key]
    for suffix in _SUFFIXES:
        if key.endswith(suffix):
            variants.append(key[: -len(suffix)])
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            variants.append(key[len(prefix) :])
    variants.append(" ".join(_COUNCIL_WORDS.sub(" ", key).split()))
    return [v for v in dict.fromkeys(variants) if v]


def _place_record(p: ReferencePlace, pid: str) -> dict:
    rec: dict = {"id": pid, "name": p.display_name, "type": "city"}
    if len(p.names) > 1:
        rec["aliases"] = p.names[1:]
    if p.country:
        rec["country"] = p.country
    if p.located:
        rec["lat"], rec["lon"] = round(p.lat, 4), round(p.lon, 4)
    rec["wikidata"] = p.qid
    rec["sources"] = [_source(p.qid)]
    if p.located_by:
        rec["notes"] = f"Coordinates and country: {p.located_by} ({p.match})."
    return rec


def _source(qid: str, quote: str | None = None) -> dict:
    src = {"doc": REFERENCE_DOC, "section": f"item {qid}"}
    if quote:
        src["quote"] = quote
    return src


def _sphere(home: ReferencePlace, twin: ReferencePlace, continents: dict[str, str]) -> str:
    if twin.country and twin.country == home.country:
        return "domestic"
    return _CONTINENT_SPHERE.get(continents.get(twin.country or "", ""), "other")


def starter_register(
    network: ReferenceNetwork,
    council: str,
    home: ReferencePlace,
    continents: dict[str, str],
    today: dt.date | None = None,
) -> str:
    """The YAML text of a starter register for ``council`` at ``home``: the council and its
    place, then for each twin (by name) its place, municipality and partnership."""
    today = today or dt.date.today()
    council_id = _slug(council)
    home_id = _slug(home.display_name)
    if home_id == council_id:
        home_id += "-place"
    unique = _UniqueIds({council_id, home_id})
    places = [_place_record(home, home_id)]
    organisations = [_council_record(council, council_id, home, home_id)]
    partnerships = []
    twins = sorted(
        network.twins(home.qid).items(),
        key=lambda kv: (network.places[kv[0]].display_name, kv[0]),
    )
    for q, link in twins:
        t = network.places[q]
        pid = unique(_slug(t.display_name), q)
        oid = unique(f"{pid}-municipality", q)
        places.append(_place_record(t, pid))
        organisations.append(_municipality_record(t, q, oid, pid))
        sphere = _sphere(home, t, continents)
        partnerships.append(
            _twinning_record(
                home, t, link, unique(f"{council_id}-{pid}", q), council_id, oid, sphere
            )
        )
    body = {
        "documents": [_REFERENCE_DOCUMENT],
        "organisations": organisations,
        "places": places,
        "partnerships": partnerships,
    }
    header = (
        f"# Starter register for {council}, written by 'partnergraph init' on {today.isoformat()}\n"
        f"# from partnergraph's reference twin network (Wikidata P190, CC0; see\n"
        f"# data/reference/README.md for its sources and dates). {home.display_name} is {home.qid}.\n"
        "# Every twinning below is to be confirmed: check it against the council's papers,\n"
        "# add those papers under 'documents', cite them, and set each status.\n\n"
    )
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)


class _UniqueIds:
    """Record ids not yet used: ``base``, else ``base-<qid>``."""

    def __init__(self, used: set[str]):
        self.used = used

    def __call__(self, base: str, qid: str) -> str:
        sid = base if base not in self.used else f"{base}-{qid.lower()}"
        self.used.add(sid)
        return sid


#: the document standing for the reference twin network, which every record cites
_REFERENCE_DOCUMENT = {
    "id": "wikidata-p190-reference",
    "file": REFERENCE_DOC,
    "name": "Wikidata P190 'twinned administrative body' (CC0), as bundled in "
    "partnergraph's reference twin network",
    "kind": "reference dataset",
    "sources": [{"doc": REFERENCE_DOC, "section": "data/reference/README.md"}],
}


def _council_record(council: str, council_id: str, home: ReferencePlace, home_id: str) -> dict:
    return {
        "id": council_id,
        "name": council,
        "type": "council",
        "home": True,
        **({"country": home.country} if home.country else {}),
        "place": home_id,
        "sources": [_source(home.qid)],
        "notes": "Written by 'partnergraph init' from the reference twin network; "
        "add the council's own papers under documents and cite them.",
    }


def _municipality_record(t: ReferencePlace, qid: str, oid: str, pid: str) -> dict:
    return {
        "id": oid,
        "name": f"Municipality of {t.display_name}",
        "type": "municipality",
        **({"country": t.country} if t.country else {}),
        "place": pid,
        "sources": [_source(qid)],
    }


def _twinning_record(
    home: ReferencePlace, t: ReferencePlace, link, sid: str, council_id: str, oid: str, sphere: str
) -> dict:
    """A twinning partnership to be confirmed, citing the items that record it."""
    claimers = link.claimers()
    claimed = (
        "both items record it" if len(claimers) == 2 else f"recorded on item {claimers[0]} only"
    )
    return {
        "id": sid,
        "name": f"{home.display_name} – {t.display_name}",
        "home": council_id,
        "partner": oid,
        "tier": "twinning",
        "sphere": sphere,
        "status": "unknown",
        **({"domestic": True} if t.country and t.country == home.country else {}),
        "description": f"To be confirmed: Wikidata P190 links {home.display_name} and {t.display_name} "
        f"({claimed}). Check it against the council's own papers, then set the status.",
        "sources": [_source(c) for c in claimers],
    }
