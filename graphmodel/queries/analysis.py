"""Strategy queries: shared partners, multilateral opportunities, theme coverage and EU reliance
(link health, the strategy's monitoring rules, is in ``health.py``)."""

from __future__ import annotations

from itertools import combinations

from rapidfuzz import fuzz

from graphmodel.build.names import normalise_name

from .catalogue import Param, Query, register
from .helpers import COUNCIL, first, in_nodes, internal_orgs, out_nodes


# -- the links of a council: fetched the same way from either store --------------------------
def _links_embedded(g, council):
    """(entity id, label, name, aliases, how) for every body or place the council is linked to."""
    own = set(internal_orgs(g, council)) | {council}
    found: dict[str, set[str]] = {}

    def add(n, how):
        if n in own or g.nodes[n].get("label") not in ("Organisation", "Place"):
            return
        found.setdefault(n, set()).add(how)
        for place in out_nodes(g, n, "LOCATED_IN"):
            if place not in own:
                found.setdefault(place, set()).add(f"place of {n}")

    for o in own:
        for p in out_nodes(g, o, "HAS_PARTNERSHIP"):
            for partner in out_nodes(g, p, "WITH_PARTNER"):
                add(partner, "partnership")
        for a in out_nodes(g, o, "PARTY_TO"):
            for party in in_nodes(g, a, "PARTY_TO"):
                add(party, "agreement")
        for pr in sorted(set(out_nodes(g, o, "LEADS")) | set(out_nodes(g, o, "PARTNER_IN"))):
            for who in sorted(set(in_nodes(g, pr, "LEADS")) | set(in_nodes(g, pr, "PARTNER_IN"))):
                add(who, "project")
        for _, v, t in g.out_edges(o, data="type"):
            if t in _DIRECT:
                add(v, "direct link")
        for u, _, t in g.in_edges(o, data="type"):
            if t in _DIRECT:
                add(u, "direct link")
    return [
        {
            "id": n,
            "label": g.nodes[n]["label"],
            "name": g.nodes[n].get("name"),
            "aliases": g.nodes[n].get("aliases") or [],
            "how": sorted(how),
        }
        for n, how in found.items()
    ]


_DIRECT = (
    "LINKED_WITH",
    "WORKS_WITH",
    "VISITED",
    "EXCHANGES_WITH",
    "MEMBER_OF",
    "SUPPORTS",
    "HOSTS",
    "PARTICIPATES_IN",
    "REPRESENTS",
    "FUNDS",
    "FOUNDED",
)

LINKS_CYPHER = """
MATCH (h:Entity {id: $council})
OPTIONAL MATCH (u:Organisation)-[:PART_OF*1..6]->(h)
WITH h, collect(DISTINCT u) + [h] AS own
UNWIND own AS o
CALL {
  WITH o
  MATCH (o)-[:HAS_PARTNERSHIP]->(:Entity)-[:WITH_PARTNER]->(x:Entity)
  RETURN x, 'partnership' AS how
  UNION
  WITH o
  MATCH (o)-[:PARTY_TO]->(:Agreement)<-[:PARTY_TO]-(x:Entity)
  RETURN x, 'agreement' AS how
  UNION
  WITH o
  MATCH (o)-[:LEADS|PARTNER_IN]->(:Project)<-[:LEADS|PARTNER_IN]-(x:Entity)
  RETURN x, 'project' AS how
  UNION
  WITH o
  MATCH (o)-[r]-(x:Entity)
  WHERE type(r) IN $direct
  RETURN x, 'direct link' AS how
}
WITH own, x, how
WHERE NOT x IN own AND x.label IN ['Organisation', 'Place']
OPTIONAL MATCH (x)-[:LOCATED_IN]->(pl:Entity)
RETURN x.id AS id, x.label AS label, x.name AS name, x.aliases AS aliases, how,
       collect(DISTINCT CASE WHEN pl IS NULL OR pl IN own THEN NULL ELSE
         {id: pl.id, label: pl.label, name: pl.name, aliases: pl.aliases} END) AS places
"""


def _links_cypher(run, council):
    found: dict[str, dict] = {}
    for r in run(LINKS_CYPHER, council=council, direct=list(_DIRECT)):
        e = found.setdefault(
            r["id"],
            {
                "id": r["id"],
                "label": r["label"],
                "name": r["name"],
                "aliases": list(r["aliases"] or []),
                "how": set(),
            },
        )
        e["how"].add(r["how"])
        for pl in r["places"]:
            if pl:
                p = found.setdefault(
                    pl["id"],
                    {
                        "id": pl["id"],
                        "label": pl["label"],
                        "name": pl["name"],
                        "aliases": list(pl["aliases"] or []),
                        "how": set(),
                    },
                )
                p["how"].add(f"place of {r['id']}")
    return [dict(e, how=sorted(e["how"])) for e in found.values()]


