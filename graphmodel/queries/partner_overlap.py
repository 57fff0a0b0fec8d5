"""The ``partner_overlap`` query: for two councils, the partners they have in common, their
partners' partners, and the partners they could share.

- *common*: a partner of both: the same record, or records with a shared name or alias or a
  similar spelling (as ``shared_partners`` matches them; ``match`` says which, ``same_as`` names
  the other council's record);
- *partners' partner*: a partner of one council linked directly (in the partnership network) to
  a partner of the other; ``via`` names those;
- *could share*: a partner of one council in the same community (cluster) as the other council,
  not yet linked to it or its partners.
"""

from __future__ import annotations

from ..analytics.communities import membership
from ..analytics.projection import Projection, projection_from_cypher, projection_of_graph
from .analysis import _links_cypher, _links_embedded, _shared
from .catalogue import Param, Query, register
from .helpers import PROJECTION
from .single_points import _partners


def partner_overlap(p: Projection, council_a: str, council_b: str, links_a, links_b):
    partners = {
        "a": {e["id"]: e for e in _partners(links_a)},
        "b": {e["id"]: e for e in _partners(links_b)},
    }
    council = {"a": council_a, "b": council_b}
    m = membership(p) if p.graph.vcount() else []

    def community(n):
        return m[p.index[n]] if n in p.index else None

    # common: matched over every body and place either council is linked to (a place of one's
    # partner can be the other's partner, as Chongqing is)
    everything_a = {e["id"]: e for e in links_a}
    rows, matched = [], set()
    for r in _shared(links_a, links_b):
        matched |= {r["a"], r["b"]}
        row = _row(p, r["a"], everything_a[r["a"]], "common", ("a", "b"), council, (), None)
        linked_by_b = ", ".join(r["b_how"])
        rows.append(
            dict(
                row,
                match=r["match"],
                same_as=r["b"] if r["b"] != r["a"] else None,
                linked_by_b=linked_by_b,
            )
        )
    for side, other in (("a", "b"), ("b", "a")):
        theirs = partners[other]
        home = community(council[other])
        for n, e in sorted(partners[side].items()):
            if n in matched:
                continue
            near = (
                sorted(p.ids[v] for v in p.graph.neighbors(p.index[n]) if p.ids[v] in theirs)
                if n in p.index
                else []
            )
            if near:
                rows.append(
                    _row(p, n, e, "partners' partner", (side,), council, near, community(n))
                )
            elif home is not None and community(n) == home:
                rows.append(_row(p, n, e, "could share", (side,), council, (), community(n)))
    return rows


def _row(p, n, e, kind, sides, council, via, _community):
    return {
        "partner": n,
        "name": e["name"],
        "kind": kind,
        "partner_of": [council[s] for s in sides],
        "via": list(via),
        "via_names": [p.name(p.index[v]) for v in via],
        "linked_by": e["how"],
        "match": None,
        "same_as": None,
        "linked_by_b": None,
        "projection": p.kind,
    }


_ORDER = {"common": 0, "partners' partner": 1, "could share": 2}

register(
    Query(
        name="partner_overlap",
        description="For two councils: their common partners, each one's partners linked to a "
        "partner of the other (partners' partners, with 'via'), and partners of one in the "
        "other's cluster that they could share. Partners are those linked through partnerships, "
        "agreements, projects or direct links; clusters are the partnership network's "
        "communities.",
        params=(
            Param(
                "council_a", "the first council", required=True, node=True, label="First council"
            ),
            Param(
                "council_b", "the second council", required=True, node=True, label="Second council"
            ),
            PROJECTION,
        ),
        embedded=lambda g, council_a, council_b, projection: partner_overlap(
            projection_of_graph(g, projection),
            council_a,
            council_b,
            _links_embedded(g, council_a),
            _links_embedded(g, council_b),
        ),
        cypher=lambda run, council_a, council_b, projection: partner_overlap(
            projection_from_cypher(run, projection),
            council_a,
            council_b,
            _links_cypher(run, council_a),
            _links_cypher(run, council_b),
        ),
        sort_key=lambda r: (_ORDER[r["kind"]], r["partner_of"], r["partner"]),
    )
)
