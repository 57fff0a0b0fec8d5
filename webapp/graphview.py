"""The explorer's read snapshot of a store, indexed once for the pages' access patterns.

The snapshot does not change until :meth:`GraphView.refresh`, so whatever is derived from it
(neighbours by relationship type, the home councils, each council's partnerships with the facts
the filters test) is computed once and kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphmodel.bulk import paused_gc
from graphmodel.geo import Location, locate
from graphmodel.names import NameIndex
from graphmodel.stores.base import GraphStore

__all__ = ["GraphView", "PartnershipRow"]

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


class GraphView:
    """A read snapshot of a store, indexed for the explorer's access patterns."""

    def __init__(self, store: GraphStore):
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        # bulk building: millions of objects, none in cycles (see graphmodel.bulk)
        with paused_gc():
            g = nx.MultiDiGraph()
            g.add_nodes_from((row["id"], row) for row in self.store.iter_nodes())
            g.add_edges_from(
                (row["source"], row["target"], f"{row['type']}|{row.get('key') or ''}", row)
                for row in self.store.iter_edges()
            )
            index = NameIndex(
                (n, d.get("label"), [d.get("name") or n, *(d.get("aliases") or [])])
                for n, d in g.nodes(data=True)
            )
        self.g = g
        self.index = index
        self.data: dict[str, dict[str, Any]] = dict(g.nodes(data=True))
        # neighbours by relationship type, per node on first use
        self._out: dict[str, dict[str, tuple[str, ...]]] = {}
        self._in: dict[str, dict[str, tuple[str, ...]]] = {}
        self._locations: dict[str, Location | None] = {}
        self._cache: dict[Any, Any] = {}
        self._recent: OrderedDict[Any, Any] = OrderedDict()

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
        return self._by_type(n, self._in, self.g.pred)

    def out_by_type(self, n: str) -> dict[str, tuple[str, ...]]:
        """Relationship type -> the nodes ``n`` points to by it, sorted."""
        return self._by_type(n, self._out, self.g.succ)

    def _by_type(self, n: str, index: dict, adjacency: Any) -> dict[str, tuple[str, ...]]:
        by_type = index.get(n)
        if by_type is None:
            ends: dict[str, set[str]] = {}
            for m, keyed in (adjacency[n] if n in self.data else {}).items():
                for d in keyed.values():
                    ends.setdefault(d.get("type"), set()).add(m)
            by_type = index[n] = {t: tuple(sorted(ms)) for t, ms in ends.items()}
        return by_type

    def neighbours(self, n: str) -> set[str]:
        return set(self.g.succ[n]) | set(self.g.pred[n])

    def links(self, n: str) -> int:
        """How many nodes ``n`` is linked to (one counted twice if linked both ways)."""
        return len(self.g.succ[n]) + len(self.g.pred[n])

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, once per snapshot (the snapshot never changes until refresh)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def forget_views(self) -> None:
        """Drop the remembered views (not the indexes): benchmarks time the work, not a lookup."""
        self._recent.clear()

    def remember(self, key: Any, compute: Callable[[], Any], keep: int = 64) -> Any:
        """``compute()``, kept for the ``keep`` most recently used keys."""
        if key in self._recent:
            self._recent.move_to_end(key)
        else:
            self._recent[key] = compute()
            if len(self._recent) > keep:
                self._recent.popitem(last=False)
        return self._recent[key]

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
        for p in self.out(council, "HAS_PARTNERSHIP"):
            d = self.data[p]
            partner = next(iter(self.out(p, "WITH_PARTNER")), None)
            agreements = self.out(p, "UNDERPINNED_BY")
            years = [_year(d.get("since"))] + [
                _year(self.data[a].get("signed")) for a in agreements
            ]
            rows.append(
                PartnershipRow(
                    id=p,
                    council=council,
                    partner=partner,
                    partner_country=(self.data[partner].get("country") if partner else None)
                    or "unknown",
                    tier=d.get("tier"),
                    sphere=d.get("sphere"),
                    themes=frozenset(self.out(p, "ADDRESSES")),
                    agreement_types=frozenset(self.data[a].get("type") for a in agreements),
                    programmes=frozenset(
                        fp for pr in self.out(p, "INCLUDES") for fp in self.out(pr, "FUNDED_BY")
                    ),
                    years=tuple(y for y in years if y),
                )
            )
        return rows

    def location(self, n: str) -> Location | None:
        if n not in self._locations:
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
            self._locations[n] = loc
        return self._locations[n]
