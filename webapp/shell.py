"""The frame around every page: header and navigation, the page area, the details panel, and
the stores pages share (``url``, ``state``, ``selected``, ``download``, ``notice``).

Its callbacks route the URL to a page, keep the URL's query string in step with the ``state``
store, and open the details of whatever is ``selected``.
"""

from __future__ import annotations

import logging
from types import ModuleType

import dash
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from .auth import signed_in_line
from .context import PageContext
from .details import details_placeholder, render_details
from .security import error_reference
from .state import encode_state, merge_state, parse_state
from .urlstate import clean_state

__all__ = ["shell", "register_shell_callbacks"]

log = logging.getLogger(__name__)


def shell(ctx_: PageContext, pages: list[ModuleType], notice: str | None) -> html.Div:
    view = ctx_.view
    nav = html.Nav(
        [
            dcc.Link(p.TITLE, href=p.PATH, id=f"nav-{p.PATH.strip('/')}", className="nav-link")
            for p in pages
        ],
        className="nav",
        **{"aria-label": "pages"},
    )
    return html.Div(
        [
            dcc.Location(id="url", refresh=False),
            dcc.Store(id="state", data={}),
            dcc.Store(id="selected", data=None),
            dcc.Store(id="written", data=0),  # changes with each record written (card_forms)
            dcc.Download(id="download"),
            html.Header(
                [
                    html.H1("partnergraph"),
                    html.Span(
                        f"{view.g.number_of_nodes()} nodes · {view.g.number_of_edges()} relationships · "
                        f"{view.store.kind} store",
                        className="subtitle",
                    ),
                    nav,
                ],
                className="header",
            ),
            html.Div(notice or "", id="notice", className="notice", role="status"),
            html.Main(
                [
                    html.Div(id="page", className="page"),
                    html.Aside(
                        details_placeholder(),
                        id="details",
                        className="details",
                        **{"aria-label": "details"},
                    ),
                ],
                className="main",
            ),
        ]
    )


#: longest query string read from a URL (a longer one is cut here, its tail ignored)
MAX_SEARCH = 8000


def register_shell_callbacks(app: dash.Dash, ctx_: PageContext, pages: list[ModuleType]) -> None:
    view = ctx_.view
    by_path = {p.PATH: p for p in pages}
    url_checks = {k: f for p in pages for k, f in (getattr(p, "URL_CHECKS", None) or {}).items()}
    home = pages[0]

    @app.callback(
        Output("page", "children"),
        Output("state", "data"),
        Input("url", "pathname"),
        State("url", "search"),
    )
    def render_page(pathname, search):
        # a URL is anyone's: its values are checked (webapp.urlstate) before the page sees them
        state, ignored = clean_state(view, parse_state((search or "")[:MAX_SEARCH]), url_checks)
        page = by_path.get(pathname or "", home)
        try:
            content = page.layout(ctx_, state)
        except Exception as exc:  # a message with a log reference, never a traceback
            ref = error_reference(exc, f"page {pathname!r}")
            return html.Div(
                f"This page could not be shown (reference {ref} in the server log). "
                "Try the page without the settings in its address.",
                className="error",
                role="alert",
            ), state
        who = signed_in_line()
        if who is not None:
            content = html.Div([who, content])
        if ignored:
            note = html.Div(
                "Some settings in the address were not understood and were left at their "
                f"defaults: {', '.join(ignored[:8])}.",
                className="view-message url-notice",
                role="status",
            )
            content = html.Div([note, content])
        return content, state

    @app.callback(
        Output("url", "search"),
        Input("state", "data"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def state_to_url(state, search):
        new = encode_state(state or {})
        return no_update if new == (search or "") else new

    @app.callback(
        Output("details", "children"),
        Output("state", "data", allow_duplicate=True),
        Input("selected", "data"),
        State("state", "data"),
        prevent_initial_call=True,
    )
    def details(node_id, state):
        if not node_id or node_id not in view.g:
            return details_placeholder(), no_update
        return render_details(view, node_id), merge_state(state, select=node_id)

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("state", "data"),
        State("selected", "data"),
        prevent_initial_call="initial_duplicate",
    )
    def selection_from_url(state, selected):
        wanted = (state or {}).get("select")
        return wanted if wanted and wanted != selected and wanted in view.g else no_update

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input({"type": "goto", "id": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def goto(clicks):
        if not ctx.triggered_id or not any(clicks):
            return no_update
        return ctx.triggered_id["id"]
