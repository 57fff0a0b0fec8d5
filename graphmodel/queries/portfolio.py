"""Portfolio queries: partners, agreements, projects, funding programmes, units."""

from __future__ import annotations

import re
from typing import Any

from graphmodel.model.records import AgreementType

from ..errors import quoted, short
from .catalogue import BadParameter, Param, Query, register
from .helpers import COUNCIL, SPHERE, TIER, first, in_nodes, internal_orgs, out_nodes, prop


# -- partners ----------------------------------------------------------------------------------
def _partners_embedded(g, council, sphere, tier, theme, status, include_domestic):
    rows = []
    for p in out_nodes(g, council, "HAS_PARTNERSHIP"):
        d = g.nodes[p]
        themes = out_nodes(g, p, "ADDRESSES")
        if sphere and d.get("sphere") != sphere or tier and d.get("tier") != tier:
            continue
        if status and d.get("status") != status or theme and theme not in themes:
            continue
        partner = first(out_nodes(g, p, "WITH_PARTNER"))
        domestic = bool(d.get("domestic")) or bool(prop(g, partner, "domestic"))
        if domestic and include_domestic != "yes":
            continue
        rows.append(
            {
                "partnership": p,
                "partnership_name": d.get("name"),
                "partner": partner,
                "partner_name": prop(g, partner, "name"),
                "tier": d.get("tier"),
                "tier_basis": _basis(d.get("tier_stated_by")),
                "tier_source": d.get("tier_stated_by"),
                "sphere": d.get("sphere"),
                "status": d.get("status"),
                "since": d.get("since"),
                "last_reviewed": d.get("last_reviewed"),
                "owner": first(in_nodes(g, p, "OWNS")),
                "themes": themes,
                "agreements": _agreements(g, p, council, partner),
                "objectives": d.get("objectives") or [],
            }
        )
    return rows


def _basis(stated_by: str | None) -> str:
    """Whether a paper states the tier in words, or the register read it from the papers."""
    return "stated" if stated_by else "inferred"


def _agreements(g, p, council, partner) -> list[str]:
    """Agreements the partnership lists, and those its council and partner are both party to
    (as Link health counts them)."""
    listed = set(out_nodes(g, p, "UNDERPINNED_BY"))
    if partner:
        listed |= set(out_nodes(g, council, "PARTY_TO")) & set(out_nodes(g, partner, "PARTY_TO"))
    return sorted(listed)


PARTNERS_CYPHER = """
MATCH (h:Entity {id: $council})-[:HAS_PARTNERSHIP]->(p:Entity)-[:WITH_PARTNER]->(o:Entity)
WHERE ($sphere IS NULL OR p.sphere = $sphere) AND ($tier IS NULL OR p.tier = $tier)
  AND ($status IS NULL OR p.status = $status)
  AND ($include_domestic = 'yes'
       OR NOT (coalesce(p.domestic, false) OR coalesce(o.domestic, false)))
OPTIONAL MATCH (p)-[:ADDRESSES]->(t:Entity)
WITH h, p, o, collect(DISTINCT t.id) AS themes
WHERE $theme IS NULL OR $theme IN themes
OPTIONAL MATCH (p)-[:UNDERPINNED_BY]->(a:Entity)
WITH h, p, o, themes, collect(DISTINCT a.id) AS listed
OPTIONAL MATCH (h)-[:PARTY_TO]->(b:Entity)<-[:PARTY_TO]-(o)
WITH p, o, themes, listed, collect(DISTINCT b.id) AS bound
WITH p, o, themes, listed + [x IN bound WHERE NOT x IN listed] AS agreements
OPTIONAL MATCH (u:Entity)-[:OWNS]->(p)
RETURN p.id AS partnership, p.name AS partnership_name, o.id AS partner, o.name AS partner_name,
       p.tier AS tier, p.tier_stated_by AS tier_source, p.sphere AS sphere,
       p.status AS status, p.since AS since,
       p.last_reviewed AS last_reviewed, u.id AS owner, themes, agreements,
       p.objectives AS objectives
"""


def _partners_cypher(run, council, sphere, tier, theme, status, include_domestic):
    rows = run(
        PARTNERS_CYPHER,
        council=council,
        sphere=sphere,
        tier=tier,
        theme=theme,
        status=status,
        include_domestic=include_domestic,
    )
    for r in rows:
        r["objectives"] = r.get("objectives") or []
        r["agreements"] = sorted(r.get("agreements") or [])
        r["tier_basis"] = _basis(r.get("tier_source"))
    return rows


