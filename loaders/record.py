"""Recording what the team does: a review, activity or action appended to the register.

The write path, used by ``partnergraph review|activity|action`` and the explorer's forms:

1. the fields are checked for bounds (:mod:`loaders.record_input`): lengths, plausible dates;
2. the register folder is locked (:mod:`loaders.write_lock`), so one writer at a time, across
   processes, reads, validates and writes;
3. under the lock the writer's :class:`~loaders.register_index.RegisterIndex` takes in what
   other writers appended meanwhile (or reads the whole register again, if anything else
   changed); the CLI makes its index with one full read before it waits for the lock, the
   explorer keeps one for as long as it runs;
4. the new record, with an id and a source naming who wrote it and when, is validated against
   the index: its fields, its id, its references, its dates. A write costs one record, not a
   read of the whole register;
5. the text is appended to ``records_<year>.yaml`` in the register folder of the record it is
   about (``data/kent/records_2008.yaml``), read fresh under the lock, so every other file
   stays byte-identical and the change is one readable ``git diff``; the new text is read back
   and must hold the record exactly;
6. the file is replaced atomically (temporary file, fsync, ``os.replace``): a write interrupted
   at any point leaves the register as it was;
7. the store is brought up to date with the record's node and relationships (and anything the
   index caught up with): the embedded store adds them; on Neo4j they go in one transaction,
   committed only once the file is written (and the file is put back if the commit fails), so
   the two never drift.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graphmodel.build.graph import PartnerGraph
from graphmodel.errors import RegisterError, RegisterIssue
from graphmodel.model.monitoring import RECORDED_SOURCE_DOC
from graphmodel.model.records import SLUG_PATTERN
from graphmodel.safety.atomic import why, write_text_atomic

from .record_input import DATE_FIELDS, MAX_NAME, NEW_RECORD, checked_fields
from .register import parse_yaml_text
from .register_index import RegisterIndex, Update, record_digest
from .write_lock import register_lock

__all__ = [
    "SINGULAR",
    "RecordWritten",
    "beside_note",
    "record",
    "who_is_writing",
    "year_file_name",
]

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
    #: the whole register's graph with the record in it (a writer without its own index; else
    #: None: a server's graph is its store)
    graph: PartnerGraph | None
    #: True when this submission was recorded before (a form sent twice): nothing was written
    repeated: bool = False
    #: the record's node and relationships, as added to the store
    part: PartnerGraph | None = None
    #: what other writers had changed, taken in first (and given to the store too)
    update: Update | None = None
    #: the id of a record already there that this one would have been named as (a review of
    #: the same link on the same date, an activity of the same name and start): perhaps the
    #: same one recorded twice, by two people at once; both are kept, and the writer is told
    beside: str | None = None


#: what a record's generated id is made of, in words
_NAMED_BY = {"reviews": "link and date", "activities": "name and start", "actions": "name"}


def beside_note(written: RecordWritten, where: str, earlier: dict[str, Any] | None = None) -> str:
    """The words telling a writer that a record like theirs was there already
    (:attr:`RecordWritten.beside`), or "" when none was; ``where`` is the new record's file as
    the writer knows it, ``earlier`` the earlier record's fields, if at hand."""
    if not written.beside:
        return ""
    what = SINGULAR[written.kind]
    by = (earlier or {}).get("reviewer") if written.kind == "reviews" else None
    return (
        f"A {what} with the same {_NAMED_BY[written.kind]} was in the register already "
        f"({written.beside}{f', reviewer {by}' if by else ''}): this one is kept beside it as "
        f"{written.record['id']}. If both are the same {what}, remove one from {where}."
    )


def who_is_writing() -> str:
    """The writer's name: ``PARTNERGRAPH_USER``, else the login name."""
    return os.environ.get("PARTNERGRAPH_USER") or getpass.getuser() or "unknown"


def year_file_name(year: str) -> str:
    return f"records_{year}.yaml"


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return s[:60].strip("-") or "record"


def _error(field: str | None, message: str, file: str = NEW_RECORD) -> RegisterError:
    return RegisterError([RegisterIssue(file, None, None, field, message)])


#: a form's submission id: letters, digits, '-' and '_'
_SUBMISSION = re.compile(r"[A-Za-z0-9_-]{8,64}")


def _submission_note(submission: str) -> str:
    return f" (form submission {submission})"


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


def _base_id(kind: str, rec: dict[str, Any]) -> str:
    """The id a new record is named by: a review by its link and date, an activity by its name
    and start, an action by its name."""
    if kind == "reviews":
        base = f"review-{rec.get('partnership')}-{rec.get('date')}"
    elif kind == "activities":
        base = f"activity-{_slug(str(rec.get('name') or ''))}-{rec.get('start')}"
    else:
        base = f"action-{_slug(str(rec.get('name') or ''))}"
    return _slug(base)


