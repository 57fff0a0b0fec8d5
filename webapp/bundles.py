"""A page's scripts and style sheets sent as a few files instead of about twenty (issue 25).

Dash writes one ``<script>`` tag per library and per file in ``assets/``: on the Network page
18 scripts and 4 style sheets, beside the layout and the callbacks. A browser asks a server for
six files at a time, so the layout waited behind the scripts, and the scripts came in four
waves. Here each run of consecutive scripts becomes one file, served from memory, compressed
once and cached by the browser for good (its name is a hash of what it holds), and the style
sheets become one; a page then needs six requests after its HTML, all in one wave.

What runs, and in what order, does not change: a bundle is its scripts one after another, in
the order Dash wrote them. Left as they are:

- a script that finds its own address (``document.currentScript``: dcc's, which loads its
  lazy parts from beside itself), and any script this module cannot read from the server's
  own files (it keeps its tag);
- an inline script with attributes (Dash's ``_dash-renderer`` start) or one that writes into
  the page (``document.write``: the polyfill for old browsers).

A script that starts with ``"use strict"`` keeps its strictness (it is wrapped in a function of
its own); the bundle itself starts with an empty statement, so no part's directive applies to
the parts after it.
"""

from __future__ import annotations

import gzip
import hashlib
import pkgutil
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import dash
from dash.fingerprint import check_fingerprint
from flask import Response, abort, request

__all__ = ["Bundles", "install"]

#: a script tag as Dash writes it: an external file, or inline code without attributes
_SCRIPT = re.compile(r'<script src="([^"]+)"></script>|<script>(.*?)</script>', re.S)
_CSS = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_STRICT = re.compile(r"""\A(?:\s|/\*.*?\*/|//[^\n]*\n)*["']use strict["']""", re.S)
_SOURCE_MAP = re.compile(rb"^//# sourceMappingURL=.*$", re.M)
_NAME = re.compile(r"[0-9a-f]{20}-[A-Za-z0-9_-]+\.(?:js|css)")


@dataclass(frozen=True)
class _Part:
    """One script or style sheet: its tag as written, its code if it may be bundled, and the
    name of its file (empty for inline code)."""

    tag: str
    code: bytes | None
    stem: str = ""


def _stem(url: str) -> str:
    """A file's name without its folder, version stamp or extension: ``dash_renderer``,
    ``react-18-3-1``."""
    name, _ = check_fingerprint(urlsplit(url).path.rsplit("/", 1)[-1])
    name = re.sub(r"(\.min)?\.(js|css)$", "", name)
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")


