"""Network value, shown beside the strategy's four criteria (docs/EVALUATOR.md)."""

from __future__ import annotations

from .criteria import Side, _result
from .graphread import GraphReader
from .reference import CEE_THEME, CEEC, country_name
from .results import CriterionResult, Evidence
from .scoring import saturating

__all__ = ["network", "covered_themes"]


def covered_themes(reader: GraphReader, active: list) -> tuple[set[str], list[str], int]:
    """Theme ids the home council's current partnerships cover, and what their places add
    (in words: "Central and Eastern Europe through County of Bács-Kiskun (HU)"), and how many
    international partnerships those are (domestic bodies are not international connections)."""
    active = [p for p in active if p.tier != "domestic"]  # international connections only
    covered = {t for p in active for t in p.themes}
    covered |= {parent for t in list(covered) for parent in reader.theme_parents(t)}
    cee = [p for p in active if p.country in CEEC]
    words = []
    if cee:
        covered.add(CEE_THEME)
        names = ", ".join(f"{p.partner_name} ({p.country})" for p in cee)
        words.append(f"Central and Eastern Europe through {names}")
    return covered, words, len(active)


# -- network value ----------------------------------------------------------------------------
def network(
    home: Side,
    cand: Side,
    reader: GraphReader,
) -> CriterionResult:
    """What the candidate adds to the home council's network: ties to existing partners
    (multilateral), themes no current partner covers, less any duplication of a partner or a
    partner's country."""
    evidence, missing = [], []
    partnerships = reader.partnerships(home.graph_id) if home.graph_id else []
    if not home.graph_id:
        missing.append(f"graph: {home.name} is not in the register, so its partners are unknown")
        return _result("network", None, 0.0, evidence, missing, "not scored: see missing")
    active = [p for p in partnerships if p.status != "ended" and p.tier != "exploring"]
    parts: dict[str, float] = {}
    linked = _links_to_partners(cand, reader, active)
    evidence += linked.values()
    if cand.graph_id or cand.profile.partner_links:
        parts["multilateral"] = saturating(len(linked))
    else:
        missing.append(f"links of {cand.name} to existing partners: not in the register")
    if cand.themes is not None:
        parts["new_themes"], found = _new_themes(cand, reader, active)
        evidence.append(found)
    else:
        missing.append(f"themes of {cand.name}: not researched, so new themes are unknown")
    dup, found = _duplication(home, cand, active)
    evidence += found
    if not parts:  # nothing else known, but the duplication the register shows caps it
        return _result(
            "network", None, 0.0, evidence, missing, "not scored: see missing",
            low=0.0, high=100 * (1 - 0.5 * dup),
        )  # fmt: skip
    base = sum(parts.values()) / len(parts)
    score = 100 * base * (1 - 0.5 * dup)
    present = len(parts) / 2
    # a part not known keeps its whole range (0–1); themes not researched in full may add new
    # themes; duplication is known from the register
    tops = {k: 1.0 if k == "new_themes" and not cand.themes_researched else v
            for k, v in parts.items()}  # fmt: skip
    low = 100 * sum(parts.values()) / 2 * (1 - 0.5 * dup)
    high = 100 * (sum(tops.values()) + 2 - len(parts)) / 2 * (1 - 0.5 * dup)
    if tops != parts:
        present -= 0.5
        missing.append(f"themes of {cand.name}: not researched in full, so new themes may be more")
    summary = (
        f"linked to {len(linked)} existing partner(s); duplication "
        f"{'high' if dup == 1 else 'some' if dup else 'none'}"
    )
    return _result("network", score, present, evidence, missing, summary, low=low, high=high)


def _links_to_partners(cand: Side, reader: GraphReader, active: list) -> dict[str, Evidence]:
    """Multilateral value: the existing partners the candidate is tied to (in its profile, or
    by a path in the graph), one piece of evidence each."""
    linked: dict[str, Evidence] = {}
    for link in cand.profile.partner_links:
        linked[link.partner] = Evidence(
            item=f"Linked to {reader.name(link.partner)}",
            candidate=link.description,
            candidate_source=link.source.label(),
            detail="multilateral: links an existing partner",
            value=1.0,
        )
    if not cand.graph_id:
        return linked
    for p in active:
        if p.partner_id == cand.graph_id or p.partner_id in linked:
            continue
        ties = reader.ties(p.partner_id, cand.graph_id)
        if ties:
            t = ties[0]
            linked[p.partner_id] = Evidence(
                item=f"Linked to {p.partner_name}",
                detail=t.description,
                path=t.path,
                sources=t.sources,
                value=1.0,
            )
    return linked


def _new_themes(cand: Side, reader: GraphReader, active: list) -> tuple[float, Evidence]:
    """Themes no current partner covers: what its partnerships address (and the broader themes
    of those), and what its partners' places give (a partner in Central and Eastern Europe
    covers the strategy's CEE theme)."""
    covered, by_place, n_links = covered_themes(reader, active)
    fresh = [n for tid, (n, _, _) in cand.themes.items() if tid not in covered]
    value = saturating(len(fresh))
    return value, Evidence(
        item="Themes no current partner covers",
        candidate=", ".join(fresh) or "none",
        sources=list(
            dict.fromkeys(src for tid, (_, _, src) in cand.themes.items() if tid not in covered)
        ),
        detail=f"{len(covered)} theme(s) covered by {n_links} current international "
        "partnership(s)" + (f", {'; '.join(by_place)}" if by_place else ""),
        value=round(value, 3),
    )


def _duplication(home: Side, cand: Side, active: list) -> tuple[float, list[Evidence]]:
    """1.0 when the candidate is already a partner, 0.5 when a partner is in its country, else
    0.0; with the evidence."""
    dup = 0.0
    evidence = []
    for p in active:
        if cand.graph_id and p.partner_id == cand.graph_id:
            dup = 1.0
            evidence.append(
                Evidence(
                    item="Duplication",
                    detail=f"already a {p.tier} partner ({p.status})",
                    path=[home.graph_id, "-[HAS_PARTNERSHIP]->", p.partnership_id],
                    sources=p.sources,
                    value=0.0,
                )
            )
        elif cand.country and p.country == cand.country and dup < 0.5:
            dup = 0.5
            evidence.append(
                Evidence(
                    item="Duplication",
                    detail=f"{p.partner_name} ({country_name(p.country)}) is already a partner",
                    path=[home.graph_id, "-[HAS_PARTNERSHIP]->", p.partnership_id],
                    sources=p.sources,
                    value=0.5,
                )
            )
    return dup, evidence
