"""Refusing writes in user-typed Cypher, before it reaches the server.

Neo4j itself refuses writes in a read transaction, and user Cypher always runs in one; but not
every Bolt server does (the ArcadeDB stand-in accepted ``CREATE`` in READ access mode), so the
statement is also checked here.

The check is a single pass of a Cypher lexer (:func:`tokens`): strings with their escapes, both
comment forms, backquoted names and parameters are read the way Cypher reads them, so a quote
inside a comment or a keyword inside a string cannot hide code. The decision is then made on
tokens, not substrings:

* an updating, schema or administration **clause** (``CREATE``, ``MERGE``, ``SET``,
  ``DELETE``, ``REMOVE``, ``FOREACH``, ``LOAD CSV``, ``DROP``, ``ALTER``, ``GRANT``, ``USE``, …)
  is refused wherever it stands, also inside a subquery; the same word as a property
  (``a.start``), a map key (``{set: 1}``), a label, an alias (``AS start``), a variable where an
  expression stands (``ORDER BY start``, ``RETURN a, set``) or a backquoted name is not a clause;
* ``CALL`` of a procedure is allowed only for the read procedures in :data:`READ_PROCEDURES`;
  functions in the namespaces of :data:`REFUSED_FUNCTIONS` (APOC's that write or run Cypher) are
  refused; ``CALL { … } IN TRANSACTIONS`` is refused;
* one statement only (a trailing ``;`` is fine), at most :data:`MAX_LENGTH` characters; an
  unterminated string, comment or name is refused.

The lexer is linear in the statement's length; a statement over the limit is refused before it is
read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from graphmodel.errors import ReadOnlyViolation

__all__ = [
    "check_read_only",
    "tokens",
    "Token",
    "WRITE_CLAUSES",
    "READ_PROCEDURES",
    "REFUSED_FUNCTIONS",
    "MAX_LENGTH",
]

#: longest statement the console takes, in characters
MAX_LENGTH = 20_000

#: words that start an updating, schema or administration clause
WRITE_CLAUSES = frozenset(
    {
        "CREATE", "INSERT", "MERGE", "DELETE", "DETACH", "NODETACH", "SET", "REMOVE",
        "FOREACH", "LOAD", "DROP", "ALTER", "RENAME", "GRANT", "REVOKE", "DENY", "START",
        "STOP", "TERMINATE", "ENABLE", "DEALLOCATE", "REALLOCATE", "USE",
    }
)  # fmt: skip

#: read procedures ``CALL`` may run: exact names, and prefixes ending in ``.``
READ_PROCEDURES = frozenset(
    {
        "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
        "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "db.indexes",
        "db.constraints", "db.info", "db.ping", "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships", "db.index.fulltext.listavailableanalyzers",
        "db.index.vector.querynodes", "db.index.vector.queryrelationships",
        "dbms.components", "dbms.procedures", "dbms.functions", "dbms.showcurrentuser",
        "apoc.help", "apoc.meta.", "apoc.path.", "apoc.algo.", "apoc.neighbors.",
        "apoc.stats.degrees", "gds.version", "gds.list", "gds.graph.list", "gds.graph.exists",
    }
)  # fmt: skip
#: a gds procedure that only streams or estimates is a read
_GDS_READ_SUFFIXES = (".stream", ".stats", ".estimate")

#: function namespaces refused: they write, run other Cypher, reach files or the network
REFUSED_FUNCTIONS = (
    "apoc.cypher.", "apoc.do.", "apoc.periodic.", "apoc.load.", "apoc.import.",
    "apoc.export.", "apoc.trigger.", "apoc.create.", "apoc.merge.", "apoc.refactor.",
    "apoc.nodes.", "apoc.schema.", "apoc.lock.", "apoc.atomic.", "apoc.systemdb.",
    "apoc.custom.", "apoc.uuid.", "apoc.ttl.", "apoc.util.sleep", "apoc.log.", "apoc.static.",
    "apoc.graph.", "db.create", "dbms.",
)  # fmt: skip

#: SHOW commands that only describe the schema or the procedures; other SHOWs administer
_SHOW_READS = frozenset(
    {
        "INDEX", "INDEXES", "CONSTRAINT", "CONSTRAINTS", "PROCEDURE", "PROCEDURES",
        "FUNCTION", "FUNCTIONS",
    }
)  # fmt: skip

# A word after one of these is a name, not a clause: a property or namespace (.), a label or
# map value (:), an alias (AS).
_NAME_AFTER = frozenset({".", ":"})
# After one of these words an expression follows, never a clause: ``ORDER BY start``,
# ``RETURN set``, ``WHERE create > 1``. (THEN and ELSE are left out: Cypher 25's conditional
# queries put a clause after them.)
_EXPRESSION_AFTER = frozenset(
    {
        "RETURN", "WITH", "WHERE", "BY", "AND", "OR", "XOR", "NOT", "IN", "DISTINCT",
        "UNWIND", "SKIP", "LIMIT", "OFFSET", "WHEN", "IS", "CONTAINS", "STARTS", "ENDS",
    }
)  # fmt: skip
# After one of these punctuation marks an expression or a name follows, never a clause.
_PUNCT_EXPRESSION_AFTER = frozenset("(,[=<>+-*/%^")
# A clause is never followed by one of these; a variable or map key can be.
_NAME_BEFORE = frozenset({".", ":", ")", ",", "]", "}", "=", "<", ">", "*", "/", "%", "^", ";"})

# Cypher ends a line comment at any line break; so do we (at every one Python knows, so a
# comment never hides more here than it does on the server).
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF_")


@dataclass(frozen=True, slots=True)
class Token:
    """One lexeme: ``kind`` is word, name (backquoted), string, number, param or punct."""

    kind: str
    text: str
    pos: int

    @property
    def key(self) -> str:
        """A word as Cypher compares keywords (upper case, compatibility-normalised)."""
        return unicodedata.normalize("NFKC", self.text).upper() if self.kind == "word" else ""


def _word_char(ch: str) -> bool:
    # Narrow on purpose: a character Cypher might read as a separator is a separator here, so a
    # keyword never hides inside a longer word.
    return ch == "_" or ch.isalnum()


def tokens(statement: str) -> Iterator[Token]:
    """Lex Cypher in one pass; comments and white space are dropped.

    Each kind of lexeme is read by its own ``_end_of_*`` function, which returns the index just
    after it.

    Raises :class:`ReadOnlyViolation` for an unterminated string, comment or backquoted name.

    Examples
    --------
    >>> [t.text for t in tokens("MATCH (n) /* it's */ RETURN n.`set` // x")]
    ['MATCH', '(', 'n', ')', 'RETURN', 'n', '.', 'set']
    """
    s = statement
    n = len(s)
    i = 0
    while i < n:
        ch = s[i]
        if ch.isspace():
            i += 1
        elif ch == "/" and s.startswith("//", i):
            i = _end_of_line_comment(s, i)
        elif ch == "/" and s.startswith("/*", i):
            i = _end_of_block_comment(s, i)
        elif ch in "'\"":
            start, i = i, _end_of_string(s, i)
            yield Token("string", s[start + 1 : i - 1], start)
        elif ch == "`":
            start, i = i, _end_of_name(s, i)
            yield Token("name", s[start + 1 : i - 1].replace("``", "`"), start)
        elif ch == "$":
            start, i = i, i + 1
            if i < n and s[i] == "`":
                continue  # $`name`: the name is lexed next, as a name
            i = _end_of_word(s, i)
            yield Token("param", s[start:i], start)
        elif ch.isdigit():
            start, i = i, _end_of_number(s, i)
            yield Token("number", s[start:i], start)
        elif _word_char(ch):
            start, i = i, _end_of_word(s, i)
            yield Token("word", s[start:i], start)
        else:
            yield Token("punct", ch, i)
            i += 1


def _end_of_line_comment(s: str, i: int) -> int:
    """``//`` at ``i``: the comment runs to the next line break."""
    i += 2
    while i < len(s) and s[i] not in _LINE_BREAKS:
        i += 1
    return i


