"""A crafted callback request whose inputs or state are not its callback's (one left out, one
out of place, a property renamed) is refused with 400 and one plain line, never Dash's bare
server error; every request a page sends, pattern-matching ones too, still goes through."""

from __future__ import annotations

import json
import logging

import pytest
from dashkit import callback_body

from graphmodel.stores import EmbeddedStore
from webapp import create_app
from webapp.security import callback_mismatch

REFUSED = "Refused: the request does not match the page's callback ("


@pytest.fixture(scope="module")
def app(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return create_app(store)


@pytest.fixture(scope="module")
def deps(app):
    return app.server.test_client().get("/_dash-dependencies").get_json()


def _concrete(dep_id: str, n: int) -> str | dict:
    """An id of a component the page drew for the dependency's id (a wildcard filled in)."""
    if not dep_id.startswith("{"):
        return dep_id
    return {k: f"x{n}" if isinstance(v, list) else v for k, v in json.loads(dep_id).items()}


def browser_body(dep: dict) -> dict:
    """The request a page sends for ``dep``: an ALL wildcard as a list of its components."""
    body = callback_body(dep, {})

    def entries(kind: str) -> list:
        sent = []
        for d in dep[kind]:
            if '["ALL"]' in d["id"] or '["ALLSMALLER"]' in d["id"]:
                sent.append(
                    [{"id": _concrete(d["id"], n), "property": d["property"]} for n in (1, 2)]
                )
            else:
                sent.append({"id": _concrete(d["id"], 1), "property": d["property"], "value": None})
        return sent

    body["inputs"], body["state"] = entries("inputs"), entries("state")
    outputs = [
        {"id": o["id"], "property": o["property"]}
        for o in (body["outputs"] if isinstance(body["outputs"], list) else [body["outputs"]])
    ]
    outputs = [
        [{"id": _concrete(o["id"], n), "property": o["property"]} for n in (1, 2)]
        if '["ALL"]' in o["id"]
        else {"id": _concrete(o["id"], 1), "property": o["property"]}
        for o in outputs
    ]
    body["outputs"] = outputs if dep["output"].startswith("..") else outputs[0]
    return body


def test_every_request_a_page_sends_is_as_declared(app, deps):
    wild = [d for d in deps if "MATCH" in json.dumps(d["inputs"]) or "ALL" in json.dumps(d)]
    assert wild, "the app has pattern-matching callbacks: they are checked here too"
    for dep in deps:
        said = callback_mismatch(app.callback_map, browser_body(dep))
        if dep["clientside_function"]:  # run in the browser: a page never sends it
            assert said == "that callback runs in the browser"
        else:
            assert said is None, dep["output"]
    # an ALL wildcard that matches no component on the page is sent as an empty list
    dep = next(d for d in deps if any('["ALL"]' in i["id"] for i in d["inputs"]))
    body = browser_body(dep)
    body["inputs"] = [[] if isinstance(i, list) else i for i in body["inputs"]]
    assert callback_mismatch(app.callback_map, body) is None


def crafted(dep: dict) -> list[tuple[str, dict]]:
    """Requests for ``dep`` a page never sends."""
    if dep["clientside_function"]:
        return [("a callback the browser runs", browser_body(dep))]
    out = [
        ("what changed not names", {**browser_body(dep), "changedPropIds": [["x"]]}),
        ("what changed not a list", {**browser_body(dep), "changedPropIds": 5}),
    ]
    for kind in ("inputs", "state"):
        if not dep[kind]:
            continue
        body = browser_body(dep)
        body[kind] = body[kind][:-1]
        out.append((f"the last of {kind} left out", body))
        body = browser_body(dep)
        first = body[kind][0]
        if isinstance(first, dict):
            body[kind][0] = {**first, "property": "not-" + first["property"]}
            out.append((f"the first of {kind} another property", body))
            body = browser_body(dep)
            body[kind][0] = {**first, "id": "somewhere-else"}
            out.append((f"the first of {kind} another component", body))
    body = browser_body(dep)
    body.pop("state")
    if dep["state"]:
        out.append(("state left out", body))
    body = browser_body(dep)
    body.pop("outputs")
    out.append(("outputs left out", body))
    return out


def test_every_callback_refuses_a_crafted_request_plainly(app, deps, caplog):
    client = app.server.test_client()
    tried = 0
    for dep in deps:
        for what, body in crafted(dep):
            caplog.clear()
            with caplog.at_level(logging.WARNING, logger="partnergraph.web"):
                r = client.post("/_dash-update-component", json=body)
            said = r.get_data(as_text=True)
            assert r.status_code == 400, (dep["output"], what, r.status_code, said[:200])
            # (a form that writes says so itself, adding that nothing was written)
            form = "written.data" in dep["output"] and "Nothing was written" in said
            assert form or said.startswith(REFUSED) and said.endswith("Reload the page."), said
            assert "\n" not in said and "Traceback" not in said
            (record,) = caplog.records
            assert record.exc_info is None and record.message.startswith("refused a ")
            tried += 1
    assert tried > len(deps)


def test_what_is_unlike_is_said(app, deps):
    dep = next(d for d in deps if d["output"].startswith("..page.children...state.data"))
    body = browser_body(dep)
    body.pop("state")
    said = callback_mismatch(app.callback_map, body)
    assert said == f"0 state sent where it takes {len(dep['state'])}"
    body = browser_body(dep)
    body["inputs"][0]["property"] = "hash"
    assert callback_mismatch(app.callback_map, body) == "input 1 is not url's pathname"


def test_pattern_matching_requests_still_answer(app, deps):
    client = app.server.test_client()
    # MATCH: one "more" button of a record card, its body as state
    dep = next(
        d for d in deps if d["output"].startswith('{"key":["MATCH"],"type":"card-more-body"}')
    )
    body = browser_body(dep)
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code in (200, 204), r.get_data(as_text=True)[:300]
    # ALL: buttons that each open a record
    dep = next(d for d in deps if any('"type":"open-card"' in i["id"] for i in d["inputs"]))
    body = browser_body(dep)
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code in (200, 204), r.get_data(as_text=True)[:300]
    # and a MATCH id with another fixed part is not the callback's
    dep = next(
        d for d in deps if d["output"].startswith('{"key":["MATCH"],"type":"card-more-body"}')
    )
    body = browser_body(dep)
    body["inputs"][0]["id"] = {"key": "x1", "type": "open-card"}
    assert client.post("/_dash-update-component", json=body).status_code == 400
