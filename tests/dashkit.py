"""A Dash callback request as the browser builds it, for tests and the load benchmark.

The browser reads ``/_dash-dependencies`` and posts each callback's outputs, inputs and state
to ``/_dash-update-component``; building the body the same way keeps a test or a benchmark from
going stale when a page's callback gains an output.
"""

from __future__ import annotations

from typing import Any

__all__ = ["callback_body"]


def callback_body(dep: dict[str, Any], values: dict[tuple[str, str], Any]) -> dict[str, Any]:
    """The request body of the callback ``dep`` (one entry of ``/_dash-dependencies``), with
    ``values[(id, property)]`` for its inputs and state (None where not given); its first input
    is the one that changed.

    Examples
    --------
    >>> dep = {"output": "..map.figure...map-note.children..",
    ...        "inputs": [{"id": "m-council", "property": "data"}], "state": []}
    >>> body = callback_body(dep, {("m-council", "data"): "kent"})
    >>> body["outputs"][1], body["inputs"][0]["value"], body["changedPropIds"]
    ({'id': 'map-note', 'property': 'children'}, 'kent', ['m-council.data'])
    """

    def items(kind: str) -> list[dict[str, Any]]:
        return [
            {
                "id": i["id"],
                "property": i["property"],
                "value": values.get((i["id"], i["property"])),
            }
            for i in dep[kind]
        ]

    out = dep["output"]
    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1].split("@")[0]}
        for part in out.strip(".").split("...")
    ]
    inputs = items("inputs")
    return {
        "output": out,
        "outputs": outputs if out.startswith("..") else outputs[0],
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"] if inputs else [],
        "state": items("state"),
    }
