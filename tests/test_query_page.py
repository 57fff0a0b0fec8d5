"""The Query page without a browser: a run kept in the address, errors worded for a person
(the box by its label, never the command line's ``--option``), the table's columns sized."""

from __future__ import annotations

import pytest

from graphmodel.queries import QUERIES
from graphmodel.stores import EmbeddedStore
from webapp import create_app
from webapp.pages import query as page
from webapp.query_run import (
    csv_columns,
    run_for_page,
    state_for_run,
    values_from_state,
)
from webapp.urlstate import clean_state


@pytest.fixture(scope="module")
def ctx(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return create_app(store).server.config["partnergraph_context"]


def _grid(component, id_):
    """The component with ``id_`` inside a Dash layout."""
    if getattr(component, "id", None) == id_:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found = _grid(child, id_)
            if found is not None:
                return found
    return None


def _fails(ctx, name, **values):
    outcome = run_for_page(ctx.view, ctx.store, name, values)
    assert outcome.error, (name, values, outcome.message)
    assert "--" not in outcome.message, outcome.message  # no command-line wording
    return outcome


def test_a_run_in_the_address_reopens_with_its_table(ctx):
    state, ignored = clean_state(
        ctx.view,
        {
            "q": "partners",
            "p_council": "kent-county-council",
            "p_tier": "strategic",
            "run": "yes",
        },
        page.URL_CHECKS,
    )
    assert ignored == []
    layout = page.layout(ctx, state)
    grid = _grid(layout, "q-table")
    names = {r["partner_name"] for r in grid.rowData}
    assert "Commonwealth of Virginia" in names and "City of Utrecht" not in names  # strategic only
    assert "6 rows" in str(_grid(layout, "q-message").children)
    button = _grid(layout, "btn-q-csv")
    assert button.disabled is False and button.children == "Export CSV"


def test_without_run_the_page_waits_and_the_export_says_there_is_nothing(ctx):
    layout = page.layout(ctx, {"q": "partners"})
    assert _grid(layout, "q-table").rowData == []
    button = _grid(layout, "btn-q-csv")
    assert button.disabled is True and "nothing to export" in button.children


def test_unknown_or_bad_address_values_are_left_at_their_defaults(ctx):
    state, ignored = clean_state(
        ctx.view,
        {"q": "partners", "p_tier": "evil", "p_top": "many", "run": "maybe", "p_nope": "x"},
        page.URL_CHECKS,
    )
    assert state == {"q": "partners"}
    assert sorted(ignored) == ["p_nope", "p_tier", "p_top", "run"]


def test_running_writes_the_run_into_the_address_and_forgets_the_last_one():
    before = {"q": "neighbours", "p_node": "kent", "p_hops": "2", "run": "yes", "select": "x"}
    after = state_for_run(before, "partners", {"council": "kent-county-council", "tier": None})
    assert after == {
        "q": "partners",
        "p_council": "kent-county-council",
        "run": "yes",
        "select": "x",
    }


def test_a_box_left_empty_reopens_with_its_default_not_a_guess(ctx):
    query = QUERIES["partner_overlap"]
    values = values_from_state(ctx.view, query, {"q": query.name, "run": "yes"})
    assert values == {"council_a": "", "council_b": "", "projection": "partnership"}


@pytest.mark.parametrize(
    "name,param",
    [(q.name, p.name) for q in QUERIES.values() for p in q.params if p.required],
)
def test_a_needed_box_left_empty_is_named_by_its_label(ctx, name, param):
    p = QUERIES[name].param(param)
    values = {x.name: "" for x in QUERIES[name].params}
    values |= {x.name: "kent-county-council" for x in QUERIES[name].params if x.name != param}
    if name == "document_facts":
        values = {}
    outcome = _fails(ctx, name, **values)
    assert outcome.param == param
    assert outcome.message.startswith(f"Fill in “{p.title}”")


@pytest.mark.parametrize(
    "name,param",
    [(q.name, p.name) for q in QUERIES.values() for p in q.params if p.type is int],
)
def test_a_whole_number_box_with_words_in_it_says_so(ctx, name, param):
    title = QUERIES[name].param(param).title
    values = {p.name: "kent-county-council" for p in QUERIES[name].params if p.required}
    outcome = _fails(ctx, name, **values, **{param: "lots"})
    assert outcome.param == param
    assert f"“{title}” needs a whole number" in outcome.message and "“lots”" in outcome.message


@pytest.mark.parametrize(
    "name,param",
    [(q.name, p.name) for q in QUERIES.values() for p in q.params if p.type is int],
)
def test_a_count_below_one_is_refused(ctx, name, param):
    title = QUERIES[name].param(param).title
    values = {p.name: "kent-county-council" for p in QUERIES[name].params if p.required}
    outcome = _fails(ctx, name, **values, **{param: "-3"})
    assert outcome.param == param
    assert outcome.message == f"“{title}” must be 1 or more; -3 is not."


@pytest.mark.parametrize(
    "name,param",
    [(q.name, p.name) for q in QUERIES.values() for p in q.params if p.node],
)
def test_a_name_box_with_an_unknown_name_says_which_and_suggests(ctx, name, param):
    title = QUERIES[name].param(param).title
    values = {p.name: "kent-county-council" for p in QUERIES[name].params if p.required}
    values[param] = "Kent Contry Councel"
    outcome = _fails(ctx, name, **values)
    assert outcome.param == param
    assert outcome.message.startswith(f"“{title}”: nothing in the register is called")
    assert "Did you mean" in outcome.message and "“Kent County Council”" in outcome.message


@pytest.mark.parametrize(
    "name,param",
    [(q.name, p.name) for q in QUERIES.values() for p in q.params if p.choices],
)
def test_a_value_off_the_list_lists_the_choices(ctx, name, param):
    p = QUERIES[name].param(param)
    values = {x.name: "kent-county-council" for x in QUERIES[name].params if x.required}
    outcome = _fails(ctx, name, **values, **{param: "bogus"})
    assert outcome.param == param
    assert outcome.message.startswith(f"“{p.title}” cannot be “bogus”")
    assert p.choices[0] in outcome.message


@pytest.mark.parametrize(
    "name,values,param,words",
    [
        ("bridges", {"candidate": "kent"}, "council", "Fill in “Council” too"),
        ("mentioned_in", {}, "documents", "Fill in “Papers”"),
        ("mentioned_in", {"documents": "no such paper"}, "documents", "no paper is called"),
        ("document_facts", {"document": "no such paper"}, "document", "“Paper”: no paper"),
        ("neighbours", {"node": "kent", "hops": "9"}, "hops", "from 1 to 4"),
        ("shortest_path", {"source": "kent", "target": "france"}, "target", "“Network measured”"),
        ("agreements", {"start": "last year"}, "start", "“Signed from” needs a year"),
        ("links_needing_attention", {"council": "kent", "as_of": "soon"}, "as_of", "a date"),
    ],
)
def test_errors_from_inside_a_query_name_the_box(ctx, name, values, param, words):
    if "council" not in values and QUERIES[name].params[0].name == "council":
        values["council"] = "kent-county-council"
    outcome = _fails(ctx, name, **values)
    assert outcome.param == param and words in outcome.message, outcome.message


def test_a_name_of_several_records_lists_them_to_choose_by_id(ctx):
    outcome = _fails(ctx, "shortest_path", source="Leicester", target="Virginia")
    assert outcome.param == "target"
    assert outcome.message.startswith("“To”: “Virginia” is the name of more than one record")
    assert "Virginia (Place, id virginia)" in outcome.message
    assert "Commonwealth of Virginia (Organisation, id commonwealth-of-virginia)" in outcome.message


def test_the_page_layout_points_at_the_bad_box(ctx):
    layout = page.layout(ctx, {"q": "neighbours", "p_node": "Kentt", "run": "yes"})
    box = _grid(layout, {"type": "qparam-box", "name": "node"})
    assert box.className == "q-invalid"
    said = _grid(layout, {"type": "qparam-error", "name": "node"}).children
    assert said.startswith("“Node”: nothing in the register is called “Kentt”")
    assert _grid(layout, "btn-q-csv").disabled is True


def test_the_command_line_keeps_its_own_wording(ctx):
    from graphmodel.queries import BadParameter, run_query

    with pytest.raises(BadParameter, match="needs --council"):
        run_query(ctx.store, "partners")
    with pytest.raises(
        BadParameter,
        match="--label 'Organisatoin' is not a valid value; did you mean 'Organisation'",
    ):
        run_query(ctx.store, "centrality", label="Organisatoin")


def test_columns_are_sized_by_what_they_hold(ctx):
    outcome = run_for_page(ctx.view, ctx.store, "partners", {"council": "kent-county-council"})
    cols = {c["field"]: c for c in outcome.columns}
    assert cols["tier"]["flex"] == 1 and cols["objectives"]["flex"] == 3
    assert cols["objectives"]["minWidth"] > cols["tier"]["minWidth"] >= 90
    assert cols["objectives"]["tooltipField"] == "objectives"  # long text: the rest on hover
    assert cols["partner"].get("hide") and not cols["partner_name"].get("hide")
    agreements = run_for_page(ctx.view, ctx.store, "agreements", {}).columns
    assert agreements[0]["field"] == "agreement" and agreements[0]["hide"]  # ids, names beside


def test_the_csv_leaves_out_the_graph_links(ctx):
    outcome = run_for_page(ctx.view, ctx.store, "centrality", {})
    assert outcome.columns[0]["field"] == "graph"
    assert csv_columns(outcome.rows)[0] == "id" and "graph" not in csv_columns(outcome.rows)
    assert csv_columns([]) == []


def test_the_column_chooser_lists_every_column_and_ticks_those_shown(ctx):
    outcome = run_for_page(ctx.view, ctx.store, "centrality", {})
    shown = dict(zip(page.TABLE_OUTPUTS, page._shown(outcome), strict=True))
    options = [o["value"] for o in shown["q-columns", "options"]]
    assert options[:3] == ["id", "label", "name"] and "graph" not in options
    assert shown["q-columns", "value"] == options[1:]  # the id starts hidden, beside the name
    graph = outcome.columns[0]
    assert graph["field"] == "graph" and graph["width"] == 130
    nothing = dict(zip(page.TABLE_OUTPUTS, page._shown(None), strict=True))
    assert nothing["q-columns", "options"] == [] and nothing["btn-q-csv", "disabled"] is True


@pytest.mark.bolt
def test_typed_cypher_in_the_address_runs_read_only(neo4j_store):
    """On a Bolt store the console's text travels in the address and runs again when opened;
    a statement that would write is refused, from an address as from the box."""
    from pathlib import Path

    from loaders import read_register

    neo4j_store.replace(read_register(Path(__file__).parent / "fixtures" / "mini").graph)
    context = create_app(neo4j_store).server.config["partnergraph_context"]
    read = "MATCH (p:Partnership) RETURN p.name AS name ORDER BY name"
    state, ignored = clean_state(context.view, {"cypher": read}, page.URL_CHECKS)
    assert ignored == []
    layout = page.layout(context, state)
    assert _grid(layout, "cypher-text").value == read
    names = [r["name"] for r in _grid(layout, "cypher-table").rowData]
    assert names and names == sorted(names)
    before = neo4j_store.counts()
    layout = page.layout(context, {"cypher": "CREATE (n:Entity {id: 'x'}) RETURN n"})
    assert "refused" in str(_grid(layout, "cypher-message").children)
    assert _grid(layout, "cypher-table").rowData == []
    assert neo4j_store.counts() == before


def test_a_list_of_records_reads_as_names_and_exports_as_ids(ctx):
    outcome = run_for_page(ctx.view, ctx.store, "agreements", {"type": "mou", "start": "2006"})
    shown = {r["agreement"]: r for r in outcome.rows}["kent-virginia-mou-2006"]
    exported = {r["agreement"]: r for r in outcome.csv_rows}["kent-virginia-mou-2006"]
    assert (
        "Commonwealth of Virginia" in shown["parties"] and "Kent County Council" in shown["parties"]
    )
    assert "commonwealth-of-virginia" in exported["parties"]
    ends = {"source": "kent-county-council", "target": "commonwealth-of-virginia"}
    path = run_for_page(ctx.view, ctx.store, "shortest_path", ends).rows[0]
    assert path["path"].startswith("kent-county-council; ")  # ids, its names beside it
    assert path["names"].startswith("Kent County Council; ")


def test_a_cypher_timeout_on_the_page_has_no_command_line_option():
    from graphmodel.stores.neo4j_store import QueryFailed

    class SlowServer:  # stands for a Bolt server that gave up on the statement
        def run_user_cypher(self, text, limit, timeout):
            raise QueryFailed(
                "stopped: … or allow longer (--timeout).", plain="stopped: narrow it (LIMIT)."
            )

    assert page._cypher(SlowServer(), "MATCH (n) RETURN n") == (
        [],
        [],
        "stopped: narrow it (LIMIT).",
    )


def test_a_record_named_in_a_cell_reads_as_its_name_and_exports_as_its_id(ctx):
    """A partnership's owning unit reads as the unit's name (the CSV keeps its id); the row's
    own record and a column with its names beside it stay ids."""
    outcome = run_for_page(ctx.view, ctx.store, "partners", {"council": "kent-county-council"})
    shown = {r["partnership"]: r for r in outcome.rows}
    exported = {r["partnership"]: r for r in outcome.csv_rows}
    owned = [p for p, r in exported.items() if r["owner"]]
    assert owned
    for p in owned:
        unit = exported[p]["owner"]
        assert shown[p]["owner"] == ctx.view.g.nodes[unit]["name"] != unit
        assert shown[p]["partner"] == exported[p]["partner"]  # partner_name is beside it
    pairs = run_for_page(
        ctx.view, ctx.store, "multilateral_opportunities", {"council": "kent-county-council"}
    ).rows
    assert pairs and all(r["partner_b"] in ctx.view.g for r in pairs)  # name_b is beside it


@pytest.mark.parametrize(
    "query,values,opens",
    [
        ("partners", {"council": "kent-county-council"}, "partnership"),
        ("links_needing_attention", {"council": "kent-county-council"}, "partnership"),
        ("projects", {}, "project"),
        ("single_points", {"council": "kent-county-council"}, "partner"),
        ("centrality", {}, "id"),
    ],
)
def test_a_row_opens_the_card_of_the_record_it_is_about(ctx, query, values, opens):
    """Clicking a row (or Enter on it) opens its record's card, whether or not the query has
    an ``id`` column: a partnership's row its partnership, an analytics row its node."""
    from webapp.pages.query import open_row

    outcome = run_for_page(ctx.view, ctx.store, query, values)
    assert outcome.rows
    for shown, exported in zip(outcome.rows[:5], outcome.csv_rows[:5], strict=True):
        assert open_row(ctx, [shown]) == exported[opens]
