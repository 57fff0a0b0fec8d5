"""Style by property on the Network page (Kumu's "decorate", Bloom's rule-based style): size
nodes by a number (annual cost, the year begun, links, centrality) and colour them by a number
or a category (tier, sphere, country, community), with a key that says what sizes and colours
mean.

A node without the property is drawn as missing, never as a value: the smallest size with a
dashed outline, or white with grey hatching, and the key names it. The choices are in the
address (``size_by``, ``colour_by``), so in a saved view, and an exported picture's legend
carries the key (:func:`style_key`).

Each property is one :class:`NodeProperty` in :data:`PROPERTIES`: adding one touches only that
table. Its values are read once per snapshot.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphmodel.analytics.centrality import betweenness, method_text
from graphmodel.analytics.communities import communities, community_name
from graphmodel.analytics.projection import projection_of_graph
from graphmodel.queries.costs import to_unit

from .graphview import GraphView
from .network import TIER_STYLE

__all__ = [
    "MAX_SIZE",
    "MIN_SIZE",
    "OTHER",
    "PALETTE",
    "PROPERTIES",
    "STYLE_CSS",
    "URL_CHECKS",
    "NodeProperty",
    "colour_choices",
    "size_choices",
    "style_key",
    "styled",
    "unstyled",
]

#: categories' colours, the most common first (Tableau 10); the rest share grey
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#2f4b7c",
)
OTHER = "#c7c7c7"
#: a number's colour, low to high (viridis in five steps: told apart in grey print too)
RAMP = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
MIN_SIZE, MAX_SIZE = 14, 64
#: how many nodes without a value the key names (the rest are counted)
NAMED_UNKNOWN = 8

#: grey hatching on white: a node whose colour property is missing
HATCH = (
    "data:image/svg+xml;utf8,"
    "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'>"
    "<rect width='8' height='8' fill='white'/>"
    "<path d='M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4' stroke='%23777' stroke-width='1.5'/></svg>"
)
STYLE_CSS: list[dict[str, Any]] = [
    {"selector": "node.sized", "style": {"width": "data(msize)", "height": "data(msize)"}},
    {
        "selector": "node.coloured",
        "style": {"background-color": "data(mcolour)", "border-width": 0},
    },
    {
        "selector": "node.size-unknown",
        "style": {
            "width": MIN_SIZE,
            "height": MIN_SIZE,
            "border-width": 2,
            "border-style": "dashed",
            "border-color": "#555555",
        },
    },
    {
        "selector": "node.colour-unknown",
        "style": {
            "background-color": "#ffffff",
            "background-image": HATCH,
            "background-fit": "none",
            "background-repeat": "repeat",
            "border-width": 2,
            "border-style": "dashed",
            "border-color": "#555555",
        },
    },
]

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
_TIERS = tuple(TIER_STYLE)


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
            rank = _TIERS.index(r.tier) if r.tier in _TIERS else len(_TIERS)
            if known is None or rank < (
                _TIERS.index(known[0]) if known[0] in _TIERS else len(_TIERS)
            ):
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


def _method(view: GraphView) -> str:
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


# -- applying a style ------------------------------------------------------------------------


def _records(view: GraphView, elements: list[dict]) -> list[str]:
    """The drawn nodes that are register records (a group of partners is the page's own)."""
    return [
        el["data"]["id"]
        for el in elements
        if "source" not in el["data"] and el["data"].get("id") in view.data
    ]


def _size(prop: NodeProperty, v: float, lo: float, hi: float) -> int:
    if prop.scale == "linear":
        share = (v - lo) / (hi - lo) if hi > lo else 1.0
    else:
        share = math.sqrt(max(v, 0) / hi) if hi > 0 else 0.0
    return round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * share)


