"""partnergraph's ground floor: the domain model, the graph, the stores and what runs on them.

Nothing here imports ``loaders`` or ``webapp``.
"""

from graphmodel.build.graph import Edge, Node, PartnerGraph, build_graph

from .errors import NodeNotFound, PartnerGraphError, RegisterError, RegisterIssue

__all__ = [
    "Edge",
    "Node",
    "NodeNotFound",
    "PartnerGraph",
    "PartnerGraphError",
    "RegisterError",
    "RegisterIssue",
    "build_graph",
]
