"""The fast name matching agrees with the plain all-pairs / scan-everything definitions."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from graphmodel.names import NameIndex, _differs_in_short_token, likely_duplicates, normalise_name


def reference_normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    import re

    return re.sub(r"[^a-z0-9]+", " ", ascii_only.casefold()).strip()


def reference_duplicates(entries, threshold=85.0):
    """The original O(n^2) definition."""
    by_label: dict[str, list[tuple[str, str]]] = {}
    for node_id, label, names in entries:
        for n in names:
            by_label.setdefault(label, []).append((node_id, n))
    found: dict = {}
    for items in by_label.values():
        keys = [normalise_name(n) for _, n in items]
        for i in range(len(items)):
            if len(keys[i]) < 5:
                continue
            for j in range(i + 1, len(items)):
                a_id, a_name = items[i]
                b_id, b_name = items[j]
                if a_id == b_id or len(keys[j]) < 5 or keys[i] == keys[j]:
                    continue
                score = fuzz.ratio(keys[i], keys[j])
                if score < threshold or _differs_in_short_token(keys[i], keys[j]):
                    continue
                pair = tuple(sorted((a_id, b_id)))
                if pair not in found or found[pair][4] < score:
                    x, y = (a_id, a_name), (b_id, b_name)
                    if x[0] != pair[0]:
                        x, y = y, x
                    found[pair] = (x[0], x[1], y[0], y[1], score)
    return sorted(found.values())


def reference_search(index: NameIndex, text: str, limit: int = 10) -> list[str]:
    """The original scan over every name."""
    key = normalise_name(text)
    if not key:
        return []
    ranked: dict[str, tuple[int, int, str]] = {}
    for choice, node_id in index._choices.items():
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
        out += [i for i in index.suggest(text, limit) if i not in ranked]
    return out[:limit]


# Names built from a few shared words and short variable parts, so that near misses,
# series ("... 2"), repeated names and names shorter than five characters all turn up.
_WORDS = ["city", "of", "council", "lille", "lile", "kent", "2", "iiia", "iiib", "nord", "a"]
name_st = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map(" ".join) | st.text(
    alphabet="abcé -", min_size=0, max_size=12
)
entries_st = st.lists(
    st.tuples(
        st.sampled_from(["n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8"]),
        st.sampled_from(["Place", "Organisation"]),
        st.lists(name_st, min_size=0, max_size=3),
    ),
    max_size=14,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries_st, st.sampled_from([50.0, 70.0, 85.0, 90.0, 95.0]))
def test_likely_duplicates_matches_all_pairs(entries, threshold):
    assert likely_duplicates(entries, threshold) == reference_duplicates(entries, threshold)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries_st, st.sampled_from([60.0, 85.0]), st.integers(1, 6))
def test_likely_duplicates_limit_keeps_the_most_alike(entries, threshold, limit):
    full = reference_duplicates(entries, threshold)
    best = sorted(sorted(full, key=lambda p: (-p[4], p))[:limit])
    assert likely_duplicates(entries, threshold, limit=limit) == best


def test_likely_duplicates_finds_near_misses_among_many_names():
    """A bigger set, with boilerplate shared by all names, than the property test draws."""
    import random

    rng = random.Random(7)
    letters = "abcdefghij"
    entries = []
    for k in range(600):
        stem = "".join(rng.choice(letters) for _ in range(rng.randint(3, 9)))
        entries.append((f"id{k}", "Organisation", [f"City of {stem}"]))
        if k % 5 == 0:  # a near copy
            entries.append((f"copy{k}", "Organisation", [f"City of {stem[:-1]}x"]))
    found = likely_duplicates(entries)
    assert found == reference_duplicates(entries)
    assert len(found) > 100


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_normalise_name_matches_the_unicode_definition(text):
    assert normalise_name(text) == reference_normalise(text)


search_names = st.lists(
    st.lists(
        st.sampled_from(["lo", "lon", "london", "don", "ondo", "de", "x", "lond on"]), max_size=3
    )
    .map(" ".join)
    .filter(bool),
    min_size=1,
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]), search_names), max_size=10
    ),
    st.sampled_from(["lo", "lon", "on", "d", "london", "x", "zzqx", "lond o", "o", "de x"]),
    st.integers(1, 5),
)
def test_search_ranks_like_a_full_scan(nodes, text, limit):
    index = NameIndex((node_id, "Place", names) for node_id, names in nodes)
    assert index.search(text, limit) == reference_search(index, text, limit)


def test_search_ranks_exact_prefix_word_then_substring():
    index = NameIndex(
        [
            ("a", "Place", ["Greater London"]),
            ("b", "Place", ["London"]),
            ("c", "Place", ["Londonderry"]),
            ("d", "Place", ["Blondon"]),
            ("e", "Place", ["Lodon"]),
        ]
    )
    assert index.search("london", 4) == ["b", "c", "a", "d"]
    assert index.search("london", 10)[:4] == ["b", "c", "a", "d"]
    assert "e" in index.search("london", 10)  # a fuzzy match fills the list
    assert index.suggest("londn") == index.suggest("londn")  # the cached answer is a copy


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abxyz09 -", min_size=1, max_size=12), max_size=12),
    st.text(alphabet="abqxz9 ", max_size=8),
    st.sampled_from([40.0, 50.0, 60.0, 80.0]),
)
def test_suggest_scores_every_name(names, text, cutoff):
    from rapidfuzz import process

    index = NameIndex((f"id{k}", "Place", [n]) for k, n in enumerate(names))
    key = normalise_name(text)
    expected: list[str] = []
    if key:
        for choice, _, _ in process.extract(
            key, list(index._choices), scorer=fuzz.WRatio, limit=15, score_cutoff=cutoff
        ):
            if index._choices[choice] not in expected:
                expected.append(index._choices[choice])
    assert index.suggest(text, 5, cutoff) == expected[:5]
