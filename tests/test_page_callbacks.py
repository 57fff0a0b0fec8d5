"""Page callbacks called directly as Dash calls them: the Activity matrix, the Query page and
Link health's record forms.

Each is a module-level function given the page's context first (``register_callbacks`` wires
them with ``functools.partial``), so a test needs neither a server nor a hand-built request.
"""

from __future__ import annotations

import shutil

import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from graphmodel.stores import EmbeddedStore
from loaders import bundled_register_dir, read_register
from webapp import create_app, record_forms
from webapp.context import PageContext
from webapp.graphview import GraphView
from webapp.pages import matrix, query
from webapp.register_watch import writer_for

KENT = "kent-county-council"


@pytest.fixture(scope="module")
def ctx(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return PageContext(view=GraphView(store), store=store)


def test_matrix_for_all_years_names_the_partners_and_keeps_the_choice(ctx):
    fig, note, state, alt = matrix.show_matrix(ctx, KENT, None, [], {"page": "x"})
    assert "Province of Zeeland" in fig.data[0].x and "Kent Police" not in fig.data[0].x
    assert state == {"page": "x", "council": KENT, "year": None, "domestic": None}
    assert note[0] is None  # nothing shown beyond what was asked for
    assert "domestic bodies are not shown" in str(note)
    assert "units ×" in str(alt)


def test_a_year_of_domestic_work_only_shows_it_and_says_so(ctx):
    years, _ = matrix.offer_years(ctx, KENT, None)
    domestic_only = [y["value"] for y in years if "domestic bodies only" in y["label"]]
    assert domestic_only, years
    year = domestic_only[0]
    fig, note, state, _ = matrix.show_matrix(ctx, KENT, year, [], {})
    assert any(any(row) for row in fig.data[0].z)  # not an empty grid
    said = str(note[0])
    assert f"No international activity is recorded in {year}" in said
    assert "all with domestic bodies" in said
    # only the bodies worked with: no domestic body the partnerships name with nothing
    assert all(any(row[j] for row in fig.data[0].z) for j in range(len(fig.data[0].x)))
    assert "matrix-quiet" not in str(note) and "Kent Police" not in fig.data[0].x
    # the CSV is the matrix shown
    header = matrix.export_csv(ctx, 1, KENT, year, [])["content"].splitlines()[0]
    assert header.split(",")[1:] == list(fig.data[0].x)
    assert state["year"] == year and state["domestic"] is None


def test_a_year_the_council_has_nothing_in_goes_back_to_all_years(ctx):
    years, value = matrix.offer_years(ctx, KENT, "1900")
    assert value is None and years
    assert matrix.offer_years(ctx, KENT, years[0]["value"])[1] is no_update


def test_matrix_csv_has_a_row_per_unit(ctx):
    sent = matrix.export_csv(ctx, 1, KENT, None, [])
    assert sent["filename"] == "activity-matrix.csv"
    lines = sent["content"].splitlines()
    assert lines[0].startswith("unit,") and "Province of Zeeland" in lines[0]
    assert len(lines) > 2
    assert matrix.export_csv(ctx, 0, KENT, None, []) is no_update


def test_choosing_another_query_clears_the_last_run_and_its_values(ctx):
    with pytest.raises(PreventUpdate):  # the page being drawn: the address's query is kept
        query.choose_query(ctx, "partners", {"q": "partners"})
    out = query.choose_query(ctx, "shortest_path", {"q": "partners", "p_council": KENT, "run": 1})
    state = out[-1]
    assert state == {"q": "shortest_path"}
    assert out[1 + query.TABLE_OUTPUTS.index(("q-table", "rowData"))] == []


def test_a_row_or_node_opens_its_record_only_when_it_is_in_the_graph(ctx):
    assert query.open_row(ctx, [{"id": KENT, "name": "Kent"}]) == KENT
    assert query.open_row(ctx, [{"id": "no-such-record"}]) is no_update
    assert query.open_row(ctx, []) is no_update
    assert query.open_tapped_node(ctx, {"id": KENT}) == KENT
    assert query.open_tapped_node(ctx, None) is no_update


def test_query_csv_without_rows_says_so_instead_of_sending_an_empty_file(ctx):
    assert query.export_csv(1, [], "partners") == (no_update, query.NOTHING_TO_EXPORT)
    sent, message = query.export_csv(1, [{"name": "Kent", "id": KENT}], "partners")
    assert sent["filename"] == "partners.csv" and "Kent" in sent["content"]
    assert message is no_update


# -- Link health's record forms (webapp.record_forms) ---------------------------------------------
@pytest.fixture
def writable(tmp_path):
    """An explorer on a copy of the bundled register, ready to record."""
    folder = tmp_path / "register"
    shutil.copytree(bundled_register_dir(), folder)
    store = EmbeddedStore()
    store.replace(read_register(folder).graph)
    ctx = create_app(store, register=folder).server.config["partnergraph_context"]
    assert writer_for(ctx).ready(120) is not None
    return ctx


def test_a_review_without_a_partnership_is_refused_at_its_dropdown(ctx):
    message, written, sub, *boxes = record_forms.record_review(
        ctx, 1, None, "2025-01-10", "IAB", "", "yes", None, {}, record_forms.new_submission()
    )
    assert "The review was not recorded" in str(message)
    assert written is no_update and sub is no_update  # nothing written, the same submission
    by_box = dict(zip(record_forms.REVIEW_BOXES.values(), boxes, strict=True))
    assert "choose the link" in str(by_box["rec-rv-partnership"])
    assert by_box["rec-rv-date"] is None


def test_a_recorded_activity_clears_the_form_and_says_where_it_went(writable):
    first = record_forms.new_submission()
    opts, same = record_forms.offer_partnerships(writable, KENT)
    assert opts == same and "kent-province-of-zeeland" in {o["value"] for o in opts}
    message, written, sub, *boxes = record_forms.record_activity(
        writable, 1, "kent-province-of-zeeland", "Study visit", "visit", "2025-05",
        "A. Officer, B. Officer", "", {}, first,
    )  # fmt: skip
    assert "Recorded activity" in str(message), message
    assert written and written != {} and sub != first  # a new id for the next press
    assert boxes == [None] * len(record_forms.ACTIVITY_BOXES)
    g = writable.store.read_view()
    (n,) = [n for n, d in g.nodes(data=True) if d.get("name") == "Study visit"]
    assert g.nodes[n]["partner"] == "province-of-zeeland"  # the partnership's partner
