"""Named analyst queries that give the same rows on the embedded store and on Neo4j."""

from . import (  # noqa: F401  (registers the queries)
    analysis,
    centrality,
    communities,
    conflicts,
    documents,
    mentioned_in,
    network,
    portfolio,
    shared_across_councils,
)
from .catalogue import QUERIES, BadParameter, Param, Query, UnknownQuery, run_query

__all__ = ["QUERIES", "BadParameter", "Param", "Query", "UnknownQuery", "run_query"]
