"""A written record shown on every page without rebuilding the explorer's snapshot.

:func:`snapshot_with` makes the next snapshot from the current one plus the new nodes and
relationships: the graph is copied on write (:func:`graphmodel.stores.embedded.graph_with`),
the search index gains the new names (:class:`IndexWithAdditions`, replaced by a full index
built in the background), and what the pages computed and kept is carried over where a review,
an activity or an action cannot change it (:data:`KEPT`); the rest is computed again when a
page first asks. Anything kept in the snapshot's caches under a key not listed here is dropped,
so a new cache is safe by default.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from graphmodel.build.graph import PartnerGraph
from graphmodel.build.names import NameIndex, normalise_name
from graphmodel.model.monitoring import MONITORING_MODELS
from graphmodel.stores.embedded import graph_with

from .graphview import Snapshot
from .network import DEFAULT_KINDS

__all__ = ["snapshot_with", "with_full_index", "IndexWithAdditions", "KEPT"]

_MONITORING = {label for _, label in MONITORING_MODELS.values()}

#: cache keys (or their first part) whose values no review, activity or action changes: home
#: councils and their partnerships' facts (``rows``: partners, agreements, themes of the link,
#: programmes), the filters' matches, the landing view's places, the papers' labels, and
#: layouts (a pure function of the elements they were asked for)
KEPT = {
    "home",
    "council_index",
    "source_labels",
    "rows",
    "matching",
    "base_positions",
    "positions",
}
#: keys naming a label second: kept unless the label is one a write adds
_BY_LABEL = {"values", "nodes_of"}


def _kept(key: Any, labels_added: set[str]) -> bool:
    first = key[0] if isinstance(key, tuple) and key else key
    if isinstance(first, str) and first in _BY_LABEL:
        return len(key) > 1 and key[1] not in labels_added
    if first == "network":
        return _unfocused_without(key, labels_added)
    return isinstance(first, str) and first in KEPT


def _unfocused_without(key: tuple, labels_added: set[str]) -> bool:
    """A Network view with no focus and no path whose kinds leave the added labels out: its
    nodes are partnerships' ends of those kinds (webapp.network), so a record of another kind
    adds nothing to it. The landing view is one: keeping it keeps the first visit fast."""
    try:
        _, filters, focus, _hops, _budget, path = key
        kinds = filters[4] or DEFAULT_KINDS
    except (TypeError, ValueError, IndexError):
        return False
    return focus is None and not path and not labels_added & set(kinds)


class IndexWithAdditions:
    """A search index and a small one of names added since, answering as one.

    Exact matches come first (from either), then the big index's ranked matches, then the
    added names that contain the text. :func:`with_full_index` replaces it by a full index.
    """

    def __init__(self, base: Any, entries: Iterable[tuple[str, str, list[str]]]):
        self.base = base.base if isinstance(base, IndexWithAdditions) else base
        earlier = base.entries if isinstance(base, IndexWithAdditions) else []
        self.entries = [*earlier, *entries]
        self.added = NameIndex(self.entries)
        self.labels = ChainMap(self.added.labels, self.base.labels)
        self.names = ChainMap(self.added.names, self.base.names)

    def resolve(self, text: str) -> list[str]:
        out = list(self.base.resolve(text))
        return out + [i for i in self.added.resolve(text) if i not in out]

    def search(self, text: str, limit: int = 10) -> list[str]:
        key = normalise_name(text)
        if not key:
            return []
        names = {i: [i, *n] for i, _, n in self.entries}
        added = [i for i, n in names.items() if any(key in normalise_name(x) for x in n)]
        out: list[str] = []
        for i in [*self.resolve(text), *self.base.search(text, limit), *added]:
            if i not in out:
                out.append(i)

        def rank(i: str) -> int:  # as NameIndex ranks: exact, prefix, a word's start, inside
            keys = [normalise_name(x) for x in names.get(i) or [i, self.names.get(i, i)]]
            if key in keys:
                return 0
            if any(k.startswith(key) for k in keys):
                return 1
            if any(f" {key}" in k for k in keys):
                return 2
            return 3 if any(key in k for k in keys) else 4

        return sorted(out, key=rank)[:limit]  # stable: each index's order kept within a rank

    def suggest(self, text: str, limit: int = 5, cutoff: float = 60) -> list[str]:
        out = list(self.base.suggest(text, limit, cutoff))
        return (out + [i for i in self.added.suggest(text, limit, cutoff) if i not in out])[:limit]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)


def _rows(parts: list[PartnerGraph]):
    nodes = [(n.id, n.as_dict()) for p in parts for n in p.nodes.values()]
    edges = [
        (e.src, e.dst, f"{e.type}|{e.key}", e.as_dict()) for p in parts for e in p.edges.values()
    ]
    return nodes, edges


def snapshot_with(old: Snapshot, parts: list[PartnerGraph]) -> Snapshot:
    """The snapshot after ``parts`` (records just written) are added to ``old``."""
    nodes, edges = _rows(parts)
    g = graph_with(old.g, nodes, edges)
    touched = {n for n, _ in nodes} | {u for u, *_ in edges} | {v for _, v, *_ in edges}
    labels_added = {d.get("label") for _, d in nodes}
    data = dict(old.data)
    for n in touched:
        data[n] = g._node[n]
    index = IndexWithAdditions(
        old.index,
        (
            (n, d.get("label"), [d.get("name") or n, *(d.get("aliases") or [])])
            for n, d in nodes
            if n not in old.data
        ),
    )
    keep = labels_added <= _MONITORING  # anything else (never written here): keep nothing
    return Snapshot(
        g=g,
        index=index,
        data=data,
        out={n: v for n, v in old.out.items() if n not in touched},
        inn={n: v for n, v in old.inn.items() if n not in touched},
        locations={n: v for n, v in old.locations.items() if n not in touched},
        cache={k: v for k, v in old.cache.items() if keep and _kept(k, labels_added)},
        recent=type(old.recent)(
            (k, v) for k, v in old.recent.items() if keep and _kept(k, labels_added)
        ),
    )


def with_full_index(snap: Snapshot) -> Snapshot | None:
    """``snap`` with its search index built whole (None if it has one already)."""
    if not isinstance(snap.index, IndexWithAdditions):
        return None
    index = NameIndex(
        (n, d.get("label"), [d.get("name") or n, *(d.get("aliases") or [])])
        for n, d in snap.g.nodes(data=True)
    )
    return replace(snap, index=index)
