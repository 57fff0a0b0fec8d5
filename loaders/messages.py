"""Validation errors in plain words: what is wrong with a field and what to write instead.

The validation library's own wording ("Input should be a valid list") names a Python type; an
officer editing a register needs the fix ("write a list: [a, b] or one '- item' per line").
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ValidationError

from graphmodel.build.did_you_mean import close_matches
from graphmodel.errors import RegisterIssue, short
from graphmodel.model.records import SLUG_PATTERN

__all__ = ["validation_issues", "plain_message"]

#: the words YAML 1.1 reads as true/false when they are not quoted
_BOOL_WORDS = "yes/no/on/off"

_SIMPLE = {
    "list_type": "should be a list: write [a, b] or one '- item' per line",
    "dict_type": "should be a mapping of fields (name: value)",
    "model_type": "should be a mapping of fields (name: value)",
    "model_attributes_type": "should be a mapping of fields (name: value)",
    "bool_parsing": "should be true or false",
    "bool_type": "should be true or false",
    "float_parsing": "should be a number (digits, a '.' for decimals, no currency sign)",
    "float_type": "should be a number",
    "int_parsing": "should be a whole number",
    "int_type": "should be a whole number",
    "int_from_float": "should be a whole number",
    "missing": "required field is missing: add it",
    "string_too_short": "must not be empty",
    "too_short": "needs at least {min_length} item(s)",
    "greater_than_equal": "should be at least {ge}",
    "less_than_equal": "should be at most {le}",
    "greater_than": "should be more than {gt}",
    "less_than": "should be less than {lt}",
}


def plain_message(err: dict, bool_word: str | None = None) -> str:
    """One pydantic error as a plain sentence, echoing at most a short form of the value."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "string_type":
        if isinstance(value, bool):
            word = bool_word or ("NO" if value is False else "yes")
            return (
                f"should be text, but YAML reads a bare {word} as {str(value).lower()}: "
                f"quote it: '{word}'"
            )
        if isinstance(value, (int, float)):
            return f"should be text, but YAML read {short(value)} as a number: quote it: '{value}'"
        return f"should be text (got {_what(value)})"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == SLUG_PATTERN:
            return (
                f"{short(value)} is not an id: use lower-case letters, digits and single hyphens "
                "(e.g. 'kent-county-council')"
            )
        if ctx.get("pattern") == r"^[A-Z]{2}$":
            return f"{short(value)} is not a country code: write two capital letters (GB, FR, NO)"
        return f"{short(value)} is not in the expected form ({ctx.get('pattern')})"
    if kind in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = close_matches(str(value), allowed, limit=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        choices = ", ".join(repr(a) for a in allowed)
        return f"{short(value)} is not allowed here{hint}; write one of: {choices}"
    if kind == "value_error":
        error = ctx.get("error")
        return str(error) if error is not None else err.get("msg", "invalid value")
    if kind in _SIMPLE:
        text = _SIMPLE[kind].format(**ctx)
        if kind in ("list_type", "dict_type", "model_type", "bool_parsing", "bool_type") or (
            kind.endswith("_parsing") or kind.endswith("_type")
        ):
            text += f" (got {_what(value)})"
        elif kind.startswith(("greater", "less")):
            text += f" (got {short(value)})"
        return text
    return f"{err.get('msg', 'invalid value')} (got {_what(value)})"


def _what(value: object) -> str:
    """A value, or for a list or mapping only what it is: never echo a whole (alias) tree."""
    if isinstance(value, dict):
        return f"a mapping of {len(value)} field(s)"
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)"
    return short(value)


def validation_issues(
    exc: ValidationError,
    model: type[BaseModel],
    file: str,
    line: int | None,
    rid: str | None,
    field_lines: dict[str, int],
    bool_words: dict[int, str] | None = None,
) -> list[RegisterIssue]:
    """Every error of one record, located at its field's line when the file gives one."""
    issues = []
    fields = [f.alias or n for n, f in model.model_fields.items()]
    errors = exc.errors(include_url=False, include_context=True)
    missing = {e["loc"][0] for e in errors if e["type"] == "missing" and len(e["loc"]) == 1}
    misspelt = set()  # a missing field written under a misspelt name: one error, not two
    for err in errors:
        loc = err.get("loc", ())
        if err.get("type") == "extra_forbidden" and len(loc) == 1 and missing:
            close = close_matches(str(loc[0]), sorted(missing), limit=1)
            if close:
                misspelt.add(close[0])
    for err in errors:
        if err.get("type") == "missing" and err["loc"][0] in misspelt and len(err["loc"]) == 1:
            continue
        loc = err.get("loc", ())
        fname = ".".join(str(p) for p in loc) if loc else ""
        top = str(loc[0]) if loc else ""
        at = field_lines.get(top, line)
        if err.get("type") == "extra_forbidden" and len(loc) == 1:
            close = close_matches(top, fields, limit=1)
            hint = f"did you mean {close[0]!r}?" if close else "check its spelling"
            msg = f"unknown field: {hint} (docs/REGISTER.md lists the fields)"
        elif err.get("type") == "extra_forbidden":
            msg = "unknown field: remove it or check its spelling against docs/REGISTER.md"
        else:
            msg = plain_message(err, (bool_words or {}).get(at) if at else None)
        issues.append(RegisterIssue(file, at, rid, fname, msg))
    return issues
