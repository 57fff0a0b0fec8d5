"""Checks that a valid-looking register is also plausible: no dates from the future, no negative
money, no record linked to itself, no parent chain that loops.

A date after today is an error (a typed 2999 for 1999), except that planned things (a draft
agreement, a planned project, an event, an end date) may stand up to a year ahead. A record may
keep an implausible value when it says why: its ``notes`` mention the date's year; a negative
amount's ``description`` says what it is (a refund, a saving).
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from graphmodel.errors import RegisterIssue
from graphmodel.model.records import Amount

from .stated_weights import stated_weight_issues

__all__ = ["plausibility_issues"]

#: (record kind, date field, counts as planned when the status is one of these ("*": always))
_DATE_FIELDS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "documents": (("date", ()),),
    "agreements": (("signed", ("draft", "proposed")), ("renewed", ())),
    "partnerships": (("since", ("exploring",)), ("last_reviewed", ())),
    "projects": (("start", ("planned", "proposed")), ("end", ("*",))),
    "events": (("start", ("*",)), ("end", ("*",))),
    "strategies": (("date", ("draft", "proposed", "consultation")),),
    "relations": (("since", ()),),
    "reviews": (("date", ()), ("next_review", ("*",))),
    "activities": (("start", ("*",)), ("end", ("*",))),
    "actions": (("target", ("*",)),),
}

#: fields holding the id of another record (a list, or one id)
_REF_FIELDS = (
    "parent",
    "supersedes",
    "place",
    "lead",
    "owner",
    "publisher",
    "project",
    "subject",
    "table",
    "directorate",
    "parties",
    "projects",
    "agreements",
    "organisers",
)

#: parent-like fields whose chains must end: (record kinds, field)
_CHAINS = (
    (("organisations", "places"), "parent"),
    (("themes",), "parent"),
    (("projects",), "parent"),
    (("funding_programmes",), "parent"),
    (("agreements",), "supersedes"),
)


def plausibility_issues(
    records: dict[str, list[tuple[Any, tuple]]], today: dt.date | None = None
) -> list[RegisterIssue]:
    """Every implausible value in the validated ``records`` (kind -> [(record, where)])."""
    today = today or dt.date.today()
    year = f"{today.year:04d}"
    issues: list[RegisterIssue] = []
    for kind, items in records.items():
        cls = None
        for rec, where in items:
            if type(rec) is not cls:  # what a model has, asked once per kind, not per record
                cls = type(rec)
                dates, roles = _dates_of(kind, cls), _has(cls, "roles")
                money = bool(_amount_fields(cls))
                refs, partners = _has(cls, *_REF_FIELDS), bool(_has(cls, "partners"))
                ends = _ENDS.get(kind)
            # a record whose dates all fall in years before this one has nothing to report
            if dates and _dated_from(rec, dates, roles, year):
                issues.extend(_future_dates(kind, rec, where, today))
            if money:
                issues.extend(_negative_money(rec, where))
            if (ends and ends(rec)) or _names_itself(rec, refs, partners):
                issues.extend(_self_links(kind, rec, where))
    issues.extend(_loops(records))
    issues.extend(stated_weight_issues(records))  # a strategy's weights name the criteria
    return issues


#: kinds whose two ends are named by fields of their own: whether a record's ends are one
_ENDS = {
    "partnerships": lambda rec: rec.home == rec.partner,
    "relations": lambda rec: rec.from_ == rec.to,
}


def _dated_from(rec: Any, names: tuple[str, ...], roles: tuple[str, ...], year: str) -> bool:
    """Whether any of ``_date_values(rec, names, roles)`` falls in ``year`` or later (the
    same values, without a generator per record)."""
    for name in names:
        if name == "roles" and roles:
            for role in rec.roles:
                if (role.start and role.start[:4] >= year) or (role.end and role.end[:4] >= year):
                    return True
            continue
        value = getattr(rec, name, None)
        for v in value if isinstance(value, list) else (value,):
            if v and v[:4] >= year:
                return True
    return False


def _names_itself(rec: Any, refs: tuple[str, ...], partners: bool) -> bool:
    """Whether ``_self_links`` could find anything past its first two checks: a reference
    field, or a project partner, holding the record's own id."""
    rid = getattr(rec, "id", None)
    if rid is None:
        return False
    for name in refs:
        value = getattr(rec, name)
        if value == rid or (isinstance(value, list) and rid in value):
            return True
    if partners and isinstance(rec.partners, list):
        return any(getattr(p, "organisation", None) == rid for p in rec.partners)
    return False


@functools.cache
def _dates_of(kind: str, cls: type) -> tuple[str, ...]:
    """The date fields a record of this kind and model has (roles' dates apart)."""
    named = tuple(name for name, _ in _DATE_FIELDS.get(kind, ()))
    return named + (("roles",) if _has(cls, "roles") else ())


def _date_values(rec: Any, names: tuple[str, ...], roles: bool) -> Iterator[str | None]:
    for name in names:
        if name == "roles" and roles:
            for role in rec.roles:
                yield role.start
                yield role.end
            continue
        value = getattr(rec, name, None)
        if isinstance(value, list):
            yield from value
        else:
            yield value


def _issue(where: tuple, field: str, message: str) -> RegisterIssue:
    return RegisterIssue(where[0], where[1], where[2], field, message)


