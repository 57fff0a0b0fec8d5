"""Domain records of a partnership register, independent of any storage.

Each record kind in ``docs/REGISTER.md`` is one pydantic model here, with ``extra="forbid"`` so a
misspelt field is an error, not a silently dropped fact.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

# the fixed words of the register, kept importable from here as before
from .vocabulary import AgreementType, OrganisationType, PartnershipTier, RelationType, Sphere

__all__ = [
    "RECORD_MODELS",
    "AgreementType",
    "Amount",
    "Source",
    "StatedWeights",
    "Record",
    "PartnershipTier",
    "Sphere",
    "OrganisationType",
    "RelationType",
    "SLUG_PATTERN",
    "parse_partial_date",
]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
WikidataId = Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")]


def parse_partial_date(value: object) -> str:
    """Normalise ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or a YAML date) to a string.

    Examples
    --------
    >>> parse_partial_date("2006-11-14")
    '2006-11-14'
    >>> parse_partial_date(2007)
    '2007'
    """
    if type(value) is str and len(value) == 4 and value.isdigit():
        return value  # the common case, a bare year, without the regular expression
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.groups()
    if month:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"{text!r}: month {month} is not 01-12")
        if day:
            _dt.date(int(year), int(month), int(day))  # raises ValueError on 2007-02-30
    return text


PartialDate = Annotated[str, Field(description="YYYY, YYYY-MM or YYYY-MM-DD")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Source(_Strict):
    """Where a fact comes from: a document file and a section (or short quote)."""

    doc: str = Field(min_length=1)
    section: str = Field(min_length=1)
    quote: str | None = None

    def label(self) -> str:
        return f"{self.doc} § {self.section}"


class Amount(_Strict):
    """A sum of money as stated: a number, its unit, and the text as printed."""

    value: float | None = None
    unit: Literal["GBP", "GBP-m", "EUR", "EUR-m"] = "GBP"
    text: str | None = None
    description: str | None = None
    sources: list[Source] = Field(default_factory=list)

    @model_validator(mode="after")
    def _value_or_text(self) -> Amount:
        if self.value is None and not self.text:
            raise ValueError("an amount needs a value or the text as printed")
        return self


class Record(_Strict):
    """Fields every record kind shares."""

    id: Slug
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    notes: str | None = None


def _dates(*fields: str):
    """A validator normalising the named partial-date fields (single values or lists)."""

    def _norm(cls, v):  # noqa: ANN001
        if v is None:
            return v
        if isinstance(v, list):
            return [parse_partial_date(x) for x in v]
        return parse_partial_date(v)

    return field_validator(*fields, mode="before")(_norm)


class Document(Record):
    file: str = Field(min_length=1)
    date: PartialDate | None = None
    publisher: Slug | None = None
    kind: str | None = None  # what kind of paper, as a reader would say: "cabinet report"
    check_dates = _dates("date")


class Organisation(Record):
    type: OrganisationType
    parent: Slug | None = None
    country: CountryCode | None = None
    place: Slug | None = None
    home: bool = False
    domestic: bool = False
    description: str | None = None
    wikidata: WikidataId | None = None  # matches the reference twin network by id


class Place(Record):
    type: Literal[
        "city",
        "town",
        "region",
        "county",
        "province",
        "state",
        "district",
        "area",
        "site",
        "country-part",
    ]
    country: CountryCode | None = None
    parent: Slug | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    description: str | None = None
    wikidata: WikidataId | None = None  # matches the reference twin network by id


class Role(_Strict):
    title: str = Field(min_length=1)
    organisation: Slug | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    check_dates = _dates("start", "end")


class Person(Record):
    roles: list[Role] = Field(default_factory=list)


class Theme(Record):
    parent: Slug | None = None
    description: str | None = None


class Signatory(_Strict):
    person: Slug
    on_behalf_of: Slug | None = None
    role: str | None = None


class Area(_Strict):
    """An area of co-operation as printed, optionally mapped to a theme."""

    text: str = Field(min_length=1)
    theme: Slug | None = None


class Agreement(Record):
    type: AgreementType
    parties: list[Slug] = Field(default_factory=list)
    signatories: list[Signatory] = Field(default_factory=list)
    signed: PartialDate | None = None
    renewed: list[PartialDate] = Field(default_factory=list)
    supersedes: Slug | None = None
    status: Literal["active", "renewed", "draft", "proposed", "ended", "unknown"] = "unknown"
    areas: list[Area] = Field(default_factory=list)
    description: str | None = None
    check_dates = _dates("signed", "renewed")


class ProjectPartner(_Strict):
    organisation: Slug
    role: str | None = None


class Funding(_Strict):
    programme: Slug
    amount: Amount | None = None
    period: str | None = None
    sources: list[Source] = Field(default_factory=list)


class Project(Record):
    type: Literal[
        "project",
        "initiative",
        "exchange",
        "network",
        "facility",
        "service",
        "programme-of-work",
    ] = "project"
    lead: Slug | None = None
    partners: list[ProjectPartner] = Field(default_factory=list)
    countries: list[CountryCode] = Field(default_factory=list)
    funding: list[Funding] = Field(default_factory=list)
    themes: list[Slug] = Field(default_factory=list)
    parent: Slug | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    status: Literal["active", "completed", "planned", "proposed", "unknown"] = "unknown"
    description: str | None = None
    check_dates = _dates("start", "end")

    @field_validator("partners", mode="before")
    @classmethod
    def _bare_partner_ids(cls, v):  # noqa: ANN001
        # A partner may be written as a bare id for brevity.
        if isinstance(v, list):
            return [{"organisation": p} if isinstance(p, str) else p for p in v]
        return v


class Event(Record):
    start: PartialDate | None = None
    end: PartialDate | None = None
    place: Slug | None = None
    project: Slug | None = None
    organisers: list[Slug] = Field(default_factory=list)
    themes: list[Slug] = Field(default_factory=list)
    description: str | None = None
    check_dates = _dates("start", "end")


class FundingProgramme(Record):
    family: str | None = None
    parent: Slug | None = None
    fund: str | None = None
    period: str | None = None
    eu: bool = False
    amounts: list[Amount] = Field(default_factory=list)
    description: str | None = None


class Partnership(Record):
    home: Slug
    partner: Slug
    tier: PartnershipTier
    sphere: Sphere
    status: Literal["active", "exploring", "dormant", "ended", "unknown"] = "unknown"
    since: PartialDate | None = None
    last_reviewed: PartialDate | None = None
    owner: Slug | None = None
    objectives: list[str] = Field(default_factory=list)
    themes: list[Slug] = Field(default_factory=list)
    agreements: list[Slug] = Field(default_factory=list)
    projects: list[Slug] = Field(default_factory=list)
    domestic: bool = False
    description: str | None = None
    #: where a paper states this link's tier in its own words; without it the tier is the
    #: register's reading of the papers, and is shown as inferred
    tier_source: Source | None = None
    check_dates = _dates("since", "last_reviewed")


class CostBenefitTable(Record):
    owner: Slug | None = None
    period: str | None = None
    total_cost: Amount | None = None
    total_benefit: Amount | None = None
    footnotes: list[str] = Field(default_factory=list)


class CostBenefit(_Strict):
    id: Slug
    name: str | None = None
    table: Slug | None = None
    subject: Slug
    directorate: Slug | None = None
    cost: Amount | None = None
    benefit: Amount | None = None
    time_limited: bool = False
    period: str | None = None
    sources: list[Source] = Field(min_length=1)
    notes: str | None = None
    aliases: list[str] = Field(default_factory=list)


def _weight(value: object) -> float:
    """One stated weight: a number of 0 or more (0 leaves the criterion out)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(
            f"a weight must be a number (0 to leave the criterion out), not {value!r}: "
            "write e.g. 'accessibility: 2'"
        )
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        raise ValueError(f"a weight must be a number of 0 or more, not {value!r}")
    return float(value)


