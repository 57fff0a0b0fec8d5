"""The ``peers`` query: places in a country that are twinned with a given place.

"Which British towns are twinned with Strasbourg?": the place's reference twins in the country
given (every country when none is), each with the register records matched to it, so a council
sees which of its peers it already knows.
"""

from __future__ import annotations

from .catalogue import BadParameter, Param, Query, register
from .twins import PLACE
from .twins import _cypher as _twins_cypher
from .twins import _embedded as _twins_embedded

COUNTRY = Param(
    "country", "a two-letter country code (GB, DE, …); every country when empty", label="Country"
)


def peers(rows: list[dict], country: str | None) -> list[dict]:
    """The twin rows in ``country`` (all when None), each twin named as the ``peer``."""
    code = (country or "").strip().upper()
    if code and (len(code) != 2 or not code.isalpha()):
        raise BadParameter(
            f"--country {country!r}: give a two-letter country code such as GB or DE",
            param="country",
            plain=f"“Country” needs a two-letter code such as GB or DE; {country!r} is not one.",
        )
    return [
        {"peer": r["twin"], **{k: v for k, v in r.items() if k != "twin"}}
        for r in rows
        if not code or r["country"] == code
    ]


register(
    Query(
        name="peers",
        description="Places in a country twinned with a given place, from the reference twin "
        "network (Wikidata P190; reference, not register records), with the register records "
        "matched to each: who else is twinned with Strasbourg in GB?",
        params=(PLACE, COUNTRY),
        embedded=lambda g, place, country: peers(_twins_embedded(g, place), country),
        cypher=lambda run, place, country: peers(_twins_cypher(run, place), country),
        sort_key=lambda r: (r["country"] or "~", r["name"] or "", r["peer"]),
    )
)
