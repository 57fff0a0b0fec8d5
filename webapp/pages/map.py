"""Map: where each home council's partners are, for seeing the spread of the portfolio.

Lines run from a home council to each partner, coloured by tier or by distance; open markers
are partners placed approximately (hover says how each was placed); partners with no known
place are listed under the map.
"""

from __future__ import annotations

from typing import Any

import dash
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update

from .. import views as V
from ..card import readable
from ..components import council_dropdown, register_council_chooser
from ..context import PageContext
from ..state import merge_state

PATH = "/map"
TITLE = "Map"

__all__ = ["PATH", "TITLE", "layout", "register_callbacks", "map_fig", "map_note"]


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
                                ],
                                value="tier",
                                inline=True,
                            ),
                        ]
                    ),
                ],
                className="controls-inline",
            ),
            dcc.Graph(
                id="map",
                style={"height": "560px"},
                # the base map is served from webapp/assets/topojson, not plotly's CDN
                config={"displaylogo": False, "topojsonURL": "/assets/topojson/"},
            ),
            html.P(id="map-note", className="note"),
        ]
    )


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    view = ctx_.view
    register_council_chooser(app, "m-council", view)

    @app.callback(
        Output("map", "figure"),
        Output("map-note", "children"),
        Output("state", "data", allow_duplicate=True),
        Input("m-council", "data"),
        Input("m-colour", "value"),
        State("state", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def map_figure(council, colour_by, state):
        ask = V.choose_a_council(view, council)
        if ask:  # thousands of councils' partners would be a line trace each
            return map_fig([], [], colour_by), ask, merge_state(state, council=council)
        homes, partners = V.map_points(view, council)
        for p in homes + partners:  # the hover names the paper by title and date
            p["source"] = readable(view, [p["source"]]) if p.get("source") else p.get("source")
        return (
            map_fig(homes, partners, colour_by),
            map_note(partners),
            merge_state(state, council=council),
        )

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


def map_fig(homes: list[dict], partners: list[dict], colour_by: str) -> go.Figure:
    """The map: a line per partnership, a marker per partner, a star per home council."""
    fig = go.Figure()
    located = [p for p in partners if p.get("located")]
    home_by_id = {h["id"]: h for h in homes}
    for p in located:
        h = home_by_id.get(p["council"])
        if h:
            colour = V.TIER_STYLE.get(p.get("tier") or "", ("#888", "solid"))[0]
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
    tiers = sorted({p.get("tier") or "" for p in located})
    for tier in tiers:
        pts = [p for p in located if (p.get("tier") or "") == tier]
        colour = V.TIER_STYLE.get(tier, ("#888", "solid"))[0]
        marker: dict[str, Any] = {
            "size": 10,
            "color": colour,
            "symbol": ["circle-open" if p["approximate"] else "circle" for p in pts],
            "line": {"width": 2, "color": colour},
        }
        if colour_by == "distance":
            marker.update(
                color=[p.get("distance_km", 0) for p in pts],
                colorscale="Viridis",
                showscale=tier == tiers[0],
                colorbar={"title": "km"},
            )
        fig.add_trace(
            go.Scattergeo(
                lat=[p["lat"] for p in pts],
                lon=[p["lon"] for p in pts],
                mode="markers",
                name=tier or "no tier",
                marker=marker,
                customdata=[
                    [p["id"], p.get("distance_km", ""), p["how"], p["source"]] for p in pts
                ],
                text=[p["name"] for p in pts],
                hovertemplate="<b>%{text}</b><br>%{customdata[1]} km from home<br>placed by "
                "%{customdata[2]}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scattergeo(
            lat=[h["lat"] for h in homes],
            lon=[h["lon"] for h in homes],
            mode="markers+text",
            text=[h["name"] for h in homes],
            textposition="top center",
            name="home council",
            customdata=[[h["id"], "", h["how"], h["source"]] for h in homes],
            marker={"size": 14, "symbol": "star", "color": "#000"},
        )
    )
    fig.update_geos(
        projection_type="natural earth",
        showcountries=True,
        countrycolor="#ccc",
        showland=True,
        landcolor="#f4f4f0",
    )
    fig.update_layout(margin={"l": 0, "r": 0, "t": 10, "b": 0}, legend={"orientation": "h"})
    return fig


def map_note(partners: list[dict]) -> str:
    """What the map leaves out or places approximately, in words under it."""
    approx = [p["name"] for p in partners if p.get("located") and p.get("approximate")]
    missing = [p["name"] for p in partners if not p.get("located")]
    note = (
        f"{len(partners)} partner links. Open markers are approximate (a region shown at a "
        "city of that name or its country's capital; hover for how each was placed)."
    )
    if missing:
        note += f" Not on the map (no location known): {', '.join(sorted(set(missing)))}."
    if approx:
        note += f" Approximate: {', '.join(sorted(set(approx)))}."
    return note
