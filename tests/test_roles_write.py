"""Roles on a write: a review recorded from the web app needs the editor role, checked on the
server, and the written record names the signed-in user. The app is the one `serve` builds
(create_app + secure_app) with a write callback of the shape the monitoring forms use."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from dash import Input, Output, State

from graphmodel.stores import EmbeddedStore
from loaders import read_register
from loaders.record import record
from webapp import create_app
from webapp.auth import AuthSettings, UsersFile, current_user, require_role
from webapp.server import secure_app

MINI = Path(__file__).parent / "fixtures" / "mini"
PASSWORDS = {"vera": "viewer-password-1", "ed": "editor-password-1"}
SAVE = "rec-message.children"


@pytest.fixture
def served(tmp_path):
    register = tmp_path / "register"
    shutil.copytree(MINI, register)
    users = UsersFile(tmp_path / "users.yaml")
    users.set_user("vera", PASSWORDS["vera"], ["viewer"])
    users.set_user("ed", PASSWORDS["ed"], ["editor"])
    users.write()
    store = EmbeddedStore()
    store.replace(read_register(register).graph)
    app = create_app(store)

    @app.callback(
        Output("rec-message", "children"),
        Input("rec-save", "n_clicks"),
        State("rec-partnership", "value"),
        prevent_initial_call=True,
    )
    @require_role("editor")
    def save_review(_n, partnership):
        written = record(
            register,
            "reviews",
            {"partnership": partnership, "date": "2024-05", "reviewer": "Team"},
            by=current_user(),
        )
        return f"Recorded {written.record['id']}"

    settings = AuthSettings(users_file=users.path, secure_cookies=False, secret_key="k" * 64)
    secure_app(app, auth=settings, allowed_hosts=None, max_request_bytes=1 << 20)
    return app.server.test_client(), register


def sign_in(client, name):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r"name='csrf' value='([^']+)'", page).group(1)
    r = client.post("/login", data={"username": name, "password": PASSWORDS[name], "csrf": token})
    assert r.status_code == 302


def save(client):
    return client.post(
        "/_dash-update-component",
        json={
            "output": SAVE,
            "outputs": {"id": "rec-message", "property": "children"},
            "inputs": [{"id": "rec-save", "property": "n_clicks", "value": 1}],
            "changedPropIds": ["rec-save.n_clicks"],
            "state": [{"id": "rec-partnership", "property": "value", "value": "kent-virginia"}],
        },
    )


def records_text(register: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(register.rglob("records_*")))


def test_a_viewers_forged_write_is_refused_and_nothing_is_written(served):
    client, register = served
    before = records_text(register)
    sign_in(client, "vera")
    r = save(client)
    assert r.status_code == 403 and "editor" in r.get_data(as_text=True)
    assert records_text(register) == before


def test_an_editors_write_names_the_editor(served):
    client, register = served
    sign_in(client, "ed")
    r = save(client)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert "Recorded" in r.get_data(as_text=True)
    assert "review recorded by ed on" in records_text(register)


def test_signed_out_nothing_is_written(served):
    client, register = served
    before = records_text(register)
    assert save(client).status_code == 401
    assert records_text(register) == before


def test_a_session_ends_after_its_time(served):
    client, _ = served
    sign_in(client, "ed")
    assert client.get("/network").status_code == 200
    with client.session_transaction() as session:  # signed in 481 minutes ago
        sid = session["sid"]
    sessions = client.application.extensions["partnergraph_sessions"]
    sessions._sessions[sid].started -= 481 * 60
    r = client.get("/network")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    assert save(client).status_code == 401
