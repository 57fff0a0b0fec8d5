"""Printed totals checked against their rows: a cost/benefit table's total and the sum of the
rows that name it. A total that does not add up is reported, never corrected: the paper may
count something the rows leave out, and a reader should see both figures."""

from __future__ import annotations

from dataclasses import dataclass

from graphmodel.build.graph import PartnerGraph

__all__ = ["TotalCheck", "check_totals"]

_SCALE = {"GBP": ("GBP", 1.0), "GBP-m": ("GBP", 1e6), "EUR": ("EUR", 1.0), "EUR-m": ("EUR", 1e6)}


@dataclass(frozen=True)
class TotalCheck:
    table: str
    table_name: str
    field: str  # "cost" or "benefit"
    printed: str
    rows: int
    rows_sum: float | None  # in the printed total's unit; None when the rows cannot be summed
    reconciles: bool
    why: str

    def __str__(self) -> str:
        return f"{self.table_name} ({self.table}): {self.field} {self.why}"


def _fmt(value: float, unit: str) -> str:
    return f"{value:,.6g} {unit}"


def check_totals(graph: PartnerGraph) -> list[TotalCheck]:
    """One check per printed total of every cost/benefit table, in table order."""
    rows_of: dict[str, list[str]] = {}
    for e in graph.edges.values():
        if e.type == "IN_TABLE":
            rows_of.setdefault(e.dst, []).append(e.src)
    out = []
    for tid in sorted(
        rows_of.keys() | {n.id for n in graph.nodes.values() if n.label == "CostBenefitTable"}
    ):
        table = graph.nodes.get(tid)
        if table is None or table.label != "CostBenefitTable":
            continue
        for field in ("cost", "benefit"):
            total = table.props.get(f"total_{field}_value")
            unit = table.props.get(f"total_{field}_unit")
            if total is None or unit not in _SCALE:
                continue
            printed = table.props.get(f"total_{field}_text") or _fmt(total, unit)
            currency, scale = _SCALE[unit]
            members = [graph.nodes[r] for r in sorted(rows_of.get(tid, []))]
            summed, missing, other = 0.0, [], []
            for m in members:
                v, u = m.props.get(f"{field}_value"), m.props.get(f"{field}_unit")
                if v is None:
                    missing.append(m.id)
                elif _SCALE.get(u, ("?",))[0] != currency:
                    other.append(m.id)
                else:
                    summed += v * _SCALE[u][1] / scale
            n = len(members)
            if other:
                why = f"total {printed} cannot be checked: {', '.join(other)} in another currency"
                out.append(TotalCheck(tid, table.name, field, printed, n, None, False, why))
                continue
            ok = abs(summed - total) <= max(abs(total), 1.0) * 1e-6
            counted = f"{n - len(missing)} rows with a figure" if missing else f"{n} rows"
            if ok:
                why = f"total {printed} = the sum of its {counted}"
            else:
                why = f"total {printed} but its {counted} add up to {_fmt(summed, unit)}"
            if missing:
                why += f" ({len(missing)} without one: {', '.join(missing)})"
            out.append(TotalCheck(tid, table.name, field, printed, n, summed, ok, why))
    return out
