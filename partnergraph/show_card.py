"""``partnergraph show``: a record card (:mod:`graphmodel.views.card`) printed for a terminal."""

from __future__ import annotations

import textwrap
from typing import Any

import click

__all__ = ["print_card"]

WIDTH = 100


def _value(v: Any) -> list[str]:
    if isinstance(v, list):
        return [i["text"] + (f"  [{i['id']}]" if i.get("id") else "") for i in v]
    return [str(v)]


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def print_card(card: dict[str, Any], show_all: bool = False) -> None:
    click.secho(f"{card['title']}  [{card['id']}]", bold=True)
    click.echo(card["status"])
    if card["aliases"]:
        click.echo(_wrap("Also known as: " + "; ".join(card["aliases"]), ""))
    for m in card["markers"]:
        click.secho(f"⚠ {m['text']}  (partnergraph show {m['id']})", fg="yellow")
    for section in card["sections"]:
        click.echo()
        click.secho(section["title"], bold=True)
        printer = _PRINTERS.get(section["key"], _print_rows)
        printer(section, show_all)


def _print_rows(section: dict[str, Any], show_all: bool) -> None:
    for row in section.get("rows", []):
        lines = _value(row["value"])
        if len(lines) == 1 and not isinstance(row["value"], list):
            click.echo(_wrap(f"{row['label']}: {lines[0]}", "  "))
            continue
        click.echo(f"  {row['label']}:")
        for line in lines:
            click.echo(_wrap(f"- {line}", "    "))


def _print_relationships(section: dict[str, Any], show_all: bool) -> None:
    few = None if show_all else section["first_few"]
    hidden = 0
    for g in section["groups"]:
        click.echo(f"  {g['title']} ({g['count']}):")
        items = g["items"] if few is None else g["items"][:few]
        for i in items:
            detail = f" ({i['detail']})" if i["detail"] else ""
            click.echo(_wrap(f"- {i['text']}{detail}  [{i['kind']}: {i['id']}]", "    "))
        if len(items) < g["count"]:
            hidden += g["count"] - len(items)
            click.echo(f"    … and {g['count'] - len(items)} more")
    if hidden:
        click.echo("  (--all lists every relationship)")


def _print_sources(section: dict[str, Any], show_all: bool) -> None:
    _print_source_groups(section["groups"])
    if not section.get("context"):
        return
    if show_all:
        click.echo()
        click.secho(f"{section['context_title']} (context)", bold=True)
        _print_source_groups(section["context"])
    else:
        n = section["context_count"]
        click.echo(
            f"  + {n} source{'s' if n != 1 else ''} of its relationships that do not name it "
            "(--all lists them)"
        )


def _print_source_groups(groups: list[dict[str, Any]]) -> None:
    for g in groups:
        click.echo(_wrap(g["heading"], "  "))
        for i in g["items"]:
            quote = f" — “{i['quote']}”" if i["quote"] else ""
            click.echo(_wrap(f"§ {i['section']}{quote}", "    "))


_PRINTERS = {
    "facts": _print_rows,
    "relationships": _print_relationships,
    "sources": _print_sources,
}
