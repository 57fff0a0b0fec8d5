"""The monitoring cycle: ``health``, and ``review``, ``activity`` and ``action`` that record what
the team does (validated, then appended atomically to the register's year file)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from graphmodel.errors import PartnerGraphError, RegisterError
from graphmodel.views.sources import SourceLabels
from loaders import bundled_register_dir

from .common import (
    CONTEXT,
    _emit_rows,
    _fail,
    _open,
    _print_issues,
    _reading_store,
    _register_folder_option,
    _store_kind,
    _store_options,
)

__all__ = ["register_commands"]


def register_commands(group: click.Group) -> None:
    """Add this module's commands to the ``partnergraph`` group."""
    for command in (health, review, activity, action, report):
        group.add_command(command)


def _by_option(f):
    return click.option(
        "--by",
        envvar="PARTNERGRAPH_USER",
        default=None,
        help="Who is recording this (kept as the record's source). Default: your login name. "
        "[env PARTNERGRAPH_USER]",
    )(f)


def _write(kind: str, fields: dict[str, Any], register, by, store_kind, db_path, database):
    from loaders.record import SINGULAR, beside_note, record
    from loaders.record_input import NEW_RECORD

    folder = register or bundled_register_dir()
    store = None
    if _store_kind(store_kind) == "neo4j" or db_path:
        store = _open(store_kind, db_path, database)
    try:
        written = record(folder, kind, fields, by=by, store=store)
    except RegisterError as exc:
        errors = [i for i in exc.issues if i.severity == "error"]
        _print_issues(errors)
        if all(i.file == NEW_RECORD for i in errors):
            todo = "Fix the field named above."
        else:  # the register's own files do not load: nothing to do with what was given
            todo = (
                "The register does not load as it is: fix the file named above, then record again."
            )
        _fail(f"the {SINGULAR[kind]} was not recorded: nothing was written. {todo}")
    except PartnerGraphError as exc:
        _fail(f"{exc}; nothing was written")
    finally:
        if store is not None:
            store.close()
    rel = written.path.relative_to(folder)
    click.echo(
        f"Recorded {SINGULAR[kind]} {written.record['id']} in {rel}"
        + (" (a new file)" if written.created else "")
        + (f" and in the {store.kind} store" if store is not None else "")
        + "."
    )
    earlier = written.graph.nodes.get(written.beside) if written.graph and written.beside else None
    also = beside_note(written, str(rel), earlier.props if earlier else None)
    if also:
        click.secho(also, fg="yellow")
    return written


def _link_health_after(written, partnership: str) -> None:
    from graphmodel.queries import run_query
    from graphmodel.stores import open_store

    store = open_store("embedded")
    store.replace(written.graph)
    home = store.node(partnership).get("home_council")
    rows = [
        r
        for r in run_query(
            store,
            "links_needing_attention",
            council=home,
            as_of=dt.date.today().isoformat(),
            include_domestic="yes",
        )
        if r["partnership"] == partnership
    ]
    today = dt.date.today().isoformat()
    if rows:
        found = "; ".join(f"{r['rule']} ({r['evidence']})" for r in rows)
        click.echo(f"Link health as of {today}: {found}")
    else:
        click.echo(f"Link health as of {today}: no rule broken.")


