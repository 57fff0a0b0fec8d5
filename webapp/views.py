"""What the explorer's pages show, as plain functions over a :class:`GraphView`.

Callbacks in :mod:`webapp.app` only call these, so each is unit-tested without a browser.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphmodel.geo import Location, haversine_km, locate
from graphmodel.names import NameIndex
from graphmodel.queries.portfolio import in_nodes, internal_orgs, out_nodes
from graphmodel.stores.base import GraphStore

__all__ = [
    "GraphView",
    "Filters",
    "network_elements",
    "node_details",
    "search_options",
    "shortest_path_ids",
    "rows_to_csv",
    "map_points",
    "activity_matrix",
    "cost_rows",
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
    "Country": ("octagon", "#c7c7c7"),
    "CostBenefit": ("tag", "#e377c2"),
    "CostBenefitTable": ("tag", "#e377c2"),
    "Strategy": ("rhomboid", "#393b79"),
    "Conflict": ("concave-hexagon", "#ff0000"),
    "Document": ("barrel", "#aec7e8"),
    "Group": ("round-octagon", "#555555"),
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


class GraphView:
    """A read snapshot of a store, indexed for the explorer's access patterns."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        g = nx.MultiDiGraph()
        for row in self.store.iter_nodes():
            g.add_node(row["id"], **row)
        for row in self.store.iter_edges():
            g.add_edges_from(
                [(row["source"], row["target"], f"{row['type']}|{row.get('key') or ''}", row)]
            )
        self.g = g
        self.index = NameIndex(
            (n, d.get("label"), [d.get("name") or n, *(d.get("aliases") or [])])
            for n, d in g.nodes(data=True)
        )
        self._locations: dict[str, Location | None] = {}

    # -- small accessors -------------------------------------------------------------------
    def label(self, n: str) -> str:
        return self.g.nodes[n].get("label", "")

    def name(self, n: str) -> str:
        return self.g.nodes[n].get("name") or n

    def out(self, n: str, etype: str) -> list[str]:
        return out_nodes(self.g, n, etype)

    def inn(self, n: str, etype: str) -> list[str]:
        return in_nodes(self.g, n, etype)

    def neighbours(self, n: str) -> set[str]:
        return set(self.g.succ[n]) | set(self.g.pred[n])

    def home_councils(self) -> list[str]:
        return sorted(
            (
                n
                for n, d in self.g.nodes(data=True)
                if d.get("label") == "Organisation" and d.get("home")
            ),
            key=self.name,
        )

    def values(self, label: str, prop: str) -> list[str]:
        return sorted(
            {
                str(d[prop])
                for _, d in self.g.nodes(data=True)
                if d.get("label") == label and d.get(prop)
            }
        )

    def nodes_of(self, label: str) -> list[str]:
        return sorted(
            (n for n, d in self.g.nodes(data=True) if d.get("label") == label), key=self.name
        )

    def location(self, n: str) -> Location | None:
        if n not in self._locations:
            d = self.g.nodes[n]
            places = self.out(n, "LOCATED_IN")
            loc = None
            for p in places:
                pd = self.g.nodes[p]
                if pd.get("lat") is not None:
                    loc = locate(
                        pd.get("name"),
                        pd.get("country"),
                        pd.get("type"),
                        pd.get("lat"),
                        pd.get("lon"),
                        pd.get("sources"),
                    )
                    break
            if loc is None:
                country = d.get("country") or next(
                    (
                        self.g.nodes[p].get("country")
                        for p in places
                        if self.g.nodes[p].get("country")
                    ),
                    None,
                )
                loc = locate(
                    d.get("name") or n,
                    country,
                    d.get("type"),
                    d.get("lat"),
                    d.get("lon"),
                    d.get("sources"),
                    [self.name(p) for p in places] + list(d.get("aliases") or []),
                )
            self._locations[n] = loc
        return self._locations[n]


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


def _year(value: Any) -> int | None:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return None


