"""The sign-in form at ``/login``, and what it does against the obvious attacks.

* **Another site's form is refused**: the form carries a one-time token kept in the visitor's
  cookie (a form posted from elsewhere has none), and a request whose ``Origin`` (or, without
  one, ``Referer``) names another host is refused.
* **Guessing is stopped**: :data:`ACCOUNT_POLICY` wrong passwords for one name within its window
  pause sign-in to that name for its lock time, even with the right password, and say so; the
  same for one network address (:data:`ADDRESS_POLICY`, higher: a council office shares one).
  ``partnergraph user unlock NAME`` lifts an account's pause on a running server.
* **Password checks cannot starve the server**: each check (scrypt, ~0.1 s of a core) runs only
  with one of a few slots (:class:`PasswordChecks`); when all are busy the answer is HTTP 429 at
  once, so a flood of sign-ins leaves the request threads free for signed-in users.
* **``next`` only goes to a page of this site** (:func:`safe_next`); anything else goes to ``/``.

:class:`LocalUsersAuth` puts the form on the app (``webapp.auth.install_auth`` does, for a users
file) and signs a person in from it.
"""

from __future__ import annotations

import html
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import dash
from dash_auth.auth import Auth
from flask import Response, g, has_request_context, redirect, request, session
from werkzeug.security import check_password_hash, generate_password_hash

from .accounts import MAX_NAME, MAX_PASSWORD, LiveUsers, UsersFile
from .sessions import SessionStore, SignedIn

__all__ = [
    "Policy",
    "ACCOUNT_POLICY",
    "ADDRESS_POLICY",
    "Lockouts",
    "PasswordChecks",
    "BUSY",
    "safe_next",
    "from_this_site",
    "csrf_token",
    "csrf_ok",
    "login_page",
    "LocalUsersAuth",
    "PUBLIC_PATHS",
]

log = logging.getLogger("partnergraph.web")

#: routes open without signing in
PUBLIC_PATHS = ("/login", "/logout")


@dataclass(frozen=True)
class Policy:
    """``failures`` wrong passwords within ``window`` seconds pause sign-in for ``lock`` s."""

    failures: int
    window: float
    lock: float


ACCOUNT_POLICY = Policy(failures=10, window=10 * 60, lock=15 * 60)
ADDRESS_POLICY = Policy(failures=30, window=10 * 60, lock=15 * 60)


class Lockouts:
    """Recent wrong passwords per key (a name, or an address), and the pauses they caused.

    Kept in the server's memory (a restart forgets them), at most ``max_keys`` keys.
    """

    def __init__(self, policy: Policy, max_keys: int = 50_000):
        self.policy = policy
        self.max_keys = max_keys
        self._failures: dict[str, list[float]] = {}
        self._locks: dict[str, tuple[float, float]] = {}  # key: (from, until)
        self._lock = threading.Lock()

    def locked_until(self, key: str, since: float = 0.0) -> float | None:
        """When ``key``'s pause ends, ``None`` if it is not paused (a pause begun before
        ``since``, the time it was lifted, does not count)."""
        now = time.time()
        with self._lock:
            start, until = self._locks.get(key, (0.0, 0.0))
            return until if until > now and start > since else None

    def failed(self, key: str, since: float = 0.0) -> float | None:
        """Count a wrong password for ``key``; when this one starts a pause, its end."""
        now, p = time.time(), self.policy
        with self._lock:
            recent = [t for t in self._failures.get(key, ()) if t > now - p.window and t > since]
            recent.append(now)
            if len(recent) >= p.failures:
                self._failures.pop(key, None)
                self._locks[key] = (now, now + p.lock)
                self._trim(now)
                return now + p.lock
            self._failures[key] = recent
            self._trim(now)
            return None

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
            self._locks.pop(key, None)

    def _trim(self, now: float) -> None:
        if len(self._failures) + len(self._locks) <= self.max_keys:
            return
        for key in [k for k, (_, until) in self._locks.items() if until <= now]:
            del self._locks[key]
        for key in [k for k, ts in self._failures.items() if ts[-1] <= now - self.policy.window]:
            del self._failures[key]
        while len(self._failures) > self.max_keys // 2:  # a flood of names: oldest go first
            del self._failures[next(iter(self._failures))]


