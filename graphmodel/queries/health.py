"""Link health: the strategy's monitoring rules checked on every partnership, with evidence.

Each rule applies only where one of the council's own strategies states it; the row cites that
clause (the strategy's name, the clause as written and the strategy's source). A row names the
partner and the rule, says what was found and cites the evidence. Domestic bodies are left out
unless asked for.

"No review recorded" (nothing says the link was ever reviewed) and "review overdue" (the last
review plus the strategy's interval lies before the as-of date) are different findings: a link is
only ever overdue when a review date exists.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from graphmodel.errors import PartnerGraphError

from .catalogue import Param, Query, register
from .helpers import COUNCIL, first, in_nodes, out_nodes

__all__ = [
    "no_monitoring_rules",
    "stated_rules",
    "RULES",
    "FORMAL_AGREEMENTS",
    "NEEDS_AGREEMENT",
    "summarise_link_health",
    "strategy_standing",
    "review_due",
]

#: agreement types that count as "an MoU or similar document" for the monitoring rule
FORMAL_AGREEMENTS = (
    "mou",
    "cooperation-agreement",
    "protocol",
    "joint-political-declaration",
    "statement-of-intent",
    "twinning",
)
#: tiers above informal networking, which the strategy says should have an MoU
NEEDS_AGREEMENT = ("strategic", "funding-or-projects", "twinning")

#: rule -> the words that find its clause among a strategy's objectives
RULES: dict[str, str] = {
    "no MoU": r"memorand\w* of understanding.*informal networking",
    "no objectives": r"clear objectives",
    "no review recorded": r"annual review",
    "review overdue": r"annual review",
    "no activity recorded": r"documenting",
}
_INTERVALS = {"annual": 12, "yearly": 12, "every year": 12, "six-monthly": 6, "quarterly": 3}


# -- facts, fetched the same way from either store -----------------------------------------
def _facts_embedded(g, council):
    strategies = [
        {
            "id": s,
            "name": g.nodes[s].get("name"),
            "objectives": g.nodes[s].get("objectives") or [],
            "sources": g.nodes[s].get("sources") or [],
        }
        for s in out_nodes(g, council, "ADOPTS")
        if g.nodes[s].get("label") == "Strategy"
    ]
    council_agreements = set(out_nodes(g, council, "PARTY_TO"))
    rows = []
    for p in out_nodes(g, council, "HAS_PARTNERSHIP"):
        d = g.nodes[p]
        partner = first(out_nodes(g, p, "WITH_PARTNER"))
        pd = g.nodes[partner] if partner else {}
        linked = set(out_nodes(g, p, "UNDERPINNED_BY"))
        bound = council_agreements & set(out_nodes(g, partner, "PARTY_TO")) if partner else set()
        acts = set(in_nodes(g, p, "FOR_PARTNERSHIP")) | (
            set(in_nodes(g, partner, "ACTIVITY_WITH")) if partner else set()
        )
        rows.append(
            {
                "partnership": p,
                "name": d.get("name"),
                "tier": d.get("tier"),
                "tier_stated_by": d.get("tier_stated_by"),
                "sphere": d.get("sphere"),
                "domestic": bool(d.get("domestic")) or bool(pd.get("domestic")),
                "partner": partner,
                "partner_name": pd.get("name"),
                "objectives": d.get("objectives") or [],
                "last_reviewed": d.get("last_reviewed"),
                "sources": d.get("sources") or [],
                "agreements": [
                    _pick(g, a, ("id", "name", "type", "sources"), linked=a in linked)
                    for a in sorted(linked | bound)
                ],
                "reviews": [
                    _pick(g, r, ("id", "date", "next_review", "reviewer", "outcome", "sources"))
                    for r in in_nodes(g, p, "REVIEW_OF")
                ],
                "activities": [
                    _pick(g, a, ("id", "name", "start", "sources"))
                    for a in sorted(acts)
                    if g.nodes[a].get("label") == "Activity"
                ],
                "projects": len(out_nodes(g, p, "INCLUDES")),
                "strategies": strategies,
            }
        )
    return rows


def _pick(g, n, keys, **extra):
    d = g.nodes[n]
    return {**{k: d.get(k) for k in keys}, **extra}


FACTS_CYPHER = """
MATCH (h:Entity {id: $council})-[:HAS_PARTNERSHIP]->(p:Entity)
OPTIONAL MATCH (p)-[:WITH_PARTNER]->(x:Entity)
OPTIONAL MATCH (p)-[:UNDERPINNED_BY]->(a:Agreement)
WITH h, p, x, collect(DISTINCT a {.id, .name, .type, .sources}) AS linked
OPTIONAL MATCH (h)-[:PARTY_TO]->(b:Agreement)<-[:PARTY_TO]-(x)
WITH h, p, x, linked, collect(DISTINCT b {.id, .name, .type, .sources}) AS bound
OPTIONAL MATCH (r:Review)-[:REVIEW_OF]->(p)
WITH h, p, x, linked, bound,
     collect(DISTINCT r {.id, .date, .next_review, .reviewer, .outcome, .sources}) AS reviews
