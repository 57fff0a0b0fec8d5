"""Serving the explorer: the production server (waitress) or, with ``--dev``, Flask's.

:func:`secure_app` adds what every request needs (:mod:`webapp.security`) and sign-in with
roles (:mod:`webapp.auth`); :func:`check_bind` refuses to listen beyond this machine without
sign-in; :func:`run` serves.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping, Sequence

import dash

from graphmodel.errors import PartnerGraphError

from .auth import AuthSettings, install_auth
from .request_limits import trust_proxy
from .security import LOOPBACK_NAMES, harden, refuse_unknown_callbacks

__all__ = ["secure_app", "check_bind", "default_allowed_hosts", "is_loopback", "run"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address only this machine can reach."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, auth: AuthSettings) -> None:
    """Refuse to listen beyond this machine without sign-in, saying how to set it up."""
    if is_loopback(host) or auth.enabled:
        return
    raise PartnerGraphError(
        f"refusing to listen on {host}: anyone on the network could read everything. "
        "Set up sign-in first, either\n"
        "  a users file:  partnergraph user add NAME --role admin --users-file users.yaml\n"
        "                 then serve with --users-file users.yaml "
        "(or PARTNERGRAPH_USERS_FILE), or\n"
        "  your identity provider (OpenID Connect): set PARTNERGRAPH_OIDC_METADATA_URL, "
        "PARTNERGRAPH_OIDC_CLIENT_ID, PARTNERGRAPH_OIDC_CLIENT_SECRET and "
        "PARTNERGRAPH_OIDC_ROLE_MAP.\n"
        "Set PARTNERGRAPH_SECRET_KEY too (it signs the session cookie). "
        "Or serve on 127.0.0.1 (the default) for this machine only."
    )


def default_allowed_hosts(host: str) -> list[str]:
    """The names browsers may use: loopback names, and for a network address the machine's
    own names and that address."""
    names = list(LOOPBACK_NAMES)
    if not is_loopback(host):
        names += [socket.gethostname(), socket.getfqdn()]
        if host not in ("0.0.0.0", "::", ""):
            names.append(host)
    return sorted(set(names))


def secure_app(
    app: dash.Dash,
    *,
    auth: AuthSettings,
    allowed_hosts: Sequence[str] | None,
    max_request_bytes: int,
    page_roles: Mapping[str, str] | None = None,
    trusted_proxy: bool = False,
) -> dash.Dash:
    """``app`` with the request checks, security headers, error page, sign-in and roles.

    ``trusted_proxy``: every request comes through one reverse proxy, whose
    ``X-Forwarded-Proto`` and ``X-Forwarded-For`` are believed (:func:`trust_proxy`)."""
    if trusted_proxy:
        trust_proxy(app)
    harden(app, allowed_hosts=allowed_hosts, max_request_bytes=max_request_bytes)
    install_auth(app, auth, page_roles or {})
    refuse_unknown_callbacks(app)
    return app


def run(
    app: dash.Dash,
    *,
    host: str,
    port: int,
    threads: int = 8,
    dev: bool = False,
    debug: bool = False,
    max_request_bytes: int = 4 * 1024 * 1024,
    trusted_proxy: bool = False,
) -> None:
    """Serve ``app`` until interrupted: waitress with ``threads`` worker threads, or with
    ``dev`` Flask's development server (``debug`` reloads on code changes; tracebacks still
    only go to the terminal)."""
    if dev:
        # Dash's and Flask's debug modes both answer errors with the traceback (Werkzeug's
        # debugger page); --debug only restarts the server when the code changes.
        app.run(host=host, port=port, debug=False, use_reloader=debug)
        return
    from waitress import serve

    serve(
        app.server,
        host=host,
        port=port,
        threads=threads,
        max_request_body_size=max_request_bytes,
        ident="partnergraph",
        # behind a trusted proxy its X-Forwarded-* headers reach ProxyFix; otherwise dropped
        clear_untrusted_proxy_headers=not trusted_proxy,
    )
