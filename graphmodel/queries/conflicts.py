"""``conflicts``: every recorded disagreement between (or within) the papers, with each version
and where it is printed; filter by paper, council or subject."""

from __future__ import annotations

import re
from typing import Any

from graphmodel.views.sources import RECORD_ID, SourceLabels

from .catalogue import Param, Query, register
from .helpers import cited_files, documents_cypher, documents_embedded, pick_documents

__all__: list[str] = []

#: the builder joins one version's sources with "; " (build/kinds.py); a new source starts with a file
_NEXT_SOURCE = re.compile(r"; (?=[^;§]+ § )")


def split_version_sources(joined: str | None) -> list[str]:
    """One version's sources, as the builder joined them, back into a list."""
    return [s for s in _NEXT_SOURCE.split(joined or "") if s]


def _shown(value: Any) -> str:
    # the builder stores each value as text; a value the paper leaves blank is "None"
    return "(blank)" if value in (None, "None", "") else str(value)


def _finish(raw, docs, document, council, subject, name_of) -> list[dict[str, Any]]:
    labels = SourceLabels({**d, "name": d["title"]} for d in docs)

    def readable(text):
        return labels.prose(text, name_of) if isinstance(text, str) else text

    by_file = {d["file"]: d for d in docs}
    wanted = {d["file"] for d in pick_documents(docs, document)} if document else None
    rows = []
    for r in raw:
        if subject and r["subject"] != subject:
            continue
        versions = [split_version_sources(v) for v in r.get("value_sources") or []]
        files = set().union(*(cited_files(v) for v in versions)) if versions else set()
        papers = [by_file[f] for f in files if f in by_file]
        councils = {d["publisher"] for d in papers if d.get("publisher")}
        if wanted is not None and not files & wanted:
            continue
        if council and council not in councils:
            continue
        rows.append(
            {
                "conflict": r["id"],
                "title": readable(r.get("title")),
                "subject": r["subject"],
                "subject_name": r.get("subject_name"),
                "subject_label": r.get("subject_label"),
                "field": r.get("field"),
                "values": tuple(readable(_shown(v)) for v in r.get("values") or []),
                "sources": tuple("; ".join(labels.labels(v)) for v in versions),
                "note": readable(r.get("note")),
                "resolution": readable(r.get("resolution")),
                "documents": sorted(d["id"] for d in papers),
                "councils": sorted(councils),
                "raw_sources": tuple(r.get("value_sources") or []),
            }
        )
    return rows


def _conflicts_embedded(g, document, council, subject):
    raw = []
    for n, d in g.nodes(data=True):
        if d.get("label") != "Conflict":
            continue
        about = next((v for _, v, t in g.out_edges(n, data="type") if t == "ABOUT"), None)
        raw.append(
            {
                "id": n,
                "title": d.get("name"),
                "field": d.get("field"),
                "note": d.get("note"),
                "resolution": d.get("resolution"),
                "values": d.get("values"),
                "value_sources": d.get("value_sources"),
                "subject": about,
                "subject_name": g.nodes[about].get("name") if about else None,
                "subject_label": g.nodes[about].get("label") if about else None,
            }
        )

    def name_of(i: str) -> str | None:
        return g.nodes[i].get("name") if i in g else None

    return _finish(raw, documents_embedded(g), document, council, subject, name_of)


CONFLICTS_CYPHER = """
MATCH (c:Entity:Conflict)
OPTIONAL MATCH (c)-[:ABOUT]->(s:Entity)
RETURN c.id AS id, c.name AS title, c.field AS field, c.note AS note, c.resolution AS resolution,
       c.`values` AS `values`, c.value_sources AS value_sources,
       s.id AS subject, s.name AS subject_name, s.label AS subject_label
"""


NAMES_CYPHER = "MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, n.name AS name"


def _conflicts_cypher(run, document, council, subject):
    raw = run(CONFLICTS_CYPHER)
    # the names of the records the notes and values mention by id, in one read
    words = " ".join(
        str(x) for r in raw for x in [r.get("note"), r.get("resolution"), *(r.get("values") or [])]
    )
    ids = sorted(set(RECORD_ID.findall(words)))  # the ids prose would name
    names = {x["id"]: x["name"] for x in run(NAMES_CYPHER, ids=ids)} if ids else {}
    return _finish(raw, documents_cypher(run), document, council, subject, names.get)


register(
    Query(
        name="conflicts",
        description="Every recorded disagreement between or within the papers: the subject, each "
        "version with its source, and the note; filter by paper, council or subject.",
        params=(
            Param(
                "document",
                "only conflicts citing this paper (id, file name or title)",
                label="Paper",
            ),
            Param("council", "only conflicts citing this council's papers", node=True),
            Param(
                "subject",
                "only conflicts about this node (id, name or alias)",
                node=True,
                label="About",
            ),
        ),
        embedded=_conflicts_embedded,
        cypher=_conflicts_cypher,
        sort_key=lambda r: (r["subject_name"] or "", r["field"] or "", r["conflict"]),
    )
)
