"""The Evaluate page's candidate box, answered by the server: ranked search over the candidates
(exact, prefix, then near misses) so the page never ships the whole list (6,000+ at scale).
"""

from __future__ import annotations

from collections.abc import Callable

from graphmodel.build.names import NameIndex
from graphmodel.evaluator import Evaluator

from .graphview import GraphView

__all__ = ["candidate_search", "candidate_label"]


def candidate_search(
    view: GraphView, evaluator: Evaluator, candidate_options: Callable[..., list[dict]]
) -> Callable[[str], list[tuple[str, str]]]:
    """Ranked search over the candidates (exact, prefix, then near misses), answered by the
    server: the page never ships the whole list (6,000+ at national scale)."""

    def build() -> tuple[NameIndex, dict[str, str]]:
        opts = candidate_options(view, evaluator)
        labels = {o["value"]: o["label"] for o in opts}
        index = NameIndex(
            (
                o["value"],
                "candidate",
                [
                    o["label"].removesuffix(" (profile)"),
                    *(view.data.get(o["value"], {}).get("aliases") or []),
                ],
            )
            for o in opts
        )
        return index, labels

    def search(text: str) -> list[tuple[str, str]]:
        index, labels = view.cached(("candidate_index", id(evaluator)), build)
        return [(c, labels[c]) for c in index.search(text, 12)]

    return search


def candidate_label(view: GraphView, evaluator: Evaluator, value: str) -> str:
    """The label a chosen candidate shows with (profile names say so)."""
    for p in evaluator.profiles.values():
        if value in (p.id, p.graph_id):
            return f"{p.name} (profile)"
    if value in view.data:
        return view.name(value)
    from .evaluate_discover import reference_label  # a suggested reference place

    return reference_label(value) or value