def _shared(a_links, b_links, threshold=85.0):
    rows = []
    for a in a_links:
        a_names = {normalise_name(x) for x in [a["name"], *a["aliases"]] if x}
        for b in b_links:
            if a["id"] == b["id"]:
                rows.append(
                    {
                        "a": a["id"],
                        "a_name": a["name"],
                        "b": b["id"],
                        "b_name": b["name"],
                        "match": "same record",
                        "score": 100.0,
                        "a_how": a["how"],
                        "b_how": b["how"],
                    }
                )
                continue
            b_names = {normalise_name(x) for x in [b["name"], *b["aliases"]] if x}
            if a_names & b_names:
                match, score = "same name or alias", 100.0
            else:
                score = max(
                    (
                        fuzz.ratio(x, y)
                        for x in a_names
                        for y in b_names
                        if len(x) >= 5 and len(y) >= 5
                    ),
                    default=0.0,
                )
                if score < threshold:
                    continue
                match = "similar spelling"
            rows.append(
                {
                    "a": a["id"],
                    "a_name": a["name"],
                    "b": b["id"],
                    "b_name": b["name"],
                    "match": match,
                    "score": score,
                    "a_how": a["how"],
                    "b_how": b["how"],
                }
            )
    return rows


register(
    Query(
        name="shared_partners",
        description="Partners and places both councils are linked to (through partnerships, "
        "agreements, projects or direct links), including across spelling variants: the same "
        "record, a shared name or alias, or a similar spelling (85%+).",
        params=(
            Param(
                "council_a", "the first council", required=True, node=True, label="First council"
            ),
            Param(
                "council_b", "the second council", required=True, node=True, label="Second council"
            ),
        ),
        embedded=lambda g, council_a, council_b: _shared(
            _links_embedded(g, council_a), _links_embedded(g, council_b)
        ),
        cypher=lambda run, council_a, council_b: _shared(
            _links_cypher(run, council_a), _links_cypher(run, council_b)
        ),
        sort_key=lambda r: (-r["score"], r["a"], r["b"]),
    )
)


# -- multilateral opportunities ------------------------------------------------------------
def _partner_facts_embedded(g, council):
    facts = {}
    for p in out_nodes(g, council, "HAS_PARTNERSHIP"):
        for partner in out_nodes(g, p, "WITH_PARTNER"):
            f = facts.setdefault(
                partner,
                {
                    "name": g.nodes[partner].get("name"),
                    "themes": set(),
                    "activities": set(),
                    "neighbours": set(),
                },
            )
            f["themes"] |= set(out_nodes(g, p, "ADDRESSES"))
    for partner, f in facts.items():
        acts = (
            set(out_nodes(g, partner, "PARTNER_IN"))
            | set(out_nodes(g, partner, "LEADS"))
            | set(out_nodes(g, partner, "PARTY_TO"))
        )
        f["activities"] = acts
        for a in acts:
            f["themes"] |= set(out_nodes(g, a, "ADDRESSES")) | set(out_nodes(g, a, "COVERS"))
        f["neighbours"] = set(g.succ[partner]) | set(g.pred[partner])
    return facts


PARTNER_FACTS_CYPHER = """
MATCH (h:Entity {id: $council})-[:HAS_PARTNERSHIP]->(p:Entity)-[:WITH_PARTNER]->(x:Entity)
OPTIONAL MATCH (p)-[:ADDRESSES]->(t:Entity)
WITH x, collect(DISTINCT t.id) AS pthemes
OPTIONAL MATCH (x)-[:PARTNER_IN|LEADS|PARTY_TO]->(a:Entity)
OPTIONAL MATCH (a)-[:ADDRESSES|COVERS]->(at:Entity)
WITH x, pthemes, collect(DISTINCT a.id) AS activities, collect(DISTINCT at.id) AS athemes
OPTIONAL MATCH (x)--(n:Entity)
RETURN x.id AS id, x.name AS name, pthemes + athemes AS themes, activities,
       collect(DISTINCT n.id) AS neighbours
"""


