"""The strategy's first three criteria (the fourth, community ties, is in :mod:`.community`; funding
and network value in their own modules), and what every criterion shares.

Each function takes the home side and the candidate side (:class:`Side`) and returns a
:class:`CriterionResult`: the range ``low``–``high`` the score can still take once the missing
evidence is in (every part that is missing keeps its whole possible range), the mean of the parts
researched (``score``, for the summary), a confidence equal to the share of the needed evidence
that was researched, the evidence itself and a list of what is missing. A criterion with no
evidence at all has ``score=None`` and the range 0–100: it is never scored as 0 or as a match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .declared import DECLARED
from .profiles import INDICATORS, TIE_CATEGORIES, Figure, Profile
from .results import CriterionResult, Evidence
from .scoring import (
    LOG_SPAN,
    POINTS_SPAN,
    cost_score,
    distance_score,
    haversine_km,
    journey_score,
    log_similarity,
    overlap_similarity,
    points_similarity,
)

__all__ = [
    "Side",
    "PRIORITY_TARGET_SHARE",
    "similarity",
    "priorities",
    "accessibility",
    "TIE_KINDS",
    "priority_range",
    "parts_result",
]

#: the kinds of community tie (a candidate with ties of every kind scores 100 × (1 − 0.5⁶))
TIE_KINDS = TIE_CATEGORIES

#: indicators of size: compared only between bodies of one level (home.home_at_level)
SIZES = ("population", "area_km2")
#: sharing this share of the home council's (weighted) priorities scores 100 on criterion 2
PRIORITY_TARGET_SHARE = 0.4
ACCESS_PARTS = {"distance": 0.5, "direct_link": 0.2, "journey_time": 0.15, "cost": 0.15}


@dataclass
class Side:
    """One side of an evaluation: its profile plus what the graph and reference data add."""

    profile: Profile
    graph_id: str | None = None
    location: tuple[float, float, str, str] | None = None  # lat, lon, place, source
    #: theme id -> (name, weight, source)
    themes: dict[str, tuple[str, float, str]] | None = None
    #: theme id -> ids of its broader themes (from the graph)
    theme_parents: dict[str, list[str]] = field(default_factory=dict)
    #: False when the themes are only what the register and reference data happen to record
    themes_researched: bool = True
    #: (ISO 639 codes, source): the place's own where its profile gives them, else its country's
    languages: tuple[list[str], str] | None = None
    #: "region" (a county, regional or state body) or "city": the level it is compared at
    level: str = "city"
    #: a home council's priorities left out because only papers dated after the evaluation's
    #: date state them (:func:`.home.priorities_on`): theme id -> (name, source)
    themes_later: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def country(self) -> str | None:
        return self.profile.country


def _clip(x: float) -> float:
    return max(0.0, min(100.0, x))


def _result(
    key, score, confidence, evidence, missing, summary, weight=0.0, low=None, high=None
) -> CriterionResult:
    """A criterion's result. Without ``low``/``high``, the range is the score itself when all the
    evidence is in (confidence 1) and 0–100 otherwise: never narrower than the evidence allows."""
    if low is None or high is None:
        settled = score is not None and confidence >= 1 and not missing
        low, high = (score, score) if settled else (0.0, 100.0)
    low, high = round(_clip(low), 3), round(_clip(high), 3)
    return CriterionResult(
        key=key,
        title=DECLARED[key].title if key in DECLARED else key,
        score=None if score is None else round(_clip(score), 1),
        # no score, no confidence in it: an unscored criterion adds nothing to the confidence
        confidence=0.0 if score is None else round(max(0.0, min(1.0, confidence)), 3),
        low=low,
        high=high,
        evidence=evidence,
        missing=missing,
        summary=summary,
        weight=weight,
    )


def parts_result(
    key: str,
    parts: dict[str, float],
    part_weights: dict[str, float],
    evidence: list[Evidence],
    missing: list[str],
    summary: str,
    open_parts: dict[str, tuple[float, float]] | None = None,
) -> CriterionResult:
    """A criterion made of weighted parts, each 0–1: ``parts`` known, ``open_parts`` known only
    to lie in a range, the rest missing (0–1). Score: the weighted mean of the known parts;
    range: every part not known at its whole possible range; confidence: the weight known."""
    total_w = sum(part_weights.values())
    open_parts = open_parts or {}
    ranges = {k: (parts[k], parts[k]) if k in parts else open_parts.get(k, (0.0, 1.0))
              for k in part_weights}  # fmt: skip
    low = 100 * sum(part_weights[k] * lo for k, (lo, _) in ranges.items()) / total_w
    high = 100 * sum(part_weights[k] * hi for k, (_, hi) in ranges.items()) / total_w
    present = sum(part_weights[k] for k in parts)
    score = 100 * sum(part_weights[k] * v for k, v in parts.items()) / present if present else None
    return _result(key, score, present / total_w, evidence, missing, summary, low=low, high=high)


def priority_range(yes: float, no: float, total: float) -> tuple[float, float, float | None]:
    """(low, high, score) of criterion 2 when priorities of weight ``yes`` are known to be shared,
    ``no`` known not to be, and the rest of ``total`` not researched (each could go either way).

    >>> priority_range(1.0, 0.0, 25.0)[:2]
    (10.0, 100.0)
    >>> priority_range(1.0, 24.0, 25.0)[:2]
    (10.0, 10.0)
    """
    target = PRIORITY_TARGET_SHARE * total
    low = 100 * min(1.0, yes / target)
    high = 100 * min(1.0, (total - no) / target)
    researched = yes + no
    score = 100 * min(1.0, yes / (PRIORITY_TARGET_SHARE * researched)) if researched else None
    return low, high, score


# -- 1. socio-economic similarity -----------------------------------------------------------
def _indicator_similarity(key: str, a: Figure, b: Figure) -> tuple[float, str]:
    kind = INDICATORS[key][2]
    if kind == "log":
        s = log_similarity(float(a.value), float(b.value), LOG_SPAN[key])
        ratio = max(a.value, b.value) / min(a.value, b.value)
        return s, _times_words(ratio, LOG_SPAN[key])
    if kind == "points":
        s = points_similarity(float(a.value), float(b.value), POINTS_SPAN[key])
        return s, (
            f"{abs(a.value - b.value):.1f} percentage points apart (similarity {s:.0%}; "
            f"{POINTS_SPAN[key]:g} points or more apart: 0%)"
        )
    if kind == "same":
        same = bool(a.value) == bool(b.value)
        return (1.0 if same else 0.0), ("same" if same else "different")
    s = overlap_similarity(list(a.value), list(b.value))
    shared = sorted({x.casefold() for x in a.value} & {x.casefold() for x in b.value})
    return s, f"shared: {', '.join(shared) or 'none'} (overlap {s:.2f})"


def _times_words(ratio: float, span: float) -> str:
    """ "one is about 8 times the other (similarity 9%; 10 times or more: 0%)"."""
    s = log_similarity(ratio, 1.0, span)
    if ratio < 1.15:
        size = "about the same"
    elif ratio < 1.75:
        size = f"one is about {ratio:.1f} times the other"
    else:
        size = f"one is about {ratio:.0f} times the other"
    return f"{size} (similarity {s:.0%}; {span:g} times or more: 0%)"


def bounded_similarity(key: str, a: Figure, b: Figure) -> tuple[float, float]:
    """The range of a size similarity when a side's figure is only a lower bound: the true
    value is anywhere from the bound up, so it may be far larger (similarity 0); it may equal the
    other side's (1) only if the bound is not above it.

    >>> src = {"doc": "d", "section": "s"}
    >>> home = Figure(value=1_000_000.0, source=src)
    >>> lo, hi = bounded_similarity(
    ...     "population", home, Figure(value=2_000_000.0, bound="lower", source=src)
    ... )
    >>> lo, round(hi, 2)
    (0.0, 0.7)
    >>> bounded_similarity("population", home, Figure(value=500_000.0, bound="lower", source=src))
    (0.0, 1.0)
    """
    if INDICATORS[key][2] != "log" or (a.bound and b.bound):
        return 0.0, 1.0
    exact, bound = (a, b) if b.bound else (b, a)
    if float(bound.value) <= float(exact.value):
        return 0.0, 1.0
    return 0.0, log_similarity(float(exact.value), float(bound.value), LOG_SPAN[key])


def similarity(home: Side, cand: Side) -> CriterionResult:
    evidence, missing, sims = [], [], []
    bounded: list[tuple[float, float]] = []
    for key, (label, _unit, _kind) in INDICATORS.items():
        a, b = home.profile.indicators.get(key), cand.profile.indicators.get(key)
        if a is None and b is not None and home.level != cand.level and key in SIZES:
            missing.append(
                f"{label}: not compared, {home.name} is a {home.level}-level body and "
                f"{cand.name} a {cand.level}: sizes are compared at one level only"
                + (
                    " (a reference_city in its profile gives it a city's)"
                    if home.level == "region"
                    else ""
                )
            )
            continue
        if a is None or b is None:
            who = [s.name for s, f in ((home, a), (cand, b)) if f is None]
            missing.append(f"{label}: no sourced figure for {' or '.join(who)}")
            continue
        if a.bound or b.bound:  # only a bound is known: the similarity keeps its range
            lo, hi = bounded_similarity(key, a, b)
            bounded.append((lo, hi))
            who = cand.name if b.bound else home.name
            evidence.append(
                Evidence(
                    item=label,
                    home=a.shown(),
                    home_source=_fig_source(a),
                    candidate=b.shown(),
                    candidate_source=_fig_source(b),
                    detail=f"only a lower bound for {who}: similarity {lo:.0%} to {hi:.0%}",
                )
            )
            missing.append(f"{label}: only a lower bound for {who}, not the figure itself")
            continue
        s, detail = _indicator_similarity(key, a, b)
        detail += _years_apart(a, b)
        sims.append(s)
        approx = " (approximate)" if a.approximate or b.approximate else ""
        evidence.append(
            Evidence(
                item=label,
                home=a.shown(),
                home_source=_fig_source(a),
                candidate=b.shown(),
                candidate_source=_fig_source(b),
                detail=detail + approx,
                value=round(s, 3),
            )
        )
    n = len(INDICATORS)
    score = 100 * sum(sims) / len(sims) if sims else None
    summary = (
        f"{len(sims)} of {n} indicators compared (mean similarity {score:.0f}/100); "
        f"the other {n - len(sims)} could each be anywhere from unlike to alike"
        if sims and len(sims) < n
        else f"all {n} indicators compared"
        if sims
        else "no indicator has a sourced figure on both sides"
    )
    low = 100 * (sum(sims) + sum(lo for lo, _ in bounded)) / n
    high = 100 * (sum(sims) + sum(hi for _, hi in bounded) + n - len(sims) - len(bounded)) / n
    return _result(
        "similarity", score, len(sims) / n, evidence, missing, summary, low=low, high=high
    )


def _years_apart(a: Figure, b: Figure) -> str:
    """A note when two figures compared are of different years, or one's year is not known (a
    2001 census against a reference figure of no stated year)."""
    if str(a.year or "") == str(b.year or ""):
        return ""
    return (
        f"; figures of different years ({a.year or 'year not stated'}; "
        f"{b.year or 'year not stated'})"
    )


def _fig_source(f: Figure) -> str:
    year = f" ({f.year})" if f.year else ""
    return f.label() + year


# -- 2. opportunities, priorities and challenges --------------------------------------------
def priorities(home: Side, cand: Side) -> CriterionResult:
    """Weighted share of the home council's priorities the candidate shares. A priority is shared
    (a candidate theme or one of its parts), known not to be (the candidate's themes were
    researched in full), or unknown: an unknown priority keeps both possibilities in the range."""
    missing, evidence = [], []
    if home.themes_later:  # not yet stated on the evaluation's date
        evidence.append(
            Evidence(
                item=f"{home.name} priorities stated only after the evaluation's date: left out",
                home=", ".join(n for n, _ in home.themes_later.values()),
                detail="only papers dated after the evaluation's date state them",
                sources=list(dict.fromkeys(src for _, src in home.themes_later.values())),
            )
        )
    if not home.themes:
        none = "none stated by the evaluation's date" if home.themes_later else "none recorded"
        missing.append(f"priorities and challenges of {home.name}: {none}")
        return _result("priorities", None, 0.0, evidence, missing, "not scored: see missing")
    cand_themes = cand.themes or {}
    expanded: dict[str, str] = {}  # home theme id -> candidate theme that matches it
    for tid in cand_themes:
        expanded.setdefault(tid, tid)
        for parent in cand.theme_parents.get(tid, []):
            expanded.setdefault(parent, tid)
    total = sum(w for _, w, _ in home.themes.values())
    yes = sum(w for hid, (_, w, _) in home.themes.items() if hid in expanded)
    no = 0.0 if not cand.themes_researched else total - yes
    low, high, score = priority_range(yes, no, total)
    for hid, (hname, w, hsrc) in home.themes.items():
        if hid in expanded:
            cid = expanded[hid]
            cname, _, csrc = cand_themes[cid]
            evidence.append(
                Evidence(
                    item=f"shared: {hname}",
                    home=f"{hname} (weight {w:g})",
                    home_source=hsrc,
                    candidate=cname if cid == hid else f"{cname} (a part of {hname})",
                    candidate_source=csrc,
                    detail="shared theme",
                    value=1.0,
                )
            )
    rest = [(hid, n, src) for hid, (n, _, src) in home.themes.items() if hid not in expanded]
    if rest:
        evidence.append(
            Evidence(
                item=f"{home.name} priorities "
                + ("not shared" if cand.themes_researched else "not known to be shared")
                + f" by {cand.name}",
                home=", ".join(n for _, n, _ in rest),
                detail="not shared: the candidate's themes were researched in full"
                if cand.themes_researched
                else "unknown: nobody has researched whether the candidate shares them",
                sources=list(dict.fromkeys(src for _, _, src in rest)),
                value=0.0 if cand.themes_researched else None,
            )
        )
    other = [n for cid, (n, _, _) in cand_themes.items() if cid not in home.themes]
    if other:
        evidence.append(
            Evidence(
                item=f"other themes of {cand.name}",
                candidate=", ".join(other),
                sources=list(
                    dict.fromkeys(
                        src for cid, (_, _, src) in cand_themes.items() if cid not in home.themes
                    )
                ),
            )
        )
    if not cand.themes_researched:
        known = (
            f"only the {len(cand_themes)} theme(s) recorded are known"
            if cand_themes
            else ("none recorded")
        )
        missing.append(
            f"themes, opportunities and challenges of {cand.name}: not researched ({known}); "
            f"{total - yes:g} of {total:g} weighted priorities of {home.name} unknown"
        )
    summary = (
        f"shares {yes:g} of {total:g} weighted priorities"
        + (f", {total - yes - no:g} not researched" if total - yes - no else "")
        + f" ({PRIORITY_TARGET_SHARE:.0%} shared scores 100)"
    )
    confidence = (yes + no) / total
    return _result("priorities", score, confidence, evidence, missing, summary, low=low, high=high)


# -- 3. accessibility at reasonable cost --------------------------------------------------------
def accessibility(home: Side, cand: Side) -> CriterionResult:
    parts: dict[str, float] = {}
    evidence, missing = [], []
    if home.location and cand.location:
        km = haversine_km(home.location[0], home.location[1], cand.location[0], cand.location[1])
        parts["distance"] = distance_score(km)
        evidence.append(
            Evidence(
                item="Great-circle distance",
                home=f"{home.location[2]} ({home.location[0]:.3f}, {home.location[1]:.3f})",
                home_source=home.location[3],
                candidate=f"{cand.location[2]} ({cand.location[0]:.3f}, {cand.location[1]:.3f})",
                candidate_source=cand.location[3],
                detail=f"{km:,.0f} km",
                value=round(parts["distance"], 3),
            )
        )
    else:
        who = [s.name for s in (home, cand) if not s.location]
        missing.append(f"location of {' and '.join(who)}: no coordinates")
    links = cand.profile.transport
    if links:
        ids = {home.profile.id, home.graph_id}
        mine = [x for x in links if x.home is None or x.home in ids]
        # links recorded to other councils say nothing of links to this one: not researched
        links = mine or None
    if links is None:
        missing.append(f"transport links between {home.name} and {cand.name}: not researched")
    else:
        for link in links:
            bits = [link.mode, "direct" if link.direct else "with changes"]
            if link.journey_hours:
                bits.append(f"{link.journey_hours:g} h")
            if link.cost_gbp is not None:
                bits.append(f"£{link.cost_gbp:,.0f}")
            evidence.append(
                Evidence(
                    item=f"Transport: {link.mode}",
                    candidate=", ".join(bits)
                    + (f" — {link.description}" if link.description else ""),
                    candidate_source=link.source.label(),
                    detail="recorded transport link",
                    value=1.0 if link.direct else 0.5,
                )
            )
        if not links:
            evidence.append(
                Evidence(
                    item="Transport links",
                    detail=f"researched: no transport link to {home.name} recorded",
                    value=0.0,
                )
            )
        if links:
            parts["direct_link"] = 1.0 if any(x.direct for x in links) else 0.5
        else:
            parts["direct_link"] = 0.0
        hours = [x.journey_hours for x in links if x.journey_hours]
        costs = [x.cost_gbp for x in links if x.cost_gbp is not None]
        if hours:
            parts["journey_time"] = max(journey_score(h) for h in hours)
        else:
            missing.append("journey time: not recorded")
        if costs:
            parts["cost"] = max(cost_score(c) for c in costs)
        else:
            missing.append("travel cost: not recorded")
    summary = (
        "; ".join(f"{k.replace('_', ' ')} {v * 100:.0f}" for k, v in parts.items())
        if parts
        else "not scored: see missing"
    )
    return parts_result("accessibility", parts, ACCESS_PARTS, evidence, missing, summary)
