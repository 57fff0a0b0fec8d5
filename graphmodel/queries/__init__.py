"""Named analyst queries that give the same rows on the embedded store and on Neo4j."""

from . import analysis, centrality, communities, network, portfolio  # noqa: F401  (registers)
from .catalogue import QUERIES, BadParameter, Param, Query, UnknownQuery, run_query

__all__ = ["QUERIES", "BadParameter", "Param", "Query", "UnknownQuery", "run_query"]
