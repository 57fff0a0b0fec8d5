"""What the evaluator reads from the graph, through the :class:`GraphStore` API only.

So it runs the same on the embedded store and on Neo4j: ``get`` (names and aliases, "did you
mean"), ``node`` and ``relationships``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from ..errors import NodeNotFound
from ..stores.base import GraphStore
from .dated import adopted_after

__all__ = ["GraphReader", "Tie", "PartnerLinkRecord"]

#: nodes through which two bodies are tied (a partnership, a shared project, agreement or event)
CONNECTOR_LABELS = ("Project", "Agreement", "Event", "Partnership")
#: organisations whose members are tied to each other (a shared network)
NETWORK_TYPES = ("network", "association", "partnership-body")
#: relationship types that tie an organisation to a connector or to another body directly
TIE_TYPES = {
    "LEADS", "PARTNER_IN", "PARTY_TO", "ORGANISES", "LINKED_WITH", "MEMBER_OF",
    "PARTICIPATES_IN", "WORKS_WITH", "VISITED", "EXCHANGES_WITH", "SUPPORTS", "RUNS",
    "FOUNDED", "DELIVERS", "HOSTS", "REPRESENTS", "HAS_PARTNERSHIP", "WITH_PARTNER",
}  # fmt: skip
#: a tie of this category is shown but not counted: the link being evaluated is not yet a tie
PROPOSAL = "proposal"


@dataclass
class Tie:
    """A tie found in the graph: the path, what kind of tie, and the sources of its steps."""

    category: str
    path: list[str]
    description: str
    sources: list[str] = field(default_factory=list)
    via: str | None = None


@dataclass
class PartnerLinkRecord:
    partnership_id: str
    partner_id: str
    partner_name: str
    tier: str | None
    status: str | None
    themes: list[str]
    country: str | None
    sources: list[str]


class GraphReader:
    """Cached reads of one store."""

    def __init__(self, store: GraphStore | None):
        self.store = store
        self._rels: dict[str, list[dict[str, Any]]] = {}
        self._nodes: dict[str, dict[str, Any] | None] = {}
        self._homes: list[str] | None = None

    # -- basic access ----------------------------------------------------------
    def node(self, node_id: str) -> dict[str, Any] | None:
        if self.store is None:
            return None
        if node_id not in self._nodes:
            self._nodes[node_id] = self.store.node(node_id)
        return self._nodes[node_id]

    def rels(self, node_id: str) -> list[dict[str, Any]]:
        if self.store is None:
            return []
        if node_id not in self._rels:
            self._rels[node_id] = self.store.relationships(node_id)
        return self._rels[node_id]

    def get(self, text: str) -> dict[str, Any]:
        """The node by id, name or alias; :class:`NodeNotFound` (with suggestions) otherwise."""
        if self.store is None:
            raise NodeNotFound(text, [])
        try:
            node = self.store.get(text)
        except NodeNotFound as exc:
            # the reference twin network's places are not candidates (graphmodel.twins)
            kept = [s for s in exc.suggestions if not s.endswith("(ReferencePlace)")]
            if not exc.ambiguous or len(kept) == len(exc.suggestions):
                raise
            if len(kept) == 1:
                return self.store.get(kept[0].rsplit(" (", 1)[0])
            raise NodeNotFound(text, kept, ambiguous=len(kept) > 1) from None
        if node.get("label") == "ReferencePlace":
            raise NodeNotFound(text, [])  # so a city or region of that name is looked for
        return node

    def name(self, node_id: str) -> str:
        n = self.node(node_id)
        return (n or {}).get("name") or node_id

    def out(self, node_id: str, rtype: str) -> list[dict[str, Any]]:
        return [r for r in self.rels(node_id) if r["type"] == rtype and r["direction"] == "out"]

    def into(self, node_id: str, rtype: str) -> list[dict[str, Any]]:
        return [r for r in self.rels(node_id) if r["type"] == rtype and r["direction"] == "in"]

    # -- facts about one body --------------------------------------------------
    def country(self, node_id: str) -> str | None:
        n = self.node(node_id) or {}
        if n.get("country"):
            return n["country"]
        for r in self.out(node_id, "IN_COUNTRY"):
            iso = (self.node(r["other_id"]) or {}).get("iso2")
            if iso:
                return iso
        return None

    def location(self, node_id: str) -> tuple[float, float, str, list[str]] | None:
        """(lat, lon, place name, sources) of the body or the place it is located in."""
        seen = set()
        todo = [node_id]
        while todo:
            nid = todo.pop(0)
            if nid in seen:
                continue
            seen.add(nid)
            n = self.node(nid) or {}
            if n.get("lat") is not None and n.get("lon") is not None:
                return float(n["lat"]), float(n["lon"]), n.get("name") or nid, n.get("sources", [])
            todo += [r["other_id"] for r in self.out(nid, "LOCATED_IN")]
        return None

    def side(self, node_id: str) -> set[str]:
        """The body, its units (PART_OF, recursively) and the places it is located in; for a
        place, also the organisations located in it (a city's council)."""
        out, todo = set(), [node_id]
        if (self.node(node_id) or {}).get("label") == "Place":
            todo += [
                r["other_id"]
                for r in self.into(node_id, "LOCATED_IN")
                if r.get("other_label") == "Organisation"
            ]
        while todo:
            nid = todo.pop()
            if nid in out:
                continue
            out.add(nid)
            todo += [
                r["other_id"]
                for r in self.into(nid, "PART_OF")
                if r.get("other_label") == "Organisation"
            ]
        for nid in list(out):
            out |= {r["other_id"] for r in self.out(nid, "LOCATED_IN")}
        return out

    def partnerships(self, home_id: str) -> list[PartnerLinkRecord]:
        """The home council's partnerships with their partner, tier, status and themes."""
        found = []
        for r in self.out(home_id, "HAS_PARTNERSHIP"):
            pid = r["other_id"]
            p = self.node(pid) or {}
            partners = self.out(pid, "WITH_PARTNER")
            if not partners:
                continue
            partner = partners[0]["other_id"]
            found.append(
                PartnerLinkRecord(
                    partnership_id=pid,
                    partner_id=partner,
                    partner_name=self.name(partner),
                    tier=p.get("tier"),
                    status=p.get("status"),
                    themes=[t["other_id"] for t in self.out(pid, "ADDRESSES")],
                    country=self.country(partner),
                    sources=list(p.get("sources", [])),
                )
            )
        return found

    def current_link(self, home_id: str, cand_id: str) -> PartnerLinkRecord | None:
        """The home council's current partnership (not ended, not the link being explored) with
        the candidate, or with a partner located in it (the twin city of a place): the candidate
        is then no new link."""
        for p in self.partnerships(home_id):
            if p.status == "ended" or "exploring" in (p.tier, p.status):
                continue
            places = {r["other_id"] for r in self.out(p.partner_id, "LOCATED_IN")}
            if cand_id == p.partner_id or cand_id in places:
                return p
        return None

    def existing_link_words(
        self, home_id: str | None, home_name: str, cand_id: str | None
    ) -> str | None:
        """ "City of Krefeld is already Leicester City Council's active twinning partner
        (Leicester – Krefeld): …", or None when the candidate is no current partner."""
        link = self.current_link(home_id, cand_id) if home_id and cand_id else None
        if link is None:
            return None
        standing = " ".join(x for x in (link.status, link.tier) if x) or "current"
        return (
            f"{link.partner_name} is already {home_name}'s {standing} partner "
            f"({self.name(link.partnership_id)}): this scores it as if it were a new link"
        )

    def priorities(
        self, home_id: str, as_of: _dt.date | None = None
    ) -> list[tuple[str, str, list[str]]]:
        """(theme id, theme name, sources) the home council's strategies prioritise: those
        adopted on or before ``as_of`` (a strategy not yet adopted states no priority)."""
        out = []
        for r in self.out(home_id, "ADOPTS"):
            if as_of and adopted_after((self.node(r["other_id"]) or {}).get("date"), as_of):
                continue
            for t in self.out(r["other_id"], "PRIORITISES"):
                out.append((t["other_id"], t.get("other_name") or t["other_id"], t["sources"]))
        return out

    def theme_parents(self, theme_id: str) -> list[str]:
        return [r["other_id"] for r in self.out(theme_id, "SUBTHEME_OF")]

    # -- ties between two bodies -------------------------------------------------
    def ties(self, a_id: str, b_id: str) -> list[Tie]:
        """Ties between the two bodies' sides: direct relations and shared connectors."""
        a_side, b_side = self.side(a_id), self.side(b_id)
        if a_side & b_side:
            b_side -= a_side
        found: dict[tuple, Tie] = {}
        for x in sorted(a_side):
            for r in self.rels(x):
                y = r["other_id"]
                if r["type"] in TIE_TYPES and y in b_side:
                    path = [x, _arrow(r), y]
                    found[tuple(path)] = Tie(
                        _category(self, x, y, None),
                        path,
                        f"{self.name(x)} {r['type'].lower().replace('_', ' ')} {self.name(y)}",
                        list(r.get("sources", [])),
                    )
                if r["type"] not in TIE_TYPES or not self._connector(r):
                    continue
                for r2 in self.rels(y):
                    z = r2["other_id"]
                    if z in b_side and r2["type"] in TIE_TYPES:
                        path = [x, _arrow(r), y, _arrow(r2), z]
                        found[tuple(path)] = self._shared_tie(x, r, y, r2, z, path)
        from graphmodel.twins.evaluation import reference_ties  # when the store holds it

        for t in reference_ties(self, a_side, b_side):
            found.setdefault(tuple(t["path"]), Tie(**t))
        return list(found.values())

    def _connector(self, rel: dict[str, Any]) -> bool:
        if rel.get("other_label") in CONNECTOR_LABELS:
            return True
        if rel["type"] in ("MEMBER_OF", "PARTICIPATES_IN"):
            return (self.node(rel["other_id"]) or {}).get("type") in NETWORK_TYPES
        return False

    def _shared_tie(self, x: str, r: dict, y: str, r2: dict, z: str, path: list[str]) -> Tie:
        """A tie through a connector: a partnership between the two, or something both share."""
        node = self.node(y) or {}
        sources = list(dict.fromkeys([*r.get("sources", []), *r2.get("sources", [])]))
        if node.get("label") == "Partnership":
            tier, status, since = node.get("tier"), node.get("status"), node.get("since")
            bits = list(dict.fromkeys(b for b in (tier, status, since and f"since {since}") if b))
            what = f"{self.name(y)} ({', '.join(bits)})" if bits else self.name(y)
            if "exploring" in (tier, status):
                return Tie(PROPOSAL, path, f"{what}: the link under evaluation, not yet a tie",
                           sources, via=y)  # fmt: skip
            category = "history" if status == "ended" else "civic"
            return Tie(category, path, f"existing partnership {what}", sources, via=y)
        kind = node.get("type") if node.get("label") == "Organisation" else node.get("label")
        return Tie(
            _category(self, x, z, y),
            path,
            f"{self.name(x)} and {self.name(z)} share the {(kind or 'link').lower()} {self.name(y)}",
            sources,
            via=y,
        )

    def funded_projects(self, node_id: str) -> list[tuple[str, str, list[str]]]:
        """(project, programme, sources) for projects the body's side leads or partners in."""
        seen: dict[tuple[str, str], list[str]] = {}
        for x in self.side(node_id):
            for r in self.rels(x):
                if r["type"] in ("LEADS", "PARTNER_IN") and r.get("other_label") == "Project":
                    for f in self.out(r["other_id"], "FUNDED_BY"):
                        seen[(r["other_id"], f["other_id"])] = list(f.get("sources", []))
        return [(p, f, s) for (p, f), s in sorted(seen.items())]


def _arrow(rel: dict[str, Any], reverse: bool = False) -> str:
    out = rel["direction"] == "out"
    if reverse:
        out = not out
    return f"-[{rel['type']}]->" if out else f"<-[{rel['type']}]-"


def _category(reader: GraphReader, a: str, b: str, via: str | None) -> str:
    types = {(reader.node(n) or {}).get("type") for n in (a, b, via) if n}
    if types & {"school", "university", "exchange"}:
        return "education"
    if "company" in types:
        return "business"
    return "civic"
