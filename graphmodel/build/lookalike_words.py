"""``lookalike``'s walk over every word of every name, done for all names at once.

For each word of each name the walk makes three kinds of string: the name with that word as
a wildcard (the one-word groups), the name without it, and the name without it and one word
before it (rule 2, looked up among the names). At a million relationships that is millions
of Python strings, ~2 s. Here every one of them is first a number: a polynomial hash of the
characters (modulo 2**64) worked out for every word at once in numpy from running sums over
the names' joined text. Only hashes that meet another (a shared pattern, a name found) are
made into strings, and those strings are then checked exactly as the walk checks them, so
the answer is the walk's, whatever the hashes do; a hash only decides which strings to make.

:func:`words_put_in_and_patterns` takes names as ``normalise_name`` makes them (ASCII words
split by single spaces) and answers None for anything else, which the caller then walks.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["words_put_in_and_patterns"]

_B = 0x9E3779B97F4A7C15  # odd, so it has an inverse modulo 2**64
_B_INV = pow(_B, -1, 1 << 64)
_STAR = np.uint64(ord("*"))
#: whitespace that ``str.split()`` splits on besides a space and a newline
_OTHER_SPACE = "\t\r\x0b\x0c\x1c\x1d\x1e\x1f"
#: words of rule 2's second drop handled per round (bounds the pairs held at once)
_CHUNK = 1 << 14


def words_put_in_and_patterns(
    keys: list[str], threshold: float, add: Callable[[str, str], None]
) -> dict[str, dict[str, list[str]]] | None:
    """What ``lookalike._words_put_in_and_patterns`` gives for ``keys`` (distinct names), or
    None if a name is not plain ASCII words separated by single spaces."""
    joined = "\n".join(keys)
    if (
        not joined.isascii()
        or joined.count("\n") != max(len(keys) - 1, 0)
        or "  " in joined
        or " \n" in joined
        or "\n " in joined
        or joined.startswith(" ")
        or joined.endswith(" ")
        or any(c in joined for c in _OTHER_SPACE)
    ):
        return None
    if not keys:
        return {}
    w = _Words(keys, joined)
    keyset = set(keys)
    _rule_two(w, keys, keyset, threshold, add)
    return _shared_patterns(w, keys)


class _Words:
    """Every word of every name: its name (``key``), where it starts within the name
    (``at``), its length, its place among the name's words and their number; and the hashes
    of any stretch of a name (``part``)."""

    def __init__(self, keys: list[str], joined: str) -> None:
        n_keys = len(keys)
        self.lengths = np.fromiter(map(len, keys), dtype=np.int64, count=n_keys)
        self.starts = np.zeros(n_keys, dtype=np.int64)
        np.cumsum(self.lengths[:-1] + 1, out=self.starts[1:])
        codes = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
        size = len(codes)
        inside = ((codes != 32) & (codes != 10)).astype(np.int8)
        step = np.diff(np.concatenate(([0], inside, [0])).astype(np.int8))
        first, end = np.flatnonzero(step == 1), np.flatnonzero(step == -1)
        self.key = np.searchsorted(self.starts, first, side="right") - 1
        self.begin = first  # in the joined text
        self.end = end
        self.at = first - self.starts[self.key]
        self.size = end - first
        count = np.bincount(self.key, minlength=n_keys)
        self.index = np.arange(len(first)) - np.searchsorted(self.key, np.arange(n_keys))[self.key]
        self.count = count[self.key]
        # running sums of c[t] * B**-(t - start of t's name): a stretch's hash is a difference
        top = int(self.lengths.max()) + 2
        self.pow = _powers(_B, top)
        self.inv = _powers(_B_INV, top)
        # one array of the text's length at a time besides the sums (a load is at its peak)
        rel = np.arange(size, dtype=np.int64)
        rel -= np.repeat(self.starts, self.lengths + 1)[:size]
        weights = self.inv[rel]
        del rel
        weights *= codes
        self.sums = np.zeros(size + 1, dtype=np.uint64)
        np.cumsum(weights, out=self.sums[1:])

    def part(self, a: np.ndarray, b: np.ndarray, name_start: np.ndarray) -> np.ndarray:
        """Hash of the joined text's ``[a, b)`` (within one name starting at ``name_start``):
        sum of ``c[t] * B**-(t - a)``; the empty stretch is 0."""
        return (self.sums[b] - self.sums[a]) * self.pow[a - name_start]

    def joined(self, h1: np.ndarray, len1: np.ndarray, h2: np.ndarray) -> np.ndarray:
        """Hash of two stretches one after the other, the first ``len1`` characters long."""
        return h1 + self.inv[len1] * h2


def _powers(base: int, n: int) -> np.ndarray:
    out = np.full(n, base, dtype=np.uint64)
    out[0] = 1
    return np.cumprod(out, dtype=np.uint64)


def _found(hashes: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Which of ``hashes`` are in the sorted array ``among``."""
    at = np.searchsorted(among, hashes)
    at[at == len(among)] = 0
    return among[at] == hashes


