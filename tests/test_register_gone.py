"""A register folder that goes away under a running explorer (moved, a share unmounted, a test's
temporary folder deleted) is one plain line in the log, not a traceback every two seconds; the
watcher waits for it calmly, says when it is back and takes in what changed meanwhile."""

from __future__ import annotations

import logging
import shutil
import time

from serverkit import MINI, copy_register

from graphmodel.stores import EmbeddedStore
from loaders import read_register
from loaders.record import record
from webapp import create_app
from webapp.register_watch import writer_for
from webapp.writes import record_from_web

WATCH_LOG = "webapp.register_watch"


def _explorer(folder):
    store = EmbeddedStore()
    store.replace(read_register(folder).graph)
    app = create_app(store, register=folder)
    ctx = app.server.config["partnergraph_context"]
    writer = writer_for(ctx)
    writer.every = 0.05  # many looks in the test's second
    assert writer.ready(timeout=60) is not None
    return app, ctx, writer


def _wait_for(said, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not said() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_vanished_register_is_one_plain_line_and_the_watcher_waits(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger=WATCH_LOG)
    folder = copy_register(MINI, tmp_path / "register")
    app, ctx, writer = _explorer(folder)
    shutil.rmtree(folder)

    def lines():
        return [r for r in caplog.records if r.name == WATCH_LOG]

    _wait_for(lambda: lines())
    time.sleep(1.0)  # twenty looks more: none says anything again
    (gone,) = lines()
    assert gone.levelno == logging.WARNING and not gone.exc_info
    assert str(folder) in gone.getMessage() and "no longer there" in gone.getMessage()
    assert all(not r.exc_info for r in caplog.records), "no traceback anywhere"

    # a write meanwhile is refused plainly, and writes nothing (there is nowhere to write)
    out = record_from_web(
        ctx, "reviews", {"partnership": "x", "date": "2026-01-05", "reviewer": "A"}
    )
    assert not out["ok"] and "Nothing was written" in out["message"]
    assert not folder.exists()

    # the folder back, with a review recorded by other hands (the command line): said, and
    # the review taken in
    copy_register(MINI, tmp_path / "moved").rename(folder)  # whole at once, as a move is
    review = {"partnership": "kent-lovech", "date": "2026-01-05", "reviewer": "Europe Panel"}
    written = record(folder, "reviews", review, by="cli")
    _wait_for(lambda: ctx.store.node(written.record["id"]) is not None)
    assert ctx.store.node(written.record["id"]) is not None
    assert [r.getMessage() for r in lines()][1:] == [
        f"the register folder {folder} is back: watching it again"
    ]
    assert all(not r.exc_info for r in caplog.records)
