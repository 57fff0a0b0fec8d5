"""“Did you mean …?”: the near misses of a mistyped id or name, for an error message.

A near miss is what a person meant give or take a typo: the same text with a letter dropped,
added, changed or two swapped, in any case and with any punctuation (``kent-countycouncil``,
``leicster``, ``Kent County Concil``), or the start of a longer name so typed
(``kent-virgina-mou`` for ``kent-virginia-mou-2006``, with a typo fewer). How many typos are forgiven grows with
the length of what was typed: one in a short word, about one in every four letters in a long
one. An unrelated word (``nobody``) has no near miss, so it gets no suggestion: a far-fetched
one only sends a person after the wrong record.

The search box does not use this: as a person types it shows anything alike
(:meth:`graphmodel.build.names.NameIndex.search`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import compress

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = ["did_you_mean", "close_matches", "NearMisses"]


def did_you_mean(text: str, choices: Iterable[str] | NearMisses, limit: int = 3) -> str:
    """``"; did you mean 'a', 'b'?"`` naming the near misses of ``text`` among ``choices``, to
    end an error message with; empty when there is none. ``choices`` may be made ready once
    (:class:`NearMisses`) to be asked about many texts.

    Examples
    --------
    >>> ids = ["kent-county-council", "kent", "leicester", "centre-for-innovative-technology"]
    >>> did_you_mean("kent-countycouncil", ids)
    "; did you mean 'kent-county-council'?"
    >>> did_you_mean("nobody", ids)
    ''
    """
    near = choices if isinstance(choices, NearMisses) else NearMisses(choices)
    close = near.of(text, limit)
    return "; did you mean " + ", ".join(map(repr, close)) + "?" if close else ""


def close_matches(text: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The near misses of ``text`` among ``choices``, closest first (see the module).

    >>> close_matches("Leicster", ["leicester", "leicester-city-council", "lewes"])
    ['leicester']
    >>> close_matches("leicester city", ["leicester", "leicester-city-council", "lewes"])
    ['leicester-city-council']
    """
    return NearMisses(choices).of(text, limit)


def forgiven(length: int) -> int:
    """How many typos a text of ``length`` letters and digits may hold and still be a near miss:
    none under three, one up to seven, then one for every four (in a word of three or four
    letters the one typo must be two letters swapped: see :meth:`NearMisses.of`).

    >>> [forgiven(n) for n in (2, 3, 6, 8, 12, 17)]
    [0, 1, 1, 2, 3, 4]
    """
    return 0 if length < 3 else max(1, length // 4)


class NearMisses:
    """``choices`` made ready to be asked for the near misses of many texts (an index of a whole
    register's names is asked once per unknown id)."""

    def __init__(self, choices: Iterable[str], folded_already: bool = False):
        """``folded_already``: the choices are as :func:`folded` leaves them, and unique (a
        :class:`~graphmodel.build.names.NameIndex`'s normalised names), so they are used as
        they are."""
        self.choices = list(choices) if folded_already else list(dict.fromkeys(choices))
        self._words = self.choices if folded_already else folded(self.choices)
        self._compact = [w.replace(" ", "") for w in self._words]
        self._lengths = np.fromiter(map(len, self._compact), np.int64, len(self._compact))

    def of(self, text: str, limit: int = 3) -> list[str]:
        """The near misses of ``text``, closest first: fewest typos first, the whole text
        before the start of a longer name, then the nearest in length."""
        typed = folded([text])[0].replace(" ", "")
        most = forgiven(len(typed))
        if not most:
            return []
        n = len(typed)
        ranked: dict[int, tuple[int, int, int]] = {}
        # the whole text mistyped
        near = np.flatnonzero(np.abs(self._lengths - n) <= most).tolist()
        for _, typos, k in process.extract(
            typed,
            [self._compact[i] for i in near],
            scorer=OSA.distance,
            score_cutoff=most,
            limit=None,
        ):
            ranked[near[k]] = (typos, 0, abs(len(self._compact[near[k]]) - n))
        # the first words of a longer name, typed at least half of it, with one typo fewer
        # ("leicesterr" is "leicester" mistyped, not the start of "Leicester – Rajkot")
        longer = np.flatnonzero((self._lengths > n + most) & (self._lengths <= 2 * n)).tolist()
        first = typed[0]  # (a typo in the first letter is rare, and looking at every name slow)
        starts = {i: _first_words(self._words[i], n) for i in longer if self._words[i][0] == first}
        starts = {i: w for i, w in starts.items() if abs(len(w) - n) < most}
        for _, typos, i in process.extract(
            typed, starts, scorer=OSA.distance, score_cutoff=most - 1, limit=None
        ):
            ranked.setdefault(i, (typos, 1, len(self._compact[i]) - n))
        if n <= 4:  # "ctiy" is "city" mistyped, but "bar" is not "BGR"
            ranked = {i: r for i, r in ranked.items() if not r[0] or _swapped(typed, i, self)}
        if not ranked:
            return []
        # the nearest few only: beside "kent-county-council" for "kent-countycouncil", "King
        # County Council" (two letters changed) is a distraction
        fewest = min(typos for typos, _, _ in ranked.values())
        best = sorted(
            (i for i in ranked if ranked[i][0] <= fewest + 1), key=lambda i: (*ranked[i], i)
        )
        return [self.choices[i] for i in best[:limit]]


def folded(texts: list[str]) -> list[str]:
    """Each of ``texts`` as it is compared: its words of letters and digits, split by one space,
    without case or accents (as :func:`graphmodel.build.names.normalise_name` folds them), so
    case and punctuation are no typos; nor are spaces, which ``NearMisses`` leaves out.

    >>> folded(["Kent County-Council", "Bács-Kiskun", "kent-county-council"])
    ['kent county council', 'bacs kiskun', 'kent county council']
    """
    plain = [t.isascii() and "\n" not in t for t in texts]
    # ASCII texts (nearly all ids and names) in one sweep of their joined text
    ascii_texts = list(compress(texts, plain)) if not all(plain) else texts
    joined = _NOT_ALNUM_OR_LINE.sub(" ", "\n".join(ascii_texts).lower())
    swept = list(map(str.strip, joined.split("\n"))) if ascii_texts else []
    if len(swept) == len(texts):
        return swept
    out = iter(swept)
    return [
        next(out) if is_plain else _folded_one(t) for t, is_plain in zip(texts, plain, strict=True)
    ]


def _folded_one(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", bare.casefold()).strip()


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_ALNUM_OR_LINE = re.compile(r"[^a-z0-9\n]+")


def _first_words(words: str, n: int) -> str:
    """The first of ``words`` whose letters and digits come nearest ``n`` in number, without
    the spaces between them.

    >>> _first_words("leicester city council", 12), _first_words("leicester rajkot", 10)
    ('leicestercity', 'leicester')
    """
    best = ""
    for word in words.split(" "):
        nxt = best + word
        if abs(len(nxt) - n) >= abs(len(best) - n) and best:
            break
        best = nxt
    return best


def _swapped(typed: str, i: int, near: NearMisses) -> bool:
    """Whether choice ``i`` holds the letters of ``typed``, only in another order."""
    return sorted(near._compact[i]) == sorted(typed)
