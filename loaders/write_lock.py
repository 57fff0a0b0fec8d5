"""One writer at a time on a register folder, across processes.

Every write (``partnergraph review|activity|action`` and the explorer's forms) holds an
exclusive lock on the register folder while it re-reads the file it appends to, validates and
replaces it. The lock is the operating system's (``flock`` on the folder itself), so it covers
every process on this machine (CLI writers, a second server, a second worker) and ends when its
holder ends, even one killed with ``kill -9``: no lock file is left to clean up, and a register
that may not be written is still locked (the write then fails, naming the file).

A writer that cannot have the lock within :data:`WRITE_WAIT` seconds
(``PARTNERGRAPH_WRITE_WAIT``) says so and writes nothing.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graphmodel.errors import PartnerGraphError
from graphmodel.safety.atomic import why

__all__ = ["RegisterBusy", "register_lock", "write_wait", "WRITE_WAIT"]

#: seconds a writer waits for another to finish before giving up (nothing written)
WRITE_WAIT = 10.0


class RegisterBusy(PartnerGraphError):
    """Another writer held the register folder for longer than this one would wait."""


def write_wait() -> float:
    """How long a writer waits for the lock: ``PARTNERGRAPH_WRITE_WAIT`` seconds, else 10."""
    try:
        return max(0.0, float(os.environ.get("PARTNERGRAPH_WRITE_WAIT", WRITE_WAIT)))
    except ValueError:
        return WRITE_WAIT


@contextmanager
def register_lock(root: str | Path, wait: float | None = None) -> Iterator[None]:
    """Hold the register folder ``root`` exclusively inside the block.

    Raises
    ------
    RegisterBusy
        If another writer holds it for more than ``wait`` seconds (default :func:`write_wait`).
    """
    wait = write_wait() if wait is None else wait
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise PartnerGraphError(
            f"the register folder cannot be opened to write in it: {why(exc)}"
        ) from None
    try:
        deadline = time.monotonic() + wait
        pause = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RegisterBusy(
                        f"another write to this register (from the command line or the "
                        f"explorer) was still going on after {wait:g} s: try again in a moment"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.1)
        yield
    finally:
        os.close(fd)  # closing the folder's descriptor releases the lock
