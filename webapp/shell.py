"""The frame around every page: header and navigation, the page area, the details panel, and
the stores pages share (``url``, ``state``, ``selected``, ``download``, ``notice``).

Its callbacks route the URL to a page, keep the URL's query string in step with the ``state``
store, and open the details of whatever is ``selected``.
"""

from __future__ import annotations

import logging
from types import ModuleType
from urllib.parse import urlsplit

import dash
import flask
from dash import ALL, Input, Output, Patch, State, ctx, dcc, html, no_update

from graphmodel.errors import quoted

from .a11y import OPEN_CARD, page_heading
from .auth import signed_in_line
from .context import PageContext
from .details import details_placeholder, render_details
from .security import error_reference
from .state import encode_state, parse_state
from .urlstate import clean_state

__all__ = ["shell", "shell_for_request", "page_content", "register_shell_callbacks"]

log = logging.getLogger(__name__)


def shell_for_request(
    ctx_: PageContext, pages: list[ModuleType], notice: str | None, prefix: str = "/"
) -> html.Div:
    """The app's layout for the page that asked for it, with that page already drawn.

    The browser asks for the layout from the page it opened, and says which (the ``Referer``
    header, sent same-origin only). Drawing that page into the layout saves the round trip
    the router would need after start-up. Without the header (another referrer policy, a
    direct request) the page area is left empty and the router fills it as before.
    """
    try:
        ref = flask.request.referrer if flask.has_request_context() else None
    except Exception:
        ref = None
    if not ref:
        return shell(ctx_, pages, notice)
    parts = urlsplit(ref)
    if parts.netloc != urlsplit(flask.request.host_url).netloc:
        return shell(ctx_, pages, notice)
    prefix = (prefix or "/").rstrip("/")  # the app's requests_pathname_prefix
    path = parts.path[len(prefix) :] if prefix and parts.path.startswith(prefix) else parts.path
    search = f"?{parts.query}" if parts.query else ""
    content, state = page_content(ctx_, pages, path or "/", search)
    return shell(ctx_, pages, notice, initial=(parts.path, search, content, state))


def shell(
    ctx_: PageContext,
    pages: list[ModuleType],
    notice: str | None,
    initial: tuple[str, str, object, dict] | None = None,
) -> html.Div:
    """The frame; with ``initial`` = (pathname, search, content, state) a page drawn in it.

    Given a page, the ``url`` location holds the address it was drawn for, so the router does
    not draw it again when the page starts; without one, the location learns the address in
    the browser and the router draws the page.
    """
    view = ctx_.view
    where = {"pathname": initial[0], "search": initial[1]} if initial else {}
    nav = html.Nav(
        [
            dcc.Link(p.TITLE, href=p.PATH, id=f"nav-{p.PATH.strip('/')}", className="nav-link")
            for p in pages
            if getattr(p, "NAV", True)
        ],
        className="nav",
        **{"aria-label": "pages"},
    )
    # pages kept out of the navigation bar (the accessibility statement) are linked at the foot,
    # a separator between them (read aloud and copied as words, not run together)
    links: list = []
    for p in pages:
        if not getattr(p, "NAV", True):
            if links:
                links.append(html.Span(" · ", className="footer-sep"))
            links.append(
                dcc.Link(
                    p.TITLE, href=p.PATH, id=f"nav-{p.PATH.strip('/')}", className="footer-link"
                )
            )
    footer = html.Footer(links, className="footer")
    return html.Div(
        [
            dcc.Location(id="url", refresh=False, **where),
            dcc.Store(id="state", data=initial[3] if initial else {}),
            # "" rather than None: a Store given None sets itself at start-up, firing callbacks
            dcc.Store(id="selected", data=""),
            dcc.Store(id="written", data=0),  # changes with each record written (card_forms)
            dcc.Download(id="download"),
            html.Header(
                [
                    # the site's name; each page's own H1 names the page (webapp.a11y)
                    dcc.Link("partnergraph", href="/", className="site-name"),
                    html.Span(_counts_line(view), className="subtitle"),
                    nav,
                ],
                className="header",
            ),
            html.Div(notice or "", id="notice", className="notice", role="status"),
            html.Main(
                [
                    html.Div(initial[2] if initial else None, id="page", className="page"),
                    html.Aside(
                        details_placeholder(),
                        id="details",
                        className="details",
                        **{"aria-label": "details"},
                    ),
                ],
                className="main",
                id="main",
            ),
            footer,
        ]
    )


#: longest query string read from a URL (a longer one is cut here, its tail ignored)
MAX_SEARCH = 8000


