"""The projections analytics run on, by name, as every answer states them.

Kept apart from :mod:`graphmodel.analytics.projection` (which builds them with python-igraph)
so that naming a projection, as a query's parameter does, loads no graph library.
"""

from __future__ import annotations

__all__ = ["PROJECTIONS"]

#: projection name -> what it holds
PROJECTIONS = {
    "partnership": "partnership network (councils, units, partners, partnerships, agreements, "
    "projects, programmes, events, people; countries, themes, strategies and places that only "
    "locate left out)",
    "all": "all nodes but documents, conflicts and cost rows",
}
