"""The Query page's working parts: its parameter boxes, the address that reopens a run, the rows
as a table, and errors worded for the person at the form.

A run is kept in the address as ``?q=partners&p_council=kent-county-council&p_tier=strategic
&run=yes``: the query, each parameter filled in (``p_`` and its name) and ``run`` to say the
table was drawn, so a shared address reopens the page with the same table. On Neo4j the Cypher
console's text travels as ``cypher``.

The command line names a parameter ``--council``; the page names it by its label ("Council",
:attr:`graphmodel.queries.Param.title`), and errors say which box is wrong and what to put there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dash import dcc, html

from graphmodel.errors import NodeNotFound, PartnerGraphError, quoted
from graphmodel.queries import QUERIES, BadParameter, Param, Query, run_query

from . import views as V
from .card import view_labels
from .graphview import GraphView
from .measures import NODE_COLUMN, with_graph_links
from .tables import WRAPPED_HEADERS, column_defs, flat

__all__ = [
    "PARAM_KEY",
    "URL_CHECKS",
    "Outcome",
    "default_values",
    "values_from_state",
    "state_for_run",
    "param_fields",
    "run_for_page",
    "person_message",
    "page_words",
    "csv_columns",
    "sized_columns",
]

#: the address key of a parameter: ``p_council``
PARAM_KEY = "p_"
#: longest Cypher text kept in the address
MAX_CYPHER = 4000
#: most nodes drawn in the small graph under the table
MAX_DRAWN = 300


def _params_named() -> dict[str, list[Param]]:
    named: dict[str, list[Param]] = {}
    for q in QUERIES.values():
        for p in q.params:
            named.setdefault(p.name, []).append(p)
    return named


def _check_param(params: list[Param]) -> Callable[[Any], Any]:
    """The address check for one parameter name (shared by several queries): text of a sane
    length; one of the choices, or a whole number, when every query's parameter of that name
    says so. Anything subtler is the run's to say, beside the box."""
    choices = (
        {c for p in params for c in p.choices or ()} if all(p.choices for p in params) else None
    )
    whole = all(p.type is int for p in params)

    def check(v: Any) -> Any:
        if not isinstance(v, str) or not 0 < len(v) <= 200:
            return None
        if choices is not None and v not in choices:
            return None
        if whole and not re.fullmatch(r"-?\d{1,9}", v.strip()):
            return None
        return v

    return check


#: the Query page's own address keys (:mod:`webapp.urlstate` checks the shared ones)
URL_CHECKS: dict[str, Callable[[Any], Any]] = {
    **{PARAM_KEY + name: _check_param(ps) for name, ps in _params_named().items()},
    "run": lambda v: v if v == "yes" else None,
    "cypher": lambda v: v if isinstance(v, str) and 0 < len(v) <= MAX_CYPHER else None,
}


def page_words(text: str, query: Query) -> str:
    """``text`` with the command line's ``--option`` names replaced by the boxes' labels."""
    titles = {p.option: f"“{p.title}”" for p in query.params}
    return re.sub(r"--[a-z][a-z_-]*", lambda m: titles.get(m.group(0), m.group(0)), text)


def default_values(view: GraphView, query: Query) -> dict[str, str]:
    """The boxes' starting values: the parameter's default, else the home councils."""
    home = view.home_councils()
    guess = {"council": home[:1], "council_a": home[:1], "council_b": home[1:2]}
    out = {}
    for p in query.params:
        if p.default is not None:
            out[p.name] = str(p.default)
        elif guess.get(p.name):
            out[p.name] = guess[p.name][0]
        else:
            out[p.name] = ""
    return out


def values_from_state(view: GraphView, query: Query, state: dict[str, Any]) -> dict[str, str]:
    """The boxes' values for a page opened at an address: a run's own values, otherwise the
    defaults. A box a run left empty shows the parameter's default (what the run used), never
    a guess such as the first home council."""
    if state.get("run") != "yes":
        return default_values(view, query)
    return {
        p.name: str(state.get(PARAM_KEY + p.name) or ("" if p.default is None else p.default))
        for p in query.params
    }


def state_for_run(state: dict[str, Any] | None, name: str, values: dict[str, Any]) -> dict:
    """The address state after running ``name`` with ``values``: other pages' keys kept, the
    previous run's parameters replaced."""
    kept = {k: v for k, v in (state or {}).items() if not k.startswith(PARAM_KEY)}
    kept.pop("run", None)
    filled = {PARAM_KEY + k: str(v) for k, v in values.items() if v not in (None, "")}
    return {**kept, "q": name, **filled, "run": "yes"}


