"""Sign-in and roles for the explorer.

Two ways to sign in, both through maintained libraries:

* **OpenID Connect** with the council's identity provider: dash-auth's ``OIDCAuth`` (authlib);
  the user's groups claim is mapped to roles (``PARTNERGRAPH_OIDC_ROLE_MAP``).
* **A local users file** for councils without one: YAML with each user's password hash
  (``werkzeug.security``: scrypt) and roles, written by ``partnergraph user add``; a sign-in
  form at ``/login`` (:mod:`webapp.signin`: token, origin check, lockouts, bounded hashing).
  The running server reads the file again when it changes (:mod:`webapp.accounts`).

Sessions are kept on the server (:mod:`webapp.sessions`): the cookie holds only an id; signing
out, an idle or absolute timeout, or a change to the user's password or roles ends the session,
checked on every request.

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
import logging
import os
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dash
from flask import Response, current_app, g, has_request_context, redirect, request, session

from .accounts import AuthError, LiveUsers, UsersFile, fingerprint
from .request_limits import install_request_limits
from .sessions import SessionStore, SignedIn
from .signin import PUBLIC_PATHS, LocalUsersAuth

__all__ = [
    "ROLES",
    "COMPONENT_ROLES",
    "AuthError",
    "AuthSettings",
    "UsersFile",
    "install_auth",
    "current_user",
    "has_role",
    "require_role",
    "roles_for",
    "signed_in_line",
    "ANONYMOUS_MAX_BYTES",
]

log = logging.getLogger("partnergraph.web")

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

#: the largest body accepted from someone not signed in (the sign-in form is far smaller)
ANONYMOUS_MAX_BYTES = 16 * 1024


def roles_for(granted: Iterable[str]) -> frozenset[str]:
    """Every role that ``granted`` roles include (unknown names give nothing)."""
    out: set[str] = set()
    for r in granted:
        out |= ROLES.get(str(r).strip().lower(), frozenset())
    return frozenset(out)


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
    idle_minutes: int = 60
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


def _signed_in() -> SignedIn | None:
    return g.get("pg_user") if has_request_context() else None


def current_user() -> str:
    """The signed-in user's name (``local`` when the server runs without sign-in).

    Every write records it.
    """
    if not session_auth_enabled():
        return f"{LOCAL_USER}:{_os_user()}"
    user = _signed_in()
    return user.name if user else "?"


def has_role(role: str) -> bool:
    """Whether the user asking now has ``role`` (always, without sign-in)."""
    if not session_auth_enabled():
        return True
    user = _signed_in()
    return bool(user) and role in roles_for(user.roles)


def signed_in_line():
    """The "Signed in as NAME (roles) · Sign out" line atop each page; ``None`` without sign-in."""
    from dash import html

    user = _signed_in()
    if not session_auth_enabled() or user is None:
        return None
    roles = sorted(user.roles)
    return html.Div(
        [
            f"Signed in as {user.name} ({', '.join(roles) or 'no role'}) · ",
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


def _oidc(app: dash.Dash, settings: AuthSettings, sessions: SessionStore) -> None:
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

    def oidc_session() -> None:
        # dash-auth's callback leaves the provider's userinfo in the cookie: once, turn it into
        # a server-side session whose roles are the user's groups mapped through the role map
        user = session.get("user")
        if not isinstance(user, dict) or "sid" in session:
            return
        groups = user.get(claim) or []
        groups = groups.split(",") if isinstance(groups, str) else groups
        roles = tuple(sorted({role_map[g] for g in groups if g in role_map}))
        name = str(user.get("email") or user.get("name") or user.get("sub") or "?")
        entry = SignedIn(name, roles, fingerprint("oidc", roles))
        session["user"] = {"name": name}  # dash-auth's sign of a signed-in user
        session["sid"] = sessions.start(entry)
        g.pg_user = entry

    app.server.extensions["partnergraph_oidc_session"] = oidc_session


def install_auth(app: dash.Dash, settings: AuthSettings, page_roles: Mapping[str, str]) -> None:
    """Require sign-in on every route of ``app`` and roles on protected callbacks.

    Also (with sign-in or without) the JSON nesting limit and ``no-store`` on every response
    that is not a static file (:mod:`webapp.request_limits`). In order: the session cookie and
    store, the way to sign in (identity provider or users file), the session check first of all
    checks on every request, ``/logout``, then the role check.
    """
    install_request_limits(app)
    if not settings.enabled:
        return
    server = app.server
    sessions = _session_store(server, settings)
    if settings.oidc_metadata_url:
        _oidc(app, settings, sessions)
        users = None
    else:
        users = _local_users(app, settings, sessions)
    checks = server.before_request_funcs.setdefault(None, [])
    checks.insert(0, _session_check(server, sessions, users))
    server.add_url_rule("/logout", "pg_logout", _logout(sessions), methods=["GET", "POST"])
    server.before_request(_role_check({**COMPONENT_ROLES, **page_roles}))


def _session_store(server, settings: AuthSettings) -> SessionStore:
    """The session cookie's settings, and the server-side store of sessions it points into."""
    server.secret_key = settings.secret_key or secrets.token_hex(32)
    server.config.update(
        PARTNERGRAPH_AUTH=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="partnergraph_session",
    )
    sessions = SessionStore(idle=settings.idle_minutes * 60, absolute=settings.session_minutes * 60)
    server.extensions["partnergraph_sessions"] = sessions
    return sessions


