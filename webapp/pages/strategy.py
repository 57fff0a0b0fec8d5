"""Strategy: a council's strategy as it is printed, clause by clause, each with its source.

For the strategy board and anyone applying the strategy: the principles (heading and text), the
criteria new partners must meet (exactly as numbered), the further justification (funding), the
conditions for links outside the criteria, and the monitoring framework. Each clause shows its
id, so an evaluation or a link-health finding can cite the exact clause it applies.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import html

from graphmodel.model.strategy import CLAUSE_PARTS
from graphmodel.views.sources import format_date, parse_source
from graphmodel.views.spheres import spheres_of

from ..card import readable, view_labels
from ..context import PageContext
from ..views import GraphView

PATH = "/strategy"
TITLE = "Strategy"

__all__ = ["PATH", "TITLE", "layout", "register_callbacks", "strategy_outline"]

PART_TITLES = {
    "principle": "Principles",
    "criterion": "Criteria new partners must meet",
    "justification": "Further justification for a new link",
    "condition": "Links outside the criteria",
    "monitoring": "Monitoring & evaluation",
    "framework": "Monitoring framework",
}


def strategy_outline(view: GraphView, strategy_id: str) -> dict[str, list[dict[str, Any]]]:
    """The strategy's clauses by part, in the order printed: ``{part: [clause props]}``."""
    g = view.g
    clauses = [
        {**g.nodes[c], "id": c}
        for _, c, t in g.out_edges(strategy_id, data="type")
        if t == "HAS_CLAUSE"
    ]
    out: dict[str, list[dict[str, Any]]] = {p: [] for p in CLAUSE_PARTS}
    for c in sorted(clauses, key=lambda c: (c.get("number") or 0, c["id"])):
        out[c["part"]].append(c)
    return out


def _strategies(view: GraphView) -> list[str]:
    # the snapshot's list of strategies (kept per snapshot), not a walk of every node per visit
    return sorted(
        view.nodes_of("Strategy"),
        key=lambda n: (
            not any(t == "HAS_CLAUSE" for _, _, t in view.g.out_edges(n, data="type")),
            view.name(n),
        ),
    )


def _clause(view: GraphView, c: dict[str, Any]) -> html.Li:
    heading = [html.Strong(c["heading"]), html.Br()] if c.get("heading") else []
    return html.Li(
        [
            *heading,
            html.Span(c["text"], className="clause-text"),
            html.Div(
                [html.Code(c["id"]), " · ", readable(view, c.get("sources"))],
                className="rel-source",
            ),
        ],
        id=f"clause-{c['id']}",
        className=f"clause clause-{c['part']}",
    )


def spheres_block(view: GraphView, store: Any, strategy_id: str) -> list:
    """The links the strategy names, by sphere, each with its tier and whether the strategy
    states that tier (with its words) or the register inferred it."""
    spheres = spheres_of(store, strategy_id)
    if not spheres:
        return []
    labels = view_labels(view)
    own = {parse_source(s).file for s in view.g.nodes[strategy_id].get("sources") or []}
    body: list = [
        html.H3("Spheres of influence: the links it names"),
        html.P(
            "Each link with its tier: 'stated' quotes the words that give it; 'inferred' is the "
            "register's reading where the strategy gives no tier.",
            className="note",
        ),
    ]
    for sphere in spheres:
        body.append(html.H4(sphere["title"]))
        groups: dict[tuple, list] = {}
        for x in sphere["links"]:
            groups.setdefault((x["tier_title"], x["basis"], x["stated_by"]), []).append(x)
        items = []
        for (tier, basis, stated_by), links in groups.items():
            if basis == "stated":
                ref = parse_source(stated_by)
                doc = labels.document(ref.file)
                paper = f"{doc.heading} " if doc and ref.file not in own else ""
                said = f"“{ref.quote}”, " if ref.quote else ""
                why = f"stated: {said}{paper}§ {ref.section}"
            else:
                why = "inferred by the register: the strategy names these links but gives no tier"
            items.append(
                html.Li(
                    [
                        html.Strong(tier),
                        f" ({why}): ",
                        *_joined(
                            [html.A(x["name"], href=f"/network?select={x['id']}") for x in links]
                        ),
                    ],
                    className=f"sphere-tier tier-{basis}",
                )
            )
        body.append(html.Ul(items, className="clauses"))
    return body


def _joined(parts: list) -> list:
    """``a, b and c`` from components."""
    out: list = []
    for i, p in enumerate(parts):
        if i:
            out.append(" and " if i == len(parts) - 1 else ", ")
        out.append(p)
    return out


def strategy_section(view: GraphView, strategy_id: str, store: Any = None) -> html.Section:
    d = view.g.nodes[strategy_id]
    outline = strategy_outline(view, strategy_id)
    body: list = [
        html.H2(d.get("name") or strategy_id),
        html.P(
            " · ".join(
                str(x)
                for x in (
                    d.get("status"),
                    format_date(d.get("date")),
                    view.name(d.get("owner") or "") if d.get("owner") else None,
                )
                if x
            ),
            className="kind",
        ),
    ]
    if not any(outline.values()):
        body.append(
            html.P(
                "The register holds no clauses for this strategy (only its objectives: open "
                "its card).",
                className="note",
            )
        )
    if store is not None:  # as printed: the spheres of influence come before the principles
        body += spheres_block(view, store, strategy_id)
    for part in CLAUSE_PARTS:
        items = outline[part]
        if not items:
            continue
        title = PART_TITLES[part]
        if part == "criterion":
            title = f"{title} ({len(items)})"
        body.append(html.H3(title))
        lister = html.Ol if part in ("principle", "criterion") else html.Ul
        body.append(lister([_clause(view, c) for c in items], className="clauses"))
    return html.Section(body, className="strategy", id=f"strategy-{strategy_id}")


def layout(ctx: PageContext, state: dict[str, Any]) -> html.Div:
    view = ctx.view
    sections = [strategy_section(view, s, ctx.store) for s in _strategies(view)]
    return html.Div(
        [
            html.P(
                "Each strategy as printed, clause by clause, with its source. The code beside a "
                "clause is its id: evaluations and link-health findings cite it."
            ),
            *(sections or [html.P("No strategy in this register.", className="note")]),
        ]
    )


def register_callbacks(app: dash.Dash, ctx: PageContext) -> None:
    """A page of text: nothing to call back."""
