"""What the analytics queries share: the projection parameter and where a projection comes
from on each store."""

from __future__ import annotations

from ..analytics.projection import PROJECTIONS
from .catalogue import Param

PROJECTION = Param(
    "projection",
    "which graph to measure: 'partnership' (default: the bodies that take part and their links; "
    "countries, themes and other reference nodes left out) or 'all' (every node but documents, "
    "conflicts and cost rows)",
    default="partnership",
    choices=tuple(PROJECTIONS),
    label="Network measured",
)
