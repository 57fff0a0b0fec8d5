"""The details panel beside every page: what the selected node is, its properties, sources and
relationships.

:func:`render_details` is the one function that draws it; a richer record card replaces it by
swapping that function (``webapp.shell`` is its only caller).
"""

from __future__ import annotations

from typing import Any

from dash import html

from .card import render_card
from .tables import flat
from .views import GraphView

__all__ = ["render_details", "details_panel", "details_placeholder"]


def render_details(view: GraphView, node_id: str | None) -> list:
    """The panel's children for ``node_id``; the placeholder when nothing (known) is selected."""
    if not node_id or node_id not in view.g:
        return details_placeholder()
    return render_card(view, node_id)  # the record card (webapp.card); details_panel was before


def details_placeholder() -> list:
    return [
        html.H2("Details"),
        html.P(
            "Click a node, a map marker or a table row to see its "
            "properties, relationships and sources."
        ),
    ]


def _yes_no(v: bool) -> str:
    return "yes" if v else "no"


def details_panel(d: dict[str, Any]) -> list:
    """The panel for one node's details (``views.node_details``)."""
    items = [html.H2(d["name"]), html.P(f"{d['kind']} · {d['id']}", className="kind")]
    if d["aliases"]:
        items.append(html.P("Also known as: " + ", ".join(d["aliases"]), className="aliases"))
    if d.get("signatories"):
        items += [
            html.H3("Signatories"),
            html.Ul([html.Li(s) for s in d["signatories"]], className="signatories"),
        ]
    props = [
        # React draws nothing for a boolean child: say it
        html.Tr(
            [html.Th(k.replace("_", " ")), html.Td(_yes_no(v) if isinstance(v, bool) else flat(v))]
        )
        for k, v in sorted(d["props"].items())
        if v not in (None, "", [])
    ]
    if props:
        items.append(html.Table(props, className="props"))
    items.append(html.H3("Sources"))
    items.append(html.Ul([html.Li(s) for s in d["sources"]], className="sources"))
    items.append(html.H3(f"Relationships ({len(d['relationships'])})"))
    rels = []
    for r in d["relationships"][:200]:
        arrow = "→" if r["direction"] == "out" else "←"
        extra = ", ".join(f"{k}: {flat(v)}" for k, v in r["props"].items() if v not in (None, ""))
        rels.append(
            html.Li(
                [
                    f"{arrow} {r['type']} ",
                    html.Button(
                        r["other_name"],
                        id={"type": "goto", "id": r["other"]},
                        n_clicks=0,
                        className="linkish",
                        title=f"{r['other_kind']} {r['other']}",
                    ),
                    f" ({extra})" if extra else "",
                    html.Div("source: " + "; ".join(r["sources"]), className="rel-source")
                    if r["sources"]
                    else None,
                ]
            )
        )
    items.append(html.Ul(rels, className="rels"))
    return items
