"""What the named queries share, in one place: walkers over the read view, common parameters,
and the papers facts cite.

The walkers read the graph an ``embedded`` form is given (the store's read view, a NetworkX
``MultiDiGraph``); the outputs that walk a graph (the year report, the activity matrix) use them
too. A node or relationship cites a paper when one of its ``sources`` starts with the paper's
file name and `` § `` (see :mod:`graphmodel.views.sources`, which reads the papers for source
labels with the same two forms); both stores answer from the same stored strings, so the queries
built on these helpers give identical rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from graphmodel.model.projections import PROJECTIONS
from graphmodel.model.records import PartnershipTier, Sphere
from graphmodel.views.sources import DOCUMENTS, parse_source

from ..errors import quoted
from .catalogue import BadParameter, Param

__all__ = [
    "COUNCIL",
    "PROJECTION",
    "SEP",
    "SPHERE",
    "TIER",
    "cited_files",
    "documents_cypher",
    "documents_embedded",
    "first",
    "in_nodes",
    "internal_orgs",
    "out_nodes",
    "pick_documents",
    "prop",
    "sections_by_file",
]

# -- common parameters ---------------------------------------------------------------------------
COUNCIL = Param(
    "council", "the home council (id, name or alias)", required=True, node=True, home=True
)
SPHERE = Param(
    "sphere", "europe, west, east, domestic or other", choices=tuple(s.value for s in Sphere)
)
TIER = Param(
    "tier",
    "strategic, funding-or-projects, exploring, twinning, network, informal, domestic",
    choices=tuple(t.value for t in PartnershipTier),
)
PROJECTION = Param(
    "projection",
    "which graph to measure: 'partnership' (default: the bodies that take part and their links; "
    "countries, themes and other reference nodes left out) or 'all' (every node but documents, "
    "conflicts and cost rows)",
    default="partnership",
    choices=tuple(PROJECTIONS),
    label="Network measured",
)


# -- walkers over the read view -------------------------------------------------------------------
def out_nodes(g: nx.MultiDiGraph, n: str, etype: str) -> list[str]:
    """The ids ``n`` points to by ``etype`` relationships, sorted, each once.

    >>> g = nx.MultiDiGraph()
    >>> g.add_edges_from([("kent", "npdc", {"type": "PARTY_TO"})] * 2)
    [0, 1]
    >>> out_nodes(g, "kent", "PARTY_TO"), in_nodes(g, "npdc", "PARTY_TO")
    (['npdc'], ['kent'])
    """
    return sorted({v for _, v, t in g.out_edges(n, data="type") if t == etype})


def in_nodes(g: nx.MultiDiGraph, n: str, etype: str) -> list[str]:
    """The ids pointing to ``n`` by ``etype`` relationships, sorted, each once."""
    return sorted({u for u, _, t in g.in_edges(n, data="type") if t == etype})


def first(items: list[str]) -> str | None:
    return items[0] if items else None


def prop(g: nx.MultiDiGraph, n: str | None, key: str) -> Any:
    return None if n is None else g.nodes[n].get(key)


def internal_orgs(g, council: str) -> list[str]:
    """Directorates, units and teams that belong (through PART_OF) to the council."""
    seen, todo = set(), [council]
    while todo:
        n = todo.pop()
        for child in in_nodes(g, n, "PART_OF"):
            if child not in seen and g.nodes[child].get("label") == "Organisation":
                seen.add(child)
                todo.append(child)
    return sorted(seen)


# -- the papers --------------------------------------------------------------------------------
SEP = " § "


def documents_embedded(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Every paper: id, file, title, date, kind, publisher and publisher_name, by date."""
    return _by_date(DOCUMENTS.embedded(g))


def documents_cypher(run: Callable[..., list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """:func:`documents_embedded` on a store that runs Cypher."""
    return _by_date(DOCUMENTS.cypher(run))


def _by_date(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (str(r.get("date") or ""), r["id"]))


def pick_documents(
    docs: list[dict[str, Any]],
    names: str | None,
    council: str | None = None,
    *,
    param: str = "document",
    title: str = "Paper",
) -> list[dict[str, Any]]:
    """The papers named in ``names`` (comma-separated ids, file names or titles) and/or all the
    papers ``council`` published. BadParameter lists the papers there are; ``param`` and
    ``title`` are the parameter that named them and its label on a form."""
    chosen: dict[str, dict[str, Any]] = {}
    if council:
        for d in docs:
            if d.get("publisher") == council:
                chosen[d["id"]] = d
        if not chosen:
            raise BadParameter(
                f"no paper in the register was published by {council!r}",
                param="council",
                plain=f"No paper in the register was published by {quoted(council)}; "
                "choose another “Council” or leave it empty.",
            )
    for name in [x.strip() for x in (names or "").split(",") if x.strip()]:
        want = name.casefold()
        hit = next(
            (
                d
                for d in docs
                if want in (d["id"].casefold(), (d["file"] or "").casefold())
                or want == (d.get("title") or "").casefold()
            ),
            None,
        )
        if hit is None:
            listing = "; ".join(f"{d['id']} ({d['file']})" for d in docs)
            titles = "; ".join(quoted(d.get("title") or d["file"]) for d in docs[:3])
            raise BadParameter(
                f"no paper {name!r}; the papers are: {listing}",
                param=param,
                plain=f"“{title}”: no paper is called {quoted(name)}. Type a paper's title, "
                f"file name or id, such as {titles}.",
            )
        chosen[hit["id"]] = hit
    return list(chosen.values())


def cited_files(sources: Iterable[str] | None) -> set[str]:
    """The files a list of source strings cites."""
    return {s.partition(SEP)[0] for s in sources or () if SEP in s}


def sections_by_file(sources: Iterable[str] | None) -> dict[str, list[dict[str, Any]]]:
    """``{file: [{section, quote}]}`` for a list of source strings, in the order given."""
    out: dict[str, list[dict[str, Any]]] = {}
    for s in sources or ():
        ref = parse_source(s)
        if ref.file:
            out.setdefault(ref.file, []).append({"section": ref.section, "quote": ref.quote})
    return out