class Bundles:
    """The bundles an app has made, by file name, and the pages' tags rewritten to use them.

    Page tags are rewritten once per distinct set of tags (every page of an app has the same),
    then read from a cache."""

    def __init__(self, app: dash.Dash) -> None:
        self.app = app
        self.files: dict[str, tuple[bytes, bytes]] = {}  # name -> (plain, gzip)
        self._pages: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    # -- reading what a tag names -------------------------------------------------------------
    def _read(self, url: str) -> bytes | None:
        """The bytes the server would answer ``url`` with, from the package or the assets
        folder; None for anything else (that tag is kept as it is)."""
        path = urlsplit(url).path
        prefix = self.app.config.requests_pathname_prefix
        if not path.startswith(prefix):
            return None
        rest = path[len(prefix) :]
        if rest.startswith("_dash-component-suites/"):
            package, _, fingerprinted = rest[len("_dash-component-suites/") :].partition("/")
            inner, _ = check_fingerprint(fingerprinted)
            if inner not in self.app.registered_paths.get(package, ()):
                return None
            return pkgutil.get_data(package, inner)
        if rest.startswith("assets/"):
            folder = Path(self.app.config.assets_folder).resolve()
            file = (folder / rest[len("assets/") :]).resolve()
            if folder in file.parents and file.is_file():
                return file.read_bytes()
        return None

    def _script(self, src: str | None, inline: str | None, tag: str) -> _Part:
        if inline is not None:
            ok = "document.write" not in inline
            return _Part(tag, inline.encode() if ok else None)
        code = self._read(src or "")
        if code is None or b"currentScript" in code:
            return _Part(tag, None)
        return _Part(tag, code, _stem(src or ""))

    # -- making bundles -------------------------------------------------------------------------
    def _bundle(self, parts: list[bytes], kind: str, label: str) -> str:
        """The file name of the bundle of ``parts`` (made once): a hash of what it holds, then
        ``label``, the name of its last file (Dash looks for ``dash_renderer`` in a page)."""
        if kind == "js":
            pieces = [b";"]
            for code in parts:
                code = _SOURCE_MAP.sub(b"", code)
                if _STRICT.match(code.decode("utf-8", "replace")):
                    code = b"(function () {\n" + code + b"\n}).call(this);"
                pieces.append(code)
            body = b"\n;\n".join(pieces) + b"\n"
        else:
            body = b"\n".join(_SOURCE_MAP.sub(b"", c) for c in parts) + b"\n"
        name = f"{hashlib.sha256(body).hexdigest()[:20]}-{label or 'inline'}.{kind}"
        if name not in self.files:
            self.files[name] = (body, gzip.compress(body, 6, mtime=0))
        return name

    def _url(self, name: str) -> str:
        return f"{self.app.config.requests_pathname_prefix}_partnergraph/bundle/{name}"

    def scripts(self, html: str) -> str:
        """``html`` (Dash's script tags) with each run of scripts that may be bundled sent as
        one file; a run of one script keeps its own tag."""
        return self._cached("js", html, self._rewrite_scripts)

    def styles(self, html: str) -> str:
        """``html`` (Dash's style sheet links) with the app's own sheets sent as one file."""
        return self._cached("css", html, self._rewrite_styles)

    def _cached(self, kind: str, html: str, rewrite) -> str:
        key = (kind, html)
        with self._lock:
            if key not in self._pages:
                self._pages[key] = rewrite(html)
            return self._pages[key]

    def _rewrite_scripts(self, html: str) -> str:
        out: list[str] = []
        run: list[_Part] = []
        at = 0

        def flush() -> None:
            if len(run) > 1:
                codes = [p.code for p in run if p.code is not None]
                stems = [p.stem for p in run if p.stem]
                name = self._bundle(codes, "js", stems[-1] if stems else "")
                out.append(f'<script src="{self._url(name)}"></script>')
            else:
                out.extend(p.tag for p in run)
            run.clear()

        for m in _SCRIPT.finditer(html):
            between = html[at : m.start()]
            at = m.end()
            part = self._script(m.group(1), m.group(2), m.group(0))
            if part.code is None:
                flush()
                out.append(between + part.tag)
            else:
                if between.strip():
                    flush()
                    out.append(between)
                run.append(part)
        flush()
        out.append(html[at:])
        return "\n".join(s for s in out if s.strip()) + "\n"

    def _rewrite_styles(self, html: str) -> str:
        links = _CSS.findall(html)
        codes = [self._read(h) for h in links]
        if len(links) < 2 or any(c is None for c in codes):
            return html
        name = self._bundle([c for c in codes if c is not None], "css", "style")
        first = _CSS.search(html)
        assert first is not None
        rest = _CSS.sub("", html[first.end() :])
        return html[: first.start()] + f'<link rel="stylesheet" href="{self._url(name)}">' + rest

    # -- serving --------------------------------------------------------------------------------
    def serve(self, name: str) -> Response:
        if not _NAME.fullmatch(name) or name not in self.files:
            abort(404)
        plain, packed = self.files[name]
        mimetype = "text/css" if name.endswith(".css") else "application/javascript"
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            response = Response(packed, mimetype=mimetype)
            response.headers["Content-Encoding"] = "gzip"
        else:
            response = Response(plain, mimetype=mimetype)
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        response.headers["Vary"] = "Accept-Encoding"
        return response


def install(app: dash.Dash) -> Bundles:
    """Serve ``app``'s bundles at ``<prefix>_partnergraph/bundle/<name>``; returns the
    :class:`Bundles` whose :meth:`Bundles.scripts` and :meth:`Bundles.styles` rewrite a page's
    tags (``webapp.loading`` calls them for every page)."""
    bundles = Bundles(app)
    route = f"{app.config.routes_pathname_prefix}_partnergraph/bundle/<name>"
    app.server.add_url_rule(route, "partnergraph_bundle", bundles.serve)
    return bundles
