"""A record form's request made by hand, with a field left out or of the wrong kind, is refused
in plain words and writes nothing: posted to a live explorer that records into a register, as
a script (or a page of another version) would post it."""

from __future__ import annotations

import logging

import pytest
import requests
from dashkit import callback_body
from serverkit import snapshot

LINK = "kent-province-of-lovech"
SUBMISSION = "0123456789abcdef"

#: each write callback's button, and what its page sends for a review or activity it records
FORMS = {
    "card-rv-save": {
        ("card-rec-for", "data"): LINK,
        ("card-rv-date", "value"): "2026-01-05",
        ("card-rv-reviewer", "value"): "International Affairs Board",
        ("card-rv-met", "value"): "yes",
        ("card-rv-sub", "data"): SUBMISSION,
        ("written", "data"): 0,
    },
    "card-ac-save": {
        ("card-rec-for", "data"): LINK,
        ("card-ac-name", "value"): "Study visit",
        ("card-ac-type", "value"): "visit",
        ("card-ac-start", "value"): "2026-01",
        ("card-ac-people", "value"): "A. Officer",
        ("card-ac-sub", "data"): SUBMISSION,
    },
    "rec-rv-save": {
        ("rec-rv-partnership", "value"): LINK,
        ("rec-rv-date", "value"): "2026-01-05",
        ("rec-rv-reviewer", "value"): "International Affairs Board",
        ("rec-rv-met", "value"): "yes",
        ("rec-rv-sub", "data"): SUBMISSION,
    },
    "rec-ac-save": {
        ("rec-ac-partnership", "value"): LINK,
        ("rec-ac-name", "value"): "Study visit",
        ("rec-ac-type", "value"): "visit",
        ("rec-ac-start", "value"): "2026-01",
        ("rec-ac-people", "value"): "A. Officer",
        ("rec-ac-sub", "data"): SUBMISSION,
    },
}

#: (button, field, a value no box sends, the form's label for it)
WRONG_KINDS = [
    ("card-rv-save", ("card-rv-reviewer", "value"), ["IAB"], "Reviewer"),
    ("card-rv-save", ("card-rv-date", "value"), {"year": 2026}, "Date"),
    ("card-rv-save", ("card-rv-sub", "data"), {"x": 1}, "The form's own id"),
    ("card-ac-save", ("card-ac-people", "value"), ["A", "B"], "People"),
    ("card-ac-save", ("card-rec-for", "data"), [LINK], "Partnership"),
    ("rec-rv-save", ("rec-rv-met", "value"), ["yes"], "Objectives met"),
    ("rec-ac-save", ("rec-ac-people", "value"), 5, "People"),
    ("rec-ac-save", ("rec-ac-partnership", "value"), {"id": LINK}, "Partnership"),
]


@pytest.fixture(scope="module")
def dependencies(writable_server):
    return requests.get(writable_server + "/_dash-dependencies", timeout=30).json()


def _body(dependencies, button: str, values: dict) -> dict:
    (dep,) = [d for d in dependencies if d["inputs"] and d["inputs"][0]["id"] == button]
    return callback_body(dep, {(button, "n_clicks"): 1, **values})


def _post(server: str, body: dict) -> requests.Response:
    return requests.post(server + "/_dash-update-component", json=body, timeout=60)


@pytest.fixture
def server_log(caplog):
    """What the explorer (served in this process) logs while a test runs."""
    caplog.set_level(logging.INFO)
    return caplog


def _no_traceback(log) -> None:
    failed = [r for r in log.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not failed, [r.getMessage() for r in failed]


@pytest.mark.parametrize("button", list(FORMS))
def test_a_field_left_out_is_refused_plainly(
    writable_server, writable_register, dependencies, server_log, button
):
    body = _body(dependencies, button, FORMS[button])
    left_out = body["state"].pop(2)  # the third field, as a script that forgot it sends it
    before = snapshot(writable_register)
    r = _post(writable_server, body)
    assert r.status_code == 400 and r.headers["Content-Type"].startswith("text/plain")
    name = f"{left_out['id']}.{left_out['property']}"
    assert r.text.startswith("Refused:") and f"{name} left out" in r.text
    assert "Nothing was written" in r.text and "Traceback" not in r.text
    assert snapshot(writable_register) == before
    _no_traceback(server_log)
    assert any(name in rec.getMessage() for rec in server_log.records)  # one plain line


def test_fields_out_of_order_are_refused(writable_server, writable_register, dependencies):
    body = _body(dependencies, "card-rv-save", FORMS["card-rv-save"])
    body["state"][1], body["state"][2] = body["state"][2], body["state"][1]  # date <-> reviewer
    before = snapshot(writable_register)
    r = _post(writable_server, body)
    assert r.status_code == 400 and "out of order" in r.text
    assert snapshot(writable_register) == before


@pytest.mark.parametrize("button, field, value, label", WRONG_KINDS)
def test_a_field_of_the_wrong_kind_is_refused_in_the_form(
    writable_server, writable_register, dependencies, server_log, button, field, value, label
):
    body = _body(dependencies, button, {**FORMS[button], field: value})
    before = snapshot(writable_register)
    r = _post(writable_server, body)
    assert r.status_code == 200, r.text[:300]
    answer = r.json()
    said = str(answer["response"])
    assert "was not recorded. Nothing was written." in said
    assert f"{label}: the form sent" in said and "reload the page" in said
    assert "Something went wrong" not in str(answer.get("sideUpdate"))
    assert "written" not in answer["response"]  # no page is told of a write
    assert snapshot(writable_register) == before
    _no_traceback(server_log)


def test_the_forms_own_request_still_records(writable_server, writable_register, dependencies):
    # the guard lets through what a page sends: the review is written
    before = snapshot(writable_register)
    values = {**FORMS["card-rv-save"], ("card-rv-sub", "data"): "fedcba9876543210"}
    r = _post(writable_server, _body(dependencies, "card-rv-save", values))
    assert r.status_code == 200
    written = r.json()["response"]["written"]["data"]
    assert written["ok"] and written["for"] == LINK
    assert snapshot(writable_register) != before
