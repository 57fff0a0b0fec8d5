"""Each page's main callback answers with what the page draws, through Dash's own request path.

A callback that fails shows the person "Something went wrong here" and leaves the page as it
was; the unit tests of the functions behind a page do not see a broken import or a renamed
input in the callback itself. These requests are the ones a browser sends (the load benchmark
sends the same ones).
"""

from __future__ import annotations

import pytest
from dashkit import callback_body

from graphmodel.stores import EmbeddedStore
from webapp import create_app


@pytest.fixture(scope="module")
def client(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return create_app(store).server.test_client()


KENT = "kent-county-council"
CASES = {
    "cy.elements": {("f-council", "data"): KENT, ("hops", "value"): 1, ("state", "data"): {}},
    "map.figure": {("m-council", "data"): KENT, ("m-colour", "value"): "tier"},
    "matrix.figure": {("x-council", "data"): KENT, ("x-year", "value"): 2007},
    "health-table.rowData": {("h-council", "data"): KENT, ("h-issue", "value"): []},
}


@pytest.mark.parametrize("output", list(CASES))
def test_the_page_callback_answers(client, output):
    deps = client.get("/_dash-dependencies").get_json()
    (dep,) = [d for d in deps if f"..{output}..." in d["output"] or d["output"] == output]
    body = callback_body(dep, CASES[output])
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.data[:300]
    answer = r.get_json()
    notice = str(answer.get("sideUpdate", {}))
    assert "Something went wrong" not in notice, notice
    component, prop = output.split(".")
    assert answer["response"][component][prop], f"{output} came back empty"
