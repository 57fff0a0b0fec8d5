"""The fast name matching agrees with the plain all-pairs / scan-everything definitions."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from graphmodel.build.names import NameIndex, normalise_name, normalise_names


def reference_normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    import re

    return re.sub(r"[^a-z0-9]+", " ", ascii_only.casefold()).strip()


def reference_search(index: NameIndex, text: str, limit: int = 10) -> list[str]:
    """The original scan over every name (each record sharing one is found)."""
    key = normalise_name(text)
    if not key:
        return []
    ranked: dict[str, tuple[int, int, str, int]] = {}
    # every node holding a name, in the order they were indexed
    pairs = [(c, n, k) for c, ids in index._by_key.items() for k, n in enumerate(ids)]
    for choice, node_id, order in pairs:
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
        score = (rank, len(choice), choice, order)
        if node_id not in ranked or score < ranked[node_id]:
            ranked[node_id] = score
    out = sorted(ranked, key=ranked.__getitem__)
    if len(out) < limit:
        out += [i for i in index.suggest(text, limit) if i not in ranked]
    return out[:limit]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_normalise_name_matches_the_unicode_definition(text):
    assert normalise_name(text) == reference_normalise(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.text(max_size=20), st.text("Ab -.\n\t&éß\u0301\u0327ﬁİ", max_size=12)),
        max_size=8,
    )
)
def test_normalise_names_in_bulk_is_normalise_name_of_each(names):
    # the bulk form joins ASCII names by newlines: names holding one, accents, punctuation at
    # either end and empty names must all come out as they do one by one
    assert normalise_names(names) == [normalise_name(n) for n in names]


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
