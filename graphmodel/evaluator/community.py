"""Criterion 4: linkages relevant to local communities on both sides (docs/EVALUATOR.md)."""

from __future__ import annotations

from .criteria import TIE_KINDS, Side, _result
from .graphread import PROPOSAL, Tie
from .results import CriterionResult, Evidence
from .scoring import saturating

__all__ = ["community", "TIE_CATEGORY"]

TIE_CATEGORY = {
    "school": "education",
    "university": "education",
    "exchange": "education",
    "business": "business",
    "diaspora": "diaspora",
    "twinning-association": "civic",
    "project": "civic",
    "history": "history",
    "language": "language",
    "other": "civic",
}


# -- 4. community linkages ----------------------------------------------------------------------
def community(home: Side, cand: Side, graph_ties: list[Tie] | None) -> CriterionResult:
    """Kinds of tie found; scored only when a tie was found or the candidate's ties were
    researched: a register that records no tie is not evidence that there is none."""
    found: dict[str, list[Evidence]] = {}
    shown: list[Evidence] = []  # evidence that counts for nothing (no shared language, proposal)
    missing: list[str] = []
    present = 0.0
    researched = cand.profile.community_ties is not None
    if graph_ties is None:
        if not researched:  # researched ties are the search: the register would only confirm
            missing.append(f"register: {cand.name} is not in it, so no recorded ties to search")
    else:
        _register_ties(graph_ties, found, shown)
    if not researched:
        missing.append(
            f"ties of {cand.name} (schools, universities, business, diaspora, twinning "
            "associations, history): not researched"
        )
    else:
        present += 2 / 3
        _profile_ties(cand, found)
    languages_known = bool(home.languages and cand.languages)
    if languages_known:
        present += 1 / 3
        _languages(home, cand, found, shown)
    else:
        who = [s.name for s in (home, cand) if not s.languages]
        missing.append(f"languages of {' and '.join(who)}: country unknown")
    categories = sorted(found)
    evidence = [e for c in categories for e in found[c]] + shown
    # kinds of tie the missing research could still find
    could = set(TIE_KINDS) if not researched else {"language"} if not languages_known else set()
    could -= set(categories)
    low = 100 * saturating(len(categories))
    high = 100 * saturating(len(categories) + len(could))
    if not categories and not researched:
        return _result(
            "community", None, 0.0, evidence, missing,
            "not scored: no tie found, and the candidate's ties have not been researched",
            low=low, high=high,
        )  # fmt: skip
    summary = (
        f"ties of {len(categories)} kind(s): {', '.join(categories)}"
        if categories
        else "researched: no ties found"
    ) + (f"; {len(could)} more kind(s) could yet be found" if could else "")
    return _result("community", low, present, evidence, missing, summary, low=low, high=high)


def _register_ties(graph_ties: list[Tie], found: dict, shown: list) -> None:
    """Ties recorded in the register, under their category; the proposal under evaluation is
    shown but counts for nothing."""
    for t in graph_ties:
        ev = Evidence(
            item="The link under evaluation" if t.category == PROPOSAL else
            f"Tie in the register ({t.category})",
            detail=t.description,
            path=t.path,
            sources=t.sources,
            value=None if t.category == PROPOSAL else 1.0,
        )  # fmt: skip
        if t.category == PROPOSAL:
            shown.append(ev)
        else:
            found.setdefault(t.category, []).append(ev)


def _profile_ties(cand: Side, found: dict) -> None:
    """Ties researched in the candidate's profile, under their category."""
    for tie in cand.profile.community_ties:
        cat = TIE_CATEGORY[tie.type]
        found.setdefault(cat, []).append(
            Evidence(
                item=f"Tie recorded in the profile ({tie.type})",
                candidate=tie.description,
                candidate_source=tie.source.label(),
                detail=cat,
                value=1.0,
            )
        )


def _languages(home: Side, cand: Side, found: dict, shown: list) -> None:
    """Languages of both sides: a shared language is a tie; none shared is shown only."""
    (hl, hsrc), (cl, csrc) = home.languages, cand.languages
    shared = [x for x in hl if x in cl]
    ev = Evidence(
        item="Languages",
        home=", ".join(hl),
        home_source=hsrc,
        candidate=", ".join(cl),
        candidate_source=csrc,
        detail=f"shared: {', '.join(shared)}" if shared else "no shared language",
        value=1.0 if shared else None,
    )
    if shared:
        found.setdefault("language", []).append(ev)
    else:
        shown.append(ev)
