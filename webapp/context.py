"""What every page is given: the graph snapshot, the store, and things built on first use.

After a web write the snapshot is rebuilt from the store by one background thread
(:class:`ViewRefresher`): pages keep reading the old snapshot until the new one, warmed up like
the first, is published in one assignment. Several writes during a rebuild make one more rebuild.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphmodel.stores.base import GraphStore

from .graphview import GraphView, Snapshot, release_graph

if TYPE_CHECKING:  # pragma: no cover
    from graphmodel.evaluator import Evaluator

__all__ = ["PageContext", "ViewRefresher"]

log = logging.getLogger(__name__)


class ViewRefresher:
    """Rebuilds a :class:`GraphView`'s snapshot from its store, off the request threads.

    ``request()`` asks for a rebuild that starts after the call (so it sees every write made
    before it) and may wait a while for it. A worker thread runs while there is work and then
    ends: an explorer nobody writes through keeps no thread.
    """

    def __init__(self, view: GraphView, warm_ups: list[Callable[[], object]]):
        self.view = view
        self.warm_ups = warm_ups
        self.requested = 0  # rebuilds asked for
        self.done = 0  # the latest request a published (or failed) rebuild covered
        self.last_seconds: float | None = None  # how long the last rebuild took, warm-up included
        self.failed: str | None = None
        self._cond = threading.Condition()
        self._worker: threading.Thread | None = None

    def request(self, wait: float = 0.0) -> bool:
        """Ask for a rebuild; wait up to ``wait`` seconds for it. True when it is published."""
        with self._cond:
            self.requested += 1
            wanted = self.requested
            if self._worker is None:
                self._worker = threading.Thread(
                    target=self._run, name="partnergraph-view-refresh", daemon=True
                )
                self._worker.start()
            self._cond.wait_for(lambda: self.done >= wanted, timeout=wait)
            return self.done >= wanted

    def wait(self, timeout: float) -> bool:
        """Wait for every rebuild asked for so far; True when none is outstanding."""
        with self._cond:
            return self._cond.wait_for(lambda: self.done >= self.requested, timeout=timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                target = self.requested
                if self.done >= target:
                    self._worker = None
                    return
            start = time.perf_counter()
            try:
                snap = self.view.build()
                with self.view.pinned(snap):  # the warm-ups fill the new snapshot's caches
                    for warm in self.warm_ups:
                        warm()
                old = self.view.snapshot
                self.view.publish(snap)
                self.failed = None
            except Exception as exc:  # the pages keep the snapshot they have
                self.failed = f"{type(exc).__name__}: {exc}"
                log.exception("the explorer's views could not be rebuilt after a write")
            self.last_seconds = time.perf_counter() - start
            with self._cond:
                self.done = target
                self._cond.notify_all()
            if self.failed is None:
                _settle(old)


def _settle(old: Snapshot) -> None:
    """Let the replaced snapshot go, and keep the new one out of the collector's passes.

    The app freezes its objects out of the collector's full passes (``create_app``: seconds at
    1M relationships); a frozen graph in cycles would never be freed. Without networkx's cached
    views (the only cycles in a snapshot) reference counting frees it as soon as the last
    request reading it ends, and freezing again is cheap, unlike a full collection (seconds
    holding every request thread at 100k relationships).
    """
    release_graph(old.g)
    if gc.get_freeze_count():
        gc.freeze()


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
    _warm_ups: list[Callable[[], object]] = field(default_factory=list, repr=False)
    _refresher: ViewRefresher | None = field(default=None, repr=False)
    #: the register's index and watcher (webapp.register_watch), made on first use
    writer: Any = field(default=None, repr=False)

    @property
    def evaluator(self) -> Evaluator:
        """The strategy evaluator, built when a page first needs it (not at start-up)."""
        if self._evaluator is None:
            with self._lock:
                if self._evaluator is None:
                    from graphmodel.evaluator import Evaluator
                    from loaders.reference import bundled_reference

                    # discovery leaves out the council's reference twins even when the
                    # store was loaded without the reference
                    self._evaluator = Evaluator(self.store, reference=bundled_reference)
        return self._evaluator

    def warm(self, compute: Callable[[], object]) -> None:
        """Run ``compute`` now and again on every rebuilt snapshot before it is shown (work a
        first visitor should not wait for, e.g. the landing view's layout)."""
        compute()
        self._warm_ups.append(compute)

    @property
    def refresher(self) -> ViewRefresher:
        if self._refresher is None:
            with self._lock:
                if self._refresher is None:
                    self._refresher = ViewRefresher(self.view, self._warm_ups)
        return self._refresher

    def refresh_view(self, wait: float = 0.0) -> bool:
        """After a write: rebuild the pages' snapshot from the store (in the background),
        waiting up to ``wait`` seconds. True when the pages already show the write."""
        return self.refresher.request(wait=wait)
