"""A card's "show all" lists, drawn when first opened (:func:`webapp.card._more`).

A busy record's card drawn whole was ~1,100 Dash components (Kent County Council: 225
relationships and their sources) and held the browser for five to seven seconds; the card now
draws the first few of each list, and each "show all" fills itself from the store when opened.
"""

from __future__ import annotations

import dash
from dash import MATCH, Input, Output, State, ctx, html, no_update

from .card import MORE, MORE_BODY, card_of, card_rest
from .context import PageContext

__all__ = ["register_card_more"]


def register_card_more(app: dash.Dash, ctx_: PageContext) -> None:
    @app.callback(
        Output({"type": MORE_BODY, "key": MATCH}, "children"),
        Input({"type": MORE, "key": MATCH}, "n_clicks"),
        State({"type": MORE_BODY, "key": MATCH}, "children"),
        prevent_initial_call=True,
    )
    def fill(clicks, drawn):
        if drawn or not clicks or not isinstance(ctx.triggered_id, dict):
            return no_update
        node, part, n = str(ctx.triggered_id.get("key", "")).rsplit("|", 2)
        view = ctx_.view
        if node not in view.g or not n.isdigit():
            return [html.P("This record is no longer in the register: choose another.")]
        return card_rest(card_of(view, node), part, int(n))
