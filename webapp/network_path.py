"""The Network page's shortest path: the same answer as ``partnergraph query shortest_path``.

Both ask :mod:`graphmodel.analytics.paths` on the same projection (the partnership network by
default; every node but papers, conflicts and cost rows when "through countries, themes and
places" is ticked, as ``--projection all``), within the query's default 8 steps. The two ends
and the choice are in the address (``from``, ``to``, ``through=all``), so a path is shared by
its link; the path's nodes keep their labels however far the view is zoomed out to show it.
"""

from __future__ import annotations

from typing import Any

from graphmodel.analytics.paths import one_shortest_path
from graphmodel.analytics.projection import PROJECTIONS, projection_of_graph

from .graphview import GraphView

__all__ = ["MAX_STEPS", "PATH_STYLE", "URL_CHECKS", "path_between", "path_state"]

#: the query's own default (graphmodel.queries.network: --max-hops 8)
MAX_STEPS = 8


def _id(v: Any) -> Any:
    return v if isinstance(v, str) and 0 < len(v) <= 200 else None


#: the address's settings for a path (checked again against the graph when drawn)
URL_CHECKS = {"from": _id, "to": _id, "through": lambda v: v if v == "all" else None}

#: a path's nodes named at any zoom, over the faded rest
PATH_STYLE = [
    {
        "selector": "node.highlight",
        "style": {
            "label": "data(label)",
            "font-size": 14,
            "font-weight": "bold",
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.9,
            "text-background-padding": 2,
            "min-zoomed-font-size": 0,
            "z-index": 20,
        },
    },
]


def _command(a: str, b: str, kind: str) -> str:
    more = " --projection all" if kind == "all" else ""
    return f"partnergraph query shortest_path --source {a} --target {b}{more}"


def path_between(view: GraphView, a: str | None, b: str | None, through_all: bool) -> dict:
    """``{"ids", "note", "from", "to", "through"}``: one shortest path between ``a`` and ``b``
    and the sentence saying what it is, or why there is none."""
    kind = "all" if through_all else "partnership"
    out: dict[str, Any] = {"ids": [], "from": a, "to": b, "through": kind}
    if not a or not b:
        return {**out, "note": "Choose both ends of the path first."}
    if a not in view.data or b not in view.data:
        return {**out, "note": "One end of the path is no longer in the graph: choose it again."}
    p = projection_of_graph(view.g, kind)
    widened = ""
    if kind == "partnership" and (a not in p.index or b not in p.index):
        # a path from a country or a theme is asked for on purpose: look through everything
        outside = next(n for n in (a, b) if n not in p.index)
        widened = (
            f" {view.name(outside)} ({view.label(outside)}) is outside the partnership network,"
            " so the path may go through countries, themes and places."
        )
        kind = out["through"] = "all"
        p = projection_of_graph(view.g, kind)
    if a not in p.index or b not in p.index:
        return {**out, "note": f"{view.name(a)} or {view.name(b)} is in no network of paths."}
    ids = one_shortest_path(p, a, b, MAX_STEPS)
    where = "in the partnership network" if kind == "partnership" else "through every kind"
    if not ids:
        tick = (
            " Tick 'through countries, themes and places' to look through them."
            if kind == "partnership"
            else ""
        )
        return {
            **out,
            "note": f"No path of {MAX_STEPS} steps or fewer links {view.name(a)} and "
            f"{view.name(b)} {where} ({PROJECTIONS[kind]}).{tick}{widened}",
        }
    steps = len(ids) - 1
    return {
        **out,
        "ids": ids,
        "note": f"Shortest path, {steps} step{'s' if steps != 1 else ''}, {where}: "
        + " → ".join(view.name(n) for n in ids)
        + f".{widened} All shortest paths: {_command(a, b, kind)}",
    }


def path_state(path: dict | None) -> dict[str, Any]:
    """The address's settings for a path drawn (all None when there is none)."""
    if not path or not path.get("ids"):
        return {"from": None, "to": None, "through": None}
    return {
        "from": path.get("from"),
        "to": path.get("to"),
        "through": "all" if path.get("through") == "all" else None,
    }
