"""Numbering objects by identity in bulk: which of a few hundred thousand dicts each of a
million references points at, found by comparing addresses in numpy instead of a million
dict look-ups (how the projection reads the wiring the embedded store keeps)."""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

import numpy as np

__all__ = ["addresses", "positions"]


def positions(objects: list, owners: list) -> np.ndarray | None:
    """For each of ``objects``, its position among the distinct ``owners``, matched by identity
    (their addresses, sorted and searched in numpy); None if one is not an owner. Both lists
    hold the objects, so no address can be reused while this runs."""
    own = addresses(owners)
    wanted = addresses(objects)
    if not len(wanted):
        return np.zeros(0, dtype=np.int64)
    if not len(own):
        return None
    order = np.argsort(own)
    own = own[order]
    at = np.searchsorted(own, wanted)
    np.minimum(at, len(own) - 1, out=at)
    if not np.array_equal(own[at], wanted):
        return None
    return order[at]


def _list_items_reader() -> Callable[[list], np.ndarray] | None:
    """On CPython, a reader of a list's items' addresses straight from the list's own array
    of pointers (a millisecond for a million items, where ``map(id, items)`` takes a tenth of
    a second: it touches every item). None unless a probe list is laid out as expected
    (reference count, type, length, items), in which case ``map(id, ...)`` serves. Only for
    lists no other thread changes meanwhile (the wiring's are never changed)."""
    word = ctypes.sizeof(ctypes.c_void_p)
    if sys.implementation.name != "cpython" or word != 8:
        return None
    probe = [object(), object(), object()]
    type_of = ctypes.c_void_p.from_address(id(probe) + word).value
    length = ctypes.c_ssize_t.from_address(id(probe) + 2 * word).value
    if type_of != id(list) or length != len(probe):
        return None

    def read(items: list) -> np.ndarray:
        n = len(items)
        if not n:
            return np.zeros(0, dtype=np.int64)
        first = ctypes.c_void_p.from_address(id(items) + 3 * word).value
        return np.ctypeslib.as_array((ctypes.c_int64 * n).from_address(first)).copy()

    return read if read(probe).tolist() == list(map(id, probe)) else None


_read_items = _list_items_reader()


def addresses(items: list) -> np.ndarray:
    """``[id(x) for x in items]`` as an int64 array.

    >>> xs = [object() for _ in range(5)]
    >>> addresses(xs).tolist() == [id(x) for x in xs]
    True
    """
    if _read_items is not None and type(items) is list:
        return _read_items(items)
    return np.fromiter(map(id, items), dtype=np.int64, count=len(items))
