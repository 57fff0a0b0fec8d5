"""After a write, the open card redraws itself: its "Last review" and timeline, read from the
store, with the write's message at the top (the forms are in :mod:`webapp.card_forms`)."""

from __future__ import annotations

import dash
from dash import Input, Output, State, no_update

from .card import render_card
from .context import PageContext

__all__ = ["register_card_redraw"]


def register_card_redraw(app: dash.Dash, ctx_: PageContext) -> None:
    @app.callback(
        Output("details", "children", allow_duplicate=True),
        Input("written", "data"),
        State("selected", "data"),
        prevent_initial_call=True,
    )
    def card_after_write(written, selected):
        # a new request: it reads the snapshot rebuilt after the write (if done in time); the
        # card's last review and timeline come from the store, which has the write already
        if not selected or selected not in ctx_.view.g:
            return no_update
        note = written if isinstance(written, dict) and written.get("for") == selected else None
        return render_card(ctx_.view, selected, note=note)
