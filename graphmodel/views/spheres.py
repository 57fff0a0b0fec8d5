"""A strategy's spheres of influence: the links it names, by sphere and tier, each sourced.

Kent's 2007 strategy lists its links by sphere (Europe, To the West, To the East) and, within
Europe only, states three tiers in words ("underpinned by top-level Member commitments", "close
ties based on specific funding or projects", "exploring the potential"). A link's tier is
*stated* where the register gives the words a paper uses (the partnership's ``tier_source``);
otherwise it is the register's reading and is shown as *inferred*. A link belongs to the
strategy's lists when one of its sources cites a section of the strategy (or a subsection of
one), so any council's strategy is read the same way.

Examples
--------
>>> within("001.txt § Appendix 1 – Spheres of Influence – Europe",
...        ["001.txt § Appendix 1 – Spheres of Influence"])
True
>>> within("001.txt § Appendix 2", ["001.txt § Appendix 1"])
False
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphmodel.views.sources import SourceLabels, parse_source

__all__ = ["SPHERE_TITLES", "TIER_TITLES", "spheres_of", "within"]

SPHERE_TITLES = {
    "europe": "Europe",
    "west": "To the West",
    "east": "To the East",
    "other": "Elsewhere",
    "domestic": "Domestic",
}
TIER_TITLES = {
    "strategic": "Strategic",
    "funding-or-projects": "Funding or projects",
    "exploring": "Exploring",
    "twinning": "Twinning",
    "network": "Network",
    "informal": "Informal",
    "domestic": "Domestic",
}


def within(source: str, sections: Iterable[str]) -> bool:
    """Whether ``source`` cites one of ``sections`` (``FILE § SECTION``) or a subsection."""
    ref = parse_source(source)
    for s in sections:
        own = parse_source(s)
        if ref.file == own.file and (
            ref.section == own.section or ref.section.startswith(own.section + " – ")
        ):
            return True
    return False


def spheres_of(store: Any, strategy_id: str) -> list[dict[str, Any]]:
    """The links a strategy names, by sphere then tier (in the strategy's order).

    Returns ``[{"sphere", "title", "links": [{"id", "name", "partner", "tier", "tier_title",
    "basis", "stated_by", "cited"}]}]``: ``basis`` is "stated" or "inferred", ``stated_by`` the
    source that states the tier, ``cited`` the link's sources within the strategy.
    """
    strategy = store.node(strategy_id) or {}
    sections = strategy.get("sources") or []
    owners = [
        r["other_id"]
        for r in store.relationships(strategy_id)
        if r["type"] == "ADOPTS" and r["direction"] == "in"
    ]
    groups: dict[str, list[dict[str, Any]]] = {}
    for owner in owners:
        for r in store.relationships(owner):
            if r["type"] != "HAS_PARTNERSHIP" or r["direction"] != "out":
                continue
            p = store.node(r["other_id"]) or {}
            cited = [s for s in p.get("sources") or [] if within(s, sections)]
            if not cited:
                continue
            partner = next(
                (
                    x["other_name"]
                    for x in store.relationships(p["id"])
                    if x["type"] == "WITH_PARTNER" and x["direction"] == "out"
                ),
                None,
            )
            tier = p.get("tier") or ""
            groups.setdefault(p.get("sphere") or "other", []).append(
                {
                    "id": p["id"],
                    "name": p.get("name") or p["id"],
                    "partner": partner,
                    "tier": tier,
                    "tier_title": TIER_TITLES.get(tier, tier),
                    "basis": "stated" if p.get("tier_stated_by") else "inferred",
                    "stated_by": p.get("tier_stated_by"),
                    "cited": cited,
                }
            )
    order = list(SPHERE_TITLES)
    tiers = list(TIER_TITLES)
    return [
        {
            "sphere": sphere,
            "title": SPHERE_TITLES.get(sphere, sphere),
            "links": sorted(
                links,
                key=lambda x: (tiers.index(x["tier"]) if x["tier"] in tiers else 99, x["name"]),
            ),
        }
        for sphere, links in sorted(
            groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99
        )
    ]


def link_line(link: dict[str, Any], labels: SourceLabels, own_files: set[str]) -> str:
    """``Kent – Lovech: exploring (stated: “Finally, we are exploring…”, § Appendix 1 – …)``;
    a paper other than the strategy's own is named."""

    def where(source: str) -> str:
        ref = parse_source(source)
        doc = labels.document(ref.file)
        paper = f"{doc.heading} " if doc and ref.file not in own_files else ""
        return f"{paper}§ {ref.section}"

    if link["basis"] == "stated":
        quote = parse_source(link["stated_by"]).quote
        said = f"“{quote}”, " if quote else ""
        why = f"stated: {said}{where(link['stated_by'])}"
    else:
        why = f"inferred by the register: the strategy names it in {where(link['cited'][0])}"
        why += " but states no tier there"
    return f"{link['name']}: {link['tier_title'].lower()} ({why})"


def spheres_section(node, rels, labels: SourceLabels, store=None) -> dict[str, Any] | None:
    """The strategy card's section: its spheres, each link with its tier and where that is
    stated, or that it is inferred."""
    if store is None:
        return None
    spheres = spheres_of(store, node["id"])
    if not spheres:
        return None
    own_files = {parse_source(s).file for s in node.get("sources") or []}
    return {
        "key": "spheres",
        "title": "Spheres of influence: the links it names, with their tiers",
        "rows": [
            {
                "label": s["title"],
                "value": [
                    {"text": link_line(x, labels, own_files), "id": x["id"]} for x in s["links"]
                ],
            }
            for s in spheres
        ],
    }


spheres_section.wants_store = True  # type: ignore[attr-defined]
