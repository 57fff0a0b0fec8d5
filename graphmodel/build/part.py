"""One record's nodes and relationships, built against a register already loaded.

A write costs one record: the new record's node and relationships are built by the same code
that builds the whole graph (:func:`graphmodel.build.graph.build_graph`), with every reference
checked against the labels of the records already loaded (an id -> label mapping), not by
building the whole graph again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphmodel.build.graph import PartnerGraph, _GraphBuilder
from graphmodel.build.registry import BUILDERS
from graphmodel.errors import RegisterIssue
from graphmodel.model.records import RECORD_MODELS

__all__ = ["build_part"]


class _Known(dict):
    """Stands for a record already loaded: the reference check reads only its label (as
    ``node["label"]``, like a built node, or ``node.label``)."""

    __slots__ = ()

    def __init__(self, label: str):
        super().__init__(label=label)

    @property
    def label(self) -> str:
        return self["label"]


class _Overlay(dict):
    """The new nodes, in front of the labels of the loaded ones."""

    def __init__(self, known: Mapping[str, str]):
        super().__init__()
        self.known = known

    def get(self, key, default=None):  # type: ignore[override]
        found = super().get(key)
        if found is not None:
            return found
        label = self.known.get(key)
        return _Known(label) if label is not None else default

    def __contains__(self, key) -> bool:  # type: ignore[override]
        return super().__contains__(key) or key in self.known


def build_part(
    records: dict[str, list[tuple[Any, tuple]]], known: Mapping[str, str]
) -> tuple[PartnerGraph, list[RegisterIssue]]:
    """The nodes and relationships of validated ``records`` (kind -> [(model, where)]), whose
    references point at records of the loaded register (``known``: id -> label) or at each
    other. Returns the part and the reference problems (a non-empty list: do not write).

    Examples
    --------
    >>> from graphmodel.model.monitoring import Review
    >>> rv = Review(id="rv", partnership="p", date="2024", reviewer="Me",
    ...             sources=[{"doc": "partnergraph", "section": "s"}])
    >>> part, issues = build_part({"reviews": [(rv, ("f.yaml", 1, "rv"))]}, {"p": "Partnership"})
    >>> sorted(part.nodes), [e.type for e in part.edges.values()], issues
    (['rv'], ['REVIEW_OF'], [])
    """
    b = _GraphBuilder()
    overlay = _Overlay(known)
    b.graph.nodes = overlay
    for kind, (_, label) in RECORD_MODELS.items():
        if label is None:
            continue  # relations and mentions join loaded records: not written record by record
        for rec, where in records.get(kind, []):
            BUILDERS[type(rec)](b, rec, label, where)
    b.resolve()
    part = PartnerGraph(nodes=dict(overlay), edges=b.graph.edges)
    models = {label: model for model, label in RECORD_MODELS.values() if label}
    for node in part.nodes.values():  # as build_graph finishes its nodes
        model = models.get(node.label)
        if model is not None and (finish := BUILDERS[model].finish):
            finish(part, node)
    return part, b.issues
