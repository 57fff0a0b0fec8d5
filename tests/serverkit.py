"""Helpers for tests against a live explorer: the explorer served in this process on a free
port (:func:`serve_app`), a real ``partnergraph serve`` process (:func:`start_server`,
:func:`stop_server`), signing in through its form as a browser would, a users file, a copy of a
register and a fingerprint of what a server wrote into it (:func:`snapshot`).

The fixtures built on these live in ``conftest.py``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import requests
from browserkit import free_port

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"

#: the users of the shared users file (``users_file`` in conftest.py): name -> role, password
ROLES = {"vera": "viewer", "ann": "analyst", "ed": "editor"}
PASSWORDS = {"vera": "viewer-password-1", "ann": "analyst-password-1", "ed": "editor-password-1"}

#: the large generated register (``large_explorer``): about 100,000 relationships and 29,000
#: nodes, well above the client-side search limit (5,000 nodes) and the element budget;
#: generated, loaded and served in ~10 s on a 2-core machine
LARGE_COUNCILS = 800
LARGE_BUDGET = 1500

_TOKEN = re.compile(r"name='csrf' value='([^']+)'")


@contextlib.contextmanager
def serve_app(app) -> Iterator[str]:
    """A Dash app (``create_app(...)``) served by a real threaded WSGI server on a free port,
    in this process; its base URL while the block runs."""
    from werkzeug.serving import make_server

    port = free_port()
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def copy_register(source: Path, folder: Path) -> Path:
    """A copy of the register at ``source`` in ``folder`` (which must not exist yet)."""
    shutil.copytree(source, folder)
    return folder


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under the folder (temporary ones too) with a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def start_server(
    args: list[str], env: dict[str, str] | None = None, register: Path | None = MINI
) -> tuple[subprocess.Popen, str]:
    """``partnergraph serve`` on a free port (the mini register, or the bundled one)."""
    port = free_port()
    log = tempfile.TemporaryFile(mode="w+")  # a pipe nobody reads would fill and stall it
    proc = subprocess.Popen(  # its own process group: --debug's reloader is a child process
        [sys.executable, "-m", "partnergraph", "serve", "--port", str(port), *args]
        + (["--register", str(register)] if register else []),
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    proc.log = log
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve stopped: {server_output(proc)}")
        try:
            requests.get(base + "/login", timeout=10, allow_redirects=False)
            return proc, base
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.3)
    proc.kill()
    raise AssertionError("serve did not answer in 180 s")


def server_output(proc: subprocess.Popen) -> str:
    """What the server has written to its terminal so far."""
    proc.log.seek(0)
    return proc.log.read()


def stop_server(proc: subprocess.Popen) -> str:
    """Stop the server; what it wrote to its terminal."""
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)
    return server_output(proc)


def form_token(page_html: str) -> str:
    """The sign-in form's token in a page."""
    match = _TOKEN.search(page_html)
    assert match, "the sign-in page has no token"
    return match.group(1)


def post_sign_in(
    s: requests.Session,
    base: str,
    name: str,
    password: str,
    next_: str | None = None,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    """Open the sign-in page, then post the form with its token (no redirect followed)."""
    url = base + "/login" + (f"?next={next_}" if next_ is not None else "")
    page = s.get(url, timeout=10, headers=headers)
    return s.post(
        url,
        data={"username": name, "password": password, "csrf": form_token(page.text)},
        allow_redirects=False,
        timeout=30,
        headers=headers,
    )


def user_command(*args: str, password: str | None = None) -> subprocess.CompletedProcess:
    """``partnergraph user ...`` in its own process, as an administrator runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if password:
        env["PARTNERGRAPH_NEW_PASSWORD"] = password
    done = subprocess.run(
        [sys.executable, "-m", "partnergraph", "user", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done