OPTIONAL MATCH (act:Activity)-[:FOR_PARTNERSHIP]->(p)
WITH h, p, x, linked, bound, reviews, collect(DISTINCT act {.id, .name, .start, .sources}) AS acts
OPTIONAL MATCH (act2:Activity)-[:ACTIVITY_WITH]->(x)
WITH h, p, x, linked, bound, reviews, acts,
     collect(DISTINCT act2 {.id, .name, .start, .sources}) AS acts2
OPTIONAL MATCH (p)-[:INCLUDES]->(pr:Entity)
RETURN p.id AS partnership, p.name AS name, p.tier AS tier, p.sphere AS sphere,
       p.tier_stated_by AS tier_stated_by,
       coalesce(p.domestic, false) OR coalesce(x.domestic, false) AS domestic,
       x.id AS partner, x.name AS partner_name, p.objectives AS objectives,
       p.last_reviewed AS last_reviewed, p.sources AS sources, linked, bound, reviews,
       acts + acts2 AS activities, count(DISTINCT pr) AS projects
"""

STRATEGIES_CYPHER = """
MATCH (:Entity {id: $council})-[:ADOPTS]->(s:Strategy)
RETURN s.id AS id, s.name AS name, s.objectives AS objectives, s.sources AS sources
ORDER BY id
"""


def _facts_cypher(run, council):
    strategies = [
        {**s, "objectives": s["objectives"] or [], "sources": s["sources"] or []}
        for s in run(STRATEGIES_CYPHER, council=council)
    ]
    rows = []
    for r in run(FACTS_CYPHER, council=council):
        linked = {a["id"]: dict(a, linked=True) for a in r.pop("linked") if a and a.get("id")}
        for b in r.pop("bound"):
            if b and b.get("id") and b["id"] not in linked:
                linked[b["id"]] = dict(b, linked=False)
        acts = {a["id"]: dict(a) for a in r["activities"] if a and a.get("id")}
        rows.append(
            {
                **r,
                "objectives": r["objectives"] or [],
                "sources": r["sources"] or [],
                "agreements": [linked[k] for k in sorted(linked)],
                "reviews": sorted((dict(x) for x in r["reviews"] if x), key=lambda x: x["id"]),
                "activities": [acts[k] for k in sorted(acts)],
                "strategies": strategies,
            }
        )
    return rows


# -- the rules ---------------------------------------------------------------------------------
def _split_source(label: str) -> tuple[str, str, str | None]:
    """``'doc § section: "quote"'`` -> (doc, section, quote)."""
    doc, _, rest = label.partition(" § ")
    section, sep, quote = rest.partition(': "')
    return doc, section, quote.rstrip('"') if sep else None


def _find_clause(strategies: list[dict], pattern: str) -> dict | None:
    """The first strategy objective matching ``pattern``, with the strategy and its source."""
    for s in strategies:
        for clause in s["objectives"]:
            if re.search(pattern, clause, re.I):
                return {
                    "strategy": s["name"],
                    "clause": _sentence(clause, pattern),
                    "source": _clause_source(s["sources"], clause),
                }
    return None


def _sentence(clause: str, pattern: str) -> str:
    """The sentence of ``clause`` that states the rule (a clause may hold several)."""
    parts = re.split(r"(?<=[.!?])\s+|\s+\.\.\.\s+", clause)
    return next((p for p in parts if re.search(pattern, p, re.I)), clause).strip()


def _clause_source(sources: list[str], clause: str) -> str:
    """The strategy's source for a clause: its monitoring section for "Monitoring:" clauses,
    its principles section otherwise, else its first source."""
    want = "monitoring" if clause.lower().startswith("monitoring") else "principles"
    found = next((s for s in sources if want in _split_source(s)[1].lower()), None)
    found = found or (sources[0] if sources else "")
    doc, section, _ = _split_source(found)
    return f"{doc} § {section}" if section else found


def _cite(clause: dict | None) -> tuple[str, str]:
    """(the clause as written, where it is: the strategy and its source)."""
    if clause is None:
        return "", ""
    return clause["clause"], f"{clause['strategy']} ({clause['source']})"


def review_interval(clause: dict | None) -> int:
    """Months between reviews, read from the clause's own words ("annual" -> 12)."""
    text = (clause or {}).get("clause", "").lower()
    for word, months in _INTERVALS.items():
        if word in text:
            return months
    return 12


