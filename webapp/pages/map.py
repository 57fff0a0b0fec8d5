"""Map: where each home council's partners are, for seeing the spread of the portfolio.

Lines run from a home council to each partner, coloured by tier or by distance (one scale in
km for every tier); the view fits the places shown. Names show on hover; open markers are
partners placed approximately (hover says how each was placed); partners with no known place
are listed under the map as missing. Domestic bodies only when asked for.
"""

from __future__ import annotations

import math
from typing import Any

import dash
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update

from .. import views as V
from ..a11y import chart_alternative, chart_figure, data_table, open_button
from ..components import CHART_CONFIG, council_dropdown, register_council_chooser
from ..context import PageContext
from ..state import merge_state

PATH = "/map"
TITLE = "Map"

__all__ = [
    "PATH",
    "TITLE",
    "layout",
    "register_callbacks",
    "map_fig",
    "map_bounds",
    "map_note",
    "km_colour",
    "great_circle",
    "map_title",
]


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    council_dropdown("m-council", ctx_.view, state),
                    html.Label(
                        [
                            "Colour by",
                            dcc.RadioItems(
                                id="m-colour",
                                options=[
                                    {"label": "tier", "value": "tier"},
                                    {"label": "distance", "value": "distance"},
                                    # webapp/twin_map.py: the reference network, not the register
                                    {"label": "twin network (reference)", "value": "twins"},
                                ],
                                value="tier",
                                inline=True,
                            ),
                        ]
                    ),
                    dcc.Checklist(
                        id="m-domestic",
                        options=[{"label": " include domestic bodies", "value": "yes"}],
                        value=["yes"] if state.get("domestic") == "yes" else [],
                    ),
                ],
                className="controls-inline",
            ),
            # the chart's title, naming the figure too (map_title says what each view draws)
            html.H2("Map of partner links", id="map-title", className="chart-title"),
            chart_figure(
                dcc.Graph(
                    id="map",
                    # a world map is about twice as wide as tall: at 800 px a fixed 560 px
                    # left a band of blank above and below it, so the height follows the width
                    style={"height": "clamp(380px, 56vw, 560px)"},
                    # the base map is served from webapp/assets/topojson, not plotly's CDN
                    config={**CHART_CONFIG, "topojsonURL": "/assets/topojson/"},
                ),
                "Map of partner links",
                described_by="map-summary",
                labelled_by="map-title",
            ),
            html.Div(id="map-note", className="note", role="status"),
            # its text alternative: every partner link as a table (webapp.a11y)
            html.Div(id="map-alt"),
        ]
    )


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    view = ctx_.view
    register_council_chooser(app, "m-council", view)

    @app.callback(
        Output("map", "figure"),
        Output("map-note", "children"),
        Output("state", "data", allow_duplicate=True),
        Output("map-alt", "children"),
        Input("m-council", "data"),
        Input("m-colour", "value"),
        Input("m-domestic", "value"),
        State("state", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def map_figure(council, colour_by, domestic, state):
        new_state = merge_state(state, council=council, domestic="yes" if domestic else None)
        # built once per snapshot and choice: a plotly figure is slow to build (a trace per
        # partnership, each checked by plotly), and most visits ask for the same few maps
        figure, note, alt = view.remember(
            ("map-figure", council, colour_by, bool(domestic)),
            lambda: _map_parts(view, council, colour_by, domestic),
        )
        return figure, note, new_state, alt

    @app.callback(
        Output("map-title", "children"), Input("m-council", "data"), Input("m-colour", "value")
    )
    def _title(council, colour_by):
        return map_title(view, council, colour_by)

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("map", "clickData"),
        prevent_initial_call=True,
    )
    def map_click(click):
        try:
            return click["points"][0]["customdata"][0]
        except (TypeError, KeyError, IndexError):
            return no_update


def _map_parts(view: V.GraphView, council, colour_by, domestic) -> tuple[dict, Any, Any]:
    """The map's figure (as the plain data Dash sends), its note and its table."""
    ask = V.choose_a_council(view, council)
    if ask:  # thousands of councils' partners would be a line trace each
        return map_fig([], [], colour_by).to_plotly_json(), ask, map_alt([], [])
    if colour_by == "twins":
        from ..twin_map import twin_network_alt, twin_network_figure

        councils = [council] if council else view.home_councils()
        figure, note = twin_network_figure(view.g, councils, great_circle)
        return _plain(figure), note, twin_network_alt(view.g, councils)
    homes, partners = V.map_points(view, council)
    shown = [p for p in partners if domestic or not p["domestic"]]
    hidden = len(partners) - len(shown)
    return (
        map_fig(homes, shown, colour_by).to_plotly_json(),
        map_note(shown, hidden),
        map_alt(homes, shown),
    )


def _plain(figure: Any) -> Any:
    return figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure


def map_title(view, council: str | None, colour_by: str | None) -> str:
    """The map's title for what it draws: whose partner links, or the twin network."""
    name = (view.g.nodes[council].get("name") or council) if council in view.g else None
    if colour_by == "twins":
        return f"Twin network of {name or 'the home councils'} (reference, Wikidata P190)"
    by = " by distance" if colour_by == "distance" else " by tier"
    return ("Partner links" + (f" of {name}" if name else " of every home council")) + by


#: the distance scale, the same for every tier and every council: 1 km to half the earth's
#: circumference, on a log scale so a neighbour, a European partner and one in Australia differ
KM_TICKS = (1, 10, 100, 1_000, 10_000)
KM_MAX = 20_000
#: symbols telling the tiers apart when colour shows distance
TIER_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star-triangle-up")


def map_fig(homes: list[dict], partners: list[dict], colour_by: str) -> go.Figure:
    """The map: a line per partnership, a marker per partner, a star per home council.

    Coloured by tier, or by distance from home on one scale in km for every tier (the tiers
    then told apart by symbol). Names show on hover, so none overlap. The view fits the places
    shown (:func:`map_bounds`)."""
    fig = go.Figure()
    by_distance = colour_by == "distance"
    located = [p for p in partners if p.get("located")]
    home_by_id = {h["id"]: h for h in homes}
    _link_lines(fig, home_by_id, located, by_distance)
    _partner_markers(fig, located, by_distance)
    _home_markers(fig, homes)
    _fit_and_scale(fig, homes, home_by_id, located, by_distance)
    return fig


def _link_lines(fig: go.Figure, home_by_id: dict, located: list[dict], by_distance: bool):
    """A line from each partner to its home council, in its tier's colour (grey by distance)."""
    for p in located:
        h = home_by_id.get(p["council"])
        if h:
            colour = "#bbb" if by_distance else _tier_colour(p)
            fig.add_trace(
                go.Scattergeo(
                    lat=[h["lat"], p["lat"]],
                    lon=[h["lon"], p["lon"]],
                    mode="lines",
                    line={"width": 1.2, "color": colour},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )


def _partner_markers(fig: go.Figure, located: list[dict], by_distance: bool) -> None:
    """One trace of markers per tier; open where the place is approximate."""
    tiers = sorted({p.get("tier") or "" for p in located})
    for k, tier in enumerate(tiers):
        pts = [p for p in located if (p.get("tier") or "") == tier]
        colour = _tier_colour(pts[0])
        marker: dict[str, Any] = {
            "size": 10,
            "color": colour,
            "symbol": ["circle-open" if p["approximate"] else "circle" for p in pts],
            "line": {"width": 2, "color": colour},
        }
        if by_distance:
            symbol = TIER_SYMBOLS[k % len(TIER_SYMBOLS)]
            marker.update(
                color=[km_colour(p.get("distance_km")) for p in pts],
                coloraxis="coloraxis",
                symbol=[symbol + ("-open" if p["approximate"] else "") for p in pts],
                line={"width": 2, "color": "#333"},
            )
        fig.add_trace(
            go.Scattergeo(
                lat=[p["lat"] for p in pts],
                lon=[p["lon"] for p in pts],
                mode="markers",
                name=tier or "no tier",
                marker=marker,
                customdata=[[p["id"]] for p in pts],
                text=[_partner_hover(p) for p in pts],
                hovertemplate="%{text}<extra></extra>",
            )
        )


def _home_markers(fig: go.Figure, homes: list[dict]) -> None:
    """A black star per home council, saying how it was placed."""
    fig.add_trace(
        go.Scattergeo(
            lat=[h["lat"] for h in homes],
            lon=[h["lon"] for h in homes],
            mode="markers",
            name="home council",
            customdata=[[h["id"]] for h in homes],
            text=[f"<b>{h['name']}</b><br>home council, placed by {h['how']}" for h in homes],
            hovertemplate="%{text}<extra></extra>",
            marker={"size": 14, "symbol": "star", "color": "#000"},
        )
    )


def _fit_and_scale(
    fig: go.Figure, homes: list[dict], home_by_id: dict, located: list[dict], by_distance: bool
) -> None:
    """The view fitted to the places and the lines' arcs; by distance, one km scale."""
    arcs = [
        q
        for p in located
        if p["council"] in home_by_id
        for q in great_circle(home_by_id[p["council"]], p)
    ]
    (lon0, lon1), (lat0, lat1) = map_bounds(homes + located + arcs)
    fig.update_geos(
        projection_type="natural earth",
        lonaxis_range=[lon0, lon1],
        lataxis_range=[lat0, lat1],
        showcountries=True,
        countrycolor="#ccc",
        showland=True,
        landcolor="#f4f4f0",
    )
    if by_distance:
        fig.update_layout(
            coloraxis={
                "colorscale": "Viridis",
                "cmin": 0,
                "cmax": km_colour(KM_MAX),
                "colorbar": {
                    "title": {"text": "km from home"},
                    "tickvals": [km_colour(km) for km in KM_TICKS],
                    "ticktext": [f"{km:,} km" for km in KM_TICKS],
                },
            }
        )
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h", "title": {"text": "shape: tier" if by_distance else ""}},
    )


def km_colour(km: float | None) -> float | None:
    """Where ``km`` sits on the distance scale (log10 of km; under 1 km counts as 1 km)."""
    return None if km is None else math.log10(max(float(km), 1.0))


def map_bounds(
    points: list[dict], pad: float = 0.12, least: float = 12.0
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The (longitude, latitude) ranges that show every point with a margin: at least ``least``
    degrees each way, the whole world when there is nothing to show.

    >>> map_bounds([{"lat": 51.3, "lon": 1.1}, {"lat": 52.6, "lon": 4.0}])
    ((-3.45, 8.55), (45.95, 57.95))
    """
    if not points:
        return (-180.0, 180.0), (-60.0, 85.0)
    lons = [p["lon"] for p in points]
    lats = [p["lat"] for p in points]

    def span(lo: float, hi: float, floor: float, ceil: float) -> tuple[float, float]:
        margin = max((hi - lo) * pad, (least - (hi - lo)) / 2, 0.0)
        return round(max(lo - margin, floor), 2), round(min(hi + margin, ceil), 2)

    return span(min(lons), max(lons), -180.0, 180.0), span(min(lats), max(lats), -85.0, 85.0)


def great_circle(a: dict, b: dict, steps: int = 8) -> list[dict]:
    """Points along the shortest line over the globe from ``a`` to ``b`` (as the map draws the
    line between them), so the view can fit the line as well as its ends.

    >>> [round(p["lat"]) for p in great_circle({"lat": 0, "lon": 0}, {"lat": 0, "lon": 90}, 2)]
    [0, 0, 0]
    """
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    v1 = (math.cos(la1) * math.cos(lo1), math.cos(la1) * math.sin(lo1), math.sin(la1))
    v2 = (math.cos(la2) * math.cos(lo2), math.cos(la2) * math.sin(lo2), math.sin(la2))
    angle = math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(v1, v2, strict=True)))))
    if angle < 1e-9:
        return [{"lat": a["lat"], "lon": a["lon"]}]
    out = []
    for k in range(steps + 1):
        t = k / steps
        w1, w2 = math.sin((1 - t) * angle), math.sin(t * angle)
        x, y, z = ((w1 * c1 + w2 * c2) / math.sin(angle) for c1, c2 in zip(v1, v2, strict=True))
        out.append(
            {
                "lat": math.degrees(math.atan2(z, math.hypot(x, y))),
                "lon": math.degrees(math.atan2(y, x)),
            }
        )
    return out


def _tier_colour(p: dict) -> str:
    return V.TIER_STYLE.get(p.get("tier") or "", ("#888", "solid"))[0]


def _partner_hover(p: dict) -> str:
    far = (
        f"{p['distance_km']:,} km from home"
        if p.get("distance_km") is not None
        else "distance unknown (home council not placed)"
    )
    tier = p.get("tier") or "no tier"
    return f"<b>{p['name']}</b><br>{tier}; {far}<br>placed by {p['how']}"


def map_alt(homes: list[dict], partners: list[dict]) -> Any:
    """The map's text alternative: a summary and every partner link in a table (partner, tier,
    distance, how it was placed), each partner's name opening its card."""
    if not partners:  # the figure's description still says what it shows
        return html.P("No partner links to map.", id="map-summary", hidden=True)
    placed = [p for p in partners if p.get("located")]
    known = [p for p in placed if p.get("distance_km") is not None]
    home = ", ".join(h["name"] for h in homes) or "the home council"
    summary = f"{len(partners)} partner links of {home}; {len(placed)} placed on the map"
    if known:
        near = min(known, key=lambda p: p["distance_km"])
        far = max(known, key=lambda p: p["distance_km"])
        summary += (
            f"; the nearest {near['name']} ({near['distance_km']:,} km), the farthest "
            f"{far['name']} ({far['distance_km']:,} km)"
        )
    rows = [
        (
            open_button(p["id"], p["name"]),
            p.get("tier") or "no tier",
            "not known" if p.get("distance_km") is None else f"{p['distance_km']:,}",
            (p.get("how") or "") + (" (approximate)" if p.get("approximate") else "")
            if p.get("located")
            else "not on the map: no location known",
        )
        for p in sorted(partners, key=lambda p: (p.get("distance_km") is None, p["name"]))
    ]
    table = data_table(
        "Partner links on the map",
        ["Partner (opens its card)", "Tier", "Distance from home (km)", "Placed by"],
        rows,
    )
    return chart_alternative("Map", summary + ".", table, summary_id="map-summary")


def map_note(partners: list[dict], domestic_hidden: int = 0) -> list:
    """What the map shows, what it leaves out (no place known; domestic links unless asked)
    and what it places only approximately, in words under it."""
    missing = sorted({p["name"] for p in partners if not p.get("located")})
    approx = sorted({p["name"] for p in partners if p.get("located") and p.get("approximate")})
    shown = sum(1 for p in partners if p.get("located"))
    out: list = [
        html.Span(
            f"{len(partners)} partner links; {shown} on the map. Hover a marker for its name, "
            "or open the table under the map.",
            className="map-count",
        )
    ]
    if domestic_hidden:
        out.append(
            html.Span(
                f" {domestic_hidden} links with domestic bodies are not shown (tick 'include "
                "domestic bodies').",
                className="map-domestic",
            )
        )
    if missing:
        out.append(
            html.Span(
                f" Missing from the map, no location known ({len(missing)}): {', '.join(missing)}.",
                className="map-missing",
            )
        )
    if approx:
        out.append(
            html.Details(
                [
                    html.Summary(
                        f"Open markers are approximate ({len(approx)}): a region shown at a city "
                        "of that name or its country's capital"
                    ),
                    ", ".join(approx) + ".",
                ],
                className="map-approx",
            )
        )
    return out
