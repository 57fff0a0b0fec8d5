"""The Network page's changes in place kept in the address (webapp.network_steps): each change
writes its step, a collapse, a hide and Undo take theirs out again, the page drawn from the
address applies them, and drawing the view anew or saving it empties them."""

from __future__ import annotations

import pytest

from graphmodel.stores import EmbeddedStore
from webapp import views as V
from webapp.context import PageContext
from webapp.graphview import GraphView
from webapp.network_draw import draw
from webapp.network_expand import collapsed, expanded, hidden
from webapp.network_replay import replayed
from webapp.network_steps import after, steps_of
from webapp.state import encode_state, parse_state

VIRGINIA = "commonwealth-of-virginia"


@pytest.fixture(scope="module")
def ctx(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return PageContext(view=GraphView(store), store=store)


@pytest.fixture(scope="module")
def strategic(ctx):
    return draw(ctx, V.Filters(tiers=["strategic"]), None, 1, [])[0]


def ids(elements) -> set[str]:
    return {el["data"]["id"] for el in elements if "source" not in el["data"]}


def at(elements, node):
    return next(el["position"] for el in elements if el["data"]["id"] == node)


def test_each_change_writes_its_step_and_the_address_carries_it(ctx, strategic):
    view = ctx.view
    state = {"tier": ["strategic"]}
    grown, _ = expanded(view, strategic, VIRGINIA, at(strategic, VIRGINIA))
    state, warn = after(state, "expand", [VIRGINIA], strategic, grown)
    assert warn == "" and steps_of(state)["expand"] == [VIRGINIA]
    less = hidden(grown, "king-county")
    state, _ = after(state, "hide", ["king-county"], grown, less)
    assert steps_of(state)["hidden"] == ["king-county"]
    # read back from the address as the page reads it
    again = parse_state(encode_state(state))
    assert again["expand"] == [VIRGINIA] and again["hidden"] == ["king-county"]
    drawn, said = replayed(ctx, strategic, again)
    assert ids(drawn) == ids(less)
    assert {el["data"]["id"] for el in drawn} == {el["data"]["id"] for el in less}
    assert "expanded Commonwealth of Virginia; hid King County" in said
    # what the expansion added still collapses, and its step goes
    back, _ = collapsed(view, drawn, VIRGINIA)
    state, _ = after(again, "collapse", [VIRGINIA], drawn, back)
    assert steps_of(state)["expand"] == [] and "expand" not in state
    assert ids(back) == ids(strategic) - {"king-county"}


def test_a_node_hidden_then_brought_back_by_an_expansion_is_not_hidden(ctx, strategic):
    view = ctx.view
    less = hidden(strategic, "king-county")
    state, _ = after({}, "hide", ["king-county"], strategic, less)
    neighbour = next(iter(view.neighbours("king-county") & ids(less)))
    grown, _ = expanded(view, less, neighbour, at(less, neighbour))
    assert "king-county" in ids(grown)
    state, _ = after(state, "expand", [neighbour], less, grown)
    assert steps_of(state)["hidden"] == []


def test_ids_not_in_the_register_are_left_out_and_said(ctx, strategic):
    drawn, said = replayed(ctx, strategic, {"expand": ["no-such-node"], "hidden": ["gone"]})
    assert ids(drawn) == ids(strategic)
    assert "2 record(s) in the address are not in the register: left out" in said


def test_drawing_the_view_anew_empties_the_steps(ctx):
    """A filter changed (the callback asked as the browser asks it): the view is drawn anew,
    and the changes made in place to the old drawing leave the address."""
    from dashkit import callback_body

    from webapp import create_app

    app = create_app(ctx.store)
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(
        d
        for d in deps
        if "cy.elements" in d["output"] and any(i["id"] == "f-tier" for i in d["inputs"])
    )
    state = {"tier": ["strategic"], "expand": [VIRGINIA], "hidden": ["king-county"]}
    values = {
        ("f-tier", "value"): ["twinning"],
        ("f-kind", "value"): list(V.DEFAULT_KINDS),
        ("hops", "value"): 1,
        ("state", "data"): state,
        ("path", "data"): {"ids": []},
    }
    body = callback_body(dep, values)
    body["changedPropIds"] = ["f-tier.value"]
    answer = client.post("/_dash-update-component", json=body).get_json()
    new_state = answer["response"]["state"]["data"]
    assert new_state["tier"] == ["twinning"]
    assert not {"expand", "hidden"} & set(new_state)


def test_focus_on_these_keeps_only_them_and_later_steps_on_top(ctx, strategic):
    from webapp.network_select import kept_only

    view = ctx.view
    pair = [VIRGINIA, "kent-county-council"]
    only = kept_only(strategic, set(pair))
    state, _ = after({"expand": ["x"], "hidden": ["y"]}, "only", pair, strategic, only)
    assert steps_of(state) == {"only": pair, "added": [], "expand": [], "hidden": []}
    grown, _ = expanded(view, only, VIRGINIA, at(only, VIRGINIA))
    state, _ = after(state, "expand", [VIRGINIA], only, grown)
    drawn, said = replayed(ctx, strategic, parse_state(encode_state(state)))
    assert ids(drawn) == ids(grown)
    assert "only Commonwealth of Virginia, Kent County Council" in said


def test_too_many_steps_for_the_address_are_dropped_and_said(ctx, strategic):
    from webapp.network_steps import MAX_STEPS, TOO_MANY

    state = {"tier": ["strategic"], "hidden": [f"n{i}" for i in range(MAX_STEPS)]}
    less = hidden(strategic, "king-county")
    state, warn = after(state, "hide", ["king-county"], strategic, less)
    assert warn == TOO_MANY and "save the view" in warn
    assert state == {"tier": ["strategic"]}
