"""Funding prospects, shown beside the strategy's four criteria (docs/EVALUATOR.md).

Read as of the evaluation's date (:mod:`.dated`): EU membership on that date, and a programme
counts only while its programming period is open.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from .criteria import Side, parts_result
from .dated import Period, eu_member, joined_from_central_eastern_europe, programme_period
from .results import CriterionResult, Evidence
from .scoring import saturating

__all__ = ["funding"]


# -- funding ----------------------------------------------------------------------------------
def _open(programme: str, period_of, as_of: _dt.date) -> bool:
    period = period_of(programme)
    return period is None or period.covers(as_of)


def funding(
    home: Side,
    cand: Side,
    funded: list[tuple[str, str, list[str]]] | None,
    as_of: _dt.date | None = None,
    period_of: Callable[[str], Period | None] = programme_period,
) -> CriterionResult:
    """EU membership of both on ``as_of`` and the programmes open to both (shared eligibility
    and funded projects in the graph), each read only while its programming period is open."""
    as_of = as_of or _dt.date.today()
    evidence, missing = [], []
    parts: dict[str, float] = {}
    weights = {"eu": 0.3, "programmes": 0.7}
    eu = _eu_membership(home, cand, as_of)
    if eu is not None:
        parts["eu"], ev = eu
        evidence.append(ev)
    else:
        missing.append("EU membership: country unknown")
    hf, cf = home.profile.funding, cand.profile.funding
    programmes: set[str] = set()
    if hf is not None and cf is not None:
        programmes, found = _shared_eligibility(hf, cf, as_of, period_of)
        evidence += found
    else:
        who = [s.name for s, f in ((home, hf), (cand, cf)) if f is None]
        missing.append(f"programme eligibility of {' and '.join(who)}: not recorded")
    if funded:
        current, found = _funded_projects(funded, as_of, period_of)
        programmes |= current
        evidence += found
    open_parts = {}
    # eligibility recorded only for programmes closed on the date says nothing of today's
    dated = [
        s for s, f in ((home, hf), (cand, cf))
        if f is not None and f and not any(_open(x.programme, period_of, as_of) for x in f)
    ]  # fmt: skip
    for side in dated:
        missing.append(
            f"programme eligibility of {side.name} on {as_of.isoformat()}: only programmes "
            "closed by then are recorded"
        )
    if hf is not None and cf is not None and not dated:
        parts["programmes"] = saturating(len(programmes))
    elif funded or (hf is not None and cf is not None):
        # eligibility not recorded (or only for closed programmes): more may yet be shared
        open_parts["programmes"] = (saturating(len(programmes)), 1.0)
    summary = (
        f"{len(programmes)} shared programme(s) or funded project(s); "
        f"EU: {'both' if parts.get('eu') else 'no' if 'eu' in parts else 'unknown'}"
    )
    # unknown eligibility is a range, never a score: missing funding evidence is never 100
    return parts_result("funding", parts, weights, evidence, missing, summary, open_parts)


def _eu_membership(home: Side, cand: Side, as_of: _dt.date) -> tuple[float, Evidence] | None:
    """1.0 when both are EU members on ``as_of`` (else 0.0) and its evidence; None when either
    country is unknown."""
    if not (home.country and cand.country):
        return None
    hm, cm = eu_member(home.country, as_of), eu_member(cand.country, as_of)
    both = hm.member and cm.member
    value = 1.0 if both else 0.0
    cee = joined_from_central_eastern_europe(cand.country, as_of)
    return value, Evidence(
        item=f"EU membership on {as_of.isoformat()}",
        home=hm.text,
        candidate=cm.text + (" (joined from Central/Eastern Europe)" if cee else ""),
        home_source=hm.source.label() if hm.source else None,
        candidate_source=cm.source.label() if cm.source else None,
        detail="both may bid together under EU territorial co-operation"
        if both
        else "EU territorial co-operation programmes not open to both as members",
        value=value,
    )


def _shared_eligibility(hf, cf, as_of, period_of) -> tuple[set[str], list[Evidence]]:
    """Programmes both sides are eligible for and open on ``as_of``, with evidence for each
    (and for those both were eligible for but closed by then, which count for nothing)."""
    programmes: set[str] = set()
    evidence: list[Evidence] = []
    h_ok = {f.programme: f for f in hf if f.eligible}
    for f in cf:
        if not (f.eligible and f.programme in h_ok):
            continue
        period = period_of(f.programme)
        if period is not None and not period.covers(as_of):
            evidence.append(
                Evidence(
                    item=f"Both were eligible: {f.programme} ({period.text})",
                    home=h_ok[f.programme].description or "eligible",
                    home_source=h_ok[f.programme].source.label(),
                    candidate=f.description or "eligible",
                    candidate_source=f.source.label(),
                    sources=[period.source.label()],
                    detail=f"programming period {period.text}: not open on {as_of.isoformat()}",
                    value=0.0,
                )
            )
            continue
        programmes.add(f.programme)
        evidence.append(
            Evidence(
                item=f"Both eligible: {f.programme}",
                home=h_ok[f.programme].description or "eligible",
                home_source=h_ok[f.programme].source.label(),
                candidate=f.description or "eligible",
                candidate_source=f.source.label(),
                sources=[period.source.label()] if period else [],
                detail="shared programme eligibility"
                + (f" (period {period.text})" if period else ", period not recorded"),
                value=1.0,
            )
        )
    return programmes, evidence


def _funded_projects(funded, as_of, period_of) -> tuple[set[str], list[Evidence]]:
    """Programmes of funded projects in the graph still open on ``as_of``; a project under a
    closed programme is evidence of a track record, not a current prospect."""
    programmes: set[str] = set()
    evidence: list[Evidence] = []
    for project, programme, sources in funded:
        period = period_of(programme)
        closed = period is not None and not period.covers(as_of)
        if not closed:
            programmes.add(programme)
        evidence.append(
            Evidence(
                item=f"Funded project in the graph: {project}",
                candidate=f"{project} funded by {programme}",
                sources=sources + ([period.source.label()] if period else []),
                detail=(
                    f"recorded funding; programming period {period.text}, closed on "
                    f"{as_of.isoformat()}: a track record, not a current prospect"
                    if closed
                    else "recorded funding"
                    + (f" (period {period.text})" if period else ", period not recorded")
                ),
                value=0.0 if closed else 1.0,
            )
        )
    return programmes, evidence
