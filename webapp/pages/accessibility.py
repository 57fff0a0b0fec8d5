"""Accessibility statement: how well the explorer meets WCAG 2.2 AA, what does not yet, and how
to report a problem (the Public Sector Bodies Accessibility Regulations 2018).

For every officer, and for whoever answers for the council's compliance. Not in the navigation
bar: linked at the foot of every page (``webapp.shell``). The text is ``webapp.statement``'s,
the same as ``docs/ACCESSIBILITY.md``.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html

from ..context import PageContext
from ..statement import statement_markdown

PATH = "/accessibility"
TITLE = "Accessibility statement"
HEADING = "Accessibility statement for partnergraph"
NAV = False

__all__ = ["PATH", "TITLE", "HEADING", "NAV", "layout", "register_callbacks"]


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    return html.Div(
        dcc.Markdown(statement_markdown(), link_target="_self"),
        className="statement",
    )


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    """The statement has no callbacks."""
