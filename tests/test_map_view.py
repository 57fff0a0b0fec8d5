"""The Map page's figure and note, built from the bundled register without a browser."""

from __future__ import annotations

import pytest

from graphmodel.stores import EmbeddedStore
from webapp import views as V
from webapp.pages.map import KM_TICKS, km_colour, map_bounds, map_fig, map_note


@pytest.fixture(scope="module")
def view(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return V.GraphView(store)


@pytest.fixture(scope="module")
def kent(view):
    return V.map_points(view, "kent-county-council")


def by_name(partners, name):
    return next(p for p in partners if p["name"] == name)


def test_domestic_bodies_are_marked_so_the_map_can_leave_them_out(kent):
    _, partners = kent
    assert by_name(partners, "Kent Police")["domestic"]
    assert by_name(partners, "NHS")["domestic"]
    assert not by_name(partners, "Province of Zeeland")["domestic"]
    assert not by_name(partners, "RMIT University")["domestic"]


def test_distance_is_one_scale_in_km_for_every_tier(kent):
    homes, partners = kent
    fig = map_fig(homes, partners, "distance")
    markers = [t for t in fig.data if t.mode == "markers" and t.name != "home council"]
    assert len(markers) > 2  # a trace per tier...
    assert {t.marker.coloraxis for t in markers} == {"coloraxis"}  # ...on one colour scale
    axis = fig.layout.coloraxis
    assert axis.cmin == 0 and axis.cmax == pytest.approx(km_colour(20_000))
    assert list(axis.colorbar.ticktext) == [f"{km:,} km" for km in KM_TICKS]
    assert "km" in axis.colorbar.title.text
    # Canberra (RMIT) is far, Rotterdam near: colours from the same scale, far above near
    colour = {
        name: c
        for t in markers
        for name, c in zip(t.text, t.marker.color, strict=True)
        if isinstance(name, str)
    }
    rmit = next(c for n, c in colour.items() if "RMIT University" in n)
    rotterdam = next(c for n, c in colour.items() if "City of Rotterdam" in n)
    assert rmit == pytest.approx(km_colour(by_name(partners, "RMIT University")["distance_km"]))
    assert rmit > 4 > rotterdam > 2  # over 10,000 km; between 100 and 10,000 km
    # coloured by tier, there is no colour scale at all
    assert "coloraxis" not in map_fig(homes, partners, "tier").layout.to_plotly_json()


def test_names_show_on_hover_not_as_labels_that_overlap(kent):
    homes, partners = kent
    fig = map_fig(homes, partners, "tier")
    assert {t.mode for t in fig.data} <= {"lines", "markers"}
    home = next(t for t in fig.data if t.name == "home council")
    assert "Kent County Council" in home.text[0] and "%{text}" in home.hovertemplate


def test_the_view_fits_the_partners_shown():
    europe = [
        {"lat": 51.27, "lon": 0.52},  # Maidstone
        {"lat": 51.92, "lon": 4.48},  # Rotterdam
        {"lat": 48.72, "lon": 21.26},  # Košice
        {"lat": 55.6, "lon": 13.0},  # Malmö
    ]
    (lon0, lon1), (lat0, lat1) = map_bounds(europe)
    assert -10 < lon0 < 0.52 and 21.26 < lon1 < 30
    assert 40 < lat0 < 48.72 and 55.6 < lat1 < 62
    assert map_bounds([]) == ((-180.0, 180.0), (-60.0, 85.0))  # nothing to fit: the world
    one = map_bounds(europe[:1])  # a single place is not zoomed in to a point
    assert one[0][1] - one[0][0] >= 12 and one[1][1] - one[1][0] >= 12


def test_the_fit_holds_the_line_to_a_partner_not_only_its_ends(view):
    homes, partners = V.map_points(view, "leicester-city-council")
    geo = map_fig(homes, partners, "tier").layout.geo
    # Leicester (52.6 N) to Chongqing (29.6 N): the line over the globe rises above 60 N
    assert geo.lataxis.range[1] > 62 and geo.lataxis.range[0] > -60
    assert geo.lonaxis.range[0] < -86  # Masaya, Nicaragua


def test_the_note_says_what_is_missing_and_what_is_left_out(kent):
    _, partners = kent
    text = str(map_note(partners, domestic_hidden=0))
    assert "Missing from the map, no location known (1): Microsoft." in text
    assert "46 partner links; 45 on the map" in text
    international = [p for p in partners if not p["domestic"]]
    text = str(map_note(international, domestic_hidden=len(partners) - len(international)))
    assert "28 links with domestic bodies are not shown" in text and "Microsoft" not in text