def page_content(
    ctx_: PageContext, pages: list[ModuleType], pathname: str | None, search: str | None
) -> tuple[object, dict]:
    """The page at ``pathname`` drawn with the settings of ``search``, and those settings."""
    view = ctx_.view
    by_path = {p.PATH: p for p in pages}
    url_checks = {k: f for p in pages for k, f in (getattr(p, "URL_CHECKS", None) or {}).items()}
    # a URL is anyone's: its values are checked (webapp.urlstate) before the page sees them
    asked = parse_state((search or "")[:MAX_SEARCH])
    state, ignored = clean_state(view, asked, url_checks)
    page = by_path.get(pathname or "", pages[0])
    if hasattr(page, "open_state"):  # e.g. a saved view the address names (webapp.saved_views)
        state = page.open_state(ctx_, state)
    try:
        content = html.Div(
            [page_heading(getattr(page, "HEADING", page.TITLE)), page.layout(ctx_, state)]
        )
    except Exception as exc:  # a message with a log reference, never a traceback
        ref = error_reference(exc, f"page {pathname!r}")
        return html.Div(
            [
                page_heading(getattr(page, "HEADING", page.TITLE)),
                html.Div(
                    f"This page could not be shown (reference {ref} in the server log). "
                    "Try the page without the settings in its address.",
                    className="error",
                    role="alert",
                ),
            ]
        ), state
    who = signed_in_line()
    if who is not None:
        content = html.Div([who, content])
    if ignored:
        note = html.Div(
            _unknown_records(asked, ignored)
            or "Some settings in the address were not understood and were left at their "
            f"defaults: {', '.join(ignored[:8])}.",
            className="view-message url-notice",
            role="status",
        )
        content = html.Div([note, content])
    return content, state


#: settings of the address that name one record
_RECORD_KEYS = {"select": "selected", "focus": "focused on"}


def _unknown_records(asked: dict, ignored: list[str]) -> str | None:
    """What to tell when the only settings left out name records the register lacks
    (``?select=nobody``): which, and where to find a record by its name."""
    if not ignored or not set(ignored) <= set(_RECORD_KEYS):
        return None
    named = [(k, asked.get(k)) for k in ignored]
    if not all(isinstance(v, str) for _, v in named):
        return None
    said = "; ".join(f"{quoted(v)}, so nothing is {_RECORD_KEYS[k]}" for k, v in named)
    return (
        f"The address names a record the register does not have ({said}). Find a record by "
        "part of its name in the Search box of the Network page."
    )


def register_shell_callbacks(app: dash.Dash, ctx_: PageContext, pages: list[ModuleType]) -> None:
    view = ctx_.view

    @app.callback(
        Output("page", "children"),
        Output("state", "data"),
        Input("url", "pathname"),
        State("url", "search"),
        # a page drawn into the layout (shell_for_request) needs no second drawing; without
        # one the location sets its pathname in the browser, and that calls this
        prevent_initial_call=True,
    )
    def render_page(pathname, search):
        return page_content(ctx_, pages, pathname, search)

    # the card open beside a page stays open on the next one (it is the shell's, not the
    # page's): the next page's address names it too, and the selection is set again so the
    # page marks it (the Network page highlights the node, or focuses on it when it is not
    # drawn, as the address would on its own); an address that selects a record keeps it
    app.clientside_callback(
        """function (_page, state, selected) {
            const nu = window.dash_clientside.no_update;
            if (!selected || (state && state.select)) { return [nu, nu]; }
            return [Object.assign({}, state || {}, {select: selected}), selected];
        }""",
        Output("state", "data", allow_duplicate=True),
        Output("selected", "data", allow_duplicate=True),
        Input("page", "children"),
        State("state", "data"),
        State("selected", "data"),
        prevent_initial_call=True,
    )

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
        # only the selection is written (a Patch): what another callback wrote into the
        # settings meanwhile (a node expanded by the double-click this click began) is kept
        chosen = Patch()
        chosen["select"] = node_id
        return render_details(view, node_id), chosen

    # a node named in the address (``select``, checked against the graph by clean_state) is
    # selected in the browser: no round trip at start-up
    app.clientside_callback(
        """function (state, selected) {
            const wanted = state && state.select;
            return wanted && wanted !== selected ? wanted : window.dash_clientside.no_update;
        }""",
        Output("selected", "data", allow_duplicate=True),
        Input("state", "data"),
        State("selected", "data"),
        prevent_initial_call="initial_duplicate",
    )

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input({"type": "goto", "id": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def goto(clicks):
        if not ctx.triggered_id or not any(clicks):
            return no_update
        return ctx.triggered_id["id"]

    # a name in a picture's table (webapp.a11y.open_button) opens its card
    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input({"type": OPEN_CARD, "id": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def open_card(clicks):
        if not ctx.triggered_id or not any(clicks or []):
            return no_update
        node = ctx.triggered_id["id"]
        return node if node in view.g else no_update


def _counts_line(view) -> str:
    """The register's counts; the reference twin network, when loaded, counted apart.

    Counted once per snapshot: every page's header shows them, and counting the relationships
    of a MultiDiGraph walks every node (60 ms at 100k relationships, on every page load)."""
    nodes, edges, ref_nodes, ref_edges = view.cached("counts", lambda: _counts(view.g))
    line = f"{nodes - ref_nodes} nodes · {edges - ref_edges} relationships · "
    if ref_nodes:
        line += f"reference (Wikidata P190): {ref_nodes:,} places, {ref_edges:,} links · "
    return line + f"{view.store.kind} store"


def _counts(g) -> tuple[int, int, int, int]:
    ref_nodes = sum(1 for _, label in g.nodes(data="label") if label == "ReferencePlace")
    ref_edges = sum(1 for *_, ref in g.edges(data="reference") if ref) if ref_nodes else 0
    return g.number_of_nodes(), g.number_of_edges(), ref_nodes, ref_edges
