"""The network page's view: which nodes and edges Cytoscape draws, within an element budget.

Views are sized before any element is built: a view that cannot fit the budget goes straight
to its summary (partners grouped by country), and a focus does not expand *hubs*, nodes with
more than :data:`HUB_LINKS` links (a country, a popular theme), beyond showing them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import astuple, dataclass, field
from itertools import chain
from operator import attrgetter

from .graphview import GraphView, PartnershipRow

__all__ = [
    "DEFAULT_KINDS",
    "HUB_LINKS",
    "KIND_STYLE",
    "SHAPE_CSS",
    "TIER_STYLE",
    "Filters",
    "elements_for",
    "matching_partnerships",
    "network_elements",
]

#: shape and colour per node kind, shown in the legend
KIND_STYLE: dict[str, tuple[str, str]] = {
    "Organisation": ("ellipse", "#1f77b4"),
    "Partnership": ("diamond", "#d62728"),
    "Agreement": ("rectangle", "#2ca02c"),
    "Project": ("round-rectangle", "#ff7f0e"),
    "Event": ("star", "#bcbd22"),
    "FundingProgramme": ("hexagon", "#9467bd"),
    "Theme": ("triangle", "#17becf"),
    "Person": ("vee", "#8c564b"),
    "Place": ("pentagon", "#7f7f7f"),
    # the reference twin network (graphmodel.twins): a lighter pentagon, never a register record
    "ReferencePlace": ("pentagon", "#b39ddb"),
    "Country": ("octagon", "#c7c7c7"),
    "CostBenefit": ("tag", "#e377c2"),
    "CostBenefitTable": ("tag", "#e377c2"),
    "Strategy": ("rhomboid", "#393b79"),
    "Conflict": ("concave-hexagon", "#ff0000"),
    "Document": ("barrel", "#aec7e8"),
    "Group": ("round-octagon", "#555555"),
}
#: each node shape drawn small in the legend (CSS: a clip-path, or a corner radius)
SHAPE_CSS: dict[str, dict[str, str]] = {
    "ellipse": {"borderRadius": "50%"},
    "diamond": {"clipPath": "polygon(50% 0, 100% 50%, 50% 100%, 0 50%)"},
    "rectangle": {"borderRadius": "0"},
    "round-rectangle": {"borderRadius": "3px"},
    "star": {
        "clipPath": "polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%, "
        "32% 57%, 2% 35%, 39% 35%)"
    },
    "hexagon": {"clipPath": "polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%)"},
    "triangle": {"clipPath": "polygon(50% 0, 100% 100%, 0 100%)"},
    "vee": {"clipPath": "polygon(0 0, 50% 40%, 100% 0, 50% 100%)"},
    "pentagon": {"clipPath": "polygon(50% 0, 100% 38%, 82% 100%, 18% 100%, 0 38%)"},
    "octagon": {
        "clipPath": "polygon(30% 0, 70% 0, 100% 30%, 100% 70%, 70% 100%, 30% 100%, 0 70%, 0 30%)"
    },
    "tag": {"clipPath": "polygon(0 0, 70% 0, 100% 50%, 70% 100%, 0 100%)"},
    "rhomboid": {"clipPath": "polygon(30% 0, 100% 0, 70% 100%, 0 100%)"},
    "concave-hexagon": {"clipPath": "polygon(0 0, 100% 0, 80% 50%, 100% 100%, 0 100%, 20% 50%)"},
    "barrel": {"borderRadius": "30% / 15%"},
    "round-octagon": {
        "clipPath": "polygon(30% 0, 70% 0, 100% 30%, 100% 70%, 70% 100%, 30% 100%, 0 70%, 0 30%)"
    },
}
#: partnership tiers: edge colour and line style
TIER_STYLE: dict[str, tuple[str, str]] = {
    "strategic": ("#d62728", "solid"),
    "funding-or-projects": ("#ff7f0e", "solid"),
    "exploring": ("#9467bd", "dashed"),
    "twinning": ("#2ca02c", "solid"),
    "network": ("#17becf", "dotted"),
    "informal": ("#7f7f7f", "dotted"),
    "domestic": ("#bbbbbb", "dotted"),
}
DEFAULT_KINDS = (
    "Organisation",
    "Partnership",
    "Agreement",
    "Project",
    "FundingProgramme",
    "Theme",
    "Event",
    "Place",
)
#: a focus shows a node with more links than this but does not expand it: its neighbours alone
#: would overrun any readable view (the bundled registers' busiest node has about 220)
HUB_LINKS = 500
#: a focus stops exploring once it has reached this many times the budget: it is summarised
#: by country anyway
EXPLORE_LIMIT = 20


@dataclass
class Filters:
    council: str | None = None
    spheres: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=lambda: list(DEFAULT_KINDS))
    agreement_types: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None

    def key(self) -> tuple:
        """A hashable form, for caching what the filters select."""
        return tuple(tuple(v) if isinstance(v, list) else v for v in astuple(self))


def _passes(r: PartnershipRow, f: Filters) -> bool:
    if f.spheres and r.sphere not in f.spheres:
        return False
    if f.tiers and r.tier not in f.tiers:
        return False
    if not f.tiers and r.tier == "domestic":
        return False  # domestic partnerships show only when the tier filter asks for them
    if f.themes and r.themes.isdisjoint(f.themes):
        return False
    if f.agreement_types and r.agreement_types.isdisjoint(f.agreement_types):
        return False
    if f.programmes and r.programmes.isdisjoint(f.programmes):
        return False
    if f.years and r.years and not any(f.years[0] <= y <= f.years[1] for y in r.years):
        return False
    return True


def matching_rows(view: GraphView, f: Filters) -> list[PartnershipRow]:
    """The partnerships that pass the filters, with their facts; kept per filters."""

    def compute() -> list[PartnershipRow]:
        councils = [f.council] if f.council else view.home_councils()
        return [r for c in councils for r in view.partnership_rows(c) if _passes(r, f)]

    return view.cached(("matching", f.key()), compute)


def matching_partnerships(view: GraphView, f: Filters) -> list[str]:
    """Partnership ids that pass the filters."""
    return [r.id for r in matching_rows(view, f)]


def _node_element(view: GraphView, n: str, classes: str = "") -> dict:
    d = view.data[n]
    label = d.get("label", "")
    # a subject of a recorded conflict between the papers gets a marker ring
    if any(
        t == "ABOUT" and view.data[u].get("label") == "Conflict"
        for u, _, t in view.g.in_edges(n, data="type")
    ):
        classes = f"{classes} conflict"
    data = {
        "id": n,
        "label": view.name(n),
        "kind": label,
        "tier": d.get("tier", ""),
        "fact": key_fact(view, n),
    }
    if "highlight" in classes.split():
        data["highlight"] = True  # kept when dash-cytoscape writes the elements back classless
    return {"data": data, "classes": f"{label} {classes}".strip()}


def key_fact(view: GraphView, n: str) -> str:
    """One fact a hover tooltip gives beside the name and kind."""
    d = view.data[n]
    label = d.get("label")
    if label == "Partnership":
        bits = [
            f"{d['tier']} tier" if d.get("tier") else "",
            f"since {d['since']}" if d.get("since") else "",
        ]
        return ", ".join(b for b in bits if b) or "tier not recorded"
    if label == "Agreement":
        bits = [
            str(d.get("type") or "agreement"),
            f"signed {d['signed']}" if d.get("signed") else "date not recorded",
        ]
        return ", ".join(bits)
    if label == "Organisation" and d.get("home"):
        return "home council"
    if d.get("country"):
        return f"country: {d['country']}"
    return f"{view.links(n)} links"


def _edge_element(view: GraphView, u: str, v: str, etype: str, tier: str = "") -> dict:
    return {
        "data": {"id": f"{u}|{etype}|{v}", "source": u, "target": v, "type": etype, "tier": tier},
        "classes": f"{etype} {('tier-' + tier) if tier else ''}".strip(),
    }


def elements_for(view: GraphView, nodes: set[str], highlight: set[str] = frozenset()) -> list:
    """Cytoscape elements for ``nodes`` and every relationship between them."""
    elements = [
        _node_element(view, n, "highlight" if n in highlight else "") for n in sorted(nodes)
    ]
    for u in sorted(nodes):
        for t, ends in view.out_by_type(u).items():
            for v in ends:
                if v in nodes:
                    tier = (
                        view.data[u].get("tier", "")
                        if view.label(u) == "Partnership"
                        else (
                            view.data[v].get("tier", "") if view.label(v) == "Partnership" else ""
                        )
                    )
                    elements.append(_edge_element(view, u, v, t, tier))
    return elements


def network_elements(
    view: GraphView,
    f: Filters,
    focus: str | None = None,
    hops: int = 1,
    budget: int = 1500,
    path: list[str] | None = None,
) -> tuple[list[dict], str]:
    """Cytoscape elements for the current view and a sentence saying what is shown.

    With ``focus``, the view is the focus node's neighbourhood within ``hops``; otherwise the
    partnerships that pass the filters with their immediate neighbours. Never more than
    ``budget`` elements: beyond it, partners are grouped by country and the message says so.
    The snapshot does not change, so recent views are remembered: the elements returned are
    shared with later calls and must not be changed in place.
    """
    key = ("network", f.key(), focus, hops, budget, tuple(path or ()))
    elements, message = view.remember(
        key, lambda: _network_elements(view, f, focus, hops, budget, path or [])
    )
    return list(elements), message


def _network_elements(
    view: GraphView, f: Filters, focus: str | None, hops: int, budget: int, path: list[str]
) -> tuple[list[dict], str]:
    kinds = set(f.kinds or DEFAULT_KINDS)
    note = ""
    rows: list[PartnershipRow] = []
    too_many = False
    if focus and focus in view.data:
        dist, hubs = _neighbourhood(view, focus, hops, kinds, set(path), EXPLORE_LIMIT * budget)
        nodes = set(dist)
        what = f"{view.name(focus)} and everything within {hops} hop{'s' if hops > 1 else ''}"
        size = f"{len(nodes):,} nodes"
        if hubs:
            biggest = sorted(hubs, key=lambda h: (-hubs[h], h))
            note = " Not expanded, too many links to show: " + "; ".join(
                f"{view.label(h)}: {view.name(h)} — {hubs[h]:,} links" for h in biggest[:5]
            )
            note += "." if len(hubs) <= 5 else f"; and {len(hubs) - 5} more."
    else:
        rows = matching_rows(view, f)
        what = f"{len(rows)} partnership{'s' if len(rows) != 1 else ''}"
        # every partnership (or, with partnerships hidden, every partner) is a node of its own,
        # so a view with more of them than the budget is summarised without being built
        least = len(rows) if "Partnership" in kinds else len({r.partner for r in rows})
        too_many = least > budget
        nodes = set() if too_many else _partnership_nodes(view, rows, kinds)
        size = f"at least {least:,} nodes" if too_many else f"{len(nodes):,} nodes"
    if path:
        nodes |= set(path)
    fits = not too_many and len(nodes) <= budget
    if fits:
        elements = elements_for(view, nodes, set(path))
        if "Partnership" not in kinds and not focus:
            elements += _direct_links(view, rows, nodes)
        size = f"{len(elements):,} elements"
        fits = len(elements) <= budget
    if not fits:
        if focus and focus in view.data:
            summary, shown = _nearest(view, focus, dist, budget, path)
            return summary, (
                f"{what}: {shown}. {size} is more than this view's budget of {budget}: lower "
                f"the hops or the kinds shown to see the rest.{note}"
            )
        summary, shown = _aggregate_rows(view, rows, kinds, budget, path)
        return summary, (
            f"{what}, partners grouped by country{shown}: {size} is more than this view's "
            f"budget of {budget}. Focus on a node or narrow the filters to see them."
        )
    return elements, f"Showing {what}: {len(nodes)} nodes.{note}"


def _neighbourhood(
    view: GraphView, focus: str, hops: int, kinds: set[str], path: set[str], limit: int
) -> tuple[dict[str, int], dict[str, int]]:
    """Hops from ``focus`` to each node within ``hops`` (in breadth-first order), and the hubs
    left unexpanded with their link counts."""
    dist = {focus: 0}
    hubs: dict[str, int] = {}
    frontier = [focus]
    for hop in range(1, hops + 1):
        nxt = []
        for n in frontier:
            if n != focus and view.links(n) > HUB_LINKS:
                hubs[n] = view.links(n)
                continue
            for m in sorted(view.neighbours(n)):
                if m not in dist and (view.label(m) in kinds or m in path):
                    dist[m] = hop
                    nxt.append(m)
            if len(dist) > limit:
                return dist, hubs
        frontier = nxt
    return dist, hubs


def _partnership_nodes(view: GraphView, rows: list[PartnershipRow], kinds: set[str]) -> set[str]:
    nodes: set[str] = set()
    for r in rows:
        nodes.add(r.id)
        nodes |= {m for m in view.neighbours(r.id) if view.label(m) in kinds}
    if "Partnership" not in kinds:
        # show councils linked straight to partners instead of the partnership nodes
        nodes -= {r.id for r in rows}
    return nodes


def _direct_links(view: GraphView, rows: list[PartnershipRow], nodes: set[str]) -> list[dict]:
    out = []
    for r in rows:
        home = next(iter(view.inn(r.id, "HAS_PARTNERSHIP")), None)
        if home in nodes and r.partner in nodes:
            out.append(_edge_element(view, home, r.partner, "PARTNER", r.tier or ""))
    return out


def _group_element(country: str, count: int) -> dict:
    return {
        "data": {
            "id": f"group-{country}",
            "label": f"{country}: {count} partner{'s' if count != 1 else ''}",
            "kind": "Group",
        },
        "classes": "Group",
    }


def _aggregate_rows(
    view: GraphView, rows: list[PartnershipRow], kinds: set[str], budget: int, path: list[str]
) -> tuple[list[dict], str]:
    """Home councils linked to their partners' countries (and their themes and programmes):
    the councils with the most partnerships first, as many as the budget allows."""
    # counted in bulk (tens of thousands of rows at scale); links only for councils shown
    by_council: dict[str, list[PartnershipRow]] = {}
    for r in rows:
        by_council.setdefault(r.council, []).append(r)
    partners = set(map(attrgetter("partner_country", "partner"), rows))
    partners_in = Counter(c for c, p in partners if p)
    reached: Counter = Counter()
    for kind, facts in (("Theme", "themes"), ("FundingProgramme", "programmes")):
        if kind in kinds:
            reached.update(chain.from_iterable(map(attrgetter(facts), rows)))
    targets = [_group_element(c, k) for c, k in sorted(partners_in.items(), key=_heaviest)]
    targets += [_node_element(view, n) for n, _ in sorted(reached.items(), key=_heaviest)]
    elements = elements_for(view, set(path), set(path)) if path else []
    shown = {e["data"]["id"] for e in elements}
    target_els = [t for t in targets if t["data"]["id"] not in shown][: max(1, budget // 3)]
    elements += target_els
    shown = {e["data"]["id"] for e in elements}
    councils = sorted(by_council, key=lambda c: (-len(by_council[c]), view.name(c)))
    added = 0
    linked: set[str] = set()
    unlinked: set[str] | None = None
    for c in councils:
        ends = {f"group-{r.partner_country}" for r in by_council[c]}
        if "Theme" in kinds:
            ends.update(t for r in by_council[c] for t in r.themes)
        if "FundingProgramme" in kinds:
            ends.update(fp for r in by_council[c] for fp in r.programmes)
        edges = [
            _edge_element(view, c, t, "PARTNERS_IN" if t.startswith("group-") else "WORKS_ON")
            for t in sorted(ends & shown)
        ]
        if len(elements) + 1 + len(edges) > budget:
            if unlinked is not None:
                break
            # full: drop the groups no council shown links to, and go on in the room freed
            unlinked = {t["data"]["id"] for t in target_els} - linked
            elements = [e for e in elements if e["data"]["id"] not in unlinked]
            shown -= unlinked
            edges = [e for e in edges if e["data"]["target"] in shown]
            if len(elements) + 1 + len(edges) > budget:
                break
        if c not in shown:
            elements.append(_node_element(view, c))
        elements += edges
        linked.update(e["data"]["target"] for e in edges)
        added += 1
    return elements[:budget], (
        f", showing the {added} of {len(councils)} councils with the most partnerships"
        if added < len(councils)
        else ""
    )


def _heaviest(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


#: which kinds a focus over budget shows first, nearest hop first
SHOW_FIRST = {
    kind: rank
    for rank, kind in enumerate(
        ("Partnership", "Organisation", "Agreement", "Project", "Theme", "FundingProgramme")
    )
}


def _nearest(
    view: GraphView, focus: str, dist: dict[str, int], budget: int, path: list[str]
) -> tuple[list[dict], str]:
    """The nodes nearest the focus, as many as fit the budget with the relationships between
    them; the rest counted in group nodes linked to the focus: partners by country, other
    nodes by kind."""
    first = [focus, *[n for n in path if n != focus]]
    rest = sorted(
        (n for n in dist if n not in first),
        key=lambda n: (dist[n], SHOW_FIRST.get(view.label(n), len(SHOW_FIRST))),
    )
    left: Counter = Counter()  # group -> nodes it stands for
    for n in rest:
        left[_group_of(view, n)] += 1
    room = budget - min(2 * len(left), budget // 3)  # for the groups and their links
    shown: set[str] = set()
    size = 0
    for i, n in enumerate(first + rest):
        cost = 1 + _links_to(view, n, shown)
        if size + cost > room and i >= len(first):
            break
        shown.add(n)
        size += cost
        if i >= len(first):
            left[_group_of(view, n)] -= 1
    elements = elements_for(view, shown, set(path))
    groups = [(g, k) for g, k in sorted(left.items(), key=_heaviest) if k > 0]
    fit = max(0, (budget - len(elements)) // 2)
    for g, k in groups[:fit]:
        country = g.removeprefix("group-")
        if g.startswith("group-"):
            elements.append(_group_element(country, k))
            elements.append(_edge_element(view, focus, g, "PARTNERS_IN"))
        else:
            label = f"{g.removeprefix('more-')}: {k:,} more"
            elements.append(
                {"data": {"id": g, "label": label, "kind": "Group"}, "classes": "Group"}
            )
            elements.append(_edge_element(view, focus, g, "MORE"))
    counted = sum(k for _, k in groups)
    message = f"the {len(shown):,} nearest nodes"
    if counted:
        message += f", the other {counted:,} counted by country or kind"
    if len(groups) > fit:
        message += f" ({len(groups) - fit} groups left out)"
    return elements[:budget], message


def _group_of(view: GraphView, n: str) -> str:
    d = view.data[n]
    if d.get("label") == "Organisation" and not d.get("home") and d.get("country"):
        return f"group-{d['country']}"
    return f"more-{d.get('label') or 'nodes'}"


def _links_to(view: GraphView, n: str, shown: set[str]) -> int:
    """How many relationships (distinct by type and direction) join ``n`` to ``shown``."""
    count = 0
    for ends in view.out_by_type(n).values():
        count += sum(1 for m in ends if m in shown or m == n)
    for ends in view.in_by_type(n).values():
        count += sum(1 for m in ends if m in shown and m != n)
    return count