register(
    Query(
        name="partners",
        description="Partners of a council through its partnerships, with tier, sphere, status, "
        "owner, themes and agreements, and whether a paper states the tier (tier_basis: stated, "
        "with its source) or the register inferred it; filter by sphere, tier, theme or status; "
        "domestic bodies only with include_domestic.",
        params=(
            COUNCIL,
            SPHERE,
            TIER,
            Param("theme", "a theme id the partnership addresses", node=True),
            Param(
                "status",
                "active, exploring, dormant, ended or unknown",
                choices=("active", "exploring", "dormant", "ended", "unknown"),
            ),
            Param(
                "include_domestic",
                "also list domestic bodies (yes/no), as Link health and the pages do",
                default="no",
                choices=("yes", "no"),
                label="Include domestic bodies",
            ),
        ),
        embedded=_partners_embedded,
        cypher=_partners_cypher,
        sort_key=lambda r: (r["partner_name"] or "", r["partnership"]),
    )
)


# -- agreements --------------------------------------------------------------------------------
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _check_dates(start: str | None, end: str | None) -> None:
    for value, param, title in ((start, "start", "Signed from"), (end, "end", "Signed until")):
        if value and not _PARTIAL_DATE.fullmatch(value):
            raise BadParameter(
                f"--{param} {short(value)} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
                param=param,
                plain=f"“{title}” needs a year, year-month or date written like 2006, "
                f"2006-11 or 2006-11-14; {quoted(value)} is not one.",
            )


def _in_range(signed: str | None, start: str | None, end: str | None) -> bool:
    if start or end:
        if not signed:
            return False
        if start and signed[: len(start)] < start:
            return False
        if end and signed[: len(end)] > end:
            return False
    return True


def _agreements_embedded(g, type, start, end, party):
    _check_dates(start, end)
    rows = []
    for n, d in g.nodes(data=True):
        if d.get("label") != "Agreement" or (type and d.get("type") != type):
            continue
        if not _in_range(d.get("signed"), start, end):
            continue
        parties = in_nodes(g, n, "PARTY_TO")
        if party and party not in parties:
            continue
        signatories = []
        for u, _, ed in g.in_edges(n, data=True):
            if ed.get("type") == "SIGNED":
                signatories.append(
                    {
                        "person": u,
                        "name": g.nodes[u].get("name"),
                        "role": ed.get("role"),
                        "on_behalf_of": ed.get("on_behalf_of"),
                    }
                )
        rows.append(
            {
                "agreement": n,
                "name": d.get("name"),
                "type": d.get("type"),
                "signed": d.get("signed"),
                "renewed": d.get("renewed") or [],
                "status": d.get("status"),
                "parties": parties,
                "signatories": signatories,
                "areas": d.get("areas") or [],
                "themes": out_nodes(g, n, "COVERS"),
            }
        )
    return rows


AGREEMENTS_CYPHER = """
MATCH (a:Agreement)
WHERE ($type IS NULL OR a.type = $type)
OPTIONAL MATCH (o:Entity)-[:PARTY_TO]->(a)
WITH a, collect(DISTINCT o.id) AS parties
WHERE $party IS NULL OR $party IN parties
OPTIONAL MATCH (s:Entity)-[r:SIGNED]->(a)
WITH a, parties, collect(CASE WHEN s IS NULL THEN NULL ELSE
     {person: s.id, name: s.name, role: r.role, on_behalf_of: r.on_behalf_of} END) AS signatories
OPTIONAL MATCH (a)-[:COVERS]->(t:Entity)
RETURN a.id AS agreement, a.name AS name, a.type AS type, a.signed AS signed,
       a.renewed AS renewed, a.status AS status, parties, signatories, a.areas AS areas,
       collect(DISTINCT t.id) AS themes
"""


def _agreements_cypher(run, type, start, end, party):
    _check_dates(start, end)
    rows = []
    for r in run(AGREEMENTS_CYPHER, type=type, party=party):
        if not _in_range(r["signed"], start, end):
            continue
        r["renewed"] = r.get("renewed") or []
        r["areas"] = r.get("areas") or []
        r["signatories"] = [dict(s) for s in r["signatories"] if s]
        rows.append(r)
    return rows


def _finish_agreements(rows, _params):
    for r in rows:
        r["signatories"] = sorted(
            (
                f"{s['name']} ({s.get('role') or 'signatory'}"
                + (f", for {s['on_behalf_of']})" if s.get("on_behalf_of") else ")")
            )
            for s in r["signatories"]
        )
        r["areas"] = tuple(r["areas"])  # keep the order of the paper
    return rows


