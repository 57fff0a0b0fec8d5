"""Style by property on the Network page (Kumu's "decorate", Bloom's rule-based style): size
nodes by a number (annual cost, the year begun, links, centrality) and colour them by a number
or a category (tier, sphere, country, community), with a key that says what sizes and colours
mean.

A node without the property is drawn as missing, never as a value: the smallest size with a
dashed outline, or white with a dashed outline, and the key names it. The choices are in the
address (``size_by``, ``colour_by``), so in a saved view, and an exported picture's legend
carries the key (:func:`style_key`).

Each property is one :class:`NodeProperty` in :data:`webapp.network_properties.PROPERTIES`:
adding one touches only that table. Its values are read once per snapshot.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from .components import RING_STYLE
from .graphview import GraphView
from .network import TIER_STYLE
from .network_properties import (
    PROPERTIES,
    TIERS,
    URL_CHECKS,
    NodeProperty,
    colour_choices,
    method_words,
    size_choices,
)

__all__ = [
    "MAX_SIZE",
    "MIN_SIZE",
    "OTHER",
    "PALETTE",
    "PROPERTIES",
    "SECOND",
    "STABLE",
    "STYLE_CSS",
    "URL_CHECKS",
    "NodeProperty",
    "colour_choices",
    "register_order",
    "size_choices",
    "style_key",
    "STYLE_DATA",
    "is_styled",
    "restyled",
    "styled",
    "unstyled",
]

#: categories' colours, the register's most common first (Tableau 10)
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
#: ten more, told apart from those and from grey: the register's 11th to 20th categories
SECOND = (
    "#a0cbe8",
    "#ffbe7d",
    "#8cd17d",
    "#d4a6c8",
    "#b6992d",
    "#499894",
    "#d37295",
    "#d7b5a6",
    "#bcbd22",
    "#17becf",
)
#: a category's colour for good: the register's 20 most common categories, in order
STABLE = PALETTE + SECOND
OTHER = "#c7c7c7"
#: what the key says of a colour lent to a rarer category for one view
LENT = "colour of this view only"
#: a number's colour, low to high (viridis in five steps: told apart in grey print too)
RAMP = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
MIN_SIZE, MAX_SIZE = 14, 64
#: how many nodes without a value the key names (the rest are counted)
NAMED_UNKNOWN = 8

STYLE_CSS: list[dict[str, Any]] = [
    {"selector": "node[?msize]", "style": {"width": "data(msize)", "height": "data(msize)"}},
    {
        "selector": "node[?mcolour]",
        # no border set here: the selection's ring and the papers' conflict ring stay
        "style": {"background-color": "data(mcolour)"},
    },
    {
        "selector": "node[?size_unknown]",
        "style": {
            "width": MIN_SIZE,
            "height": MIN_SIZE,
            "border-width": 2,
            "border-style": "dashed",
            "border-color": "#555555",
        },
    },
    {
        "selector": "node[?colour_unknown]",
        "style": {
            "background-color": "#ffffff",
            "border-width": 2,
            "border-style": "dashed",
            "border-color": "#555555",
        },
    },
    # drawn after the style, so a styled node still shows it is selected or disputed
    *RING_STYLE,
]

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
        return sorted(counted, key=lambda c: TIERS.index(c[0]) if c[0] in TIERS else 99)
    if prop.key == "community":
        return sorted(counted, key=lambda c: c[0])
    return sorted(counted, key=lambda c: (-counted[c], c[1]))


def register_order(view: GraphView, prop: NodeProperty) -> dict[Any, int]:
    """Each category's rank in the whole register (the most nodes first, then by name): what
    fixes its colour, whatever a view draws. Counted once per snapshot."""

    def count() -> dict[Any, int]:
        counted = Counter(prop.values(view).values())
        ranked = sorted(counted, key=lambda c: (-counted[c], str(c[1]), str(c[0])))
        return {c[0]: i for i, c in enumerate(ranked)}

    return view.cached(("style-order", prop.key), count)


def _colours(
    view: GraphView, prop: NodeProperty, cats: list[tuple[Any, str]]
) -> tuple[dict[Any, str], set[Any]]:
    """Each category's colour, and the categories whose colour is lent for this view only.

    A tier is drawn in its line's colour and a community by its number. Any other category
    (a sphere, a country) keeps one colour in every view and slide of the register: the
    register's 20 most common get :data:`STABLE`'s, in order. A rarer one drawn borrows a
    second-ten colour no category drawn here owns (the key says it is this view's only), so
    a small view of rare countries is not all grey; past those, grey."""
    if prop.key == "tier":
        return {c: TIER_STYLE.get(c, (OTHER,))[0] for c, _ in cats}, set()
    if prop.key == "community":  # a community keeps its colour whatever is drawn
        return {c: PALETTE[c - 1] if c <= len(PALETTE) else OTHER for c, _ in cats}, set()
    rank = register_order(view, prop)
    out = {c: STABLE[rank[c]] for c, _ in cats if rank.get(c, len(STABLE)) < len(STABLE)}
    free = [colour for colour in SECOND if colour not in out.values()]
    rare = sorted((c for c, _ in cats if c not in out), key=lambda c: rank.get(c, len(rank)))
    lent = set(rare[: len(free)])
    out.update(zip(rare, free, strict=False))
    return {**{c: OTHER for c in rare}, **out}, lent


def _bin(v: float, lo: float, hi: float) -> int:
    return min(len(RAMP) - 1, int((v - lo) / (hi - lo) * len(RAMP))) if hi > lo else 0


def styled(
    view: GraphView, elements: list[dict], size_by: str | None, colour_by: str | None
) -> list[dict]:
    """``elements`` with nodes sized by ``size_by`` and coloured by ``colour_by`` (new dicts;
    the page's group nodes are left as they are). A node without the property is marked
    ``size_unknown`` / ``colour_unknown`` in its data; its hover names the value or says it is
    missing
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
        _colours(view, colour, _categories(colour, known["colour"]))[0]
        if colour and not colour.numeric
        else {}
    )
    out = []
    for el in elements:
        n = el["data"].get("id")
        if "source" in el["data"] or n not in nodes:
            out.append(el)
            continue
        data, facts = dict(el["data"]), []
        if size:
            hit = known["size"].get(n)
            if hit is None:
                data["size_unknown"] = True
                facts.append(f"{size.words.split(',')[0]}: {size.missing}")
            else:
                data["msize"] = _size(size, hit[0], *size_range)
                data[f"by_{size.key}"] = hit[0]
                facts.append(hit[1])
        if colour:
            hit = known["colour"].get(n)
            if hit is None:
                data["colour_unknown"] = True
                facts.append(f"{colour.words.split(',')[0]}: {colour.missing}")
            else:
                data[f"by_{colour.key}"] = hit[0]
                data["mcolour"] = (
                    RAMP[_bin(hit[0], *colour_range)] if colour.numeric else colour_of[hit[0]]
                )
                if hit[1] not in facts:
                    facts.append(hit[1])
        data["sfact"] = "; ".join(facts)
        out.append({**el, "data": data})
    return out


#: what :func:`styled` adds to a node's data. The style is in the data, not the classes: the
#: drawing the browser sends back (after a drag, an expansion) carries no classes, and a node's
#: classes (its kind, its conflict ring) must not be replaced to restyle it.
STYLE_DATA = (
    "msize",
    "mcolour",
    "size_unknown",
    "colour_unknown",
    "sfact",
    *(f"by_{k}" for k in PROPERTIES),
)


def is_styled(data: dict[str, Any], flag: str) -> bool:
    """Whether a node's data says it is ``sized``, ``coloured``, ``size_unknown`` or
    ``colour_unknown``."""
    field = {"sized": "msize", "coloured": "mcolour"}.get(flag, flag)
    return bool(data.get(field))


def unstyled(elements: list[dict]) -> list[dict]:
    """``elements`` without any style by property (new dicts where one was drawn). The style's
    fields are set to None, not dropped, so the browser's drawing (which merges data) drops
    them too."""
    out = []
    for el in elements:
        data = el["data"]
        if "source" in data or not any(data.get(k) is not None for k in STYLE_DATA):
            out.append(el)
            continue
        out.append({**el, "data": {**data, **dict.fromkeys(STYLE_DATA)}})
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
            if el["data"].get(f"by_{size.key}") is not None and is_styled(el["data"], "sized")
        ]
        missing = [el["data"]["id"] for el in nodes if is_styled(el["data"], "size_unknown")]
        words = size.words + (f" ({method_words(view)})" if size.key == "betweenness" else "")
        span = f", {size.show(min(vs))} – {size.show(max(vs))}" if vs else ", none drawn has one"
        key["size"] = f"Node size: {words}{span}; larger is more."
        if missing:
            key["size_unknown"] = _unknown_words(
                view, missing, size, "drawn smallest with a dashed outline"
            )
    if colour:
        known = [el for el in nodes if is_styled(el["data"], "coloured")]
        missing = [el["data"]["id"] for el in nodes if is_styled(el["data"], "colour_unknown")]
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
            colours, lent = _colours(view, colour, cats)
            counts = Counter(values.values())
            grey = 0
            for c in cats:
                if colours[c[0]] == OTHER:
                    grey += counts[c]
                else:
                    label = f"{c[1]}: {counts[c]} drawn" + (f" ({LENT})" if c[0] in lent else "")
                    swatches.append({"label": label, "colour": colours[c[0]]})
            if grey:
                swatches.append({"label": f"others: {grey} drawn", "colour": OTHER})
        shape = " (shape still shows the kind)"
        key["colour"] = f"Colour: {colour.words}{shape}" + (
            "" if swatches else ": none drawn has one"
        )
        key["swatches"] = swatches
        if missing:
            key["colour_unknown"] = _unknown_words(
                view, missing, colour, "drawn white with a dashed outline"
            )
    return key


def restyled(
    view: GraphView, elements: list[dict], size_by: str | None, colour_by: str | None
) -> tuple[list[dict], Any, dict[str, Any]]:
    """What is drawn now (grown, trimmed), styled as chosen, with the key the page shows and
    the key for exports: the outputs of every callback that changes the drawing in place."""
    from .legend import style_legend

    elements = styled(view, elements, size_by, colour_by)
    key = style_key(view, elements, size_by, colour_by)
    return elements, style_legend(key), key
