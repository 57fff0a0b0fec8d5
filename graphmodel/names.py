"""Name matching: normalisation, alias resolution and "did you mean" suggestions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

__all__ = ["normalise_name", "NameIndex", "likely_duplicates"]

_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    """Fold case, accents and punctuation so name variants compare equal.

    Examples
    --------
    >>> normalise_name("Bács-Kiskun  County")
    'bacs kiskun county'
    >>> normalise_name("Nord–Pas de Calais") == normalise_name("nord pas-de-calais")
    True
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", ascii_only.casefold()).strip()


class NameIndex:
    """Looks nodes up by id, name or alias, and suggests near misses.

    Parameters
    ----------
    entries : iterable of (id, label, names)
        ``names`` holds the display name first, then the aliases.
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
                ids = self._by_key.setdefault(key, [])
                if node_id not in ids:
                    ids.append(node_id)
                self._choices.setdefault(key, node_id)

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
        found = process.extract(
            key, list(self._choices), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=cutoff
        )
        out: list[str] = []
        for choice, _score, _ in found:
            node_id = self._choices[choice]
            if node_id not in out:
                out.append(node_id)
            if len(out) == limit:
                break
        return out

    def search(self, text: str, limit: int = 10) -> list[str]:
        """Autocomplete: exact names first, then names that start with ``text``, then names
        with a word starting with it, then names containing it (shorter names first), then
        fuzzy matches."""
        key = normalise_name(text)
        if not key:
            return []
        ranked: dict[str, tuple[int, int, str]] = {}
        for choice, node_id in self._choices.items():
            if choice == key:
                rank = 0
            elif choice.startswith(key):
                rank = 1
            elif any(w.startswith(key) for w in choice.split()):
                rank = 2
            elif key in choice:
                rank = 3
            else:
                continue
            score = (rank, len(choice), choice)
            if node_id not in ranked or score < ranked[node_id]:
                ranked[node_id] = score
        out = sorted(ranked, key=ranked.__getitem__)
        if len(out) < limit:
            out += [i for i in self.suggest(text, limit) if i not in ranked]
        return out[:limit]


def likely_duplicates(
    entries: Iterable[tuple[str, str, list[str]]], threshold: float = 85.0
) -> list[tuple[str, str, str, str, float]]:
    """Pairs of different records of one label whose names are suspiciously alike.

    Returns ``(id_a, name_a, id_b, name_b, score)`` tuples. A pair whose names differ only in
    a short token (``Interreg IIIA`` / ``Interreg IIIB``) is a series, not a duplicate, and is
    left out.

    Examples
    --------
    >>> pairs = likely_duplicates([("chongqing", "Place", ["Chongqing"]),
    ...                            ("chongquin", "Place", ["Chongquin"])])
    >>> [(a, b) for a, _, b, _, _ in pairs]
    [('chongqing', 'chongquin')]
    """
    by_label: dict[str, list[tuple[str, str]]] = {}
    for node_id, label, names in entries:
        for n in names:
            by_label.setdefault(label, []).append((node_id, n))
    found: dict[tuple[str, str], tuple[str, str, str, str, float]] = {}
    for items in by_label.values():
        keys = [normalise_name(n) for _, n in items]
        for i in range(len(items)):
            if len(keys[i]) < 5:
                continue
            for j in range(i + 1, len(items)):
                a_id, a_name = items[i]
                b_id, b_name = items[j]
                if a_id == b_id or len(keys[j]) < 5:
                    continue
                score = fuzz.ratio(keys[i], keys[j])
                if keys[i] == keys[j]:  # the same name twice is an error the loader reports
                    continue
                if score < threshold or _differs_in_short_token(keys[i], keys[j]):
                    continue
                pair = tuple(sorted((a_id, b_id)))
                if pair not in found or found[pair][4] < score:
                    x, y = ((a_id, a_name), (b_id, b_name))
                    if x[0] != pair[0]:
                        x, y = y, x
                    found[pair] = (x[0], x[1], y[0], y[1], score)
    return sorted(found.values())


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
