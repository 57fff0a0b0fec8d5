"""Name matching: normalisation, alias resolution and "did you mean" suggestions.

Both halves have to stay quick on a national register (~200k nodes): ``NameIndex.search``
answers every keystroke of the search box, and ``likely_duplicates`` runs on every load.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator

import numpy as np
from rapidfuzz import fuzz, process

__all__ = ["normalise_name", "NameIndex", "likely_duplicates"]

_NON_WORD = re.compile(r"[^a-z0-9]+")
_AFTER_KEYS = "\x7f"  # sorts after every character a normalised key can hold


def normalise_name(name: str) -> str:
    """Fold case, accents and punctuation so name variants compare equal.

    Examples
    --------
    >>> normalise_name("Bács-Kiskun  County")
    'bacs kiskun county'
    >>> normalise_name("Nord–Pas de Calais") == normalise_name("nord pas-de-calais")
    True
    """
    if name.isascii():  # NFKD leaves ASCII alone, and most names are ASCII
        return _NON_WORD.sub(" ", name.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = decomposed.translate(_WITHOUT_MARKS)
    return _NON_WORD.sub(" ", ascii_only.casefold()).strip()


class _Marks(dict):
    """A ``str.translate`` table that deletes combining characters (accents, once NFKD has
    split them from their letters), filled in as characters are met."""

    def __missing__(self, char: int) -> int | None:
        kept = None if unicodedata.combining(chr(char)) else char
        self[char] = kept
        return kept


_WITHOUT_MARKS = _Marks()


class NameIndex:
    """Looks nodes up by id, name or alias, and suggests near misses.

    Parameters
    ----------
    entries : iterable of (id, label, names)
        ``names`` holds the display name first, then the aliases.

    Examples
    --------
    >>> index = NameIndex([("lille", "Place", ["Lille"]), ("lr", "Place", ["Lille Region"]),
    ...                    ("nl", "Place", ["Nord Lille"]), ("vl", "Place", ["Villeneuve"])])
    >>> index.search("lil", limit=3)  # the name, then names starting, then a word starting
    ['lille', 'lr', 'nl']
    >>> index.search("ille", limit=3)  # names containing it, shortest first
    ['lille', 'nl', 'vl']
    """

    def __init__(self, entries: Iterable[tuple[str, str, list[str]]]):
        self._by_key: dict[str, list[str]] = {}
        self._choices: dict[str, str] = {}  # normalised text -> id (first wins)
        self.labels: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for node_id, label, names in entries:
            self.labels[node_id] = label
            self.names[node_id] = names[0] if names else node_id
            for text in [node_id, *names]:
                key = normalise_name(text)
                if not key:
                    continue
                ids = self._by_key.get(key)
                if ids is None:
                    self._by_key[key] = [node_id]
                    self._choices[key] = node_id
                elif node_id not in ids:
                    ids.append(node_id)
        self._choice_list = list(self._choices)
        # Search looks at the keys one length at a time, shortest first, because it ranks
        # matches of one kind by (length, key); within a length the keys are sorted, so a
        # prefix is a bisected range and a substring scan meets the keys in ranking order.
        by_len: dict[int, list[str]] = {}
        for key in self._choice_list:
            by_len.setdefault(len(key), []).append(key)
        self._lengths = sorted(by_len)
        self._keys_of_len = {n: sorted(keys) for n, keys in by_len.items()}
        self._joined = {n: "\n".join(keys) for n, keys in self._keys_of_len.items()}
        # Word starts after the first word, as codes ``key_index * length + offset`` sorted by
        # the key's tail from that offset: a word prefix is then a bisected range too.
        self._word_starts: dict[int, list[int]] = {}
        for n, keys in self._keys_of_len.items():
            codes = []
            for i, key in enumerate(keys):
                at = key.find(" ")
                while at >= 0:
                    codes.append(i * n + at + 1)
                    at = key.find(" ", at + 1)
            if codes:
                tails = [keys[c // n][c % n :] for c in codes]
                self._word_starts[n] = [
                    codes[k] for k in sorted(range(len(codes)), key=tails.__getitem__)
                ]
        self._suggested: dict[tuple[str, int, float], list[str]] = {}
        # The positions of the keys holding each letter or digit: see ``suggest``.
        lengths = np.fromiter(map(len, self._choice_list), np.int64, len(self._choice_list))
        holding = _char_counts(self._choice_list, lengths)[:, : len(_ALPHABET) - 1] > 0
        self._holding = {c: np.flatnonzero(holding[:, k]) for k, c in enumerate(_ALPHABET[:-1])}

    def resolve(self, text: str) -> list[str]:
        """Ids whose id, name or alias equals ``text`` once normalised."""
        if text in self.labels:
            return [text]
        return list(self._by_key.get(normalise_name(text), []))

    def suggest(self, text: str, limit: int = 5, cutoff: float = 60) -> list[str]:
        """The ids whose names are closest to ``text``, best first."""
        key = normalise_name(text)
        if not key:
            return []
        # This scores every name, which takes a while on a big register; the search box asks
        # again for the same text as a person deletes back through it.
        out = self._suggested.get((key, limit, cutoff))
        if out is not None:
            return list(out)
        found = process.extract(
            key,
            self._likely_choices(key, cutoff),
            scorer=fuzz.WRatio,
            limit=limit * 3,
            score_cutoff=cutoff,
        )
        out = []
        for choice, _score, _ in found:
            node_id = self._choices[choice]
            if node_id not in out:
                out.append(node_id)
            if len(out) == limit:
                break
        if len(self._suggested) >= 256:
            self._suggested.clear()
        self._suggested[(key, limit, cutoff)] = out
        return list(out)

    def _likely_choices(self, key: str, cutoff: float) -> list[str]:
        """The keys that can score ``cutoff`` against ``key``, in index order.

        A key sharing no letter or digit with ``key`` has only spaces in common with it, and
        spaces are under half of any key, so every ratio ``WRatio`` takes is under 50.
        """
        if cutoff < 50:
            return self._choice_list
        held = [self._holding[c] for c in set(key) if c in self._holding]
        if not held:
            return []
        positions = np.unique(np.concatenate(held))
        if len(positions) > len(self._choice_list) // 2:
            return self._choice_list
        return [self._choice_list[k] for k in positions.tolist()]

    def search(self, text: str, limit: int = 10) -> list[str]:
        """Autocomplete: exact names first, then names that start with ``text``, then names
        with a word starting with it, then names containing it (shorter names first), then
        fuzzy matches.

        Names of one kind are ranked by (length, name); a node ranks by its best name. Only
        as many names are looked at as it takes to fill ``limit``.
        """
        key = normalise_name(text)
        if not key:
            return []
        out: list[str] = []
        seen: set[str] = set()
        for choice in self._ranked_matches(key):
            node_id = self._choices[choice]
            if node_id not in seen:
                seen.add(node_id)
                out.append(node_id)
                if len(out) == limit:
                    return out
        # Every match has been seen: fill up with near misses.
        out += [i for i in self.suggest(text, limit) if i not in seen]
        return out[:limit]

    def _ranked_matches(self, key: str) -> Iterator[str]:
        """Keys matching ``key``, best first: equal, prefix, word prefix, substring."""
        if key in self._choices:
            yield key
        start = bisect_left(self._lengths, len(key) + 1)
        longer = self._lengths[start:]
        for n in longer:  # prefixes
            keys = self._keys_of_len[n]
            i = bisect_left(keys, key)
            j = bisect_left(keys, key + _AFTER_KEYS, i)
            yield from keys[i:j]
        prefixed: set[str] = set()
        for n in longer:  # word prefixes
            codes = self._word_starts.get(n)
            if not codes:
                continue
            keys = self._keys_of_len[n]

            def tail(c: int, keys: list[str] = keys, n: int = n) -> str:
                return keys[c // n][c % n :]

            i = bisect_left(codes, key, key=tail)
            j = bisect_left(codes, key + _AFTER_KEYS, i, key=tail)
            matched = {keys[c // n] for c in codes[i:j]}
            matched = {k for k in matched if not k.startswith(key)}
            prefixed |= matched
            yield from sorted(matched)
        for n in longer:  # substrings, not already yielded
            keys, joined = self._keys_of_len[n], self._joined[n]
            pos = joined.find(key)
            while pos >= 0:
                choice = keys[pos // (n + 1)]
                if not choice.startswith(key) and choice not in prefixed:
                    yield choice
                pos = joined.find(key, (pos // (n + 1) + 1) * (n + 1))


def likely_duplicates(
    entries: Iterable[tuple[str, str, list[str]]],
    threshold: float = 85.0,
    limit: int | None = None,
) -> list[tuple[str, str, str, str, float]]:
    """Pairs of different records of one label whose names are suspiciously alike.

    Returns ``(id_a, name_a, id_b, name_b, score)`` tuples, sorted, one per pair of records
    (their most alike names), where ``score`` is ``fuzz.ratio`` of the normalised names and at
    least ``threshold``. Names shorter than five characters once normalised are not compared,
    and the same name twice is not a pair (the loader reports it as an error). A pair whose
    names differ only in a short token (``Interreg IIIA`` / ``Interreg IIIB``) is a series, not
    a duplicate, and is left out.

    ``limit`` keeps only the most alike pairs (highest score; among equal scores those that
    sort first): memory then stays bounded however many look-alikes a register holds, and a
    first look at threshold 95 usually fills it at a fraction of the cost.

    Every pair the plain all-pairs comparison finds is found, with the same score (see
    ``_alike_keys``). Pairs of names of one label and similar length are still all looked at,
    but as 64-bit signatures in numpy (a few nanoseconds a pair); only the pairs whose
    distance bounds allow the threshold are scored.

    Examples
    --------
    >>> pairs = likely_duplicates([("chongqing", "Place", ["Chongqing"]),
    ...                            ("chongquin", "Place", ["Chongquin"])])
    >>> [(a, b) for a, _, b, _, _ in pairs]
    [('chongqing', 'chongquin')]
    """
    if limit is not None and limit <= 0:
        return []
    by_label: dict[str, list[tuple[str, str]]] = {}
    for node_id, label, names in entries:
        for n in names:
            by_label.setdefault(label, []).append((node_id, n))
    labelled = [(items, [normalise_name(n) for _, n in items]) for items in by_label.values()]
    # With a limit, look among the very alike pairs first: the search is far cheaper at a
    # high threshold, and if it fills the limit, the pairs below it could not have entered.
    levels = [threshold] if limit is None or threshold >= _FIRST_LOOK else [_FIRST_LOOK, threshold]
    for level in levels:
        found = _best_pairs(labelled, level, limit)
        if limit is None or len(found) >= limit:
            break
    out = list(found.values())
    if limit is not None and len(out) > limit:
        out = sorted(out, key=lambda p: (-p[4], p))[:limit]
    return sorted(out)


#: The threshold ``likely_duplicates`` tries first when it has a ``limit`` to fill.
_FIRST_LOOK = 95.0


def _best_pairs(
    labelled: list[tuple[list[tuple[str, str]], list[str]]], threshold: float, limit: int | None
) -> dict[tuple[str, str], tuple[str, str, str, str, float]]:
    """The best name pair of each pair of records, best first, until ``limit`` (and the
    rest of the score it reaches) is found."""
    scores, labels, first, second = [], [], [], []
    for label_no, (items, keys) in enumerate(labelled):
        s, i, j = _alike_item_pairs(items, keys, threshold)
        scores.append(s)
        labels.append(np.full(len(s), label_no, dtype=np.int64))
        first.append(i)
        second.append(j)
    found: dict[tuple[str, str], tuple[str, str, str, str, float]] = {}
    if not scores:
        return found
    score, label, i, j = (np.concatenate(a) for a in (scores, labels, first, second))
    # Best score first; among equal scores the order the all-pairs loop meets them, so the
    # first name pair seen for two records is the one the loop would have kept.
    order = np.lexsort((j, i, label, -score))
    last = None
    columns = (score[order].tolist(), label[order].tolist(), i[order].tolist(), j[order].tolist())
    for value, label_no, a, b in zip(*columns, strict=True):
        if limit is not None and len(found) >= limit and value != last:
            break
        last = value
        items, keys = labelled[label_no]
        (a_id, a_name), (b_id, b_name) = items[a], items[b]
        pair = (a_id, b_id) if a_id < b_id else (b_id, a_id)
        if pair in found or _differs_in_short_token(keys[a], keys[b]):
            continue
        if a_id > b_id:
            a_name, b_name = b_name, a_name
        found[pair] = (pair[0], a_name, pair[1], b_name, value)
    return found


def _alike_item_pairs(
    items: list[tuple[str, str]], keys: list[str], threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores and item positions ``i < j`` of the name pairs of different records whose
    normalised names (``keys``) differ, are 5+ characters long, and score at least
    ``threshold``."""
    items_of: dict[str, list[int]] = {}
    for pos, key in enumerate(keys):
        if len(key) >= 5:
            items_of.setdefault(key, []).append(pos)
    unique = list(items_of)
    s, u, v = _alike_keys(unique, threshold)
    ids = {node_id: n for n, node_id in enumerate(dict.fromkeys(i for i, _ in items))}
    owner = np.array([ids[node_id] for node_id, _ in items], dtype=np.int64)
    rep = np.array([p[0] for p in items_of.values()], dtype=np.int64)
    single = np.array([len(p) == 1 for p in items_of.values()], dtype=bool)
    plain = single[u] & single[v]
    a, b = rep[u[plain]], rep[v[plain]]
    scores, first, second = [s[plain]], [np.minimum(a, b)], [np.maximum(a, b)]
    # A name several records (or one record twice) carry: every pairing of its items.
    extra = [
        (s[k], min(p, q), max(p, q))
        for k in np.flatnonzero(~plain).tolist()
        for p in items_of[unique[u[k]]]
        for q in items_of[unique[v[k]]]
    ]
    if extra:
        es, ei, ej = zip(*extra, strict=True)
        scores.append(np.array(es, dtype=np.float64))
        first.append(np.array(ei, dtype=np.int64))
        second.append(np.array(ej, dtype=np.int64))
    score, i, j = np.concatenate(scores), np.concatenate(first), np.concatenate(second)
    other = owner[i] != owner[j]
    return score[other], i[other], j[other]


