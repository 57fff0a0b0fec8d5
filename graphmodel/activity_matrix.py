"""The strategy's "annual matrix of international activity", for one year, from what was done.

Rows are the council's units, columns its partners; a cell counts the year's recorded activities
(``activities`` records: the unit that carried each out, else the unit owning its partnership)
and the projects the unit started that year with the partner. Each cell keeps its evidence.
"""

from __future__ import annotations

from collections import Counter

__all__ = ["yearly_matrix", "activity_years"]


def _out(g, n, t):
    return sorted({v for _, v, d in g.out_edges(n, data="type") if d == t})


def _in(g, n, t):
    return sorted({u for u, _, d in g.in_edges(n, data="type") if d == t})


def _units(g, council: str) -> set[str]:
    seen, todo = set(), [council]
    while todo:
        n = todo.pop()
        for child in _in(g, n, "PART_OF"):
            if child not in seen and g.nodes[child].get("label") == "Organisation":
                seen.add(child)
                todo.append(child)
    return seen


def activity_years(g, council: str) -> list[str]:
    """The years in which the council's units have recorded activities or started projects."""
    units = _units(g, council) | {council}
    years = set()
    for n, d in g.nodes(data=True):
        start = d.get("start")
        if not isinstance(start, str):
            continue
        if d.get("label") == "Activity":
            years.add(start[:4])
        elif d.get("label") == "Project" and units & (
            set(_in(g, n, "LEADS")) | set(_in(g, n, "PARTNER_IN"))
        ):
            years.add(start[:4])
    return sorted(years)


def yearly_matrix(
    g, council: str, year: str
) -> tuple[list[str], list[str], list[list[int]], dict[tuple[str, str], list[str]]]:
    """(unit ids, partner ids, counts[unit][partner], evidence per cell) for ``year``."""
    units = _units(g, council)
    counts: Counter = Counter()
    evidence: dict[tuple[str, str], list[str]] = {}

    def add(u: str, p: str, text: str) -> None:
        counts[(u, p)] += 1
        evidence.setdefault((u, p), []).append(text)

    for n, d in g.nodes(data=True):
        start = d.get("start")
        if not (isinstance(start, str) and start[:4] == year):
            continue
        if d.get("label") == "Activity":
            ps = d.get("partnership")
            unit = d.get("unit") or (g.nodes[ps].get("owner_unit") if ps in g else None)
            partner = d.get("partner") or (g.nodes[ps].get("partner_org") if ps in g else None)
            if unit in units and partner:
                add(unit, partner, f"{d.get('type')} {d.get('name')} ({start})")
        elif d.get("label") == "Project":
            people = set(_in(g, n, "LEADS")) | set(_in(g, n, "PARTNER_IN"))
            for u in sorted(people & units):
                for p in sorted(people - units - {council}):
                    add(u, p, f"project {d.get('name')} started {start}")
    row_ids = sorted({u for u, _ in counts}, key=lambda x: g.nodes[x].get("name") or x)
    col_ids = sorted({p for _, p in counts}, key=lambda x: g.nodes[x].get("name") or x)
    z = [[counts.get((u, p), 0) for p in col_ids] for u in row_ids]
    return row_ids, col_ids, z, evidence
