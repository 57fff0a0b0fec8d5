"""Helpers every partnergraph command shares: options with env vars, errors, output."""

from __future__ import annotations

import contextlib
import json
import os
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


def _open(
    kind: str | None, db_path: Path | None, database: str | None, replacing: bool = False
) -> GraphStore:
    """Open the store; ``replacing=True`` (load, import) may replace a damaged store file,
    after saying so, instead of stopping at it."""
    from graphmodel.stores.embedded import DamagedStore, EmbeddedStore

    try:
        if _store_kind(kind) == "neo4j":
            return open_store("neo4j", database=database)
        return open_store("embedded", path=db_path)
    except DamagedStore as exc:
        if not replacing:
            _fail(str(exc))
        click.secho(
            f"Warning: {str(exc).split('. Rebuild', 1)[0]}; this run replaces it.",
            fg="yellow",
            err=True,
        )
        return EmbeddedStore(db_path, read=False)
    except PartnerGraphError as exc:
        _fail(str(exc))
        raise  # unreachable


def write_output(path: Path | None, text: str, what: str = "") -> None:
    """Write a command's output to ``path`` (``None`` or ``-``: standard output).

    Only a regular file is ever replaced (a link, folder or pipe is refused); the file keeps its
    mode; a missing folder is created, and said so; the write is atomic.
    """
    from graphmodel.safety.atomic import check_writable_target, write_text_atomic

    if path is None or str(path) == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    check_writable_target(path)
    if not path.parent.exists():
        try:
            path.parent.mkdir(parents=True)
        except OSError as exc:
            from graphmodel.safety.atomic import why

            _fail(f"cannot create the folder {path.parent}: {why(exc)}")
        click.echo(f"Created folder {path.parent}", err=True)
    write_text_atomic(path, text)
    if what:
        click.echo(f"Wrote {path} ({what}).", err=True)


def _import_text(path: Path) -> str:
    import stat

    if not stat.S_ISREG(path.stat().st_mode):  # a pipe would wait for ever
        raise ValueError(f"{path.name} is not a regular file")
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise ValueError("a binary file, not text")
    return data.decode("utf-8-sig")


def short_reason(exc: BaseException) -> str:
    """An exception as a short phrase: its first line, cut at 120 characters."""
    text = (str(exc).splitlines() or [""])[0] or type(exc).__name__
    if isinstance(exc, FileNotFoundError):
        text = f"{Path(exc.filename).name if exc.filename else 'a file'} is missing"
    elif isinstance(exc, UnicodeDecodeError):
        text = "not UTF-8 text"
    return text if len(text) <= 120 else text[:119] + "…"


class CleanGroup(click.Group):
    """A command group whose commands end in one line, never a traceback, on any failure
    partnergraph knows about (a store file, a disk, a server, a register)."""

    def invoke(self, ctx: click.Context):
        import signal

        # kill (SIGTERM) runs the same clean-up as Ctrl-C: temporary files are removed
        with contextlib.suppress(ValueError):  # only the main thread may set handlers
            signal.signal(signal.SIGTERM, _terminated)
        try:
            return super().invoke(ctx)
        except PartnerGraphError as exc:
            _fail(str(exc))
        except BrokenPipeError:  # the reader went away (| head): nothing more to say
            sys.stderr.close()
            sys.exit(1)
        except MemoryError:
            _fail("out of memory: the input is too large for this machine")
        except OSError as exc:
            from graphmodel.safety.atomic import why

            where = f" {exc.filename}" if exc.filename else ""
            _fail(f"cannot read or write{where}: {why(exc)}")


# -- the reference twin network, which load, serve, the queries and the evaluator may add
_TRUE = {"1", "true", "yes", "on"}


def reference_wanted() -> bool:
    """``PARTNERGRAPH_REFERENCE`` asks load, serve and the queries to add the reference."""
    return os.environ.get("PARTNERGRAPH_REFERENCE", "").strip().lower() in _TRUE


def _network():
    """The bundled reference twin network, or a short error naming what is wrong in it."""
    from loaders.reference import bundled_reference

    try:
        return bundled_reference()
    except RegisterError as exc:
        _print_issues(exc.issues)
        _fail("the reference twin network cannot be read")


def graph_with_reference(graph):
    """``graph`` with the bundled reference twin network and the register's matches added."""
    from graphmodel.twins import with_reference

    return with_reference(graph, _network())


def _terminated(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _reading_store(
    register, kind, db_path, database, announce: bool = False, reference: bool = False
) -> GraphStore:
    """A store to read from: Neo4j or a saved embedded file as they are; otherwise the register
    read into a fresh embedded store (with the reference twin network when ``reference`` or
    ``PARTNERGRAPH_REFERENCE`` asks for it)."""
    if _store_kind(kind) == "neo4j" or (db_path and db_path.exists()):
        return _open(kind, db_path, database)
    start = time.perf_counter()
    try:
        loaded = _read(register, quiet=not announce)
    except RegisterError as exc:
        _print_issues(exc.issues)
        _fail("the register has errors; run 'partnergraph validate' for the full list")
    store = open_store("embedded")
    wanted = reference or reference_wanted()
    store.replace(graph_with_reference(loaded.graph) if wanted else loaded.graph)
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
    from graphmodel.safety.csvsafe import write_csv

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