def param_fields(
    query: Query, values: dict[str, str], error: tuple[str | None, str] | None = None
) -> list:
    """One labelled box per parameter, each with a place for its error (``error``: the box at
    fault and what to say). A parameter with a fixed set of values is a drop-down, so it cannot
    be mistyped."""
    wrong, said = error or (None, "")
    fields: list = [html.P(page_words(query.description, query), className="q-about")]
    for p in query.params:
        value = values.get(p.name) or ""
        ident = {"type": "qparam", "name": p.name}
        if p.choices:
            box: Any = dcc.Dropdown(
                id=ident,
                options=[{"label": c, "value": c} for c in p.choices],
                value=value or None,
                clearable=p.default is None,
                placeholder="any",
                style={"width": "16em"},
            )
        else:
            box = dcc.Input(
                id=ident,
                value=value,
                placeholder=page_words(p.help, query)[:60],
                debounce=False,
                style={"width": "18em"},
            )
        fields.append(
            html.Label(
                [
                    p.title + (" (needed)" if p.required else ""),
                    box,
                    html.Span(
                        said if p.name == wrong else "",
                        id={"type": "qparam-error", "name": p.name},
                        className="q-error",
                    ),
                ],
                id={"type": "qparam-box", "name": p.name},
                className="q-invalid" if p.name == wrong else "",
                title=page_words(p.help, query),
            )
        )
    return fields


@dataclass
class Outcome:
    """What a run puts on the page: the table's columns and rows, the graph of the bodies the
    rows name, the line above the table, and on failure the box at fault."""

    columns: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    elements: list[dict] = field(default_factory=list)
    message: str = ""
    error: bool = False
    param: str | None = None
    csv_rows: list[dict] = field(default_factory=list)


def run_for_page(view: GraphView, store: Any, name: str, values: dict[str, Any]) -> Outcome:
    """Run the named query with the boxes' ``values``; a bad value becomes a message for a
    person naming the box, never the command line's wording."""
    query = QUERIES[name]
    params = {k: v for k, v in values.items() if v not in (None, "") and k in _names(query)}
    try:
        rows = run_query(store, name, **params)
    except PartnerGraphError as exc:
        param, text = person_message(exc, query, view)
        return Outcome(message=text, error=True, param=param)
    columns = list(rows[0]) if rows else []
    shown = view_labels(view).readable_rows(rows)  # papers by title and date
    flat_rows = [{k: flat(v) for k, v in r.items()} for r in shown]
    csv_rows = [dict(r) for r in flat_rows]  # the CSV keeps ids, as the command line's does
    _lists_by_name(view, rows, flat_rows)
    named = {v for r in rows for v in r.values() if isinstance(v, str) and v in view.g}
    named |= {
        x
        for r in rows
        for v in r.values()
        if isinstance(v, list)
        for x in v
        if isinstance(x, str) and x in view.g
    }
    elements = V.elements_for(view, set(sorted(named)[:MAX_DRAWN]))
    # analytics rows link to the Network page focused on their node
    table_columns, flat_rows = with_graph_links(name, column_defs(columns), rows, flat_rows, view)
    for raw, shown in zip(rows, flat_rows, strict=True):  # what a click on the row opens
        shown[ROW_RECORD] = row_record(view, raw, NODE_COLUMN.get(name))
    table_columns = sized_columns(table_columns, flat_rows)
    if rows:
        message = f"{len(rows)} row{'s' if len(rows) != 1 else ''}."
        if any(c.get("tooltipField") and not c.get("hide") for c in table_columns):
            message += (
                " Long cells show their first lines: the whole text on hover, in the row's "
                "card (click it, or Enter) and in the CSV."
            )
        if sum(c["minWidth"] for c in table_columns if not c.get("hide")) > WIDE_TABLE:
            message += (
                " Scroll the table sideways for more columns, or choose fewer under "
                "“Columns shown”."
            )
    else:
        message = "No rows: nothing in the register matches. Try other values in the boxes."
    return Outcome(table_columns, flat_rows, elements, message, csv_rows=csv_rows)


#: the row's field (not a column) holding the id of the record a click on the row opens
ROW_RECORD = "_record"


def row_record(view: GraphView, row: dict, subject: str | None = None) -> str | None:
    """The record a row is about: its ``subject`` column's (an analytics row's node, as its
    graph link has it), its ``id``, else the first of its cells that is a record's id, in
    column order (a partnership's row its partnership, a finding its link); None when the row
    names no record (a pair of communities)."""
    for value in (row.get(subject or "id"), row.get("id"), *row.values()):
        if isinstance(value, str) and value in view.g:
            return value
    return None


def _lists_by_name(view: GraphView, rows: list[dict], flat_rows: list[dict]) -> None:
    """In the table, a cell naming records (an agreement's parties, a partnership's themes, a
    partnership's owning unit) gives their names; the CSV keeps their ids. Left as ids: the
    row's own record (its first column), and a column with its own names column beside it
    (``partner`` and ``partner_name``, ``partner_b`` and ``name_b``, a path and its
    ``names``)."""
    if not rows:
        return
    first = next(iter(rows[0]))

    def named_beside(k: str) -> bool:
        beside = (f"{k}_name", f"{k}_names", f"name_{k.rsplit('_', 1)[-1]}", "names")
        return k in (first, "id") or any(b in rows[0] for b in beside)

    keep = {k for k in rows[0] if named_beside(k)}
    for raw, shown in zip(rows, flat_rows, strict=True):
        for k, v in raw.items():
            if k in keep or not v:
                continue
            if isinstance(v, str) and v in view.g:
                shown[k] = view.g.nodes[v].get("name") or v
            elif isinstance(v, list) and all(isinstance(x, str) and x in view.g for x in v):
                shown[k] = "; ".join(view.g.nodes[x].get("name") or x for x in v)


