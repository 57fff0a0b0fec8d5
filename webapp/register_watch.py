"""The explorer's side of the register on disk: its index, kept while the server runs, and a
watcher that takes in what other hands write.

:class:`RegisterWriter` reads the register once in the background when the server first
answers (the index a write is validated against: :class:`loaders.register_index.RegisterIndex`),
then every :data:`EVERY` seconds compares the register files' stamps (a ``stat`` each). When
another process has written (``partnergraph activity ...``, another server), it takes the lock,
takes in the appended records (or, if anything else changed, the whole register read again)
and shows them: the store gets the new nodes and relationships, the pages a new snapshot
(:mod:`webapp.view_apply`; a full rebuild only after a full read). So a CLI write shows in a
running explorer within a few seconds.

A register folder that goes away (moved, renamed, a share unmounted, a test's temporary folder
deleted) is said in one line of the log, and the watcher waits calmly for it to come back (a
look is then one ``stat``); a write meanwhile is refused, saying the folder cannot be opened. A
look that fails for a reason of the register's (a file that cannot be read) is one line too,
said once until it changes; only a failure of the explorer's own comes with a traceback.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
import weakref
from typing import TYPE_CHECKING

from graphmodel.build.bulk import paused_gc
from graphmodel.build.graph import PartnerGraph
from graphmodel.errors import PartnerGraphError, RegisterError
from graphmodel.model.monitoring import MONITORING_MODELS
from loaders.register_index import RegisterIndex, Update, stamps_of
from loaders.write_lock import RegisterBusy, register_lock

from .graphview import release_graph
from .view_apply import snapshot_with, with_full_index

if TYPE_CHECKING:  # pragma: no cover
    from .context import PageContext

__all__ = [
    "RegisterWriter",
    "writer_for",
    "watch_register",
    "apply_to_store",
    "register_errors_in_brief",
    "EVERY",
]

log = logging.getLogger(__name__)

#: seconds between two looks at the register's files
EVERY = 2.0
_TRUE = {"1", "true", "yes", "on"}
_MONITORING = {label for _, label in MONITORING_MODELS.values()}
_MADE = threading.Lock()


def writer_for(ctx: PageContext) -> RegisterWriter | None:
    """The context's writer, started on first use (None without a register folder)."""
    if ctx.register is None:
        return None
    if ctx.writer is None:
        with _MADE:
            if ctx.writer is None:
                ctx.writer = RegisterWriter(ctx)
    return ctx.writer


class RegisterWriter:
    """The register's index and watcher for one explorer (see the module's docstring)."""

    def __init__(self, ctx: PageContext, every: float = EVERY):
        self.root = ctx.register
        self.every = every
        self._ctx = weakref.ref(ctx)  # the thread ends with the explorer
        self.index: RegisterIndex | None = None
        self.failed: str | None = None
        self.last_seen: float | None = None  # when another hand's change was last shown
        self._ready = threading.Event()
        self._view_lock = threading.Lock()
        self._indexer: threading.Thread | None = None
        self._failed_stamps: dict | None = None
        self._said: str | None = None  # the last plain line logged about a look, not repeated
        threading.Thread(target=self._run, name="partnergraph-register", daemon=True).start()

    # -- the index ---------------------------------------------------------------------------
    def ready(self, timeout: float | None = None) -> RegisterIndex | None:
        """The index, once made (waiting up to ``timeout`` seconds); None if it is not."""
        self._ready.wait(timeout)
        return self.index

    def _make_index(self, ctx: PageContext) -> None:
        retry = self.failed is not None
        self._failed_stamps = stamps_of(self.root)
        try:
            with register_lock(self.root, wait=600):  # no write between the read and the check
                index = RegisterIndex(self.root, keep_graph=True)
                graph, index.graph = index.graph, None
                if retry and graph is not None:  # the register loads again: show it whole
                    ctx.store.replace(as_served(graph))
                    missed = None
                else:  # recorded between the server's own read and this one
                    missed = _missed(graph, ctx.store) if graph is not None else None
                    if missed is not None:
                        ctx.store.add(missed)
            if retry or missed is not None:
                self._show(ctx, None if retry else [missed])
            self.failed = None
        except (PartnerGraphError, OSError) as exc:
            self.failed = register_errors_in_brief(exc)
            log.error("the register could not be read for writing: %s", exc)
            index = None
        self.index = index
        self._ready.set()

    # -- watching ----------------------------------------------------------------------------
    def _run(self) -> None:
        ctx = self._ctx()
        if ctx is None:
            return
        self._make_index(ctx)
        del ctx  # only a weak reference between looks: the thread ends with the explorer
        while True:
            time.sleep(self.every)
            ctx = self._ctx()
            if ctx is None:
                return
            try:
                if not self._folder_there():
                    continue
                if self.index is not None:
                    self.look(ctx)
                elif stamps_of(self.root) != self._failed_stamps:
                    self._make_index(ctx)  # the register did not load: try again once changed
            except (PartnerGraphError, OSError) as exc:  # the register's, not the explorer's
                self._say(f"looking for changes to the register in {self.root} failed: {exc}")
            except Exception:  # the watcher must outlive one bad look
                log.exception("looking for changes to the register failed")
            finally:
                del ctx

    def _folder_there(self) -> bool:
        """Whether the register folder is there to look at; said once when it goes, and once
        when it is back."""
        if os.path.isdir(self.root):
            if self._said is _GONE:
                log.info("the register folder %s is back: watching it again", self.root)
                self._said = None
            return True
        if self._said is not _GONE:
            log.warning(
                "the register folder %s is no longer there: nothing can be recorded until it "
                "is back (the explorer keeps showing what it read)",
                self.root,
            )
            self._said = _GONE
        return False

    def _say(self, line: str) -> None:
        """Log ``line`` as a warning, unless it was the last thing said."""
        if line != self._said:
            log.warning("%s", line)
            self._said = line

    def look(self, ctx: PageContext) -> bool:
        """Take in and show what another hand wrote since the last look; True if anything."""
        index = self.index
        if index is None or not index.changed():
            return False
        try:
            with register_lock(self.root, wait=1.0):
                update = index.catch_up()
                apply_to_store(ctx.store, update)
        except RegisterBusy:
            return False  # a writer is at work: it takes the change in, or the next look does
        except RegisterError as exc:
            index.stamps = _stamps_now(index)  # do not read it again until it changes again
            log.error("the register changed on disk and no longer loads: %s", exc)
            return False
        if update:
            with paused_gc():
                self.show(ctx, update, [])
            self.last_seen = time.time()
        return bool(update)

    # -- showing -----------------------------------------------------------------------------
    def show(self, ctx: PageContext, update: Update | None, parts: list[PartnerGraph]) -> bool:
        """Show ``update`` and ``parts`` (already in the store) on every page. True when every
        page shows them now."""
        if update is not None and update.rebuilt is not None:
            return self._show(ctx, None)
        return self._show(ctx, [*(update.parts if update else []), *parts])

    def _show(self, ctx: PageContext, parts: list[PartnerGraph] | None) -> bool:
        with self._view_lock:
            refresher = ctx.refresher
            if parts is None or refresher.requested > refresher.done:
                # a whole new graph, or a rebuild under way that may have missed the parts
                return refresher.request(wait=2.0)
            if not parts:
                return True
            view = ctx.view
            old = _current(view)
            snap = snapshot_with(old, parts)
            with view.pinned(snap):
                for warm in ctx._warm_ups:
                    warm()
            view.publish(snap)
        _let_go(old.g)
        self._index_later(ctx)
        return True

    def _index_later(self, ctx: PageContext) -> None:
        """Build the search index whole, off the request threads, and swap it in."""
        if self._indexer is not None and self._indexer.is_alive():
            return

        def run() -> None:
            time.sleep(0.5)  # writes in a burst: one index for all of them
            with self._view_lock:
                snap = _current(ctx.view)
            full = with_full_index(snap)
            with self._view_lock:
                if full is not None and _current(ctx.view) is snap:
                    ctx.view.publish(full)
                elif full is not None:
                    self._indexer = None
                    self._index_later(ctx)

        self._indexer = threading.Thread(target=run, name="partnergraph-index", daemon=True)
        self._indexer.start()


