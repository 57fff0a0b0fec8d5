"""Costs and benefits per directorate, with each table's printed totals checked against its rows.

Sums are taken only over stated figures in one currency and unit family; a row whose cost or
benefit is not stated is named, never counted as zero. The ratio is benefit / cost over the rows
where both are stated.
"""

from __future__ import annotations

from typing import Any

from .catalogue import Query, register
from .helpers import COUNCIL, first, in_nodes, out_nodes

__all__ = ["to_unit"]

_SCALE = {"GBP": 1.0, "GBP-m": 1e6, "EUR": 1.0, "EUR-m": 1e6}
_ROW_KEYS = (
    "cost_value",
    "cost_unit",
    "cost_text",
    "benefit_value",
    "benefit_unit",
    "benefit_text",
    "period",
    "time_limited",
)
_TABLE_KEYS = (
    "name",
    "period",
    "total_cost_value",
    "total_cost_unit",
    "total_cost_text",
    "total_benefit_value",
    "total_benefit_unit",
    "total_benefit_text",
)


def to_unit(value: float | None, unit: str | None, target: str) -> float | None:
    """``value`` in ``target`` units, or None for another currency or no value."""
    if value is None or not unit or unit.split("-")[0] != target.split("-")[0]:
        return None
    return value * _SCALE[unit] / _SCALE[target]


def _rows_embedded(g, council):
    rows = []
    for t in in_nodes(g, council, "REPORTED_BY"):
        td = g.nodes[t]
        if td.get("label") != "CostBenefitTable":
            continue
        for c in in_nodes(g, t, "IN_TABLE"):
            cd = g.nodes[c]
            d = first(out_nodes(g, c, "BORNE_BY"))
            s = first(out_nodes(g, c, "CONCERNS"))
            rows.append(
                {
                    "table": t,
                    **{f"table_{k}": td.get(k) for k in _TABLE_KEYS},
                    "table_sources": td.get("sources") or [],
                    "row": c,
                    **{k: cd.get(k) for k in _ROW_KEYS},
                    "directorate": d,
                    "directorate_name": g.nodes[d].get("name") if d else None,
                    "subject_name": g.nodes[s].get("name") if s else None,
                    "sources": cd.get("sources") or [],
                }
            )
    return rows


ROWS_CYPHER = f"""
MATCH (:Entity {{id: $council}})<-[:REPORTED_BY]-(t:CostBenefitTable)<-[:IN_TABLE]-(c:CostBenefit)
OPTIONAL MATCH (c)-[:BORNE_BY]->(d:Entity)
OPTIONAL MATCH (c)-[:CONCERNS]->(s:Entity)
RETURN t.id AS table, t {{{", ".join("." + k for k in (*_TABLE_KEYS, "sources"))}}} AS t,
       c.id AS row, c {{{", ".join("." + k for k in (*_ROW_KEYS, "sources"))}}} AS c,
       d.id AS directorate, d.name AS directorate_name, s.name AS subject_name
"""


def _rows_cypher(run, council):
    rows = []
    for r in run(ROWS_CYPHER, council=council):
        t, c = dict(r["t"]), dict(r["c"])
        rows.append(
            {
                "table": r["table"],
                **{f"table_{k}": t.get(k) for k in _TABLE_KEYS},
                "table_sources": t.get("sources") or [],
                "row": r["row"],
                **{k: c.get(k) for k in _ROW_KEYS},
                "directorate": r["directorate"],
                "directorate_name": r["directorate_name"],
                "subject_name": r["subject_name"],
                "sources": c.get("sources") or [],
            }
        )
    return rows


def _sum(rows: list[dict], what: str, unit: str) -> tuple[float | None, list[str]]:
    total, missing = 0.0, []
    for r in rows:
        v = to_unit(r.get(f"{what}_value"), r.get(f"{what}_unit"), unit)
        if v is None:
            missing.append(r["subject_name"] or r["row"])
        else:
            total += v
    counted = len(rows) - len(missing)
    return (round(total, 6) if counted else None), missing


def _finish(rows: list[dict], _params: dict) -> list[dict[str, Any]]:
    out = []
    by_table: dict[str, list[dict]] = {}
    for r in rows:
        by_table.setdefault(r["table"], []).append(r)
    for table, trows in by_table.items():
        t = trows[0]
        unit = t["table_total_cost_unit"] or t["table_total_benefit_unit"] or "GBP-m"
        groups: dict[str | None, list[dict]] = {}
        for r in trows:
            groups.setdefault(r["directorate"], []).append(r)
        for d, drows in groups.items():
            out.append(_line(table, t, unit, d, drows[0]["directorate_name"], drows))
        out.append(_line(table, t, unit, None, "all rows (table total)", trows, printed=True))
    return out


def _line(table, t, unit, d, dname, rows, printed=False) -> dict[str, Any]:
    cost, no_cost = _sum(rows, "cost", unit)
    benefit, no_benefit = _sum(rows, "benefit", unit)
    both = [
        r
        for r in rows
        if to_unit(r.get("cost_value"), r.get("cost_unit"), unit)
        and to_unit(r.get("benefit_value"), r.get("benefit_unit"), unit) is not None
    ]
    bc, bb = _sum(both, "cost", unit)[0], _sum(both, "benefit", unit)[0]
    line = {
        "table": table,
        "period": t["table_period"],
        "directorate": d,
        "directorate_name": dname or "(no directorate stated)",
        "rows": len(rows),
        "unit": unit,
        "cost": cost,
        "benefit": benefit,
        "benefit_per_cost": round(bb / bc, 2) if bc and bb is not None else None,
        "cost_not_stated": no_cost,
        "benefit_not_stated": no_benefit,
        "printed_cost": None,
        "printed_benefit": None,
        "check": "",
        "sources": sorted({s for r in rows for s in r["sources"]}),
    }
    if printed:
        checks = []
        for what, summed in (("cost", cost), ("benefit", benefit)):
            pv = to_unit(t[f"table_total_{what}_value"], t[f"table_total_{what}_unit"], unit)
            text = t[f"table_total_{what}_text"] or pv
            line[f"printed_{what}"] = text
            if pv is None:
                checks.append(f"no printed {what} total")
            elif summed is not None and abs(pv - summed) <= 1e-6 * max(1.0, abs(pv)):
                checks.append(f"printed {what} {text} = sum of rows")
            else:
                checks.append(f"printed {what} {text} ≠ sum of rows {summed or 0:g} {unit}")
        line["check"] = "; ".join(checks)
        line["sources"] = sorted(set(line["sources"]) | set(t["table_sources"]))
    return line


register(
    Query(
        name="directorate_costs",
        description="Costs and financial benefits per directorate from the council's "
        "costs/benefits tables: totals, benefit per £ of cost (over rows stating both), the rows "
        "that state no figure, and each table's printed totals checked against its rows.",
        params=(COUNCIL,),
        embedded=_rows_embedded,
        cypher=_rows_cypher,
        finish=_finish,
        sort_key=lambda r: (r["table"], r["directorate"] is None, r["directorate_name"]),
    )
)
