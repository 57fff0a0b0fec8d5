"""Records of one kind whose names look alike: the loader's "did you mean the same?" warnings.

A national register holds thousands of names built from the same boilerplate: ``City of
Bergen`` and ``City of Berlin``, ``Aberdeen City Council International Unit`` and ``Atherton
City Council International Unit``. Compared whole, they score as look-alikes, and at 1M
relationships that gave ~6 million warnings, none of them useful. What matters is whether the
*words that differ* look alike. So two names of one kind (normalised, five characters or more,
not equal) look alike when ``fuzz.ratio`` of the whole names reaches the threshold and they
differ in one of these ways:

1. **one word**, spelt alike: the same words in the same order but one, and those two words
   also reach the threshold (``Wolfsberg`` / ``Wolfsburg Chamber of Commerce``,
   ``Chongqing`` / ``Chongquin``);
2. **one or two added words**: one name is the other with one or two words put in
   (``Dublin`` / ``South Dublin Development Agency``, ``Kent County Council`` /
   ``Kent Youth County Council``);
3. **spacing only**: the same letters with the words split differently (``Chong Qing``).

A numbered or lettered series (``Interreg IIIA`` / ``IIIB``, ``Kent Agreement`` / ``Kent
Agreement 2``) is not a look-alike. Each rule is found by lookups, not by comparing every pair
of names: words are swapped for a wildcard to group names that differ in one word, words are
dropped to find the shorter name, spaces are dropped for rule 3. Only in groups of many names
(``City of *``) are the differing words compared in bulk, by ``_alike_keys``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz, process

from graphmodel.build.lookalike_words import words_put_in_and_patterns
from graphmodel.build.names import _char_counts, normalise_name

__all__ = ["likely_duplicates"]

#: groups of names differing in one word with more distinct words than this have their words
#: compared in bulk (``_alike_keys``) rather than pair by pair
_BULK = 48


def likely_duplicates(
    entries: Iterable[tuple[str, str, list[str]]],
    threshold: float = 85.0,
    normalise: Callable[[str], str] = normalise_name,
) -> list[tuple[str, str, str, str, float]]:
    """Pairs of different records of one label whose names look alike (see the module).

    Returns ``(id_a, name_a, id_b, name_b, score)`` tuples, sorted, one per pair of records
    with ``id_a < id_b``: their most alike names (on equal scores, the first in sorted order),
    and ``score``, the ``fuzz.ratio`` of the normalised names. ``normalise`` gives a name's
    normalised form (a caller that has them already passes its look-up).

    Examples
    --------
    >>> pairs = likely_duplicates([("chongqing", "Place", ["Chongqing"]),
    ...                            ("chongquin", "Place", ["Chongquin"]),
    ...                            ("bergen", "Place", ["City of Bergen"]),
    ...                            ("berlin", "Place", ["City of Berlin"])])
    >>> [(a, b) for a, _, b, _, _ in pairs]
    [('chongqing', 'chongquin')]
    """
    by_label: dict[str, list[tuple[str, str]]] = {}
    for node_id, label, names in entries:
        for n in names:
            by_label.setdefault(label, []).append((node_id, n))
    found: dict[tuple[str, str], tuple[str, str, str, str, float]] = {}
    for items in by_label.values():
        owners: dict[str, list[tuple[str, str]]] = {}
        for node_id, name in items:
            key = normalise(name)
            if len(key) >= 5:
                owners.setdefault(key, []).append((node_id, name))
        for ka, kb in sorted(_candidates(list(owners), threshold)):
            score = fuzz.ratio(ka, kb)
            if score < threshold or _differs_in_short_token(ka, kb):
                continue
            for a_id, a_name in owners[ka]:
                for b_id, b_name in owners[kb]:
                    if a_id == b_id:
                        continue
                    if a_id > b_id:
                        a_id, a_name, b_id, b_name = b_id, b_name, a_id, a_name
                    row = (a_id, a_name, b_id, b_name, score)
                    best = found.get((a_id, b_id))
                    if best is None or (-score, a_name, b_name) < (-best[4], best[1], best[3]):
                        found[(a_id, b_id)] = row
    return sorted(found.values())


def _candidates(keys: list[str], threshold: float) -> set[tuple[str, str]]:
    """Pairs ``(a, b)``, ``a < b``, of distinct keys that differ in one of the module's three
    ways (the whole-name score is checked by the caller)."""
    out: set[tuple[str, str]] = set()

    def add(a: str, b: str) -> None:
        out.add((a, b) if a < b else (b, a))

    _spacing_only(keys, add)
    groups = words_put_in_and_patterns(keys, threshold, add)  # all at once, in numpy
    if groups is None:  # names not as normalise_name makes them: word by word
        groups = _words_put_in_and_patterns(keys, threshold, add)
    _one_word_alike(groups, threshold, add)
    return out


def _spacing_only(keys: list[str], add: Callable[[str, str], None]) -> None:
    """3. The same letters with the words split differently."""
    first: dict[str, str] = {}  # letters -> the first key with them; a group for a second
    despaced: dict[str, list[str]] = {}
    for k in keys:
        letters = k.replace(" ", "")
        seen = first.setdefault(letters, k)
        if seen is not k:
            despaced.setdefault(letters, [seen]).append(k)
    for group in despaced.values():
        for a, b in combinations(group, 2):
            add(a, b)


def _words_put_in_and_patterns(
    keys: list[str], threshold: float, add: Callable[[str, str], None]
) -> dict[str, dict[str, list[str]]]:
    """2. One or two words put in: drop them from the longer name and look the rest up (the
    whole-name score of a name within another is at most 2·short / (short + long)). And, in
    the same walk over every word, the groups for 1.: pattern (the name with one word as a
    wildcard) -> word -> keys, for the patterns a second name shares."""
    keyset = set(keys)
    words = {k: k.split() for k in keys}
    # pattern -> (word, key) of the first name with it; only patterns that a second name shares
    # get a group (most names share none: a dict of lists for each was most of the time here)
    first: dict[str, tuple[str, str]] = {}
    groups: dict[str, dict[str, list[str]]] = {}
    keep_share = threshold / (200 - threshold)
    for k, ws in words.items():
        n = len(ws)
        # characters that may go, each word with a space (a hair over, so that a name exactly
        # at the threshold is not lost to rounding: 11 * (1 - 90/110) is 1.9999999999999996)
        most = len(k) * (1 - keep_share) + 1e-9
        start = 0
        for j, w in enumerate(ws):
            size = len(w)
            if size >= 3:  # two words of one or two letters can't reach 85 (or any T > 80)
                pattern = k[:start] + "*" + k[start + size :]
                seen = first.setdefault(pattern, (w, k))
                if seen[1] is not k:
                    group = groups.get(pattern)
                    if group is None:
                        group = groups[pattern] = {seen[0]: [seen[1]]}
                    group.setdefault(w, []).append(k)
            if n > 1 and size + 1 <= most:
                last = j == n - 1
                rest = k[: start - 1] if last else k[:start] + k[start + size + 1 :]
                if rest in keyset:
                    add(rest, k)
                if n > 2:  # and a second word before this one
                    at = 0
                    for i in range(j):
                        other = len(ws[i])
                        if size + other + 2 <= most:
                            if last and i == j - 1:
                                both = rest[: at - 1]
                            else:
                                both = rest[:at] + rest[at + other + 1 :]
                            if both in keyset:
                                add(both, k)
                        at += other + 1
            start += size + 1
    return groups


def _one_word_alike(
    groups: dict[str, dict[str, list[str]]], threshold: float, add: Callable[[str, str], None]
) -> None:
    """1. One word spelt alike: within each group, the differing words that reach the
    threshold; groups of many names (``City of *``) compared in bulk by ``_alike_keys``."""
    bulk: list[dict[str, list[str]]] = []
    for by_word in groups.values():
        if len(by_word) < 2:
            continue
        if len(by_word) > _BULK:
            bulk.append(by_word)
            continue
        ws = list(by_word)
        if len(ws) == 2:
            alike = [(0, 1)] if fuzz.ratio(ws[0], ws[1], score_cutoff=threshold) else []
        else:
            scores = process.cdist(ws, ws, scorer=fuzz.ratio, score_cutoff=threshold)
            alike = zip(*np.nonzero(np.triu(scores, 1)), strict=True)
        for i, j in alike:
            for a in by_word[ws[i]]:
                for b in by_word[ws[j]]:
                    add(a, b)
    if bulk:  # every big group's words at once: they are mostly the same place names
        vocab = sorted({w for by_word in bulk for w in by_word})
        _, first, second = _alike_keys(vocab, threshold)
        alike = list(zip(first.tolist(), second.tolist(), strict=True))
        for by_word in bulk:
            for i, j in alike:
                a_keys, b_keys = by_word.get(vocab[i]), by_word.get(vocab[j])
                if a_keys and b_keys:
                    for a in a_keys:
                        for b in b_keys:
                            add(a, b)


def _alike_keys(keys: list[str], threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(score, i, j)`` for the pairs of distinct ``keys`` with ``fuzz.ratio >= threshold``.

    ``fuzz.ratio`` is ``100 * (1 - d / (la + lb))`` with ``d`` the insert/delete distance, so
    a pair needs ``d <= D = (1 - threshold / 100) * (la + lb)``. Each insertion or deletion
    changes one character count by one, so ``d`` is at least ``|la - lb|``, at least the sum
    over characters of the differences of their counts, and at least that sum with counts
    clipped to a window (a popcount of bit signatures, see ``_signatures``). Keys sorted by
    length are compared a block at a time with the keys short enough to qualify, on a 64-bit
    signature; the few that pass are checked on a 192-bit one and on full counts, and only
    pairs whose bounds allow ``D`` are scored, in C.
    """
    empty = (np.zeros(0, np.float64), np.zeros(0, np.int64), np.zeros(0, np.int64))
    n = len(keys)
    if n < 2:
        return empty
    slack = 1e-6  # the bounds must never drop a pair that rounding would let through
    spare = 1 - threshold / 100 + slack
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=n)
    order = np.argsort(lengths, kind="stable")
    length = lengths[order]
    ordered = [keys[k] for k in order.tolist()]
    counts = _char_counts(ordered, length)
    spread = _spread(counts)
    quick = np.ascontiguousarray(_signatures(counts, 64, spread).view(np.uint64)[:, 0])
    words = list(_signatures(counts, 192, spread).view(np.uint64).T)
    # the distance a pair of total length s may have, and the longest partner of each key:
    # lb - la <= d <= spare * (la + lb)
    allowed = np.floor(spare * np.arange(2 * int(length[-1]) + 1)).astype(np.int64)
    if spare < 1:
        longest = np.floor(length * (1 + spare) / (1 - spare) + slack).astype(np.int64)
        ends = np.searchsorted(length, longest, side="right")
    else:
        ends = np.full(n, n)
    allowed_u8 = np.minimum(allowed, 255).astype(np.uint8)
    rows, cols = 64, 2048  # blocks that stay in cache
    xored = np.empty((rows, cols), np.uint64)
    bound = np.empty((rows, cols), np.uint8)
    ok = np.empty((rows, cols), bool)
    scores, firsts, seconds = [], [], []
    for r0 in range(0, n - 1, rows):
        r1 = min(r0 + rows, n)
        end = int(ends[r1 - 1])
        pairs = []
        for c0 in range(r0, end, cols):
            c1 = min(c0 + cols, end)
            shape = (r1 - r0, c1 - c0)
            x, bd, fine = (buf[: shape[0], : shape[1]] for buf in (xored, bound, ok))
            np.bitwise_xor(quick[r0:r1, None], quick[None, c0:c1], out=x)
            _popcount(x, out=bd)
            # rows are sorted by length: the longest row's allowance covers them all
            np.less_equal(bd, allowed_u8[length[r1 - 1] + length[c0:c1]][None, :], out=fine)
            if c0 < r1:  # each pair once: i < j
                fine &= np.arange(r0, r1)[:, None] < np.arange(c0, c1)[None, :]
            if np.count_nonzero(fine):  # most blocks hold no candidate at all
                # flat: nonzero on the 2-d view of the buffer was most of this function's time
                at = np.flatnonzero(fine)
                pairs.append((at // shape[1] + r0, at % shape[1] + c0))
        if not pairs:
            continue
        a = np.concatenate([p[0] for p in pairs])
        b = np.concatenate([p[1] for p in pairs])
        limit = allowed[length[a] + length[b]]
        slow = sum(_popcount(w[a] ^ w[b]).astype(np.int64) for w in words)
        keep = (length[b] - length[a] <= limit) & (slow <= limit)
        a, b, limit = a[keep], b[keep], limit[keep]
        full = np.abs(counts[a] - counts[b]).sum(axis=1)  # the unclipped bound
        keep = full <= limit
        a, b = a[keep], b[keep]
        if not len(a):
            continue
        score = _ratios(ordered, a, b, threshold - slack)
        keep = score >= threshold
        ka, kb = order[a[keep]], order[b[keep]]
        scores.append(score[keep])
        firsts.append(np.minimum(ka, kb))
        seconds.append(np.maximum(ka, kb))
    if not scores:
        return empty
    return np.concatenate(scores), np.concatenate(firsts), np.concatenate(seconds)


def _ratios(keys: list[str], a: np.ndarray, b: np.ndarray, cutoff: float) -> np.ndarray:
    """``fuzz.ratio(keys[a[k]], keys[b[k]])`` (0 below ``cutoff``) for ``a`` sorted.

    One ``cdist`` call per distinct ``a``: it prepares the query once for all its partners,
    which is several times quicker than ``cpdist`` preparing it per pair.
    """
    starts = np.flatnonzero(np.r_[True, a[1:] != a[:-1]]).tolist()
    bounds = [*starts, len(a)]
    partners = [keys[k] for k in b.tolist()]
    return np.concatenate(
        [
            process.cdist(
                [keys[int(a[lo])]],
                partners[lo:hi],
                scorer=fuzz.ratio,
                score_cutoff=max(cutoff, 0),
                dtype=np.float64,
            )[0]
            for lo, hi in zip(bounds, bounds[1:], strict=False)
        ]
    )


def _spread(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each character's 5th and 95th percentile count over the keys (for ``_signatures``)."""
    low, high = np.percentile(counts, [5, 95], axis=0)
    return low, high


def _signatures(
    counts: np.ndarray, bits: int = 192, spread: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray:
    """Per key, bits ``count >= lo + 1 .. lo + width`` per character, packed into bytes.

    The popcount of two keys' XOR is the sum over characters of the differences of their
    counts clipped to ``[lo, lo + width]``, which is at most the unclipped sum. The window
    follows where this set's counts vary (names sharing boilerplate all have four 'e's), and
    the widths share ``bits``. ``spread``: ``_spread(counts)``, if worked out already.
    """
    low, high = spread if spread is not None else _spread(counts)
    lo = np.floor(low).astype(np.int64)
    width = np.ceil(high).astype(np.int64) - lo
    while width.sum() > bits:
        width[np.argmax(width)] -= 1
    columns = [
        counts[:, c] >= lo[c] + level for c in range(len(lo)) for level in range(1, width[c] + 1)
    ]
    if not columns:
        return np.zeros((len(counts), 8), dtype=np.uint8)
    packed = np.packbits(np.stack(columns, axis=1), axis=1)
    return np.pad(packed, ((0, 0), (0, -packed.shape[1] % 8)))


_BITS = np.array([bin(b).count("1") for b in range(256)], dtype=np.uint8)


def _popcount(words: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Set bits of each 64-bit word, as uint8."""
    if hasattr(np, "bitwise_count"):  # numpy >= 2
        return np.bitwise_count(words, out=out)
    as_bytes = words.view(np.uint8).reshape(*words.shape, 8)
    return _BITS[as_bytes].sum(axis=-1, dtype=np.uint8, out=out)


def _differs_in_short_token(a: str, b: str) -> bool:
    """A numbered or lettered series (``Interreg IIIA``/``IIIB``, ``Kent Agreement``/``2``)."""
    ta, tb = a.split(), b.split()
    if abs(len(ta) - len(tb)) == 1:
        longer, shorter = (ta, tb) if len(ta) > len(tb) else (tb, ta)
        return longer[: len(shorter)] == shorter and len(longer[-1]) <= 4
    if len(ta) != len(tb):
        return False
    diff = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    return len(diff) == 1 and max(len(diff[0][0]), len(diff[0][1])) <= 5 and len(ta) > 1
