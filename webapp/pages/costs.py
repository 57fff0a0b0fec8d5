"""Costs & benefits: what each unit's or project's international work costs and brings in.

Costs and financial benefits per unit or project as the papers print them (£m or pounds), with
their sources, for the strategy board and the annual report. Each table the papers print (Kent's
2006/7 costs and benefits, Leicester's 2002/03 budget) is charted on its own axis: figures from
different councils and years are never read against one scale. The table names each row's
papers; a row's card (click it) quotes them.
"""

from __future__ import annotations

import math
from typing import Any

import dash
import plotly.graph_objects as go
from dash import Input, Output, dcc, html, no_update
from plotly.subplots import make_subplots

from graphmodel.views.card_facts import money_words

from .. import views as V
from ..a11y import chart_figure
from ..card import readable_rows, view_labels
from ..components import CHART_CONFIG
from ..context import PageContext
from ..tables import table

PATH = "/costs"
TITLE = "Costs & benefits"

__all__ = ["PATH", "TITLE", "layout", "register_callbacks", "costs_fig"]

COLUMNS = [
    "subject",
    "directorate",
    "period",
    "cost_as_printed",
    "benefit_as_printed",
    "time_limited",
    "table",
    "sources",
]


def layout(ctx_: PageContext, state: dict[str, Any]) -> html.Div:
    return html.Div(
        [
            html.P(
                "Costs and financial benefits per unit or project, with their sources: the table "
                "gives each figure as its paper prints it (£m or pounds), the chart in pounds per "
                "year. Rows marked time limited are costs 2005-2007. "
                "Each table the papers print has a chart of its own; click a row for its card "
                "and the papers' words."
            ),
            # a named figure described by a line saying what it draws; its data is the table
            # under it (webapp.a11y)
            # on a narrow window it keeps a readable width and scrolls sideways in its own box
            # (its row names and titles are cut off if squeezed: WCAG 1.4.10)
            chart_figure(
                dcc.Graph(id="costs-chart", config=CHART_CONFIG, className="wide-chart"),
                "Costs and benefits chart",
                described_by="costs-summary",
                scroll=True,
            ),
            html.P(id="costs-summary", className="chart-summary"),
            table("costs-table", COLUMNS, wide=("sources",)),
            html.Button("Export CSV", id="btn-costs-csv", n_clicks=0),
        ]
    )


def costs_summary(rows: list[dict[str, Any]]) -> str:
    """The chart in a line: how many figures in how many printed tables; the table under the
    chart holds every figure with its source."""
    if not rows:
        return "No costs or benefits are recorded, so the chart is empty."
    tables = sorted({table_of(r) for r in rows})
    return (
        f"The chart draws {len(rows)} figures in pounds per year from {len(tables)} printed "
        f"table{'s' if len(tables) != 1 else ''}: {'; '.join(tables)}. The table below gives "
        "each figure with its source."
    )


def table_of(row: dict[str, Any]) -> str:
    """The table a row was printed in, or its period's figures when the papers give none."""
    return row.get("table") or f"Other figures, {row.get('period') or 'no period given'}"


