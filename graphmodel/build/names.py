"""Name matching: normalisation, alias resolution and "did you mean" suggestions.

``NameIndex.search`` answers every keystroke of the search box, so it has to stay quick on a
national register (~200k nodes). Look-alike names between records are in ``lookalike``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator

import numpy as np
from rapidfuzz import fuzz, process

from .did_you_mean import NearMisses

__all__ = ["normalise_name", "normalise_names", "NameIndex"]

_NON_WORD = re.compile(r"[^a-z0-9]+")
_AFTER_KEYS = "\x7f"  # sorts after every character a normalised key can hold


@functools.lru_cache(maxsize=1 << 18)  # a load normalises each name twice (aliases, look-alikes)
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


_NON_WORD_OR_LINE = re.compile(r"[^a-z0-9\n]+")


def normalise_names(names: list[str]) -> list[str]:
    """``normalise_name`` of each of ``names``, in one pass over their joined text: a load
    normalises a few hundred thousand names, and one regex call per name was 4 µs each.

    The names are joined by newlines, folded and swept by one regex that leaves the newlines
    alone, then split again: ASCII names lower-cased, the others decomposed (NFKD), stripped
    of their accents and case-folded, which no newline crosses (a newline is a starter, so
    canonical reordering stops at it). A name holding a newline goes one by one. The same
    answers as ``normalise_name``, which tests/test_names.py checks.

    >>> normalise_names(["Kent  County-Council", "Bács-Kiskun", " A&B "])
    ['kent county council', 'bacs kiskun', 'a b']
    """
    plain = [n for n in names if n.isascii() and "\n" not in n]
    out = dict(zip(plain, _swept("\n".join(plain).lower(), len(plain)), strict=True))
    if len(plain) == len(names):
        return [out[n] for n in names]
    rest = list({n: None for n in names if n not in out and "\n" not in n})
    # most of the others hold only characters that folding leaves as they are (a dash in
    # "Kent – Hainaut", a curly quote), which end as spaces: those are swept as ASCII names
    odd = _folding_any("\n".join(rest))
    if odd is None:
        simple, rest = rest, []
    else:
        simple, folding = [], []
        for n in rest:
            (folding if odd.search(n) else simple).append(n)
        rest = folding
    # every character that is not ASCII becomes a space in the end: made "?" at C speed first
    ascii_text = "\n".join(simple).encode("ascii", "replace").decode("ascii").lower()
    out.update(zip(simple, _swept(ascii_text, len(simple)), strict=True))
    folded = unicodedata.normalize("NFKD", "\n".join(rest)).translate(_WITHOUT_MARKS).casefold()
    if folded.count("\n") == len(rest) - 1:
        out.update(zip(rest, _swept(folded, len(rest)), strict=True))
    return [out[n] if n in out else normalise_name(n) for n in names]


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _folding_any(text: str) -> re.Pattern[str] | None:
    """A pattern finding the characters of ``text`` that folding changes (see ``_folds``), or
    None when it changes none of them."""
    chars = sorted(c for c in set(_NON_ASCII.findall(text)) if _folds(c))
    return re.compile("[" + "".join(map(re.escape, chars)) + "]") if chars else None


@functools.lru_cache(maxsize=1 << 12)
def _folds(char: str) -> bool:
    """Whether ``normalise_name`` folds ``char`` into something else (decomposes it, drops it
    as an accent, case-folds or lower-cases it): a character it leaves alone is swept like
    any other that is not a letter or digit, so a name of ASCII and such characters is
    normalised by lower-casing and sweeping alone.

    >>> _folds("–"), _folds("é"), _folds("ß")
    (False, True, True)
    """
    return (
        unicodedata.normalize("NFKD", char) != char
        or unicodedata.combining(char) != 0
        or char.casefold() != char
        or char.lower() != char
    )


def _swept(text: str, count: int) -> list[str]:
    """``count`` newline-separated folded names, each swept to words split by one space."""
    if not count:
        return []
    return list(map(str.strip, _NON_WORD_OR_LINE.sub(" ", text).split("\n")))


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
    >>> NameIndex([("a", "Place", ["Kent"]), ("b", "Org", ["KCC", "Kent"])]).search("kent")
    ['a', 'b']
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
        self._near_misses: NearMisses | None = None  # built when first asked
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

    def near_misses(self, text: str, limit: int = 5) -> list[str]:
        """The ids "did you mean" names for ``text``: those with an id, name or alias ``text``
        mistypes, closest first (:mod:`graphmodel.build.did_you_mean`); none for an unrelated
        word, where :meth:`suggest` finds whatever is least unlike it."""
        if self._near_misses is None:
            self._near_misses = NearMisses(self._choice_list, folded_already=True)
        out: list[str] = []
        for key in self._near_misses.of(text, limit):
            # a record whose own id this is before those with it as a name or alias
            ids = sorted(self._by_key[key], key=lambda i: normalise_name(i) != key)
            out += [i for i in ids if i not in out]
        return out[:limit]

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
            # every record with this name or alias, not only the first indexed: "Kent" is a
            # place's name and a council's alias, and both are asked for
            for node_id in self._by_key[choice]:
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


#: Characters of normalised keys (anything else shares one more slot).
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 "
_CODE = np.full(128, len(_ALPHABET), dtype=np.int64)
_CODE[[ord(c) for c in _ALPHABET]] = np.arange(len(_ALPHABET))


def _char_counts(keys: list[str], length: np.ndarray) -> np.ndarray:
    """How often each character of ``_ALPHABET`` occurs in each key (others share a slot)."""
    text = np.frombuffer("".join(keys).encode("ascii", "replace"), dtype=np.uint8)
    row = np.repeat(np.arange(len(keys), dtype=np.int64), length)
    slots = len(_ALPHABET) + 1
    flat = np.bincount(row * slots + _CODE[text], minlength=len(keys) * slots)
    return flat.reshape(len(keys), slots).astype(np.int16)