def _earliest_day(partial: str) -> dt.date:
    """The first day a partial date (YYYY, YYYY-MM, YYYY-MM-DD) can mean."""
    parts = [int(p) for p in partial.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _latest_allowed(today: dt.date, planned: bool) -> dt.date:
    if not planned:
        return today
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


@functools.cache
def _has(cls: type, *names: str) -> tuple[str, ...]:
    """Which of ``names`` are fields of the model ``cls`` (asking a pydantic model for a field
    it lacks is slow: it raises inside ``__getattr__``)."""
    return tuple(n for n in names if n in cls.model_fields)


@functools.cache
def _amount_fields(cls: type) -> tuple[str, ...]:
    """The fields of a model that can hold an Amount, directly or in a nested model."""

    def holds(tp: Any) -> bool:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return tp is Amount or bool(_amount_fields(tp))
        return any(holds(a) for a in typing.get_args(tp))

    return tuple(n for n, f in cls.model_fields.items() if holds(f.annotation))


def _future_dates(kind: str, rec: Any, where: tuple, today: dt.date) -> Iterator[RegisterIssue]:
    checks = list(_DATE_FIELDS.get(kind, ()))
    if not checks and not _has(type(rec), "roles"):
        return
    notes = " ".join(str(getattr(rec, n) or "") for n in _has(type(rec), "notes", "description"))
    status = str(getattr(rec, "status", "") or "") if _has(type(rec), "status") else ""
    dated: list[tuple[str, str | None, bool]] = []
    for name, planned_when in checks:
        planned = "*" in planned_when or status in planned_when
        value = getattr(rec, name, None)
        for v in value if isinstance(value, list) else [value]:
            dated.append((name, v, planned))
    for i, role in enumerate(rec.roles if _has(type(rec), "roles") else []):
        dated.append((f"roles[{i}].start", role.start, False))
        dated.append((f"roles[{i}].end", role.end, True))
    for name, value, planned in dated:
        if not value:
            continue
        try:
            day = _earliest_day(value)
        except ValueError:
            continue  # validation has reported it
        latest = _latest_allowed(today, planned)
        if day <= latest or value[:4] in notes:
            continue
        when = "more than a year ahead" if planned else f"after today ({today.isoformat()})"
        yield _issue(
            where,
            name,
            f"{value} is {when}: correct the date, or if it is right, say why in this record's "
            f"notes (mentioning {value[:4]})",
        )


def _amounts(obj: Any, path: str) -> Iterator[tuple[str, Amount]]:
    if isinstance(obj, Amount):
        yield path, obj
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            yield from _amounts(x, f"{path}[{i}]")
    elif isinstance(obj, BaseModel):
        for name in _amount_fields(type(obj)):
            value = getattr(obj, name)
            if value is not None and value != []:
                yield from _amounts(value, f"{path}.{name}" if path else name)


def _negative_money(rec: Any, where: tuple) -> Iterator[RegisterIssue]:
    for path, amount in _amounts(rec, ""):
        if amount.value is not None and amount.value < 0 and not amount.description:
            yield _issue(
                where,
                f"{path}.value",
                f"a negative amount ({amount.value:g} {amount.unit}): write costs and benefits "
                "as positive sums, or if it is right, say what it is in the amount's description",
            )


def _self_links(kind: str, rec: Any, where: tuple) -> Iterator[RegisterIssue]:
    rid = getattr(rec, "id", None)
    if kind == "partnerships" and rec.home == rec.partner:
        yield _issue(
            where,
            "partner",
            f"the partner is the home council itself ({rec.home!r}): a council cannot be its "
            "own partner or twin; give the other side's id",
        )
    if kind == "relations" and rec.from_ == rec.to:
        yield _issue(where, "to", f"relates {rec.to!r} to itself: give the other record's id")
    if rid is None:
        return
    for name in _has(type(rec), *_REF_FIELDS):
        value = getattr(rec, name)
        if value == rid or (isinstance(value, list) and rid in value):
            yield _issue(
                where,
                name,
                f"refers to the record itself ({rid!r}): give another record's id, or leave the "
                "field out",
            )
    partners = rec.partners if _has(type(rec), "partners") else []
    for i, p in enumerate(partners if isinstance(partners, list) else []):
        if getattr(p, "organisation", None) == rid:
            yield _issue(where, f"partners[{i}].organisation", "refers to the record itself")


def _loops(records: dict[str, list[tuple[Any, tuple]]]) -> Iterator[RegisterIssue]:
    """One error per loop in a parent (or supersedes) chain, at the loop's first record."""
    for kinds, field in _CHAINS:
        up: dict[str, str] = {}
        where: dict[str, tuple] = {}
        for kind in kinds:
            for rec, w in records.get(kind, []):
                parent = getattr(rec, field) if _has(type(rec), field) else None
                if parent and parent != rec.id:  # a self-link is reported on its own
                    up[rec.id] = parent
                    where[rec.id] = w
        done: set[str] = set()
        for start in up:
            path: list[str] = []
            on_path: set[str] = set()
            node: str | None = start
            while node is not None and node not in done and node not in on_path:
                path.append(node)
                on_path.add(node)
                node = up.get(node)
            if node is not None and node in on_path:
                loop = path[path.index(node) :]
                chain = " → ".join([*loop, node])
                yield _issue(
                    where[loop[0]],
                    field,
                    f"the {field} chain loops ({chain}): one of these records needs another "
                    f"{field}, or none",
                )
            done.update(path)
