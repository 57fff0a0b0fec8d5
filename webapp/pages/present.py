"""Presentation: the team's saved views as slides, for a board meeting.

Each saved view (Network page, "Saved views") is a slide: its name as the title, its notes,
and its drawing as saved (filters, focus, path, every node's place, and the zoom and pan it
was saved at, the same region shown on the slide). Move with the arrow
keys (or Page Up / Page Down, or the buttons), show it full screen, and print it to PDF: "Print
all slides" lays every slide out one to a page. Escape (or "Leave presentation") goes back to
the page the presentation was opened from, as its address had it.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_cytoscape as cyto
from dash import Input, Output, State, dcc, html

from ..components import stylesheet
from ..context import PageContext
from ..legend import style_legend
from ..measures import style_of
from ..network_draw import draw, filters_of_state, year_range
from ..network_path import PATH_STYLE, path_between
from ..network_style import STYLE_CSS, style_key, styled
from ..saved_views import KEPT, SavedPlaces, framed_layout, view_link, views_of, with_saved_places
from ..urlstate import clean_state

PATH = "/present"
TITLE = "Presentation"
HEADING = "Presentation: saved views as slides"
NAV = False

__all__ = ["PATH", "TITLE", "URL_CHECKS", "layout", "register_callbacks", "slide_elements"]


def _index(v: Any) -> Any:
    try:
        n = int(str(v))
    except ValueError:
        return None
    return n if 1 <= n <= 500 else None


URL_CHECKS = {"slide": _index, "all": lambda v: "yes" if v == "yes" else None}


def slide_elements(ctx_: PageContext, saved: dict[str, Any]) -> tuple[list[dict], str]:
    """A saved view's drawing as it was saved, and the sentence saying what it shows."""
    from .network import URL_CHECKS as NETWORK_CHECKS

    view = ctx_.view
    state, _ = clean_state(
        view, {k: v for k, v in saved["state"].items() if k in KEPT}, NETWORK_CHECKS
    )
    lo, hi = year_range(view)
    f = filters_of_state(state, state.get("years") or [lo, hi], lo, hi)
    path = (
        path_between(view, state["from"], state["to"], state.get("through") == "all")["ids"]
        if state.get("from") and state.get("to")
        else []
    )
    hops = int(state.get("hops") or 1)
    elements, message = draw(ctx_, f, state.get("focus"), hops, path)
    elements = with_saved_places(elements, SavedPlaces.of(saved), view)
    return styled(view, elements, *style_of(state)), message


