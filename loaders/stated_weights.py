"""The weights a strategy states (``weights`` on a ``strategies`` record) must name the
evaluator's criteria: a misspelt criterion is an error at load, with "did you mean", not a
weight the evaluator would silently never use.

The model (:class:`graphmodel.model.records.StatedWeights`) checks the numbers; the names are
checked here, against the evaluator's registry of criteria, which is read only when a strategy
states weights (the evaluator is not loaded for a register that states none).
"""

from __future__ import annotations

from typing import Any

from graphmodel.build.did_you_mean import close_matches
from graphmodel.errors import RegisterIssue

__all__ = ["stated_weight_issues"]


def stated_weight_issues(records: dict[str, list[tuple[Any, tuple]]]) -> list[RegisterIssue]:
    """An error for each stated weight that names no criterion of the evaluator."""
    stating = [(rec, where) for rec, where in records.get("strategies", []) if rec.weights]
    if not stating:
        return []
    from graphmodel.evaluator.registry import KEYS

    known = list(KEYS)
    issues = []
    for rec, (file, line, rid) in stating:
        for key in rec.weights.criteria:
            if key in known:
                continue
            close = close_matches(key, known, limit=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            issues.append(
                RegisterIssue(
                    file,
                    line,
                    rid,
                    f"weights.criteria.{key}",
                    f"{key!r} is not one of the evaluator's criteria: {hint}weigh one of "
                    f"{', '.join(known)} (docs/EVALUATOR.md § Weights a strategy states)",
                )
            )
    return issues