#: what :meth:`PasswordChecks.check` answers when every slot is busy
BUSY = object()

_DUMMY_HASH = generate_password_hash(secrets.token_hex(8))


class PasswordChecks:
    """Password hashing on a bounded number of slots (default: half the cores, at least one)."""

    def __init__(self, slots: int | None = None, wait: float = 0.25):
        self.slots = slots or max(1, (os.cpu_count() or 2) // 2)
        self.wait = wait
        self._sem = threading.BoundedSemaphore(self.slots)

    def check(self, users: UsersFile, name: str, password: str):
        """The user's roles if ``password`` is theirs, ``None`` if not, :data:`BUSY` if no slot
        came free within ``wait`` seconds. An unknown name costs the same work as a known one."""
        if not self._sem.acquire(timeout=self.wait):
            return BUSY
        try:
            entry = users.users.get(name)
            ok = check_password_hash(entry["password_hash"] if entry else _DUMMY_HASH, password)
        finally:
            self._sem.release()
        return list(entry["roles"]) if entry and ok else None


def safe_next(target: str | None) -> str:
    """``target`` if it is a path on this site, else ``/`` (never another site, never a header
    that cannot be sent: no control characters, spaces or backslashes, which browsers strip or
    turn into ``/``)."""
    if not target or len(target) > 2000 or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path in ("/login", "/logout"):
        return "/"
    # non-ASCII letters are sent %-encoded; what is already %-encoded stays as it is
    return quote(target.rstrip("?"), safe="/?&=%:@!$'()*+,;~-._#") or "/"


def from_this_site() -> bool:
    """Whether a form post came from a page of this site, by its ``Origin`` (or ``Referer``).

    A request naming neither (not a browser, or a very old one) passes here: the form's token
    still has to match. Hosts are compared without the port (a proxy may change it)."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if source is None:
        return True
    if source == "null":  # a sandboxed frame, or a redirect from another site
        return False
    try:
        theirs = urlsplit(source).hostname
        ours = urlsplit("//" + request.host).hostname
    except ValueError:
        return False
    return bool(theirs) and theirs == ours


def csrf_token() -> str:
    """The sign-in form's token for this browser (made on first sight, kept in its cookie)."""
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_ok() -> bool:
    expected, given = session.get("csrf"), request.form.get("csrf", "")
    return isinstance(expected, str) and secrets.compare_digest(expected, given)


def until_text(until: float) -> str:
    """``08:31 UTC (15 minutes)``: when a pause ends, and how far off that is."""
    minutes = max(1, round((until - time.time()) / 60))
    clock = time.strftime("%H:%M", time.gmtime(until))
    return f"{clock} UTC (in {minutes} minute{'s' if minutes != 1 else ''})"


def login_page(message: str = "", name: str = "") -> str:
    """The sign-in page; ``message`` (plain words) is shown above the form as an alert."""
    error = f"<p role='alert' class='error'>{html.escape(message)}</p>" if message else ""
    value = f" value='{html.escape(name, quote=True)}'" if name else ""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Sign in: partnergraph</title><style>"
        "body{font-family:system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}"
        ".login{max-width:22rem;margin:12vh auto;background:#fff;padding:2rem;"
        "border-radius:8px;box-shadow:0 1px 4px #0002}"
        ".login label{display:block;margin:.8rem 0}.login input{display:block;width:100%;"
        "padding:.5rem;margin-top:.3rem;box-sizing:border-box;font-size:1rem}"
        ".login button{padding:.55rem 1.2rem;font-size:1rem}.error{color:#a3001b}"
        "</style></head><body><main class='login'><h1>partnergraph</h1><h2>Sign in</h2>"
        f"{error}<form method='post'>"
        f"<input type='hidden' name='csrf' value='{html.escape(csrf_token(), quote=True)}'>"
        f"<label>Name <input name='username' autocomplete='username' required autofocus"
        f"{value}></label>"
        "<label>Password <input name='password' type='password' "
        "autocomplete='current-password' required></label>"
        "<button type='submit'>Sign in</button></form></main></body></html>"
    )