def _categories(prop: NodeProperty, known: dict[str, tuple[Any, str]]) -> list[tuple[Any, str]]:
    """The categories drawn, in the key's order: tiers closest first, communities by number,
    others the most common first."""
    counted = Counter(known.values())
    if prop.key == "tier":
        return sorted(counted, key=lambda c: _TIERS.index(c[0]) if c[0] in _TIERS else 99)
    if prop.key == "community":
        return sorted(counted, key=lambda c: c[0])
    return sorted(counted, key=lambda c: (-counted[c], c[1]))


def _colours(prop: NodeProperty, cats: list[tuple[Any, str]]) -> dict[Any, str]:
    if prop.key == "tier":
        return {c: TIER_STYLE.get(c, (OTHER,))[0] for c, _ in cats}
    if prop.key == "community":  # a community keeps its colour whatever is drawn
        return {c: PALETTE[c - 1] if c <= len(PALETTE) else OTHER for c, _ in cats}
    return {c: PALETTE[i] if i < len(PALETTE) else OTHER for i, (c, _) in enumerate(cats)}


def _bin(v: float, lo: float, hi: float) -> int:
    return min(len(RAMP) - 1, int((v - lo) / (hi - lo) * len(RAMP))) if hi > lo else 0


def styled(
    view: GraphView, elements: list[dict], size_by: str | None, colour_by: str | None
) -> list[dict]:
    """``elements`` with nodes sized by ``size_by`` and coloured by ``colour_by`` (new dicts;
    the page's group nodes are left as they are). A node without the property is marked
    ``size-unknown`` / ``colour-unknown``; its hover names the value or says it is missing
    (``sfact``). A style drawn before is taken off first (:func:`unstyled`)."""
    elements = unstyled(elements)
    size = PROPERTIES.get(size_by or "")
    colour = PROPERTIES.get(colour_by or "")
    size = size if size and size.numeric else None
    if not (size or colour) or not elements:
        return elements
    nodes = set(_records(view, elements))
    plan: list[tuple[NodeProperty, str]] = [
        (p, role) for p, role in ((size, "size"), (colour, "colour")) if p
    ]
    known = {role: {n: p.values(view)[n] for n in nodes if n in p.values(view)} for p, role in plan}
    size_range = colour_range = (0.0, 0.0)
    if size and known["size"]:
        vs = [v for v, _ in known["size"].values()]
        size_range = (min(vs), max(vs))
    if colour and colour.numeric and known["colour"]:
        vs = [v for v, _ in known["colour"].values()]
        colour_range = (min(vs), max(vs))
    colour_of = (
        _colours(colour, _categories(colour, known["colour"]))
        if colour and not colour.numeric
        else {}
    )
    out = []
    for el in elements:
        n = el["data"].get("id")
        if "source" in el["data"] or n not in nodes:
            out.append(el)
            continue
        data, classes, facts = dict(el["data"]), el.get("classes", ""), []
        if size:
            hit = known["size"].get(n)
            if hit is None:
                classes += " size-unknown"
                facts.append(f"{size.words.split(',')[0]}: {size.missing}")
            else:
                data["msize"] = _size(size, hit[0], *size_range)
                data[f"by_{size.key}"] = hit[0]
                classes += " sized"
                facts.append(hit[1])
        if colour:
            hit = known["colour"].get(n)
            if hit is None:
                classes += " colour-unknown"
                facts.append(f"{colour.words.split(',')[0]}: {colour.missing}")
            else:
                data[f"by_{colour.key}"] = hit[0]
                data["mcolour"] = (
                    RAMP[_bin(hit[0], *colour_range)] if colour.numeric else colour_of[hit[0]]
                )
                classes += " coloured"
                if hit[1] not in facts:
                    facts.append(hit[1])
        data["sfact"] = "; ".join(facts)
        out.append({**el, "data": data, "classes": classes.strip()})
    return out


#: what :func:`styled` adds to a node
_STYLE_CLASSES = ("sized", "coloured", "size-unknown", "colour-unknown")
_STYLE_DATA = ("msize", "mcolour", "sfact", *(f"by_{k}" for k in PROPERTIES))


