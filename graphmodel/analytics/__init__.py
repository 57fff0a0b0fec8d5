"""Analytics on the partnership network: projections, centrality, communities and paths.

Computed by python-igraph on an undirected projection of the graph (see
:mod:`graphmodel.analytics.projection`); NetworkX stays the store and the reference the tests
compare against. The named queries over these live in :mod:`graphmodel.queries`.
"""

from .projection import PROJECTIONS, Projection, projection_of_graph

__all__ = ["PROJECTIONS", "Projection", "projection_of_graph"]