# -- the sign-in form on the app ----------------------------------------------------------------


class LocalUsersAuth(Auth):
    """dash-auth's protection (every route but the public ones) with a sign-in form."""

    def __init__(self, app: dash.Dash, users: LiveUsers, sessions: SessionStore):
        self.users = users
        self.sessions = sessions
        self.by_name = Lockouts(ACCOUNT_POLICY)
        self.by_address = Lockouts(ADDRESS_POLICY)
        self.checks = PasswordChecks()
        super().__init__(app, public_routes=list(PUBLIC_PATHS))
        app.server.add_url_rule("/login", "pg_login", self.login_form, methods=["GET", "POST"])

    def is_authorized(self) -> bool:
        return has_request_context() and g.get("pg_user") is not None

    def login_request(self):
        if request.path.startswith("/_dash"):
            return Response("Sign in first: your session has ended.", status=401)
        return redirect("/login?next=" + quote(safe_next(request.full_path), safe="/"))

    def login_form(self):
        if request.method == "GET":
            return _page()
        if not from_this_site():
            log.warning("sign-in refused: posted from %s", request.headers.get("Origin"))
            return _page("Refused: this sign-in form was sent from another site.", 403)
        if not csrf_ok():
            return _page("This sign-in form had expired. Please sign in again.", 400)
        name = request.form.get("username", "")
        password = request.form.get("password", "")
        address = request.remote_addr or "unknown"
        users = self.users.current()
        if self.users.problem:
            return _page(
                "Signing in is not possible just now: the server cannot read its users file. "
                "Please tell an administrator.",
                503,
            )
        since = users.unlocked_at(name)
        paused = self.by_name.locked_until("name:" + name, since)
        if paused:
            return _page(_paused_for_name(name, paused), 429, name)
        paused = self.by_address.locked_until("address:" + address)
        if paused:
            return _page(_paused_for_address(paused), 429, name)
        if len(name) > MAX_NAME or len(password) > MAX_PASSWORD:
            roles = None  # no such account: counted as a wrong password, without hashing
        else:
            roles = self.checks.check(users, name, password)
        if roles is BUSY:
            response = _page("The server is busy checking other sign-ins. Try again shortly.", 429)
            response.headers["Retry-After"] = "5"
            return response
        if roles is None:
            log.warning("wrong password for %r from %s", name[:MAX_NAME], address)
            name_paused = self.by_name.failed("name:" + name, since)
            address_paused = self.by_address.failed("address:" + address)
            if name_paused:
                log.warning(
                    "signing in as %r paused until %s", name[:MAX_NAME], until_text(name_paused)
                )
                return _page(_paused_for_name(name, name_paused), 429, name)
            if address_paused:
                log.warning(
                    "signing in from %s paused until %s", address, until_text(address_paused)
                )
                return _page(_paused_for_address(address_paused), 429, name)
            return _page("Wrong name or password.", 200, name)
        self.by_name.clear("name:" + name)
        entry = SignedIn(name, tuple(roles), users.fingerprint(name) or "")
        session.clear()  # a new session, nothing carried over from before signing in
        session["sid"] = self.sessions.start(entry)
        g.pg_user = entry
        log.info("%s signed in from %s", name, address)
        return redirect(safe_next(request.args.get("next")))


def _page(message: str = "", status: int = 200, name: str = "") -> Response:
    return Response(login_page(message, name[:MAX_NAME]), status=status, mimetype="text/html")


def _paused_for_name(name: str, until: float) -> str:
    p = ACCOUNT_POLICY
    return (
        f"Signing in as {name[:MAX_NAME]} is paused until {until_text(until)}: "
        f"{p.failures} wrong passwords in {p.window // 60:.0f} minutes. Try again then, or ask "
        f"an administrator to lift it (partnergraph user unlock {name[:MAX_NAME]})."
    )


def _paused_for_address(until: float) -> str:
    p = ADDRESS_POLICY
    return (
        f"Signing in from your network address is paused until {until_text(until)}: "
        f"{p.failures} wrong passwords from it in {p.window // 60:.0f} minutes. Try again then."
    )
