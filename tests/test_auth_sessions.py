"""Sessions end when they should, on a running server: signing out, ``partnergraph user remove``
and a password or role change (run as real processes while the server runs) each end the
affected session at once; the cookie is a browser-session cookie; idle and absolute timeouts
are kept on the server."""

from __future__ import annotations

import re
import time

import pytest
import requests
from click.testing import CliRunner
from serverkit import post_sign_in, start_server, stop_server, user_command

from graphmodel.stores import EmbeddedStore
from loaders import read_register
from partnergraph.cli import main
from webapp import create_app
from webapp.auth import AuthSettings, UsersFile
from webapp.server import secure_app

PASSWORD = "first-password-1"
NEW_PASSWORD = "second-password-2"
USERS = {"sol": "viewer", "rem": "viewer", "pat": "viewer", "rob": "editor", "ida": "viewer"}


@pytest.fixture(scope="module")
def users_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("auth") / "users.yaml"
    users = UsersFile(path)
    for name, role in USERS.items():
        users.set_user(name, PASSWORD, [role])
    users.write()
    return path


@pytest.fixture(scope="module")
def server(users_file):
    proc, base = start_server(["--users-file", str(users_file), "--insecure-cookies"])
    yield base
    stop_server(proc)


def signed_in(base: str, name: str, password: str = PASSWORD) -> requests.Session:
    s = requests.Session()
    r = post_sign_in(s, base, name, password)
    assert r.status_code == 302 and r.headers["Location"] == "/", r.text
    assert reads(s, base)
    return s


def reads(s: requests.Session, base: str) -> bool:
    """Whether ``s`` still reads a page and the layout (which carries register data)."""
    page = s.get(base + "/network", allow_redirects=False, timeout=10)
    layout = s.get(base + "/_dash-layout", allow_redirects=False, timeout=10)
    assert page.status_code in (200, 302) and layout.status_code in (200, 401)
    assert (page.status_code == 200) == (layout.status_code == 200)
    return page.status_code == 200


def page_callback(s: requests.Session, base: str) -> requests.Response:
    """The callback that draws a page (it names the signed-in user and their roles)."""
    return s.post(
        base + "/_dash-update-component",
        json={
            "output": "..page.children...state.data..",
            "outputs": [
                {"id": "page", "property": "children"},
                {"id": "state", "property": "data"},
            ],
            "inputs": [{"id": "url", "property": "pathname", "value": "/health"}],
            "changedPropIds": ["url.pathname"],
            "state": [{"id": "url", "property": "search", "value": ""}],
        },
        timeout=30,
    )


def copy_of(s: requests.Session) -> requests.Session:
    """Another client holding the same cookie (as a thief or a second tab would)."""
    other = requests.Session()
    other.cookies.update(s.cookies)
    return other