def matching_partnerships(view: GraphView, f: Filters) -> list[str]:
    """Partnership ids that pass the filters."""
    out = []
    councils = [f.council] if f.council else view.home_councils()
    for c in councils:
        for p in view.out(c, "HAS_PARTNERSHIP"):
            d = view.g.nodes[p]
            if f.spheres and d.get("sphere") not in f.spheres:
                continue
            if f.tiers and d.get("tier") not in f.tiers:
                continue
            if not f.tiers and d.get("tier") == "domestic":
                continue  # domestic partnerships show only when the tier filter asks for them
            if f.themes and not set(f.themes) & set(view.out(p, "ADDRESSES")):
                continue
            agreements = view.out(p, "UNDERPINNED_BY")
            if f.agreement_types and not {view.g.nodes[a].get("type") for a in agreements} & set(
                f.agreement_types
            ):
                continue
            if f.programmes:
                progs = {fp for pr in view.out(p, "INCLUDES") for fp in view.out(pr, "FUNDED_BY")}
                if not progs & set(f.programmes):
                    continue
            if f.years:
                years = [
                    y
                    for y in [_year(d.get("since"))]
                    + [_year(view.g.nodes[a].get("signed")) for a in agreements]
                    if y
                ]
                if years and not any(f.years[0] <= y <= f.years[1] for y in years):
                    continue
            out.append(p)
    return out


def _node_element(view: GraphView, n: str, classes: str = "") -> dict:
    d = view.g.nodes[n]
    label = d.get("label", "")
    return {
        "data": {"id": n, "label": view.name(n), "kind": label, "tier": d.get("tier", "")},
        "classes": f"{label} {classes}".strip(),
    }


def _edge_element(view: GraphView, u: str, v: str, etype: str, tier: str = "") -> dict:
    return {
        "data": {"id": f"{u}|{etype}|{v}", "source": u, "target": v, "type": etype, "tier": tier},
        "classes": f"{etype} {('tier-' + tier) if tier else ''}".strip(),
    }