def costs_fig(rows: list[dict[str, Any]]) -> go.Figure:
    """Cost and benefit per subject as dots, one chart per table the papers print (each on its
    own log axis: they span 1,000×), the subjects' names beside them and each figure in words.

    Dots, not bars: on a log axis a bar's length depends on where the axis happens to start, so
    bars would draw £20,000 as a sliver beside £80,000; a dot's place reads true on any axis.
    Cost and benefit differ in shape as well as colour."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(table_of(r), []).append(r)
    names = list(groups)
    if not names:
        fig = go.Figure()
        fig.add_annotation(text="The papers record no costs or benefits.", showarrow=False)
        return fig
    heights = [max(2, len(groups[n])) for n in names]
    fig = make_subplots(
        rows=len(names),
        cols=1,
        subplot_titles=[f"<b>{n}</b>" for n in names],
        row_heights=heights,
        vertical_spacing=min(0.5 / len(names), 0.12),
    )
    for i, name in enumerate(names, start=1):
        _add_dots(fig, i, groups[name])
        span = _log_range(groups[name])
        fig.update_xaxes(
            type="log",
            title_text="£ per year (log scale)",
            range=span,
            **_money_ticks(span),
            row=i,
            col=1,
        )
        # each subject a band of its own, first at the top (given in full: fitted to the dots,
        # a table of one subject would leave no band to draw in)
        last = len(groups[name]) - 0.5
        fig.update_yaxes(range=[last, -0.5], automargin=True, row=i, col=1)
    height = 120 + 46 * sum(heights) + 60 * len(names)
    plotted = height - 80 - 80  # less the top and bottom margins
    fig.update_layout(
        height=height,
        margin={"t": 80, "b": 80, "r": 110},
        # above the first chart's title, clear of every dot and name
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1 + 30 / plotted,
            "x": 0,
            "xanchor": "left",
        },
    )
    return fig


def _label_side(row: dict[str, Any], key: str) -> str:
    """Where a figure's words go: right of its dot, or left of it when the subject's other
    figure is larger (a cost of £58,000 beside a benefit of £100,000 would otherwise print its
    words over the benefit's dot)."""
    mine, other = row[f"{key}_gbp_m"], row["benefit_gbp_m" if key == "cost" else "cost_gbp_m"]
    return "middle left" if mine and other and other > mine else "middle right"


def _log_range(group: list[dict[str, Any]]) -> list[float] | None:
    """A log axis from just below the table's smallest figure to just above its largest (a
    single figure gets a decade around it); None when the table states no figure."""
    values = [r[f"{key}_gbp_m"] for r in group for key in ("cost", "benefit") if r[f"{key}_gbp_m"]]
    if not values:
        return None
    low, high = math.log10(min(values)), math.log10(max(values))
    if high - low < 0.2:
        return [low - 0.5, high + 0.5]
    return [low - 0.6, high + 0.3]  # room for the words beside the end dots


def _money_ticks(span: list[float] | None) -> dict[str, Any]:
    """Ticks at £1, 2 and 5 of each power of ten on the axis, in money (£20k, £1m)."""
    if span is None:
        return {}
    values = [
        m * 10.0**k
        for k in range(math.floor(span[0]), math.ceil(span[1]) + 1)
        for m in (1, 2, 5)
        if span[0] <= math.log10(m * 10.0**k) <= span[1]
    ]
    text = [f"£{v:g}m" if v >= 1 else f"£{v * 1000:g}k" for v in values]
    return {"tickvals": values, "ticktext": text}


#: what each figure is drawn as: its legend entry, colour and shape
_FIGURES = (
    ("cost", "Cost per year", "#1f77b4", "circle"),
    ("benefit", "Financial benefit per year", "#d62728", "diamond"),
)


def _add_dots(fig: go.Figure, row: int, group: list[dict[str, Any]]) -> None:
    """One printed table's costs and benefits into the chart's ``row``."""
    subjects = [f"{r['subject'] or '(no subject)'} ({r['period']})" for r in group]
    for key, label, colour, symbol in _FIGURES:
        values = [r[f"{key}_gbp_m"] for r in group]
        words = [
            (money_words(v, "GBP-m") or "")
            + (" (time limited)" if v and key == "cost" and r["time_limited"] else "")
            for v, r in zip(values, group, strict=True)
        ]
        printed = [r[f"{key}_as_printed"] or "" for r in group]
        fig.add_scatter(
            row=row,
            col=1,
            name=label,
            legendgroup=key,
            showlegend=row == 1,
            mode="markers+text",
            y=subjects,
            x=values,
            text=[f"  {w}  " if w else "" for w in words],
            customdata=printed,
            textposition=[_label_side(r, key) for r in group],
            cliponaxis=False,
            marker={"color": colour, "symbol": symbol, "size": 11},
            hovertemplate="%{y}:%{text} a year (printed “%{customdata}”)<extra>"
            + label
            + "</extra>",
        )


def paper_titles(view: V.GraphView, sources: list[str]) -> str:
    """The papers a row comes from, each once by title and date (the card quotes them)."""
    labels = view_labels(view)
    papers: dict[str, list[str]] = {}
    for x in sources or []:
        heading, _, section = labels.label(x, quote=False).partition(" § ")
        sections = papers.setdefault(heading, [])
        if section and section not in sections:
            sections.append(section)
    return "; ".join(
        f"{heading} § {', '.join(sections)}" if sections else heading
        for heading, sections in papers.items()
    )


def register_callbacks(app: dash.Dash, ctx_: PageContext) -> None:
    view = ctx_.view

    @app.callback(
        Output("costs-chart", "figure"),
        Output("costs-table", "rowData"),
        Output("costs-summary", "children"),
        Input("url", "pathname"),
    )
    def costs(pathname):
        if pathname != PATH:
            return no_update, no_update, no_update
        rows = V.cost_rows(view)
        table_rows = [
            {
                **r,
                "sources": paper_titles(view, r["sources"]),
                "time_limited": "yes" if r["time_limited"] else "",
            }
            for r in rows
        ]
        return costs_fig(rows), table_rows, costs_summary(rows)

    @app.callback(
        Output("selected", "data", allow_duplicate=True),
        Input("costs-table", "selectedRows"),
        prevent_initial_call=True,
    )
    def costs_click(rows):
        # the row's card, with the papers' own words
        if not rows or not rows[0].get("id"):
            return no_update
        return rows[0]["id"]

    @app.callback(
        Output("download", "data", allow_duplicate=True),
        Input("btn-costs-csv", "n_clicks"),
        prevent_initial_call=True,
    )
    def costs_csv(_n):
        if not _n:
            return no_update
        rows = V.cost_rows(view)
        return dcc.send_string(V.rows_to_csv(readable_rows(view, rows)), "costs-benefits.csv")
