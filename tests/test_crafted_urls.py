"""Crafted URLs: every page checks its URL state, falls back to defaults with a notice, and
never answers with a server error or a traceback."""

from __future__ import annotations

import itertools
from urllib.parse import quote

import pytest

from graphmodel.stores import EmbeddedStore
from webapp import create_app
from webapp.pages import pages
from webapp.urlstate import clean_state

PATHS = [p.PATH for p in pages()] + ["/", "/nonexistent", "/network/../../etc/passwd"]
KEYS = [
    "council", "home", "select", "focus", "layout", "hops", "years", "as_of", "q", "cand",
    "sphere", "tier", "theme", "kind", "issue", "w_similarity", "unknown",
]  # fmt: skip
VALUES = [
    "evil",
    "",
    "x" * 5000,
    "<script>alert(1)</script>",
    "-1",
    "nan",
    "1e309",
    "%00",
    "Košice ☃",
    "not-a-date",
]
# the URLs the security probe reported, and repeated and empty forms
REPORTED = [
    ("/network", "?layout=evil"),
    ("/query", "?q=nonexistent"),
    ("/health", "?as_of=not-a-date"),
    ("/map", "?council=x"),
    ("/evaluate", "?home=x&cand=y"),
    ("/network", "?years=abc&years=xyz"),
    ("/network", "?years=2001&years=2002&years=2003"),
    ("/network", "?layout=cose&layout=evil&layout="),
    ("/network", "?" + "&".join(f"tier=t{i}" for i in range(500))),
    ("/network", "?=&&&=x&%ZZ=%ZZ"),
    ("/evaluate", "?w_similarity=1e309&w_priorities=-5&cand=" + "y" * 300),
    ("/health", "?as_of=2024-02-30"),
    ("/network", "?hops=999999999999999999999"),
    ("/network", "?select=does-not-exist&focus=nope"),
]


@pytest.fixture(scope="module")
def client(bundled):
    store = EmbeddedStore()
    store.replace(bundled.graph)
    app = create_app(store)
    render = next(k for k in app.callback_map if k.startswith("..page.children...state.data"))
    return app, app.server.test_client(), render


def render(client, path: str, search: str):
    app, test_client, output = client
    body = {
        "output": output,
        "outputs": [
            {"id": "page", "property": "children"},
            {"id": "state", "property": "data"},
        ],
        "inputs": [{"id": "url", "property": "pathname", "value": path}],
        "changedPropIds": ["url.pathname"],
        "state": [{"id": "url", "property": "search", "value": search}],
    }
    return test_client.post("/_dash-update-component", json=body)


def crafted() -> list[tuple[str, str]]:
    urls = list(REPORTED)
    for path, (key, value) in itertools.product(
        [p.PATH for p in pages()], itertools.product(KEYS, VALUES[:4])
    ):
        urls.append((path, f"?{key}={quote(value)}"))
    for path, value in itertools.product(PATHS, VALUES):
        urls.append((path, f"?council={quote(value)}&council={quote(value)}&years={quote(value)}"))
    return urls


def test_there_are_many_crafted_urls():
    assert len(crafted()) > 116


def test_no_crafted_url_gives_an_error(client):
    failures = []
    for path, search in crafted():
        r = render(client, path, search)
        text = r.get_data(as_text=True)
        if r.status_code != 200 or "Traceback" in text or "could not be shown" in text:
            failures.append((path, search[:80], r.status_code, text[:200]))
    assert failures == []


def test_ignored_settings_are_named_and_dropped(client):
    r = render(client, "/network", "?layout=evil&years=abc&years=xyz&tier=strategic")
    data = r.get_json()["response"]
    assert data["state"]["data"] == {"tier": ["strategic"]}
    assert "left at their defaults: layout, years" in str(data["page"]["children"])


def test_an_address_naming_no_record_says_so_and_where_to_find_one(client):
    r = render(client, "/network", "?select=nobody")
    page = str(r.get_json()["response"]["page"]["children"])
    assert "names a record the register does not have (“nobody”, so nothing is selected)" in page
    assert "Search box of the Network page" in page and "not understood" not in page
    # with another setting not understood, all are named as before
    page = str(render(client, "/network", "?select=nobody&layout=evil").get_json()["response"])
    assert "left at their defaults: select, layout" in page


def test_good_settings_pass_unchanged(bundled):
    from webapp.graphview import GraphView

    store = EmbeddedStore()
    store.replace(bundled.graph)
    view = GraphView(store)
    council = view.home_councils()[0]
    state = {
        "council": council,
        "layout": "circle",
        "years": [2005, 2010],
        "hops": 2,
        "as_of": "2020-01-31",
        "q": "partners",
        "tier": ["strategic", "twinning"],
        "w_similarity": "2",
        "select": council,
    }
    clean, dropped = clean_state(view, state)
    assert dropped == []
    assert clean == {**state, "w_similarity": 2.0}


# -- the same addresses drawn into the first layout (webapp.shell.shell_for_request) --------
def first_layout(client, referer: str | None) -> dict:
    _app, test_client, _output = client
    headers = {"Referer": referer} if referer is not None else {}
    r = test_client.get("/_dash-layout", headers=headers)
    assert r.status_code == 200
    return r.get_json()


def _find(node, id_):
    """The component with ``id_`` in a layout's JSON."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == id_:
            return node
        for v in node.get("props", {}).values():
            found = _find(v, id_)
            if found:
                return found
    elif isinstance(node, list):
        for v in node:
            found = _find(v, id_)
            if found:
                return found
    return None


def test_first_layout_draws_the_page_it_was_asked_from(client):
    layout = first_layout(client, "http://localhost/network?tier=strategic&layout=evil")
    page = _find(layout, "page")["props"]["children"]
    assert _find(page, "cy") is not None  # the network page, drawn with the layout
    assert _find(layout, "state")["props"]["data"] == {"tier": ["strategic"]}
    assert "left at their defaults: layout" in str(page)
    url = _find(layout, "url")["props"]
    assert (url["pathname"], url["search"]) == ("/network", "?tier=strategic&layout=evil")


def test_first_layout_without_a_referer_leaves_the_page_to_the_router(client):
    for referer in (None, "http://elsewhere.example/matrix?council=x"):
        layout = first_layout(client, referer)
        assert _find(layout, "page")["props"].get("children") is None
        assert "pathname" not in _find(layout, "url")["props"]


def test_no_crafted_url_breaks_the_first_layout(client):
    failures = []
    for path, search in crafted()[::7]:
        _app, test_client, _output = client
        r = test_client.get("/_dash-layout", headers={"Referer": f"http://localhost{path}{search}"})
        text = r.get_data(as_text=True)
        if r.status_code != 200 or "Traceback" in text or "could not be shown" in text:
            failures.append((path, search[:80], r.status_code, text[:200]))
    assert failures == []
