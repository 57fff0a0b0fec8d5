"""The strategy's "annual matrix of international activity", for one year, from what was done.

Rows are the council's units, columns its partners; a cell counts the year's recorded activities
(``activities`` records: the unit that carried each out, else the unit owning its partnership)
and the projects the unit started that year with the partner. Each cell keeps its evidence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graphmodel.queries.helpers import in_nodes, internal_orgs, out_nodes

__all__ = ["ActivityMatrix", "activity_years", "council_matrix", "counted_only", "yearly_matrix"]


def _units(g, council: str) -> set[str]:
    return set(internal_orgs(g, council))


def activity_years(g, council: str) -> list[str]:
    """The years in which the council or its units started projects or recorded activities
    (the years :func:`council_matrix` has something to count for)."""
    years: set[str] = set()
    for n in _council_projects(g, council) | set(_council_activities(g, council)):
        start = g.nodes[n].get("start")
        if isinstance(start, str) and start[:4].isdigit():
            years.add(start[:4])
    return sorted(years)


def yearly_matrix(
    g, council: str, year: str
) -> tuple[list[str], list[str], list[list[int]], dict[tuple[str, str], list[str]]]:
    """(row ids, partner ids, counts[row][partner], evidence per cell) for ``year``, domestic
    bodies included: :func:`council_matrix` as a tuple."""
    m = council_matrix(g, [council], str(year), include_domestic=True)
    return m.rows, m.cols, m.z, m.evidence


#: how a body takes part in a project
_TAKES_PART = ("LEADS", "PARTNER_IN", "PARTICIPATES_IN", "RUNS")


@dataclass
class ActivityMatrix:
    """Units (rows) × partners (columns) of one or more councils, with each cell's evidence.

    Attributes
    ----------
    rows : list of str
        Unit ids; a council's own id stands for work no unit is named for.
    cols : list of str
        Partner ids: every partner the councils' partnerships name (so a named partner with
        nothing recorded is still a column), then any other partner with something counted.
    z : list of list of int
        ``z[i][j]``: how many links (all years) or activities (one year) row i has with col j.
    evidence : dict
        (row, col) -> what was counted, in words.
    quiet : list of str
        Named partners with nothing counted (in the year, when one is asked for).
    domestic_left_out : int
        Domestic partners not shown (``include_domestic`` off).
    """

    rows: list[str]
    cols: list[str]
    z: list[list[int]]
    evidence: dict[tuple[str, str], list[str]]
    quiet: list[str] = field(default_factory=list)
    domestic_left_out: int = 0


def council_matrix(
    g, councils: list[str], year: str | None = None, include_domestic: bool = False
) -> ActivityMatrix:
    """The activity matrix of ``councils``: for all years, the partnerships each unit owns (the
    council itself when no unit owns one), the projects it takes part in and the recorded
    activities; for one ``year``, the activities and projects that started that year.

    Every partner the councils' partnerships name is a column, even with nothing counted.
    Domestic bodies (marked domestic, in the council's own country, or linked by a domestic
    partnership) are left out unless ``include_domestic``.
    """
    tally = _Tally()
    for council in councils:
        units = _units(g, council)
        partner_of = _count_partnerships(g, council, units, year, tally)
        _count_projects(g, council, units, partner_of, year, tally)
        _count_activities(g, council, units, partner_of, year, tally)
    return _lay_out(g, councils, tally, include_domestic)


class _Tally:
    """What the matrix has counted so far: counts and evidence per (row, partner), the partners
    the partnerships name (in the order met) and those known to be domestic."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.evidence: dict[tuple[str, str], list[str]] = {}
        self.named: list[str] = []
        self.domestic: set[str] = set()

    def add(self, row: str, partner: str, text: str) -> None:
        self.counts[(row, partner)] += 1
        self.evidence.setdefault((row, partner), []).append(text)


def _started_in(d: dict, year: str | None) -> bool:
    start = d.get("start")
    return year is None or (isinstance(start, str) and start[:4] == year)


def _count_partnerships(g, council, units, year, tally: _Tally) -> dict[str, list[str]]:
    """Name every partner of the council's partnerships (counted against the owning unit when
    no year is asked for); returns each partnership's partners."""
    partner_of: dict[str, list[str]] = {}
    for p in out_nodes(g, council, "HAS_PARTNERSHIP"):
        pd = g.nodes[p]
        owners = [u for u in in_nodes(g, p, "OWNS") if u in units] or [council]
        for partner in out_nodes(g, p, "WITH_PARTNER"):
            partner_of.setdefault(p, []).append(partner)
            if partner not in tally.named:
                tally.named.append(partner)
            if pd.get("domestic") or "domestic" in (pd.get("tier"), pd.get("sphere")):
                tally.domestic.add(partner)
            if year is None:
                for row in owners:
                    whose = "" if row != council else " (no unit named as its owner)"
                    tally.add(row, partner, f"partnership {pd.get('name') or p}{whose}")
    return partner_of


