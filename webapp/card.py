"""The record card in the details panel: :mod:`graphmodel.views.card`'s data, drawn.

The same card ``partnergraph show`` prints. Key facts come first; each group of relationships
shows its first few and a "show all" that opens in place; the sources sit in one collapsed
"Sources (n)" section, grouped by paper, each paper by title and date with its file name as a
tooltip. The card is keyed by node id, so a newly opened card is a new element and starts
scrolled to the top.
"""

from __future__ import annotations

from typing import Any

from dash import html

from graphmodel.queries.helpers import documents_embedded
from graphmodel.stores.embedded import relationship_rows
from graphmodel.views.card import build_card
from graphmodel.views.sources import SourceLabels, format_date

from .card_forms import card_record_form
from .views import GraphView

__all__ = [
    "render_card",
    "card_of",
    "card_rest",
    "card_components",
    "confirmation",
    "view_labels",
    "readable",
    "readable_rows",
]


def view_labels(view: GraphView) -> SourceLabels:
    """The papers of the view's graph, read once per graph snapshot."""
    return view.cached(
        "source_labels",
        lambda: SourceLabels({**d, "name": d["title"]} for d in documents_embedded(view.g)),
    )


def readable(view: GraphView, sources: list[str] | None) -> str:
    """Sources as people read them: "Title (date) § section — quote", joined with "; "."""
    return "; ".join(view_labels(view).labels(sources or []))


def readable_rows(view: GraphView, rows: list[dict[str, Any]], key: str = "sources") -> list:
    """Rows (for a table or a CSV) with their ``key`` column made :func:`readable`."""
    return [{**r, key: readable(view, r.get(key))} for r in rows]


def render_card(view: GraphView, node_id: str, note: dict[str, Any] | None = None) -> list:
    """The details panel's children for one node. A partnership's card holds the form that
    records a review or an activity for it (:mod:`webapp.card_forms`); ``note`` is the outcome
    of a write just made from it."""
    card = card_of(view, node_id)
    form = card_record_form(node_id, note) if card["kind"] == "Partnership" else None
    done = confirmation(view, node_id, note) if note and note.get("ok") else None
    return card_components(card, form, done)


def card_of(view: GraphView, node_id: str) -> dict[str, Any]:
    """The card's data for one node (:func:`graphmodel.views.card.build_card`)."""
    g = view.g
    return build_card(
        dict(g.nodes[node_id]), relationship_rows(g, node_id), view_labels(view), store=view.store
    )


def confirmation(view: GraphView, node_id: str, note: dict[str, Any]) -> html.Div:
    """What a write from this card recorded, in words, at the top of the card (where the
    redrawn card opens): the kind, the link's name, the date and who or what; the record's id
    and file are in its tooltip only."""
    record = view.store.node(note.get("id") or "") or {}
    link = view.name(node_id) if node_id in view.data else node_id
    if note.get("kind") == "reviews":
        when = format_date(record.get("date")) if record.get("date") else None
        by = record.get("reviewer")
        words = f"Review recorded for {link}" + (f", dated {when}" if when else "")
        words += (f", by {by}." if by else ".") + " It shows under Last review below."
    else:
        what = record.get("name")
        when = format_date(record.get("start")) if record.get("start") else None
        words = f"Activity recorded for {link}" + (f": {what}" if what else "")
        words += (f", {when}." if when else ".") + " It shows in the card's timeline."
    if note.get("id") not in view.data:
        words += " The network, map and matrix show it in a few seconds."
    if note.get("also"):  # a record like it was there already (webapp.writes)
        words += " " + note["also"]
    return html.Div(
        [html.Span("✓ ", **{"aria-hidden": "true"}), words],
        id="card-rec-done",
        className="form-message card-confirm",
        role="status",
        title=note.get("message") or "",
    )


def _link(item: dict[str, Any]) -> Any:
    if not item.get("id"):
        return item["text"]
    return html.Button(
        item["text"],
        id={"type": "goto", "id": item["id"]},
        n_clicks=0,
        className="linkish",
        title=f"{item.get('kind') or ''} {item['id']}".strip(),
    )


#: a list of facts longer than this shows its first items and a "show all"
LONG_LIST = 6


#: the pattern ids of a "show all" (its summary, clicked) and of the list it fills
MORE, MORE_BODY = "card-more", "card-more-body"


def _more(summary: str, key: str, class_name: str, body_class: str | None = None) -> html.Details:
    """A "show all" that opens in place. What it holds is drawn only when first opened
    (:mod:`webapp.card_more`): every Dash component costs the browser at every update, and a
    busy record's card drawn whole (Kent County Council: 225 relationships and their sources,
    ~1,100 components) held the page for five to seven seconds."""
    return html.Details(
        [
            html.Summary(summary, id={"type": MORE, "key": key}, n_clicks=0),
            html.Div(id={"type": MORE_BODY, "key": key}, className=body_class),
        ],
        className=class_name,
    )