def test_the_cookie_is_a_browser_session_cookie(server):
    s = requests.Session()
    r = post_sign_in(s, server, "ida", PASSWORD)
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("partnergraph_session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires" not in cookie and "Max-Age" not in cookie  # gone when the browser closes


def test_signing_out_ends_the_session_for_every_copy_of_the_cookie(server):
    s = signed_in(server, "sol")
    kept = copy_of(s)
    assert reads(kept, server)
    r = s.get(server + "/logout", allow_redirects=False, timeout=10)
    assert r.status_code == 302 and r.headers["Location"] == "/login"
    assert not reads(kept, server)  # the cookie from before signing out is refused
    r = kept.post(server + "/_dash-update-component", json={"output": "x"}, timeout=10)
    assert r.status_code == 401


def test_removing_a_user_ends_their_session_and_sign_in(server, users_file):
    s = signed_in(server, "rem")
    other = signed_in(server, "ida")
    user_command("remove", "rem", "--users-file", str(users_file))
    start = time.monotonic()
    while reads(s, server) and time.monotonic() - start < 5:
        time.sleep(0.1)
    print(f"removed user's session ended {time.monotonic() - start:.2f} s after the command")
    assert not reads(s, server)
    assert time.monotonic() - start <= 2
    r = post_sign_in(requests.Session(), server, "rem", PASSWORD)
    assert r.status_code == 200 and "Wrong name or password" in r.text
    assert reads(other, server)  # nobody else is signed out


def test_a_new_password_ends_the_session_and_only_the_new_one_signs_in(server, users_file):
    s = signed_in(server, "pat")
    user_command(
        "add", "pat", "--role", "viewer", "--users-file", str(users_file), password=NEW_PASSWORD
    )
    start = time.monotonic()
    while reads(s, server) and time.monotonic() - start < 5:
        time.sleep(0.1)
    assert not reads(s, server)
    assert time.monotonic() - start <= 2
    r = post_sign_in(requests.Session(), server, "pat", PASSWORD)
    assert r.status_code == 200 and "Wrong name or password" in r.text
    signed_in(server, "pat", NEW_PASSWORD)


def test_a_role_change_ends_the_session(server, users_file):
    s = signed_in(server, "rob")
    assert "Signed in as rob (editor)" in page_callback(s, server).text
    user_command(
        "add", "rob", "--role", "viewer", "--users-file", str(users_file), password=PASSWORD
    )
    start = time.monotonic()
    while reads(s, server) and time.monotonic() - start < 5:
        time.sleep(0.1)
    assert not reads(s, server)
    assert time.monotonic() - start <= 2
    s = signed_in(server, "rob")
    assert "Signed in as rob (viewer)" in page_callback(s, server).text


def test_a_broken_users_file_signs_nobody_in_until_it_is_fixed(server, users_file):
    s = signed_in(server, "ida")
    good = users_file.read_text(encoding="utf-8")
    try:
        users_file.write_text("users: [ {name: ida\n", encoding="utf-8")
        assert not reads(s, server)
        r = post_sign_in(requests.Session(), server, "ida", PASSWORD)
        assert r.status_code == 503 and "cannot read its users file" in r.text
        assert "Traceback" not in r.text and str(users_file) not in r.text
    finally:
        users_file.write_text(good, encoding="utf-8")
    signed_in(server, "ida")


def test_user_add_refuses_an_overlong_or_unprintable_name(tmp_path):
    users = tmp_path / "users.yaml"
    for name in ("x" * 101, "bad\nname", " "):
        result = CliRunner().invoke(
            main,
            ["user", "add", name, "--users-file", str(users)],
            env={"PARTNERGRAPH_NEW_PASSWORD": PASSWORD},
        )
        assert result.exit_code == 1 and "printable characters" in result.output
    assert not users.exists()


# -- timeouts, in-process (waiting out real minutes would make a slow test) -------------------


@pytest.fixture
def client(tmp_path):
    from serverkit import MINI

    users = UsersFile(tmp_path / "users.yaml")
    users.set_user("ida", PASSWORD, ["viewer"])
    users.write()
    store = EmbeddedStore()
    store.replace(read_register(MINI).graph)
    app = create_app(store)
    settings = AuthSettings(
        users_file=users.path,
        secure_cookies=False,
        secret_key="k" * 64,
        idle_minutes=30,
        session_minutes=480,
    )
    secure_app(app, auth=settings, allowed_hosts=None, max_request_bytes=1 << 20)
    c = app.server.test_client()
    page = c.get("/login").get_data(as_text=True)
    token = re.search(r"name='csrf' value='([^']+)'", page).group(1)
    r = c.post("/login", data={"username": "ida", "password": PASSWORD, "csrf": token})
    assert r.status_code == 302
    with c.session_transaction() as session:
        sid = session["sid"]
    return c, app.server.extensions["partnergraph_sessions"]._sessions[sid]


def test_a_session_unused_for_the_idle_time_ends(client):
    c, entry = client
    assert c.get("/network").status_code == 200
    entry.last_seen -= 29 * 60  # used 29 minutes ago: still on, and the clock starts again
    assert c.get("/network").status_code == 200
    entry.last_seen -= 31 * 60
    r = c.get("/network")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")


def test_a_session_in_use_still_ends_at_its_absolute_time(client):
    c, entry = client
    entry.started -= 479 * 60
    assert c.get("/network").status_code == 200
    entry.started -= 2 * 60
    assert c.get("/network").status_code == 302
