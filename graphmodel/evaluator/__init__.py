"""The link evaluator: score proposed partners against the strategy's four criteria, with evidence.

Kent's draft International Strategy (``001_ef738cfb658b403d.txt`` § Principles) says new partners
must share broadly similar social and economic characteristics, provide similar opportunities,
priorities and challenges, be reasonably accessible at reasonable cost, and provide linkages of
relevance to local communities on both sides; strong funding may justify a link on its own. The
method, curves, weights and bands are documented in ``docs/EVALUATOR.md``.
"""

from .config import (
    CORE_CRITERIA,
    CRITERIA,
    EvaluatorConfig,
    WeightsError,
    parse_weights,
    read_config,
)
from .evaluate import CandidateKindError, Evaluator, evaluate_candidate, profile_from_city
from .profiles import (
    Profile,
    ProfileError,
    bundled_profiles_dir,
    load_profiles,
    parse_profile,
    read_profile,
    read_profiles,
)
from .ranking import RankResult, rank_candidates, rank_reference_cities, rank_reference_regions
from .results import CriterionResult, Evidence, Scorecard, Sensitivity

__all__ = [
    "CORE_CRITERIA",
    "CRITERIA",
    "CandidateKindError",
    "CriterionResult",
    "Evaluator",
    "EvaluatorConfig",
    "Evidence",
    "Profile",
    "ProfileError",
    "RankResult",
    "Scorecard",
    "Sensitivity",
    "WeightsError",
    "bundled_profiles_dir",
    "load_profiles",
    "evaluate_candidate",
    "parse_profile",
    "parse_weights",
    "profile_from_city",
    "rank_candidates",
    "rank_reference_cities",
    "rank_reference_regions",
    "read_config",
    "read_profile",
    "read_profiles",
]
