"""Shared fixtures: the bundled register, and every available store.

The ``store`` fixture runs each contract test against the embedded store and against a Bolt
server: a real Neo4j when ``NEO4J_URI`` is set, otherwise the ArcadeDB stand-in started here on
free loopback ports (skipped, with the reason, only if the ``arcadedb-embedded`` wheel is absent).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browserkit import ARGS, CHROMIUM

from graphmodel.stores import EmbeddedStore
from loaders import bundled_register_dir, read_register

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def bundled():
    """The bundled register, loaded once."""
    return read_register(bundled_register_dir())


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


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, headless, one per test module."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: scripts/test.sh installs it with apt-get")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()
