"""Sign-in and roles for the explorer.

Two ways to sign in, both through maintained libraries:

* **OpenID Connect** with the council's identity provider: dash-auth's ``OIDCAuth`` (authlib);
  the user's groups claim is mapped to roles (``PARTNERGRAPH_OIDC_ROLE_MAP``).
* **A local users file** for councils without one: YAML with each user's password hash
  (``werkzeug.security``: scrypt) and roles, written by ``partnergraph user add``; a sign-in
  form at ``/login``.

Roles (:data:`ROLES`): ``viewer`` reads every page; ``editor`` also records reviews and
activities; ``analyst`` also uses the Cypher console; ``admin`` does everything. They are enforced
on the server for every request: pages, assets and downloads need a signed-in user; a Dash
callback whose inputs or outputs include a protected component (:data:`COMPONENT_ROLES`, and
each page module's own ``ROLES``) is refused with 403 for a user without the role, whatever the
browser shows or sends.

Without sign-in (``serve`` on 127.0.0.1 only) the one local user has every role.
"""

from __future__ import annotations

import getpass
import os
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import dash
import yaml
from dash_auth.auth import Auth
from flask import Response, current_app, has_request_context, redirect, request, session
from werkzeug.security import check_password_hash, generate_password_hash

from graphmodel.errors import PartnerGraphError

__all__ = [
    "ROLES",
    "COMPONENT_ROLES",
    "AuthSettings",
    "UsersFile",
    "install_auth",
    "current_user",
    "has_role",
    "require_role",
    "roles_for",
    "signed_in_line",
]

#: each role and the roles it includes
ROLES: dict[str, frozenset[str]] = {
    "viewer": frozenset({"viewer"}),
    "editor": frozenset({"viewer", "editor"}),
    "analyst": frozenset({"viewer", "analyst"}),
    "admin": frozenset({"viewer", "editor", "analyst", "admin"}),
}

#: component ids (or id prefixes ending in ``-``) and the role a callback touching them needs;
#: page modules add their own with a ``ROLES`` dict of the same shape
COMPONENT_ROLES: dict[str, str] = {
    "btn-cypher": "analyst",
    "cypher-": "analyst",
    "rec-": "editor",  # the monitoring forms that record reviews, activities and actions
}

LOCAL_USER = "local"


class AuthError(PartnerGraphError):
    """Sign-in is misconfigured (users file, identity provider settings)."""


def roles_for(granted: Iterable[str]) -> frozenset[str]:
    """Every role that ``granted`` roles include (unknown names give nothing)."""
    out: set[str] = set()
    for r in granted:
        out |= ROLES.get(str(r).strip().lower(), frozenset())
    return frozenset(out)


# -- the users file ---------------------------------------------------------------------------


