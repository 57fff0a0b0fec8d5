"""Named analyst queries that give the same rows on the embedded store and on Neo4j."""

from . import analysis, costs, health, network, portfolio  # noqa: F401  (registers the queries)
from .catalogue import QUERIES, BadParameter, Param, Query, UnknownQuery, run_query

__all__ = ["QUERIES", "BadParameter", "Param", "Query", "UnknownQuery", "run_query"]