def _partner_facts_cypher(run, council):
    facts = {}
    for r in run(PARTNER_FACTS_CYPHER, council=council):
        f = facts.setdefault(
            r["id"], {"name": r["name"], "themes": set(), "activities": set(), "neighbours": set()}
        )
        f["themes"] |= {t for t in r["themes"] if t}
        f["activities"] |= set(r["activities"])
        f["neighbours"] |= set(r["neighbours"])
    return facts


def _multilateral(facts, min_shared):
    rows = []
    for a, b in combinations(sorted(facts), 2):
        fa, fb = facts[a], facts[b]
        shared = fa["themes"] & fb["themes"]
        if len(shared) < min_shared:
            continue
        if b in fa["neighbours"] or fa["activities"] & fb["activities"]:
            continue  # already linked, directly or through a shared project or agreement
        rows.append(
            {
                "partner_a": a,
                "name_a": fa["name"],
                "partner_b": b,
                "name_b": fb["name"],
                "shared_themes": sorted(shared),
                "shared": len(shared),
            }
        )
    return rows


register(
    Query(
        name="multilateral_opportunities",
        description="Pairs of the council's partners that share themes but are not yet linked "
        "(no direct relationship, no shared project or agreement): the strategy's 'linking two or "
        "more of our international partners'.",
        params=(
            COUNCIL,
            Param("min_shared", "shared themes needed", type=int, default=1, label="Shared themes"),
        ),
        embedded=lambda g, council, min_shared: _multilateral(
            _partner_facts_embedded(g, council), min_shared
        ),
        cypher=lambda run, council, min_shared: _multilateral(
            _partner_facts_cypher(run, council), min_shared
        ),
        sort_key=lambda r: (-r["shared"], r["partner_a"], r["partner_b"]),
    )
)


# -- theme coverage -------------------------------------------------------------------------
def _coverage_embedded(g, council):
    priorities = set()
    for s in out_nodes(g, council, "ADOPTS"):
        priorities |= set(out_nodes(g, s, "PRIORITISES"))
    by_theme: dict[str, set[str]] = {}
    for p in out_nodes(g, council, "HAS_PARTNERSHIP"):
        for t in out_nodes(g, p, "ADDRESSES"):
            by_theme.setdefault(t, set()).update(out_nodes(g, p, "WITH_PARTNER"))
    themes = [n for n, d in g.nodes(data=True) if d.get("label") == "Theme"]
    return [
        {
            "theme": t,
            "name": g.nodes[t].get("name"),
            "parent": first(out_nodes(g, t, "SUBTHEME_OF")),
            "priority": t in priorities,
            "partners": sorted(by_theme.get(t, ())),
        }
        for t in themes
    ]


COVERAGE_CYPHER = """
MATCH (t:Theme)
OPTIONAL MATCH (t)-[:SUBTHEME_OF]->(parent:Entity)
OPTIONAL MATCH (:Entity {id: $council})-[:ADOPTS]->(:Entity)-[pr:PRIORITISES]->(t)
OPTIONAL MATCH (:Entity {id: $council})-[:HAS_PARTNERSHIP]->(p:Entity)-[:ADDRESSES]->(t)
OPTIONAL MATCH (p)-[:WITH_PARTNER]->(x:Entity)
RETURN t.id AS theme, t.name AS name, parent.id AS parent, count(pr) > 0 AS priority,
       collect(DISTINCT x.id) AS partners
"""


def _finish_coverage(rows, _params):
    """Roll sub-themes up: a partner addressing a sub-theme serves its headline theme too."""
    children: dict[str, list[str]] = {}
    for r in rows:
        if r["parent"]:
            children.setdefault(r["parent"], []).append(r["theme"])
    direct = {r["theme"]: set(r["partners"]) for r in rows}

    def below(t, seen):
        for c in children.get(t, ()):
            if c not in seen:
                seen.add(c)
                below(c, seen)
        return seen

    for r in rows:
        subs = below(r["theme"], set())
        via = sorted(c for c in subs if direct.get(c))
        r["partners_direct"] = sorted(direct[r["theme"]])
        r["partners"] = sorted(direct[r["theme"]].union(*(direct[c] for c in via)))
        r["via_subthemes"] = via
        r["partner_count"] = len(r["partners"])
        r["gap"] = r["priority"] and not r["partners"]
    return rows


