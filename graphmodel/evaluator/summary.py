"""The plain-words summary each candidate opens with, the same on the command line, the Evaluate
page and in the board report: the recommendation and what it means, why, what would change it,
and what to find out.

Examples
--------
>>> BAND_MEANING["insufficient-evidence"].startswith("Too little")
True
"""

from __future__ import annotations

from collections.abc import Callable

from .config import BAND_LABELS
from .recommendation import range_words
from .registry import REGISTRY
from .results import Scorecard

__all__ = ["BAND_MEANING", "plain_summary", "strategy_parts", "total_words", "weights_words"]

#: what each band means, in the same words everywhere
BAND_MEANING = {
    "pursue": "The evidence supports pursuing this link.",
    "pilot": "Worth a limited pilot before any long-term commitment.",
    "do-not-pursue": "On the evidence the link does not meet the strategy's criteria.",
    "insufficient-evidence": "Too little of the evidence is in to decide: find out what is "
    "listed first.",
}
#: what to find out, in the summary (the rest is listed under each criterion)
FIND_OUT = 3


def total_words(card: Scorecard) -> str:
    """ "8 to 83 out of 100, depending on evidence not yet gathered" or "57 out of 100"."""
    if not card.total_range:
        return "no criterion is weighted"
    lo, hi = card.total_range
    words = range_words(lo, hi)
    tail = ", depending on evidence not yet gathered" if " to " in words else ""
    return f"{words} out of 100{tail}"


def plain_summary(card: Scorecard) -> list[tuple[str, str]]:
    """(heading, sentence) pairs: Recommendation, Why, What would change it, What to find out."""
    change = (
        card.would_change[0]
        if card.would_change
        else ("no missing evidence and no single weight change up to 10 would change it")
    )
    find = "; ".join(card.gather[:FIND_OUT]) or "nothing: all the evidence needed is in"
    if len(card.gather) > FIND_OUT:
        find += f" (and {len(card.gather) - FIND_OUT} more)"
    return [
        ("Recommendation", f"{BAND_LABELS[card.band]}. {BAND_MEANING[card.band]}"),
        # an existing partnership is said first, then the total's range as for any candidate
        ("Why", " ".join(_sentence(r) for r in card.reasons[: 2 if card.existing_link else 1])),
        ("What would change it", _sentence(change)),
        ("What to find out", _sentence(find)),
    ]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "'", '"')) else ".")


def strategy_parts(
    card: Scorecard, label: Callable[[str], str] = str
) -> tuple[str, list[str], list[str]]:
    """(heading, criteria as printed, notes): the home council's own criteria for new partners as
    its register records them (the strategy, its status and date, where they are printed, any
    further justification) and what the scores are; or, plainly, that its register records none
    and the evaluator's default criteria are used. ``label`` names a source (a paper by its
    title, never its file name)."""
    core = ", ".join(c.short for c in REGISTRY.values() if c.core)
    st = card.strategy
    if not st:
        later = card.strategy_later
        if later:  # recorded, but not yet adopted on the evaluation's date
            when = ", ".join(str(x) for x in (later.get("status"), later.get("date")) if x)
            head = (
                f"No strategy with criteria for new links was in force for {card.home_name} on "
                f"{card.date}: the first its register records, {later['name']} ({when}), came "
                f"later. The scores use the evaluator's default criteria ({core}; "
                "docs/EVALUATOR.md), not that strategy's."
            )
        else:
            head = (
                f"{card.home_name}'s register records no strategy with criteria for new links: "
                f"the scores use the evaluator's default criteria ({core}; docs/EVALUATOR.md)."
            )
        return head, [], []
    when = ", ".join(str(x) for x in (st.get("status"), st.get("date")) if x)
    if not st["criteria"]:  # a strategy that states weights and no criteria of its own
        return (
            f"{st['name']}" + (f" ({when})" if when else "") + f" states no criteria for new "
            f"links of {card.home_name}'s own: the scores use the evaluator's default criteria "
            f"({core}; docs/EVALUATOR.md), weighted as it states.",
            [],
            [],
        )
    head = (
        f"Measured against {card.home_name}'s criteria for new partners, from {st['name']}"
        + (f" ({when})" if when else "")
        + f"; source: {label(st['citation'])}:"
    )
    notes = []
    if st.get("until"):
        notes.append(
            f"In force on {card.date}; a later strategy replaced it from {st['until']}, "
            "so an evaluation dated after that reads the later one."
        )
    just = st.get("justification")
    if just:
        notes.append(f"Also: \u201c{just['text']}\u201d")
    notes.append(
        f"The scores are the evaluator's criteria ({core}) read against these "
        "(docs/EVALUATOR.md); the weights say how much each counts."
    )
    return head, [c["text"] for c in st["criteria"]], notes


def weights_words(card: Scorecard, label: Callable[[str], str] = str) -> str:
    """ "Weights: similar characteristics 1, …. From: stated in <strategy> (<status>, <date>);
    source: <paper § section>.", or given (on the command line, in a config file, on the page),
    or "defaults: the register states none for <council>": the weights and where they came
    from, the same on every output."""
    src = card.weights_source or {}
    words = src.get("words") or "as given"
    cited = "; ".join(label(s) for s in src.get("sources") or [])
    listed = ", ".join(
        f"{REGISTRY[k].short} {w:g}" for k, w in card.weights.items() if k in REGISTRY
    )
    return f"Weights: {listed}. From: {words}" + (f"; source: {cited}" if cited else "") + "."