register(
    Query(
        name="agreements",
        description="Agreements (MoUs, twinning links, declarations, protocols, statements of "
        "intent) by type and signing date range, with parties, signatories and areas of "
        "co-operation. Dates compare at the precision given (start=2006 includes 2006-11-14).",
        params=(
            Param(
                "type",
                "mou, twinning, joint-political-declaration, protocol, "
                "statement-of-intent, cooperation-agreement, communique, other",
                choices=tuple(t.value for t in AgreementType),
                label="Kind of agreement",
            ),
            Param("start", "signed on or after (YYYY, YYYY-MM or YYYY-MM-DD)", label="Signed from"),
            Param("end", "signed on or before (YYYY, YYYY-MM or YYYY-MM-DD)", label="Signed until"),
            Param(
                "party",
                "only agreements this organisation is party to",
                node=True,
                label="Party to it",
            ),
        ),
        embedded=_agreements_embedded,
        cypher=_agreements_cypher,
        finish=_finish_agreements,
        sort_key=lambda r: (r["signed"] or "9999", r["agreement"]),
    )
)


# -- projects ----------------------------------------------------------------------------------
def _projects_embedded(g, programme, partner, theme):
    rows = []
    for n, d in g.nodes(data=True):
        if d.get("label") != "Project":
            continue
        funding = [
            (v, ed) for _, v, ed in g.out_edges(n, data=True) if ed.get("type") == "FUNDED_BY"
        ]
        programmes = sorted({v for v, _ in funding})
        partners = in_nodes(g, n, "PARTNER_IN")
        themes = out_nodes(g, n, "ADDRESSES")
        if programme and programme not in programmes or theme and theme not in themes:
            continue
        lead = first(in_nodes(g, n, "LEADS"))
        if partner and partner not in partners and partner != lead:
            continue
        rows.append(
            {
                "project": n,
                "name": d.get("name"),
                "type": d.get("type"),
                "status": d.get("status"),
                "lead": lead,
                "partners": partners,
                "programmes": programmes,
                "amounts": sorted(ed["amount_text"] for _, ed in funding if ed.get("amount_text")),
                "themes": themes,
                "countries": d.get("countries") or [],
            }
        )
    return rows


PROJECTS_CYPHER = """
MATCH (p:Project)
OPTIONAL MATCH (p)-[f:FUNDED_BY]->(fp:Entity)
WITH p, collect(DISTINCT fp.id) AS programmes, collect(f.amount_text) AS amounts
WHERE $programme IS NULL OR $programme IN programmes
OPTIONAL MATCH (o:Entity)-[:PARTNER_IN]->(p)
WITH p, programmes, amounts, collect(DISTINCT o.id) AS partners
OPTIONAL MATCH (l:Entity)-[:LEADS]->(p)
WITH p, programmes, amounts, partners, collect(DISTINCT l.id) AS leads
WHERE $partner IS NULL OR $partner IN partners OR $partner IN leads
OPTIONAL MATCH (p)-[:ADDRESSES]->(t:Entity)
WITH p, programmes, amounts, partners, leads, collect(DISTINCT t.id) AS themes
WHERE $theme IS NULL OR $theme IN themes
RETURN p.id AS project, p.name AS name, p.type AS type, p.status AS status, leads,
       partners, programmes, amounts, themes, p.countries AS countries
"""


def _projects_cypher(run, programme, partner, theme):
    rows = run(PROJECTS_CYPHER, programme=programme, partner=partner, theme=theme)
    for r in rows:
        leads = sorted(r.pop("leads"))
        r["lead"] = leads[0] if leads else None
        r["amounts"] = [a for a in r["amounts"] if a]
        r["countries"] = r.get("countries") or []
    return rows


register(
    Query(
        name="projects",
        description="Projects and initiatives with their lead, partners, funding programmes, stated "
        "amounts and themes; filter by programme, partner or theme.",
        params=(
            Param("programme", "a funding programme id", node=True, label="Funding programme"),
            Param("partner", "an organisation leading or partnering", node=True),
            Param("theme", "a theme id", node=True),
        ),
        embedded=_projects_embedded,
        cypher=_projects_cypher,
        sort_key=lambda r: r["project"],
    )
)


