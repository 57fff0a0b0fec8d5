"""What every page is given: the graph snapshot, the store, and things built on first use."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graphmodel.stores.base import GraphStore

from .graphview import GraphView

if TYPE_CHECKING:  # pragma: no cover
    from graphmodel.evaluator import Evaluator

__all__ = ["PageContext"]


@dataclass
class PageContext:
    """Handed to each page's ``layout`` and ``register_callbacks``.

    Attributes
    ----------
    view : GraphView
        The read-only snapshot of the graph every page draws from.
    store : GraphStore
        The store behind it, for named queries and Cypher.
    element_budget : int
        The most nodes + edges the server sends the browser in one view.
    register : Path or None
        The register folder that forms write reviews and activities into (None: read-only).
    """

    view: GraphView
    store: GraphStore
    element_budget: int = 1500
    register: Path | None = None
    _evaluator: Evaluator | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def evaluator(self) -> Evaluator:
        """The strategy evaluator, built when a page first needs it (not at start-up)."""
        if self._evaluator is None:
            with self._lock:
                if self._evaluator is None:
                    from graphmodel.evaluator import Evaluator

                    self._evaluator = Evaluator(self.store)
        return self._evaluator
