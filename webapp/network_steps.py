"""The Network page's changes in place, kept in the address, so a reload in the same tab (or
the address copied to someone) draws them again: what Kumu and Bloom users expect of their
expansions.

Each change in place (:mod:`webapp.network_expand`, :mod:`webapp.network_select`) writes its
step into the page's settings, and so into the address, in four short lists of node ids:

``only``
    "Focus on these": the nodes kept (everything else left the drawing).
``added``
    "Add to view": records put on the drawing from Search.
``expand``
    Expand (a double-click, "Expand selected", "Expand these"), in order; a node twice when it
    was expanded again for its next neighbours.
``hidden``
    Hide ("Hide selected", "Hide these").

The page drawn from such an address (:func:`webapp.network_replay.replayed`) applies them in
that order to the view the filters draw, and says so under the graph. A collapse takes the steps it undoes out again;
Undo puts back the steps as they were; drawing the view anew (a filter, a focus) or saving it
as a view (which keeps the drawing itself) empties them. Where each node was dragged is not
kept in the address: a saved view keeps that.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_STEPS", "STEP_KEYS", "TOO_MANY", "URL_CHECKS", "after", "steps_of", "with_steps"]

#: the address's keys for the changes in place, in the order they are applied
STEP_KEYS = ("only", "added", "expand", "hidden")
#: the most ids one list keeps (an address stays a few thousand characters at most)
MAX_STEPS = 100


def _ids(v: Any) -> list[str] | None:
    values = v if isinstance(v, list) else [v]
    ids = [x for x in values if isinstance(x, str) and 0 < len(x) <= 200]
    return ids[:MAX_STEPS] or None


#: each list's check (whether an id is in the graph is asked as it is applied)
URL_CHECKS = dict.fromkeys(STEP_KEYS, _ids)


def steps_of(state: dict[str, Any] | None) -> dict[str, list[str]]:
    """The changes in place the page's settings carry (each list, empty when none)."""
    state = state or {}
    return {k: list(_ids(state.get(k)) or []) if state.get(k) else [] for k in STEP_KEYS}


def with_steps(state: dict[str, Any] | None, steps: dict[str, list[str]] | None) -> dict[str, Any]:
    """``state`` (a copy) carrying ``steps``; an empty list leaves its key out."""
    out = {k: v for k, v in (state or {}).items() if k not in STEP_KEYS}
    for k in STEP_KEYS:
        if (steps or {}).get(k):
            out[k] = list(steps[k])
    return out


def _nodes(elements: Any) -> list[str]:
    return [el["data"]["id"] for el in elements or [] if "source" not in el["data"]]


#: what the notice adds when the changes are too many to keep in the address
TOO_MANY = (
    " (Too many changes to keep in the address: a reload would lose them; save the view "
    "to keep them.)"
)


def after(
    state: dict[str, Any] | None, kind: str, nodes: list[str], before: Any, now: Any
) -> tuple[dict[str, Any], str]:
    """The page's settings once the change ``kind`` ("expand", "add", "collapse", "hide",
    "only") to ``nodes`` took the drawing from ``before`` to ``now``, and what to add to the
    notice ("" unless the steps no longer fit the address)."""
    steps = steps_of(state)
    old, new = set(_nodes(before)), set(_nodes(now))
    came, gone = new - old, old - new
    if kind == "only":
        steps = {"only": list(nodes), "added": [], "expand": [], "hidden": []}
    elif kind in ("expand", "add"):
        steps["expand" if kind == "expand" else "added"] += (
            list(nodes) if kind == "expand" else [n for n in _nodes(now) if n in came]
        )
        steps["hidden"] = [n for n in steps["hidden"] if n not in came]
    elif kind == "collapse":
        undone = gone | set(nodes)
        steps["expand"] = [n for n in steps["expand"] if n not in undone]
        steps["added"] = [n for n in steps["added"] if n not in gone]
        steps["hidden"] = [n for n in steps["hidden"] if n not in gone]
    elif kind == "hide":
        for n in sorted(gone):
            if n in steps["added"] or n in steps["only"]:
                steps["added"] = [m for m in steps["added"] if m != n]
                steps["only"] = [m for m in steps["only"] if m != n]
            elif n not in steps["hidden"]:
                steps["hidden"].append(n)
    if any(len(v) > MAX_STEPS for v in steps.values()):
        return with_steps(state, {}), TOO_MANY
    return with_steps(state, steps), ""