# -- funding programmes ------------------------------------------------------------------------
def _programmes_embedded(g):
    rows = []
    for n, d in g.nodes(data=True):
        if d.get("label") != "FundingProgramme":
            continue
        rows.append(
            {
                "programme": n,
                "name": d.get("name"),
                "family": d.get("family"),
                "fund": d.get("fund"),
                "eu": bool(d.get("eu")),
                "period": d.get("period"),
                "parent": first(out_nodes(g, n, "PART_OF")),
                "projects": in_nodes(g, n, "FUNDED_BY"),
                "amounts": d.get("amounts") or [],
            }
        )
    return rows


PROGRAMMES_CYPHER = """
MATCH (fp:FundingProgramme)
OPTIONAL MATCH (fp)-[:PART_OF]->(parent:Entity)
OPTIONAL MATCH (p:Entity)-[:FUNDED_BY]->(fp)
RETURN fp.id AS programme, fp.name AS name, fp.family AS family, fp.fund AS fund,
       coalesce(fp.eu, false) AS eu, fp.period AS period, parent.id AS parent,
       collect(DISTINCT p.id) AS projects, fp.amounts AS amounts
"""


def _programmes_cypher(run):
    rows = run(PROGRAMMES_CYPHER)
    for r in rows:
        r["amounts"] = r.get("amounts") or []
    return rows


register(
    Query(
        name="programmes",
        description="Funding programmes with their family, fund, period, stated amounts and the "
        "projects they fund.",
        params=(),
        embedded=_programmes_embedded,
        cypher=_programmes_cypher,
        sort_key=lambda r: r["programme"],
    )
)


# -- units ------------------------------------------------------------------------------------
def _units_embedded(g, council):
    rows = []
    for u in internal_orgs(g, council):
        d = g.nodes[u]
        costs = [  # rows about the unit, and rows a directorate bears
            g.nodes[c]
            for c in sorted(set(in_nodes(g, u, "CONCERNS")) | set(in_nodes(g, u, "BORNE_BY")))
            if g.nodes[c].get("label") == "CostBenefit"
        ]
        rows.append(
            {
                "unit": u,
                "name": d.get("name"),
                "type": d.get("type"),
                "parent": first(out_nodes(g, u, "PART_OF")),
                "partnerships": out_nodes(g, u, "OWNS"),
                "projects": sorted(
                    set(out_nodes(g, u, "LEADS")) | set(out_nodes(g, u, "PARTNER_IN"))
                ),
                "costs": [_cost_line(c, u) for c in costs],
            }
        )
    return rows


def _cost_line(c: dict[str, Any], unit: str | None = None) -> str:
    """``2006/7: cost 0.321; benefit £20m``, naming the row's subject when it is not ``unit``."""
    cost = c.get("cost_text") or c.get("cost_value")
    benefit = c.get("benefit_text") or c.get("benefit_value")
    subject = c.get("subject")
    line = f"{subject} " if subject and subject != unit else ""
    line += f"{c.get('period') or ''}: cost {cost if cost is not None else 'not stated'}"
    line += f"; benefit {benefit if benefit is not None else 'not stated'}"
    return line + (" (time limited)" if c.get("time_limited") else "")


UNITS_CYPHER = """
MATCH (u:Organisation)-[:PART_OF*1..6]->(h:Entity {id: $council})
WITH DISTINCT u
OPTIONAL MATCH (u)-[:PART_OF]->(parent:Entity)
OPTIONAL MATCH (u)-[:OWNS]->(ps:Entity)
WITH u, parent, collect(DISTINCT ps.id) AS partnerships
OPTIONAL MATCH (u)-[:LEADS|PARTNER_IN]->(pr:Entity)
WITH u, parent, partnerships, collect(DISTINCT pr.id) AS projects
OPTIONAL MATCH (c:CostBenefit)-[:CONCERNS|BORNE_BY]->(u)
RETURN u.id AS unit, u.name AS name, u.type AS type, parent.id AS parent, partnerships,
       projects, collect(DISTINCT c {.period, .cost_text, .cost_value, .benefit_text,
       .benefit_value, .time_limited, .subject}) AS costs
"""


def _units_cypher(run, council):
    rows = run(UNITS_CYPHER, council=council)
    for r in rows:
        r["costs"] = [_cost_line(dict(c), r["unit"]) for c in r["costs"] if c]
    return rows


register(
    Query(
        name="units",
        description="The council's directorates and units with the partnerships they own, the "
        "projects they run and their costs and benefits.",
        params=(COUNCIL,),
        embedded=_units_embedded,
        cypher=_units_cypher,
        sort_key=lambda r: r["unit"],
    )
)
