"""The register's fixed words: the kinds of organisation and agreement, the partnership tiers
(the KCC strategy's spheres of influence, plus twinning and domestic links), the spheres and
the kinds of relationship (docs/REGISTER.md). A value outside them is refused at load.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["OrganisationType", "AgreementType", "PartnershipTier", "Sphere", "RelationType"]


class OrganisationType(str, Enum):
    council = "council"
    directorate = "directorate"
    unit = "unit"
    team = "team"
    board = "board"
    region = "region"
    province = "province"
    county = "county"
    city = "city"
    municipality = "municipality"
    state = "state"
    national_government = "national-government"
    government_agency = "government-agency"
    eu_institution = "eu-institution"
    university = "university"
    school = "school"
    agency = "agency"
    company = "company"
    network = "network"
    association = "association"
    partnership_body = "partnership-body"
    voluntary_organisation = "voluntary-organisation"
    other = "other"


class AgreementType(str, Enum):
    mou = "mou"
    twinning = "twinning"
    joint_political_declaration = "joint-political-declaration"
    protocol = "protocol"
    statement_of_intent = "statement-of-intent"
    cooperation_agreement = "cooperation-agreement"
    communique = "communique"
    other = "other"


class PartnershipTier(str, Enum):
    """Tiers of the KCC strategy's spheres of influence, plus twinning and domestic links."""

    strategic = "strategic"
    funding_or_projects = "funding-or-projects"
    exploring = "exploring"
    twinning = "twinning"
    network = "network"
    informal = "informal"
    domestic = "domestic"


class Sphere(str, Enum):
    europe = "europe"
    west = "west"
    east = "east"
    domestic = "domestic"
    other = "other"


class RelationType(str, Enum):
    LINKED_WITH = "LINKED_WITH"
    MEMBER_OF = "MEMBER_OF"
    PARTICIPATES_IN = "PARTICIPATES_IN"
    RUNS = "RUNS"
    FUNDS = "FUNDS"
    HOSTS = "HOSTS"
    SUPPORTS = "SUPPORTS"
    LOCATED_IN = "LOCATED_IN"
    REPRESENTS = "REPRESENTS"
    WORKS_WITH = "WORKS_WITH"
    VISITED = "VISITED"
    EXCHANGES_WITH = "EXCHANGES_WITH"
    FOUNDED = "FOUNDED"
    RESPONSIBLE_FOR = "RESPONSIBLE_FOR"
    DELIVERS = "DELIVERS"
    ADDRESSES = "ADDRESSES"