def _count_projects(g, council, units, partner_of, year, tally: _Tally) -> None:
    """Projects the council or its units take part in, against the other bodies in them."""
    ours = units | {council}
    for pr in sorted(_council_projects(g, council)):
        d = g.nodes[pr]
        if not _started_in(d, year):
            continue
        people = {u for t in _TAKES_PART for u in in_nodes(g, pr, t)}
        rows = sorted(people & units) or [council]
        theirs = {x for x in people - ours if g.nodes[x].get("label") == "Organisation"} | {
            x
            for x in out_nodes(g, pr, "LINKED_WITH")
            if g.nodes[x].get("label") == "Organisation" and x not in ours
        }
        theirs |= {x for p in in_nodes(g, pr, "INCLUDES") for x in partner_of.get(p, [])}
        when = f" started {d['start']}" if d.get("start") else ""
        for row in rows:
            for partner in sorted(theirs):
                tally.add(row, partner, f"project {d.get('name') or pr}{when}")


def _count_activities(g, council, units, partner_of, year, tally: _Tally) -> None:
    """Recorded activities: against the unit that carried each out, else the council when the
    activity is on one of its partnerships."""
    for n in _council_activities(g, council):
        d = g.nodes[n]
        if not _started_in(d, year):
            continue
        ps = d.get("partnership")
        partner = (
            d.get("partner")
            or (g.nodes[ps].get("partner_org") if ps in g else None)
            or (partner_of.get(ps) or [None])[0]
        )
        unit = d.get("unit") or (g.nodes[ps].get("owner_unit") if ps in g else None)
        if unit in units:
            row = unit
        elif ps in partner_of:
            row = council
        else:
            continue
        if partner in g:
            tally.add(row, partner, f"{d.get('type')} {d.get('name')} ({d.get('start')})")


def _lay_out(g, councils, tally: _Tally, include_domestic: bool) -> ActivityMatrix:
    """Rows and columns in reading order, domestic partners left out unless asked for."""
    counts, named, domestic = tally.counts, tally.named, tally.domestic
    home_countries = {g.nodes[c].get("country") for c in councils} - {None}
    for partner in set(named) | {p for _, p in counts}:
        d = g.nodes[partner]
        if d.get("domestic") or d.get("country") in home_countries:
            domestic.add(partner)
    keep = set() if include_domestic else domestic
    name = lambda x: g.nodes[x].get("name") or x  # noqa: E731
    cols = sorted({p for p in named if p not in keep}, key=name)
    cols += sorted({p for _, p in counts if p not in keep and p not in cols}, key=name)
    row_ids = sorted({r for r, p in counts if p in cols}, key=lambda r: (r in councils, name(r)))
    if cols and not row_ids:  # the named partners still show, against the council
        row_ids = list(councils[:1])
    z = [[counts.get((r, p), 0) for p in cols] for r in row_ids]
    quiet = [p for p in cols if p in named and not any(counts.get((r, p)) for r in row_ids)]
    left_out = len({p for p in set(named) | {p for _, p in counts} if p in keep})
    return ActivityMatrix(row_ids, cols, z, tally.evidence, quiet, left_out)


def _council_projects(g, council: str) -> set[str]:
    """Projects the council or its units take part in, and those its partnerships include."""
    ours = _units(g, council) | {council}
    found = {pr for u in ours for t in _TAKES_PART for pr in out_nodes(g, u, t)}
    found |= {
        pr for p in out_nodes(g, council, "HAS_PARTNERSHIP") for pr in out_nodes(g, p, "INCLUDES")
    }
    return {pr for pr in found if g.nodes[pr].get("label") == "Project"}


def _council_activities(g, council: str) -> list[str]:
    """Recorded activities on the council's partnerships or carried out by its units."""
    units = _units(g, council)
    partnerships = set(out_nodes(g, council, "HAS_PARTNERSHIP"))
    return [
        n
        for n, d in g.nodes(data=True)
        if d.get("label") == "Activity"
        and (d.get("partnership") in partnerships or d.get("unit") in units)
    ]


def counted_only(m: ActivityMatrix) -> ActivityMatrix:
    """``m`` with only the partners and rows something was counted for: a year's work with
    domestic bodies shown without every other body the partnerships name as an empty column.

    Examples
    --------
    >>> m = ActivityMatrix(["u"], ["a", "b"], [[0, 2]], {("u", "b"): ["x", "y"]}, quiet=["a"])
    >>> counted_only(m).cols, counted_only(m).z, counted_only(m).quiet
    (['b'], [[2]], [])
    """
    cols = [j for j in range(len(m.cols)) if any(row[j] for row in m.z)]
    rows = [i for i in range(len(m.rows)) if any(m.z[i][j] for j in cols)]
    kept_rows, kept_cols = [m.rows[i] for i in rows], [m.cols[j] for j in cols]
    return ActivityMatrix(
        kept_rows,
        kept_cols,
        [[m.z[i][j] for j in cols] for i in rows],
        {k: v for k, v in m.evidence.items() if k[0] in kept_rows and k[1] in kept_cols},
    )
