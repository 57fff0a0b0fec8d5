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

:func:`refuse_mismatched_callbacks` refuses, with 400 and one plain line, a callback request
whose inputs or state are not those its callback declares.

:func:`callback_error` is the Dash app's ``on_error``: a callback that fails leaves the page as
it was and shows, under the header, a message with the log reference.
"""

from __future__ import annotations

import functools
import html
import inspect
import json
import logging
import uuid
from collections.abc import Iterable
from typing import Any

import dash
from flask import Response, request
from werkzeug.exceptions import HTTPException

__all__ = [
    "harden",
    "refuse_unknown_callbacks",
    "refuse_mismatched_callbacks",
    "callback_mismatch",
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


def refuse_mismatched_callbacks(app: dash.Dash) -> None:
    """A callback request whose inputs or state are not those the callback declares (one left
    out, one put in another's place, a property renamed) gets 400 with one plain line and one
    log line, not Dash's bare server error. A page always sends them as declared, so only a
    request made by hand is refused.

    Installed by :func:`webapp.create_app`. It wraps the callback route itself, so it runs after
    every request check (sign-in and roles first, whenever they are added)."""
    server = app.server
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"
    dispatch = server.view_functions[endpoint]
    if getattr(dispatch, "_checks_shape", False):
        return

    def refusal() -> Response | None:
        problem = callback_mismatch(app.callback_map, request.get_json(silent=True))
        if problem is None:
            return None
        log.warning("refused a callback request unlike its callback: %s", problem)
        return Response(
            f"Refused: the request does not match the page's callback ({problem}). "
            "Reload the page.",
            status=400,
            mimetype="text/plain",
        )

    if inspect.iscoroutinefunction(dispatch):

        @functools.wraps(dispatch)
        async def checked(*args: Any, **kwargs: Any) -> Any:
            refused = refusal()
            return refused if refused is not None else await dispatch(*args, **kwargs)

    else:

        @functools.wraps(dispatch)
        def checked(*args: Any, **kwargs: Any) -> Any:
            refused = refusal()
            return refused if refused is not None else dispatch(*args, **kwargs)

    checked._checks_shape = True  # type: ignore[attr-defined]
    server.view_functions[endpoint] = checked


def callback_mismatch(callback_map: dict[str, Any], body: Any) -> str | None:
    """What is unlike its callback in the callback request ``body``, in a few plain words; None
    when its inputs and state are the callback's, in number, order, ids and properties (an id
    with an ALL or MATCH wildcard takes any value where the wildcard is).

    Examples
    --------
    >>> dep = {"inputs": [{"id": "box", "property": "value"}], "state": [], "callback": print}
    >>> cmap = {"out.children": dep}
    >>> sent = {"id": "box", "property": "value", "value": 1}
    >>> body = {"output": "out.children", "outputs": {"id": "out", "property": "children"}}
    >>> callback_mismatch(cmap, {**body, "inputs": [sent]}) is None
    True
    >>> callback_mismatch(cmap, {**body, "inputs": []})
    '0 inputs sent where it takes 1'
    >>> callback_mismatch(cmap, {**body, "inputs": [{**sent, "id": "x"}]})
    "input 1 is not box's value"
    """
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return "it is not a callback request"
    declared = callback_map.get(body["output"])
    if declared is None:
        return "it names no callback"
    if "callback" not in declared:  # a clientside callback: a page never sends it
        return "that callback runs in the browser"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "what changed is not a list of names"
    output = body["output"]
    several = output.startswith("..")
    outputs = output.strip(".").split("...") if several else [output]
    declared = {
        **declared,
        "outputs": [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True)) for o in outputs],
    }
    sent_outputs = body.get("outputs")
    body = {**body, "outputs": sent_outputs if several else [sent_outputs]}
    for kind, one in (("outputs", "output"), ("inputs", "input"), ("state", "state")):
        sent, want = body.get(kind, []), declared.get(kind) or []
        if not isinstance(sent, list):
            return f"its {kind} is not a list"
        if len(sent) != len(want):
            return f"{len(sent)} {kind if len(sent) != 1 else one} sent where it takes {len(want)}"
        for n, (s, w) in enumerate(zip(sent, want, strict=True), 1):
            if not _sent_as_declared(s, w):
                return f"{one} {n} is not {_plain_id(w['id'])}'s {w['property'].split('@')[0]}"
    return None


def _sent_as_declared(sent: Any, want: dict[str, Any]) -> bool:
    """Whether ``sent`` (one entry of a request's inputs or state) is the dependency ``want``.
    An ALL (or ALLSMALLER) wildcard is sent as a list of entries, one for each component."""
    pattern = _pattern(want["id"])
    if pattern is not None and any(v in (["ALL"], ["ALLSMALLER"]) for v in pattern.values()):
        return isinstance(sent, list) and all(_same(s, pattern, want["property"]) for s in sent)
    return _same(sent, pattern if pattern is not None else want["id"], want["property"])


def _same(sent: Any, want_id: str | dict[str, Any], prop: str) -> bool:
    # (an output allowed in several callbacks is named "data@<hash>")
    if not isinstance(sent, dict) or str(sent.get("property")).split("@")[0] != prop.split("@")[0]:
        return False
    got = sent.get("id")
    if isinstance(want_id, str):
        return got == want_id
    return (
        isinstance(got, dict)
        and got.keys() == want_id.keys()
        and all(isinstance(w, list) or got[k] == w for k, w in want_id.items())
    )


def _pattern(dep_id: str) -> dict[str, Any] | None:
    """A pattern-matching id (``{"type": "card-more", "key": ["MATCH"]}``) as declared, or None
    for a plain id."""
    if not dep_id.startswith("{"):
        return None
    try:
        found = json.loads(dep_id)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _plain_id(dep_id: str) -> str:
    pattern = _pattern(dep_id)
    if pattern is None:
        return dep_id
    return (
        "{"
        + ", ".join(f"{k}: {'any' if isinstance(v, list) else v}" for k, v in pattern.items())
        + "}"
    )


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
