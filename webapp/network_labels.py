"""The Network page's "Show all labels" switch (Kumu's and Bloom's): every node named, not only
the links, the well-connected bodies and the selection's neighbours. It is in the address
(``labels=all``) and so in a saved view."""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, dcc

__all__ = ["LABELS_STYLE", "URL_CHECKS", "labels_switch", "register_labels_callbacks"]

#: every node named while the switch is on (the class is set in the browser)
LABELS_STYLE = [
    {
        "selector": "node.all-labels",
        "style": {
            "label": "data(label)",
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.7,
            "text-background-padding": 1,
        },
    }
]

URL_CHECKS = {"labels": lambda v: v if v == "all" else None}


def labels_switch(state: dict[str, Any]) -> dcc.Checklist:
    return dcc.Checklist(
        id="all-labels",
        options=[{"label": " Show all labels", "value": "all"}],
        value=["all"] if state.get("labels") == "all" else [],
    )


def register_labels_callbacks(app: dash.Dash) -> None:
    # in the browser: only the drawing changes, and each new drawing keeps the choice
    app.clientside_callback(
        """function (value, _redrawn) {
            const el = document.getElementById("cy");
            const cy = el && el._cyreg && el._cyreg.cy;
            const on = (value || []).includes("all");
            if (cy) {
                setTimeout(function () {
                    if (cy.destroyed()) { return; }
                    // a drawing fitted round its nodes (every node in sight) is fitted again
                    // round their names once they show, so no name runs off the edge; a
                    // drawing the person has zoomed into is left where it is
                    const ext = cy.extent();
                    const inside = (b) => b.x1 >= ext.x1 - 1 && b.x2 <= ext.x2 + 1 &&
                        b.y1 >= ext.y1 - 1 && b.y2 <= ext.y2 + 1;
                    const fitted = inside(cy.nodes().boundingBox({includeLabels: false}));
                    // only the nodes whose class changes: Cytoscape restyles every node it
                    // is asked to change, whether or not it had the class
                    cy.batch(function () {
                        if (on) { cy.nodes().not(".all-labels").addClass("all-labels"); }
                        else { cy.nodes(".all-labels").removeClass("all-labels"); }
                    });
                    if (on && fitted && !inside(cy.elements().boundingBox())) {
                        cy.fit(undefined, 30);
                    }
                }, 80);
            }
            return on;
        }""",
        Output("all-labels-on", "data"),
        Input("all-labels", "value"),
        Input("redrawn", "data"),  # each new drawing (webapp.network_draw.redrawn)
    )
    app.clientside_callback(
        """function (value, state) {
            const next = Object.assign({}, state || {});
            if ((value || []).includes("all")) { next.labels = "all"; } else { delete next.labels; }
            return next;
        }""",
        Output("state", "data", allow_duplicate=True),
        Input("all-labels", "value"),
        State("state", "data"),
        prevent_initial_call=True,
    )
