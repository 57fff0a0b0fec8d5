"""The properties the Network page can size and colour nodes by (:mod:`webapp.network_style`):
each one a :class:`NodeProperty` in :data:`PROPERTIES`, its values read from the register once
per snapshot. Adding a property touches only this table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphmodel.analytics.centrality import betweenness, method_text
from graphmodel.analytics.communities import communities, community_name
from graphmodel.analytics.projection import projection_of_graph
from graphmodel.queries.costs import to_unit

from .graphview import GraphView
from .network import TIER_STYLE

__all__ = ["PROPERTIES", "TIERS", "URL_CHECKS", "NodeProperty", "colour_choices", "size_choices"]

Values = dict[str, tuple[Any, str]]  # node -> (value, the value in words)


@dataclass(frozen=True)
class NodeProperty:
    """A property nodes can be sized or coloured by."""

    key: str  #: its name in the address
    words: str  #: what the key calls it ("annual cost")
    numeric: bool
    read: Callable[[GraphView], Values]  #: every node's value, where the register has one
    missing: str  #: what a node without a value is ("no cost recorded")
    show: Callable[[float], str] = str  #: a number in words
    scale: str = "sqrt"  #: sizes: "sqrt" from zero (amounts), "linear" over the range (years)

    def values(self, view: GraphView) -> Values:
        return view.cached(("style-values", self.key), lambda: self.read(view))


# -- the properties ------------------------------------------------------------------------


def _money(v: float) -> str:
    return f"£{v:,.0f}"


def _costs(view: GraphView) -> Values:
    """Each subject's annual cost in pounds, from the latest costs/benefits table that states
    it (rows of one period added up); costs in another currency are not converted."""
    by: dict[str, dict[str, float]] = {}
    for row in view.nodes_of("CostBenefit"):
        d = view.data[row]
        pounds = to_unit(d.get("cost_value"), d.get("cost_unit"), "GBP")
        if pounds is None:
            continue
        for subject in view.out(row, "CONCERNS"):
            periods = by.setdefault(subject, {})
            period = str(d.get("period") or "")
            periods[period] = periods.get(period, 0.0) + pounds
    out: Values = {}
    for subject, periods in by.items():
        period = max(periods)
        out[subject] = (
            periods[period],
            f"{_money(periods[period])} a year ({period or 'no period'})",
        )
    return out


#: the date each kind of record starts from
_YEAR_OF = {"Partnership": "since", "Agreement": "signed", "Project": "start", "Event": "date"}


def _years(view: GraphView) -> Values:
    out: Values = {}
    for n, d in view.data.items():
        prop = _YEAR_OF.get(d.get("label") or "")
        raw = str(d.get(prop) or "")[:4] if prop else ""
        if raw.isdigit():
            out[n] = (int(raw), f"{prop} {raw}")
    return out


def _links(view: GraphView) -> Values:
    return {n: (view.links(n), f"{view.links(n)} links") for n in view.data}


def _betweenness(view: GraphView) -> Values:
    p = projection_of_graph(view.g)
    between = betweenness(p)
    return {i: (round(between[v], 6), f"betweenness {between[v]:.3f}") for i, v in p.index.items()}


def _communities(view: GraphView) -> Values:
    p = projection_of_graph(view.g)
    out: Values = {}
    for c in communities(p):
        words = f"{c.number}. {community_name(p, c)} ({c.size} members)"
        for v in c.members:
            out[p.ids[v]] = (c.number, words)
    return out


#: partnership tiers, the closest first
TIERS = tuple(TIER_STYLE)


def _partner_rows(view: GraphView):
    return [r for c in view.home_councils() for r in view.partnership_rows(c)]


def _tiers(view: GraphView) -> Values:
    """A partnership's tier; a partner's, the closest tier of its partnerships."""
    out: Values = {}
    for r in _partner_rows(view):
        if not r.tier:
            continue
        out[r.id] = (r.tier, r.tier)
        if r.partner:
            known = out.get(r.partner)
            rank = TIERS.index(r.tier) if r.tier in TIERS else len(TIERS)
            if known is None or rank < (TIERS.index(known[0]) if known[0] in TIERS else len(TIERS)):
                out[r.partner] = (r.tier, r.tier)
    return out


def _spheres(view: GraphView) -> Values:
    out: Values = {}
    for r in _partner_rows(view):
        if r.sphere:
            out[r.id] = (r.sphere, r.sphere)
            if r.partner:
                out.setdefault(r.partner, (r.sphere, r.sphere))
    return out


def _countries(view: GraphView) -> Values:
    out: Values = {}
    for n, d in view.data.items():
        if d.get("label") == "Country":
            out[n] = (n, view.name(n))
            continue
        linked = view.out(n, "IN_COUNTRY")
        if linked:
            out[n] = (linked[0], view.name(linked[0]))
        elif d.get("country"):
            out[n] = (str(d["country"]), str(d["country"]))
    return out


def method_words(view: GraphView) -> str:
    return method_text(projection_of_graph(view.g))


PROPERTIES: dict[str, NodeProperty] = {
    p.key: p
    for p in (
        NodeProperty(
            "cost",
            "annual cost, from the costs/benefits tables",
            True,
            _costs,
            "no cost recorded",
            _money,
        ),
        NodeProperty(
            "since",
            "year begun, signed or started",
            True,
            _years,
            "no year recorded (or not a dated record)",
            lambda v: str(int(v)),
            "linear",
        ),
        NodeProperty(
            "links",
            "links in the register",
            True,
            _links,
            "not a register record",
            lambda v: f"{v:g}",
        ),
        NodeProperty(
            "betweenness",
            "betweenness centrality in the partnership network",
            True,
            _betweenness,
            "not in the partnership network (places, themes, countries…)",
            lambda v: f"{v:.3f}",
        ),
        NodeProperty("tier", "partnership tier (a partner: its closest)", False, _tiers, "no tier"),
        NodeProperty("sphere", "sphere", False, _spheres, "no sphere"),
        NodeProperty("country", "country", False, _countries, "no country recorded"),
        NodeProperty(
            "community",
            "community",
            False,
            _communities,
            "not in the partnership network (places, themes, countries…)",
        ),
    )
}


def size_choices() -> list[dict[str, str]]:
    return [
        {"label": p.words.split(",")[0], "value": k} for k, p in PROPERTIES.items() if p.numeric
    ]


def colour_choices() -> list[dict[str, str]]:
    return [{"label": p.words.split(",")[0], "value": k} for k, p in PROPERTIES.items()]


URL_CHECKS = {
    "size_by": lambda v: v if v in PROPERTIES and PROPERTIES[v].numeric else None,
    "colour_by": lambda v: v if v in PROPERTIES else None,
}
