"""Reading registers: pure ``parse_*`` functions over text and rows, thin ``read_*`` over files.

A register loads only if it has no errors; every error names the file, line, record and field.
Reading stops at raw records (:class:`ParsedFile`); validating them and building the graph is
``validate.py``'s (:func:`~loaders.validate.build_register`, or file by file as
:func:`read_register` does, :class:`~loaders.validate.Validation`).
"""

from __future__ import annotations

import bisect
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graphmodel.build.bulk import paused_gc
from graphmodel.build.did_you_mean import close_matches
from graphmodel.errors import RegisterError, RegisterIssue
from graphmodel.model.records import RECORD_MODELS

from .csv_rows import checked_rows
from .files import find_register_files, folder_problem, read_register_text
from .validate import LoadedRegister, Validation, build_register
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


def _kind_error(file: str, line: int | None, kind: str) -> RegisterIssue:
    close = close_matches(kind, RECORD_MODELS, limit=1)
    if close:
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
    # a sources cell -> its list of {doc, section}, shared by the rows with that cell (the
    # records are only read, by their models)
    sources_read: dict[str, list[dict[str, str]] | None] = {}
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
            if how == "sources":  # most rows cite what the row before cited: read once
                value = sources_read.get(cell)
                if value is None:
                    value = sources_read[cell] = _csv_value(column, cell)
            else:
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
    checking = Validation()
    for p in problems:
        checking.take(ParsedFile(p.file, issues=[p]))
    for path in files:  # each file validated as soon as read: its raw records go at once
        rel = str(path.relative_to(root))
        text, problem = read_register_text(path, rel)
        if problem is not None:
            checking.take(ParsedFile(rel, issues=[problem]))
            continue
        if path.suffix.lower() == ".csv":
            parsed = parse_csv_text(text, rel)
        else:
            parsed = parse_yaml_text(text, rel)
        del text
        checking.take(parsed, consume=True)
        del parsed
    return checking.finish(consume=True)
