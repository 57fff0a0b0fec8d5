"""Parts of a page drawn just after the graph has been painted (issue 25).

Dash mounts a page's whole layout in one task: on the Network page about 195 components, of
which the controls (93) and the legend (42) are two thirds. The graph appears only when all
of them are mounted. Wrapped in :class:`AfterGraph`, those parts are left out of that first
task and mounted in the next one, once the graph has been painted: the person sees the graph
about 0.1 s sooner, and the controls and legend a moment later, exactly as they were.

Only *when* they are mounted changes. They are in the page's layout from the start, so Dash
knows every one of them (their callbacks, their values, what the address sets) as before, and
no callback runs or is left out because of this; each control is mounted once, with the
settings the page was drawn with. The component is drawn by ``assets/later.js``.
"""

from __future__ import annotations

from typing import Any

from dash.development.base_component import Component

__all__ = ["AfterGraph"]


class AfterGraph(Component):
    """Its ``children`` mounted once the page's graph (``#cy``) has been painted, or at once
    on a page without one.

    Parameters
    ----------
    children : components
        What is drawn just after the graph.
    id : str, optional
    """

    _children_props: list[str] = []
    _base_nodes = ["children"]
    _namespace = "partnergraph_later"
    _type = "AfterGraph"

    def __init__(self, children: Any = None, id: str | None = None, **kwargs: Any) -> None:
        self._prop_names = ["children", "id"]
        self._valid_wildcard_attributes: list[str] = []
        self.available_properties = ["children", "id"]
        self.available_wildcard_properties: list[str] = []
        args = {"id": id} if id is not None else {}
        super().__init__(children=children, **args)
