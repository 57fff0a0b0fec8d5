"""`partnergraph serve` as a council would run it: waitress, sign-in, roles enforced on the
server, Host and size checks, security headers. Run against the real server in a subprocess."""

from __future__ import annotations

import time

import pytest
import requests
from click.testing import CliRunner
from serverkit import MINI, PASSWORDS, post_sign_in, start_server, stop_server

from partnergraph.cli import main

CONSOLE = "..cypher-table.columnDefs...cypher-table.rowData...cypher-message.children.."


@pytest.fixture(scope="module")
def server(users_file):
    proc, base = start_server(["--users-file", str(users_file), "--insecure-cookies"])
    yield base
    stop_server(proc)


def signed_in(base: str, name: str) -> requests.Session:
    s = requests.Session()
    r = post_sign_in(s, base, name, PASSWORDS[name])
    assert r.status_code == 302 and r.headers["Location"] == "/", r.text
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    return s


def console_request(text: str = "MATCH (n) RETURN n.id AS id LIMIT 3") -> dict:
    return {
        "output": CONSOLE,
        "outputs": [
            {"id": "cypher-table", "property": "columnDefs"},
            {"id": "cypher-table", "property": "rowData"},
            {"id": "cypher-message", "property": "children"},
        ],
        "inputs": [{"id": "btn-cypher", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["btn-cypher.n_clicks"],
        "state": [{"id": "cypher-text", "property": "value", "value": text}],
    }


def test_nothing_without_signing_in(server):
    r = requests.get(server + "/network", allow_redirects=False, timeout=10)
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    for path in ("/_dash-layout", "/_dash-dependencies"):
        assert requests.get(server + path, allow_redirects=False, timeout=10).status_code == 401
    r = requests.post(server + "/_dash-update-component", json=console_request(), timeout=10)
    assert r.status_code == 401
    # dash-auth would let a page callback through for a public pathname such as /login
    page = {
        "output": "..page.children...state.data..",
        "outputs": [{"id": "page", "property": "children"}, {"id": "state", "property": "data"}],
        "inputs": [{"id": "url", "property": "pathname", "value": "/login"}],
        "changedPropIds": ["url.pathname"],
        "state": [{"id": "url", "property": "search", "value": ""}],
    }
    r = requests.post(server + "/_dash-update-component", json=page, timeout=10)
    assert r.status_code == 401 and "Kent" not in r.text


def test_a_wrong_password_is_refused(server):
    r = post_sign_in(requests.Session(), server, "vera", "guess")
    assert r.status_code == 200 and "Wrong name or password" in r.text
    assert "Set-Cookie" not in r.headers or "partnergraph_session=;" in r.headers["Set-Cookie"]


def test_a_viewer_reads_pages_with_security_headers(server):
    s = signed_in(server, "vera")
    r = s.get(server + "/network", timeout=10)
    assert r.status_code == 200 and "_dash-config" in r.text
    h = r.headers
    assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
    assert h["X-Frame-Options"] == "DENY" and h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "same-origin"  # never sent to other sites
    assert h["Server"] == "partnergraph"  # waitress, not the development server


def test_a_viewers_forged_console_callback_is_refused(server):
    s = signed_in(server, "vera")
    r = s.post(server + "/_dash-update-component", json=console_request(), timeout=10)
    assert r.status_code == 403 and "analyst" in r.text
    # hiding the console's id among others changes nothing
    forged = console_request()
    forged["inputs"].insert(0, {"id": "n-search", "property": "value", "value": "x"})
    r = s.post(server + "/_dash-update-component", json=forged, timeout=10)
    assert r.status_code == 403


def test_an_analyst_passes_the_role_check(server):
    s = signed_in(server, "ann")
    r = s.post(server + "/_dash-update-component", json=console_request(), timeout=10)
    # the embedded store has no console callback: refused as unknown, not for the role
    assert r.status_code != 403


def test_a_signed_out_session_is_over(server):
    s = signed_in(server, "vera")
    assert s.get(server + "/network", timeout=10, allow_redirects=False).status_code == 200
    s.get(server + "/logout", timeout=10)
    assert s.get(server + "/network", timeout=10, allow_redirects=False).status_code == 302


def test_an_unknown_host_is_refused(server):
    s = signed_in(server, "vera")
    r = s.get(server + "/network", headers={"Host": "evil.example:80"}, timeout=10)
    assert r.status_code == 400 and "Traceback" not in r.text


def test_a_huge_request_is_refused_at_once(server):
    s = signed_in(server, "vera")
    start = time.monotonic()
    r = s.post(
        server + "/_dash-update-component",
        data=b"x" * (20 * 1024 * 1024),
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert r.status_code == 413
    assert time.monotonic() - start < 20


def test_a_malformed_callback_is_a_clear_refusal(server):
    s = signed_in(server, "vera")
    for body in [b"not json", b"[]", b'{"output": 5}', b'{"output": "nope.children"}']:
        r = s.post(
            server + "/_dash-update-component",
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=10,
        )
        assert r.status_code == 400, (body, r.status_code)
        assert "Traceback" not in r.text


def test_a_network_address_without_sign_in_refuses_to_start():
    result = CliRunner().invoke(main, ["serve", "--register", str(MINI), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "refusing to listen on 0.0.0.0" in result.output
    assert "partnergraph user add" in result.output and "PARTNERGRAPH_OIDC" in result.output


def test_a_users_file_without_users_refuses_to_start(tmp_path):
    empty = tmp_path / "users.yaml"
    empty.write_text("users: []\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["serve", "--register", str(MINI), "--host", "0.0.0.0", "--users-file", str(empty)],
    )
    assert result.exit_code == 1 and "no users yet" in result.output


def test_the_users_file_keeps_only_hashes(users_file):
    text = users_file.read_text(encoding="utf-8")
    assert "scrypt:" in text
    assert not any(p in text for p in PASSWORDS.values())
    result = CliRunner().invoke(main, ["user", "list", "--users-file", str(users_file)])
    assert "vera  viewer" in result.output and "password" not in result.output


def test_debug_never_sends_a_traceback_to_the_browser():
    proc, base = start_server(["--dev", "--debug"])
    try:
        crafted = {
            "output": "..page.children...state.data..",
            "outputs": [
                {"id": "page", "property": "children"},
                {"id": "state", "property": "data"},
            ],
            "inputs": [{"id": "url", "property": "pathname", "value": "/network"}],
            "state": [{"id": "url", "property": "search", "value": ""}],
        }
        # outputs left out: refused plainly before Dash sees it (webapp.security)
        r = requests.post(
            base + "/_dash-update-component",
            json={k: v for k, v in crafted.items() if k != "outputs"},
            timeout=30,
        )
        assert r.status_code == 400 and r.text.startswith("Refused: the request does not match")
        assert "Traceback" not in r.text and "Debugger" not in r.text
        r = requests.post(  # once a server error inside Dash: a changed property not a name
            base + "/_dash-update-component",
            json={**crafted, "changedPropIds": [["url.pathname"]]},
            timeout=30,
        )
        assert r.status_code == 400 and r.text.startswith("Refused: the request does not match")
        assert "Traceback" not in r.text and "Debugger" not in r.text
        r = requests.get(base + "/network", headers={"Host": "evil.example"}, timeout=30)
        assert r.status_code == 400 and "Debugger" not in r.text
    finally:
        stop_server(proc)


def test_an_unexpected_failure_answers_with_a_reference_not_a_traceback(bundled):
    # no request a person can make fails inside the server any more (webapp.security refuses
    # the malformed ones), so a route that fails stands in for the unexpected
    from graphmodel.stores import EmbeddedStore
    from webapp import create_app
    from webapp.security import harden

    store = EmbeddedStore()
    store.replace(bundled.graph)
    app = create_app(store)
    harden(app)
    app.server.debug = True  # Flask's debug mode would otherwise hand the traceback on

    @app.server.route("/fails")
    def fails():
        raise RuntimeError("a bug")

    r = app.server.test_client().get("/fails")
    assert r.status_code == 500 and "Traceback" not in r.text and "a bug" not in r.text
    assert "Reference" in r.text and "server log" in r.text
