"""A council's register against the reference twin network: what one has and the other lacks.

The differences are suggestions with their sources, never errors: Wikidata may be missing a
link a council keeps, and a council may have let a twinning lapse that Wikidata still records.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphmodel.build.graph import PartnerGraph
from graphmodel.errors import PartnerGraphError

from .dataset import ReferenceNetwork, wikidata_source
from .matching import Match, match_register

__all__ = [
    "TwinDifference",
    "check_twins",
    "check_twins_in_store",
    "compare",
    "home_place",
    "NotMatched",
]


class NotMatched(PartnerGraphError):
    """The council has no reference place to compare with."""


@dataclass(frozen=True)
class TwinDifference:
    kind: str  # "in both", "reference only", "register only", "not in the reference"
    twin: str | None  # the reference place (Q id)
    twin_name: str | None
    country: str | None
    partner: str | None  # the register record
    partner_name: str | None
    tier: str | None
    claimed_by: str | None
    suggestion: str
    sources: tuple[str, ...]

    def as_row(self) -> dict:
        return {
            "kind": self.kind,
            "twin": self.twin,
            "twin_name": self.twin_name,
            "country": self.country,
            "partner": self.partner,
            "partner_name": self.partner_name,
            "tier": self.tier,
            "claimed_by": self.claimed_by,
            "suggestion": self.suggestion,
            "sources": list(self.sources),
        }


def home_place(council: str, matches: dict[str, Match], network: ReferenceNetwork) -> str:
    m = matches.get(council)
    if m is None or m.qid is None:
        why = m.how if m else "it is not a council, city or place record"
        raise NotMatched(
            f"{council} is not matched to a reference place ({why}); give it or its place a "
            "'wikidata: Q…' field (docs/REGISTER.md, 'Start from the reference')"
        )
    return m.qid


_ORDER = {"reference only": 0, "register only": 1, "not in the reference": 2, "in both": 3}


@dataclass(frozen=True)
class _Twin:
    qid: str
    name: str
    country: str | None
    claimers: tuple[str, ...]


def compare(
    home: str,
    home_name: str,
    twins: list[_Twin],
    partners: list[dict],
    place_of: dict[str, str | None],
    why_not: dict[str, str],
    names: dict[str, tuple[str, str | None]],
) -> list[TwinDifference]:
    """The differences, from the home's reference place and twins, the council's partners
    (rows of the ``partners`` query), each partner's reference place (or why it has none) and
    the names and countries of the places concerned."""
    out: list[TwinDifference] = []
    partner_q: dict[str, list[dict]] = {}
    for p in partners:
        q = place_of.get(p["partner"])
        if q:
            partner_q.setdefault(q, []).append(p)
        elif p.get("tier") == "twinning":
            out.append(
                TwinDifference(
                    "not in the reference",
                    None,
                    None,
                    None,
                    p["partner"],
                    p["partner_name"],
                    p.get("tier"),
                    None,
                    f"not matched to a reference place ({why_not.get(p['partner'], 'no reference place matched')})"
                    "; add 'wikidata: Q…' to the record to compare it",
                    (),
                )
            )
    twin_ids = {t.qid for t in twins}
    for t in sorted(twins, key=lambda t: t.qid):
        who = "both" if len(t.claimers) == 2 else f"{t.claimers[0]} only"
        sources = tuple(wikidata_source(c) for c in t.claimers)
        for p in partner_q.get(t.qid, []):
            out.append(
                TwinDifference(
                    "in both", t.qid, t.name, t.country, p["partner"], p["partner_name"],
                    p.get("tier"), who, "the register and the reference agree", sources,
                )
            )  # fmt: skip
        if t.qid not in partner_q:
            out.append(
                TwinDifference(
                    "reference only", t.qid, t.name, t.country, None, None, None, who,
                    f"Wikidata records {home_name} twinned with {t.name}; the register has no "
                    "partner there: add one if the link is live, or note that it has lapsed",
                    sources,
                )
            )  # fmt: skip
    for q, ps in sorted(partner_q.items()):
        if q in twin_ids or q == home:
            continue
        name, country = names.get(q, (q, None))
        for p in ps:
            if p.get("tier") != "twinning":
                continue
            out.append(
                TwinDifference(
                    "register only", q, name, country, p["partner"], p["partner_name"],
                    p.get("tier"), None,
                    f"the register has a twinning with {name}; Wikidata P190 does not link "
                    f"{home_name} and {name} (it may be missing there)",
                    (wikidata_source(home), wikidata_source(q)),
                )
            )  # fmt: skip
    out.sort(key=lambda d: (_ORDER[d.kind], d.country or "~", d.twin_name or d.partner or ""))
    return out


def check_twins(
    graph: PartnerGraph,
    network: ReferenceNetwork,
    council: str,
    partners: list[dict],
) -> list[TwinDifference]:
    """Differences between the council's partners (rows of the ``partners`` query) and the
    reference twins of its place, the register matched to the reference afresh."""
    matches = {m.node: m for m in match_register(graph, network)}
    home = home_place(council, matches, network)
    twins = [
        _Twin(q, network.places[q].display_name, network.places[q].country, tuple(lk.claimers()))
        for q, lk in network.twins(home).items()
    ]
    place_of = {n: m.qid for n, m in matches.items()}
    why_not = {
        n: m.how + (f"; candidates {', '.join(m.candidates)}" if m.candidates else "")
        for n, m in matches.items()
        if not m.qid
    }
    names = {q: (p.display_name, p.country) for q, p in network.places.items()}
    return compare(
        home, network.places[home].display_name, twins, partners, place_of, why_not, names
    )


def check_twins_in_store(store, council: str, partners: list[dict]) -> list[TwinDifference]:
    """The same differences read from a store that holds the reference (its ``SAME_PLACE_AS``
    matches and ``TWINNED_WITH`` links), on either store."""

    def same_place(node_id: str) -> str | None:
        for r in store.relationships(node_id):
            if r["type"] == "SAME_PLACE_AS" and r["direction"] == "out":
                return r["other_id"]
        return None

    home = same_place(council)
    if home is None:
        raise NotMatched(
            f"{council} is not matched to a reference place (or the reference is not loaded); "
            "give it or its place a 'wikidata: Q…' field (docs/REGISTER.md, 'Start from the "
            "reference')"
        )
    names: dict[str, tuple[str, str | None]] = {}

    def named(q: str) -> tuple[str, str | None]:
        if q not in names:
            n = store.node(q) or {}
            names[q] = (n.get("name") or q, n.get("country"))
        return names[q]

    twins = []
    for r in store.relationships(home):
        if r["type"] != "TWINNED_WITH":
            continue
        src, dst = (home, r["other_id"]) if r["direction"] == "out" else (r["other_id"], home)
        claimed = _claimed(store, src, dst)
        name, country = named(r["other_id"])
        twins.append(_Twin(r["other_id"], name, country, claimed))
    place_of = {p["partner"]: same_place(p["partner"]) for p in partners}
    for q in place_of.values():
        if q:
            named(q)
    return compare(home, named(home)[0], twins, partners, place_of, {}, names)


def _claimed(store, src: str, dst: str) -> tuple[str, ...]:
    for r in store.relationships(src):
        if r["type"] == "TWINNED_WITH" and r["direction"] == "out" and r["other_id"] == dst:
            sources = r.get("sources") or []
            claimers = tuple(s.rsplit(" ", 1)[-1] for s in sources)
            return claimers or (src, dst)
    return (src, dst)
