"""python-igraph's random numbers, seeded for one call.

python-igraph draws from one process-wide generator, Python's ``random`` module unless told
otherwise, which every process seeds differently: Louvain's communities and a force-directed
layout would then differ from one run (or one server) to the next. :func:`seeded` gives igraph
a generator of its own for the length of a ``with`` block, one block at a time across threads.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import igraph as ig

__all__ = ["seeded"]

_lock = threading.Lock()


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """igraph's random numbers drawn from ``random.Random(seed)`` inside the block.

    Examples
    --------
    >>> g = ig.Graph.Ring(12)
    >>> with seeded(3):
    ...     a = g.layout_fruchterman_reingold(niter=50).coords
    >>> with seeded(3):
    ...     b = g.layout_fruchterman_reingold(niter=50).coords
    >>> a == b
    True
    """
    with _lock:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)
