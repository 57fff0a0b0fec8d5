"""The Network page's controls, beside the graph (folded above it on a narrow window): search,
filters, style by property, years, focus and hops, explore in place, path, layout, labels,
exports and saved views. Pure functions of the view and the page's settings; the page's
callbacks are in :mod:`webapp.network_callbacks`."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from . import views as V
from .components import (
    DEFAULT_LAYOUT,
    LAYOUTS,
    council_dropdown,
    multi_filter,
    options,
    search_box,
)
from .context import PageContext
from .exports import export_buttons
from .network_expand import add_button, expand_buttons
from .network_labels import labels_switch
from .network_style import colour_choices, size_choices
from .network_time import time_controls
from .saved_views import saved_views_panel
from .views import DEFAULT_KINDS, KIND_STYLE

__all__ = ["controls", "style_controls"]


def style_controls(size_by: str | None, colour_by: str | None) -> html.Div:
    """ "Size by" and "Colour by": a property each (webapp.network_style), or none."""
    return html.Div(
        [
            html.Label(
                [
                    "Size by",
                    dcc.Dropdown(
                        id="f-size-by",
                        options=size_choices(),
                        value=size_by,
                        placeholder="one size (by kind)",
                        searchable=False,
                    ),
                ]
            ),
            html.Label(
                [
                    "Colour by",
                    dcc.Dropdown(
                        id="f-colour-by",
                        options=colour_choices(),
                        value=colour_by,
                        placeholder="kind (as the legend)",
                        searchable=False,
                    ),
                ]
            ),
        ],
        className="style-controls",
        role="group",
        **{"aria-label": "style by property"},
    )


def _end_box(view: V.GraphView, box: str, placeholder: str, node: str | None) -> html.Div:
    """A path's end box, showing the end the address chose."""
    if node and node in view.data:
        return search_box(box, placeholder, value=node, name=view.name(node))
    return search_box(box, placeholder)


def controls(
    ctx_: PageContext,
    state: dict[str, Any],
    path: dict[str, Any],
    hops: int,
    years: list[int],
    year_range: tuple[int, int],
    style: tuple[str | None, str | None],
) -> html.Div:
    """The page's controls, top to bottom: search, filters, style, years, focus, explore in
    place, path, layout, labels, exports and saved views."""
    view = ctx_.view
    return html.Div(
        [
            _search_add(),
            *_filters(view, state),
            style_controls(*style),
            _years(year_range, years),
            time_controls(),
            _focus(hops),
            expand_buttons(),
            _path(view, state, path),
            _layout_choice(state),
            labels_switch(state),
            export_buttons(),
            saved_views_panel(ctx_, state),
        ],
        className="controls",
    )


def _search_add() -> html.Div:
    """The search and what to do with the record found, kept together."""
    return html.Div(
        [
            html.Label(["Search", search_box("search", "Type a name or alias…")]),
            add_button(),
        ],
        className="search-add",
    )


def _filters(view: V.GraphView, state: dict[str, Any]) -> list[Any]:
    """The council chooser and the filters by sphere, tier, theme, agreement, programme, kind."""
    return [
        council_dropdown("f-council", view, state),
        multi_filter(
            "Sphere",
            "f-sphere",
            options(view.values("Partnership", "sphere")),
            state.get("sphere") or [],
        ),
        multi_filter(
            "Tier",
            "f-tier",
            options(view.values("Partnership", "tier")),
            state.get("tier") or [],
        ),
        multi_filter(
            "Theme", "f-theme", options(view.nodes_of("Theme"), view), state.get("theme") or []
        ),
        multi_filter(
            "Agreement type",
            "f-agreement",
            options(view.values("Agreement", "type")),
            state.get("agreement") or [],
        ),
        multi_filter(
            "Funding programme",
            "f-programme",
            options(view.nodes_of("FundingProgramme"), view),
            state.get("programme") or [],
        ),
        multi_filter(
            "Kinds shown",
            "f-kind",
            options(sorted(KIND_STYLE)),
            state.get("kind") or list(DEFAULT_KINDS),
        ),
    ]


def _years(year_range: tuple[int, int], years: list[int]) -> html.Label:
    """The years slider, from the graph's first year to its last."""
    lo, hi = year_range
    return html.Label(
        [
            "Years (since / signed)",
            dcc.RangeSlider(
                id="f-years",
                min=lo,
                max=hi,
                step=1,
                value=years,
                allowCross=False,
                marks={y: str(y) for y in (lo, hi)},
                tooltip={"placement": "bottom", "always_visible": False},
            ),
        ]
    )


def _focus(hops: int) -> html.Div:
    """Hops, "Focus on selected" and "Clear focus"."""
    return html.Div(
        [
            html.Label(
                [
                    "Hops",
                    dcc.Input(
                        id="hops",
                        type="number",
                        min=1,
                        max=4,
                        value=hops,
                        style={"width": "4em"},
                    ),
                ]
            ),
            html.Button("Focus on selected", id="btn-focus", n_clicks=0),
            html.Button("Clear focus", id="btn-clear", n_clicks=0),
        ],
        className="row",
    )


def _path(view: V.GraphView, state: dict[str, Any], path: dict[str, Any]) -> html.Div:
    """The shortest path's two ends, whether it may pass through hubs, and its button."""
    return html.Div(
        [
            html.Label(["Path from", _end_box(view, "path-a", "start…", path.get("from"))]),
            html.Label(["to", _end_box(view, "path-b", "end…", path.get("to"))]),
            dcc.Checklist(
                id="path-hubs",
                options=[{"label": " through countries, themes and places", "value": "yes"}],
                value=["yes"] if state.get("through") == "all" else [],
            ),
            html.Button("Shortest path", id="btn-path", n_clicks=0),
        ],
        className="path",
    )


def _layout_choice(state: dict[str, Any]) -> html.Label:
    """How the graph is laid out."""
    return html.Label(
        [
            "Layout",
            dcc.Dropdown(
                id="layout",
                options=[{"label": v, "value": k} for k, v in LAYOUTS.items()],
                value=state.get("layout") or DEFAULT_LAYOUT,
                clearable=False,
                searchable=False,
            ),
        ]
    )