def _elements_for(view: GraphView, nodes: set[str], highlight: set[str] = frozenset()) -> list:
    elements = [
        _node_element(view, n, "highlight" if n in highlight else "") for n in sorted(nodes)
    ]
    seen = set()
    for u in sorted(nodes):
        for _, v, t in view.g.out_edges(u, data="type"):
            if v in nodes and (u, t, v) not in seen:
                seen.add((u, t, v))
                tier = (
                    view.g.nodes[u].get("tier", "")
                    if view.label(u) == "Partnership"
                    else (view.g.nodes[v].get("tier", "") if view.label(v) == "Partnership" else "")
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
    """
    kinds = set(f.kinds or DEFAULT_KINDS)
    if focus and focus in view.g:
        dist = {focus: 0}
        todo = deque([focus])
        while todo:
            n = todo.popleft()
            if dist[n] >= hops:
                continue
            for m in sorted(view.neighbours(n)):
                if m not in dist and (view.label(m) in kinds or m in (path or [])):
                    dist[m] = dist[n] + 1
                    todo.append(m)
        nodes = set(dist)
        what = f"{view.name(focus)} and everything within {hops} hop{'s' if hops > 1 else ''}"
    else:
        partnerships = matching_partnerships(view, f)
        nodes = set()
        for p in partnerships:
            nodes.add(p)
            nodes |= {m for m in view.neighbours(p) if view.label(m) in kinds}
        if "Partnership" not in kinds:
            # show councils linked straight to partners instead of the partnership nodes
            nodes -= set(partnerships)
        what = f"{len(partnerships)} partnership{'s' if len(partnerships) != 1 else ''}"
    if path:
        nodes |= set(path)
    elements = _elements_for(view, nodes, set(path or []))
    if "Partnership" not in kinds and not focus:
        elements += _direct_links(view, f, nodes)
    if len(elements) > budget:
        return _aggregate(view, nodes, budget), (
            f"{what}: {len(elements)} elements is more than this view's budget of {budget}, so "
            "partners are grouped by country; focus on a node or narrow the filters to see them"
        )
    return elements, f"Showing {what}: {len(nodes)} nodes."


def _direct_links(view: GraphView, f: Filters, nodes: set[str]) -> list[dict]:
    out = []
    for p in matching_partnerships(view, f):
        home = next(iter(view.inn(p, "HAS_PARTNERSHIP")), None)
        partner = next(iter(view.out(p, "WITH_PARTNER")), None)
        if home in nodes and partner in nodes:
            out.append(
                _edge_element(view, home, partner, "PARTNER", view.g.nodes[p].get("tier", ""))
            )
    return out


def _aggregate(view: GraphView, nodes: set[str], budget: int) -> list[dict]:
    groups: dict[str, list[str]] = {}
    keep = set()
    for n in nodes:
        d = view.g.nodes[n]
        if d.get("label") == "Organisation" and not d.get("home"):
            groups.setdefault(d.get("country") or "unknown", []).append(n)
        elif d.get("label") in ("Organisation", "Theme", "FundingProgramme"):
            keep.add(n)
    elements = [_node_element(view, n) for n in sorted(keep)][: budget // 2]
    for country, members in sorted(groups.items()):
        gid = f"group-{country}"
        elements.append(
            {
                "data": {
                    "id": gid,
                    "label": f"{country}: {len(members)} partners",
                    "kind": "Group",
                },
                "classes": "Group",
            }
        )
        for h in view.home_councils():
            if h in keep:
                elements.append(_edge_element(view, h, gid, "PARTNERS_IN"))
    return elements[:budget]


def node_details(view: GraphView, n: str) -> dict[str, Any]:
    """Everything the details panel shows about a node, provenance included."""
    d = dict(view.g.nodes[n])
    props = {k: v for k, v in d.items() if k not in ("id", "label", "name", "sources", "aliases")}
    rels = []
    for direction, edges in (
        ("out", view.g.out_edges(n, data=True)),
        ("in", view.g.in_edges(n, data=True)),
    ):
        for u, v, ed in edges:
            other = v if direction == "out" else u
            extra = {
                k: val
                for k, val in ed.items()
                if k not in ("source", "target", "type", "key", "sources")
            }
            rels.append(
                {
                    "type": ed.get("type"),
                    "direction": direction,
                    "other": other,
                    "other_name": view.name(other),
                    "other_kind": view.label(other),
                    "props": extra,
                    "sources": ed.get("sources") or [],
                }
            )
    rels.sort(key=lambda r: (r["type"], r["direction"], r["other_name"]))
    out = {
        "id": n,
        "name": view.name(n),
        "kind": d.get("label"),
        "aliases": d.get("aliases") or [],
        "props": props,
        "sources": d.get("sources") or [],
        "relationships": rels,
    }
    if d.get("label") == "Agreement":
        out["signatories"] = [
            f"{r['other_name']}"
            + (f", {r['props'].get('role')}" if r["props"].get("role") else "")
            + (
                f", for {view.name(r['props']['on_behalf_of'])}"
                if r["props"].get("on_behalf_of") in view.g
                else ""
            )
            for r in rels
            if r["type"] == "SIGNED"
        ]
        out["parties"] = [r["other_name"] for r in rels if r["type"] == "PARTY_TO"]
    return out


def search_options(
    view: GraphView, text: str | None, limit: int = 12, keep: str | None = None
) -> list[dict[str, str]]:
    """Autocomplete over names and aliases: options for a dropdown."""
    ids = view.index.search(text, limit) if text else []
    if keep and keep in view.g and keep not in ids:
        ids = [keep, *ids]
    return [{"label": f"{view.name(i)} ({view.label(i)})", "value": i} for i in ids]


#: up to this many nodes, every name is sent to the browser once and the dropdown filters as
#: the user types (no round trip per keystroke, which dropped typed characters); above it,
#: the server searches (see ``search_options``).
CLIENT_SEARCH_LIMIT = 5000


def all_search_options(view: GraphView) -> list[dict[str, str]]:
    """Every node as a dropdown option whose ``search`` text holds its name, aliases and id."""
    if view.g.number_of_nodes() > CLIENT_SEARCH_LIMIT:
        return []
    opts = []
    for n, d in view.g.nodes(data=True):
        if d.get("label") in ("CostBenefit", "Conflict", "Document"):
            continue
        opts.append(
            {
                "label": f"{view.name(n)} ({d.get('label')})",
                "value": n,
                "search": " ".join([view.name(n), *(d.get("aliases") or []), n]),
            }
        )
    opts.sort(key=lambda o: o["label"].casefold())
    return opts


def shortest_path_ids(view: GraphView, a: str, b: str) -> list[str]:
    """One shortest path between two nodes, direction ignored; [] if none."""
    if a not in view.g or b not in view.g:
        return []
    prev = {a: None}
    todo = deque([a])
    while todo:
        n = todo.popleft()
        if n == b:
            break
        for m in sorted(view.neighbours(n)):
            if m not in prev:
                prev[m] = n
                todo.append(m)
    if b not in prev:
        return []
    path, n = [], b
    while n is not None:
        path.append(n)
        n = prev[n]
    return path[::-1]


def rows_to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    columns = columns or (list(rows[0]) if rows else [])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(
            [
                "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else ("" if v is None else v)
                for v in (r.get(c) for c in columns)
            ]
        )
    return buf.getvalue()


def element_rows(view: GraphView, elements: list[dict]) -> list[dict[str, Any]]:
    """The rows behind a network view, for its CSV export."""
    rows = []
    for el in elements:
        d = el["data"]
        if "source" in d:
            continue
        n = d["id"]
        if n in view.g:
            nd = view.g.nodes[n]
            rows.append(
                {
                    "id": n,
                    "kind": nd.get("label"),
                    "name": view.name(n),
                    "sources": nd.get("sources") or [],
                }
            )
        else:
            rows.append({"id": n, "kind": d.get("kind"), "name": d.get("label"), "sources": []})
    return rows


def map_points(view: GraphView, council: str | None) -> tuple[list[dict], list[dict]]:
    """Partners of the council(s) with where they are and how we know, and the home councils."""
    councils = [council] if council else view.home_councils()
    homes, partners = [], []
    for c in councils:
        loc = view.location(c)
        if loc:
            homes.append(
                {
                    "id": c,
                    "name": view.name(c),
                    "lat": loc.lat,
                    "lon": loc.lon,
                    "how": loc.how,
                    "source": loc.source,
                    "approximate": loc.approximate,
                }
            )
        for p in view.out(c, "HAS_PARTNERSHIP"):
            pd = view.g.nodes[p]
            for partner in view.out(p, "WITH_PARTNER"):
                ploc = view.location(partner)
                row = {
                    "id": partner,
                    "name": view.name(partner),
                    "partnership": p,
                    "council": c,
                    "tier": pd.get("tier"),
                    "sphere": pd.get("sphere"),
                    "status": pd.get("status"),
                    "located": ploc is not None,
                }
                if ploc:
                    row.update(
                        lat=ploc.lat,
                        lon=ploc.lon,
                        how=ploc.how,
                        source=ploc.source,
                        approximate=ploc.approximate,
                    )
                    if loc:
                        row["distance_km"] = round(
                            haversine_km(loc.lat, loc.lon, ploc.lat, ploc.lon)
                        )
                partners.append(row)
    return homes, partners


def activity_matrix(view: GraphView, council: str | None) -> tuple[list[str], list[str], list]:
    """Units × partners: how many links (owned partnerships, projects run together) each pair
    has. Returns (unit names, partner names, counts[unit][partner], cell evidence)."""
    councils = [council] if council else view.home_councils()
    counts: Counter = Counter()
    evidence: dict[tuple[str, str], list[str]] = {}
    for c in councils:
        units = internal_orgs(view.g, c)
        for u in units:
            for p in view.out(u, "OWNS"):
                for partner in view.out(p, "WITH_PARTNER"):
                    counts[(u, partner)] += 1
                    evidence.setdefault((u, partner), []).append(f"owns {view.name(p)}")
            for pr in sorted(set(view.out(u, "LEADS")) | set(view.out(u, "PARTNER_IN"))):
                for partner in sorted(set(view.inn(pr, "PARTNER_IN")) | set(view.inn(pr, "LEADS"))):
                    if partner != u and partner not in units and partner != c:
                        counts[(u, partner)] += 1
                        evidence.setdefault((u, partner), []).append(f"project {view.name(pr)}")
    units = sorted({u for u, _ in counts}, key=view.name)
    partners = sorted({p for _, p in counts}, key=view.name)
    z = [[counts.get((u, p), 0) for p in partners] for u in units]
    return units, partners, z, evidence


def cost_rows(view: GraphView) -> list[dict[str, Any]]:
    """Every costs/benefits row with its subject, figures as printed and sources."""
    rows = []
    for n in view.nodes_of("CostBenefit"):
        d = view.g.nodes[n]
        subject = next(iter(view.out(n, "CONCERNS")), None)
        table = next(iter(view.out(n, "IN_TABLE")), None)
        directorate = next(iter(view.out(n, "BORNE_BY")), None)
        rows.append(
            {
                "id": n,
                "subject": view.name(subject) if subject else "",
                "subject_id": subject,
                "directorate": view.name(directorate) if directorate else "",
                "table": view.name(table) if table else "",
                "period": d.get("period"),
                "cost_gbp_m": _gbp_m(d, "cost"),
                "cost_as_printed": d.get("cost_text"),
                "benefit_gbp_m": _gbp_m(d, "benefit"),
                "benefit_as_printed": d.get("benefit_text"),
                "time_limited": bool(d.get("time_limited")),
                "sources": d.get("sources") or [],
            }
        )
    return rows


def _gbp_m(d: dict, prefix: str) -> float | None:
    value, unit = d.get(f"{prefix}_value"), d.get(f"{prefix}_unit")
    if value is None or unit not in ("GBP", "GBP-m"):
        return None
    return value / 1e6 if unit == "GBP" else value
