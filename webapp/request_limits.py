"""Limits on what a request may carry, and what a response may leave in caches.

* :func:`json_depth_ok`: JSON nested deeper than :data:`MAX_JSON_DEPTH` is refused with 400
  before anything parses it (Python's parser would fail with a recursion error, a 500).
* :func:`no_store`: every response but the static files (which carry no register data, and
  whose addresses change with their content) says ``Cache-Control: no-store``, so neither the
  browser nor a proxy keeps pages, layouts or callback answers.
* :func:`trust_proxy`: behind a reverse proxy that terminates TLS, werkzeug's ``ProxyFix``
  takes the scheme and the client's address from the proxy's ``X-Forwarded-Proto`` and
  ``X-Forwarded-For`` (the last address, the one that proxy added), so the app knows it is
  served over https (HSTS) and whose sign-ins to count. The proxy must pass ``Host`` through.
"""

from __future__ import annotations

import re

import dash
from flask import Response, request

__all__ = ["MAX_JSON_DEPTH", "json_depth_ok", "install_request_limits", "trust_proxy"]

#: deepest JSON nesting accepted (Dash's own requests stay far below it)
MAX_JSON_DEPTH = 200

#: paths of static files: no register data, and cacheable by design
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")


def json_depth_ok(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text ``data`` nests at most ``limit`` deep (strings are skipped, so a
    bracket inside one does not count)."""
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    depth = 0
    for byte in brackets:
        if byte in b"[{":
            depth += 1
            if depth > limit:
                return False
        else:
            depth -= 1
    return True


def install_request_limits(app: dash.Dash) -> None:
    """The JSON nesting limit (checked before any other check reads the body) and
    ``no-store`` on every response but static files."""
    server = app.server

    def json_nesting():
        if request.method in ("POST", "PUT", "PATCH") and request.is_json:
            if not json_depth_ok(request.get_data(cache=True)):
                return Response(
                    f"Refused: this request nests deeper than {MAX_JSON_DEPTH} levels.",
                    status=400,
                    mimetype="text/plain",
                )
        return None

    server.before_request_funcs.setdefault(None, []).insert(0, json_nesting)

    @server.after_request
    def no_store(response: Response) -> Response:
        if not request.path.startswith(STATIC_PREFIXES):
            response.headers["Cache-Control"] = "no-store"
        return response


def trust_proxy(app: dash.Dash) -> None:
    """Honour one reverse proxy's ``X-Forwarded-Proto`` and ``X-Forwarded-For``."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    app.server.wsgi_app = ProxyFix(app.server.wsgi_app, x_for=1, x_proto=1)
