"""A year's report of international activity, in the strategy's own structure.

The strategy reports under its headline priorities, by region (Europe, to the West, to the East).
For the year the report holds: what was done (activities recorded, events, agreements signed or
renewed, projects started), reviews done and due, links without an MoU or objectives, costs and
benefits per directorate, and the action plan's progress. Every item cites its sources; what is
not recorded is said to be missing, never filled in.

:func:`year_report` gathers the data from any store; :func:`report_html` (in
``annual_report_html``) writes one HTML page with its style inside it (no other file, nothing
fetched), laid out to print.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from graphmodel.queries import run_query
from graphmodel.queries.health import stated_rules
from graphmodel.queries.helpers import in_nodes, internal_orgs, out_nodes
from graphmodel.views.annual_report_html import report_html
from graphmodel.views.sources import SourceLabels

__all__ = ["year_report", "years_with_work", "report_html", "REGIONS"]

#: spheres in the strategy's order, as its headings name them
REGIONS = {"europe": "Europe", "west": "To the West", "east": "To the East"}
_OTHER_REGION = "Elsewhere or not stated"
_NO_HEADLINE = "Not under a headline priority"


def _in_year(date: Any, year: str) -> bool:
    return isinstance(date, str) and date[:4] == year


def _period_years(period: str | None) -> set[str]:
    """``2006/7`` -> {2006, 2007}; ``2007/08`` -> {2007, 2008}; ``2007`` -> {2007}."""
    if not period:
        return set()
    m = re.match(r"(\d{4})(?:\s*[/-]\s*(\d{1,4}))?", period)
    if not m:
        return set()
    first = m.group(1)
    years = {first}
    if m.group(2):
        tail = m.group(2)
        years.add(first[: 4 - len(tail)] + tail)
    return years


def year_report(store: Any, council: str, year: int | str) -> dict[str, Any]:
    """The year's report as plain data (see the module docstring).

    Built in the report's own steps: the strategy's headline priorities, what the council did in
    the year (:func:`_year_items`) laid out by headline and region (:func:`_sections`), reviews
    done and due, costs and benefits, and the action plan.
    """
    year = str(year)
    council = store.get(council)["id"]
    g = store.read_view()
    labels = SourceLabels.from_store(store)
    strategy = _Headlines(run_query(store, "theme_coverage", council=council))
    partnerships = {p: g.nodes[p] for p in out_nodes(g, council, "HAS_PARTNERSHIP")}
    own = {council, *internal_orgs(g, council)}
    items = _year_items(g, year, own, partnerships, strategy, labels)
    year_end = dt.date(int(year), 12, 31).isoformat()
    # the papers by title and date, as every table people read names them
    health = labels.readable_rows(
        run_query(store, "links_needing_attention", council=council, as_of=year_end)
    )
    return {
        "council": g.nodes[council].get("name"),
        "council_id": council,
        "year": year,
        "as_of": year_end,
        "strategy": _strategy_name(g, council, strategy.ids),
        "headlines": [h["name"] for h in strategy.rows],
        "sections": _sections(strategy.rows, items),
        "counts": {k: sum(1 for i in items if i["kind"] == k) for k in _KINDS},
        "reviews_done": _reviews_done(g, year, partnerships, labels),
        # only the rules one of the council's strategies states are checked (the rest are
        # said to be unchecked, never passed)
        "rules_checked": sorted(stated_rules(store, council)),
        "reviews_due": [r for r in health if r["rule"] in ("review overdue", "no review recorded")],
        "no_mou_or_objectives": [r for r in health if r["rule"] in ("no MoU", "no objectives")],
        "costs": _costs(store, council, year, labels),
        "actions": _actions(g, year, own, labels),
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


_KINDS = ("activity", "event", "agreement", "project")


def _strategy_name(g, council: str, head_ids: set[str]) -> str:
    for s in out_nodes(g, council, "ADOPTS"):
        if head_ids & set(out_nodes(g, s, "PRIORITISES")):
            return g.nodes[s].get("name") or s
    return ""


# -- the strategy's headline priorities ------------------------------------------------------------
class _Headlines:
    """The strategy's headline priorities (from the ``theme_coverage`` rows) and, for any theme,
    the headlines it sits under."""

    def __init__(self, coverage: list[dict[str, Any]]):
        self.parent = {r["theme"]: r["parent"] for r in coverage}
        self.rows = [r for r in coverage if r["priority"] and not r["parent"]]
        self.ids = {r["theme"] for r in self.rows}

    def of(self, themes: list[str]) -> list[str]:
        """The headlines above ``themes``, walking up each theme's parents, sorted."""
        found = []
        for t in themes:
            seen = set()
            while t and t not in seen:
                seen.add(t)
                if t in self.ids:
                    found.append(t)
                    break
                t = self.parent.get(t)
        return sorted(set(found))


