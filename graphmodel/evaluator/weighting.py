"""Whose weights an evaluation uses, and the words every output says it in.

A council's strategy may state the weights of the evaluator's criteria (``weights`` on its
``strategies`` record, with its source): they are used by default for that council, while the
strategy is in force. Weights given by the person running it (``--weights``, ``--config``, the
Evaluate page's boxes) override them, criterion by criterion. A criterion named by neither keeps
the evaluator's default (the four criteria 1, funding and network value 0).

Examples
--------
>>> from graphmodel.evaluator.config import EvaluatorConfig
>>> used = weights_in_force(EvaluatorConfig(), None, "Leicester City Council")
>>> used.origin, used.words
('defaults', 'defaults: the register states none for Leicester City Council')
>>> cfg = EvaluatorConfig().with_weights({"accessibility": 2}, by="on the command line")
>>> weights_in_force(cfg, None, "Leicester City Council").words
'given on the command line'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .config import SHORT_NAMES, EvaluatorConfig, WeightsError, _default_weights
from .registry import REGISTRY

if TYPE_CHECKING:  # pragma: no cover
    from .home import HomeStrategy

__all__ = ["WeightsUsed", "weights_in_force", "strategy_when"]


@dataclass
class WeightsUsed:
    """The weights an evaluation uses and where they came from."""

    weights: dict[str, float]
    #: "stated" (the strategy's), "given" (by the person running it), "stated-and-given",
    #: or "defaults" (neither)
    origin: str
    #: where they came from, in words: "stated in <strategy> (<status>, <date>)", "given on the
    #: command line", "defaults: the register states none for <council> (…)"
    words: str
    #: the strategy that states weights (id, name, date) and the weights it states
    strategy: dict[str, Any] | None = None
    stated: dict[str, float] | None = None
    #: where the strategy states them ("FILE § section"; outputs name the paper by its title)
    sources: list[str] = field(default_factory=list)
    given: dict[str, float] = field(default_factory=dict)
    given_by: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def strategy_when(st: HomeStrategy | dict) -> str:
    """ "Bristol Plan (adopted, 2019-03-01)": a strategy's name, status and date."""
    get = st.get if isinstance(st, dict) else lambda k: getattr(st, k)
    when = ", ".join(str(x) for x in (get("status"), get("date")) if x)
    return f"{get('name')}" + (f" ({when})" if when else "")


def weights_in_force(
    config: EvaluatorConfig,
    strategy: HomeStrategy | None,
    home_name: str,
    later: HomeStrategy | None = None,
    as_of: str | None = None,
) -> WeightsUsed:
    """The weights for an evaluation under ``config`` for the council whose strategy in force
    is ``strategy`` (``later``: the next one adopted, when none is in force on ``as_of``).
    Raises :class:`WeightsError` when the weights together add up to 0."""
    weights = _default_weights()
    stated = (
        {k: w for k, w in (strategy.weights or {}).items() if k in REGISTRY} if strategy else {}
    )
    weights.update(stated)
    given = config.given_weights()
    weights.update(given)
    if sum(weights.values()) <= 0:
        raise WeightsError(
            "the weights add up to 0: give at least one criterion a weight above 0"
            + (f" ({strategy_when(strategy)} states {_listed(stated)})" if stated else "")
        )
    by = config.weights_given_by or "to the evaluator"
    st_words = f"{strategy_when(strategy)}" if stated and strategy else ""
    rest = (
        "" if set(stated) | set(given) >= set(REGISTRY) else "; the rest the evaluator's defaults"
    )
    if stated and given:
        origin = "stated-and-given"
        kept = [k for k in stated if k not in given]
        words = f"given {by} for {_names(given)}" + (
            f"; stated in {st_words} for {_names(kept)}"
            if kept
            else f", in place of those stated in {st_words}"
        )
        words += rest
    elif stated:
        origin, words = "stated", f"stated in {st_words}"
        words += f" for {_names(stated)}{rest}" if rest else ""
    elif given:
        origin, words = "given", f"given {by}"
    else:
        origin = "defaults"
        words = f"defaults: the register states none for {home_name}"
        if strategy is None and later is not None and later.weights:
            words = (
                f"defaults: no strategy of {home_name} in force on {as_of} states any "
                f"({strategy_when(later)} does, from its date)"
            )
    return WeightsUsed(
        weights=weights,
        origin=origin,
        words=words,
        strategy=(
            {"id": strategy.id, "name": strategy.name, "date": strategy.date}
            if stated and strategy
            else None
        ),
        stated=stated or None,
        sources=list(strategy.weights_sources) if stated and strategy else [],
        given=given,
        given_by=config.weights_given_by if given else None,
    )


def _names(keys) -> str:
    return ", ".join(SHORT_NAMES[k] for k in keys)


def _listed(weights: dict[str, float]) -> str:
    return ", ".join(f"{k} {w:g}" for k, w in weights.items())
