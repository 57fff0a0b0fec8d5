"""The analyst commands: ``queries``, ``query NAME`` and the read-only ``cypher`` console."""

from __future__ import annotations

import json

import click

from graphmodel.errors import NodeNotFound, PartnerGraphError
from graphmodel.views.sources import SourceLabels

from .common import (
    CONTEXT,
    _emit_rows,
    _fail,
    _json_option,
    _open,
    _reading_store,
    _register_folder_option,
    _store_options,
)


def _rows_format_option(f):
    """``--format table|json|csv`` for the commands that print rows."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "csv"]),
        default="table",
        show_default=True,
        help="How to print the rows.",
    )(f)


def register_commands(group: click.Group) -> None:
    """Add this module's commands to the ``partnergraph`` group."""
    for command in (queries, query, cypher):
        group.add_command(command)


@click.command(context_settings=CONTEXT)
@_json_option
def queries(as_json: bool) -> None:
    """List the named analyst queries with their descriptions and parameters."""
    from graphmodel.queries import QUERIES

    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "name": q.name,
                        "description": q.description,
                        "params": [
                            {
                                "name": p.name,
                                "help": p.help,
                                "required": p.required,
                                "default": None if p.default is None else str(p.default),
                            }
                            for p in q.params
                        ],
                    }
                    for q in sorted(QUERIES.values(), key=lambda q: q.name)
                ],
                indent=2,
            )
        )
        return
    for q in sorted(QUERIES.values(), key=lambda q: q.name):
        click.secho(q.name, bold=True)
        click.echo("  " + q.description)
        for p in q.params:
            flag = "--" + p.name.replace("_", "-")
            extra = (
                " (required)"
                if p.required
                else (f" (default {p.default})" if p.default is not None else "")
            )
            click.echo(f"    {flag:<18} {p.help}{extra}")


@click.command(
    context_settings={**CONTEXT, "ignore_unknown_options": True, "allow_extra_args": True}
)
@click.argument("name")
@_rows_format_option
@_register_folder_option
@_store_options
@click.pass_context
def query(ctx, name, fmt, register, store_kind, db_path, neo4j_database) -> None:
    """Run the named query NAME with its parameters, e.g.

    partnergraph query partners --council kent-county-council --sphere europe

    'partnergraph queries' lists the queries and their parameters. The answers are the same on
    the embedded store and on Neo4j.
    """
    from graphmodel.queries import BadParameter, UnknownQuery, run_query

    params: dict[str, str] = {}
    args = list(ctx.args)
    while args:
        flag = args.pop(0)
        if not flag.startswith("--"):
            _fail(f"unexpected argument {flag!r}: give parameters as --name value")
        key, eq, value = flag[2:].partition("=")
        if not eq:
            if not args:
                _fail(f"{flag} needs a value")
            value = args.pop(0)
        params[key.replace("-", "_")] = value
    from graphmodel.queries.twin_places import REFERENCE_QUERIES

    with _reading_store(
        register, store_kind, db_path, neo4j_database, reference=name in REFERENCE_QUERIES
    ) as store:
        try:
            rows = run_query(store, name, **params)
        except (UnknownQuery, BadParameter, NodeNotFound) as exc:
            _fail(str(exc))
        except PartnerGraphError as exc:
            _fail(str(exc))
        if fmt != "json":  # papers by title and date; --format json keeps the file names
            rows = SourceLabels.from_store(store).readable_rows(rows)
    _emit_rows(rows, None, fmt)


def _timeout(value) -> float:
    from graphmodel.stores.neo4j_store import check_timeout

    try:
        return check_timeout(value)
    except PartnerGraphError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command(context_settings=CONTEXT)
@click.argument("statement")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter ($NAME in the statement); repeatable.",
)
@click.option(
    "--limit",
    default=1000,
    show_default=True,
    envvar="PARTNERGRAPH_CYPHER_LIMIT",
    help="Return at most this many rows. [env PARTNERGRAPH_CYPHER_LIMIT]",
)
@click.option(
    "--timeout",
    default="10",
    show_default=True,
    envvar="PARTNERGRAPH_CYPHER_TIMEOUT",
    callback=lambda _ctx, _param, value: _timeout(value),
    help="Seconds the query may run, above 0 and at most 3600; past it the query is stopped "
    "(on the server and here). [env PARTNERGRAPH_CYPHER_TIMEOUT]",
)
@_rows_format_option
@click.option(
    "--neo4j-database",
    envvar="NEO4J_DATABASE",
    default=None,
    help="Neo4j database name. [env NEO4J_DATABASE]",
)
def cypher(statement, params, limit, timeout, fmt, neo4j_database) -> None:
    """Run your own read-only Cypher against Neo4j (NEO4J_URI).

    It runs in a read transaction with a row limit and a timeout; a statement that would write
    (CREATE, MERGE, SET, DELETE, write procedures, …) is refused before it is sent. Values go in
    as parameters:

    partnergraph cypher "MATCH (p:Partnership {tier: $tier}) RETURN p.name" --param tier=strategic
    """
    from graphmodel.errors import ReadOnlyViolation
    from graphmodel.safety.readonly import check_read_only

    try:
        check_read_only(statement)
    except ReadOnlyViolation as exc:
        _fail(str(exc))
    values = {}
    for item in params:
        key, eq, value = item.partition("=")
        if not eq:
            _fail(f"--param {item!r}: write NAME=VALUE")
        values[key] = value
    store = _open("neo4j", None, neo4j_database)
    with store:
        try:
            columns, rows, truncated = store.run_user_cypher(
                statement, values, limit=limit, timeout=timeout
            )
        except PartnerGraphError as exc:
            _fail(str(exc))
    _emit_rows(rows, columns, fmt)
    if truncated:
        click.secho(f"(stopped at --limit {limit} rows)", fg="yellow", err=True)
