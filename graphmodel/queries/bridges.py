"""The ``bridges`` query: pairs of clusters (communities) that a partner connects, or that a
proposed partner would connect.

Without a candidate: every pair of communities joined by at least one link, ranked by how
fragile the join is (fewest links, then fewest nodes holding it first), then by the sizes of the
two clusters. With ``--candidate X --council C``: the clusters a partnership between C and X
would join to C's, ranked by how few links join them today.
"""

from __future__ import annotations

import heapq

import numpy as np

from ..analytics.communities import communities, community_name, membership
from ..analytics.projection import Projection, projection_from_cypher, projection_of_graph
from ..errors import quoted
from .catalogue import BadParameter, Param, Query, register
from .helpers import PROJECTION


def _links_between(p: Projection) -> tuple[dict[tuple[int, int], int], dict]:
    """Edges between each pair of communities, and the nodes at their ends (the partners,
    projects, partnerships or programmes that hold the two together). Grouped in numpy: at a
    million relationships a Python loop over the links between communities took half a
    second."""
    key = "links between communities"
    if key not in p.memo:
        m = np.asarray(membership(p), dtype=np.int64)
        edges = p.edge_array()
        cu, cv = m[edges[:, 0]], m[edges[:, 1]]
        cross = cu != cv
        if not cross.any():
            p.memo[key] = ({}, {})
            return p.memo[key]
        low, high = np.minimum(cu, cv)[cross], np.maximum(cu, cv)[cross]
        ends = edges[cross]
        # each link's pair of communities, twice: once with each end
        pair_low, pair_high = np.r_[low, low], np.r_[high, high]
        vertex = np.r_[ends[:, 0], ends[:, 1]]
        order = np.lexsort((vertex, pair_high, pair_low))
        pair_low, pair_high, vertex = pair_low[order], pair_high[order], vertex[order]
        new_pair = np.r_[True, (pair_low[1:] != pair_low[:-1]) | (pair_high[1:] != pair_high[:-1])]
        starts = np.flatnonzero(new_pair)
        links = np.diff(np.r_[starts, len(vertex)]) // 2  # each link was listed twice
        new_vertex = new_pair | np.r_[True, vertex[1:] != vertex[:-1]]
        counts: dict[tuple[int, int], int] = {}
        holders: dict[tuple[int, int], set[int]] = {}
        held = vertex[new_vertex].tolist()  # each pair's holders, once each
        cut = np.r_[np.flatnonzero(new_pair[new_vertex]), len(held)].tolist()
        firsts = zip(pair_low[starts].tolist(), pair_high[starts].tolist(), strict=True)
        for pair, n, i, j in zip(firsts, links.tolist(), cut, cut[1:], strict=False):
            counts[pair] = n
            holders[pair] = set(held[i:j])
        p.memo[key] = (counts, holders)
    return p.memo[key]


def _numbered(p: Projection) -> dict[int, object]:
    """membership label -> its Community (numbered largest first)."""
    m = membership(p)
    return {m[c.members[0]]: c for c in communities(p)}


def _row(p, by_label, a, b, links, holders, kind):
    ca, cb = by_label[a], by_label[b]
    if ca.number > cb.number:
        ca, cb = cb, ca
    held = sorted(holders, key=lambda v: p.ids[v])
    return {
        "community_a": ca.number,
        "name_a": community_name(p, ca),
        "size_a": ca.size,
        "community_b": cb.number,
        "name_b": community_name(p, cb),
        "size_b": cb.size,
        "links": links,
        "bridged_by": [p.ids[v] for v in held],
        "bridged_by_names": [p.name(v) for v in held],
        "bridged_by_labels": [p.labels[v] for v in held],
        "kind": kind,
        "projection": p.kind,
    }


def bridges(p: Projection, candidate: str | None, council: str | None, top: int | None = None):
    """The rows; without a candidate, only the ``top`` that rank first (all if None): the
    others would be cut after ranking anyway, and naming 19,000 pairs at a million
    relationships took a second."""
    if p.graph.vcount() == 0:
        return []
    counts, holders = _links_between(p)
    by_label = _numbered(p)
    if candidate is None:
        pairs = [pair for pair in counts if holders.get(pair)]
        if top is not None and len(pairs) > top:
            pairs = heapq.nsmallest(
                top, pairs, key=lambda pair: _pair_rank(by_label, pair, counts, holders)
            )
        return [
            _row(p, by_label, a, b, counts[(a, b)], holders[(a, b)], "existing") for a, b in pairs
        ]
    for end, what in ((candidate, "candidate"), (council, "council")):
        if end is None:
            raise BadParameter(
                "bridges with --candidate needs --council: whose partner it would be",
                param="council",
                plain="Fill in “Council” too: the council the proposed partner would partner.",
            )
        if end not in p.index:
            raise BadParameter(
                f"the {what} {end!r} is not in the {p.kind} projection ({p.description}); "
                "ask with --projection all",
                param=what,
                plain=f"{quoted(end)} is not in the {p.kind} network "
                f"({p.description}); choose “all” under “Network measured” to include it.",
            )
    m = membership(p)
    x, home = p.index[candidate], m[p.index[council]]
    reach = {m[x]} | {m[v] for v in p.graph.neighbors(x)}
    rows = []
    for c in sorted(reach - {home}):
        pair = (home, c) if home < c else (c, home)
        rows.append(_row(p, by_label, home, c, counts.get(pair, 0), {x}, "proposed"))
    return rows


def _pair_rank(by_label, pair, counts, holders):
    """``_rank`` of the row a pair of communities would make, without making it."""
    ca, cb = by_label[pair[0]], by_label[pair[1]]
    first, second = sorted((ca.number, cb.number))
    return (counts[pair], len(holders[pair]), -ca.size * cb.size, first, second)


def _rank(r):
    if r["kind"] == "proposed":
        return (r["links"], -r["size_a"] * r["size_b"], r["community_a"], r["community_b"])
    return (
        r["links"],
        len(r["bridged_by"]),
        -r["size_a"] * r["size_b"],
        r["community_a"],
        r["community_b"],
    )


def _top(rows, params):
    rows.sort(key=_rank)
    return rows[: params["top"]]


register(
    Query(
        name="bridges",
        description="Pairs of clusters (communities of the partnership network) that partners "
        "(or their projects, partnerships and programmes) connect, ranked: fewest links and nodes "
        "holding the pair together first, then the larger pairs. With --candidate and --council: the clusters a partnership between them "
        "would join to the council's, fewest links today first.",
        params=(
            Param(
                "candidate",
                "a proposed partner (node id, name or alias)",
                node=True,
                label="Proposed partner",
            ),
            Param(
                "council", "the council the candidate would partner (with --candidate)", node=True
            ),
            Param("top", "how many rows", type=int, default=20, label="Rows to show"),
            PROJECTION,
        ),
        embedded=lambda g, candidate, council, top, projection: bridges(
            projection_of_graph(g, projection), candidate, council, top
        ),
        cypher=lambda run, candidate, council, top, projection: bridges(
            projection_from_cypher(run, projection), candidate, council, top
        ),
        finish=_top,
        sort_key=_rank,
    )
)