def _local_users(app: dash.Dash, settings: AuthSettings, sessions: SessionStore) -> LiveUsers:
    """Sign-in from the users file (refused when it holds no user yet)."""
    users = LiveUsers(settings.users_file)
    if not users.current().users:
        raise AuthError(
            f"{settings.users_file}: no users yet; add one with: partnergraph user add NAME "
            f"--role admin --users-file {settings.users_file}"
        )
    LocalUsersAuth(app, users, sessions)
    return users


def _session_check(server, sessions: SessionStore, users: LiveUsers | None):
    """The first check on every request: who is asking, from a live session. A request
    without one gets only the public routes, with a small body."""

    def current_fingerprint(entry: SignedIn) -> str | None:
        if users is None:  # the identity provider vouched for the roles at sign-in
            return entry.fingerprint
        return users.current().fingerprint(entry.name)

    def who_is_asking():
        # first of all checks, before anything reads the body: a request without a live
        # session gets only the public routes, with a small body
        g.pg_user = None
        sid = session.get("sid")
        if sid is not None:
            g.pg_user = sessions.resolve(sid, current_fingerprint)
            if g.pg_user is None:
                session.clear()  # ended: signed out, timed out, or the account changed
        if g.pg_user is None and "partnergraph_oidc_session" in server.extensions:
            server.extensions["partnergraph_oidc_session"]()
        if g.pg_user is not None:
            if request.path == "/oidc/logout":
                sessions.end(sid)
            return None
        request.max_content_length = ANONYMOUS_MAX_BYTES
        if (request.content_length or 0) > ANONYMOUS_MAX_BYTES:
            if request.path in PUBLIC_PATHS:
                text, status = "Refused: this is larger than a sign-in form can be.", 413
            else:
                text, status = "Sign in first.", 401
            return Response(text, status=status, mimetype="text/plain")
        if request.path.startswith("/_dash"):
            # dash-auth leaves the layout public, and lets a callback through when its pathname
            # input is a public route (for apps with public pages); no page of ours is public
            # a page open in a browser whose session ended (signed out, timed out, the account
            # removed or changed): assets/session.js shows the person that nothing was done
            return Response(
                "Sign in first: this browser's session has ended (signed out, timed out, or the "
                "account changed). Nothing was done.",
                status=401,
                mimetype="text/plain",
            )
        return None

    return who_is_asking


def _logout(sessions: SessionStore):
    """``/logout``: the session ended on the server and the cookie cleared."""

    def logout():
        sessions.end(session.get("sid"))
        session.clear()
        return redirect("/login")

    return logout


def _role_check(protected: dict[str, str]):
    """The check after sign-in: a user needs the viewer role for anything, and a callback
    touching a protected component (``protected``: id or id prefix -> role) needs its role."""

    def callback_roles():
        if _signed_in() is None or request.path in PUBLIC_PATHS:
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

    return callback_roles


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
