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
    peers,
    portfolio,
    shared_across_councils,
    shared_twins,
    single_points,
    twin_closeness,
    twins,
    twins_of_partners,
)
from .catalogue import QUERIES, BadParameter, Param, Query, UnknownQuery, run_query

__all__ = ["QUERIES", "BadParameter", "Param", "Query", "UnknownQuery", "run_query"]