def _end_of_block_comment(s: str, i: int) -> int:
    """``/*`` at ``i``: the comment runs to the first ``*/``."""
    end = s.find("*/", i + 2)
    if end < 0:
        raise _refuse("a /* comment is never closed")
    return end + 2


def _end_of_string(s: str, i: int) -> int:
    """A quote at ``i``: the string runs to the same quote unescaped (a backslash escapes the
    character after it)."""
    quote, start, i = s[i], i, i + 1
    while i < len(s) and s[i] != quote:
        i += 2 if s[i] == "\\" else 1
    if i >= len(s):
        raise _refuse(f"a string opened with {quote} at character {start + 1} is never closed")
    return i + 1


def _end_of_name(s: str, i: int) -> int:
    """A backquote at ``i``: the name runs to the next single backquote (a doubled backquote
    is one backquote in the name)."""
    start, i = i, i + 1
    while True:
        end = s.find("`", i)
        if end < 0:
            raise _refuse(f"a `name` opened at character {start + 1} is never closed")
        if s.startswith("``", end):
            i = end + 2
            continue
        return end + 1


def _end_of_word(s: str, i: int) -> int:
    while i < len(s) and _word_char(s[i]):
        i += 1
    return i


def _end_of_number(s: str, i: int) -> int:
    """A digit at ``i``: hexadecimal or octal (``0x``, ``0o``), or decimal with an optional
    fraction and exponent; ``_`` separates digits."""
    n = len(s)
    if s.startswith(("0x", "0X", "0o", "0O"), i):
        i += 2
        while i < n and s[i] in _HEX_DIGITS:
            i += 1
        return i
    while i < n and (s[i].isdigit() or s[i] == "_"):
        i += 1
    if i + 1 < n and s[i] == "." and s[i + 1].isdigit():
        i += 1
        while i < n and s[i].isdigit():
            i += 1
    if i + 1 < n and s[i] in "eE":
        j = i + 2 if s[i + 1] in "+-" else i + 1
        if j < n and s[j].isdigit():
            i = j
            while i < n and s[i].isdigit():
                i += 1
    return i