def _value(v: Any, key: str = "") -> Any:
    if not isinstance(v, list):
        return str(v)
    if len(v) == 1:
        return _link(v[0])
    if len(v) <= LONG_LIST or not key:
        return html.Ul([html.Li(_link(i)) for i in v], className="card-list")
    return html.Div(
        [
            html.Ul([html.Li(_link(i)) for i in v[: LONG_LIST - 1]], className="card-list"),
            _more(f"Show all {len(v)}", key, "more"),
        ]
    )


def _value_rest(v: list) -> list:
    return [html.Ul([html.Li(_link(i)) for i in v[LONG_LIST - 1 :]], className="card-list")]


def _facts(section: dict[str, Any], node: str = "") -> list:
    rows = [
        html.Tr([html.Th(r["label"]), html.Td(_value(r["value"], node and f"{node}|fact|{n}"))])
        for n, r in enumerate(section["rows"])
    ]
    return [html.Table(rows, className="props card-facts")] if rows else []


def _rel_items(items: list[dict[str, Any]]) -> list:
    return [
        html.Li(
            [
                _link(i),
                html.Span(f" ({i['detail']})", className="rel-detail") if i["detail"] else None,
            ]
        )
        for i in items
    ]


def _relationships(section: dict[str, Any], node: str = "") -> list:
    few = section["first_few"]
    out = [html.H3(section["title"])]
    for n, g in enumerate(section["groups"]):
        block = [
            html.H4(f"{g['title']} ({g['count']})"),
            html.Ul(_rel_items(g["items"][:few]), className="rels"),
        ]
        if len(g["items"]) > few:
            block.append(_more(f"Show all {g['count']}", f"{node}|rel|{n}", "more"))
        out.append(html.Div(block, className="rel-group"))
    return out


def _rel_rest(section: dict[str, Any], n: int) -> list:
    return [
        html.Ul(_rel_items(section["groups"][n]["items"][section["first_few"] :]), className="rels")
    ]


def _sources(section: dict[str, Any], node: str = "") -> list:
    out = [_more(section["title"], f"{node}|src|0", "sources")]
    if section.get("context"):
        out.append(_more(section["context_title"], f"{node}|ctx|0", "sources-context"))
    return out


def _sources_rest(section: dict[str, Any], part: str) -> list:
    if part == "src":
        return _source_groups(section["groups"])
    return [
        html.P(
            "Context: these sources state a relationship of this record's, "
            "not something about the record itself.",
            className="src-context-note",
        ),
        *_source_groups(section.get("context") or []),
    ]


def _source_groups(source_groups: list[dict[str, Any]]) -> list:
    groups = []
    for g in source_groups:
        items = [
            html.Li(
                [
                    html.Span(f"§ {i['section']}", className="src-section"),
                    html.Q(i["quote"]) if i["quote"] else None,
                ],
                title=i["raw"],
            )
            for i in g["items"]
        ]
        groups.append(
            html.Div(
                [html.Div(g["heading"], className="src-doc", title=g["file"]), html.Ul(items)],
                className="src-group",
            )
        )
    return groups


_DRAW = {"facts": _facts, "relationships": _relationships, "sources": _sources}


def _generic(section: dict[str, Any], node: str = "") -> list:
    """A section added by another module (``register_section``) with ``rows`` or ``items``."""
    body: list = [html.H3(section.get("title", ""))]
    if section.get("rows"):
        body += _facts(section)
    if section.get("items"):
        body.append(html.Ul([html.Li(_link(i)) for i in section["items"]]))
    return body


def card_rest(card: dict[str, Any], part: str, n: int) -> list:
    """What the "show all" ``part`` / ``n`` of ``card`` holds (see :func:`_more`); nothing if
    the card no longer has it (the register changed since the card was drawn)."""
    sections = {s["key"]: s for s in card["sections"]}
    try:
        if part == "rel":
            return _rel_rest(sections["relationships"], n)
        if part == "fact":
            return _value_rest(sections["facts"]["rows"][n]["value"])
        if part in ("src", "ctx"):
            return _sources_rest(sections["sources"], part)
    except (KeyError, IndexError, TypeError):
        pass
    return [html.P("This list has changed since the card was drawn: open the card again.")]


def card_components(card: dict[str, Any], form: Any = None, done: Any = None) -> list:
    """The card drawn; ``form`` (a partnership's record form) goes after its key facts, and
    ``done`` (what a write just recorded) under its title."""
    head = [
        html.H2(card["title"], title=card["id"]),
        html.P(card["status"], className="kind"),
        done,
    ]
    if card["markers"]:
        head.append(
            html.Div(
                [
                    html.Strong(f"⚠ The papers disagree on this record ({len(card['markers'])})"),
                    html.Ul(
                        [
                            html.Li(_link({"text": m["name"], "id": m["id"], "kind": "Conflict"}))
                            for m in card["markers"]
                        ]
                    ),
                ],
                className="marker conflict-marker",
                role="note",
            )
        )
    body = []
    for section in card["sections"]:
        body += _DRAW.get(section["key"], _generic)(section, card["id"])
        if section["key"] == "facts" and card["aliases"]:
            body.append(html.P("Also known as: " + "; ".join(card["aliases"]), className="aliases"))
        if section["key"] == "facts" and form is not None:
            body.append(form)
    return [html.Div(head + body, className="card", key=card["id"], id="record-card")]