#: what :meth:`RegisterWriter._folder_there` last said when the folder went
_GONE = "the register folder is no longer there"


def _let_go(g) -> None:
    """Let a replaced graph be freed by reference counting, and keep the new objects out of
    the collector's passes as ``create_app`` does for the first snapshot (see
    webapp.context._settle; ``gc.get_freeze_count`` is not asked: it walks every frozen
    object, half a second at 134k relationships)."""
    release_graph(g)
    gc.freeze()


def _current(view):
    """The snapshot every new request reads (not this thread's pinned one)."""
    with view.pinned() as snap:
        return snap


def watch_register(app, ctx: PageContext) -> None:
    """Start the context's writer when the server first answers (not when an app is built)."""
    app.server.before_request(lambda: writer_for(ctx) and None)


def register_errors_in_brief(exc: BaseException) -> str:
    """A register's errors in a line or two: the first few, each with its file and line (a
    message says why a write was refused, or why the register does not load)."""
    if not isinstance(exc, RegisterError):
        return str(exc)
    errors = [i for i in exc.issues if i.severity == "error"]
    said = [
        f"{i.file}{f' line {i.line}' if i.line else ''}"
        f"{f' field {i.field!r}' if i.field else ''}: {i.message}"
        for i in errors[:2]
    ]
    more = f"; and {len(errors) - 2} more" if len(errors) > 2 else ""
    return "; ".join(said) + more


def _missed(graph: PartnerGraph, store) -> PartnerGraph | None:
    """The reviews, activities and actions in ``graph`` the store does not hold, as a part."""
    ids = {n.id for n in graph.nodes.values() if n.label in _MONITORING}
    ids = {i for i in ids if store.node(i) is None}
    if not ids:
        return None
    return PartnerGraph(
        nodes={i: graph.nodes[i] for i in ids},
        edges={k: e for k, e in graph.edges.items() if e.src in ids or e.dst in ids},
    )


def as_served(graph: PartnerGraph) -> PartnerGraph:
    """``graph`` as ``serve`` put it in the store: with the reference twin network when
    ``PARTNERGRAPH_REFERENCE`` asked for it (a full re-read must not drop it)."""
    if os.environ.get("PARTNERGRAPH_REFERENCE", "").strip().lower() not in _TRUE:
        return graph
    from graphmodel.twins import with_reference
    from loaders.reference import bundled_reference

    return with_reference(graph, bundled_reference())


def apply_to_store(store, update: Update) -> None:
    """Give the store what the index caught up with."""
    if update.rebuilt is not None:
        store.replace(as_served(update.rebuilt))
    for part in update.parts:
        store.add(part)


def _stamps_now(index: RegisterIndex):
    return stamps_of(index.root)
