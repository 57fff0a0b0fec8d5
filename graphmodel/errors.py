"""The exceptions and problem reports every layer shares."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "PartnerGraphError",
    "RegisterIssue",
    "RegisterError",
    "NodeNotFound",
    "StoreUnavailable",
    "ReadOnlyViolation",
]


class PartnerGraphError(Exception):
    """Base class of every error partnergraph raises on purpose."""


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
    """No node has this id; ``suggestions`` holds the closest ids."""

    def __init__(self, node_id: str, suggestions: list[str] | None = None):
        self.node_id = node_id
        self.suggestions = suggestions or []
        msg = f"no node with id {node_id!r}"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)


class StoreUnavailable(PartnerGraphError):
    """The store cannot be reached (e.g. Neo4j is down or the credentials are wrong)."""


class ReadOnlyViolation(PartnerGraphError):
    """A statement that would write was refused."""
