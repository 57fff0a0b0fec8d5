"""Shared fixtures: the bundled register, and every available store.

The ``store`` fixture runs each contract test against the embedded store and against a Bolt
server: a real Neo4j when ``NEO4J_URI`` is set, otherwise the ArcadeDB stand-in started here on
free loopback ports (skipped, with the reason, only if the ``arcadedb-embedded`` wheel is absent).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