def _slide(ctx_: PageContext, saved: dict[str, Any], i: int, n: int, cy_id: str) -> html.Div:
    elements, message = slide_elements(ctx_, saved)
    # a styled view's key goes with it: what its sizes and colours mean
    from .network import URL_CHECKS as NETWORK_CHECKS

    kept = {k: v for k, v in saved["state"].items() if k in KEPT}
    state, _ = clean_state(ctx_.view, kept, NETWORK_CHECKS)
    key = style_legend(style_key(ctx_.view, elements, *style_of(state)))
    return html.Section(
        [
            html.H2(saved["name"], className="slide-title"),
            html.P(saved["notes"], className="slide-notes") if saved["notes"] else None,
            cyto.Cytoscape(
                id=cy_id,
                elements=elements,
                # the slide's number in its layout: a step to another slide (drawn into the
                # same graph) runs it again, framing the new slide's drawing as it was saved
                # (fitted in the window when it was saved without a framing)
                layout={**framed_layout(SavedPlaces.of(saved)), "slide": i},
                stylesheet=stylesheet(all_labels=state.get("labels") == "all")
                + STYLE_CSS
                + PATH_STYLE,
                style={"width": "100%", "height": "560px"},
                minZoom=0.1,
                maxZoom=2,  # as the Network page's: a small view's names stay on the slide
            ),
            html.Div(key, className="slide-key") if key else None,
            html.P(
                [
                    f"Slide {i} of {n} · {message} ",
                    # a framing the file could not give (which field): fitted instead
                    *[f"{p} " for p in saved.get("problems") or []],
                    html.A("Open in the explorer", href=view_link(saved["name"])),
                ],
                className="slide-foot note",
            ),
        ],
        className="slide",
        **{"aria-label": f"slide {i} of {n}: {saved['name']}"},
    )


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    views, problem = views_of(ctx_)
    if not views:
        return html.Div(
            html.P(
                problem
                or "No saved views yet: save views on the Network page (under 'Saved views') "
                "and they become the slides here, in the order they were saved.",
                className="note",
            )
        )
    n = len(views)
    if state.get("all") == "yes":
        slides = [_slide(ctx_, v, i, n, f"p-cy-{i}") for i, v in enumerate(views, start=1)]
        return html.Div(
            [
                html.P(
                    [
                        "Every slide, one to a printed page. ",
                        html.A("Back to the slides", href=PATH),
                    ],
                    className="present-bar no-print",
                ),
                *slides,
            ],
            className="presentation all-slides",
        )
    i, prev, count, nxt = _step(views, state.get("slide"))
    bar = html.Div(
        [
            # moved between without reloading the page (a callback on the address draws the
            # slide and sets these), so full screen stays on and focus stays on the link
            dcc.Link("◀ Previous", id="p-prev", href=prev),
            html.Span(count, id="p-count", className="slide-count", **{"aria-live": "polite"}),
            dcc.Link("Next ▶", id="p-next", href=nxt),
            html.Button("Full screen", id="p-full", n_clicks=0),
            html.A("Print all slides", href=f"{PATH}?all=yes", id="p-print-all"),
            # back where the presentation was opened from (assets/present.js), or the Network
            html.A("Leave presentation", href="/network", id="p-leave"),
            html.Span(
                " Arrow keys move between slides; Escape leaves.",
                className="note",
                **{"aria-hidden": "true"},
            ),
        ],
        className="present-bar no-print",
    )
    return html.Div(
        [bar, html.Div(_slide(ctx_, views[i - 1], i, n, "p-cy"), id="present-slide")],
        className="presentation",
        id="presentation",
        **{"data-slides": str(n)},  # how many, for the arrow keys (assets/present.js)
    )


def _step(views: list[dict[str, Any]], slide: Any) -> tuple[int, str, str, str]:
    """The slide shown (1 when not given, the last when past it), the addresses of the one
    before and after, and the count as the bar shows it."""
    n = len(views)
    i = min(int(slide or 1), n)
    prev, nxt = f"{PATH}?slide={max(1, i - 1)}", f"{PATH}?slide={min(n, i + 1)}"
    return i, prev, f" {i} / {n} ", nxt


def slide_step(ctx_: PageContext, pathname: str | None, search: str | None) -> tuple:
    """The slide the address asks for, drawn in place, the bar's links and count (four
    ``no_update`` when the address is not a single slide's)."""
    nothing = (dash.no_update,) * 4
    if pathname != PATH:
        return nothing
    from ..state import parse_state

    state, _ = clean_state(ctx_.view, parse_state(search or ""), URL_CHECKS)
    views, _ = views_of(ctx_)
    if not views or state.get("all") == "yes":
        return nothing
    i, prev, count, nxt = _step(views, state.get("slide"))
    return _slide(ctx_, views[i - 1], i, len(views), "p-cy"), prev, count, nxt


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    # a step (arrow key, Previous / Next, Back) changes only the address: the slide is drawn
    # into the page that stays, full screen and all
    app.callback(
        Output("present-slide", "children"),
        Output("p-prev", "href"),
        Output("p-count", "children"),
        Output("p-next", "href"),
        Input("url", "search"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )(lambda search, pathname: slide_step(ctx_, pathname, search))
    # full screen is the browser's own: asked for in the browser (assets/present.js)
    app.clientside_callback(
        """function (n) {
            const el = document.getElementById("presentation");
            if (n && el && el.requestFullscreen) { el.requestFullscreen(); }
            return window.dash_clientside.no_update;
        }""",
        dash.Output("p-full", "title"),
        dash.Input("p-full", "n_clicks"),
        prevent_initial_call=True,
    )
