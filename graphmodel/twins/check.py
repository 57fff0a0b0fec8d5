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

__all__ = ["TwinDifference", "check_twins", "home_place", "NotMatched"]


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


def check_twins(
    graph: PartnerGraph,
    network: ReferenceNetwork,
    council: str,
    partners: list[dict],
) -> list[TwinDifference]:
    """Differences between the council's partners (rows of the ``partners`` query) and the
    reference twins of its place."""
    matches = {m.node: m for m in match_register(graph, network)}
    home = home_place(council, matches, network)
    twins = network.twins(home)
    place = network.places[home]
    out: list[TwinDifference] = []
    partner_q: dict[str, list[dict]] = {}
    for p in partners:
        m = matches.get(p["partner"])
        if m and m.qid:
            partner_q.setdefault(m.qid, []).append(p)
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
                    f"not matched to a reference place ({m.how if m else 'not a place record'})"
                    + (f"; candidates {', '.join(m.candidates)}" if m and m.candidates else "")
                    + "; add 'wikidata: Q…' to the record to compare it",
                    (),
                )
            )
    for q, link in sorted(twins.items()):
        t = network.places[q]
        claimers = link.claimers()
        who = "both" if len(claimers) == 2 else f"{claimers[0]} only"
        sources = tuple(wikidata_source(c) for c in claimers)
        if q in partner_q:
            for p in partner_q[q]:
                out.append(
                    TwinDifference(
                        "in both",
                        q,
                        t.display_name,
                        t.country,
                        p["partner"],
                        p["partner_name"],
                        p.get("tier"),
                        who,
                        "the register and the reference agree",
                        sources,
                    )
                )
        else:
            out.append(
                TwinDifference(
                    "reference only",
                    q,
                    t.display_name,
                    t.country,
                    None,
                    None,
                    None,
                    who,
                    f"Wikidata records {place.display_name} twinned with {t.display_name}; the register has no "
                    "partner there: add one if the link is live, or note that it has lapsed",
                    sources,
                )
            )
    for q, ps in sorted(partner_q.items()):
        if q in twins or q == home:
            continue
        for p in ps:
            if p.get("tier") != "twinning":
                continue
            t = network.places[q]
            out.append(
                TwinDifference(
                    "register only",
                    q,
                    t.display_name,
                    t.country,
                    p["partner"],
                    p["partner_name"],
                    p.get("tier"),
                    None,
                    f"the register has a twinning with {t.display_name}; Wikidata P190 does not link "
                    f"{place.display_name} and {t.display_name} (it may be missing there)",
                    (wikidata_source(home), wikidata_source(q)),
                )
            )
    out.sort(key=lambda d: (_ORDER[d.kind], d.country or "~", d.twin_name or d.partner or ""))
    return out
