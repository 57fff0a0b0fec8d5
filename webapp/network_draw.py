"""How the Network page draws a view: the filters its controls (or its address) ask for, the
elements within the element budget with their places, and a view's identity.

The landing view's places are computed once per snapshot; a focus is drawn with its neighbours
round it; a path's relationships are marked to stand out.
"""

from __future__ import annotations

import json
import time
from typing import Any

from dash import no_update

from . import views as V
from .context import PageContext
from .positions import layout_positions, radial_positions, view_positions, with_positions

__all__ = [
    "base_positions",
    "draw",
    "filters_from",
    "filters_of_state",
    "redrawn",
    "view_key",
    "year_range",
]


def base_positions(ctx_: PageContext) -> dict[str, tuple[float, float]]:
    """The landing view's places, computed once: a view that only removes elements keeps them."""
    view, budget = ctx_.view, ctx_.element_budget
    return view.cached(
        ("base_positions", budget),
        lambda: layout_positions(V.network_elements(view, V.Filters(), budget=budget)[0]),
    )


def draw(
    ctx_: PageContext, f: V.Filters, focus: str | None, hops: int, path: list[str]
) -> tuple[list[dict], str]:
    """The elements of a view with their places, and the sentence saying what is shown."""
    view = ctx_.view
    elements, message = V.network_elements(
        view, f, focus=focus, hops=hops, budget=ctx_.element_budget, path=path
    )
    if focus and focus in view.data:
        # a focus in the middle with its neighbours round it: never piled up, and no wait
        order = {
            el["data"]["id"]: (el["data"].get("kind", ""), el["data"].get("label", ""))
            for el in elements
        }
        places = radial_positions(elements, focus, order)
    else:
        places = view_positions(view, elements, base_positions(ctx_))
    elements = with_positions(elements, places)
    if path:
        on_path = {(a, b) for a, b in zip(path, path[1:], strict=False)}
        on_path |= {(b, a) for a, b in on_path}
        # new dicts: the view's elements are remembered for later calls
        elements = [
            # in the data as well: dash-cytoscape's copy written back to Dash has no classes
            {
                **el,
                "data": {**el["data"], "onpath": True},
                "classes": el.get("classes", "") + " onpath",
            }
            if (el["data"].get("source"), el["data"].get("target")) in on_path
            else el
            for el in elements
        ]
    return elements, message


def redrawn(elements: Any) -> Any:
    """The ``redrawn`` store's new value when a callback sends the drawing new elements (a
    stamp that differs each time), else ``no_update``.

    What follows the drawing (its table, the selection's highlight, "Show all labels") listens
    to this rather than to ``cy.elements``: dash-cytoscape writes ``elements`` back to Dash
    100 ms after every add, remove and drag, and each of them would run again for nothing (the
    table sending every element to the server once more)."""
    return no_update if elements is no_update else time.time_ns()


def view_key(f: V.Filters, focus: str | None, hops: int, path: list[str] | None = None) -> str:
    """A view's identity, to tell whether the page already shows it."""
    return json.dumps([f.key(), focus or None, hops, list(path or [])], default=str)


def year_range(view: V.GraphView) -> tuple[int, int]:
    """The first and last year any partnership began or agreement was signed."""
    years = sorted(
        {
            int(str(v)[:4])
            for lbl, prop in (("Partnership", "since"), ("Agreement", "signed"))
            for v in view.values(lbl, prop)
            if str(v)[:4].isdigit()
        }
    ) or [2000, 2010]
    return years[0], max(years[-1], years[0] + 1)


def filters_from(
    council, spheres, tiers, themes, agreements, programmes, kinds, years, lo, hi
) -> V.Filters:
    """The filters the controls (or the URL) ask for; the full year range means no filter."""
    years_filter = tuple(years) if years and (years[0] > lo or years[1] < hi) else None
    return V.Filters(
        council=council,
        spheres=spheres or [],
        tiers=tiers or [],
        themes=themes or [],
        kinds=kinds or list(V.DEFAULT_KINDS),
        agreement_types=agreements or [],
        programmes=programmes or [],
        years=years_filter,
    )


def filters_of_state(state: dict[str, Any], years: list[int], lo: int, hi: int) -> V.Filters:
    """The filters an address's (or a saved view's) settings ask for."""
    return filters_from(
        state.get("council"),
        state.get("sphere"),
        state.get("tier"),
        state.get("theme"),
        state.get("agreement"),
        state.get("programme"),
        state.get("kind"),
        years,
        lo,
        hi,
    )
