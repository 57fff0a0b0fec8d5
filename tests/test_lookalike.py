"""Look-alike names: the indexed search finds exactly what the rule, applied to every pair,
finds; boilerplate-only resemblance is not a look-alike."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from graphmodel.build.lookalike import _alike_keys, _differs_in_short_token, likely_duplicates
from graphmodel.build.lookalike_words import words_put_in_and_patterns
from graphmodel.build.names import normalise_name


def rule(a: str, b: str, threshold: float) -> bool:
    """The module's definition, written out plainly for one pair of normalised names."""
    if a == b or len(a) < 5 or len(b) < 5 or fuzz.ratio(a, b) < threshold:
        return False
    if _differs_in_short_token(a, b):
        return False
    ta, tb = a.split(), b.split()
    if a.replace(" ", "") == b.replace(" ", ""):
        return True  # 3. spacing only
    if len(ta) == len(tb):  # 1. one word, spelt alike
        diff = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
        return len(diff) == 1 and fuzz.ratio(*diff[0]) >= threshold
    short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    if len(long_) - len(short) > 2:  # 2. one or two words put in, order kept
        return False
    it = iter(long_)
    return all(w in it for w in short)


def reference(entries, threshold=85.0):
    by_label: dict[str, list[tuple[str, str]]] = {}
    for node_id, label, names in entries:
        for n in names:
            by_label.setdefault(label, []).append((node_id, n))
    found: dict = {}
    for items in by_label.values():
        for (a_id, a_name), (b_id, b_name) in (
            (x, y) for i, x in enumerate(items) for y in items[i + 1 :]
        ):
            ka, kb = normalise_name(a_name), normalise_name(b_name)
            if a_id == b_id or not rule(ka, kb, threshold):
                continue
            if a_id > b_id:
                a_id, a_name, b_id, b_name = b_id, b_name, a_id, a_name
            score = fuzz.ratio(ka, kb)
            best = found.get((a_id, b_id))
            if best is None or (-score, a_name, b_name) < (-best[4], best[1], best[3]):
                found[(a_id, b_id)] = (a_id, a_name, b_id, b_name, score)
    return sorted(found.values())


# Names built from a few shared words and short variable parts, so that near misses,
# series ("... 2"), repeated names, spacing variants and short names all turn up.
_WORDS = ["city", "of", "council", "lille", "lile", "kent", "2", "iiia", "iiib", "nord", "a"]
_WORDS += ["wolfsberg", "wolfsburg", "chong", "qing", "chongqing", "south"]
name_st = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5).map(" ".join) | st.text(
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


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries_st, st.sampled_from([70.0, 85.0, 90.0]))
def test_finds_exactly_what_the_rule_finds_on_every_pair(entries, threshold):
    assert likely_duplicates(entries, threshold) == reference(entries, threshold)


def test_a_word_put_in_exactly_at_the_threshold():
    # 'city 2 city' against 'city city' scores exactly 90: found at 90, as every pair is
    entries = [("n1", "Place", ["city city"]), ("n2", "Place", ["city 2 city"])]
    assert likely_duplicates(entries, 90.0) == reference(entries, 90.0) != []


def test_the_papers_examples_and_boilerplate():
    entries = [
        ("chongqing", "Place", ["Chongqing"]),
        ("chongquin", "Place", ["Chongquin"]),
        ("chong-qing", "Place", ["Chong Qing"]),
        ("wolfsberg", "Organisation", ["Wolfsberg Chamber of Commerce"]),
        ("wolfsburg", "Organisation", ["Wolfsburg Chamber of Commerce"]),
        ("kcc", "Organisation", ["Kent County Council"]),
        ("kycc", "Organisation", ["Kent Youth County Council"]),
        ("aberdeen-iu", "Organisation", ["Aberdeen City Council International Unit"]),
        ("atherton-iu", "Organisation", ["Atherton City Council International Unit"]),
        ("steering", "Group", ["Competitiveness Programme Steering Committee"]),
        ("monitoring", "Group", ["Competitiveness Programme Monitoring Committee"]),
        ("iiia", "FundingProgramme", ["Interreg IIIA"]),
        ("iiib", "FundingProgramme", ["Interreg IIIB"]),
    ]
    pairs = {(a, b) for a, _, b, _, _ in likely_duplicates(entries)}
    assert pairs == {
        ("chong-qing", "chongqing"),  # spacing only; not Chongquin: two changes at once
        ("chongqing", "chongquin"),
        ("wolfsberg", "wolfsburg"),
        ("kcc", "kycc"),
    }


def test_big_boilerplate_groups_use_the_bulk_comparison():
    """More than _BULK names around one pattern ("city of *"): still exactly the rule."""
    rng = random.Random(7)
    letters = "abcdefghij"
    entries = []
    copies = set()
    for k in range(400):
        stem = "".join(rng.choice(letters) for _ in range(rng.randint(4, 10)))
        entries.append((f"id{k}", "Organisation", [f"City of {stem}"]))
        if k % 5 == 0:  # a near copy: one letter changed
            entries.append((f"copy{k}", "Organisation", [f"City of {stem[:-1]}x"]))
            if len(stem) >= 7:  # a word of 7+ letters with one changed still scores 85
                copies.add((f"copy{k}", f"id{k}"))
    found = likely_duplicates(entries)
    assert found == reference(entries)
    assert copies <= {(a, b) for a, _, b, _, _ in found}
    assert len(copies) > 30


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdeé ", min_size=1, max_size=12), max_size=30, unique=True),
    st.sampled_from([60.0, 85.0]),
)
def test_alike_keys_is_every_pair_at_the_threshold(keys, threshold):
    keys = sorted({normalise_name(k) for k in keys} - {""})
    _, i, j = _alike_keys(keys, threshold)
    got = sorted(zip(i.tolist(), j.tolist(), strict=True))
    want = [
        (a, b)
        for a in range(len(keys))
        for b in range(a + 1, len(keys))
        if fuzz.ratio(keys[a], keys[b]) >= threshold
    ]
    assert got == want
    assert not Counter(got) - Counter(want)


_LONG_WORDS = ["city", "of", "council", "lille", "lile", "kent", "2", "iiia", "nord", "a", "bb"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_LONG_WORDS), min_size=1, max_size=9).map(" ".join),
        max_size=25,
        unique=True,
    ),
    st.sampled_from([60.0, 85.0, 95.0]),
)
def test_words_walked_at_once_find_what_the_walk_word_by_word_finds(keys, threshold):
    # the numpy form (hashes of every wildcard pattern and every name less one or two words)
    # against the plain walk: the same groups in the same order, the same pairs found
    from graphmodel.build.lookalike import _words_put_in_and_patterns

    walked, at_once = set(), set()
    expected = _words_put_in_and_patterns(keys, threshold, lambda a, b: walked.add((a, b)))
    got = words_put_in_and_patterns(keys, threshold, lambda a, b: at_once.add((a, b)))
    assert got == expected and list(got) == list(expected)
    assert at_once == walked


def test_names_not_as_normalised_are_left_to_the_walk():
    for odd in (["kent  county"], [" kent"], ["kent "], ["kent\tcounty"], ["köln city"]):
        assert words_put_in_and_patterns(odd, 85.0, lambda a, b: None) is None
    assert words_put_in_and_patterns([], 85.0, lambda a, b: None) == {}