def _rule_two(w: _Words, keys, keyset, threshold: float, add) -> None:
    """Rule 2: the name without one word, or without it and one word before it, is a name."""
    keep_share = threshold / (200 - threshold)
    start = w.starts[w.key]
    end = start + w.lengths[w.key]
    # characters that may go, as the walk works it out (the same float operations)
    most = w.lengths[w.key].astype(np.float64) * (1 - keep_share) + 1e-9
    names = np.sort(w.part(w.starts, w.starts + w.lengths, w.starts))
    last = w.index == w.count - 1
    one = np.flatnonzero((w.count > 1) & (w.size + 1 <= most))
    lone = last[one]
    rest = np.where(
        lone,
        w.part(start[one], w.begin[one] - 1, start[one]),
        w.joined(
            w.part(start[one], w.begin[one], start[one]),
            w.at[one],
            w.part(np.minimum(w.end[one] + 1, end[one]), end[one], start[one]),
        ),
    )
    for g in one[_found(rest, names)].tolist():
        k, a, z = keys[w.key[g]], int(w.at[g]), int(w.size[g])
        text = k[: a - 1] if last[g] else k[:a] + k[a + z + 1 :]
        if text in keyset:
            add(text, k)
    two = one[w.count[one] > 2]
    for lo in range(0, len(two), _CHUNK):
        js = two[lo : lo + _CHUNK]
        reps = w.index[js]
        gj = np.repeat(js, reps)
        offset = np.arange(len(gj)) - np.repeat(np.cumsum(reps) - reps, reps)
        gi = np.repeat(js - reps, reps) + offset
        fits = w.size[gj] + w.size[gi] + 2 <= most[gj]
        gi, gj = gi[fits], gj[fits]
        if not len(gj):
            continue
        s, e = start[gj], end[gj]
        jlast = last[gj]
        adjacent = gi == gj - 1
        head = w.part(s, w.begin[gi], s)
        after_i = np.minimum(w.end[gi] + 1, e)
        middle_end = np.where(jlast, w.begin[gj] - 1, w.begin[gj])
        middle = w.part(after_i, np.maximum(middle_end, after_i), s)
        tail = w.part(np.minimum(w.end[gj] + 1, e), e, s)
        mid_len = np.maximum(middle_end - after_i, 0)
        both = np.where(
            jlast & adjacent,
            w.part(s, w.begin[gi] - 1, s),
            w.joined(
                head, w.at[gi], w.joined(middle, mid_len, np.where(jlast, np.uint64(0), tail))
            ),
        )
        hit = _found(both, names)
        for i, j in zip(gi[hit].tolist(), gj[hit].tolist(), strict=True):
            k = keys[w.key[j]]
            si, zi, sj, zj = int(w.at[i]), int(w.size[i]), int(w.at[j]), int(w.size[j])
            if last[j] and i == j - 1:
                text = k[: si - 1]
            elif last[j]:
                text = k[:si] + k[si + zi + 1 : sj - 1]
            else:
                text = k[:si] + k[si + zi + 1 : sj] + k[sj + zj + 1 :]
            if text in keyset:
                add(text, k)


def _shared_patterns(w: _Words, keys: list[str]) -> dict[str, dict[str, list[str]]]:
    """Rule 1's groups: pattern (the name with one word of three letters or more as ``*``)
    -> word -> names, for the patterns two names share, in the walk's order."""
    big = np.flatnonzero(w.size >= 3)
    start = w.starts[w.key[big]]
    end = start + w.lengths[w.key[big]]
    before = w.part(start, w.begin[big], start)
    after = w.part(w.end[big], end, start)
    pattern = w.joined(before, w.at[big], w.joined(np.full(len(big), _STAR), 1, after))
    order = np.argsort(pattern, kind="stable")
    ranked = pattern[order]
    repeat = np.zeros(len(ranked), dtype=bool)
    same = ranked[1:] == ranked[:-1]
    repeat[1:] |= same
    repeat[:-1] |= same
    members = np.sort(big[order[repeat]])
    first: dict[str, tuple[str, str]] = {}
    groups: dict[str, dict[str, list[str]]] = {}
    for g, k in zip(members.tolist(), w.key[members].tolist(), strict=True):
        key = keys[k]
        a, z = int(w.at[g]), int(w.size[g])
        word, text = key[a : a + z], key[:a] + "*" + key[a + z :]
        seen = first.setdefault(text, (word, key))
        if seen[1] is not key:
            group = groups.get(text)
            if group is None:
                group = groups[text] = {seen[0]: [seen[1]]}
            group.setdefault(word, []).append(key)
    return groups
