"""The sign-in form against the obvious attacks, on a running server: a form from another site,
guessing (per name and per address, with ``partnergraph user unlock`` run as a real process),
a flood of sign-ins, hostile ``next`` values, anonymous bodies, deep JSON, caching, and a TLS
proxy in front (``PARTNERGRAPH_TRUSTED_PROXY``).

The server believes ``X-Forwarded-For`` (it is told a proxy is in front), so each test signs in
from addresses of its own and one test's pauses do not touch another's."""

from __future__ import annotations

import itertools
import json
import threading
import time

import pytest
import requests
from serverkit import (
    MINI,
    form_token,
    post_sign_in,
    server_output,
    start_server,
    stop_server,
    user_command,
)

from graphmodel.stores import EmbeddedStore
from webapp import create_app
from webapp.auth import AuthSettings, UsersFile
from webapp.server import secure_app

PASSWORD = "signin-password-1"
NAMES = ("una", "lex", "amy", "bea", "cal")
_addresses = (f"203.0.113.{i}" for i in itertools.count(1))


def address() -> dict[str, str]:
    """Headers that make the next requests come from an address no other test used."""
    return {"X-Forwarded-For": next(_addresses)}


@pytest.fixture(scope="module")
def users_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("auth") / "users.yaml"
    users = UsersFile(path)
    for name in NAMES:
        users.set_user(name, PASSWORD, ["viewer"])
    users.write()
    return path


@pytest.fixture(scope="module")
def served(users_file):
    proc, base = start_server(
        ["--users-file", str(users_file), "--insecure-cookies", "--threads", "8"],
        env={"PARTNERGRAPH_TRUSTED_PROXY": "1"},
    )
    yield base, proc
    stop_server(proc)


@pytest.fixture(scope="module")
def server(served):
    return served[0]


def test_a_form_posted_from_another_site_is_refused(server):
    here = address()
    s = requests.Session()
    token = form_token(s.get(server + "/login", headers=here, timeout=10).text)
    form = {"username": "una", "password": PASSWORD, "csrf": token}
    for evil in (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
    ):
        r = s.post(server + "/login", data=form, headers={**here, **evil}, timeout=10)
        assert r.status_code == 403 and "sent from another site" in r.text, evil
        assert "sid" not in str(s.cookies.get_dict())
    # the other site's own form has no token (it cannot read ours)
    r = requests.post(
        server + "/login", data={"username": "una", "password": PASSWORD}, headers=here, timeout=10
    )
    assert r.status_code == 400 and "expired" in r.text
    r = s.post(
        server + "/login",
        data={**form, "csrf": "forged-token-forged-token-forged-token"},
        headers=here,
        timeout=10,
    )
    assert r.status_code == 400
    # this site's own form, as a browser sends it
    r = s.post(
        server + "/login",
        data=form,
        headers={**here, "Origin": server, "Referer": server + "/login"},
        allow_redirects=False,
        timeout=10,
    )
    assert r.status_code == 302 and r.headers["Location"] == "/"


def test_ten_wrong_passwords_pause_the_name_until_an_admin_unlocks_it(server, users_file):
    s = requests.Session()
    for i in range(9):
        r = post_sign_in(s, server, "lex", f"wrong-{i}", headers=address())
        assert r.status_code == 200 and "Wrong name or password" in r.text
    r = post_sign_in(s, server, "lex", "wrong-9", headers=address())
    assert r.status_code == 429 and "Signing in as lex is paused until" in r.text
    # the right password, from yet another address, is refused too, and the page says why
    r = post_sign_in(s, server, "lex", PASSWORD, headers=address())
    assert r.status_code == 429 and "paused until" in r.text and "UTC" in r.text
    assert "partnergraph user unlock lex" in r.text and "Traceback" not in r.text
    assert "role='alert'" in r.text
    # another name is not paused
    assert post_sign_in(s, server, "amy", PASSWORD, headers=address()).status_code == 302
    user_command("unlock", "lex", "--users-file", str(users_file))
    r = post_sign_in(requests.Session(), server, "lex", PASSWORD, headers=address())
    assert r.status_code == 302, r.text


def test_thirty_wrong_passwords_pause_the_address(server):
    here = address()
    s = requests.Session()
    for i in range(29):  # different names: no one name reaches its own limit
        r = post_sign_in(s, server, f"nobody{i % 5}", "wrong", headers=here)
        assert r.status_code == 200, i
    r = post_sign_in(s, server, "nobody-else", "wrong", headers=here)
    assert r.status_code == 429 and "from your network address is paused" in r.text
    r = post_sign_in(s, server, "bea", PASSWORD, headers=here)
    assert r.status_code == 429 and "network address" in r.text
    # the same person from another address signs in
    assert post_sign_in(s, server, "bea", PASSWORD, headers=address()).status_code == 302


