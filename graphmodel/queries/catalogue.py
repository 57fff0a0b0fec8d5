"""The catalogue of named analyst queries and how they run on either store.

Each query keeps its two forms side by side in its own module: an ``embedded`` function over the
store's read view (a NetworkX graph) and a ``cypher`` function (parameterised Cypher through
``read_rows``, in a read transaction). The store runs the form it can
(:meth:`~graphmodel.stores.base.GraphStore.run_named`); both forms' rows pass through the same
``finish`` step, which sorts lists and rows, so the two stores give identical answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..build.did_you_mean import close_matches
from ..errors import NodeNotFound, PartnerGraphError, quoted, short
from ..stores.base import GraphStore

__all__ = ["Param", "Query", "QUERIES", "register", "run_query", "UnknownQuery", "BadParameter"]


class UnknownQuery(PartnerGraphError):
    pass


class BadParameter(PartnerGraphError):
    """A parameter's value is missing, malformed or unknown.

    ``str(exc)`` is worded for the command line (``--council``). ``param`` names the parameter at
    fault (``None`` when it is no one box), and ``plain`` says the same for a person filling in a
    form, naming each box by its :attr:`Param.title`.
    """

    def __init__(self, message: str, *, param: str | None = None, plain: str | None = None):
        super().__init__(message)
        self.param = param
        self.plain = plain


@dataclass(frozen=True)
class Param:
    name: str
    help: str
    type: type = str
    default: Any = None
    required: bool = False
    node: bool = False  # the value is a node id, name or alias; resolved with "did you mean"
    #: (with ``node``) the value names a home council: a council before a place of the same
    #: name ("kent" is Kent County Council, not the county), and nothing else accepted
    home: bool = False
    choices: tuple[str, ...] | None = None
    label: str = ""  # the box's label on the Query page; the CLI uses --name
    minimum: int = 1  # the least a whole-number parameter may be (a count, a length)
    #: a command's argument (``check-twins COUNCIL``), not an option: messages name it so
    argument: bool = False

    @property
    def title(self) -> str:
        """What a person sees the parameter called (the CLI calls it ``--name``)."""
        return self.label or self.name.replace("_", " ").capitalize()

    @property
    def option(self) -> str:
        """The command line's option for the parameter (its argument's name, for one)."""
        if self.argument:
            return self.name.upper()
        return "--" + self.name.replace("_", "-")


@dataclass
class Query:
    name: str
    description: str
    params: tuple[Param, ...]
    embedded: Callable[..., list[dict[str, Any]]]
    cypher: Callable[..., list[dict[str, Any]]]
    finish: Callable[[list[dict[str, Any]], dict[str, Any]], list[dict[str, Any]]] | None = None
    columns: tuple[str, ...] = field(default_factory=tuple)
    sort_key: Callable[[dict[str, Any]], Any] | None = None

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise BadParameter(
            f"query {self.name!r} has no parameter {name!r}; its parameters are: "
            + (", ".join(p.name for p in self.params) or "none")
        )


QUERIES: dict[str, Query] = {}


def register(query: Query) -> Query:
    QUERIES[query.name] = query
    return query


def _coerce(query: Query, p: Param, value: Any, store: GraphStore) -> Any:
    if value is None or value == "":
        if p.required:
            raise BadParameter(
                f"query {query.name!r} needs {p.option}: {p.help}",
                param=p.name,
                plain=f"Fill in “{p.title}”: {p.help}.",
            )
        return p.default
    if p.type is int:
        try:
            value = int(value)
        except (TypeError, ValueError):
            example = p.default if isinstance(p.default, int) else 1
            raise BadParameter(
                f"{p.name} must be a whole number, got {value!r}",
                param=p.name,
                plain=f"“{p.title}” needs a whole number, such as {example}; "
                f"{quoted(value)} is not one.",
            ) from None
        if value < p.minimum:
            raise BadParameter(
                f"{p.option} must be at least {p.minimum}, got {value}",
                param=p.name,
                plain=f"“{p.title}” must be {p.minimum} or more; {value} is not.",
            )
    elif p.type is dt.date:
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise BadParameter(
                    f"{p.name} must be a date YYYY-MM-DD, got {value!r}",
                    param=p.name,
                    plain=f"“{p.title}” needs a date written year-month-day, such as "
                    f"2025-03-31; {quoted(value)} is not one.",
                ) from None
    else:
        value = str(value)
    if p.choices and value not in p.choices:
        close = close_matches(str(value), p.choices, limit=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise BadParameter(
            f"{p.option} {short(value)} is not a valid value; {hint}"
            f"valid values: {', '.join(p.choices)}",
            param=p.name,
            plain=f"“{p.title}” cannot be {quoted(value)}; "
            + (f"did you mean “{close[0]}”? " if close else "")
            + f"choose one of: {', '.join(p.choices)}.",
        )
    if p.node and p.home:
        return resolve_council(store, str(value), p)
    if p.node:
        try:
            value = store.get(value)["id"]  # raises NodeNotFound with suggestions
        except NodeNotFound as exc:
            exc.param = p.name  # which box held the name, for a form to point at
            raise
    return value


def resolve_council(store: GraphStore, text: str, p: Param) -> str:
    """The council (or council unit) ``text`` names for parameter ``p``: the organisation with
    that id, name or alias; else the home council it names
    (:func:`graphmodel.evaluator.home.match_home`), so "kent" is Kent County Council and not
    the county, and "Bristol" the city council when the register holds it. NodeNotFound (with
    suggestions) when it names nothing; BadParameter when it names something else than an
    organisation (listing the home councils) or several home councils."""
    from graphmodel.evaluator.graphread import GraphReader
    from graphmodel.evaluator.home import AmbiguousHome, homes_listed, match_home

    try:
        node, missing = store.get(text), None
    except NodeNotFound as exc:
        node, missing = None, exc
    if node is not None and node.get("label") == "Organisation":
        return node["id"]
    reader = GraphReader(store)
    try:
        hit = match_home(reader, text)
    except AmbiguousHome as exc:
        several = ", ".join(f"{reader.name(i)} ({i})" for i in exc.suggestions)
        raise BadParameter(
            f"{p.option} {short(text)} matches several home councils: {several}; give the id "
            "of the one you mean",
            param=p.name,
            plain=f"{quoted(text)} matches several councils ({several}): choose one in "
            f"“{p.title}”.",
        ) from None
    if hit:
        return hit
    listed = homes_listed(reader)
    if missing is not None:
        if missing.suggestions and not missing.ambiguous:
            missing = NodeNotFound(text, _councils_meant(reader, missing.suggestions))
        missing.param = p.name  # which box held the name, for a form to point at
        raise missing.advise(
            f"{p.option} takes a council's id, name or alias; the register's home councils: "
            f"{listed or 'none (no organisation is marked home: true)'}."
        )
    what = f"a {node.get('label', 'record')}" if node else "not a council"
    raise BadParameter(
        f"{p.option} {short(text)} is {what}, not a council; the register's home councils: "
        f"{listed or 'none (no organisation is marked home: true)'}",
        param=p.name,
        plain=f"“{p.title}” needs a council; {quoted(text)} is {what}. The register's home "
        f"councils: {listed or 'none'}.",
    )


def _councils_meant(reader, near: list[str]) -> list[str]:
    """The councils among the near misses ``near`` of a council's name: an organisation as it
    is, and for another record the home council it names ("leicester", the place, for
    Leicester City Council), as :func:`resolve_council` reads it; never a partnership."""
    from graphmodel.evaluator.home import AmbiguousHome, match_home

    councils = []
    for i in near:
        if (reader.node(i) or {}).get("label") == "Organisation":
            councils.append(i)
            continue
        try:
            hit = match_home(reader, i)
        except AmbiguousHome:
            hit = None
        if hit:
            councils.append(hit)
    return list(dict.fromkeys(councils))


def run_query(store: GraphStore, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run the named query on ``store``; rows come back in a stable order.

    Raises
    ------
    UnknownQuery
        With the list of valid names.
    BadParameter
        For an unknown parameter or a value of the wrong kind, with the valid ones.
    graphmodel.errors.NodeNotFound
        For an id that no node has, with "did you mean" suggestions.
    """
    query = QUERIES.get(name)
    if query is None:
        close = close_matches(name, QUERIES)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise UnknownQuery(f"no query named {name!r}.{hint} Queries: {', '.join(sorted(QUERIES))}")
    for given in params:
        query.param(given)
    values = {p.name: _coerce(query, p, params.get(p.name), store) for p in query.params}
    rows = store.run_named(query, values)
    if query.finish:
        rows = query.finish(rows, values)
    rows = [_normalise_row(r) for r in rows]
    if query.sort_key:
        rows.sort(key=query.sort_key)
    return rows


def _normalise_row(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if isinstance(v, tuple):  # an ordered sequence (a path): keep its order
            out[k] = list(v)
        elif isinstance(v, (list, set, frozenset)):
            items = list(v)
            try:
                items = sorted(items, key=lambda x: (x is None, x))
            except TypeError:
                items = sorted(items, key=repr)
            out[k] = items
        elif isinstance(v, float):
            out[k] = round(v, 6)
        else:
            out[k] = v
    return out