# -- what was done in the year, one reader per kind of record --------------------------------------
# Each reader takes a node of its label and returns (date, partnership, partners, themes, what)
# when the node counts for the year and for the council (``own``: it and its internal bodies),
# else None.
def _activity(g, n, d, year, own, partnerships):
    if not _in_year(d.get("start"), year):
        return None
    partners = [d["partner"]] if d.get("partner") else []
    themes = out_nodes(g, n, "ADDRESSES")
    ps = d.get("partnership")
    if ps in partnerships:
        themes += out_nodes(g, ps, "ADDRESSES")
    if not (d.get("unit") in own or ps in partnerships):
        return None
    what = f"{d.get('type')}" + (f"; outcome: {d['outcome']}" if d.get("outcome") else "")
    return d.get("start"), ps, partners, themes, what


def _event(g, n, d, year, own, partnerships):
    if _in_year(d.get("start"), year) and own & set(in_nodes(g, n, "ORGANISES")):
        return d.get("start"), None, [], out_nodes(g, n, "ADDRESSES"), "event"
    return None


def _agreement(g, n, d, year, own, partnerships):
    dates = [d.get("signed"), *(d.get("renewed") or [])]
    hit = next((x for x in dates if _in_year(x, year)), None)
    parties = in_nodes(g, n, "PARTY_TO")
    if not (hit and own & set(parties)):
        return None
    ps = next(iter(in_nodes(g, n, "UNDERPINNED_BY")), None)
    others = [p for p in parties if p not in own]
    what = "signed" if hit == d.get("signed") else "renewed"
    return hit, ps, others, out_nodes(g, n, "COVERS"), f"agreement {what}"


def _project(g, n, d, year, own, partnerships):
    if not _in_year(d.get("start"), year):
        return None
    people = set(in_nodes(g, n, "LEADS")) | set(in_nodes(g, n, "PARTNER_IN"))
    if not own & people:
        return None
    ps = next((p for p in in_nodes(g, n, "INCLUDES") if p in partnerships), None)
    return d.get("start"), ps, sorted(people - own), out_nodes(g, n, "ADDRESSES"), "started"


_READERS = {
    "Activity": ("activity", _activity),
    "Event": ("event", _event),
    "Agreement": ("agreement", _agreement),
    "Project": ("project", _project),
}


#: the fields that date each kind the report counts
_DATED = {
    "Activity": ("start",),
    "Event": ("start",),
    "Agreement": ("signed", "renewed"),
    "Project": ("start",),
}


def years_with_work(store: Any, council: str) -> list[int]:
    """The years whose report counts something for ``council``, oldest first: the years in
    which :func:`year_report`'s counts are not all zero, found in one pass over the graph (each
    dated record asked, for its own years only, whether the report would count it)."""
    council = store.get(council)["id"]
    g = store.read_view()
    partnerships = {p: g.nodes[p] for p in out_nodes(g, council, "HAS_PARTNERSHIP")}
    own = {council, *internal_orgs(g, council)}
    years: set[str] = set()
    for n, d in g.nodes(data=True):
        _, reader = _READERS.get(d.get("label"), (None, None))
        for field in _DATED.get(d.get("label"), ()) if reader else ():
            values = d.get(field)
            for v in values if isinstance(values, list) else [values]:
                y = str(v or "")[:4]
                if y.isdigit() and y not in years and reader(g, n, d, y, own, partnerships):
                    years.add(y)
    return sorted(int(y) for y in years)


