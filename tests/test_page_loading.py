"""What a page loads before it is drawn (webapp/loading.py): the layout asked for at once, the
grid's bundle only where a grid is, core-js only for old browsers. The browser tests
(tests/test_browser*.py) show every page still drawn; these check the page Dash sends."""

from __future__ import annotations

import re

import pytest

from graphmodel.stores import EmbeddedStore
from webapp import create_app


@pytest.fixture(scope="module")
def client(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return create_app(store).server.test_client()


@pytest.fixture(scope="module")
def index(client):
    r = client.get("/network")
    assert r.status_code == 200
    return r.get_data(as_text=True)


_TAG = re.compile(r'<script src="([^"]+)"></script>|<script>(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def run(client, index):
    """What the browser runs, in order: each inline script, and each file a tag names as the
    server sends it (the page's bundles included, webapp/bundles.py)."""
    out = []
    for src, inline in _TAG.findall(index):
        if src:
            r = client.get(src)
            assert r.status_code == 200, src
            out.append(r.get_data(as_text=True))
        else:
            out.append(inline)
    return "\n".join(out)


def test_the_layout_and_callbacks_are_asked_for_from_the_head(index):
    head = index.split("</head>", 1)[0]
    assert '["_dash-layout", "_dash-dependencies"]' in head
    assert head.index("_dash-layout") < index.index("dash_renderer")


def test_the_grid_bundle_is_not_a_script_tag_but_loads_when_asked(client, index, run):
    tags = re.findall(r"<script src=\"([^\"]+)\"></script>", index)
    assert tags, "no script tags at all: the page template changed"
    assert not [t for t in tags if "dash_ag_grid" in t]
    assert "new Promise" not in index  # the stand-in is bundled with React, not in the page
    # the stand-in names the bundle the server serves
    (src,) = re.findall(r'var src = "([^"]*dash_ag_grid[^"]*)"', run)
    r = client.get(src)
    assert r.status_code == 200 and b"window.dash_ag_grid" in r.get_data()


def test_core_js_only_for_old_browsers_regenerator_for_all(client, index, run):
    tags = re.findall(r"<script src=\"([^\"]+)\"></script>", index)
    assert not [t for t in tags if "polyfill" in t]
    (src,) = re.findall(r"document\.write\('<script src=\"([^\"]*polyfill[^\"]*)\"", index)
    assert client.get(src).status_code == 200
    # written in place, before any script that needs it
    assert index.index("document.write") < index.index('<script src="')
    assert "regeneratorRuntime = runtime" in run
    # before React and the libraries that use it
    assert run.index("regeneratorRuntime = runtime") < run.index("react.production.min.js")


def _find(node, type_):
    if isinstance(node, dict):
        if node.get("type") == type_:
            return node
        node = list(node.values())
    if isinstance(node, list):
        for child in node:
            found = _find(child, type_)
            if found:
                return found
    return None


def _text(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return "".join(_text(c) for c in node)
    if isinstance(node, dict):
        return _text(node.get("props", {}).get("children"))
    return ""


def test_the_footer_links_read_apart(client):
    layout = client.get("/_dash-layout", headers={"Referer": "http://localhost/network"}).json
    footer = _find(layout, "Footer")
    assert footer is not None
    assert _text(footer) == "Accessibility statement · Presentation"


def test_every_script_written_into_the_page_is_allowed_by_the_security_policy(bundled):
    import base64
    import hashlib

    from webapp.security import harden

    store = EmbeddedStore()
    store.replace(bundled.graph)
    app = create_app(store)
    harden(app)
    r = app.server.test_client().get("/network")
    policy = r.headers["Content-Security-Policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    page = re.sub(r"<!--.*?-->", "", r.get_data(as_text=True), flags=re.S)  # IE-only notes
    inline = [
        body
        for attrs, body in re.findall(r"<script((?: [^>]*)?)>(.*?)</script>", page, re.S)
        if body.strip() and "application/json" not in attrs  # data, not run
    ]
    # the head's requests, the polyfill for old browsers, the renderer's start (the rest of
    # the inline scripts are sent in the page's bundles, webapp/bundles.py)
    assert len(inline) >= 3
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src, body[:80]


def test_dash_tables_bundle_is_not_sent_and_nothing_draws_a_datatable(client, index, run):
    from pathlib import Path

    import webapp

    tags = re.findall(r"<script src=\"([^\"]+)\"></script>", index)
    assert [t for t in tags if "dash_renderer" in t], "the page template changed"
    assert "dash_renderer.min.js" in run
    assert not [t for t in tags if "dash_table" in t]
    assert "dash_table.min.js" not in run and "window.dash_table" not in run
    # leaving the bundle out is safe only while no page draws one of its components
    root = Path(webapp.__file__).parent
    users = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if p.name != "loading.py"  # which leaves it out
        and re.search(r"dash_table|DataTable", p.read_text(encoding="utf-8"))
    ]
    assert users == [], f"{users} use dash_table: send its bundle again (webapp/loading.py)"


def test_the_network_pages_stores_do_not_start_empty(client):
    # a dcc.Store given None sets itself as it mounts, which fires every callback it feeds
    # (each a request to the server at start-up); "" does not
    layout = client.get("/_dash-layout", headers={"Referer": "http://localhost/network"}).json
    stores = {}

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "Store":
                stores[node["props"]["id"]] = node["props"].get("data")
            walk(node.get("props", {}).get("children"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(layout)
    for id_ in ("f-council", "expand-request", "view-request", "multi-request", "search"):
        assert id_ in stores, f"no store {id_!r} on the Network page"
    assert [k for k, v in stores.items() if v is None and k != "export-meta"] == []


# -- a page's scripts as a few files (webapp/bundles.py) ----------------------------------------


def _dash_tags(app) -> list[str]:
    """The script tags Dash itself writes into a page, before webapp/loading.py's changes."""
    from webapp.loading import page_scripts

    return _TAG.findall(page_scripts(app._generate_scripts_html()))


@pytest.fixture(scope="module")
def app(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    return create_app(store)


def test_the_page_asks_for_a_few_files_and_the_layout_at_once(app):
    index = app.server.test_client().get("/network").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"></script>', index)
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', index)
    # Dash writes a tag for each library and each file in assets/: about twenty
    assert len([src for src, _ in _dash_tags(app) if src]) >= 15
    # a browser asks for six files at a time: the layout and the callbacks are in that wave
    assert len(scripts) + len(sheets) + 2 <= 6, (scripts, sheets)


def test_every_script_runs_as_before_in_the_same_order(app):
    client = app.server.test_client()
    index = client.get("/network").get_data(as_text=True)
    sent = []
    for src, inline in _TAG.findall(index):
        sent.append(client.get(src).get_data() if src else inline.encode())
    sent_all = b"\n".join(sent)
    # each script Dash would have written, whole, and after the one before it
    at = 0
    for src, inline in _dash_tags(app):
        code = client.get(src).get_data() if src else inline.encode()
        code = re.sub(rb"(?m)^//# sourceMappingURL=.*$", b"", code).strip()
        found = sent_all.find(code, at)
        assert found >= 0, f"{src or inline[:60]!r} is not sent, or not in its place"
        at = found + len(code)


def test_a_script_that_finds_its_own_address_keeps_its_own_tag(app):
    # dcc loads its lazy parts (the graph, the date pickers) from beside its own file
    index = app.server.test_client().get("/network").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"></script>', index)
    dcc = [s for s in scripts if "/dcc/dash_core_components." in s]
    assert len(dcc) == 1 and "_dash-component-suites" in dcc[0]


def test_a_strict_script_stays_strict_and_the_bundle_does_not_make_others_strict(app):
    client = app.server.test_client()
    index = client.get("/network").get_data(as_text=True)
    bundles = [s for s in re.findall(r'<script src="([^"]+)"></script>', index) if "bundle" in s]
    assert bundles
    for src in bundles:
        body = client.get(src).get_data(as_text=True)
        assert body.startswith(";")  # no directive prologue for the bundle as a whole
    # dcc's slider chunk starts with "use strict": it is wrapped in a function of its own
    sent = "".join(client.get(s).get_data(as_text=True) for s in bundles)
    assert '(function () {\n"use strict";(self.webpackChunkdash_core_components' in sent


def test_bundles_are_compressed_cached_for_good_and_unknown_names_refused(app):
    client = app.server.test_client()
    index = client.get("/network").get_data(as_text=True)
    src = next(s for s in re.findall(r'<script src="([^"]+)"></script>', index) if "bundle" in s)
    plain = client.get(src)
    packed = client.get(src, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert plain.status_code == packed.status_code == 200
    assert "immutable" in plain.headers["Cache-Control"]
    assert packed.headers["Content-Encoding"] == "gzip"
    import gzip

    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert plain.mimetype == "application/javascript"
    assert client.get(src.replace("bundle/", "bundle/0")).status_code == 404
    assert client.get(src.rsplit("/", 1)[0] + "/app.py").status_code == 404


def test_the_style_sheets_are_one_file_in_their_order(app):
    client = app.server.test_client()
    index = client.get("/network").get_data(as_text=True)
    (href,) = re.findall(r'<link rel="stylesheet" href="([^"]+)">', index)
    sheet = client.get(href).get_data(as_text=True)
    from pathlib import Path

    import webapp

    folder = Path(webapp.__file__).parent / "assets"
    names = sorted(p.name for p in folder.glob("*.css"))  # Dash's order: by name
    at = 0
    for name in names:
        found = sheet.find((folder / name).read_text(encoding="utf-8").strip(), at)
        assert found >= 0, f"{name} is not in the style sheet, or not in its place"
        at = found
