"""The activity matrix (graphmodel.views.activity_matrix) and its page's view functions, on the
bundled register, without a browser."""

from __future__ import annotations

import pytest

from graphmodel.stores import EmbeddedStore
from graphmodel.views.activity_matrix import activity_years, council_matrix, counted_only
from webapp import views as V
from webapp.pages import matrix as page

KENT = "kent-county-council"
#: partners the Kent strategy's Spheres of Influence name, with little or nothing recorded
NAMED = [
    "province-of-zeeland",
    "province-of-west-flanders",
    "conseil-general-du-pas-de-calais",
    "province-of-lovech",
    "region-of-kosice",
    "regional-council-of-skane",
]
DOMESTIC = ["kent-police", "nhs", "medway-council", "dti"]


@pytest.fixture(scope="module")
def store(bundled):
    s = EmbeddedStore()
    s.replace(bundled.graph)
    return s


@pytest.fixture(scope="module")
def view(store):
    return V.GraphView(store)


def test_named_ids_are_in_the_register(store):
    for n in NAMED + DOMESTIC:
        assert n in store.g, n


def test_international_partners_by_default_every_named_one_present(store):
    m = council_matrix(store.g, [KENT])
    for n in NAMED:
        assert n in m.cols, n
    assert not set(DOMESTIC) & set(m.cols)
    assert m.domestic_left_out > 20
    # a partnership no unit owns is counted against the council itself, and says so
    j = m.cols.index("province-of-zeeland")
    assert m.z[m.rows.index(KENT)][j] == 1
    assert m.evidence[(KENT, "province-of-zeeland")] == [
        "partnership Kent – Zeeland (no unit named as its owner)"
    ]
    assert m.rows[-1] == KENT  # the units first, the council's own row last


def test_domestic_bodies_on_request(store):
    m = council_matrix(store.g, [KENT], include_domestic=True)
    assert {"kent-police", "nhs", "medway-council"} <= set(m.cols)
    assert m.domestic_left_out == 0


def test_a_year_counts_that_years_activity_and_keeps_the_named_partners(store):
    assert {"2005", "2006", "2007"} <= set(activity_years(store.g, KENT))
    m = council_matrix(store.g, [KENT], "2006")
    for n in NAMED:
        assert n in m.cols and n in m.quiet, n
    assert all(v == 0 for row in m.z for v in row)  # nothing international dated 2006
    with_domestic = council_matrix(store.g, [KENT], "2006", include_domestic=True)
    texts = [t for cell in with_domestic.evidence.values() for t in cell]
    assert texts and all(t.startswith("project ") and "2006" in t for t in texts)


def test_a_domestic_year_keeps_only_the_bodies_worked_with(store):
    """2007's work was all with domestic bodies: of the matrix with them, only the bodies
    something was counted with stay (not every body the partnerships name, empty)."""
    whole = council_matrix(store.g, [KENT], "2007", include_domestic=True)
    m = counted_only(whole)
    assert m.cols and len(m.cols) < len(whole.cols) and m.quiet == []
    assert all(any(row[j] for row in m.z) for j in range(len(m.cols)))
    assert all(any(row) for row in m.z) and sum(map(sum, m.z)) == sum(map(sum, whole.z))
    assert set(m.evidence) <= {(r, p) for r in m.rows for p in m.cols}
    assert not set(DOMESTIC) & set(m.cols)


def test_a_recorded_activity_counts_in_its_year(store):
    g = store.g.copy()
    g.add_node(
        "activity-zeeland-visit",
        id="activity-zeeland-visit",
        label="Activity",
        name="Study visit to Zeeland",
        type="visit",
        start="2009-04-02",
        partnership="kent-province-of-zeeland",
    )
    assert "2009" in activity_years(g, KENT)
    m = council_matrix(g, [KENT], "2009")
    assert m.evidence[(KENT, "province-of-zeeland")] == [
        "visit Study visit to Zeeland (2009-04-02)"
    ]
    assert "province-of-zeeland" not in m.quiet and "province-of-lovech" in m.quiet


def test_the_page_shows_the_named_partners_and_says_what_it_leaves_out(view, store):
    m = page.matrix_for(view, store.g, KENT, "2006", domestic=False)
    fig = page.matrix_fig(view, m, "2006")
    heat = fig.data[0]
    assert "Province of Zeeland" in heat.x and "Kent Police" not in heat.x
    assert heat.y == ("Kent County Council (no unit named)",)
    assert heat.zmax == 1  # nothing counted: the cells are white, not a mid colour
    note = str(page.matrix_note(view, m, "2006"))
    assert "Nothing recorded in 2006 with" in note and "Province of Zeeland" in note
    assert "domestic bodies are not shown" in note
    rows, columns = page.matrix_rows(view, m)
    assert columns[0] == "unit" and "Province of Zeeland" in columns
    assert rows[0]["Province of Zeeland"] == 0


def test_many_councils_ask_for_one(view, store, monkeypatch):
    monkeypatch.setattr(V, "ALL_COUNCILS_LIMIT", 1)
    m = page.matrix_for(view, store.g, None, None, domestic=False)
    assert isinstance(m, str) and m.startswith("Choose a council")
    assert page.matrix_note(view, m, None) == []
