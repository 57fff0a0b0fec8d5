"""Shared fixtures. Take them by parameter name; never import fixtures from a test module.

Registers and stores
    ``bundled`` (the bundled register, loaded once), ``store`` (each available store in turn:
    the embedded one and a Bolt server, a real Neo4j when ``NEO4J_URI`` is set, otherwise the
    ArcadeDB stand-in started here on free loopback ports, skipped with the reason only if the
    ``arcadedb-embedded`` wheel is absent), ``register_copy`` (a fresh copy of the bundled
    register for one test), ``users_file`` (vera the viewer, ann the analyst and ed the editor,
    with serverkit's ``PASSWORDS``), ``seeds_dir`` (the source papers, beside the repository).

Live explorers, each started once and polled until it answers
    ``live_server``: the bundled register, read-only, for the whole session; every module that
    only reads shares it. ``large_explorer``: a generated register of ``LARGE_COUNCILS``
    councils, for the session. ``writable_server`` over ``writable_register``: a copy of the
    bundled register the explorer writes into, one per module that asks for it (a review
    recorded in one module must not change what another module sees). ``scratch_server`` over
    ``scratch_register``: one writable copy for the session, for writes no other test reads
    back (the Network explorer's saved views and dragged nodes).

The browser
    ``browser``: Debian's Chromium through Playwright, one for the session. ``page``: a fresh
    context and page for each test; the test fails if the browser console showed an error
    (``@pytest.mark.page(width=1440, height=900, warnings=True)`` sets the window, and makes
    console warnings fail it too).
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from browserkit import ARGS, CHROMIUM, console_page
from serverkit import (
    LARGE_BUDGET,
    LARGE_COUNCILS,
    PASSWORDS,
    ROLES,
    copy_register,
    serve_app,
)

from graphmodel.stores import EmbeddedStore
from loaders import bundled_register_dir, read_register

ROOT = Path(__file__).resolve().parent.parent


# -- registers and stores ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def bundled():
    """The bundled register, loaded once."""
    return read_register(bundled_register_dir())


@pytest.fixture
def register_copy(tmp_path) -> Path:
    """A copy of the bundled register for one test to change."""
    return copy_register(bundled_register_dir(), tmp_path / "register")


@pytest.fixture(scope="session")
def users_file(tmp_path_factory) -> Path:
    """A users file made by ``partnergraph user add``: serverkit's ``ROLES`` and ``PASSWORDS``.
    Tests that add, change or remove users make a file of their own."""
    from click.testing import CliRunner

    from partnergraph.cli import main

    path = tmp_path_factory.mktemp("auth") / "users.yaml"
    for name, role in ROLES.items():
        result = CliRunner().invoke(
            main,
            ["user", "add", name, "--role", role, "--users-file", str(path)],
            env={"PARTNERGRAPH_NEW_PASSWORD": PASSWORDS[name]},
        )
        assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The source papers the bundled register cites: ``shared/seeds`` beside the repository,
    or beside a folder holding it (a worktree, a CI clone), or the folder ``PARTNERGRAPH_SEEDS``
    names; the test is skipped, saying where it looked, on a machine without them."""
    named = os.environ.get("PARTNERGRAPH_SEEDS")
    candidates = [Path(named)] if named else [up / "shared" / "seeds" for up in ROOT.parents]
    for folder in candidates:
        if folder.is_dir():
            return folder
    where = named or f"shared/seeds beside {ROOT} or a folder above it"
    pytest.skip(f"the source papers are not on this machine (looked for {where})")


@pytest.fixture(scope="session")
def bolt_settings(tmp_path_factory):
    """uri/user/password/database of a Bolt server for the whole session."""
    if os.environ.get("NEO4J_URI"):
        yield {
            "uri": os.environ["NEO4J_URI"],
            "user": os.environ.get("NEO4J_USER", "neo4j"),
            "password": os.environ.get("NEO4J_PASSWORD"),
            "database": os.environ.get("NEO4J_DATABASE") or None,
        }
        return
    from standin import BoltStandin, find_arcadedb_home

    if find_arcadedb_home() is None:
        pytest.skip("no Bolt server: set NEO4J_URI or pip install arcadedb-embedded")
    standin = BoltStandin(tmp_path_factory.mktemp("arcadedb"))
    standin.start()
    try:
        yield {
            "uri": standin.uri,
            "user": standin.user,
            "password": standin.password,
            "database": standin.database,
        }
    finally:
        standin.stop()


