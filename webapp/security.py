"""What the explorer's web server does for every request, whoever serves it.

:func:`harden` adds to the app's Flask server:

* a cap on the request size (``MAX_CONTENT_LENGTH``: a bigger body is refused with 413 before
  it is read);
* a Host-header check against the configured names (Flask's ``TRUSTED_HOSTS``: any other is
  refused with 400), which stops DNS rebinding;
* the usual security headers (a content security policy, no framing, no sniffing, no
  referrer, no caching of callback answers; HSTS when the request came over HTTPS);
* an error page for anything unexpected: a short message with a reference that is also in the
  server log, never a traceback.

:func:`callback_error` is the Dash app's ``on_error``: a callback that fails leaves the page as
it was and shows, under the header, a message with the log reference.
"""

from __future__ import annotations

import html
import logging
import uuid
from collections.abc import Iterable

import dash
from flask import Response, request
from werkzeug.exceptions import HTTPException

__all__ = [
    "harden",
    "refuse_unknown_callbacks",
    "callback_error",
    "error_reference",
    "LOOPBACK_NAMES",
]

log = logging.getLogger("partnergraph.web")

#: names a browser on the same machine uses
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def error_reference(exc: BaseException, where: str) -> str:
    """Log ``exc`` with its traceback under a new short reference, and return the reference."""
    ref = uuid.uuid4().hex[:8]
    log.error("%s failed [ref %s]", where, ref, exc_info=exc)
    return ref


def callback_error(exc: Exception) -> None:
    """Dash ``on_error``: log the failure, leave the outputs as they were, say so in the notice."""
    if isinstance(exc, PermissionError):  # webapp.auth.require_role said no: not a failure
        log.warning("refused: %s", exc)
        dash.set_props("notice", {"children": f"Refused: {exc}."})
        return
    ref = error_reference(exc, f"callback {dash.callback_context.triggered_id!r}")
    dash.set_props(
        "notice",
        {"children": f"Something went wrong here (reference {ref} in the server log); "
         "the page shows what it showed before."},
    )  # fmt: skip


def _content_security_policy(app: dash.Dash) -> str:
    # Dash writes its start-up script inline: allow exactly that script by its hash. Styles are
    # set inline by React components (cytoscape, plotly), so inline styles are allowed.
    hashes = " ".join(app.csp_hashes())  # each already quoted: 'sha256-…'
    return (
        "default-src 'self'; "
        f"script-src 'self' {hashes} 'unsafe-eval'; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; "
        "font-src 'self' data:; "
        "connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def harden(
    app: dash.Dash,
    *,
    allowed_hosts: Iterable[str] | None = None,
    max_request_bytes: int = 4 * 1024 * 1024,
) -> None:
    """Add the request-size cap, Host check, security headers and error page to ``app``.

    ``allowed_hosts`` are the names (no port) browsers may use to reach the server; ``None``
    allows any (tests in-process only). A leading dot allows subdomains (``.council.gov.uk``).
    """
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes
    server.config["MAX_FORM_MEMORY_SIZE"] = min(max_request_bytes, 500_000)
    if allowed_hosts is not None:
        server.config["TRUSTED_HOSTS"] = list(allowed_hosts)

    @server.before_request
    def well_formed_callback():
        # a forged or truncated callback request is refused plainly, not with a server error
        if request.path == "/_dash-update-component" and request.method == "POST":
            body = request.get_json(silent=True)
            if not (
                isinstance(body, dict)
                and isinstance(body.get("output"), str)
                and isinstance(body.get("inputs"), list)
                and isinstance(body.get("state", []), list)
            ):
                return Response(
                    "Refused: not a callback request.", status=400, mimetype="text/plain"
                )
        return None

    policy: list[str] = []  # worked out on the first response: the inline scripts exist by then

    @server.after_request
    def security_headers(response: Response) -> Response:
        if not policy:
            policy.append(_content_security_policy(app))
        h = response.headers
        h.setdefault("Content-Security-Policy", policy[0])
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Referrer-Policy", "same-origin")  # the layout asks which page it is for
        h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.path.startswith("/_dash-update-component") or request.path == "/login":
            h["Cache-Control"] = "no-store"
        if request.is_secure:
            h.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    @server.errorhandler(Exception)
    def error_page(exc: Exception):
        if isinstance(exc, HTTPException):  # 400 bad host, 404, 413 too large…: as they are
            return _http_error(exc)
        ref = error_reference(exc, f"{request.method} {request.path}")
        body = (
            "<!doctype html><title>partnergraph: something went wrong</title>"
            "<h1>Something went wrong</h1>"
            f"<p>The server could not answer this request. Reference <b>{ref}</b>: the server "
            "log has the details. Try again, or go back to <a href='/'>the explorer</a>.</p>"
        )
        return Response(body, status=500, mimetype="text/html")


def refuse_unknown_callbacks(app: dash.Dash) -> None:
    """A callback request naming no callback of ``app`` gets 400, not a server error.

    Added after sign-in and roles, so a refused role is told as such first."""

    @app.server.before_request
    def known_callback():
        if request.path == "/_dash-update-component" and request.method == "POST":
            body = request.get_json(silent=True) or {}
            if body.get("output") not in app.callback_map:
                return Response("Refused: no such callback.", status=400, mimetype="text/plain")
        return None


def _http_error(exc: HTTPException) -> Response:
    messages = {
        400: "This request was refused: the address it was sent to (its Host) is not one this "
        "server answers for, or the request was malformed.",
        413: "This request was refused: it is larger than the server accepts.",
    }
    text = messages.get(exc.code or 0, exc.description or exc.name)
    body = (
        f"<!doctype html><title>{exc.code} {html.escape(exc.name)}</title>"
        f"<h1>{html.escape(exc.name)}</h1><p>{html.escape(text)}</p>"
    )
    return Response(body, status=exc.code or 500, mimetype="text/html")
