"""The ``partnergraph`` command line.

This is the top of the layering: it may import ``graphmodel``, ``loaders`` and ``webapp``.
Every option can also be set by an environment variable (shown in ``--help``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from graphmodel.build.reconcile import check_totals
from graphmodel.errors import NodeNotFound, RegisterError
from graphmodel.views.card import build_card
from graphmodel.views.sources import SourceLabels

from .cli_evaluate import register_commands as register_evaluate_commands
from .cli_monitoring import register_commands as register_monitoring_commands
from .cli_queries import register_commands as register_query_commands
from .cli_rank import register_commands as register_rank_commands
from .cli_serve import register_commands as register_serve_commands
from .cli_twins import register_commands as register_twins_commands
from .cli_views import register_commands as register_views_commands
from .common import (
    CONTEXT,
    ISSUES_SHOWN,
    CleanGroup,
    _counts_table,
    _fail,
    _import_text,
    _json_option,
    _open,
    _print_issues,
    _read,
    _reading_store,
    _register_folder_option,
    _register_option,
    _store_options,
    short_reason,
    write_output,
)
from .synth import register_commands as register_synth_commands


@click.group(cls=CleanGroup, context_settings=CONTEXT)
@click.version_option(package_name="partnergraph")
def main() -> None:
    """partnergraph: a council's international partnerships as a graph.

    Partners, agreements (MoUs, twinning links, declarations), projects, funding programmes,
    units, people and themes, each fact with the paper it came from. Runs on an embedded
    NetworkX store by default, or on Neo4j when NEO4J_URI is set.

    REGISTER defaults to the bundled register (Kent County Council and Leicester City Council).
    """


@main.command(context_settings=CONTEXT)
@_register_option
@_json_option
@click.option(
    "--all-issues",
    is_flag=True,
    help=f"Print every error and warning, not only the first {ISSUES_SHOWN} and a count.",
)
def validate(register: Path | None, as_json: bool, all_issues: bool) -> None:
    """Check a register and report every error with file, line, record and field.

    Errors come first. Past the first 50 issues the rest are counted, not printed, unless
    --all-issues (or --json) is given. Exits 0 when the register can be loaded (warnings
    allowed), 1 when it has errors.
    """
    limit = None if all_issues else ISSUES_SHOWN
    try:
        loaded = _read(register, quiet=as_json)
    except RegisterError as exc:
        if as_json:
            click.echo(
                json.dumps({"ok": False, "issues": [i.as_dict() for i in exc.issues]}, indent=2)
            )
        else:
            _print_issues(exc.issues, err=False, limit=limit)
            errors = sum(1 for i in exc.issues if i.severity == "error")
            click.secho(
                f"{errors} error(s): the register cannot be loaded until they are fixed.", fg="red"
            )
        sys.exit(1)
    counts = loaded.graph.counts()
    conflicts = counts["nodes"].get("Conflict", 0)
    totals = check_totals(loaded.graph)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": True,
                    "files": loaded.files,
                    "counts": counts,
                    "issues": [i.as_dict() for i in loaded.issues],
                    "conflicts": conflicts,
                    "totals": [asdict(t) for t in totals],
                },
                indent=2,
            )
        )
        return
    _print_issues(loaded.warnings, err=False, limit=limit)
    _print_reconciliation(conflicts, totals)
    click.secho(
        f"OK: {len(loaded.files)} file(s), {sum(counts['nodes'].values())} nodes, "
        f"{sum(counts['relationships'].values())} relationships, "
        f"{len(loaded.warnings)} warning(s).",
        fg="green",
    )


def _print_reconciliation(conflicts: int, totals) -> None:
    """What the papers disagree on, and printed totals that do not add up: reported, not fixed."""
    if conflicts:
        click.echo(
            f"{conflicts} recorded conflict(s) between or within the papers "
            "('partnergraph query conflicts' lists each version with its source)."
        )
    bad = [t for t in totals if not t.reconciles]
    for t in bad:
        click.secho(f"Printed total does not reconcile: {t}", fg="yellow")
    if totals:
        click.echo(
            f"{len(totals) - len(bad)} of {len(totals)} printed total(s) reconcile with their rows."
        )


@main.command(context_settings=CONTEXT)
@_register_option
@_store_options
@_json_option
def load(register, store_kind, db_path, neo4j_database, as_json) -> None:
    """Validate a register and load it into the store; print node and relationship counts.

    The store then holds exactly this register's graph: loading is all or nothing, and loading
    the same register twice gives the same graph.
    """
    try:
        loaded = _read(register, quiet=as_json)
    except RegisterError as exc:
        _print_issues(exc.issues)
        _fail("nothing was loaded; fix the errors above (partnergraph validate lists them)")
    from .common import graph_with_reference, reference_wanted

    graph = graph_with_reference(loaded.graph) if reference_wanted() else loaded.graph
    store = _open(store_kind, db_path, neo4j_database, replacing=True)
    total = len(graph.nodes) + len(graph.edges)
    with store:
        if as_json or not sys.stderr.isatty():

            def progress(done, total_, what):
                if not as_json:
                    click.echo(f"  loaded {done}/{total_} ({what})", err=True)

            store.replace(graph, progress=progress)
        else:
            with click.progressbar(length=total, label="Loading", file=sys.stderr) as bar:
                seen = [0]

                def progress(done, total_, what):
                    bar.update(done - seen[0])
                    seen[0] = done

                store.replace(graph, progress=progress)
        counts = store.counts()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "store": store.kind,
                    "counts": counts,
                    "warnings": [i.as_dict() for i in loaded.warnings],
                },
                indent=2,
            )
        )
        return
    _print_issues(loaded.warnings)
    click.echo(f"Loaded into {store.description}.")
    click.echo(_counts_table(counts))


@main.command(context_settings=CONTEXT)
@click.argument("node_id")
@click.option("--all", "show_all", is_flag=True, help="List every relationship, not the first few.")
@_register_folder_option
@_store_options
@_json_option
def show(node_id, show_all, register, store_kind, db_path, neo4j_database, as_json) -> None:
    """Show a node's record card: key facts, relationships by type, sources by paper.

    NODE_ID is an id (kent-virginia-mou-2006), a name or an alias ("KCC", "Chongquin"), or a
    paper's id, file name or title. The web explorer's details panel shows the same card.
    """
    from .show_card import print_card

    with _reading_store(register, store_kind, db_path, neo4j_database) as store:
        labels = SourceLabels.from_store(store)
        try:
            node = store.get(node_id)
        except NodeNotFound as exc:
            doc = labels.find(node_id)  # a paper is also found by its file name
            if doc is None:
                _fail(str(exc))
            node = store.get(doc.id)
        rels = store.relationships(node["id"])
        card = build_card(node, rels, labels, store=store)
    if as_json:
        click.echo(
            json.dumps(
                {"node": node, "relationships": rels, "card": card}, indent=2, ensure_ascii=False
            )
        )
        return
    print_card(card, show_all=show_all)


@main.command(context_settings=CONTEXT)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "graphml", "csv", "cypher"]),
    default="json",
    show_default=True,
    help="json: node-link JSON; graphml: for Gephi / Cytoscape desktop; csv: nodes.csv and "
    "edges.csv in the --out folder; cypher: a script that recreates the graph in an empty Neo4j.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (a folder for csv); '-' or none: standard output (json, graphml, "
    "cypher). Only a regular file is replaced, keeping its mode.",
)
@_register_folder_option
@_store_options
def export(fmt, out, register, store_kind, db_path, neo4j_database) -> None:
    """Export the whole graph, every node and relationship with its provenance.

    The web explorer's Network page exports the view on screen instead (filters applied), as
    PNG, SVG, GraphML or CSV.
    """
    from graphmodel.views import exports

    if fmt == "csv":
        if out is None or str(out) == "-":
            _fail("--format csv writes two files: give a folder with --out")
        if out.is_symlink() or (out.exists() and not out.is_dir()):
            _fail(f"{out} is not a folder: --format csv writes nodes.csv and edges.csv into one")
    with _reading_store(register, store_kind, db_path, neo4j_database) as store:
        graph = store.to_graph()
    if fmt == "csv":
        nodes_csv, edges_csv = exports.to_csv(graph)
        write_output(out / "nodes.csv", nodes_csv, f"{len(graph.nodes)} nodes")
        write_output(out / "edges.csv", edges_csv, f"{len(graph.edges)} relationships")
        return
    writer = {"json": exports.to_json, "graphml": exports.to_graphml, "cypher": exports.to_cypher}
    text = writer[fmt](graph)
    if out is None or str(out) == "-":
        write_output(None, text)
    else:
        write_output(out, text, f"{len(graph.nodes)} nodes, {len(graph.edges)} relationships")


@main.command("import", context_settings=CONTEXT)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "json", "graphml", "csv", "cypher"]),
    default="auto",
    show_default=True,
    help="The export's format; auto goes by the file name (a folder means csv).",
)
@_store_options
@_json_option
def import_(path, fmt, store_kind, db_path, neo4j_database, as_json) -> None:
    """Load an export (from 'partnergraph export') into the store, replacing what it holds.

    Cypher scripts load into Neo4j only. Like 'load', this is all or nothing.
    """
    from graphmodel.views import exports

    if fmt == "auto":
        suffixes = {".json": "json", ".graphml": "graphml", ".cypher": "cypher", ".cql": "cypher"}
        fmt = "csv" if path.is_dir() else suffixes.get(path.suffix.lower(), "")
        if not fmt:
            _fail(f"cannot tell the format of {path}: give --format")
    try:  # read and parse it all before the store is touched
        if fmt == "csv":
            texts = [_import_text(path / name) for name in ("nodes.csv", "edges.csv")]
            graph = exports.from_csv(*texts)
        elif fmt == "cypher":
            statements = exports.script_statements(_import_text(path))
        else:
            reader = {"json": exports.from_json, "graphml": exports.from_graphml}[fmt]
            graph = reader(_import_text(path))
    except Exception as exc:  # noqa: BLE001 - any fault of the file ends in one line
        reason = short_reason(exc)
        _fail(
            f"{path} is not a readable {fmt} export ({reason}); nothing was changed: export it "
            f"again with 'partnergraph export --format {fmt}'"
        )
    store = _open(store_kind, db_path, neo4j_database, replacing=True)
    with store:
        if fmt == "cypher":
            if not store.runs_cypher:
                _fail(
                    "a Cypher script loads into Neo4j only: set NEO4J_URI, or import "
                    "the json, graphml or csv export instead"
                )
            store.execute_script(statements)
        else:
            store.replace(graph)
        counts = store.counts()
    if as_json:
        click.echo(json.dumps({"store": store.kind, "counts": counts}, indent=2))
    else:
        click.echo(f"Imported {path} into the {store.kind} store.")
        click.echo(_counts_table(counts))


for _register in (
    register_query_commands,
    register_evaluate_commands,
    register_rank_commands,
    register_synth_commands,
    register_serve_commands,
    register_monitoring_commands,
    register_twins_commands,
    register_views_commands,
):
    _register(main)


if __name__ == "__main__":  # pragma: no cover
    main()
