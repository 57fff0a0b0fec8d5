"""Building large object graphs quickly: the cyclic garbage collector paused while we do.

Loading a national register allocates millions of small dicts, lists and records, none of which
form reference cycles. Python's cyclic collector still runs every few hundred allocations and,
as the heap grows, re-scans every live object in its oldest generation. At ~1M relationships
that re-scanning was more than half of the load time (docs/BENCHMARKS.md). Reference counting
still frees everything as usual while the collector is paused.

When the outermost pause ends, what was built is moved out of the collector's sight
(``gc.freeze``): otherwise the first allocation after it would scan every object built in the
pause once more (0.1 s at 100k relationships). Frozen objects are still freed by reference
counting when let go (a replaced graph is); only reference cycles among them would stay, and
the graphs built here hold none.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block; nests safely. What exists
    when the outermost block ends is frozen (see the module).

    Examples
    --------
    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()
