"""The world's twin-town network (Wikidata P190) as a reference layer beside a register.

Reference facts are never register records: they live on ``ReferencePlace`` nodes and
``TWINNED_WITH`` / ``SAME_PLACE_AS`` relationships marked ``reference: true``, each citing
"Wikidata P190, item Q…".
"""

from .dataset import (
    ReferenceLink,
    ReferenceNetwork,
    ReferencePlace,
    build_network,
    parse_links,
    parse_places,
    wikidata_source,
)
from .graph import REFERENCE_LABEL, has_reference, with_reference
from .matching import Match, match_register

__all__ = [
    "REFERENCE_LABEL",
    "Match",
    "ReferenceLink",
    "ReferenceNetwork",
    "ReferencePlace",
    "build_network",
    "has_reference",
    "match_register",
    "parse_links",
    "parse_places",
    "wikidata_source",
    "with_reference",
]
