"""The council chooser at both sizes: a short list when there are few councils, a box the
server answers when there are many; either way pages read one store holding the council id."""

from __future__ import annotations

import json

import pytest
from dash import dcc
from dashkit import callback_body

from graphmodel.stores import EmbeddedStore
from loaders import read_register
from partnergraph.synth import generate_register, write_register
from webapp import create_app
from webapp import views as V
from webapp.components import COUNCIL_LIST_MAX, council_dropdown

MANY = COUNCIL_LIST_MAX + 10


def components(tree) -> list:
    """Every component in a layout tree."""
    out, todo = [], [tree]
    while todo:
        c = todo.pop()
        if isinstance(c, (list, tuple)):
            todo.extend(c)
        elif hasattr(c, "to_plotly_json"):
            out.append(c)
            todo.append(getattr(c, "children", None))
    return out


def by_id(tree, id_: str):
    found = [c for c in components(tree) if getattr(c, "id", None) == id_]
    assert len(found) == 1, (id_, len(found))
    return found[0]


@pytest.fixture(scope="module")
def small(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return store


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    out = tmp_path_factory.mktemp("many-councils")
    write_register(generate_register(MANY, 1), out)
    store = EmbeddedStore()
    store.replace(read_register(out).graph)
    return store


def test_few_councils_are_a_list_and_the_store_holds_the_urls_council(small):
    view = V.GraphView(small)
    chooser = council_dropdown("m-council", view, {"council": "kent-county-council"})
    listed = by_id(chooser, "m-council-list")
    assert isinstance(listed, dcc.Dropdown)
    assert [o["label"] for o in listed.options] == ["Kent County Council", "Leicester City Council"]
    assert listed.value == "kent-county-council" and listed.clearable
    store = by_id(chooser, "m-council")
    assert isinstance(store, dcc.Store) and store.data == "kent-county-council"
    assert not [c for c in components(chooser) if getattr(c, "id", "") == "m-council-text"]


def test_a_required_chooser_starts_at_the_first_council(small):
    view = V.GraphView(small)
    chooser = council_dropdown("h-council", view, {}, required=True)
    assert by_id(chooser, "h-council").data == "kent-county-council"
    assert by_id(chooser, "h-council-list").clearable is False


def test_many_councils_are_a_box_with_no_list_shipped(large):
    view = V.GraphView(large)
    homes = view.home_councils()
    assert len(homes) == MANY
    council = homes[3]
    chooser = council_dropdown("m-council", view, {"council": council})
    # no option list goes to the browser: nothing for it to index
    assert not [c for c in components(chooser) if isinstance(c, dcc.Dropdown)]
    assert by_id(chooser, "m-council").data == council
    assert by_id(chooser, "m-council-text").value == view.name(council)
    empty = council_dropdown("m-council", view, {})
    # no council chosen: the store starts at "" (a Store made with None sets itself as it
    # mounts and fires every callback it feeds, webapp.components)
    assert by_id(empty, "m-council").data == ""
    assert f"All {MANY} councils" in by_id(empty, "m-council-text").placeholder


def test_council_hits_rank_home_councils_only_and_forgive_a_typo(large):
    view = V.GraphView(large)
    council = view.home_councils()[5]
    name = view.name(council)
    hits = V.council_hits(view, name)
    assert hits[0] == (council, name)
    assert {c for c, _ in hits} <= set(view.home_councils())
    typo = name[:3] + name[4] + name[3] + name[5:]  # two letters swapped
    assert council in [c for c, _ in V.council_hits(view, typo)]
    # a body that is not a home council is never offered, however well it matches
    partner = next(
        n for n, d in view.data.items() if d.get("label") == "Organisation" and not d.get("home")
    )
    assert partner not in [c for c, _ in V.council_hits(view, view.name(partner))]
    assert V.council_hits(view, "  ") == []


def post(client, output: str, inputs: list[dict], state: list[dict] | None = None):
    body = {
        "output": output,
        "outputs": {"id": output.split(".")[0], "property": output.split(".")[1]},
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        "state": state or [],
    }
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.data[:300]
    return json.loads(r.data)["response"]


def test_the_server_answers_the_council_box_and_the_map_reads_its_store(large):
    app = create_app(large)
    client = app.server.test_client()
    view = app.server.config["partnergraph_view"]
    council = view.home_councils()[7]
    name = view.name(council)
    hits = post(
        client,
        "m-council-hits.children",
        [{"id": "m-council-text", "property": "value", "value": name[:-2]}],
        [{"id": "m-council", "property": "data", "value": None}],
    )["m-council-hits"]["children"]
    labels = [h["props"]["children"] for h in hits]
    assert name in labels and all("Council" in label for label in labels)
    # the map draws the chosen council's partners from the store's council id
    # the request as the browser builds it from the page's own callback (outputs and inputs)
    dep = next(
        d for d in client.get("/_dash-dependencies").get_json() if "..map.figure..." in d["output"]
    )
    values = {("m-council", "data"): council, ("m-colour", "value"): "tier"}
    values[("m-domestic", "value")] = []
    values[("state", "data")] = {}
    body = callback_body(dep, values)
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200
    response = json.loads(r.data)["response"]
    assert response["state"]["data"]["council"] == council
    assert "partner links" in json.dumps(response["map-note"]["children"])