def _refuse(why: str) -> ReadOnlyViolation:
    return ReadOnlyViolation(f"refused: {why}; the console runs one read-only statement.")


def _punct(tok: Token, *texts: str) -> bool:
    return tok.kind == "punct" and tok.text in texts


def _dotted_name(toks: list[Token], i: int) -> tuple[str, int]:
    """The dotted name starting at ``toks[i]`` (words or backquoted parts), and the index after."""
    parts = []
    while i < len(toks) and toks[i].kind in ("word", "name"):
        parts.append(toks[i].text)
        if i + 1 < len(toks) and _punct(toks[i + 1], "."):
            i += 2
        else:
            i += 1
            break
    return ".".join(parts), i


def _procedure_is_read(name: str) -> bool:
    low = name.lower()
    if low in READ_PROCEDURES:
        return True
    if any(low.startswith(p) for p in READ_PROCEDURES if p.endswith(".")):
        return True
    return low.startswith("gds.") and low.endswith(_GDS_READ_SUFFIXES) and "write" not in low


def _function_name(toks: list[Token], i: int) -> str:
    """The name of the function called at ``toks[i]`` (``ns.name(``), or ``""``."""
    tok = toks[i]
    if tok.kind not in ("word", "name") or i + 1 >= len(toks):
        return ""
    if not _punct(toks[i + 1], ".", "("):
        return ""
    if i > 0 and (_punct(toks[i - 1], ".") or toks[i - 1].key == "CALL"):
        return ""  # a later part of a name, or a procedure (judged as one)
    name, after = _dotted_name(toks, i)
    return name if after < len(toks) and _punct(toks[after], "(") else ""


def _is_clause(toks: list[Token], i: int) -> bool:
    """Whether the keyword-like word at ``toks[i]`` stands where a clause would."""
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if prev is not None and prev.kind == "punct" and prev.text in _NAME_AFTER:
        return False
    if prev is not None and prev.key == "AS":
        return False
    if prev is not None and prev.key in _EXPRESSION_AFTER:
        return False
    if prev is not None and prev.kind == "punct" and prev.text in _PUNCT_EXPRESSION_AFTER:
        return False
    if nxt is None or (nxt.kind == "punct" and nxt.text in _NAME_BEFORE):
        return False
    return True


def check_read_only(statement: str) -> str:
    """Return ``statement`` if it only reads; raise :class:`ReadOnlyViolation` if it may write.

    Examples
    --------
    >>> check_read_only("MATCH (n) WHERE n.name = 'CREATE' RETURN n.start AS start")
    "MATCH (n) WHERE n.name = 'CREATE' RETURN n.start AS start"
    >>> check_read_only("MATCH (a) RETURN a.start AS start ORDER BY start LIMIT 3")
    'MATCH (a) RETURN a.start AS start ORDER BY start LIMIT 3'
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
    if len(statement) > MAX_LENGTH:
        raise ReadOnlyViolation(
            f"refused: the statement is {len(statement):,} characters long; the console takes "
            f"at most {MAX_LENGTH:,}. Shorten it, or pass long value lists as parameters."
        )
    toks = list(tokens(statement))
    found: list[str] = []

    def note(what: str) -> None:
        if what not in found:
            found.append(what)

    for i, tok in enumerate(toks):
        if tok.kind == "punct" and tok.text == ";":
            if i + 1 < len(toks):
                raise _refuse("more than one statement (a ';' with more after it)")
            continue
        key = tok.key
        if not key:
            continue
        if key in WRITE_CLAUSES and _is_clause(toks, i):
            note(key)
        elif key == "SHOW" and _is_clause(toks, i):
            following = {t.key for t in toks[i + 1 : i + 5]}
            if not following & _SHOW_READS:
                note("SHOW " + (toks[i + 1].text if i + 1 < len(toks) else ""))
        elif key == "TRANSACTIONS" and i > 0 and toks[i - 1].key in ("IN", "CONCURRENT"):
            note("IN TRANSACTIONS")
        elif key == "CALL" and _is_clause(toks, i):
            j = i + 1
            if j < len(toks) and _punct(toks[j], "{", "("):
                continue  # a subquery: its clauses are checked where they stand
            name, _ = _dotted_name(toks, j)
            if not _procedure_is_read(name):
                note(f"CALL {name or '?'}")
    for i in range(len(toks)):
        name = _function_name(toks, i)
        if name and any(name.lower().startswith(p) for p in REFUSED_FUNCTIONS):
            note(name)
    if found:
        raise ReadOnlyViolation(
            f"refused: this statement would write ({', '.join(found)}); the console only reads. "
            "Change data in the register files and run 'partnergraph load'."
        )
    return statement
