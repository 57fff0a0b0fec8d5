"""Sources people can read: a stored source string turned into the paper's title and date.

Every node and relationship keeps its sources as ``"FILE § SECTION"`` strings, with
``: "QUOTE"`` appended when the register gives a quote (see
``graphmodel.build.registry.source_labels``). A file name such as ``001_ef738cfb658b403d.txt``
means nothing to a reader; the register's ``documents`` hold each paper's title, date and
publisher. :class:`SourceLabels` joins the two, so every
screen, table, CSV and report can say *which paper, which section, what it says*, while the
file name stays available (JSON, tooltips).

Examples
--------
>>> ref = parse_source('paper.txt § s3: "Kent and Virginia signed"')
>>> ref.file, ref.section, ref.quote
('paper.txt', 's3', 'Kent and Virginia signed')
>>> labels = SourceLabels([{"id": "paper", "file": "paper.txt", "name": "A Paper", "date": "2007-07-12"}])
>>> labels.label('paper.txt § s3: "Kent and Virginia signed"')
'A Paper (12 Jul 2007) § s3 — “Kent and Virginia signed”'
>>> labels.label("pycountry § ISO 3166-1 FR")
'pycountry § ISO 3166-1 FR'

Notes written by curators cite papers by their numbers and records by their ids; ``prose``
names them for a reader:

>>> labels = SourceLabels([{"id": "p1", "file": "001_ab.txt", "name": "Annual report",
...                         "kind": "report to Cabinet", "date": "2007-12-03"}])
>>> labels.prose("001 leaves the cell blank; not in documents.yaml")
"The report to Cabinet of 3 Dec 2007 leaves the cell blank; not in the register's list of papers"
>>> labels.prose("parent: kent-partnership", {"kent-partnership": "Kent Partnership"}.get)
'parent: Kent Partnership'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from graphmodel.stores.base import ReadForms

__all__ = [
    "DocumentInfo",
    "RECORD_ID",
    "SourceRef",
    "SourceLabels",
    "parse_source",
    "format_date",
    "document_rows",
]

_QUOTED = re.compile(r"^(?P<section>.*?): \"(?P<quote>.*)\"$", re.S)
#: a paper cited by its number in the seeds folder ("001", "the later paper, 000", "000/001")
_PAPER_NUMBER = re.compile(r"(?<![\w£$.,/:-])(\d{3})(?:/(\d{3}))?(?![\w%/:-]|[.,]\d)")
#: a record id written into prose (``kent-partnership``): not inside an address or file name;
#: ``prose`` names the ones it finds
RECORD_ID = re.compile(r"(?<![\w/.@:#-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w/@-]|\.\w)")


@dataclass(frozen=True)
class SourceRef:
    """One stored source string, split into its parts."""

    file: str
    section: str
    quote: str | None = None
    raw: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    """What a reader needs to know of a paper: its title, date and publisher."""

    id: str
    file: str
    title: str
    date: str | None = None
    publisher: str | None = None
    publisher_name: str | None = None
    kind: str | None = None

    @property
    def short(self) -> str:
        """``the report to Cabinet of 3 Dec 2007``: how a sentence names the paper."""
        if self.kind and self.date:
            return f"the {self.kind} of {format_date(self.date)}"
        return f"“{self.title}”"

    @property
    def heading(self) -> str:
        """``Title (3 Dec 2007)``, or the title alone when the paper has no date."""
        return f"{self.title} ({format_date(self.date)})" if self.date else self.title


def parse_source(text: str) -> SourceRef:
    """Split ``FILE § SECTION`` (optionally ``: "QUOTE"``) into its parts.

    A string without ``§`` (a hand-written source) is kept whole as the section, with no file.
    """
    file, sep, rest = text.partition(" § ")
    if not sep:
        return SourceRef(file="", section=text, raw=text)
    m = _QUOTED.match(rest)
    if m:
        return SourceRef(file=file, section=m["section"], quote=m["quote"], raw=text)
    return SourceRef(file=file, section=rest, raw=text)


def format_date(value: str | None) -> str:
    """``2007-12-03`` -> ``3 Dec 2007``; ``2007-07`` -> ``Jul 2007``; ``2008`` stays ``2008``."""
    if not value:
        return ""
    parts = str(value).split("-")
    try:
        if len(parts) == 3:
            d = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            return f"{d.day} {d:%b %Y}"
        if len(parts) == 2:
            return f"{dt.date(int(parts[0]), int(parts[1]), 1):%b %Y}"
    except ValueError:
        pass
    return str(value)


class SourceLabels:
    """Turns source strings into readable labels, given the register's documents.

    ``documents`` are Document node property dicts (``id``, ``file``, ``title`` or ``name``, ``date``, and
    optionally ``publisher``/``publisher_name``/``kind``), as :func:`document_rows` reads them
    from a store.
    """

    def __init__(self, documents: Iterable[dict[str, Any]] = ()) -> None:
        self.by_file: dict[str, DocumentInfo] = {}
        for d in documents:
            if not d.get("file"):
                continue
            self.by_file[d["file"]] = DocumentInfo(
                id=d["id"],
                file=d["file"],
                title=d.get("name") or d.get("title") or d["id"],
                date=d.get("date"),
                publisher=d.get("publisher"),
                publisher_name=d.get("publisher_name"),
                kind=d.get("kind"),
            )

    @classmethod
    def from_store(cls, store: Any) -> SourceLabels:
        return cls(document_rows(store))

    @classmethod
    def from_graph(cls, graph: Any) -> SourceLabels:
        """From a :class:`~graphmodel.build.graph.PartnerGraph` (exports work on one)."""
        pubs = {e.src: e.dst for e in graph.edges.values() if e.type == "PUBLISHED_BY"}
        return cls(
            {**n.props, "id": n.id, "name": n.name, "publisher": pubs.get(n.id)}
            for n in graph.nodes.values()
            if n.label == "Document"
        )

    def document(self, file: str) -> DocumentInfo | None:
        return self.by_file.get(file)

    def find(self, text: str) -> DocumentInfo | None:
        """The document with this id, file name or title (case-insensitive), or None."""
        want = text.strip().casefold()
        for info in self.by_file.values():
            if want in (info.id.casefold(), info.file.casefold(), info.title.casefold()):
                return info
        return None

    def label(self, text: str, quote: bool = True) -> str:
        """``Title (date) § section — “quote”``; a source from no known paper is kept as it is."""
        ref = parse_source(text)
        info = self.by_file.get(ref.file)
        if info is None:
            return self._name_papers(text)
        out = f"{info.heading} § {ref.section}"
        if quote and ref.quote:
            out += f" — “{ref.quote}”"
        return self._name_papers(out)

    def _name_papers(self, text: str) -> str:
        # a source written into other text ("Strategy (FILE § section)", several sources joined
        # with "; "): each paper's file name becomes its title and date
        for file, doc in self.by_file.items():
            if file in text:
                text = text.replace(file, doc.heading)
        return text

    def prose(self, text: str, name_of: Callable[[str], str | None] | None = None) -> str:
        """Curators' text with papers and records named as a reader knows them: a file name
        becomes the paper's title, a paper's number (``004``) how a sentence names it,
        ``documents.yaml`` the register's list of papers, and a record id its name (where
        ``name_of`` knows it)."""
        if not isinstance(text, str) or not text:
            return text
        text = self._name_papers(text).replace("documents.yaml", "the register's list of papers")
        numbered = {f.partition("_")[0]: d for f, d in self.by_file.items() if "_" in f}
        if numbered:

            def paper(m: re.Match) -> str:
                docs = [numbered.get(n) for n in m.groups() if n]
                if not all(docs):
                    return m.group(0)
                named = " and ".join(d.short for d in docs)
                before = m.string[: m.start()].rstrip()
                starts = not before or before[-1] in ".!?\n"
                return named[0].upper() + named[1:] if starts else named

            text = _PAPER_NUMBER.sub(paper, text)
        if name_of is not None:
            text = RECORD_ID.sub(lambda m: name_of(m.group(0)) or m.group(0), text)
        return text

    def labels(self, sources: Iterable[str]) -> list[str]:
        return [self.label(s) for s in sources]

    def readable_rows(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows with every source column (``sources``, ``*_sources``, ``*_source``) labelled:
        for tables and CSVs people read. JSON keeps the stored strings, file names and all."""
        out = []
        for r in rows:
            row = dict(r)
            for k, v in r.items():
                if k == "sources" or k.endswith(("_sources", "_source")):
                    if isinstance(v, str):
                        row[k] = self.label(v)
                    elif isinstance(v, (list, tuple)):
                        row[k] = [self.label(x) if isinstance(x, str) else x for x in v]
            out.append(row)
        return out

    def grouped(self, sources: Iterable[str]) -> list[dict[str, Any]]:
        """Sources grouped by document (newest paper first), each (section, quote) once.

        Returns ``[{"document", "file", "title", "date", "heading", "items": [{"section",
        "quote", "raw"}]}]``; sources from no known paper (reference data) come last, under
        their own file name.
        """
        groups: dict[str, dict[str, Any]] = {}
        seen: set[tuple[str, str, str | None]] = set()
        for s in sources:
            ref = parse_source(s)
            key = (ref.file, ref.section, ref.quote)
            if key in seen:
                continue
            seen.add(key)
            info = self.by_file.get(ref.file)
            g = groups.get(ref.file)
            if g is None:
                g = groups[ref.file] = {
                    "document": info.id if info else None,
                    "file": ref.file,
                    "title": info.title if info else (ref.file or "other"),
                    "date": info.date if info else None,
                    "heading": info.heading if info else (ref.file or "other"),
                    "items": [],
                }
            # a section cited once with and once without a quote: keep the quoted one only
            items = g["items"]
            if ref.quote is None and any(i["section"] == ref.section for i in items):
                continue
            items[:] = [i for i in items if not (i["section"] == ref.section and not i["quote"])]
            items.append({"section": ref.section, "quote": ref.quote, "raw": s})
        known = [g for g in groups.values() if g["document"]]
        known.sort(key=lambda g: (str(g["date"] or ""), g["title"]), reverse=True)
        return known + [g for g in groups.values() if not g["document"]]


def _documents_embedded(g: Any) -> list[dict[str, Any]]:
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
    return rows


_DOCUMENTS_CYPHER = (
    "MATCH (d:Entity:Document) OPTIONAL MATCH (d)-[:PUBLISHED_BY]->(p:Entity) "
    "RETURN d.id AS id, d.file AS file, d.name AS title, d.date AS date, d.kind AS kind, "
    "p.id AS publisher, p.name AS publisher_name"
)

#: the papers, with their publishers, in both forms (see ``GraphStore.run_named``); the one
#: reader of the papers: the queries use it too (``graphmodel.queries.helpers``)
DOCUMENTS = ReadForms(embedded=_documents_embedded, cypher=lambda run: run(_DOCUMENTS_CYPHER))


def document_rows(store: Any) -> list[dict[str, Any]]:
    """Every Document node of a store with its publisher's id and name, sorted by date; read
    once per graph where the store can tell (a card asks on every view)."""

    def read() -> list[dict[str, Any]]:
        rows = store.run_named(DOCUMENTS, {})
        rows.sort(key=lambda r: (str(r.get("date") or ""), r["id"]))
        return rows

    return store.derived("document_rows", read)