class StatedWeights(_Strict):
    """The weights a strategy itself states for the evaluator's criteria (docs/EVALUATOR.md §
    Weights a strategy states), with where it states them. A criterion it does not name keeps
    the evaluator's default weight; the names are checked against the evaluator's criteria
    when the register is loaded (``loaders.plausible``)."""

    criteria: dict[Slug, Annotated[float, BeforeValidator(_weight)]] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    notes: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _criteria_under_their_key(cls, data: object) -> object:
        named = [k for k in data if k not in cls.model_fields] if isinstance(data, dict) else []
        if named and "criteria" not in data:  # weights: {similarity: 2} without 'criteria:'
            raise ValueError(
                f"write the weights under 'criteria:' with their source: weights: {{criteria: "
                f"{{{named[0]}: …}}, sources: [{{doc: …, section: …}}]}} (docs/REGISTER.md)"
            )
        return data

    @model_validator(mode="after")
    def _not_all_zero(self) -> StatedWeights:
        if not any(self.criteria.values()):
            raise ValueError(
                "the stated weights are all 0: give at least one criterion a weight above 0, "
                "or leave 'weights' out for the evaluator's defaults"
            )
        return self


class Strategy(Record):
    owner: Slug
    status: str | None = None
    date: PartialDate | None = None
    priorities: list[Slug] = Field(default_factory=list)
    objectives: list[str] = Field(default_factory=list)
    criteria: list[str] = Field(default_factory=list)
    #: a reason beyond the criteria that may justify a new link ("strong funding")
    additional_justification: str | None = None
    #: the weights the strategy states for the evaluator's criteria, with their source
    weights: StatedWeights | None = None
    description: str | None = None
    check_dates = _dates("date")


