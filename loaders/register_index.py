"""What a writer needs to know about a loaded register, so a write costs one record.

A :class:`RegisterIndex` is made by one full read of the register. It keeps, per record id, its
label and the file that defines it; per file, the stamp it had before the read (modification
time, size, inode); for files holding only reviews, activities and actions, a digest of each
record; and the form submissions already recorded. With it a new record is validated alone
(:meth:`RegisterIndex.check_new`): its fields, its id, its references, its dates.

Changes made by another hand are found by comparing stamps (:meth:`RegisterIndex.changed`,
a ``stat`` per file). :meth:`RegisterIndex.catch_up` then takes them in: records appended to
records files (what ``partnergraph review|activity|action`` writes) are validated like a new
record and returned as a part to add; anything else (a record edited or removed, another kind
of file changed) reads the whole register again (:class:`Update` says ``rebuilt``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graphmodel.build.did_you_mean import did_you_mean
from graphmodel.build.graph import PartnerGraph
from graphmodel.build.part import build_part
from graphmodel.errors import RegisterError, RegisterIssue
from graphmodel.model.monitoring import MONITORING_MODELS
from graphmodel.model.records import RECORD_MODELS

from .files import find_register_files
from .messages import validation_issues
from .plausible import plausibility_issues
from .record_input import NEW_RECORD
from .register import LoadedRegister, parse_yaml_text, read_register

__all__ = ["RegisterIndex", "Update", "stamps_of", "record_digest", "SUBMISSION_NOTE"]

#: how a form's submission id is kept in a record's source section
SUBMISSION_NOTE = re.compile(r"\(form submission ([A-Za-z0-9_-]{8,64})\)")
_MONITORING_LABELS = {label for _, label in MONITORING_MODELS.values()}

Stamp = tuple[int, int, int]


def stamps_of(root: Path) -> dict[str, Stamp]:
    """Every register file's (modification time, size, inode), by path relative to ``root``."""
    out: dict[str, Stamp] = {}
    for path in find_register_files(root)[0]:
        try:
            st = path.stat()
        except OSError:
            continue  # gone meanwhile: seen as removed
        out[str(path.relative_to(root))] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return out


def record_digest(raw: dict[str, Any]) -> str:
    """A digest of a record as read, to tell an untouched record from an edited one."""
    text = json.dumps(raw, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@dataclass
class Update:
    """What :meth:`RegisterIndex.catch_up` found: nothing, parts to add, or a new whole graph."""

    parts: list[PartnerGraph] = field(default_factory=list)
    rebuilt: PartnerGraph | None = None
    files: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.parts) or self.rebuilt is not None


class _Rebuild(Exception):
    """A change the index cannot take in record by record."""