def unstyled(elements: list[dict]) -> list[dict]:
    """``elements`` without any style by property (new dicts where one was drawn)."""
    out = []
    for el in elements:
        classes = el.get("classes", "")
        if "source" in el["data"] or not any(
            k in el["data"] for k in ("msize", "mcolour", "sfact")
        ):
            out.append(el)
            continue
        data = {k: v for k, v in el["data"].items() if k not in _STYLE_DATA}
        kept = " ".join(c for c in classes.split() if c not in _STYLE_CLASSES)
        out.append({**el, "data": data, "classes": kept})
    return out


def _unknown_words(view: GraphView, missing: list[str], prop: NodeProperty, drawn_as: str) -> str:
    names = sorted(view.name(n) for n in missing)
    listed = ", ".join(names[:NAMED_UNKNOWN])
    more = f" and {len(names) - NAMED_UNKNOWN} more" if len(names) > NAMED_UNKNOWN else ""
    return f"{len(names)} {prop.missing}, {drawn_as}: {listed}{more}"


def style_key(
    view: GraphView, elements: list[dict], size_by: str | None, colour_by: str | None
) -> dict[str, Any]:
    """What the sizes and colours of ``elements`` (as :func:`styled` drew them) mean:
    ``{"size": sentence, "colour": sentence, "swatches": [{"label", "colour"}], "unknown":
    sentence}``, each present only when it applies. The page draws it as its key and the
    exports under the picture."""
    size = PROPERTIES.get(size_by or "")
    colour = PROPERTIES.get(colour_by or "")
    nodes = [
        el
        for el in elements or []
        if "source" not in el["data"] and el["data"].get("id") in view.data
    ]
    key: dict[str, Any] = {}
    if size and size.numeric:
        vs = [
            el["data"][f"by_{size.key}"]
            for el in nodes
            if f"by_{size.key}" in el["data"] and "sized" in el.get("classes", "")
        ]
        missing = [el["data"]["id"] for el in nodes if "size-unknown" in el.get("classes", "")]
        words = size.words + (f" ({_method(view)})" if size.key == "betweenness" else "")
        span = f", {size.show(min(vs))} – {size.show(max(vs))}" if vs else ", none drawn has one"
        key["size"] = f"Node size: {words}{span}; larger is more."
        if missing:
            key["size_unknown"] = _unknown_words(
                view, missing, size, "drawn smallest with a dashed outline"
            )
    if colour:
        known = [el for el in nodes if "coloured" in el.get("classes", "")]
        missing = [el["data"]["id"] for el in nodes if "colour-unknown" in el.get("classes", "")]
        swatches: list[dict[str, str]] = []
        if colour.numeric:
            vs = [el["data"][f"by_{colour.key}"] for el in known]
            if vs:
                lo, hi = min(vs), max(vs)
                step = (hi - lo) / len(RAMP)
                used = sorted({_bin(v, lo, hi) for v in vs})
                for i in used:
                    a, b = lo + i * step, lo + (i + 1) * step if i < len(RAMP) - 1 else hi
                    swatches.append(
                        {"label": f"{colour.show(a)} – {colour.show(b)}", "colour": RAMP[i]}
                    )
        else:
            values = {el["data"]["id"]: colour.values(view)[el["data"]["id"]] for el in known}
            cats = _categories(colour, values)
            colours = _colours(colour, cats)
            counts = Counter(values.values())
            grey = 0
            for c in cats:
                if colours[c[0]] == OTHER:
                    grey += counts[c]
                else:
                    swatches.append(
                        {"label": f"{c[1]}: {counts[c]} drawn", "colour": colours[c[0]]}
                    )
            if grey:
                swatches.append({"label": f"others: {grey} drawn", "colour": OTHER})
        shape = " (shape still shows the kind)"
        key["colour"] = f"Colour: {colour.words}{shape}" + (
            "" if swatches else ": none drawn has one"
        )
        key["swatches"] = swatches
        if missing:
            key["colour_unknown"] = _unknown_words(
                view, missing, colour, "white with grey hatching and a dashed outline"
            )
    return key
