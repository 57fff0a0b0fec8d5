"""Checking the page state a URL carries before any page sees it.

A URL is typed, pasted or crafted by anyone: every value is checked against what the pages
accept (a known council, node, query, layout, a date, a year range, a number in range). A value
that does not pass is dropped, so the page falls back to its default, and the person is told
which settings were ignored. Pages can then trust ``state``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from .components import LAYOUTS
from .graphview import GraphView

__all__ = ["clean_state", "MAX_VALUE_LENGTH", "MAX_LIST_ITEMS"]

MAX_VALUE_LENGTH = 200
MAX_LIST_ITEMS = 30
_FILTER_KEYS = ("sphere", "tier", "theme", "agreement", "programme", "kind", "issue")


def _text(v: Any) -> bool:
    return isinstance(v, str) and 0 < len(v) <= MAX_VALUE_LENGTH


def _int_in(lo: int, hi: int) -> Callable[[Any], Any]:
    def check(v: Any) -> Any:
        try:
            n = int(str(v))
        except ValueError:
            return None
        return n if lo <= n <= hi else None

    return check


def _weight(v: Any) -> Any:
    try:
        w = float(str(v))
    except ValueError:
        return None
    return w if math.isfinite(w) and 0 <= w <= 10 else None


def _date(v: Any) -> Any:
    try:
        return dt.date.fromisoformat(str(v)).isoformat()
    except ValueError:
        return None


def _years(v: Any) -> Any:
    if not isinstance(v, list) or len(v) != 2:
        return None
    check = _int_in(1800, 2200)
    years = [check(x) for x in v]
    return sorted(years) if None not in years else None


def _checks(view: GraphView) -> dict[str, Callable[[Any], Any]]:
    from graphmodel.queries import QUERIES

    homes = set(view.home_councils())

    def home(v):
        return v if v in homes else None

    def node(v):
        return v if _text(v) and v in view.g else None

    def filter_values(v):
        values = [x for x in (v if isinstance(v, list) else [v]) if _text(x)]
        return list(dict.fromkeys(values))[:MAX_LIST_ITEMS] if values else None

    checks: dict[str, Callable[[Any], Any]] = {
        "council": home,
        "home": home,
        "select": node,
        "focus": node,
        "layout": lambda v: v if v in LAYOUTS else None,
        "hops": _int_in(1, 6),
        "years": _years,
        "as_of": _date,
        "year": _int_in(1900, 2100),  # the year report and the matrix's year
        "domestic": lambda v: v if v == "yes" else None,  # link health: include domestic bodies
        "doc": lambda v: v if _text(v) else None,  # a paper (documents, conflicts)
        "subject": node,  # conflicts about one record
        "q": lambda v: v if v in QUERIES else None,
        "cand": lambda v: [x for x in v if _text(x)][:8] or None if isinstance(v, list) else None,
        # the Network page's measures (webapp.measures)
        "measure": lambda v: (
            [x for x in dict.fromkeys(v) if x in ("size", "colour")] or None
            if isinstance(v, list)
            else None
        ),
    }
    for key in _FILTER_KEYS:
        checks[key] = filter_values
    return checks


def clean_state(
    view: GraphView,
    state: dict[str, Any],
    extra: dict[str, Callable[[Any], Any]] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """``state`` with every value a page accepts, and the names of the settings left out.

    ``extra`` adds checks for keys of a page's own (a page module's ``URL_CHECKS``): each
    returns the value to keep, or ``None`` to leave the setting at its default.

    Examples
    --------
    >>> from graphmodel.stores import EmbeddedStore
    >>> view = GraphView(EmbeddedStore())
    >>> clean_state(view, {"layout": "evil", "years": ["abc", "xyz"], "hops": "2"})
    ({'hops': 2}, ['layout', 'years'])
    """
    checks = {**_checks(view), **(extra or {})}
    clean: dict[str, Any] = {}
    dropped: list[str] = []
    for key, value in state.items():
        if key.startswith("w_") and len(key) < 40:
            check: Callable[[Any], Any] | None = _weight
        else:
            check = checks.get(key)
        ok = check(value) if check else None
        if ok is None:
            dropped.append(key if len(key) <= 40 else key[:40] + "…")
        else:
            clean[key] = ok
    return clean, dropped
