"""Helpers every partnergraph command shares: options with env vars, errors, output."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from graphmodel.errors import PartnerGraphError, RegisterError
from graphmodel.stores import GraphStore, open_store
from loaders import bundled_register_dir, read_register

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _register_option(f):
    return click.argument(
        "register",
        required=False,
        envvar="PARTNERGRAPH_REGISTER",
        type=click.Path(file_okay=False, path_type=Path),
    )(f)


def _register_folder_option(f):
    """``--register DIR`` for commands whose argument is something else."""
    return click.option(
        "--register",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="PARTNERGRAPH_REGISTER",
        default=None,
        help="Register folder (embedded store). [env PARTNERGRAPH_REGISTER]",
    )(f)


def _store_options(f):
    f = click.option(
        "--neo4j-database",
        envvar="NEO4J_DATABASE",
        default=None,
        help="Neo4j database name (default: the server's default). [env NEO4J_DATABASE]",
    )(f)
    f = click.option(
        "--db",
        "db_path",
        envvar="PARTNERGRAPH_DB",
        default=None,
        type=click.Path(dir_okay=False, path_type=Path),
        help="Embedded store only: a JSON file that keeps the loaded graph between "
        "runs. Without it the embedded store reads the register each time. "
        "[env PARTNERGRAPH_DB]",
    )(f)
    f = click.option(
        "--store",
        "store_kind",
        envvar="PARTNERGRAPH_STORE",
        type=click.Choice(["embedded", "neo4j"]),
        default=None,
        help="Where the graph lives: 'embedded' (NetworkX, no server) or 'neo4j' "
        "(NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD). Default: neo4j when NEO4J_URI is "
        "set, else embedded. [env PARTNERGRAPH_STORE]",
    )(f)
    return f


def _json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")(f)


def _fail(message: str, code: int = 1) -> None:
    click.secho(f"Error: {message}", fg="red", err=True)
    sys.exit(code)


def _store_kind(kind: str | None) -> str:
    import os

    if kind:
        return kind
    return "neo4j" if os.environ.get("NEO4J_URI") else "embedded"


def _read(register: Path | None, quiet: bool = False):
    directory = register or bundled_register_dir()
    if not quiet:
        click.echo(f"Reading register {directory} …", err=True)
    return read_register(directory)


#: issues printed before the rest are summed up; ``validate --all-issues`` prints every one
ISSUES_SHOWN = 50


def _print_issues(issues, err: bool = True, limit: int | None = ISSUES_SHOWN) -> None:
    """Print errors first, then warnings; past ``limit``, a count of what was left out."""
    ordered = sorted(issues, key=lambda i: i.severity != "error")  # stable: file order kept
    shown = ordered if limit is None else ordered[:limit]
    for issue in shown:
        colour = "red" if issue.severity == "error" else "yellow"
        click.secho(str(issue), fg=colour, err=err)
    rest = ordered[len(shown) :]
    if rest:
        errors = sum(1 for i in rest if i.severity == "error")
        click.secho(
            f"… and {len(rest):,} more ({errors:,} error(s), {len(rest) - errors:,} warning(s)); "
            "'partnergraph validate --all-issues' or '--json' lists every one.",
            fg="red" if errors else "yellow",
            err=err,
        )


def _open(kind: str | None, db_path: Path | None, database: str | None) -> GraphStore:
    try:
        if _store_kind(kind) == "neo4j":
            return open_store("neo4j", database=database)
        return open_store("embedded", path=db_path)
    except PartnerGraphError as exc:
        _fail(str(exc))
        raise  # unreachable


def _reading_store(register, kind, db_path, database, announce: bool = False) -> GraphStore:
    """A store to read from: Neo4j or a saved embedded file as they are; otherwise the register
    read into a fresh embedded store."""
    if _store_kind(kind) == "neo4j" or (db_path and db_path.exists()):
        return _open(kind, db_path, database)
    start = time.perf_counter()
    try:
        loaded = _read(register, quiet=not announce)
    except RegisterError as exc:
        _print_issues(exc.issues)
        _fail("the register has errors; run 'partnergraph validate' for the full list")
    store = open_store("embedded")
    store.replace(loaded.graph)
    if announce:
        click.echo(
            f"Loaded {len(loaded.graph.nodes):,} nodes and {len(loaded.graph.edges):,} relationships "
            f"in {time.perf_counter() - start:.1f} s ({len(loaded.warnings):,} warning(s): "
            "'partnergraph validate' lists them).",
            err=True,
        )
    return store


def _counts_table(counts: dict[str, dict[str, int]]) -> str:
    lines = []
    for section in ("nodes", "relationships"):
        items = counts[section]
        lines.append(f"{section.capitalize()}: {sum(items.values())}")
        width = max((len(k) for k in items), default=0)
        lines += [f"  {k:<{width}}  {v:>6}" for k, v in items.items()]
    return "\n".join(lines)


def _fmt_value(v: Any) -> str:
    if isinstance(v, list):
        return "; ".join(str(x) for x in v)
    return str(v)


def _cell(v: Any) -> str:
    if isinstance(v, list):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _emit_rows(rows: list[dict[str, Any]], columns: list[str] | None, fmt: str) -> None:
    from graphmodel.csvsafe import write_csv

    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    elif fmt == "csv":
        # numbers stay numbers; text that a spreadsheet would run as a formula gets a leading '
        click.echo(
            write_csv(
                columns,
                (
                    [v if _is_number(v) else _cell(v) for v in (r.get(c) for c in columns)]
                    for r in rows
                ),
            ),
            nl=False,
        )
    else:
        if not rows:
            click.echo("(no rows)")
            return
        cells = [[_cell(r.get(c)) for c in columns] for r in rows]
        widths = [
            min(max([len(c)] + [len(row[i]) for row in cells]), 60) for i, c in enumerate(columns)
        ]

        def line(values):
            return "  ".join(v[:w].ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

        click.echo(line(columns))
        click.echo(line(["-" * w for w in widths]))
        for row in cells:
            click.echo(line(row))
        click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)
