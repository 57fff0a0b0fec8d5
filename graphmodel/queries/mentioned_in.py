"""``mentioned_in``: the nodes cited by every one of a set of papers, or by any of them.

"Which partner is named in all four Kent papers?" is
``partnergraph query mentioned_in --council kent-county-council --label Organisation``.
"""

from __future__ import annotations

from graphmodel.build.graph import NODE_LABELS

from .catalogue import BadParameter, Param, Query, register
from .helpers import SEP, cited_files, documents_cypher, documents_embedded, pick_documents

__all__: list[str] = []


def _chosen(docs, documents, council):
    chosen = pick_documents(docs, documents, council, param="documents", title="Papers")
    if not chosen:
        raise BadParameter(
            "mentioned_in needs --documents (ids, file names or titles, comma-separated) "
            "and/or --council (all the papers a council published)",
            param="documents",
            plain="Fill in “Papers” (titles, file names or ids, separated by commas), "
            "or “Council” for every paper that council published.",
        )
    return chosen


def _row(node_id, label, name, hits, chosen):
    ids = {d["file"]: d["id"] for d in chosen}
    return {
        "id": node_id,
        "label": label,
        "name": name,
        "cited_by": sorted(ids[f] for f in hits),
        "papers": len(hits),
        "of": len(chosen),
    }


def _mentioned_in_embedded(g, documents, council, mode, label):
    chosen = _chosen(documents_embedded(g), documents, council)
    files = {d["file"] for d in chosen}
    rows = []
    for n, d in g.nodes(data=True):
        if d.get("label") == "Document" or (label and d.get("label") != label):
            continue
        hits = cited_files(d.get("sources")) & files
        if hits and (mode == "any" or hits == files):
            rows.append(_row(n, d.get("label"), d.get("name"), hits, chosen))
    return rows


MENTIONED_CYPHER = """
MATCH (n:Entity) WHERE n.label <> 'Document' AND ($label IS NULL OR n.label = $label)
WITH n, [f IN $files WHERE any(s IN n.sources WHERE s STARTS WITH f + $sep)] AS hits
WHERE size(hits) > 0 AND ($mode = 'any' OR size(hits) = size($files))
RETURN n.id AS id, n.label AS label, n.name AS name, hits
"""


def _mentioned_in_cypher(run, documents, council, mode, label):
    chosen = _chosen(documents_cypher(run), documents, council)
    files = sorted({d["file"] for d in chosen})
    rows = run(MENTIONED_CYPHER, files=files, sep=SEP, mode=mode, label=label)
    return [_row(r["id"], r["label"], r["name"], set(r["hits"]), chosen) for r in rows]


register(
    Query(
        name="mentioned_in",
        description="The nodes cited by every one of a set of papers (--mode all) or by any of "
        "them (--mode any); the set is --documents and/or every paper of --council.",
        params=(
            Param(
                "documents", "papers: ids, file names or titles, comma-separated", label="Papers"
            ),
            Param("council", "every paper this council published", node=True),
            Param(
                "mode",
                "all (cited by every paper) or any",
                default="all",
                choices=("all", "any"),
                label="Cited by",
            ),
            Param(
                "label",
                "only nodes of this kind, e.g. Organisation",
                choices=tuple(NODE_LABELS),
                label="Kind of node",
            ),
        ),
        embedded=_mentioned_in_embedded,
        cypher=_mentioned_in_cypher,
        sort_key=lambda r: (-r["papers"], r["label"] or "", r["name"] or "", r["id"]),
    )
)