class Relation(_Strict):
    from_: Slug = Field(alias="from")
    to: Slug
    type: RelationType
    description: str | None = None
    since: PartialDate | None = None
    sources: list[Source] = Field(min_length=1)
    notes: str | None = None
    check_dates = _dates("since")
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Mention(_Strict):
    ref: Slug
    aliases: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    notes: str | None = None


class ConflictValue(_Strict):
    value: str | float | int | bool | None
    sources: list[Source] = Field(min_length=1)

    @field_validator("value", mode="before")
    @classmethod
    def _scalar(cls, v):  # noqa: ANN001
        if isinstance(v, (_dt.date,)):
            return v.isoformat()
        return v


class Conflict(_Strict):
    id: Slug
    name: str | None = None
    subject: Slug
    field: str = Field(min_length=1)
    values: list[ConflictValue] = Field(min_length=2)
    note: str | None = None
    resolution: str | None = None
    sources: list[Source] = Field(default_factory=list)
    notes: str | None = None


#: record kind (the register's top-level key) -> (model, node label or None for edges-only)
RECORD_MODELS: dict[str, tuple[type[BaseModel], str | None]] = {
    "documents": (Document, "Document"),
    "organisations": (Organisation, "Organisation"),
    "places": (Place, "Place"),
    "people": (Person, "Person"),
    "themes": (Theme, "Theme"),
    "agreements": (Agreement, "Agreement"),
    "projects": (Project, "Project"),
    "events": (Event, "Event"),
    "funding_programmes": (FundingProgramme, "FundingProgramme"),
    "partnerships": (Partnership, "Partnership"),
    "cost_benefit_tables": (CostBenefitTable, "CostBenefitTable"),
    "costs_benefits": (CostBenefit, "CostBenefit"),
    "strategies": (Strategy, "Strategy"),
    "conflicts": (Conflict, "Conflict"),
    "relations": (Relation, None),
    "mentions": (Mention, None),
}
