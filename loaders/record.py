"""Recording what the team does: a review, activity or action appended to the register.

The write path, used by ``partnergraph review|activity|action`` and the Link health page's form:

1. the new record is built with an id and a source naming who wrote it and when;
2. the whole register is validated with the new record in place, by the same loader that reads
   it (``build_register``): a record that would not load is never written;
3. the text is appended to ``records_<year>.yaml`` in the register folder of the record it is
   about (``data/kent/records_2008.yaml``), so every other file stays byte-identical and the
   change is one readable ``git diff``;
4. the file is replaced atomically (temporary file, fsync, ``os.replace``): a write interrupted
   at any point leaves the register as it was;
5. the store is brought up to date: the embedded store swaps in the validated graph; on Neo4j the
   record's nodes and relationships go in one transaction, committed only once the file is
   written (and the file is put back if the commit fails), so the two never drift.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graphmodel.build.graph import PartnerGraph
from graphmodel.errors import RegisterError, RegisterIssue
from graphmodel.model.monitoring import RECORDED_SOURCE_DOC
from graphmodel.model.records import SLUG_PATTERN
from graphmodel.safety.atomic import why, write_text_atomic

from .record_input import DATE_FIELDS, MAX_NAME, checked_fields
from .register import ParsedFile, build_register, parse_csv_text, parse_yaml_text, register_files
from .write_lock import register_lock

__all__ = ["SINGULAR", "RecordWritten", "record", "who_is_writing", "year_file_name"]

_KINDS = ("reviews", "activities", "actions")
#: a record kind in the singular, as people say it
SINGULAR = {"reviews": "review", "activities": "activity", "actions": "action"}
#: the field naming what a record is about, which chooses its register folder
_ABOUT_FIELDS = {
    "reviews": ("partnership",),
    "activities": ("partnership", "partner", "unit"),
    "actions": ("partnership", "owner"),
}


@dataclass
class RecordWritten:
    """What a write did: the record as written, the file it went to, and the loaded register."""

    kind: str
    record: dict[str, Any]
    path: Path
    created: bool
    graph: PartnerGraph | None
    #: True when this submission was recorded before (a form sent twice): nothing was written
    repeated: bool = False


def who_is_writing() -> str:
    """The writer's name: ``PARTNERGRAPH_USER``, else the login name."""
    return os.environ.get("PARTNERGRAPH_USER") or getpass.getuser() or "unknown"


def year_file_name(year: str) -> str:
    return f"records_{year}.yaml"


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return s[:60].strip("-") or "record"


def _error(field: str | None, message: str, file: str = "<new record>") -> RegisterError:
    return RegisterError([RegisterIssue(file, None, None, field, message)])


def _read_all(root: Path) -> tuple[list[ParsedFile], dict[str, str]]:
    parsed, texts = [], {}
    for path in register_files(root):
        rel = str(path.relative_to(root))
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise _error(None, f"not UTF-8 text ({exc.reason}); save it as UTF-8", rel) from None
        except OSError as exc:
            raise _error(None, f"cannot be read: {why(exc)}", rel) from None
        texts[rel] = text
        if path.suffix.lower() == ".csv":
            parsed.append(parse_csv_text(text, rel))
        else:
            parsed.append(parse_yaml_text(text, rel))
    return parsed, texts


#: a form's submission id: letters, digits, '-' and '_'
_SUBMISSION = re.compile(r"[A-Za-z0-9_-]{8,64}")


def _submission_note(submission: str) -> str:
    return f" (form submission {submission})"


def _already(parsed: list[ParsedFile], kind: str, submission: str):
    """The record an earlier send of this form submission wrote, with its file, or None."""
    note = _submission_note(submission)
    for pf in parsed:
        for k, raw, _line, _ in pf.records:
            if k != kind:
                continue
            for src in raw.get("sources") or []:
                if isinstance(src, dict) and note in str(src.get("section") or ""):
                    return raw, pf.file
    return None


def _defined_in(parsed: list[ParsedFile], rid: str) -> str | None:
    for pf in parsed:
        for _kind, raw, _line, _ in pf.records:
            if raw.get("id") == rid:
                return pf.file
    return None


def _append(text: str, kind: str, item: str, file: str) -> str:
    """``text`` with ``item`` (a YAML list item) added at the end of its ``kind`` list."""
    if not text.strip():
        return f"{kind}:\n{item}"
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise _error(None, "this file is not a mapping of record kinds; fix it first", file)
    for key, value in root.value if root is not None else []:
        if key.value == kind:
            if not isinstance(value, yaml.SequenceNode) or value.flow_style:
                raise _error(
                    kind, f"{kind!r} is not a block list ('- id: ...'); fix it first", file
                )
            at = value.end_mark.index
            while at > 0 and text[at - 1] in " \t":
                at -= 1  # back to the line start the next key sits on
            head = text[:at] if text[:at].endswith("\n") else text[:at] + "\n"
            return head + item + text[at:]
    return text + ("" if text.endswith("\n") else "\n") + f"{kind}:\n{item}"


def _item_text(rec: dict[str, Any]) -> str:
    dumped = yaml.safe_dump([rec], sort_keys=False, allow_unicode=True, width=100)
    return "".join("  " + line if line.strip() else line for line in dumped.splitlines(True))