class RegisterIndex:
    """A loaded register's ids, files and submissions (see the module's docstring).

    ``keep_graph`` keeps the loaded graph too, brought up to date with every change (the CLI's
    link health after a review reads it); a server keeps its graph in its store instead.
    """

    def __init__(self, root: str | Path, keep_graph: bool = False):
        self.root = Path(root)
        self.keep_graph = keep_graph
        self.graph: PartnerGraph | None = None
        self.labels: dict[str, str] = {}
        self.defined_in: dict[str, str] = {}
        self.stamps: dict[str, Stamp] = {}
        self.digests: dict[str, dict[str, str]] = {}  # records file -> id -> digest
        self.submissions: dict[str, tuple[str, str]] = {}  # submission -> (record id, file)
        self.load()

    # -- a full read -------------------------------------------------------------------------
    def load(self) -> LoadedRegister:
        """Read the whole register (raises RegisterError; the index is unchanged then)."""
        stamps = stamps_of(self.root)  # before the read: a change during it is seen later
        loaded = read_register(self.root)
        self._take(loaded, stamps)
        return loaded

    def _take(self, loaded: LoadedRegister, stamps: dict[str, Stamp]) -> None:
        graph = loaded.graph
        self.labels = {n.id: n.label for n in graph.nodes.values()}
        self.defined_in = dict(loaded.defined_in)
        self.stamps = stamps
        self.submissions = {}
        by_file: dict[str, list[str]] = {}
        for rid, file in self.defined_in.items():
            by_file.setdefault(file, []).append(rid)
        self.digests = {}
        for file, ids in by_file.items():
            if all(self.labels.get(i) in _MONITORING_LABELS for i in ids):
                self.digests[file] = self._file_digests(file, stamps.get(file))
        for rid, label in self.labels.items():
            if label in _MONITORING_LABELS:
                self._note_submissions(rid, graph.nodes[rid].sources)
        self.graph = graph if self.keep_graph else None

    def _file_digests(self, file: str, stamp: Stamp | None) -> dict[str, str]:
        """Each record's digest in a records file, read again; a file changed since the
        stamp was taken gets no digests (its next change reads the whole register)."""
        try:
            text = (self.root / file).read_text(encoding="utf-8")
            st = (self.root / file).stat()
        except (OSError, UnicodeDecodeError):
            return {}
        if stamp != (st.st_mtime_ns, st.st_size, st.st_ino):
            self.stamps.pop(file, None)
            return {}
        return {
            raw["id"]: record_digest(raw)
            for _, raw, _, _ in parse_yaml_text(text, file).records
            if isinstance(raw.get("id"), str)
        }

    def _note_submissions(self, rid: str, sources: Iterable[str]) -> None:
        for s in sources:
            m = SUBMISSION_NOTE.search(s)
            if m:
                self.submissions[m.group(1)] = (rid, self.defined_in.get(rid, ""))

    # -- changes by another hand -------------------------------------------------------------
    def changed(self) -> bool:
        """Whether any register file differs from what the index has taken in (a stat each)."""
        return stamps_of(self.root) != self.stamps

    def catch_up(self) -> Update:
        """Take in what changed on disk since the index was made or last caught up.

        Call it holding the register lock. Raises RegisterError if the register no longer
        loads (the index keeps what it had).
        """
        now = stamps_of(self.root)
        changed = sorted(f for f, s in now.items() if self.stamps.get(f) != s)
        if not changed and set(now) == set(self.stamps):
            return Update()
        try:
            if set(self.stamps) - set(now):
                raise _Rebuild("a file was removed")
            part = self._appended(changed, now)
        except _Rebuild:
            loaded = self.load()
            return Update(rebuilt=loaded.graph, files=changed)
        self._add(part)
        self.stamps = now
        return Update(parts=[part], files=changed)

    def _appended(self, changed: list[str], now: dict[str, Stamp]) -> PartnerGraph:
        """The records appended to records files, as one checked part."""
        new: dict[str, list] = {}
        digests: dict[str, dict[str, str]] = {}
        for file in changed:
            if file in self.stamps and file not in self.digests:
                raise _Rebuild(f"{file} holds other records than reviews, activities, actions")
            if not file.lower().endswith((".yaml", ".yml")):
                raise _Rebuild(f"{file} is a new table")
            try:
                text = (self.root / file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raise _Rebuild(f"{file} cannot be read") from None
            parsed = parse_yaml_text(text, file)
            if parsed.issues:
                raise _Rebuild(f"{file} has problems")
            old = self.digests.get(file, {})
            seen: dict[str, str] = {}
            for kind, raw, line, _ in parsed.records:
                rid = raw.get("id")
                if kind not in MONITORING_MODELS or not isinstance(rid, str) or rid in seen:
                    raise _Rebuild(f"{file}: not a plain records file")
                digest = record_digest(raw)
                seen[rid] = digest
                if rid in old:
                    if old[rid] != digest:
                        raise _Rebuild(f"{file}: {rid} was edited")
                    continue
                if rid in self.labels:
                    raise _Rebuild(f"{file}: {rid} is defined twice")
                model, _ = RECORD_MODELS[kind]
                try:
                    rec = model.model_validate(raw)
                except ValidationError:
                    raise _Rebuild(f"{file}: {rid} does not validate") from None
                new.setdefault(kind, []).append((rec, (file, line, rid)))
            if set(old) - set(seen):
                raise _Rebuild(f"{file}: a record was removed")
            digests[file] = seen
        part, issues = build_part(new, self.labels)
        issues += plausibility_issues(new)
        if any(i.severity == "error" for i in issues):
            raise _Rebuild("the appended records do not check")
        for file, seen in digests.items():
            self.digests[file] = seen
            for rid in seen:
                self.defined_in.setdefault(rid, file)
        return part

    def _add(self, part: PartnerGraph) -> None:
        for node in part.nodes.values():
            self.labels[node.id] = node.label
            if node.label in _MONITORING_LABELS:
                self._note_submissions(node.id, node.sources)
        if self.graph is not None:
            self.graph.nodes.update(part.nodes)
            self.graph.edges.update(part.edges)

    # -- a new record ------------------------------------------------------------------------
    def check_new(self, kind: str, raw: dict[str, Any], file: str) -> PartnerGraph:
        """The new record's node and relationships, checked against the loaded register.

        Raises
        ------
        RegisterError
            Naming the field, if the record does not validate, its id is taken, a reference
            points at nothing (or at the wrong kind of record), or a date is implausible.
        """
        model, _ = RECORD_MODELS[kind]
        rid = raw.get("id")
        try:
            rec = model.model_validate(raw)
        except ValidationError as exc:
            raise RegisterError(
                validation_issues(exc, model, NEW_RECORD, None, rid, {}, {})
            ) from None
        if rid in self.labels:
            raise RegisterError(
                [
                    RegisterIssue(
                        NEW_RECORD,
                        None,
                        rid,
                        "id",
                        f"the id {rid!r} is taken (defined in "
                        f"{self.defined_in.get(rid, 'the register')}): give another",
                    )
                ]
            )
        records = {kind: [(rec, (NEW_RECORD, None, rid))]}
        part, issues = build_part(records, self.labels)
        issues += plausibility_issues(records)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            for issue in errors:
                if issue.hint:
                    issue.message += did_you_mean(issue.hint, _of_kind(issue, self.labels))
            raise RegisterError(errors)
        return part

    def note_written(
        self, file: str, rid: str, digest: str, part: PartnerGraph, created: bool
    ) -> None:
        """Take in a record just written to ``file`` (under the lock), as read back."""
        try:
            st = (self.root / file).stat()
            self.stamps[file] = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            self.stamps.pop(file, None)
        self.defined_in[rid] = file
        if created:
            self.digests[file] = {}
        if file in self.digests:
            self.digests[file][rid] = digest
        self._add(part)


def _of_kind(issue: RegisterIssue, labels: dict[str, str]) -> dict[str, str]:
    """The ids of the kinds ``issue``'s reference may name (:attr:`RegisterIssue.expected`), so
    a suggestion is an id the field takes (not 'kent', an organisation, for a partnership); all
    of them when it names none."""
    if not issue.expected:
        return labels
    kinds = set(issue.expected)
    return {rid: label for rid, label in labels.items() if label in kinds}
