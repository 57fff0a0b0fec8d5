"""Matching what a person types to what the evaluator knows (themes typed in the explorer's form).

Examples
--------
>>> known = {"cross-border-cooperation": "Cross-border co-operation", "tourism": "Tourism"}
>>> theme_id("cross-border co-operation", known)
'cross-border-cooperation'
>>> theme_id("Cross border cooperation", known)
'cross-border-cooperation'
>>> theme_id("tourisme", known)
'tourism'
>>> theme_id("space travel", known)
'space-travel'
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from graphmodel.build.names import normalise_name

__all__ = ["theme_id", "compact"]

#: how alike (0-100, rapidfuzz ratio of the compacted names) a typed theme must be to a known one
MATCH_AT = 88


def compact(text: str) -> str:
    """Lower case, accents, spaces, hyphens and punctuation gone: "Co-operation" == "cooperation"."""
    return re.sub(r"[^a-z0-9]", "", normalise_name(text))


def theme_id(text: str, known: dict[str, str]) -> str:
    """The id of the known theme ``text`` names (by id or name, however hyphenated or spaced, or a
    near spelling), else a new slug of ``text``."""
    key = compact(text)
    choices: dict[str, str] = {}
    for tid, name in known.items():
        choices.setdefault(compact(tid), tid)
        choices.setdefault(compact(name or tid), tid)
    if key in choices:
        return choices[key]
    best = process.extractOne(key, list(choices), scorer=fuzz.ratio) if choices and key else None
    if best and best[1] >= MATCH_AT:
        return choices[best[0]]
    return (
        re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", normalise_name(text))).strip("-") or "theme"
    )
