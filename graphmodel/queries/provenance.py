"""What the provenance queries share: reading the papers from either store, and naming them.

A node or relationship cites a paper when one of its ``sources`` starts with the paper's file
name and `` § `` (see :mod:`graphmodel.views.sources`). Both stores answer the same questions from the
same stored strings, so the queries built on these helpers give identical rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from graphmodel.views.sources import parse_source

from ..errors import quoted
from .catalogue import BadParameter

__all__ = [
    "SEP",
    "documents_embedded",
    "documents_cypher",
    "pick_documents",
    "cited_files",
]

SEP = " § "

DOCUMENTS_CYPHER = """
MATCH (d:Entity:Document)
OPTIONAL MATCH (d)-[:PUBLISHED_BY]->(p:Entity)
RETURN d.id AS id, d.file AS file, d.name AS title, d.date AS date, d.kind AS kind,
       p.id AS publisher, p.name AS publisher_name
"""


def documents_embedded(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Every paper: id, file, title, date, kind, publisher and publisher_name, by date."""
    rows = []
    for n, d in g.nodes(data=True):
        if d.get("label") != "Document":
            continue
        pub = next((v for _, v, t in g.out_edges(n, data="type") if t == "PUBLISHED_BY"), None)
        rows.append(
            {
                "id": n,
                "file": d.get("file"),
                "title": d.get("name"),
                "date": d.get("date"),
                "kind": d.get("kind"),
                "publisher": pub,
                "publisher_name": g.nodes[pub].get("name") if pub else None,
            }
        )
    return _by_date(rows)


def documents_cypher(run: Callable[..., list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return _by_date(run(DOCUMENTS_CYPHER))


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