def _add_months(date: str, months: int) -> str:
    """``2007-07`` + 12 -> ``2008-07``, at the date's own precision."""
    parts = date.split("-")
    y = int(parts[0])
    if len(parts) == 1:
        return str(y + (months + 11) // 12)
    m = int(parts[1]) - 1 + months
    out = f"{y + m // 12:04d}-{m % 12 + 1:02d}"
    return out + (f"-{min(int(parts[2]), 28):02d}" if len(parts) > 2 else "")


def review_due(last: str | None, next_review: str | None, months: int) -> str | None:
    """When the next review falls due: the recorded next review, else last + interval."""
    if next_review:
        return next_review
    return _add_months(last, months) if last else None


def _is_past(due: str, as_of: dt.date) -> bool:
    """``due`` lies wholly before ``as_of`` at the precision given (2008-07 is due all July)."""
    return as_of.isoformat()[: len(due)] > due


def strategy_standing(row: dict) -> tuple[str, str]:
    """(where the strategy names this link, where its tier comes from).

    Only the strategies that state monitoring rules count: a link is named by the strategy when
    one of its sources cites a section of that strategy's own sources (or a subsection of one).
    Its tier is *stated* only where a paper gives it in words (the partnership's
    ``tier_source``); otherwise it is the register's reading, said to be inferred, with the
    papers it was read from.
    """
    monitoring = [
        st for st in row["strategies"] if any(_find_clause([st], pat) for pat in RULES.values())
    ]
    own = {_split_source(s)[:2] for st in monitoring for s in st["sources"]}
    named = []
    for s in row["sources"]:
        doc, section, _ = _split_source(s)
        if any(doc == d and (section == sec or section.startswith(sec + " – ")) for d, sec in own):
            named.append(section)
    where = "; ".join(dict.fromkeys(named))
    stated = row.get("tier_stated_by")
    if stated:
        return where, f"{row['tier']}, stated: {stated}"
    read_from = "; ".join(
        dict.fromkeys(f"{_split_source(s)[0]} § {_split_source(s)[1]}" for s in row["sources"])
    )
    if named:  # where it names the link is the row's named_by_strategy
        return where, f"{row['tier']}, inferred: the strategy names the link but states no tier"
    return "", f"{row['tier']}, inferred from other papers: {read_from}"


def _latest_review(row: dict) -> tuple[str | None, str | None, str]:
    """(last review date, next review if recorded, evidence) from reviews and last_reviewed."""
    found = [
        (r["date"], r.get("next_review"), f"review {r['id']} ({r.get('reviewer') or '?'})", r)
        for r in row["reviews"]
        if r.get("date")
    ]
    if row["last_reviewed"]:
        found.append((row["last_reviewed"], None, "the partnership's last_reviewed", None))
    if not found:
        return None, None, ""
    date, nxt, what, rec = max(found, key=lambda f: f[0])
    srcs = (rec or {}).get("sources") or row["sources"][:1]
    return date, nxt, f"{what} ({'; '.join(srcs)})" if srcs else what


def _finish(rows: list[dict], params: dict) -> list[dict]:
    as_of = params["as_of"] or dt.date.today()
    out = []
    for r in rows:
        if r["domestic"] and not params["include_domestic"]:
            continue
        clauses = {rule: _find_clause(r["strategies"], pat) for rule, pat in RULES.items()}
        named, tier_source = strategy_standing(r)
        found = []
        formal = [a for a in r["agreements"] if a.get("type") in FORMAL_AGREEMENTS]
        if clauses["no MoU"] and r["tier"] in NEEDS_AGREEMENT and not formal:
            others = ", ".join(f"{a['name']} ({a['type']})" for a in r["agreements"])
            found.append(
                (
                    "no MoU",
                    f"tier {r['tier']} is above informal networking; no MoU or "
                    f"similar agreement binds the council and {r['partner_name']}"
                    + (f" (only: {others})" if others else ""),
                )
            )
        if clauses["no objectives"] and not r["objectives"]:
            found.append(("no objectives", "the partnership records no objectives"))
        last, nxt, how = _latest_review(r)
        months = review_interval(clauses["review overdue"])
        if clauses["no review recorded"] and not last:
            found.append(
                (
                    "no review recorded",
                    "no review record and no last_reviewed date: "
                    "it cannot be overdue, but nothing shows it was ever reviewed",
                )
            )
        elif clauses["review overdue"] and last:
            due = review_due(last, nxt, months)
            if due and _is_past(due, as_of):
                found.append(
                    (
                        "review overdue",
                        f"last reviewed {last}: {how}; due {due} "
                        f"({'next review as recorded' if nxt else f'{months} months later'})"
                        f", before {as_of.isoformat()}",
                    )
                )
        if clauses["no activity recorded"] and not (
            r["projects"] or r["agreements"] or r["activities"]
        ):
            found.append(
                (
                    "no activity recorded",
                    "no projects, agreements or activities recorded for this link",
                )
            )
        for rule, evidence in found:
            out.append(
                {
                    "partner_name": r["partner_name"],
                    "partnership": r["partnership"],
                    "rule": rule,
                    "evidence": evidence,
                    "clause": _cite(clauses[rule])[0],
                    "clause_source": _cite(clauses[rule])[1],
                    "tier": r["tier"],
                    "named_by_strategy": named,
                    "tier_source": tier_source,
                    "sources": list(r["sources"]),
                }
            )
    return out


_RULE_ORDER = {rule: i for i, rule in enumerate(RULES)}

register(
    Query(
        name="links_needing_attention",
        description="Link health: the council's own strategy's monitoring rules checked on every "
        "partnership (no MoU above informal networking, no objectives, no review recorded, review "
        "overdue after the strategy's interval, no activity). One row per partner and rule, with "
        "the clause cited and the evidence; domestic bodies only with include_domestic.",
        params=(
            COUNCIL,
            Param(
                "as_of",
                "the date to judge reviews against (default today)",
                type=dt.date,
                label="Judge reviews as of",
            ),
            Param(
                "include_domestic",
                "also check domestic bodies (yes/no)",
                default="no",
                choices=("yes", "no"),
                label="Include domestic bodies",
            ),
        ),
        embedded=lambda g, council, as_of, include_domestic: _facts_embedded(g, council),
        cypher=lambda run, council, as_of, include_domestic: _facts_cypher(run, council),
        finish=lambda rows, p: _finish(
            rows, {**p, "include_domestic": p["include_domestic"] == "yes"}
        ),
        sort_key=lambda r: (r["partner_name"] or "", _RULE_ORDER.get(r["rule"], 99)),
    )
)


def summarise_link_health(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Counts per rule, each with the clause it cites, in the rules' order."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        s = out.setdefault(
            r["rule"],
            {"rule": r["rule"], "links": 0, "clause": r["clause"], "source": r["clause_source"]},
        )
        s["links"] += 1
    return sorted(out.values(), key=lambda s: _RULE_ORDER.get(s["rule"], 99))


def stated_rules(store: Any, council: str) -> set[str]:
    """The rules of :data:`RULES` that one of the council's own strategies states (only those
    are checked: an empty answer for another rule means it was not checked, not that every
    link passes it)."""
    rels = store.relationships(store.get(council)["id"])
    objectives = [
        text
        for r in rels
        if r["type"] == "ADOPTS" and r["direction"] == "out"
        for text in (store.node(r["other_id"]) or {}).get("objectives") or []
    ]
    return {rule for rule, p in RULES.items() if any(re.search(p, t, re.I) for t in objectives)}


def no_monitoring_rules(store: Any, council: str) -> str | None:
    """A sentence saying the council's register states no monitoring rule (so "0 findings" means
    nothing was checked, not that every link is healthy); None when it states one."""
    try:
        node = store.get(council)
    except PartnerGraphError:
        return None  # the query itself has said what is wrong with the name
    if stated_rules(store, node["id"]):
        return None
    rels = store.relationships(node["id"])
    links = sum(1 for r in rels if r["type"] == "HAS_PARTNERSHIP" and r["direction"] == "out")
    return (
        f"{node.get('name') or node['id']} has no monitoring rules recorded: none of its "
        f"strategies in the register states one (an MoU for formal links, clear objectives, "
        f"annual review, documenting outcomes), so its {links} partnership(s) were not checked. "
        "Record its strategy's monitoring clauses as objectives (docs/REGISTER.md § strategies)."
    )
