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


def test_the_layout_and_callbacks_are_asked_for_from_the_head(index):
    head = index.split("</head>", 1)[0]
    assert '["_dash-layout", "_dash-dependencies"]' in head
    assert head.index("_dash-layout") < index.index("dash_renderer")


def test_the_grid_bundle_is_not_a_script_tag_but_loads_when_asked(client, index):
    tags = re.findall(r"<script src=\"([^\"]+)\"></script>", index)
    assert tags, "no script tags at all: the page template changed"
    assert not [t for t in tags if "dash_ag_grid" in t]
    # the stand-in names the bundle the server serves
    (src,) = re.findall(r'var src = "([^"]*dash_ag_grid[^"]*)"', index)
    r = client.get(src)
    assert r.status_code == 200 and b"window.dash_ag_grid" in r.get_data()


def test_core_js_only_for_old_browsers_regenerator_for_all(client, index):
    tags = re.findall(r"<script src=\"([^\"]+)\"></script>", index)
    assert not [t for t in tags if "polyfill" in t]
    (src,) = re.findall(r"document\.write\('<script src=\"([^\"]*polyfill[^\"]*)\"", index)
    assert client.get(src).status_code == 200
    assert "regeneratorRuntime = runtime" in index
    # before React and the libraries that use it
    assert index.index("regeneratorRuntime = runtime") < index.index("react@")


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
    assert len(inline) >= 4  # the head's requests, the grid's stand-in, polyfills, the renderer
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src, body[:80]


def test_dash_tables_bundle_is_not_sent_and_nothing_draws_a_datatable(client, index):
    from pathlib import Path

    import webapp

    tags = re.findall(r"<script src=\"([^\"]+)\"></script>", index)
    assert [t for t in tags if "dash_renderer" in t], "the page template changed"
    assert not [t for t in tags if "dash_table" in t]
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
