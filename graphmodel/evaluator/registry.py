"""The evaluator's criteria, each declared once.

Everything that lists criteria derives from :data:`REGISTRY`: the weights and ``--weights``
(:mod:`.config`), the scorecard (:class:`~.evaluate.Evaluator`), the vectorised ranking of
reference places (:mod:`.ranking`), the CLI's rank columns, the charts, the page's scorecards and
weight boxes, the board report's sections, and the docs (``tests/test_evaluator_registry.py``
checks that docs/EVALUATOR.md has a section per criterion). Adding a criterion: write its scorer
(a function of :class:`Pair`), optionally a vectorised scorer (:mod:`.vector`), and add one
:class:`Criterion` here.

Examples
--------
>>> [c.key for c in REGISTRY.values() if c.core]
['similarity', 'priorities', 'accessibility', 'community']
>>> REGISTRY["accessibility"].label
'3 Accessible'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import criteria as C
from . import vector as V
from .community import community
from .dated import programme_period
from .declared import DECLARED
from .funding import funding
from .network import network
from .results import CriterionResult

__all__ = ["Criterion", "Pair", "REGISTRY", "CORE", "KEYS", "register", "unregister", "Titles"]


@dataclass
class Pair:
    """What a scorer may read: both sides and the register (ties and funded projects read once,
    only when a scorer asks)."""

    home: C.Side
    cand: C.Side
    reader: Any  # GraphReader
    as_of: _dt.date | None = None  # the evaluation's date (dated facts: EU membership, periods)
    #: a programme's period (the register's own first): :meth:`.Evaluator.programme_period`
    period_of: Callable[[str], Any] | None = None

    @cached_property
    def ties(self):
        if self.home.graph_id and self.cand.graph_id:
            return self.reader.ties(self.home.graph_id, self.cand.graph_id)
        return None

    @cached_property
    def funded(self):
        return self.reader.funded_projects(self.cand.graph_id) if self.cand.graph_id else None


@dataclass(frozen=True)
class Criterion:
    """One criterion: how it is named, weighted, scored and documented."""

    key: str
    #: the heading a board reads ("1. Similar social and economic characteristics")
    title: str
    #: in sentences ("if accessibility weighed 0.5 instead of 1")
    short: str
    #: in charts and table columns ("3 Accessible")
    label: str
    #: one of the strategy's four criteria (weighted 1 by default) or shown beside them (0)
    core: bool
    score: Callable[[Pair], CriterionResult]
    #: scores many reference places at once (:mod:`.vector`); None: unknown for them
    vector: Callable[[V.Places], V.Scores] | None = None
    #: the profile fields (docs/EVALUATOR.md § Profiles) it reads
    evidence_fields: tuple[str, ...] = field(default_factory=tuple)

    @property
    def default_weight(self) -> float:
        return 1.0 if self.core else 0.0


REGISTRY: dict[str, Criterion] = DECLARED  # filled below; .declared holds it for the scorers


def register(criterion: Criterion) -> Criterion:
    if criterion.key in REGISTRY:
        raise ValueError(f"criterion {criterion.key!r} is declared twice")
    REGISTRY[criterion.key] = criterion
    return criterion


def unregister(key: str) -> None:
    """Take a criterion out again (tests that add one)."""
    REGISTRY.pop(key, None)


class Titles(Mapping[str, str]):
    """A live view of one attribute of every criterion, in the registry's order: what derives
    from the registry reads it when used, so a criterion added is everywhere at once."""

    def __init__(self, attr: str):
        self._attr = attr

    def __getitem__(self, key: str) -> str:
        return getattr(REGISTRY[key], self._attr)

    def __iter__(self) -> Iterator[str]:
        return iter(list(REGISTRY))

    def __len__(self) -> int:
        return len(REGISTRY)

    def __repr__(self) -> str:
        return repr(dict(self))


class Keys(Sequence[str]):
    """A live list of criterion keys (all, or only the strategy's core four)."""

    def __init__(self, core_only: bool = False):
        self._core_only = core_only

    def _keys(self) -> list[str]:
        return [k for k, c in REGISTRY.items() if c.core or not self._core_only]

    def __getitem__(self, i):
        return self._keys()[i]

    def __len__(self) -> int:
        return len(self._keys())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __hash__(self) -> int:
        return hash(tuple(self._keys()))

    def __repr__(self) -> str:
        return repr(tuple(self._keys()))


register(
    Criterion(
        key="similarity",
        title="1. Similar social and economic characteristics",
        short="similar characteristics",
        label="1 Similar place",
        core=True,
        score=lambda p: C.similarity(p.home, p.cand),
        vector=V.similarity,
        evidence_fields=("indicators",),
    )
)
register(
    Criterion(
        key="priorities",
        title="2. Similar opportunities, priorities and challenges",
        short="shared priorities",
        label="2 Shared priorities",
        core=True,
        score=lambda p: C.priorities(p.home, p.cand),
        vector=V.priorities,
        evidence_fields=("themes", "themes_researched"),
    )
)
register(
    Criterion(
        key="accessibility",
        title="3. Reasonably accessible at reasonable cost",
        short="accessibility",
        label="3 Accessible",
        core=True,
        score=lambda p: C.accessibility(p.home, p.cand),
        vector=V.accessibility,
        evidence_fields=("location", "transport"),
    )
)
register(
    Criterion(
        key="community",
        title="4. Linkages relevant to local communities on both sides",
        short="community ties",
        label="4 Community ties",
        core=True,
        score=lambda p: community(p.home, p.cand, p.ties),
        vector=V.community,
        evidence_fields=("community_ties", "languages"),
    )
)
register(
    Criterion(
        key="funding",
        title="Funding prospects",
        short="funding",
        label="Funding (beside)",
        core=False,
        score=lambda p: funding(p.home, p.cand, p.funded, p.as_of, p.period_of or programme_period),
        vector=V.funding,
        evidence_fields=("funding",),
    )
)
register(
    Criterion(
        key="network",
        title="Network value",
        short="network value",
        label="Network value (beside)",
        core=False,
        score=lambda p: network(p.home, p.cand, p.reader),
        vector=None,  # needs the register; reference places are not in it
        evidence_fields=("partner_links", "themes"),
    )
)

#: the strategy's four criteria (live)
CORE = Keys(core_only=True)
#: every criterion's key, in order (live)
KEYS = Keys()
