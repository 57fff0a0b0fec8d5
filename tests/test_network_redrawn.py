"""What follows the Network page's drawing follows the drawings the server sends (issue 25).

dash-cytoscape writes the graph's ``elements`` back to Dash 100 ms after every add, remove and
drag. Anything that takes ``cy.elements`` as an input runs again on that copy: the drawing's
table sent every element to the server a second time after each filter change. The page's
callbacks that send elements also set the ``redrawn`` store, and what follows the drawing
listens to that.
"""

from __future__ import annotations

import pytest

from graphmodel.stores import EmbeddedStore
from webapp import create_app


@pytest.fixture(scope="module")
def deps(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return create_app(store).server.test_client().get("/_dash-dependencies").get_json()


def _outputs(dep) -> set[str]:
    return {o.split("@")[0] for o in dep["output"].strip(".").split("...")}


def test_nothing_runs_on_the_drawing_written_back(deps):
    listening = [d["output"] for d in deps if {"id": "cy", "property": "elements"} in d["inputs"]]
    assert listening == []


def test_every_callback_that_sends_elements_says_so(deps):
    sending = [d for d in deps if "cy.elements" in _outputs(d)]
    assert len(sending) >= 6  # the view, the style, expand, add, hide, the selection's buttons
    for d in sending:
        assert "redrawn.data" in _outputs(d), d["output"]


def test_the_table_the_highlight_and_the_labels_follow_each_drawing(deps):
    following = {
        o for d in deps if {"id": "redrawn", "property": "data"} in d["inputs"] for o in _outputs(d)
    }
    assert {"drawing-table.children", "focus.data", "all-labels-on.data"} <= following