def _new_id(kind: str, rec: dict[str, Any], taken: set[str]) -> str:
    if kind == "reviews":
        base = f"review-{rec.get('partnership')}-{rec.get('date')}"
    elif kind == "activities":
        base = f"activity-{_slug(str(rec.get('name') or ''))}-{rec.get('start')}"
    else:
        base = f"action-{_slug(str(rec.get('name') or ''))}"
    base = _slug(base)
    rid, n = base, 2
    while rid in taken:
        rid, n = f"{base}-{n}", n + 1
    return rid


def record(
    register: str | Path,
    kind: str,
    fields: dict[str, Any],
    *,
    by: str | None = None,
    now: dt.datetime | None = None,
    store: Any = None,
    submission: str | None = None,
    wait: float | None = None,
) -> RecordWritten:
    """Validate and append one ``kind`` record (reviews, activities, actions) to the register.

    ``fields`` are the record's fields as a person gave them (empty values are dropped). The id,
    if not given, is made from them; the source says who wrote it (``by``) and when (``now``).
    ``store``, if given, is brought up to date with the same record.

    One writer at a time: the register folder is locked (:mod:`loaders.write_lock`, waiting up
    to ``wait`` seconds) while the register is read, the record validated and its file replaced.
    ``submission`` (a form's id for one press of its button) is kept in the record's source, so
    the same submission sent again is recognised: nothing is written then, and the result says
    ``repeated``.

    Raises
    ------
    RegisterError
        Naming the field and what to do, if the record (or the register with it) does not
        validate. Nothing is written then.
    RegisterBusy
        If another writer kept the register for longer than ``wait``. Nothing is written.
    """
    if kind not in _KINDS:
        raise _error(None, f"cannot record {kind!r}: choose one of {', '.join(_KINDS)}")
    root = Path(register)
    if not root.is_dir():
        raise _error(
            None, "no such register folder: give the folder holding the register", str(root)
        )
    by = (by or who_is_writing()).strip() or "unknown"
    if len(by) > MAX_NAME or "\n" in by:
        raise _error("by", f"a writer's name is one line of at most {MAX_NAME} characters")
    now = now or dt.datetime.now(dt.timezone.utc)
    rec = checked_fields(kind, fields, now.date())
    if submission is not None and not _SUBMISSION.fullmatch(submission):
        raise _error(None, "the form's submission id is damaged: reload the page and try again")
    with register_lock(root, wait):
        return _record_locked(root, kind, rec, by, now, store, submission)


def _record_locked(root, kind, rec, by, now, store, submission) -> RecordWritten:
    parsed, texts = _read_all(root)  # read under the lock: every earlier write is in it
    if submission is not None:
        earlier = _already(parsed, kind, submission)
        if earlier is not None:
            raw, file = earlier
            return RecordWritten(kind, raw, root / file, False, None, repeated=True)
    taken = {raw.get("id") for pf in parsed for _, raw, _, _ in pf.records}
    if rec.get("id") and not re.match(SLUG_PATTERN, str(rec["id"])):
        raise _error("id", "an id is lower-case letters, digits and single hyphens")
    when = rec.get(DATE_FIELDS[kind][0])  # checked_fields made it YYYY[-MM[-DD]]
    rec = {"id": rec.get("id") or _new_id(kind, rec, taken), **rec}
    stamp = now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    rec["sources"] = [
        {
            "doc": RECORDED_SOURCE_DOC,
            "section": f"{SINGULAR[kind]} recorded by {by} on {stamp}"
            + (_submission_note(submission) if submission else ""),
        }
    ]
    folder = Path()
    for f in _ABOUT_FIELDS[kind]:
        where = _defined_in(parsed, str(rec.get(f))) if rec.get(f) else None
        if where:
            folder = Path(where).parent
            break
    year = (when or now.strftime("%Y"))[:4]
    rel = str(folder / year_file_name(year))
    old = texts.get(rel)
    new_text = _append(old or "", kind, _item_text(rec), rel)
    trial = [pf for pf in parsed if pf.file != rel] + [parse_yaml_text(new_text, rel)]
    loaded = build_register(trial)  # raises RegisterError: nothing written
    path = root / rel
    _write(path, rel, new_text, old, loaded.graph, rec["id"], store)
    return RecordWritten(kind, rec, path, old is None, loaded.graph)


def _write(
    path: Path, rel: str, text: str, old: str | None, graph: PartnerGraph, rid: str, store
) -> None:
    def write_file() -> None:
        write_text_atomic(path, text, name=rel)

    def restore_file() -> None:
        if old is None:
            path.unlink(missing_ok=True)
        else:
            write_text_atomic(path, old, name=rel)

    if store is None:
        write_file()
    elif getattr(store, "kind", None) == "neo4j":
        store.add_in_one_transaction(_part(graph, rid), before_commit=write_file, undo=restore_file)
    else:
        write_file()
        try:
            store.replace(graph)
        except BaseException:
            restore_file()
            raise


def _part(graph: PartnerGraph, rid: str) -> PartnerGraph:
    """The new record's node and its relationships, as a graph of their own."""
    part = PartnerGraph()
    part.nodes[rid] = graph.nodes[rid]
    for ident, e in graph.edges.items():
        if rid in (e.src, e.dst):
            part.edges[ident] = e
    return part