def _new_id(kind: str, rec: dict[str, Any], taken: set[str]) -> str:
    base = _base_id(kind, rec)
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
    index: RegisterIndex | None = None,
    apply_update: Callable[[Any, Update], None] | None = None,
) -> RecordWritten:
    """Validate and append one ``kind`` record (reviews, activities, actions) to the register.

    ``fields`` are the record's fields as a person gave them (empty values are dropped). The id,
    if not given, is made from them; the source says who wrote it (``by``) and when (``now``).
    ``store``, if given, is brought up to date with the same record. ``index`` is the
    register's index a long-running writer keeps (the explorer); without one, the register is
    read once, before the lock is taken. ``apply_update(store, update)`` gives the store what
    other writers changed meanwhile (default: their records added, or the whole graph replaced).

    One writer at a time: the register folder is locked (:mod:`loaders.write_lock`, waiting up
    to ``wait`` seconds) while the record is validated and its file replaced. ``submission``
    (a form's id for one press of its button) is kept in the record's source, so the same
    submission sent again is recognised: nothing is written then, and the result says
    ``repeated``.

    Raises
    ------
    RegisterError
        Naming the field and what to do, if the record does not validate (or the register on
        disk no longer loads). Nothing is written then.
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
    if rec.get("id") and not re.match(SLUG_PATTERN, str(rec["id"])):
        raise _error("id", "an id is lower-case letters, digits and single hyphens")
    if submission is not None and not _SUBMISSION.fullmatch(submission):
        raise _error(None, "the form's submission id is damaged: reload the page and try again")
    if index is None:
        index = RegisterIndex(root, keep_graph=True)  # one full read, before waiting
    with register_lock(root, wait):
        update = index.catch_up()  # what other writers did meanwhile
        if store is not None and update:
            (apply_update or _apply)(store, update)
        return _record_locked(index, kind, rec, by, now, store, submission, update)


def _apply(store, update: Update) -> None:
    if update.rebuilt is not None:
        store.replace(update.rebuilt)
    for part in update.parts:
        store.add(part)


def _record_locked(
    index: RegisterIndex, kind, rec, by, now, store, submission, update: Update
) -> RecordWritten:
    root = index.root
    if submission is not None and submission in index.submissions:
        rid, file = index.submissions[submission]
        return RecordWritten(
            kind, {"id": rid}, root / file, False, index.graph, repeated=True, update=update
        )
    when = rec.get(DATE_FIELDS[kind][0])  # checked_fields made it YYYY[-MM[-DD]]
    beside = None
    if not rec.get("id"):
        base = _base_id(kind, rec)
        beside = base if base in index.labels else None
    rec = {"id": rec.get("id") or _new_id(kind, rec, index.labels), **rec}
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
        where = index.defined_in.get(str(rec.get(f))) if rec.get(f) else None
        if where:
            folder = Path(where).parent
            break
    year = (when or now.strftime("%Y"))[:4]
    rel = str(folder / year_file_name(year))
    try:
        part = index.check_new(kind, rec, rel)  # raises RegisterError: nothing written
    except RegisterError as exc:
        raise RegisterError([_for_a_writer(kind, i) for i in exc.issues]) from None
    path = root / rel
    old = _read_target(path, rel)
    new_text = _append(old or "", kind, _item_text(rec), rel)
    digest = _read_back(new_text, rel, old, rec)
    _write(path, rel, new_text, old, part, store)
    index.note_written(rel, rec["id"], digest, part, created=old is None)
    return RecordWritten(
        kind, rec, path, old is None, index.graph, part=part, update=update, beside=beside
    )


#: the register's advice for a date ahead of today, which names a field (notes) that neither
#: the forms nor the record commands offer
_NOTES_ADVICE = ", or if it is right, say why in this record's notes"


def _for_a_writer(kind: str, issue: RegisterIssue) -> RegisterIssue:
    """``issue`` as a person recording through a form or a command can act on it."""
    at = issue.message.find(_NOTES_ADVICE)
    if at < 0:
        return issue
    if kind == "reviews" and issue.field == "date":
        why = "; a review is recorded once it has taken place"
    else:
        why = (
            " (a date this far ahead, if it is right, goes into the register file by hand, "
            "with notes saying why)"
        )
    return dataclasses.replace(issue, message=issue.message[:at] + why)


def _read_target(path: Path, rel: str) -> str | None:
    """The year's file as it is now (under the lock), or None if there is none yet."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise _error(None, f"not UTF-8 text ({exc.reason}); save it as UTF-8", rel) from None
    except OSError as exc:
        raise _error(None, f"cannot be read: {why(exc)}", rel) from None


def _read_back(new_text: str, rel: str, old: str | None, rec: dict[str, Any]) -> str:
    """The digest of the new record as the new text reads back, which must be the old file's
    records, untouched, plus this one exactly."""
    after = parse_yaml_text(new_text, rel)
    before = parse_yaml_text(old, rel).records if old and old.strip() else []
    was = Counter(record_digest(raw) for _, raw, _, _ in before)
    now = Counter(record_digest(raw) for _, raw, _, _ in after.records)
    mine = record_digest(rec)
    if after.issues or now != was + Counter([mine]):
        problems = "; ".join(i.message for i in after.issues[:2])
        raise _error(
            None,
            "the year's file would not read back with the new record in it"
            + (f" ({problems})" if problems else "")
            + ": fix the file by hand first; nothing was written",
            rel,
        )
    return mine


def _write(path: Path, rel: str, text: str, old: str | None, part: PartnerGraph, store) -> None:
    def write_file() -> None:
        write_text_atomic(path, text, name=rel)

    def restore_file() -> None:
        if old is None:
            path.unlink(missing_ok=True)
        else:
            write_text_atomic(path, old, name=rel)

    if store is None:
        write_file()
    else:  # the store writes the file inside its own commit (Neo4j: in the transaction)
        store.add(part, before_commit=write_file, undo=restore_file)
