"""Stores: one :class:`GraphStore` contract, an embedded NetworkX store and a Neo4j store."""

from __future__ import annotations

from .base import GraphStore, Progress
from .embedded import EmbeddedStore

__all__ = ["GraphStore", "EmbeddedStore", "Progress", "open_store"]


def open_store(kind: str = "embedded", path=None, **neo4j_settings) -> GraphStore:
    """Open the embedded store (default) or Neo4j (``kind="neo4j"``, settings or env vars)."""
    if kind == "embedded":
        return EmbeddedStore(path)
    if kind == "neo4j":
        from .neo4j_store import Neo4jStore, neo4j_settings_from_env

        settings = {**neo4j_settings_from_env(), **{k: v for k, v in neo4j_settings.items() if v}}
        return Neo4jStore(**settings)
    raise ValueError(f"unknown store {kind!r}: use 'embedded' or 'neo4j'")