def _year_items(g, year, own, partnerships, strategy, labels) -> list[dict[str, Any]]:
    """Every activity, event, agreement and project of the year, in the graph's order."""
    sphere_of_partner = {d.get("partner_org"): d.get("sphere") for d in partnerships.values()}

    def region(partnership: str | None, partners: list[str]) -> str:
        if partnership in partnerships:
            return partnerships[partnership].get("sphere") or ""
        for p in partners:
            if sphere_of_partner.get(p):
                return sphere_of_partner[p]
        return ""

    items: list[dict[str, Any]] = []
    for n, d in g.nodes(data=True):
        kind, reader = _READERS.get(d.get("label"), (None, None))
        found = reader(g, n, d, year, own, partnerships) if reader else None
        if found is None:
            continue
        date, partnership, partners, themes, what = found
        items.append(
            {
                "kind": kind,
                "id": n,
                "name": d.get("name") or n,
                "date": date,
                "what": what,
                "partners": [g.nodes[p].get("name") or p for p in partners if p in g],
                "region": region(partnership, partners),
                "headlines": strategy.of(themes),
                "sources": labels.labels(d.get("sources") or []),
            }
        )
    return items


def _sections(headlines: list[dict[str, Any]], items: list[dict[str, Any]]) -> list[dict]:
    """The items under each headline (then those under none), by region, in date order."""
    sections = []
    for h in [*headlines, {"theme": None, "name": _NO_HEADLINE}]:
        by_region = []
        for key, title in [*REGIONS.items(), ("", _OTHER_REGION)]:
            rows = [
                i
                for i in items
                if (h["theme"] in i["headlines"] if h["theme"] else not i["headlines"])
                and (i["region"] == key if key else i["region"] not in REGIONS)
            ]
            by_region.append({"region": title, "items": sorted(rows, key=lambda i: i["date"])})
        sections.append({"headline": h["name"], "theme": h["theme"], "regions": by_region})
    return sections


# -- reviews, costs, the action plan ---------------------------------------------------------------
def _reviews_done(g, year, partnerships, labels) -> list[dict[str, Any]]:
    """Reviews of the council's partnerships dated in the year, in date order."""
    done = [
        {
            "partnership": d.get("partnership"),
            "partner": (g.nodes[d["partnership"]].get("name") if d.get("partnership") in g else ""),
            "date": d.get("date"),
            "reviewer": d.get("reviewer"),
            "outcome": d.get("outcome"),
            "objectives_met": d.get("objectives_met"),
            "sources": labels.labels(d.get("sources") or []),
        }
        for n, d in g.nodes(data=True)
        if d.get("label") == "Review"
        and _in_year(d.get("date"), year)
        and d.get("partnership") in partnerships
    ]
    return sorted(done, key=lambda r: r["date"])


def _costs(store, council, year, labels) -> list[dict[str, Any]]:
    """The directorates' costs and benefits for a period that covers the year."""
    return [
        {**r, "sources": list(dict.fromkeys(labels.label(x, quote=False) for x in r["sources"]))}
        for r in run_query(store, "directorate_costs", council=council)
        if year in _period_years(r.get("period"))
    ]


def _actions(g, year, own, labels) -> list[dict[str, Any]]:
    """The council's action-plan items due in the year or in the year's plan, by status."""
    actions = [
        {
            "name": d.get("name"),
            "owner": g.nodes[d["owner"]].get("name") if d.get("owner") in g else d.get("owner"),
            "target": d.get("target"),
            "status": d.get("status"),
            "plan": d.get("plan"),
            "sources": labels.labels(d.get("sources") or []),
        }
        for n, d in g.nodes(data=True)
        if d.get("label") == "Action"
        and (d.get("owner") in own)
        and (_in_year(d.get("target"), year) or year in (d.get("plan") or ""))
    ]
    return sorted(actions, key=lambda a: (a["status"] or "", a["target"] or ""))