register(
    Query(
        name="theme_coverage",
        description="Every theme with the council's partners whose partnerships address it or "
        "one of its sub-themes (rolled up: partners_direct address the theme itself, "
        "via_subthemes names the sub-themes that add partners); 'gap' marks a strategic "
        "priority no partnership covers.",
        params=(COUNCIL,),
        embedded=_coverage_embedded,
        cypher=lambda run, council: run(COVERAGE_CYPHER, council=council),
        finish=_finish_coverage,
        sort_key=lambda r: (not r["gap"], -r["partner_count"], r["theme"]),
    )
)


# -- EU reliance ----------------------------------------------------------------------------
def _reliance_embedded(g, council):
    holders = []
    for p in out_nodes(g, council, "HAS_PARTNERSHIP"):
        holders.append((p, "partnership", out_nodes(g, p, "INCLUDES")))
    for u in internal_orgs(g, council):
        holders.append(
            (u, "unit", sorted(set(out_nodes(g, u, "LEADS")) | set(out_nodes(g, u, "PARTNER_IN"))))
        )
    rows = []
    for hid, kind, projects in holders:
        funding = {
            pr: [(fp, bool(g.nodes[fp].get("eu"))) for fp in out_nodes(g, pr, "FUNDED_BY")]
            + [(f, _eu_funder(g.nodes[f])) for f in in_nodes(g, pr, "FUNDS")]
            for pr in projects
        }
        rows.append({"id": hid, "name": g.nodes[hid].get("name"), "kind": kind, "funding": funding})
    return rows


RELIANCE_CYPHER = """
MATCH (h:Entity {id: $council})
CALL {
  WITH h
  MATCH (h)-[:HAS_PARTNERSHIP]->(x:Entity)
  OPTIONAL MATCH (x)-[:INCLUDES]->(pr:Entity)
  RETURN x, 'partnership' AS kind, pr
  UNION
  WITH h
  MATCH (x:Organisation)-[:PART_OF*1..6]->(h)
  OPTIONAL MATCH (x)-[:LEADS|PARTNER_IN]->(pr:Project)
  RETURN x, 'unit' AS kind, pr
}
OPTIONAL MATCH (pr)-[:FUNDED_BY]->(fp:Entity)
OPTIONAL MATCH (fu:Entity)-[:FUNDS]->(pr)
RETURN x.id AS id, x.name AS name, kind, pr.id AS project, fp.id AS programme,
       coalesce(fp.eu, false) AS eu, fu.id AS funder, fu.type AS funder_type,
       coalesce(fu.eu, false) AS funder_eu
"""


def _eu_funder(d) -> bool:
    """A body funds as the EU when it is an EU institution or an EU programme (a FUNDS relation
    says "EU grant funding" where the paper names no programme)."""
    return d.get("type") == "eu-institution" or bool(d.get("eu"))


def _reliance_cypher(run, council):
    acc: dict[str, dict] = {}
    for r in run(RELIANCE_CYPHER, council=council):
        row = acc.setdefault(
            r["id"], {"id": r["id"], "name": r["name"], "kind": r["kind"], "funding": {}}
        )
        if r["project"]:
            f = row["funding"].setdefault(r["project"], [])
            if r["programme"] and (r["programme"], r["eu"]) not in f:
                f.append((r["programme"], bool(r["eu"])))
            if r["funder"]:
                eu = _eu_funder({"type": r["funder_type"], "eu": r["funder_eu"]})
                if (r["funder"], eu) not in f:
                    f.append((r["funder"], eu))
    return list(acc.values())


def _finish_reliance(rows, _params):
    out = []
    for r in rows:
        funding = r.pop("funding")
        eu_projects = sorted(p for p, fs in funding.items() if any(eu for _, eu in fs))
        out.append(
            {
                **r,
                "projects": sorted(funding),
                "eu_funded_projects": eu_projects,
                "eu_programmes": sorted({fp for fs in funding.values() for fp, eu in fs if eu}),
                "eu_share": (len(eu_projects) / len(funding)) if funding else 0.0,
            }
        )
    return [r for r in out if r["projects"]]


register(
    Query(
        name="eu_reliance",
        description="Partnerships and units whose projects depend on EU funding (the strategy "
        "wants this reliance reduced): projects, EU-funded projects (through an EU programme or "
        "an EU body that funds them), EU programmes and funders, and the EU share.",
        params=(COUNCIL,),
        embedded=_reliance_embedded,
        cypher=_reliance_cypher,
        finish=_finish_reliance,
        sort_key=lambda r: (-r["eu_share"], r["id"]),
    )
)
