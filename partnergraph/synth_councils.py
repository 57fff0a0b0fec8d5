"""One synthetic council after another: its units, its partners drawn from the world's cities,
its partnerships (with agreements) and its projects, as rows of the register's CSV files.

The draws happen in a fixed order from one ``random.Random``, so the same seed gives the same
register (``synth.py`` documents the shapes).
"""

from __future__ import annotations

import bisect
import math
import random

from .synth_world import (
    CONTINENT_WEIGHT,
    COUNCIL_SUFFIXES,
    DOC_FILE,
    PARTNER_KINDS,
    PROGRAMMES,
    SECTION,
    SPHERE_OF_CONTINENT,
    SYLLABLES,
    THEMES,
    TIERS,
    City,
    Tables,
    UniqueNames,
    slug,
)

__all__ = ["SyntheticCouncils"]

_UNITS = (("international-unit", "International Unit"), ("european-team", "European Team"))
_AGREEMENT_LABEL = {"twinning": "Twinning agreement", "mou": "Memorandum of Understanding"}


class SyntheticCouncils:
    """The register's rows so far (:attr:`tables`); :meth:`add_council` adds one council."""

    def __init__(self, rng: random.Random, cities: list[City]) -> None:
        self.rng = rng
        self.gb = sorted(
            (c for c in cities if c.country == "GB"), key=lambda c: (-c.population, c.name)
        )
        self.abroad = [c for c in cities if c.country != "GB" and c.continent in CONTINENT_WEIGHT]
        self.cum, self.total = [], 0.0
        for c in self.abroad:
            self.total += CONTINENT_WEIGHT[c.continent] * math.sqrt(max(c.population, 1))
            self.cum.append(self.total)
        self.names = UniqueNames()
        self.tables = Tables()
        self.src = f"{DOC_FILE} § {SECTION}"
        self.places: set[str] = set()
        self.partner_orgs: set[str] = set()
        self.theme_ids = [tid for tid, _ in THEMES]
        self.n_partnership = self.n_project = 0

    def add_council(self, i: int) -> None:
        """The ``i``-th council (0-based): its units, partners, partnerships and projects."""
        cid, cname, units = self._council(i)
        chosen = self._partners(min(400, int(3 * self.rng.paretovariate(1.4))))
        links = [self._partnership(cid, cname, units, oid, c) for oid, c in chosen]
        for _ in range(len(chosen) // 3):
            self._project(cid, units, chosen, links)
        self.tables.partnerships.extend(row + [self.src] for row in links)

    def _council(self, i: int) -> tuple[str, str, list[str]]:
        city = self.gb[i % len(self.gb)]
        round_ = i // len(self.gb)
        base = f"{city.name} {COUNCIL_SUFFIXES[round_ % len(COUNCIL_SUFFIXES)]}"
        if round_ >= len(COUNCIL_SUFFIXES):
            base += f" {round_ // len(COUNCIL_SUFFIXES) + 1}"
        cname = self.names.unique("Organisation", base, str(city.geonameid))
        cid = "council-" + slug(cname)
        home_place = self._place(city)
        self.tables.organisations.append(
            [cid, cname, "council", "", "GB", home_place, "true", self.src]
        )
        units = []
        for uslug, uname in _UNITS:
            uid = f"{cid}-{uslug}"
            name = self.names.unique("Organisation", f"{cname} {uname}")
            self.tables.organisations.append([uid, name, "unit", cid, "GB", "", "false", self.src])
            units.append(uid)
        return cid, cname, units

    def _partners(self, k: int) -> list[tuple[str, City]]:
        """Up to ``k`` distinct partner organisations, cities weighted by size and continent."""
        chosen: list[tuple[str, City]] = []
        seen: set[str] = set()
        for _ in range(k * 3):
            if len(chosen) == k:
                break
            c = self.abroad[
                min(
                    bisect.bisect_right(self.cum, self.rng.random() * self.total), len(self.cum) - 1
                )
            ]
            oid = self._partner(c)
            if oid not in seen:
                seen.add(oid)
                chosen.append((oid, c))
        return chosen

    def _place(self, c: City) -> str:
        pid = f"place-{c.geonameid}"
        if pid not in self.places:
            self.places.add(pid)
            name = self.names.unique("Place", c.name, c.country, f"{c.country} {c.geonameid}")
            self.tables.places.append([pid, name, "city", c.country, c.lat, c.lon, self.src])
        return pid

    def _partner(self, c: City) -> str:
        prefix, otype, pattern, _ = self.rng.choices(PARTNER_KINDS, [k[3] for k in PARTNER_KINDS])[
            0
        ]
        oid = f"{prefix}-{c.geonameid}"
        if oid not in self.partner_orgs:
            self.partner_orgs.add(oid)
            pid = self._place(c)
            name = self.names.unique(
                "Organisation", pattern.format(c.name), c.country, str(c.geonameid)
            )
            self.tables.organisations.append(
                [oid, name, otype, "", c.country, pid, "false", self.src]
            )
        return oid

    def _partnership(self, cid: str, cname: str, units: list[str], oid: str, c: City) -> list:
        """One partnership row (its projects filled in later), with its agreement, if any."""
        rng = self.rng
        self.n_partnership += 1
        n = self.n_partnership
        tier, _, atype, share = rng.choices(TIERS, [x[1] for x in TIERS])[0]
        since = rng.randint(1950, 2012) if tier == "twinning" else rng.randint(1995, 2014)
        agreements = ""
        if atype and rng.random() < share:
            aid = f"agr-{n:07d}"
            label = _AGREEMENT_LABEL.get(atype, "Co-operation agreement")
            aname = f"{label} {cname} – {c.name} ({since}, {n})"
            status = rng.choice(["active", "renewed", "ended"])
            self.tables.agreements.append(
                [aid, aname, atype, f"{cid}|{oid}", since, status, self.src]
            )
            agreements = aid
        status = rng.choices(["active", "dormant", "exploring", "ended"], [70, 15, 10, 5])[0]
        reviewed = (
            f"{rng.randint(2005, 2015)}-{rng.randint(1, 12):02d}" if rng.random() < 0.7 else ""
        )
        themes = "|".join(sorted(rng.sample(self.theme_ids, rng.randint(1, 3))))
        sphere = SPHERE_OF_CONTINENT.get(c.continent, "other")
        name = f"{cname} – {c.name} ({n})"
        owner = rng.choice(units)
        return [
            f"ps-{n:07d}",
            name,
            cid,
            oid,
            tier,
            sphere,
            status,
            since,
            reviewed,
            owner,
            themes,
            agreements,
            "",
        ]

    def _project(self, cid: str, units: list[str], chosen: list, links: list[list]) -> None:
        """A project of two to six of the council's partners; their partnerships list it."""
        rng = self.rng
        self.n_project += 1
        size = min(len(chosen), rng.randint(2, 6))
        members = rng.sample(range(len(chosen)), size)
        acronym = "".join(rng.choice(SYLLABLES.split()) for _ in range(rng.randint(2, 3))).upper()
        prid = f"proj-{self.n_project:07d}"
        start = rng.randint(2000, 2014)
        kind = rng.choice(["project", "project", "exchange", "network", "initiative"])
        lead = rng.choice([cid, *units])
        partners = "|".join(chosen[m][0] for m in sorted(members))
        prog_ids, prog_w = [p[0] for p in PROGRAMMES], [p[4] for p in PROGRAMMES]
        funding = "|".join(sorted(set(rng.choices(prog_ids, prog_w, k=rng.randint(1, 2)))))
        themes = "|".join(sorted(rng.sample(self.theme_ids, rng.randint(1, 3))))
        end = start + rng.randint(1, 5)
        status = rng.choice(["active", "completed", "completed", "planned"])
        name = f"{acronym}-{self.n_project:05d}"
        row = [prid, name, kind, lead, partners, funding, themes, start, end, status, self.src]
        self.tables.projects.append(row)
        for m in members:
            links[m][12] = "|".join(filter(None, [links[m][12], prid]))
