"""The exceptions and problem reports every layer shares."""

from __future__ import annotations

import reprlib
from dataclasses import dataclass

__all__ = [
    "PartnerGraphError",
    "StoreFileError",
    "short",
    "quoted",
    "RegisterIssue",
    "RegisterError",
    "NodeNotFound",
    "StoreUnavailable",
    "ReadOnlyViolation",
]


class PartnerGraphError(Exception):
    """Base class of every error partnergraph raises on purpose."""


#: longest message, record id or field an issue keeps: a register can hold any text, and an
#: error must stay one readable line (a YAML alias bomb once printed 351 MB)
MAX_TEXT = 300

_repr = reprlib.Repr()
_repr.maxstring = 60
_repr.maxother = 60
_repr.maxlist = _repr.maxdict = _repr.maxtuple = _repr.maxset = 4
_repr.maxlevel = 2


def short(value: object) -> str:
    """A value as Python writes it, cut short: never the whole of a huge or nested value.

    Examples
    --------
    >>> len(short("x" * 100_000))
    60
    >>> short([[1, 2, 3, 4, 5, 6]] * 9)
    '[[1, 2, 3, 4, ...], [1, 2, 3, 4, ...], [1, 2, 3, 4, ...], [1, 2, 3, 4, ...], ...]'
    """
    return _repr.repr(value)


def quoted(value: object) -> str:
    """A value as a person typed it, between curly quotes and cut short (for messages on a page).

    Examples
    --------
    >>> quoted("Kentt"), len(quoted("x" * 500))
    ('“Kentt”', 62)
    """
    text = str(value)
    return f"“{text if len(text) <= 60 else text[:59] + '…'}”"


def _cut(text: str | None) -> str | None:
    if text is None or len(text) <= MAX_TEXT:
        return text
    return text[: MAX_TEXT - 1] + "…"


@dataclass
class RegisterIssue:
    """One problem in a register, located as precisely as the input allows."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str
    severity: str = "error"
    hint: str | None = None
    #: for a reference to no record (``hint`` the id given): the kinds of record it may name
    expected: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.message = _cut(self.message) or ""
        self.record = _cut(self.record)
        self.field = _cut(self.field)

    def location(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        if self.record:
            where += f" record {self.record!r}"
        if self.field:
            where += f" field {self.field!r}"
        return where

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "record": self.record,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
        }


class RegisterError(PartnerGraphError):
    """A register has errors; nothing was loaded."""

    def __init__(self, issues: list[RegisterIssue]):
        self.issues = issues
        errors = [i for i in issues if i.severity == "error"]
        lines = [str(i) for i in errors[:50]]
        more = f"\n… and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(
            f"the register has {len(errors)} error(s); nothing was loaded:\n"
            + "\n".join(lines)
            + more
        )


class NodeNotFound(PartnerGraphError):
    """No node has this id; ``suggestions`` holds the closest ids.

    ``param`` is the query parameter that held the id, when a named query raised it.
    ``problem`` says what is wrong and ``advice`` what to do; the message is both."""

    param: str | None = None
    problem: str = ""
    advice: str = ""

    #: what to do when nothing is near what was typed
    SEARCH_ADVICE = (
        "Check the spelling, or find the record by part of its name in the search box of "
        "the explorer ('partnergraph serve')."
    )

    def __init__(self, node_id: str, suggestions: list[str] | None = None, ambiguous: bool = False):
        self.node_id = node_id
        self.suggestions = suggestions or []
        self.ambiguous = ambiguous
        if ambiguous:
            self.problem = (
                f"{short(node_id)} is ambiguous: it is a name or alias of "
                f"{len(self.suggestions)} records ({', '.join(self.suggestions)})"
            )
            self.advice = "Which one? Give its id."
        else:
            self.problem = f"No record has the id, name or alias {short(node_id)}"
            self.advice = self.SEARCH_ADVICE
            if self.suggestions:
                self.advice = "Did you mean " + ", ".join(self.suggestions) + "?"
        self._say()

    def _say(self) -> None:
        said = f"{self.problem}. {self.advice}"
        if self.suggestions and not self.ambiguous:  # "…; did you mean x?": one sentence
            said = f"{self.problem}; d{self.advice[1:]}"
        self.args = (said,)

    def advise(self, advice: str) -> NodeNotFound:
        """This error, telling ``advice`` instead of the search box when nothing is near."""
        if not self.suggestions and not self.ambiguous:
            self.advice = advice
            self._say()
        return self


class StoreFileError(PartnerGraphError, OSError):
    """A store, import or output file cannot be read or written; nothing was changed.

    Also an ``OSError``, so code that handles a failed write as one keeps doing so."""


class StoreUnavailable(PartnerGraphError):
    """The store cannot be reached (e.g. Neo4j is down or the credentials are wrong)."""


class ReadOnlyViolation(PartnerGraphError):
    """A statement that would write was refused."""
