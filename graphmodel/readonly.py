"""Refusing writes in user-typed Cypher, before it reaches the server.

Neo4j itself refuses writes in a read transaction, and user Cypher always runs in one; but not
every Bolt server does (the ArcadeDB stand-in accepted ``CREATE`` in READ access mode), so the
statement is also checked here for updating clauses and write procedures.
"""

from __future__ import annotations

import re

from .errors import ReadOnlyViolation

__all__ = ["check_read_only", "WRITE_CLAUSES"]

WRITE_CLAUSES = (
    "CREATE",
    "MERGE",
    "DELETE",
    "DETACH",
    "SET",
    "REMOVE",
    "DROP",
    "FOREACH",
    "LOAD",
    "ALTER",
    "RENAME",
    "GRANT",
    "REVOKE",
    "DENY",
    "START",
    "STOP",
    "TERMINATE",
)
#: procedure name prefixes that write or administer
_WRITE_PROCEDURES = re.compile(
    r"\b(apoc\.(create|merge|refactor|periodic|nodes\.delete|do|cypher\.(do|run)write|"
    r"trigger|load|import|export|schema\.assert|atomic|lock)|db\.(create|drop|index\.fulltext\."
    r"create|clear)|dbms\.|gds\.[\w.]*\.(write|mutate)|tx\.)",
    re.IGNORECASE,
)
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_WORDS = re.compile(r"[A-Za-z_]+")


def check_read_only(statement: str) -> str:
    """Return ``statement`` if it only reads; raise :class:`ReadOnlyViolation` if it may write.

    Examples
    --------
    >>> check_read_only("MATCH (n) WHERE n.name = 'CREATE' RETURN n")
    "MATCH (n) WHERE n.name = 'CREATE' RETURN n"
    >>> check_read_only("MATCH (n) DETACH DELETE n")
    Traceback (most recent call last):
    ...
    graphmodel.errors.ReadOnlyViolation: refused: this statement would write (DETACH, DELETE); ...
    """
    if not statement or not statement.strip():
        raise ReadOnlyViolation(
            "empty statement: type a Cypher query such as "
            "MATCH (n:Partnership) RETURN n.name LIMIT 10"
        )
    code = _COMMENTS.sub(" ", _STRINGS.sub("''", statement))
    found = []
    for word in _WORDS.findall(code):
        up = word.upper()
        if up in WRITE_CLAUSES and up not in found:
            found.append(up)
    if re.search(r"\bIN\s+TRANSACTIONS\b", code, re.IGNORECASE):
        found.append("IN TRANSACTIONS")
    proc = _WRITE_PROCEDURES.search(code)
    if proc:
        found.append(proc.group(0))
    if found:
        raise ReadOnlyViolation(
            f"refused: this statement would write ({', '.join(found)}); the console only reads. "
            "Change data in the register files and run 'partnergraph load'."
        )
    return statement