#: columns needing more room than this (px) may not all fit beside the details panel
WIDE_TABLE = 1000
#: a cell shows at most this many lines (the whole text on hover, in the row's card and in the
#: CSV): a row stays one or two lines high at any width, the grid scrolling sideways instead
CELL_LINES = 2
#: the widest a column starts (px), and the room one character of the table's text takes
MAX_COLUMN, CHAR_PX, CELL_PAD = 360, 7.5, 40
#: text up to this long (a name, a tier) is given a column it fits on one line
ONE_LINE = 32


def sized_columns(defs: list[dict], rows: list[dict]) -> list[dict]:
    """Column definitions sized by what the rows hold, so no column is squeezed to a strip and
    no row grows tall: short values (a tier, a year) get a column they fit on one line, longer
    text a column wide enough for it in two lines (up to ``MAX_COLUMN``); a cell shows at most
    ``CELL_LINES`` lines and, where some cell is longer, the whole text on hover. An id column
    with a name beside it (``partner`` and ``partner_name``; a first column of ids and
    ``name``) starts hidden: "Columns shown" brings it back."""
    fields = {d["field"] for d in defs}
    first = next((d["field"] for d in defs if d["field"] != "graph"), None)
    out = []
    for d in defs:
        field_ = d["field"]
        if field_ == "graph":  # the "open in graph" links: one short phrase each
            out.append({**d, "minWidth": 130, "width": 130, "flex": 0})
            continue
        # the usual length of the cells that hold something (empty ones say nothing of it)
        lengths = sorted(len(str(r.get(field_) or "")) for r in rows if r.get(field_)) or [0]
        typical = lengths[int(0.9 * (len(lengths) - 1))]
        header = max((len(w) for w in str(d.get("headerName") or field_).split()), default=4)
        per_line = typical if typical <= ONE_LINE else -(-typical // CELL_LINES)
        # the header's longest word beside its sort and filter marks, never split
        width = min(MAX_COLUMN, round(max(CHAR_PX * per_line + CELL_PAD, 8 * header + 64)))
        sized = {
            **d,
            "minWidth": max(d.get("minWidth", 0), width),
            "flex": 1 if typical < 20 else 2 if typical < 60 else 3,
            **WRAPPED_HEADERS,
            "cellClass": "q-cell",
        }
        if lengths[-1] > CELL_LINES * (sized["minWidth"] - CELL_PAD) / CHAR_PX:
            sized |= {"tooltipField": field_, "cellClass": "q-cell q-long"}
        if f"{field_}_name" in fields or (
            field_ == first and "name" in fields and _ids(rows, first)
        ):
            sized["hide"] = True
        out.append(sized)
    return out


_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def _ids(rows: list[dict], field_: str) -> bool:
    """Whether every value of ``field_`` is a record id (``kent-virginia-mou-2006``)."""
    values = [r.get(field_) for r in rows]
    return bool(values) and all(isinstance(v, str) and _SLUG.fullmatch(v) for v in values)


def _names(query: Query) -> set[str]:
    return {p.name for p in query.params}


def person_message(exc: PartnerGraphError, query: Query, view: GraphView) -> tuple[str | None, str]:
    """``(parameter at fault or None, what to tell the person)`` for an error from a run."""
    titles = {p.name: p.title for p in query.params}
    param = getattr(exc, "param", None)
    if isinstance(exc, NodeNotFound):
        title = titles.get(param or "", "The box")
        if exc.ambiguous:  # suggestions read "id (Label)"
            named = []
            for s in exc.suggestions:
                node, _, kind = s.partition(" (")
                data = view.g.nodes[node] if node in view.g else {}
                named.append(f"{data.get('name') or node} ({kind.rstrip(')') or '?'}, id {node})")
            text = (
                f"“{title}”: {quoted(exc.node_id)} is the name of more than one record: "
                f"{'; '.join(named[:6])}. Type the id of the one you mean."
            )
        else:
            named = [
                quoted((view.g.nodes[s].get("name") if s in view.g else None) or s)
                for s in exc.suggestions[:3]
            ]
            text = f"“{title}”: nothing in the register is called {quoted(exc.node_id)}."
            if named:
                listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
                text += f" Did you mean {listed}?"
            text += " Type a name, alias or id from the register."
        return param, text
    if isinstance(exc, BadParameter) and exc.plain:
        return param, exc.plain
    return param, "The query could not run: " + page_words(str(exc), query)


def csv_columns(rows: list[dict]) -> list[str]:
    """The columns of the table's CSV: the table's own, less the links into the graph."""
    return [c for c in (rows[0] if rows else {}) if c != "graph"]
