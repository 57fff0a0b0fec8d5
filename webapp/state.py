"""The page state every page keeps in the URL's query string (``?council=kent&tier=strategic``).

The ``state`` store holds it as a dict; ``webapp.shell`` mirrors it into the URL, so a view can be
shared by copying the address. Pages write their part with :func:`merge_state`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode

__all__ = ["LIST_KEYS", "parse_state", "encode_state", "merge_state"]

#: keys that may repeat in the query string and are read as lists
LIST_KEYS = {"sphere", "tier", "theme", "agreement", "programme", "kind", "issue", "years", "cand"}
LIST_KEYS |= {"measure"}  # the Network page's measures (webapp.measures)
LIST_KEYS |= {"only", "added", "expand", "hidden"}  # its changes in place (network_steps)


def parse_state(search: str | None) -> dict[str, Any]:
    """The page state in a URL query string (``?council=kent&tier=strategic&tier=twinning``)."""
    raw = parse_qs((search or "").lstrip("?"))
    state: dict[str, Any] = {}
    for k, vals in raw.items():
        if k in LIST_KEYS:
            state[k] = [int(v) if k == "years" and v.isdigit() else v for v in vals]
        else:
            state[k] = vals[-1]
    return state


def encode_state(state: dict[str, Any]) -> str:
    """The query string for ``state``; empty values are left out."""
    pairs = []
    for k in sorted(state):
        v = state[k]
        if v in (None, "", []):
            continue
        for item in v if isinstance(v, list) else [v]:
            pairs.append((k, str(item)))
    return "?" + urlencode(pairs) if pairs else ""


def merge_state(state: dict[str, Any] | None, **changes: Any) -> dict[str, Any]:
    """A copy of ``state`` with ``changes`` applied (a callback never mutates its input)."""
    state = dict(state or {})
    state.update(changes)
    return state