def test_a_flood_of_sign_ins_gets_429_while_signed_in_people_carry_on(server):
    reader = requests.Session()
    assert post_sign_in(reader, server, "cal", PASSWORD, headers=address()).status_code == 302
    flood = []
    for i in range(24):  # each from its own address, with its own form token
        s, here = requests.Session(), address()
        token = form_token(s.get(server + "/login", headers=here, timeout=10).text)
        flood.append((s, here, {"username": f"guess{i}", "password": "wrong", "csrf": token}))
    answers: list[int] = []
    reads: list[tuple[int, float]] = []
    go = threading.Barrier(len(flood) + 1)

    def guess(s, here, form):
        go.wait()
        r = s.post(server + "/login", data=form, headers=here, timeout=60)
        answers.append(r.status_code)
        if r.status_code == 429:
            assert "busy" in r.text and r.headers.get("Retry-After")

    threads = [threading.Thread(target=guess, args=args) for args in flood]
    for t in threads:
        t.start()
    go.wait()
    for _ in range(5):
        start = time.monotonic()
        r = reader.get(server + "/_dash-layout", timeout=60)
        reads.append((r.status_code, time.monotonic() - start))
    for t in threads:
        t.join()
    print("flood answers:", sorted(answers), "signed-in reads (status, s):", reads)
    assert len(answers) == len(flood) and set(answers) <= {200, 429}
    assert answers.count(429) >= 1  # more sign-ins at once than password slots
    assert all(status == 200 for status, _ in reads)


@pytest.mark.parametrize(
    "next_,expected",
    [
        ("/%0a/x", "/"),
        ("/%0d/x", "/"),
        ("/%09/evil.example", "/"),
        ("//evil", "/"),
        ("https://evil", "/"),
        ("/%5cevil.example", "/"),
        ("/%2F/evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/logout", "/"),
        ("/health%3Fas_of%3D2020-01-01", "/health?as_of=2020-01-01"),
    ],
)
def test_next_is_a_page_of_this_site_or_ignored(server, next_, expected):
    here = address()
    s = requests.Session()
    page = s.get(server + "/login?next=" + next_, headers=here, timeout=10)
    assert page.status_code == 200
    r = post_sign_in(s, server, "amy", PASSWORD, next_=next_, headers=here)
    assert r.status_code == 302 and r.headers["Location"] == expected


def test_a_hostile_address_while_signed_out_is_never_a_server_error(server):
    for path in ("/%0a/x", "/%0d/x", "/%09/evil.example", "//evil", "/%5c/evil"):
        r = requests.get(server + path, allow_redirects=False, timeout=10)
        assert r.status_code in (302, 404), path
        location = r.headers.get("Location", "")
        assert "\n" not in location and "//evil" not in location


def test_an_anonymous_body_is_refused_before_it_is_read(served):
    server, proc = served
    big = b'{"output": "' + b"x" * (3900 * 1024) + b'"}'
    deep = b"[" * 100_000 + b"]" * 100_000
    for body in (big, deep, b"not json"):
        r = requests.post(
            server + "/_dash-update-component",
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        assert r.status_code == 401 and "Sign in first" in r.text
    r = requests.post(server + "/login", data={"username": "x" * 50_000}, timeout=30)
    assert r.status_code == 413 and "Traceback" not in r.text
    assert "Traceback" not in server_output(proc)


def test_deep_json_from_a_signed_in_user_is_a_plain_refusal(served):
    server, proc = served
    s = requests.Session()
    assert post_sign_in(s, server, "una", PASSWORD, headers=address()).status_code == 302
    deep = b'{"output": "x", "inputs": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    r = s.post(
        server + "/_dash-update-component",
        data=deep,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert r.status_code == 400 and "nests deeper than" in r.text
    # a bracket inside a string is text, not nesting
    flat = json.dumps({"output": "x", "inputs": ["[" * 5000], "state": []})
    r = s.post(server + "/_dash-update-component", data=flat, timeout=30,
               headers={"Content-Type": "application/json"})  # fmt: skip
    assert r.status_code == 400 and "no such callback" in r.text
    assert "Traceback" not in server_output(proc) and "RecursionError" not in server_output(proc)


def test_nothing_with_register_data_is_cached(server):
    s = requests.Session()
    assert post_sign_in(s, server, "una", PASSWORD, headers=address()).status_code == 302
    page_callback = {
        "output": "..page.children...state.data..",
        "outputs": [{"id": "page", "property": "children"}, {"id": "state", "property": "data"}],
        "inputs": [{"id": "url", "property": "pathname", "value": "/health"}],
        "changedPropIds": ["url.pathname"],
        "state": [{"id": "url", "property": "search", "value": ""}],
    }
    answers = [
        s.get(server + "/network", timeout=10),
        s.get(server + "/_dash-layout", timeout=10),
        s.get(server + "/_dash-dependencies", timeout=10),
        s.post(server + "/_dash-update-component", json=page_callback, timeout=30),
        s.get(server + "/login", timeout=10),
    ]
    for r in answers:
        assert r.status_code == 200, r.url
        assert r.headers["Cache-Control"] == "no-store", r.url
    assert "Kent" in answers[3].text  # it does carry register data


def test_behind_a_trusted_tls_proxy_the_server_sends_hsts(server):
    s = requests.Session()
    r = s.get(server + "/login", headers={"X-Forwarded-Proto": "https"}, timeout=10)
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")
    r = s.get(server + "/login", timeout=10)
    assert "Strict-Transport-Security" not in r.headers


def test_without_trusting_a_proxy_its_headers_are_not_believed(tmp_path):
    users = UsersFile(tmp_path / "users.yaml")
    users.set_user("una", PASSWORD, ["viewer"])
    users.write()
    store = EmbeddedStore()
    app = create_app(store, register=MINI)
    settings = AuthSettings(users_file=users.path, secure_cookies=False, secret_key="k" * 64)
    secure_app(app, auth=settings, allowed_hosts=None, max_request_bytes=1 << 20)
    r = app.server.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in r.headers
