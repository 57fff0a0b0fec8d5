"""Named analyst queries that give the same rows on the embedded store and on Neo4j."""

from . import (  # noqa: F401  (registers the queries)
    analysis,
    bridges,
    centrality,
    communities,
    conflicts,
    costs,
    documents,
    health,
    mentioned_in,
    network,
    partner_overlap,
    portfolio,
    shared_across_councils,
    single_points,
)
from .catalogue import QUERIES, BadParameter, Param, Query, UnknownQuery, run_query

__all__ = ["QUERIES", "BadParameter", "Param", "Query", "UnknownQuery", "run_query"]