@dataclass
class UsersFile:
    """``users: [{name, password_hash, roles: [...]}, ...]`` in a YAML file."""

    path: Path
    users: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: str | Path) -> UsersFile:
        path = Path(path)
        if not path.exists():
            return cls(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise AuthError(f"{path}: cannot read the users file ({exc})") from exc
        users = {}
        for i, entry in enumerate(data.get("users") or [], start=1):
            if not isinstance(entry, dict) or not entry.get("name"):
                raise AuthError(f"{path}: user {i} has no name")
            if not str(entry.get("password_hash", "")).startswith(("scrypt:", "pbkdf2:")):
                raise AuthError(
                    f"{path}: user {entry['name']!r} has no password hash; "
                    f"set one with: partnergraph user add {entry['name']} --users-file {path}"
                )
            bad = [r for r in entry.get("roles") or [] if r not in ROLES]
            if bad or not entry.get("roles"):
                raise AuthError(
                    f"{path}: user {entry['name']!r} has roles {entry.get('roles')!r}; "
                    f"give one or more of {', '.join(ROLES)}"
                )
            users[str(entry["name"])] = entry
        return cls(path, users)

    def set_user(self, name: str, password: str, roles: list[str]) -> None:
        self.users[name] = {
            "name": name,
            "password_hash": generate_password_hash(password),
            "roles": roles,
        }

    def write(self) -> None:
        from graphmodel.safety.atomic import write_text_atomic

        text = yaml.safe_dump({"users": list(self.users.values())}, sort_keys=False)
        write_text_atomic(self.path, text)
        os.chmod(self.path, 0o600)

    def check(self, name: str, password: str) -> list[str] | None:
        """The user's roles if ``password`` is theirs, else ``None`` (same work either way)."""
        entry = self.users.get(name)
        stored = entry["password_hash"] if entry else _DUMMY_HASH
        ok = check_password_hash(stored, password)
        return list(entry["roles"]) if entry and ok else None


_DUMMY_HASH = generate_password_hash(secrets.token_hex(8))


# -- settings ---------------------------------------------------------------------------------


@dataclass
class AuthSettings:
    """How people sign in; from ``serve``'s options and the environment."""

    users_file: Path | None = None
    oidc_metadata_url: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_role_map: dict[str, str] = field(default_factory=dict)
    oidc_groups_claim: str = "groups"
    secret_key: str | None = None
    session_minutes: int = 480
    secure_cookies: bool = True

    @property
    def enabled(self) -> bool:
        return bool(self.users_file or self.oidc_metadata_url)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> AuthSettings:
        env = os.environ if env is None else env
        role_map = {}
        for pair in (env.get("PARTNERGRAPH_OIDC_ROLE_MAP") or "").split(","):
            group, eq, role = pair.partition("=")
            if eq:
                role_map[group.strip()] = role.strip()
        settings = cls(
            users_file=Path(env["PARTNERGRAPH_USERS_FILE"])
            if env.get("PARTNERGRAPH_USERS_FILE")
            else None,
            oidc_metadata_url=env.get("PARTNERGRAPH_OIDC_METADATA_URL") or None,
            oidc_client_id=env.get("PARTNERGRAPH_OIDC_CLIENT_ID") or None,
            oidc_client_secret=env.get("PARTNERGRAPH_OIDC_CLIENT_SECRET") or None,
            oidc_role_map=role_map,
            oidc_groups_claim=env.get("PARTNERGRAPH_OIDC_GROUPS_CLAIM") or "groups",
            secret_key=env.get("PARTNERGRAPH_SECRET_KEY") or None,
        )
        for k, v in overrides.items():
            if v is not None:
                setattr(settings, k, v)
        return settings


# -- who is asking ----------------------------------------------------------------------------


def current_user() -> str:
    """The signed-in user's name (``local`` when the server runs without sign-in).

    Every write records it.
    """
    if not session_auth_enabled():
        return f"{LOCAL_USER}:{_os_user()}"
    user = session.get("user") or {}
    return str(user.get("name") or user.get("email") or user.get("sub") or "?")


def has_role(role: str) -> bool:
    """Whether the user asking now has ``role`` (always, without sign-in)."""
    if not session_auth_enabled():
        return True
    return role in roles_for((session.get("user") or {}).get("roles") or [])


def signed_in_line():
    """The "Signed in as NAME (roles) · Sign out" line atop each page; ``None`` without sign-in."""
    from dash import html

    if not session_auth_enabled() or "user" not in session:
        return None
    roles = sorted((session.get("user") or {}).get("roles") or [])
    return html.Div(
        [
            f"Signed in as {current_user()} ({', '.join(roles) or 'no role'}) · ",
            html.A("Sign out", href="/logout"),
        ],
        className="signed-in",
    )


def require_role(role: str):
    """Decorate a callback (or any function run in a request) so it runs only for ``role``.

    A refused call raises :class:`PermissionError`; use it on write entry points in addition
    to the component check made for every callback.
    """

    def wrap(func):
        def guarded(*args, **kwargs):
            if not has_role(role):
                raise PermissionError(f"{current_user()} does not have the {role} role")
            return func(*args, **kwargs)

        guarded.__name__ = func.__name__
        guarded.__doc__ = func.__doc__
        return guarded

    return wrap


def session_auth_enabled() -> bool:
    """Whether this request is served with sign-in (outside a request: no)."""
    return has_request_context() and bool(current_app.config.get("PARTNERGRAPH_AUTH"))


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


# -- installing it on the app -----------------------------------------------------------------


class _LocalUsersAuth(Auth):
    """dash-auth's protection (every route but the public ones) with a sign-in form."""

    def __init__(self, app: dash.Dash, users: UsersFile):
        self.users = users
        super().__init__(app, public_routes=["/login", "/logout"])
        server = app.server
        server.add_url_rule("/login", "pg_login", self.login_form, methods=["GET", "POST"])
        server.add_url_rule("/logout", "pg_logout", _logout, methods=["GET", "POST"])

    def is_authorized(self) -> bool:
        return "user" in session

    def login_request(self):
        if request.path.startswith("/_dash"):
            return Response("Sign in first: your session has ended.", status=401)
        return redirect("/login?next=" + quote(_safe_next(request.full_path), safe="/"))

    def login_form(self):
        error = ""
        if request.method == "POST":
            name = request.form.get("username", "")[:200]
            roles = self.users.check(name, request.form.get("password", "")[:1000])
            if roles is not None:
                session.clear()
                session.permanent = True
                session["user"] = {"name": name, "roles": roles, "since": time.time()}
                return redirect(_safe_next(request.args.get("next")))
            error = "<p role='alert' class='error'>Wrong name or password.</p>"
            time.sleep(0.5)  # slows guessing
        return Response(_login_page(error), mimetype="text/html")


def _logout():
    session.clear()
    return redirect("/login")


def _safe_next(target: str | None) -> str:
    # only a path on this server: never an open redirect to another site
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target.rstrip("?") or "/"


def _login_page(error: str) -> str:
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
        "<label>Name <input name='username' autocomplete='username' required autofocus></label>"
        "<label>Password <input name='password' type='password' "
        "autocomplete='current-password' required></label>"
        "<button type='submit'>Sign in</button></form></main></body></html>"
    )


