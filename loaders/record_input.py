"""What a person typed for a new review, activity or action, checked before anything else.

Bounds a register file written by hand does not need, but a form open to every editor does: a
name or a reviewer is one line of at most :data:`MAX_NAME` characters, an outcome or a
description at most :data:`MAX_TEXT`; a list (people, themes) at most :data:`MAX_ITEMS` items;
a date falls between :data:`EARLIEST_YEAR` and :data:`LATEST_AHEAD` years from now (a typed
0001 would otherwise make ``records_0001.yaml``), and a next review or an end date does not come
before the review or the start. Every refusal names its field, and all of them
are reported at once.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from graphmodel.errors import RegisterError, RegisterIssue
from graphmodel.model.records import parse_partial_date

__all__ = [
    "NEW_RECORD",
    "checked_fields",
    "DATE_FIELDS",
    "MAX_NAME",
    "MAX_TEXT",
    "MAX_ITEMS",
    "EARLIEST_YEAR",
    "LATEST_AHEAD",
]

#: characters in a one-line field (a name, a reviewer, a person, an id)
MAX_NAME = 200
#: characters in a text field (an outcome, a description, notes)
MAX_TEXT = 4000
#: items in a list field (people, themes)
MAX_ITEMS = 100
#: the earliest year a record may carry (the oldest town twinnings date from the 1920s)
EARLIEST_YEAR = 1900
#: how many years ahead a date may be (a planned action's target, the next review)
LATEST_AHEAD = 10

#: each kind's date fields; the first one chooses the year's file
DATE_FIELDS = {
    "reviews": ("date", "next_review"),
    "activities": ("start", "end"),
    "actions": ("target",),
}
_TEXT_FIELDS = {"outcome", "description", "notes"}


#: the "file" a new record's own problems are reported in (typed into a form or a command, it is
#: in no file yet): an issue elsewhere is about the register on disk, not what was given
NEW_RECORD = "<new record>"


def _issue(field: str, message: str) -> RegisterIssue:
    return RegisterIssue(NEW_RECORD, None, None, field, message)


def _text_problem(value: str, limit: int, one_line: bool) -> str | None:
    if len(value) > limit:
        return f"at most {limit:,} characters (this has {len(value):,}): shorten it"
    if one_line and ("\n" in value or "\r" in value):
        return "one line only: remove the line breaks"
    if any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        return "holds control characters: type it again without them"
    return None


def checked_fields(kind: str, fields: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """``fields`` without empty values, with their dates normalised (``YYYY[-MM[-DD]]``).

    Raises
    ------
    RegisterError
        Naming every field that is too long, not one line, or has an implausible date.
    """
    rec = {k: v for k, v in fields.items() if v not in (None, "", [])}
    issues: list[RegisterIssue] = []
    for name, value in list(rec.items()):
        if name in DATE_FIELDS.get(kind, ()):
            continue
        if isinstance(value, str):
            long = name in _TEXT_FIELDS
            problem = _text_problem(value, MAX_TEXT if long else MAX_NAME, not long)
            if problem:
                issues.append(_issue(name, problem))
        elif isinstance(value, (list, tuple)):
            if len(value) > MAX_ITEMS:
                issues.append(
                    _issue(name, f"at most {MAX_ITEMS} items (this has {len(value)}): keep fewer")
                )
                continue
            for item in value:
                problem = _text_problem(str(item), MAX_NAME, True)
                if problem:
                    issues.append(_issue(name, f"{str(item)[:40]!r}…: {problem}"))
                    break
    for name in DATE_FIELDS.get(kind, ()):
        if not rec.get(name):
            continue
        raw = rec[name]
        if isinstance(raw, str) and len(raw) > 20:
            issues.append(_issue(name, "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"))
            continue
        try:
            when = parse_partial_date(raw)
        except ValueError as exc:
            issues.append(_issue(name, _no_such_day(raw) or str(exc)))
            continue
        year = int(when[:4])
        if year < EARLIEST_YEAR:
            issues.append(
                _issue(name, f"{when} is before {EARLIEST_YEAR}: check the year (YYYY-MM-DD)")
            )
        elif year > today.year + LATEST_AHEAD:
            issues.append(
                _issue(
                    name,
                    f"{when} is more than {LATEST_AHEAD} years ahead: check the year (YYYY-MM-DD)",
                )
            )
        else:
            rec[name] = when
    issues += _out_of_order(kind, rec)
    if issues:
        raise RegisterError(issues)
    return rec


def _no_such_day(raw: Any) -> str | None:
    """What is wrong with a day the month does not have (2026-02-30), in words a person can act
    on, or None for any other problem."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(raw).strip())
    if not m or not 1 <= int(m[2]) <= 12:
        return None
    year, month, day = (int(g) for g in m.groups())
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return None
    return (
        f"{m[0]}: day is out of range for {calendar.month_name[month]} {year} "
        f"(it has {days} days): check the day (YYYY-MM-DD)"
    )


#: each kind's (earlier, later) date fields and how to say the later one must come after
_ORDER = {
    "reviews": ("date", "next_review", "the review's date", "the next review comes after this one"),
    "activities": ("start", "end", "its start", "an activity ends after it starts"),
}


def _out_of_order(kind: str, rec: dict[str, Any]) -> list[RegisterIssue]:
    """A later date before the earlier one (a next review due before this review): a typo
    that would read as overdue at once. Partial dates compare on what both give (2026-02 is
    not before 2026-02-03)."""
    if kind not in _ORDER:
        return []
    first, then, first_words, rule = _ORDER[kind]
    a, b = rec.get(first), rec.get(then)
    if not (isinstance(a, str) and isinstance(b, str)):
        return []  # one is missing, or was refused above
    n = min(len(a), len(b))
    if b[:n] >= a[:n]:
        return []
    return [_issue(then, f"{b} is before {first_words} ({a}): {rule}; check the dates")]