#: Characters of normalised keys (anything else shares one more slot).
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 "
_CODE = np.full(128, len(_ALPHABET), dtype=np.int64)
_CODE[[ord(c) for c in _ALPHABET]] = np.arange(len(_ALPHABET))


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
    quick = np.ascontiguousarray(_signatures(counts, 64).view(np.uint64)[:, 0])
    words = list(_signatures(counts, 192).view(np.uint64).T)
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
                a, b = np.nonzero(fine)
                pairs.append((a + r0, b + c0))
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


def _char_counts(keys: list[str], length: np.ndarray) -> np.ndarray:
    """How often each character of ``_ALPHABET`` occurs in each key (others share a slot)."""
    text = np.frombuffer("".join(keys).encode("ascii", "replace"), dtype=np.uint8)
    row = np.repeat(np.arange(len(keys), dtype=np.int64), length)
    slots = len(_ALPHABET) + 1
    flat = np.bincount(row * slots + _CODE[text], minlength=len(keys) * slots)
    return flat.reshape(len(keys), slots).astype(np.int16)


def _signatures(counts: np.ndarray, bits: int = 192) -> np.ndarray:
    """Per key, bits ``count >= lo + 1 .. lo + width`` per character, packed into bytes.

    The popcount of two keys' XOR is the sum over characters of the differences of their
    counts clipped to ``[lo, lo + width]``, which is at most the unclipped sum. The window
    follows where this set's counts vary (names sharing boilerplate all have four 'e's), and
    the widths share ``bits``.
    """
    lo = np.floor(np.percentile(counts, 5, axis=0)).astype(np.int64)
    width = np.ceil(np.percentile(counts, 95, axis=0)).astype(np.int64) - lo
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
