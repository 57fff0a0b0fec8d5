"""The explorer's pages, one module each, in the order the navigation shows them.

Adding a page is one new module here and one line in :data:`PAGE_MODULES`.

The page contract
-----------------
A page module ``webapp/pages/<name>.py`` has a docstring saying what the page is for and who
uses it, and exposes:

``PATH : str``
    Its URL path, e.g. ``"/network"``. The first page in :data:`PAGE_MODULES` is also ``/``.
``TITLE : str``
    Its name in the navigation bar.
``HEADING : str`` (optional)
    The page's H1 and the document's title, when ``TITLE`` is too short for them.
``NAV : bool`` (optional)
    False keeps the page out of the navigation bar; it is linked at the foot of every page
    instead (the accessibility statement).
``layout(ctx, state) -> dash component``
    The page's components. ``ctx`` is the :class:`webapp.context.PageContext` (``ctx.view``
    the graph snapshot, ``ctx.store`` the store, ``ctx.evaluator`` built on first use);
    ``state`` is the URL's query string as a dict (:func:`webapp.state.parse_state`). Pure:
    no callbacks here, no writes.
``ROLES : dict[str, str]`` (optional)
    Component ids (or id prefixes ending in ``-``) whose callbacks need a role beyond viewer,
    e.g. ``{"rec-": "editor"}``; :mod:`webapp.auth` refuses such a callback request (403) for a
    user without the role. Ids starting ``rec-`` (writes) and ``cypher-`` are protected already.
    A write also passes ``webapp.auth.current_user()`` as the writer.
``URL_CHECKS : dict[str, callable]`` (optional)
    Checks for URL-state keys of the page's own (:mod:`webapp.urlstate` knows the shared ones):
    each takes the value from the address and returns it (or its clean form) to keep, ``None``
    to leave that setting at its default. An unchecked key is dropped from the address.
``register_callbacks(app, ctx) -> None``
    Registers the page's Dash callbacks. Called once at start-up, whichever page is shown, so
    component ids must be unique across pages (prefix them, e.g. ``m-council`` on the map).

What every page may use (they live in the shell, ``webapp.shell``):

- ``Output("state", "data", allow_duplicate=True)``: the page's part of the URL state, written
  with :func:`webapp.state.merge_state` (``prevent_initial_call="initial_duplicate"`` when the
  callback also runs on first draw). Keys that repeat (lists) go in ``webapp.state.LIST_KEYS``.
- ``Output("selected", "data", allow_duplicate=True)``: a node id; opens its details panel.
- ``Output("download", "data", allow_duplicate=True)``: a file for the browser to save.
- ``Output("notice", "children", allow_duplicate=True)``: a one-line status under the header.

Shared widgets (council chooser, name search, tables, graph style) are in
:mod:`webapp.components`; the pure view functions in :mod:`webapp.views`, unit-tested without a
browser.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["PAGE_MODULES", "pages"]

#: module names under ``webapp.pages``, in navigation order (one line per page)
PAGE_MODULES = [
    "network",
    "map",
    "matrix",
    "health",
    "report",
    "evaluate",
    "query",
    "costs",
    "documents",
    "conflicts",
    "strategy",
    "accessibility",  # linked at the foot of every page, not in the navigation (NAV = False)
    "present",  # saved views as slides, linked from the Network page's saved views (NAV = False)
]


def pages() -> list[ModuleType]:
    """The page modules, imported, in navigation order."""
    return [importlib.import_module(f"{__name__}.{name}") for name in PAGE_MODULES]
