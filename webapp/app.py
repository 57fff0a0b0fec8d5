"""The web explorer: ``create_app(store)`` composes the shell and the pages of
:mod:`webapp.pages` into one Dash app."""

from __future__ import annotations

import gc
from pathlib import Path

import dash

from graphmodel.build.bulk import paused_gc
from graphmodel.stores.base import GraphStore

from . import views as V
from .a11y import index_string
from .card_forms import register_card_callbacks
from .card_more import register_card_more
from .card_redraw import register_card_redraw
from .context import PageContext
from .loading import install as load_early
from .pages import pages
from .register_watch import watch_register
from .security import callback_error, refuse_mismatched_callbacks
from .shell import register_shell_callbacks, shell_for_request
from .state import encode_state, parse_state

__all__ = ["create_app", "parse_state", "encode_state"]


def create_app(
    store: GraphStore,
    *,
    element_budget: int = 1500,
    title: str = "partnergraph",
    notice: str | None = None,
    register: str | Path | None = None,
) -> dash.Dash:
    """Build the explorer over ``store``.

    Parameters
    ----------
    store : GraphStore
        The embedded store or Neo4j; read once into a snapshot (``GraphView``).
    element_budget : int
        The most nodes + edges the server sends the browser in one view.
    register : path, optional
        The register folder the forms record reviews and activities into; without it the
        explorer only reads.
    """
    with paused_gc():  # building the snapshot: millions of objects at scale, none in cycles
        app = _build_app(store, element_budget=element_budget, title=title, notice=notice)
    app.server.config["partnergraph_context"].register = Path(register) if register else None
    watch_register(app, app.server.config["partnergraph_context"])  # CLI writes show up too
    refuse_mismatched_callbacks(app)  # a crafted request: 400 and a plain line, not a 500
    # The snapshot lives as long as the app: freeze it out of the collector's full passes,
    # which would walk every node and edge (seconds at 1M relationships) inside a callback.
    gc.freeze()
    return app


def _build_app(
    store: GraphStore, *, element_budget: int, title: str, notice: str | None
) -> dash.Dash:
    view = V.GraphView(store)
    ctx = PageContext(view=view, store=store, element_budget=element_budget)
    # the landing page's view (every partnership) is the one view that reads the whole graph
    ctx.warm(lambda: V.network_elements(view, V.Filters(), budget=element_budget))
    page_modules = pages()
    app = dash.Dash(
        __name__,
        title=title,
        suppress_callback_exceptions=True,
        compress=True,  # gzip: the scripts and the elements are mostly text
        on_error=callback_error,  # a failing callback: logged with a reference, told in the notice
        assets_folder=str(Path(__file__).parent / "assets"),
        assets_ignore=r"\.lazy\.js$",  # fetched by a page when needed (assets/vendor/README.md)
        # the title names the page (assets/a11y.js), never "Updating..." while a callback runs
        update_title=None,
    )
    app.index_string = index_string(app.index_string)  # lang on <html>, a skip link first
    load_early(app)  # the layout asked for at once; the grid's bundle only where a grid is
    # a function: each visit gets the page it opened drawn in (shell_for_request)
    prefix = app.config.requests_pathname_prefix
    app.layout = lambda: shell_for_request(ctx, page_modules, notice, prefix)
    _load_with_the_page(app, ("async-dropdown.js", "async-slider.js"))
    app.server.config["partnergraph_view"] = view
    app.server.config["partnergraph_context"] = ctx
    # each request reads one snapshot to its end, even if a write publishes a new one meanwhile
    app.server.before_request(view.pin)
    app.server.teardown_request(view.unpin)
    register_shell_callbacks(app, ctx, page_modules)
    register_card_callbacks(app, ctx)
    register_card_redraw(app, ctx)
    register_card_more(app, ctx)
    for page in page_modules:
        page.register_callbacks(app, ctx)
    return app


def _load_with_the_page(app: dash.Dash, chunks: tuple[str, ...]) -> None:
    """Send Dash's lazily loaded dropdown and slider code with the page's own scripts.

    Dash fetches them only once a page has drawn a dropdown, which starts a second wave of
    downloads after the first paint (about half a second here); every page has a dropdown,
    so they are loaded beside the other scripts instead. The chunks register themselves, so
    the later lazy import finds them loaded.
    """
    from dash import dcc

    for resource in dcc._js_dist:  # the package's own list: the paths Dash already serves
        path = resource.get("relative_package_path", "")
        if resource.get("async") and path.endswith(chunks):
            app.scripts.append_script({k: v for k, v in resource.items() if k != "async"})
