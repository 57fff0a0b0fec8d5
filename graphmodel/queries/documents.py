"""The papers as first-class sources: ``documents`` lists them, ``document_facts`` says what one
of them supports ("what does this paper say?")."""

from __future__ import annotations

from typing import Any

from graphmodel.views.sources import parse_source

from .catalogue import Param, Query, register
from .helpers import SEP, cited_files, documents_cypher, documents_embedded, pick_documents

__all__: list[str] = []


# -- documents ---------------------------------------------------------------------------------
def _documents_embedded(g, council):
    nodes: dict[str, int] = {}
    rels: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        for f in cited_files(d.get("sources")):
            nodes[f] = nodes.get(f, 0) + 1
    for _, _, d in g.edges(data=True):
        for f in cited_files(d.get("sources")):
            rels[f] = rels.get(f, 0) + 1
    rows = []
    for doc in documents_embedded(g):
        if council and doc["publisher"] != council:
            continue
        rows.append(_doc_row(doc, nodes.get(doc["file"], 0), rels.get(doc["file"], 0)))
    return rows


def _doc_row(doc: dict[str, Any], nodes: int, relationships: int) -> dict[str, Any]:
    return {
        "document": doc["id"],
        "title": doc.get("title"),
        "date": doc.get("date"),
        "publisher": doc.get("publisher"),
        "publisher_name": doc.get("publisher_name"),
        "kind": doc.get("kind"),
        "file": doc.get("file"),
        "facts": nodes + relationships,
        "nodes": nodes,
        "relationships": relationships,
    }


DOCUMENTS_CYPHER = """
MATCH (d:Entity:Document)
OPTIONAL MATCH (d)-[:PUBLISHED_BY]->(p:Entity)
WITH d, p WHERE $council IS NULL OR p.id = $council
OPTIONAL MATCH (n:Entity) WHERE any(s IN n.sources WHERE s STARTS WITH d.file + $sep)
WITH d, p, count(n) AS nodes
OPTIONAL MATCH (:Entity)-[r]->(:Entity) WHERE any(s IN r.sources WHERE s STARTS WITH d.file + $sep)
RETURN d.id AS id, d.name AS title, d.date AS date, d.kind AS kind, d.file AS file,
       p.id AS publisher, p.name AS publisher_name, nodes, count(r) AS relationships
"""


def _documents_cypher(run, council):
    return [
        _doc_row(r, r["nodes"], r["relationships"])
        for r in run(DOCUMENTS_CYPHER, council=council, sep=SEP)
    ]


register(
    Query(
        name="documents",
        description="The papers facts cite: title, date, publisher, kind of paper, and how many "
        "nodes and relationships cite each; optionally only one council's papers.",
        params=(Param("council", "only papers this council published", node=True),),
        embedded=_documents_embedded,
        cypher=_documents_cypher,
        sort_key=lambda r: (str(r["date"] or ""), r["document"]),
    )
)


# -- document_facts ----------------------------------------------------------------------------
def _facts(kind, ident, label, name, sources, file) -> list[dict[str, Any]]:
    rows, seen = [], set()
    for s in sources or ():
        if not s.startswith(file + SEP):
            continue
        ref = parse_source(s)
        if (ref.section, ref.quote) in seen:
            continue
        seen.add((ref.section, ref.quote))
        rows.append(
            {
                "section": ref.section,
                "kind": kind,
                "id": ident,
                "label": label,
                "name": name,
                "quote": ref.quote,
            }
        )
    return rows


def _document_facts_embedded(g, document):
    doc = pick_documents(documents_embedded(g), document)[0]
    file, rows = doc["file"], []
    for n, d in g.nodes(data=True):
        rows += _facts("node", n, d.get("label"), d.get("name"), d.get("sources"), file)
    for u, v, d in g.edges(data=True):
        ident = f"{u}|{d['type']}|{v}" + (f"|{d['key']}" if d.get("key") else "")
        name = f"{g.nodes[u].get('name')} → {g.nodes[v].get('name')}"
        rows += _facts("relationship", ident, d["type"], name, d.get("sources"), file)
    return rows


FACTS_CYPHER = """
MATCH (n:Entity) WHERE any(s IN n.sources WHERE s STARTS WITH $prefix)
RETURN 'node' AS kind, n.id AS id, null AS key, n.label AS label, n.name AS name,
       n.sources AS sources
UNION ALL
MATCH (a:Entity)-[r]->(b:Entity) WHERE any(s IN r.sources WHERE s STARTS WITH $prefix)
RETURN 'relationship' AS kind, a.id + '|' + type(r) + '|' + b.id AS id, r.key AS key,
       type(r) AS label, a.name + ' → ' + b.name AS name, r.sources AS sources
"""


def _document_facts_cypher(run, document):
    doc = pick_documents(documents_cypher(run), document)[0]
    file, rows = doc["file"], []
    for r in run(FACTS_CYPHER, prefix=doc["file"] + SEP):
        ident = r["id"] + (f"|{r['key']}" if r.get("key") else "")
        rows += _facts(r["kind"], ident, r["label"], r["name"], r["sources"], file)
    return rows


register(
    Query(
        name="document_facts",
        description="What one paper says: every node and relationship it supports, by section, "
        "with the quote when there is one.",
        params=(
            Param("document", "the paper's id, file name or title", required=True, label="Paper"),
        ),
        embedded=_document_facts_embedded,
        cypher=_document_facts_cypher,
        sort_key=lambda r: (r["section"], r["kind"], r["label"] or "", r["id"], r["quote"] or ""),
    )
)
