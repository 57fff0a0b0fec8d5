"""The Network page drawn from an address that carries changes made in place
(:mod:`webapp.network_steps`): the view the filters draw, with them applied again."""

from __future__ import annotations

from typing import Any

from .context import PageContext
from .network_expand import EXPAND_MAX, added, expanded, hidden
from .network_select import kept_only
from .network_steps import steps_of

__all__ = ["replayed"]


def _named(view, ids: list[str], limit: int = 3) -> str:
    names = [view.name(n) for n in dict.fromkeys(ids)]
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def replayed(ctx_: PageContext, elements: list[dict], state: dict[str, Any]) -> tuple[list, str]:
    """``elements`` with the changes in place the address carries applied again (only, added,
    expand, hidden, in that order), and a sentence saying what was applied ("" if nothing).
    Ids not in the graph (any more) are left out and counted."""
    view = ctx_.view
    steps = steps_of(state)
    unknown = [n for v in steps.values() for n in v if n not in view.data]
    limit = ctx_.element_budget + EXPAND_MAX * 4
    done: list[str] = []
    if steps["only"]:
        keep = [n for n in steps["only"] if n in view.data]
        elements = kept_only(elements, set(keep))
        for n in keep:
            elements = added(view, elements, n)[0]  # drawn already: unchanged
        done.append(f"only {_named(view, keep)}")
    for n in (n for n in steps["added"] if n in view.data):
        elements = added(view, elements, n)[0]
    if steps["added"]:
        done.append(f"added {_named(view, [n for n in steps['added'] if n in view.data])}")
    grew: list[str] = []
    for n in steps["expand"]:
        at = next((el.get("position") for el in elements if el["data"].get("id") == n), None)
        if n not in view.data or at is None:
            continue  # not on the drawing: nothing to expand
        grown = expanded(view, elements, n, at)[0]
        if len(grown) > limit:
            break
        elements = grown
        grew.append(n)
    if grew:
        done.append(f"expanded {_named(view, grew)}")
    for n in steps["hidden"]:
        elements = hidden(elements, n)
    shown = [n for n in steps["hidden"] if n in view.data]
    if shown:
        done.append(f"hid {_named(view, shown)}")
    count = sum(1 for el in elements if "source" not in el["data"])
    said = (
        f" Your changes in place, kept in the address: {'; '.join(done)} ({count} nodes now)."
        if done
        else ""
    )
    if unknown:
        said += f" {len(unknown)} record(s) in the address are not in the register: left out."
    return elements, said
