"""The Map's "twin network" view: a home council's twins in the reference network (Wikidata P190),
and their twins, as great-circle arcs.

Reference, not register: the legend and the note say so, every marker's hover names its Wikidata
item, and places the reference holds without coordinates are listed, not drawn. Its text
alternative (:func:`twin_network_alt`) is a one-line summary and a table of every place the
view holds, drawn or not, each name opening its card.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import html

from .a11y import chart_alternative, data_table, open_button

__all__ = ["twin_network", "twin_network_figure", "twin_network_alt", "TITLE"]

#: the chart's title, as the map names it in this view
TITLE = "Twin network (reference, Wikidata P190)"

REFERENCE = "reference (Wikidata P190)"


def _twins(g, q: str) -> list[str]:
    out = [t for _, t, ty in g.out_edges(q, data="type") if ty == "TWINNED_WITH"]
    return out + [s for s, _, ty in g.in_edges(q, data="type") if ty == "TWINNED_WITH"]


def _point(g, q: str, ring: int, via: str | None = None) -> dict[str, Any]:
    d = g.nodes[q]
    return {
        "id": q,
        "name": d.get("name") or q,
        "country": d.get("country"),
        "lat": d.get("lat"),
        "lon": d.get("lon"),
        "ring": ring,
        "via": via,
        "doubtful": str(d.get("location_match") or "").startswith("ambiguous"),
    }


def twin_network(g, councils: list[str]) -> dict[str, Any]:
    """Homes (reference places of the councils), their twins (ring 1) and the twins' twins
    (ring 2), each a point; ``loaded`` says whether the store holds the reference at all."""
    loaded = any(d.get("label") == "ReferencePlace" for _, d in g.nodes(data=True))
    homes, points, seen = [], [], set()
    for c in councils:
        if c not in g:
            continue
        for _, q, ty in g.out_edges(c, data="type"):
            if ty != "SAME_PLACE_AS" or q in seen:
                continue
            seen.add(q)
            homes.append(_point(g, q, 0))
    for h in homes:
        for t in _twins(g, h["id"]):
            if t not in seen:
                seen.add(t)
                points.append(_point(g, t, 1, h["id"]))
    for p in [p for p in points if p["ring"] == 1]:
        for t in _twins(g, p["id"]):
            if t not in seen:
                seen.add(t)
                points.append(_point(g, t, 2, p["id"]))
    return {"loaded": loaded, "homes": homes, "points": points}


def twin_network_figure(g, councils: list[str], great_circle) -> tuple[go.Figure, str]:
    """The figure and the note under it."""
    net = twin_network(g, councils)
    fig = go.Figure()
    if not net["loaded"]:
        return fig, (
            "The reference twin network is not loaded: start the explorer with "
            "PARTNERGRAPH_REFERENCE=1 to see the council's twins from Wikidata P190."
        )
    if not net["homes"]:
        return fig, (
            "This council is not matched to a place in the reference twin network: give it or "
            "its place a 'wikidata: Q…' field (docs/REGISTER.md, 'Start from the reference')."
        )
    by_id = {p["id"]: p for p in net["homes"] + net["points"]}
    located = [p for p in net["points"] if p["lat"] is not None]
    for ring, colour, width, label in (
        (2, "#b0b0b0", 0.6, "their twins"),
        (1, "#1f6fb4", 1.6, "twins"),
    ):
        _ring_traces(fig, by_id, located, ring, colour, width, label, great_circle)
    _home_trace(fig, net["homes"])
    fig.update_geos(
        projection_type="natural earth",
        showcountries=True,
        countrycolor="#ccc",
        showland=True,
        landcolor="#f4f4f0",
    )
    fig.update_layout(margin={"l": 0, "r": 0, "t": 10, "b": 0}, legend={"orientation": "h"})
    return fig, _twin_note(net)


def _ring_traces(fig, by_id, located, ring, colour, width, label, great_circle) -> None:
    """One ring of the network (1: the home's twins; 2: their twins): great-circle lines from
    the place each was reached by, and a marker each (open where placed by name with doubt)."""
    lats, lons = [], []
    for p in located:
        start = by_id.get(p["via"])
        if p["ring"] != ring or start is None or start["lat"] is None:
            continue
        for q in great_circle(start, p, 16):
            lats.append(q["lat"])
            lons.append(q["lon"])
        lats.append(None)
        lons.append(None)
    fig.add_trace(
        go.Scattergeo(
            lat=lats,
            lon=lons,
            mode="lines",
            line={"color": colour, "width": width},
            name=f"{label}: {REFERENCE}",
            hoverinfo="skip",
        )
    )
    ring_points = [p for p in located if p["ring"] == ring]
    fig.add_trace(
        go.Scattergeo(
            lat=[p["lat"] for p in ring_points],
            lon=[p["lon"] for p in ring_points],
            mode="markers",
            marker={
                "size": 8 if ring == 1 else 4,
                "color": colour,
                "symbol": ["circle-open" if p["doubtful"] else "circle" for p in ring_points],
            },
            customdata=[[p["id"]] for p in ring_points],
            text=[
                f"{p['name']} ({p['country'] or 'country unknown'}): twin of "
                f"{by_id[p['via']]['name']}; Wikidata P190, item {p['id']}"
                + (" (placed by name, with doubt)" if p["doubtful"] else "")
                for p in ring_points
            ],
            hoverinfo="text",
            showlegend=False,
        )
    )


def _home_trace(fig, homes_all: list[dict]) -> None:
    """A red star per home place that has coordinates."""
    homes = [h for h in homes_all if h["lat"] is not None]
    fig.add_trace(
        go.Scattergeo(
            lat=[h["lat"] for h in homes],
            lon=[h["lon"] for h in homes],
            mode="markers",
            marker={"size": 14, "symbol": "star", "color": "#d62728"},
            customdata=[[h["id"]] for h in homes],
            text=[f"{h['name']}: Wikidata item {h['id']}" for h in homes],
            hoverinfo="text",
            name="home",
        )
    )


def _twin_note(net: dict) -> str:
    """The note under the map: what is drawn, from where, and what has no coordinates."""
    missing = [p for p in net["points"] if p["lat"] is None]
    rings = sum(1 for p in net["points"] if p["ring"] == 1)
    note = (
        f"Reference, not register records: {', '.join(h['name'] for h in net['homes'])} and "
        f"{rings} twin(s), and {len(net['points']) - rings} twin(s) of those, from Wikidata P190 "
        "(the 2016 extract bundled in data/reference; open markers were placed by name with doubt)."
    )
    if missing:
        note += f" Not drawn, no coordinates: {', '.join(sorted(p['name'] for p in missing))}."
    return note


def twin_network_alt(g, councils: list[str], summary_id: str = "map-summary") -> Any:
    """What the twin network view draws, in words: a one-line summary (which also describes
    the chart, by ``summary_id``) and every home, twin and twin of a twin as a table row
    (its country, whose twin it is, its Wikidata item, whether and how it is drawn)."""
    net = twin_network(g, councils)
    if not net["loaded"] or not net["homes"]:  # the note under the map says why nothing shows
        return html.P(
            "Nothing drawn: no reference twin network for this council.", id=summary_id, hidden=True
        )
    by_id = {p["id"]: p for p in net["homes"] + net["points"]}
    twins = [p for p in net["points"] if p["ring"] == 1]
    further = [p for p in net["points"] if p["ring"] == 2]
    undrawn = [p for p in net["homes"] + net["points"] if p["lat"] is None]
    homes = ", ".join(h["name"] for h in net["homes"])
    summary = (
        f"{homes} and {len(twins)} twin{'s' if len(twins) != 1 else ''} in the reference "
        f"(Wikidata P190), and {len(further)} twin{'s' if len(further) != 1 else ''} of those"
    )
    countries = sorted({p["country"] for p in twins if p["country"]})
    if countries:
        summary += (
            f"; the twins are in {len(countries)} countr{'ies' if len(countries) != 1 else 'y'}"
        )
    summary += f"; {len(undrawn)} not drawn (no coordinates)." if undrawn else "."

    def drawn(p: dict[str, Any]) -> str:
        if p["lat"] is None:
            return "not drawn: no coordinates"
        return "open marker: placed by name, with doubt" if p["doubtful"] else "drawn"

    ring_words = {0: "home", 1: "twin", 2: "twin of a twin"}
    rows = [
        (
            open_button(p["id"], p["name"]),
            p["country"] or "not known",
            ring_words[p["ring"]],
            by_id[p["via"]]["name"] if p["via"] in by_id else "",
            p["id"],
            drawn(p),
        )
        for p in net["homes"] + sorted(net["points"], key=lambda p: (p["ring"], p["name"]))
    ]
    table = data_table(
        "Places in the twin network (reference, Wikidata P190)",
        ["Place (opens its card)", "Country", "Is", "Twin of", "Wikidata item", "On the map"],
        rows,
    )
    return chart_alternative(TITLE, summary, table, summary_id=summary_id)
