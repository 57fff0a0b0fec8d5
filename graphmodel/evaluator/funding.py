"""Funding prospects, shown beside the strategy's four criteria (docs/EVALUATOR.md)."""

from __future__ import annotations

from .criteria import Side, parts_result
from .reference import CEE_2004_2007, EU_2007, EU_SOURCE
from .results import CriterionResult, Evidence
from .scoring import saturating

__all__ = ["funding"]


# -- funding ----------------------------------------------------------------------------------
def funding(
    home: Side, cand: Side, funded: list[tuple[str, str, list[str]]] | None
) -> CriterionResult:
    evidence, missing = [], []
    parts: dict[str, float] = {}
    weights = {"eu": 0.3, "programmes": 0.7}
    if home.country and cand.country:
        both = home.country in EU_2007 and cand.country in EU_2007
        parts["eu"] = 1.0 if both else 0.0
        cee = cand.country in CEE_2004_2007
        evidence.append(
            Evidence(
                item="EU membership (2007)",
                home="EU member" if home.country in EU_2007 else "not in the EU",
                candidate=("EU member" if cand.country in EU_2007 else "not in the EU")
                + (" (joined from Central/Eastern Europe 2004/07)" if cee else ""),
                home_source=EU_SOURCE.label(),
                candidate_source=EU_SOURCE.label(),
                detail="both may bid together under EU territorial co-operation"
                if both
                else "EU territorial co-operation programmes not open to both",
                value=parts["eu"],
            )
        )
    else:
        missing.append("EU membership: country unknown")
    programmes: set[str] = set()
    hf, cf = home.profile.funding, cand.profile.funding
    if hf is not None and cf is not None:
        h_ok = {f.programme: f for f in hf if f.eligible}
        for f in cf:
            if f.eligible and f.programme in h_ok:
                programmes.add(f.programme)
                evidence.append(
                    Evidence(
                        item=f"Both eligible: {f.programme}",
                        home=h_ok[f.programme].description or "eligible",
                        home_source=h_ok[f.programme].source.label(),
                        candidate=f.description or "eligible",
                        candidate_source=f.source.label(),
                        detail="shared programme eligibility",
                        value=1.0,
                    )
                )
    else:
        who = [s.name for s, f in ((home, hf), (cand, cf)) if f is None]
        missing.append(f"programme eligibility of {' and '.join(who)}: not recorded")
    if funded:
        for project, programme, sources in funded:
            programmes.add(programme)
            evidence.append(
                Evidence(
                    item=f"Funded project in the graph: {project}",
                    candidate=f"{project} funded by {programme}",
                    sources=sources,
                    detail="recorded funding",
                    value=1.0,
                )
            )
    open_parts = {}
    if hf is not None and cf is not None:
        parts["programmes"] = saturating(len(programmes))
    elif funded:  # eligibility not recorded: more programmes may yet be shared
        open_parts["programmes"] = (saturating(len(programmes)), 1.0)
    summary = (
        f"{len(programmes)} shared programme(s) or funded project(s); "
        f"EU: {'both' if parts.get('eu') else 'no' if 'eu' in parts else 'unknown'}"
    )
    # unknown eligibility is a range, never a score: missing funding evidence is never 100
    return parts_result("funding", parts, weights, evidence, missing, summary, open_parts)
