"""``partnergraph views``: the Network page's saved views in a register folder."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import click

from graphmodel.errors import PartnerGraphError
from loaders import bundled_register_dir
from loaders.saved_views import VIEWS_FILE, read_saved_views

from .common import CONTEXT, _fail, _json_option

__all__ = ["register_commands"]


def _settings(state: dict) -> str:
    """A view's settings as its address spells them: ``tier=strategic; focus=kent-…``."""
    parts = []
    for key in sorted(state):
        value = state[key]
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{key}={shown}")
    return "; ".join(parts) or "the default view"


def register_commands(main: click.Group) -> None:
    @main.command(context_settings=CONTEXT)
    @click.argument(
        "register",
        required=False,
        envvar="PARTNERGRAPH_REGISTER",
        # a mistyped folder is said to be missing, not reported as having no views
        type=click.Path(exists=True, file_okay=False, path_type=Path),
    )
    @_json_option
    def views(register: Path | None, as_json: bool) -> None:
        """List the Network page's saved views in REGISTER (its saved-views.json).

        Each view is opened by its link, /network?view=NAME, on the explorer serving that
        register ('partnergraph serve --register REGISTER'); editors save them on the Network
        page, under "Saved views".
        """
        folder = register or bundled_register_dir()
        try:
            views = read_saved_views(folder)
        except PartnerGraphError as exc:
            _fail(f"{folder / VIEWS_FILE}: {exc}")
        if as_json:
            click.echo(
                json.dumps(
                    [
                        {
                            "name": v["name"],
                            "link": "/network?view=" + quote(v["name"]),
                            "saved_by": v["saved_by"],
                            "saved_at": v["saved_at"],
                            "settings": v["state"],
                            "nodes_placed": len(v["positions"]),
                            "nodes_added_by_expand": len(v["expanded"]),
                            # the zoom and pan it opens at (null: fitted to the window)
                            "framing": {k: v[k] for k in ("zoom", "pan", "canvas") if k in v}
                            or None,
                            "notes": v["notes"],
                            "problems": v["problems"],
                        }
                        for v in views
                    ],
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return
        if not views:
            click.echo(
                f"No saved views in {folder}: save one on the Network page "
                "('partnergraph serve --register DIR', then \"Saved views\")."
            )
            return
        click.echo(f"{len(views)} saved view{'s' if len(views) != 1 else ''} in {folder}:")
        for v in views:
            click.echo(f"\n  {v['name']}")
            click.echo(f"    open: /network?view={quote(v['name'])}")
            click.echo(
                f"    saved {v['saved_at'] or '(date not recorded)'} by {v['saved_by'] or '?'}"
            )
            grown = f" ({len(v['expanded'])} added by Expand)" if v["expanded"] else ""
            click.echo(
                f"    shows: {_settings(v['state'])}; {len(v['positions'])} nodes placed{grown}"
            )
            if "zoom" in v:
                click.echo(f"    opens at: zoom {v['zoom']:g}, as it was saved")
            if v["notes"]:
                click.echo(f"    notes: {v['notes']}")
            for problem in v["problems"]:
                click.echo(f"    problem: {problem}")
