"""Facts that change with time, each with its dates and its source: EU membership (accession and
withdrawal) and the EU programming periods that bound programme eligibility.

An evaluation has a date (``--as-of``, default today); every fact here is read as of that date, so
the United Kingdom is an EU member as of 2007-07-12 and not as of today.

Examples
--------
>>> import datetime as dt
>>> eu_member("GB", dt.date(2007, 7, 12)).member, eu_member("GB", dt.date(2026, 12, 7)).member
(True, False)
>>> eu_member("GB", dt.date(2026, 12, 7)).text
'not an EU member (left 31 Jan 2020)'
>>> eu_member("HR", dt.date(2007, 7, 12)).text
'not an EU member (joined 1 Jul 2013)'
>>> programme_period("interreg-ivc").end
datetime.date(2013, 12, 31)
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from graphmodel.model.records import Source

__all__ = [
    "adopted_after",
    "EU_ACCESSIONS",
    "EU_WITHDRAWALS",
    "Membership",
    "PROGRAMME_PERIODS",
    "Period",
    "eu_member",
    "eu_members",
    "joined_from_central_eastern_europe",
    "parse_period",
    "programme_period",
]

D = _dt.date


def _treaty(name: str, section: str) -> Source:
    return Source(doc=name, section=section)


#: (date of membership, countries, source) for each enlargement; the founders' date is the entry
#: into force of the Treaty of Rome (the European Economic Community, which the EU continues)
EU_ACCESSIONS: list[tuple[_dt.date, tuple[str, ...], Source]] = [
    (D(1958, 1, 1), ("BE", "DE", "FR", "IT", "LU", "NL"),
     _treaty("Treaty establishing the European Economic Community (Rome, 1957)",
             "entry into force 1 January 1958")),
    (D(1973, 1, 1), ("DK", "IE", "GB"),
     _treaty("Treaty of Accession 1972 (Denmark, Ireland, United Kingdom)",
             "entry into force 1 January 1973")),
    (D(1981, 1, 1), ("GR",),
     _treaty("Treaty of Accession 1979 (Greece)", "entry into force 1 January 1981")),
    (D(1986, 1, 1), ("ES", "PT"),
     _treaty("Treaty of Accession 1985 (Spain, Portugal)", "entry into force 1 January 1986")),
    (D(1995, 1, 1), ("AT", "FI", "SE"),
     _treaty("Treaty of Accession 1994 (Austria, Finland, Sweden)",
             "entry into force 1 January 1995")),
    (D(2004, 5, 1), ("CY", "CZ", "EE", "HU", "LV", "LT", "MT", "PL", "SK", "SI"),
     _treaty("Treaty of Accession 2003", "entry into force 1 May 2004")),
    (D(2007, 1, 1), ("BG", "RO"),
     _treaty("Treaty of Accession 2005 (Bulgaria, Romania)", "entry into force 1 January 2007")),
    (D(2013, 7, 1), ("HR",),
     _treaty("Treaty of Accession 2011 (Croatia)", "entry into force 1 July 2013")),
]  # fmt: skip

#: country -> (last day of membership, source)
EU_WITHDRAWALS: dict[str, tuple[_dt.date, Source]] = {
    "GB": (
        D(2020, 1, 31),
        _treaty(
            "Agreement on the withdrawal of the United Kingdom from the European Union "
            "(OJ C 384 I, 12.11.2019)",
            "Article 185: entry into force 1 February 2020; the UK left on 31 January 2020",
        ),
    ),
}

#: the enlargements of 2004 and 2007 that brought in Central and Eastern Europe
CEE_ENLARGEMENTS = (D(2004, 5, 1), D(2007, 1, 1), D(2013, 7, 1))
CEE_EXCLUDED = frozenset({"CY", "MT"})  # joined in 2004, not in Central and Eastern Europe


@dataclass(frozen=True)
class Membership:
    country: str
    on: _dt.date
    member: bool
    joined: _dt.date | None
    left: _dt.date | None
    source: Source | None

    @property
    def text(self) -> str:
        if self.member:
            return f"EU member (since {_day(self.joined)})"
        if self.left and self.left < self.on:
            return f"not an EU member (left {_day(self.left)})"
        if self.joined and self.joined > self.on:
            return f"not an EU member (joined {_day(self.joined)})"
        return "not an EU member"


def _day(d: _dt.date | None) -> str:
    return f"{d.day} {d:%b %Y}" if d else "?"


def eu_member(country: str | None, on: _dt.date) -> Membership:
    """Whether ``country`` was an EU member on ``on``, with the accession or withdrawal source."""
    joined, source = None, None
    for date, codes, src in EU_ACCESSIONS:
        if country in codes:
            joined, source = date, src
    left = None
    if country in EU_WITHDRAWALS:
        left, wsrc = EU_WITHDRAWALS[country]
        if on > left:
            source = wsrc
    member = joined is not None and joined <= on and (left is None or on <= left)
    return Membership(country or "", on, member, joined, left, source)


def eu_members(on: _dt.date) -> frozenset[str]:
    """Every member state on ``on``."""
    codes = {c for _, cs, _ in EU_ACCESSIONS for c in cs}
    return frozenset(c for c in codes if eu_member(c, on).member)


def joined_from_central_eastern_europe(country: str | None, on: _dt.date) -> bool:
    """A member on ``on`` that joined in the Central and Eastern European enlargements."""
    m = eu_member(country, on)
    return m.member and m.joined in CEE_ENLARGEMENTS and country not in CEE_EXCLUDED


# -- programme periods --------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    start: _dt.date
    end: _dt.date
    source: Source

    def covers(self, on: _dt.date) -> bool:
        return self.start <= on <= self.end

    @property
    def text(self) -> str:
        return f"{self.start.year}–{self.end.year}"


def _regulation(name: str, years: str) -> Source:
    return Source(doc=name, section=f"programming period {years}")


_P2000 = Period(
    D(2000, 1, 1),
    D(2006, 12, 31),
    _regulation("Council Regulation (EC) No 1260/1999 (Structural Funds)", "2000–2006"),
)
_P2007 = Period(
    D(2007, 1, 1),
    D(2013, 12, 31),
    _regulation("Council Regulation (EC) No 1083/2006 (Structural Funds)", "2007–2013"),
)
_P2014 = Period(
    D(2014, 1, 1),
    D(2020, 12, 31),
    _regulation("Regulation (EU) No 1303/2013 (Common Provisions)", "2014–2020"),
)
_P2021 = Period(D(2021, 1, 1), D(2027, 12, 31),
                _regulation("Regulation (EU) 2021/1060 (Common Provisions)", "2021–2027"))  # fmt: skip

#: programme id (as the register and profiles write it) -> its programming period; a register's
#: own ``period`` on a funding programme is read first (:func:`parse_period`)
PROGRAMME_PERIODS: dict[str, Period] = {
    **{p: _P2000 for p in ("interreg-iii", "interreg-iiia", "interreg-iiib", "interreg-iiic",
                           "equal", "leader-plus", "urban", "objective-2")},
    **{p: _P2007 for p in ("interreg-iv", "interreg-iva", "interreg-ivb", "interreg-ivc",
                           "interreg-ivb-north-sea", "interreg-iva-2-seas",
                           "eu-funding-programmes-2007-13")},
    **{p: _P2014 for p in ("interreg-v", "interreg-va", "interreg-vb", "interreg-vc",
                           "interreg-europe-2014-2020")},
    **{p: _P2021 for p in ("interreg-vi", "interreg-via", "interreg-vib", "interreg-vic",
                           "interreg-europe", "interreg-europe-2021-2027")},
}  # fmt: skip


def programme_period(programme: str) -> Period | None:
    return PROGRAMME_PERIODS.get(programme)


_PERIOD = re.compile(r"^\s*((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)?\d\d)\s*$")


def parse_period(text: str | None, source: Source) -> Period | None:
    """A register's ``period: "2007-13"`` or ``"2000-2006"`` as a period (None if not one)."""
    m = _PERIOD.match(str(text or ""))
    if not m:
        return None
    start = int(m.group(1))
    end = int(m.group(2)) if len(m.group(2)) == 4 else start // 100 * 100 + int(m.group(2))
    if end < start:
        return None
    return Period(D(start, 1, 1), D(end, 12, 31), source)


def adopted_after(date: str | None, as_of: _dt.date) -> bool:
    """Whether a strategy dated ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) was adopted
    after ``as_of``. One dated by its year or month only is in force from that year or month;
    an undated one is taken as always in force (the register cannot say otherwise).

    >>> adopted_after("2007-07-12", _dt.date(2004, 1, 1)), adopted_after("2007", _dt.date(2007, 1, 1))
    (True, False)
    """
    return bool(date) and str(date) > as_of.isoformat()[: len(str(date))]
