"""The explorer's read snapshot of a store, indexed once for the pages' access patterns.

A snapshot does not change once built, so whatever is derived from it (neighbours by
relationship type, the home councils, each council's partnerships with the facts the filters
test) is computed once and kept with it. :meth:`GraphView.refresh` builds a new snapshot aside
and publishes it with one assignment; a request pinned to a snapshot (``pin``, which the app
does for every request) reads that one to its end, so a callback never mixes two snapshots.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphmodel.build.bulk import paused_gc
from graphmodel.build.names import NameIndex
from graphmodel.geo import Location, locate
from graphmodel.stores.base import GraphStore, view_from_rows

__all__ = ["GraphView", "PartnershipRow", "Snapshot", "release_graph"]

_NONE: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PartnershipRow:
    """One partnership of a home council with what the network filters test."""

    id: str
    council: str
    partner: str | None
    partner_country: str
    tier: str | None
    sphere: str | None
    themes: frozenset[str]
    agreement_types: frozenset[str]
    programmes: frozenset[str]
    years: tuple[int, ...]


def _year(value: Any) -> int | None:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return None


@dataclass(eq=False)
class Snapshot:
    """One read of the store with its indexes and everything computed from it."""

    g: nx.MultiDiGraph
    index: NameIndex
    data: dict[str, dict[str, Any]]
    # neighbours by relationship type, per node on first use
    out: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    inn: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    locations: dict[str, Location | None] = field(default_factory=dict)
    cache: dict[Any, Any] = field(default_factory=dict)
    recent: OrderedDict[Any, Any] = field(default_factory=OrderedDict)


#: what a networkx graph holds besides the views it caches on first use
_GRAPH_CORE = frozenset({"graph", "_node", "_adj", "_succ", "_pred", "__networkx_cache__"})


def release_graph(g: nx.Graph) -> None:
    """Drop the views networkx caches on ``g`` (edges, degree, ...: they refer back to it), so a
    graph no longer used is freed by reference counting, even when frozen out of the garbage
    collector. ``g`` stays usable: a view used again is made again."""
    for key in [k for k in vars(g) if k not in _GRAPH_CORE]:
        vars(g).pop(key, None)


class _Pinned(threading.local):
    snap: Snapshot | None = None


class GraphView:
    """A read snapshot of a store, indexed for the explorer's access patterns."""

    def __init__(self, store: GraphStore):
        self.store = store
        self._pinned = _Pinned()
        self._current = self.build()

    # -- snapshots ---------------------------------------------------------------------------
    def build(self) -> Snapshot:
        """A new snapshot of the store (not yet shown: see :meth:`publish`)."""
        # bulk building: millions of objects, none in cycles (see graphmodel.build.bulk)
        with paused_gc():
            # a copy of its own, shaped like GraphStore.read_view(): the pages may keep what
            # they derive on it, and a write to the store leaves it as it was
            g = view_from_rows(self.store.iter_nodes(), self.store.iter_edges())
            index = NameIndex(
                (n, d.get("label"), [d.get("name") or n, *(d.get("aliases") or [])])
                for n, d in g.nodes(data=True)
            )
        return Snapshot(g=g, index=index, data=dict(g.nodes(data=True)))

    def publish(self, snap: Snapshot) -> None:
        """Show ``snap`` from now on (requests already pinned keep theirs to their end)."""
        self._current = snap

    def refresh(self) -> None:
        """Read the store again (after a write) and show the new snapshot."""
        self.publish(self.build())

    @property
    def snapshot(self) -> Snapshot:
        """The snapshot this thread reads: its pinned one, else the current one."""
        return self._pinned.snap or self._current

    def pin(self, snap: Snapshot | None = None) -> None:
        """Read ``snap`` (default: the current snapshot) in this thread until :meth:`unpin`."""
        self._pinned.snap = snap or self._current

    def unpin(self, *_: Any) -> None:
        self._pinned.snap = None

    @contextmanager
    def pinned(self, snap: Snapshot | None = None) -> Iterator[Snapshot]:
        """This thread reads ``snap`` (default: the current one) inside the block."""
        before = self._pinned.snap
        self._pinned.snap = chosen = snap or self._current
        try:
            yield chosen
        finally:
            self._pinned.snap = before

    @property
    def g(self) -> nx.MultiDiGraph:
        return self.snapshot.g

    @property
    def data(self) -> dict[str, dict[str, Any]]:
        return self.snapshot.data

    @property
    def index(self) -> NameIndex:
        return self.snapshot.index

    # -- small accessors -------------------------------------------------------------------
    def label(self, n: str) -> str:
        return self.data[n].get("label", "")

    def name(self, n: str) -> str:
        return self.data[n].get("name") or n

    def out(self, n: str, etype: str) -> Sequence[str]:
        """Nodes ``n`` points to by ``etype`` relationships, sorted."""
        return self.out_by_type(n).get(etype, _NONE)

    def inn(self, n: str, etype: str) -> Sequence[str]:
        """Nodes pointing to ``n`` by ``etype`` relationships, sorted."""
        return self.in_by_type(n).get(etype, _NONE)

    def in_by_type(self, n: str) -> dict[str, tuple[str, ...]]:
        """Relationship type -> the nodes pointing to ``n`` by it, sorted."""
        s = self.snapshot
        return self._by_type(n, s.inn, s.g.pred)

    def out_by_type(self, n: str) -> dict[str, tuple[str, ...]]:
        """Relationship type -> the nodes ``n`` points to by it, sorted."""
        s = self.snapshot
        return self._by_type(n, s.out, s.g.succ)

    def _by_type(self, n: str, index: dict, adjacency: Any) -> dict[str, tuple[str, ...]]:
        by_type = index.get(n)
        if by_type is None:
            ends: dict[str, set[str]] = {}
            for m, keyed in (adjacency[n] if n in adjacency else {}).items():
                for d in keyed.values():
                    ends.setdefault(d.get("type"), set()).add(m)
            by_type = index[n] = {t: tuple(sorted(ms)) for t, ms in ends.items()}
        return by_type

    def neighbours(self, n: str) -> set[str]:
        g = self.snapshot.g
        return set(g.succ[n]) | set(g.pred[n])

    def links(self, n: str) -> int:
        """How many nodes ``n`` is linked to (one counted twice if linked both ways)."""
        g = self.snapshot.g
        return len(g.succ[n]) + len(g.pred[n])

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, once per snapshot (a snapshot never changes)."""
        cache = self.snapshot.cache
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def forget_views(self) -> None:
        """Drop the remembered views (not the indexes): benchmarks time the work, not a lookup."""
        self.snapshot.recent.clear()

    def remember(self, key: Any, compute: Callable[[], Any], keep: int = 64) -> Any:
        """``compute()``, kept for the ``keep`` most recently used keys."""
        recent = self.snapshot.recent
        value = recent.get(key)
        if value is None:
            value = recent[key] = compute()
            while len(recent) > keep:
                try:
                    recent.popitem(last=False)
                except KeyError:  # another thread emptied it first
                    break
        else:
            try:
                recent.move_to_end(key)
            except KeyError:  # dropped by another thread a moment ago: no matter
                pass
        return value

    def home_councils(self) -> list[str]:
        return list(
            self.cached(
                "home",
                lambda: sorted(
                    (
                        n
                        for n, d in self.data.items()
                        if d.get("label") == "Organisation" and d.get("home")
                    ),
                    key=self.name,
                ),
            )
        )

    def values(self, label: str, prop: str) -> list[str]:
        return list(
            self.cached(
                ("values", label, prop),
                lambda: sorted(
                    {
                        str(d[prop])
                        for d in self.data.values()
                        if d.get("label") == label and d.get(prop)
                    }
                ),
            )
        )

    def nodes_of(self, label: str) -> list[str]:
        return list(
            self.cached(
                ("nodes_of", label),
                lambda: sorted(
                    (n for n, d in self.data.items() if d.get("label") == label), key=self.name
                ),
            )
        )

    def partnership_rows(self, council: str) -> list[PartnershipRow]:
        """The council's partnerships (``HAS_PARTNERSHIP``) with the facts filters test."""
        return self.cached(("rows", council), lambda: self._partnership_rows(council))

    def _partnership_rows(self, council: str) -> list[PartnershipRow]:
        rows = []
        data = self.data
        for p in self.out(council, "HAS_PARTNERSHIP"):
            d = data[p]
            partner = next(iter(self.out(p, "WITH_PARTNER")), None)
            agreements = self.out(p, "UNDERPINNED_BY")
            years = [_year(d.get("since"))] + [_year(data[a].get("signed")) for a in agreements]
            rows.append(
                PartnershipRow(
                    id=p,
                    council=council,
                    partner=partner,
                    partner_country=(data[partner].get("country") if partner else None)
                    or "unknown",
                    tier=d.get("tier"),
                    sphere=d.get("sphere"),
                    themes=frozenset(self.out(p, "ADDRESSES")),
                    agreement_types=frozenset(data[a].get("type") for a in agreements),
                    programmes=frozenset(
                        fp for pr in self.out(p, "INCLUDES") for fp in self.out(pr, "FUNDED_BY")
                    ),
                    years=tuple(y for y in years if y),
                )
            )
        return rows

    def location(self, n: str) -> Location | None:
        locations = self.snapshot.locations
        if n not in locations:
            d = self.data[n]
            places = self.out(n, "LOCATED_IN")
            loc = None
            for p in places:
                pd = self.data[p]
                if pd.get("lat") is not None:
                    loc = locate(
                        pd.get("name"),
                        pd.get("country"),
                        pd.get("type"),
                        pd.get("lat"),
                        pd.get("lon"),
                        pd.get("sources"),
                    )
                    break
            if loc is None:
                country = d.get("country") or next(
                    (self.data[p].get("country") for p in places if self.data[p].get("country")),
                    None,
                )
                loc = locate(
                    d.get("name") or n,
                    country,
                    d.get("type"),
                    d.get("lat"),
                    d.get("lon"),
                    d.get("sources"),
                    [self.name(p) for p in places] + list(d.get("aliases") or []),
                )
            locations[n] = loc
        return locations[n]