def _oidc(app: dash.Dash, settings: AuthSettings) -> None:
    from dash_auth import OIDCAuth

    if not (settings.oidc_client_id and settings.oidc_client_secret):
        raise AuthError(
            "PARTNERGRAPH_OIDC_METADATA_URL is set but PARTNERGRAPH_OIDC_CLIENT_ID or "
            "PARTNERGRAPH_OIDC_CLIENT_SECRET is not: register partnergraph with your identity "
            "provider and set both"
        )
    auth = OIDCAuth(
        app,
        secret_key=app.server.secret_key,
        force_https_callback=settings.secure_cookies,
        log_signins=True,
        secure_session=settings.secure_cookies,
    )
    auth.register_provider(
        "idp",
        token_endpoint_auth_method="client_secret_post",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=settings.oidc_metadata_url,
        client_kwargs={"scope": "openid email profile"},
    )
    claim, role_map = settings.oidc_groups_claim, settings.oidc_role_map

    @app.server.before_request
    def oidc_roles():
        # the identity provider's groups become our roles, once per sign-in
        user = session.get("user")
        if user and "roles" not in user:
            groups = user.get(claim) or []
            groups = groups.split(",") if isinstance(groups, str) else groups
            user["roles"] = sorted({role_map[g] for g in groups if g in role_map})
            user["since"] = time.time()
            user.setdefault("name", user.get("email") or user.get("sub"))
            session["user"] = user
            session.permanent = True


def install_auth(app: dash.Dash, settings: AuthSettings, page_roles: Mapping[str, str]) -> None:
    """Require sign-in on every route of ``app`` and roles on protected callbacks."""
    if not settings.enabled:
        return
    server = app.server
    server.secret_key = settings.secret_key or secrets.token_hex(32)
    server.config.update(
        PARTNERGRAPH_AUTH=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="partnergraph_session",
        PERMANENT_SESSION_LIFETIME=settings.session_minutes * 60,
    )
    max_age = settings.session_minutes * 60

    @server.before_request
    def session_expiry():
        # a session ends max_age after sign-in, used or not (the cookie also expires unused)
        user = session.get("user")
        if user and user.get("since") and time.time() - user["since"] > max_age:
            session.clear()

    if settings.oidc_metadata_url:
        _oidc(app, settings)
    else:
        users = UsersFile.read(settings.users_file)
        if not users.users:
            raise AuthError(
                f"{settings.users_file}: no users yet; add one with: partnergraph user add NAME "
                f"--role admin --users-file {settings.users_file}"
            )
        _LocalUsersAuth(app, users)
    protected = {**COMPONENT_ROLES, **page_roles}

    @server.before_request
    def callback_roles():
        if "user" not in session:
            # dash-auth leaves the layout public, and lets a callback through when its pathname
            # input is a public route (for apps with public pages); no page of ours is public
            if request.path in ("/_dash-layout", "/_dash-dependencies", "/_dash-update-component"):
                return Response("Sign in first.", status=401, mimetype="text/plain")
            return None
        if request.path in ("/login", "/logout"):
            return None
        if not has_role("viewer"):
            return Response(
                f"{current_user()} is signed in but has no partnergraph role; ask an admin.",
                status=403,
                mimetype="text/plain",
            )
        if request.path != "/_dash-update-component":
            return None
        body = request.get_json(silent=True) or {}
        needed = {
            role
            for cid in _component_ids(body)
            for key, role in protected.items()
            if cid == key or (key.endswith("-") and cid.startswith(key))
        }
        missing = [r for r in sorted(needed) if not has_role(r)]
        if missing:
            return Response(
                f"Refused: this needs the {', '.join(missing)} role.",
                status=403,
                mimetype="text/plain",
            )
        return None


def _component_ids(body: dict[str, Any]) -> set[str]:
    """Every component id a callback request names: its outputs, inputs and states."""
    ids: set[str] = set()
    out = str(body.get("output") or "")
    for part in out.strip(".").split("..."):
        ids.add(part.rsplit(".", 1)[0].lstrip("."))
    for item in list(body.get("inputs") or []) + list(body.get("state") or []):
        for entry in item if isinstance(item, list) else [item]:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                ids.add(entry["id"])
    return ids