@click.command(context_settings=CONTEXT)
@click.option("--council", required=True, help="The home council (id, name or alias).")
@click.option("--as-of", default=None, help="Judge reviews as of this date (default today).")
@click.option("--include-domestic", is_flag=True, help="Also check domestic bodies.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@_register_folder_option
@_store_options
def health(council, as_of, include_domestic, fmt, register, store_kind, db_path, neo4j_database):
    """Link health: the council's strategy's monitoring rules checked on every partnership.

    Prints counts per rule (with the clause each comes from), then one row per partner and
    rule with the evidence. Same rows as 'partnergraph query links_needing_attention'.
    """
    from graphmodel.queries import run_query
    from graphmodel.queries.health import no_monitoring_rules, summarise_link_health

    store = _reading_store(register, store_kind, db_path, neo4j_database)
    try:
        council = _council_id(store, council)
        rows = run_query(
            store,
            "links_needing_attention",
            council=council,
            as_of=as_of,
            include_domestic="yes" if include_domestic else "no",
        )
        no_rules = no_monitoring_rules(store, council)
        labels = SourceLabels.from_store(store)
    except PartnerGraphError as exc:
        _fail(str(exc))
    finally:
        store.close()
    if no_rules:
        click.secho(no_rules, fg="yellow", err=fmt != "table")
    if fmt != "json":  # papers by title and date; --format json keeps the file names
        rows = labels.readable_rows(rows)
    if fmt == "table":
        summary = summarise_link_health(rows)
        click.echo(f"{len(rows)} findings on {len({r['partnership'] for r in rows})} links:")
        for s in summary:
            source = labels.prose(s["source"])
            click.echo(f'  {s["rule"]}: {s["links"]}   — "{s["clause"]}" {source}')
        click.echo("")
        _emit_rows(rows, ["partner_name", "rule", "evidence", "named_by_strategy"], fmt)
    else:
        _emit_rows(rows, None, fmt)


def _council_id(store, text: str) -> str:
    """The council ``text`` names, as the queries' ``--council`` reads it (a council before a
    place of the same name: "kent" is Kent County Council, not the county, whose report
    would be empty and read as "nothing happened"); PartnerGraphError otherwise."""
    from graphmodel.queries.catalogue import resolve_council
    from graphmodel.queries.helpers import COUNCIL

    return resolve_council(store, text, COUNCIL)


@click.command(context_settings=CONTEXT)
@click.argument("partnership")
@click.option("--date", "date_", default=None, help="When the review took place (default today).")
@click.option("--reviewer", required=True, help="Who reviewed the link (a name or a body).")
@click.option("--outcome", default=None, help="What the review concluded.")
@click.option(
    "--objectives-met",
    type=click.Choice(["yes", "partly", "no", "not-assessed"]),
    default="not-assessed",
    show_default=True,
)
@click.option("--next-review", default=None, help="When it is next due (default: the strategy's).")
@_by_option
@_register_folder_option
@_store_options
def review(
    partnership,
    date_,
    reviewer,
    outcome,
    objectives_met,
    next_review,
    by,
    register,
    store_kind,
    db_path,
    neo4j_database,
):
    """Record the annual review of PARTNERSHIP (its id, e.g. kent-bacs-kiskun-county).

    The review is validated with the whole register, then appended to records_YEAR.yaml in the
    partnership's register folder; no other file changes. Link health then counts it.
    """
    fields = {
        "partnership": partnership,
        "date": date_ or dt.date.today().isoformat(),
        "reviewer": reviewer,
        "outcome": outcome,
        "objectives_met": objectives_met,
        "next_review": next_review,
    }
    written = _write("reviews", fields, register, by, store_kind, db_path, neo4j_database)
    _link_health_after(written, partnership)


@click.command(context_settings=CONTEXT)
@click.argument("name")
@click.option(
    "--type",
    "type_",
    type=click.Choice(["visit", "exchange", "event", "project", "meeting", "other"]),
    required=True,
)
@click.option("--start", required=True, help="When it began (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--end", default=None, help="When it ended.")
@click.option("--unit", default=None, help="The council unit that carried it out (id).")
@click.option("--partner", default=None, help="The partner organisation (id).")
@click.option("--partnership", default=None, help="The partnership it belongs to (id).")
@click.option("--person", "people", multiple=True, help="Someone involved (repeat for more).")
@click.option("--outcome", default=None, help="What came of it.")
@click.option("--theme", "themes", multiple=True, help="A theme id (repeat for more).")
@_by_option
@_register_folder_option
@_store_options
def activity(
    name,
    type_,
    start,
    end,
    unit,
    partner,
    partnership,
    people,
    outcome,
    themes,
    by,
    register,
    store_kind,
    db_path,
    neo4j_database,
):
    """Record an activity NAME: a visit, exchange, event, project or meeting with a partner."""
    fields = {
        "name": name,
        "type": type_,
        "start": start,
        "end": end,
        "unit": unit,
        "partner": partner,
        "partnership": partnership,
        "people": list(people),
        "outcome": outcome,
        "themes": list(themes),
    }
    _write("activities", fields, register, by, store_kind, db_path, neo4j_database)


@click.command(context_settings=CONTEXT)
@click.argument("name")
@click.option("--owner", required=True, help="The unit responsible (organisation id).")
@click.option("--target", default=None, help="Target date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option(
    "--status",
    type=click.Choice(["planned", "in-progress", "done", "dropped"]),
    default="planned",
    show_default=True,
)
@click.option("--plan", default=None, help="Which action plan it belongs to.")
@click.option("--partnership", default=None, help="The partnership it serves (id).")
@click.option("--description", default=None)
@_by_option
@_register_folder_option
@_store_options
def action(
    name,
    owner,
    target,
    status,
    plan,
    partnership,
    description,
    by,
    register,
    store_kind,
    db_path,
    neo4j_database,
):
    """Record an action-plan item NAME with its owner, target date and status."""
    fields = {
        "name": name,
        "owner": owner,
        "target": target,
        "status": status,
        "plan": plan,
        "partnership": partnership,
        "description": description,
    }
    _write("actions", fields, register, by, store_kind, db_path, neo4j_database)


@click.command(context_settings=CONTEXT)
@click.option("--year", required=True, type=int, help="The year to report on, e.g. 2007.")
@click.option(
    "--council",
    default="kent-county-council",
    show_default=True,
    help="The home council (id, name or alias).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the HTML (default: report_COUNCIL_YEAR.html here; '-' prints it).",
)
@_register_folder_option
@_store_options
def report(year, council, out, register, store_kind, db_path, neo4j_database):
    """Write the year's report of international activity as one printable HTML page.

    It follows the strategy's structure (its headline priorities, by region) and holds the
    year's activities, reviews done and due, links without an MoU or objectives, costs and
    benefits per directorate, and the action plan's progress, each item with its sources.
    """
    from graphmodel.safety.atomic import write_text_atomic
    from graphmodel.views.annual_report import report_html, year_report

    if not 1900 <= year <= 2100:
        _fail(f"--year {year} is not a year between 1900 and 2100")
    store = _reading_store(register, store_kind, db_path, neo4j_database)
    try:
        data = year_report(store, _council_id(store, council), year)
    except PartnerGraphError as exc:
        _fail(str(exc))
    finally:
        store.close()
    text = report_html(data)
    if out is not None and str(out) == "-":
        click.echo(text)
        return
    path = out or Path(f"report_{data['council_id']}_{year}.html")
    try:
        write_text_atomic(path, text)
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc}; choose another --out")
    counts = ", ".join(f"{n} {k}(s)" for k, n in data["counts"].items())
    due = (
        f"{len(data['reviews_due'])} due"
        if "no review recorded" in data["rules_checked"]
        else "reviews due not checked (no strategy of the council asks for annual reviews)"
    )
    click.echo(
        f"Wrote {path}: {data['council']} {year} — {counts}; {len(data['reviews_done'])} "
        f"review(s) done, {due}; {len(data['actions'])} action(s)."
    )