@pytest.fixture
def neo4j_store(bolt_settings):
    from graphmodel.stores.neo4j_store import Neo4jStore

    store = Neo4jStore(**bolt_settings)
    yield store
    store.close()


@pytest.fixture(params=["embedded", pytest.param("bolt", marks=pytest.mark.bolt)])
def store(request, tmp_path):
    """Each store kind in turn; the contract suite runs once per store."""
    if request.param == "embedded":
        yield EmbeddedStore(tmp_path / "graph.json")
    else:
        yield request.getfixturevalue("neo4j_store")


# -- live explorers ---------------------------------------------------------------------------


def _explorer(folder: Path, **options):
    from webapp import create_app

    store = EmbeddedStore()
    store.replace(read_register(folder).graph)
    return store, create_app(store, **options)


@pytest.fixture(scope="session")
def live_server():
    """The explorer on the bundled register (it cannot write), shared by the whole session."""
    _, app = _explorer(bundled_register_dir())
    with serve_app(app) as base:
        yield base


@pytest.fixture(scope="module")
def writable_register(tmp_path_factory) -> Path:
    """A copy of the bundled register for one module's ``writable_server`` to write into."""
    return copy_register(bundled_register_dir(), tmp_path_factory.mktemp("writable") / "data")


@pytest.fixture(scope="module")
def writable_server(writable_register):
    """The explorer on ``writable_register``, recording and saving views into it."""
    _, app = _explorer(writable_register, register=writable_register)
    with serve_app(app) as base:
        yield base


@pytest.fixture(scope="session")
def scratch_register(tmp_path_factory) -> Path:
    """A copy of the bundled register for the session, for tests that write into it only what
    no other test reads back (saved views, a node's place): the Network explorer's modules."""
    return copy_register(bundled_register_dir(), tmp_path_factory.mktemp("scratch") / "data")


@pytest.fixture(scope="session")
def scratch_server(scratch_register):
    """The explorer on ``scratch_register``, for the session."""
    _, app = _explorer(scratch_register, register=scratch_register)
    with serve_app(app) as base:
        yield base


@pytest.fixture(scope="session")
def large_explorer(tmp_path_factory):
    """The explorer on a generated register of ``LARGE_COUNCILS`` councils (element budget
    ``LARGE_BUDGET``): its URL, node count, and its two busiest councils."""
    from partnergraph.synth import generate_register, write_register

    folder = tmp_path_factory.mktemp("large-register")
    write_register(generate_register(LARGE_COUNCILS, 1), folder)
    store, app = _explorer(folder, element_budget=LARGE_BUDGET)
    g = store.g
    partnerships = Counter(u for u, _, t in g.edges(data="type") if t == "HAS_PARTNERSHIP")
    busiest, other = sorted(partnerships, key=lambda c: (-partnerships[c], c))[:2]
    with serve_app(app) as base:
        yield {
            "url": base,
            "nodes": g.number_of_nodes(),
            "busiest": busiest,
            "name": g.nodes[busiest]["name"],
            "partnerships": partnerships[busiest],
            "other_name": g.nodes[other]["name"],
        }


# -- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, headless, one for the session."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: scripts/test.sh installs it with apt-get")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(request, browser):
    """A fresh page in a fresh context (1280 x 800 unless ``@pytest.mark.page`` says), which
    fails the test if the browser console showed an error."""
    marker = request.node.get_closest_marker("page")
    options = {"width": 1280, "height": 800, "warnings": False, **(marker.kwargs if marker else {})}
    context, pg = console_page(browser, **options)
    yield pg
    context.close()
    said = "errors or warnings" if options["warnings"] else "errors"
    assert pg.errors == [], f"{said} in the browser console: {pg.errors}"
