"""What the Evaluate page's form gives and what it asks of the evaluator, shared by the page's
layout (:mod:`webapp.pages.evaluate`) and its callbacks (:mod:`webapp.evaluate_callbacks`):
the weights from the boxes or a shared link, the candidates offered, a candidate described in
the form, and the scorecards of those chosen.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from graphmodel.build.names import normalise_name
from graphmodel.errors import PartnerGraphError
from graphmodel.evaluator import Evaluator, EvaluatorConfig, Profile, Scorecard, WeightsError
from graphmodel.evaluator.ranking import compare
from graphmodel.evaluator.registry import REGISTRY
from graphmodel.evaluator.sensitivity import MAX_WEIGHT
from graphmodel.evaluator.typed import theme_id
from graphmodel.model.records import Source

from .views import GraphView

__all__ = [
    "MAX_COMPARE",
    "WEIGHT_MAX",
    "state_weight",
    "base_weights",
    "weights_from",
    "candidate_options",
    "form_profile",
    "scorecards",
    "known_themes",
    "evaluation_date",
]

MAX_COMPARE = 4
#: the largest weight a box takes: the robustness section names changes up to this, and a shared
#: link keeps weights up to this (webapp/urlstate.py)
WEIGHT_MAX = MAX_WEIGHT


def state_weight(state: dict[str, Any], key: str, base: dict[str, float] | None = None) -> float:
    """The weight a shared link carries (``w_<key>``), else the base weight (``base``: those the
    council's strategy states, :func:`base_weights`; else the default); 0 stays 0."""
    default = (base or {}).get(key, REGISTRY[key].default_weight)
    value = state.get(f"w_{key}")
    if value is None or value == "":
        return default
    try:
        w = float(value)
    except (TypeError, ValueError):
        return default
    return w if 0 <= w <= WEIGHT_MAX else default


def base_weights(evaluator: Evaluator, home: str | None, as_of: str | None = None):
    """The weights the boxes start from for ``home`` on the date box's date: those its strategy
    in force states (over the defaults), else the evaluator's defaults."""
    ev = evaluator.with_config(EvaluatorConfig())
    ev.today = evaluation_date(as_of) or evaluator.today
    try:
        return ev.weights_for(ev.resolve_home(home)).weights if home else ev.config.weights
    except PartnerGraphError:
        return dict(EvaluatorConfig().weights)


def weights_from(values) -> dict[str, float]:
    """The boxes' values (None: emptied, taken as the default) as weights by criterion."""
    return {
        k: float(v) if v is not None else REGISTRY[k].default_weight
        for k, v in zip(REGISTRY, values, strict=True)
    }


def candidate_options(view: GraphView, evaluator: Evaluator) -> list[dict[str, str]]:
    """Profiles first (they carry the most evidence), then partner bodies in the graph."""
    seen, opts = set(), []
    for p in sorted(evaluator.profiles.values(), key=lambda p: p.name):
        if p.kind == "home" or (p.graph_id and view.g.nodes.get(p.graph_id, {}).get("home")):
            continue
        opts.append({"label": f"{p.name} (profile)", "value": p.graph_id or p.id})
        seen |= {p.id, p.graph_id}
    for n, d in view.g.nodes(data=True):
        if (
            d.get("label") == "Organisation"
            and not d.get("home")
            and not d.get("domestic")
            and n not in seen
            and d.get("country") not in (None, "GB")
        ):
            opts.append({"label": d.get("name") or n, "value": n})
    return opts


def form_profile(
    name,
    country,
    lat,
    lon,
    population,
    coastal,
    themes,
    source,
    known_themes=None,
    themes_complete=False,
) -> Profile:
    """A candidate profile from the form; every figure cites the source the user gave. A typed
    theme is matched to a known theme (``known_themes``: id -> name) however it is hyphenated:
    "cross-border co-operation" is Kent's ``cross-border-cooperation``. The themes typed are what
    is known; only with ``themes_complete`` is a priority not typed known not to be shared."""
    if not name or not source:
        raise ValueError("give the candidate's name and the source of its figures")
    src = Source(doc="entered in the explorer", section=str(source))
    pid = normalise_name(name).replace(" ", "-") or "candidate"
    data: dict[str, Any] = {
        "id": f"form-{pid}",
        "name": name,
        "origin": "profile",
        "country": (country or "").upper() or None,
        "indicators": {},
    }
    if lat is not None and lon is not None:
        data["location"] = {
            "name": name,
            "lat": float(lat),
            "lon": float(lon),
            "source": src.model_dump(),
        }
    if population:
        data["indicators"]["population"] = {"value": float(population), "source": src.model_dump()}
    if coastal in ("yes", "no"):
        data["indicators"]["coastal"] = {"value": coastal == "yes", "source": src.model_dump()}
    if themes:
        data["themes"] = [
            {"id": theme_id(t, known_themes or {}), "name": t.strip(), "source": src.model_dump()}
            for t in themes.split(",")
            if t.strip()
        ]
    if themes_complete:
        data.setdefault("themes", [])
        data["themes_researched"] = src.model_dump()
    return Profile.model_validate(data)


def scorecards(
    evaluator: Evaluator,
    home: str,
    candidates: list[str],
    weights: dict[str, float],
    custom: list[dict] | None = None,
    as_of: str | None = None,
) -> tuple[list[Scorecard], list[str]]:
    """Evaluate each candidate as of ``as_of`` (the page's date box; empty: the evaluator's
    date); returns the scorecards and a message per candidate that failed."""
    # a box changed from where it started (the strategy's weights, else the defaults) is a
    # weight given on this page: it overrides the strategy's, and the scorecards say so
    base = base_weights(evaluator, home, as_of)
    given = {k: w for k, w in weights.items() if w != base.get(k)}
    try:
        config = EvaluatorConfig().with_weights(given, by="on this page")
    except WeightsError as exc:
        return [], [str(exc)]
    ev = evaluator.with_config(config)  # keeps the graph reads cached across slider moves
    ev.today = evaluation_date(as_of) or evaluator.today  # the copy's date, not the server's
    for data in custom or []:
        ev.add_profile(Profile.model_validate(data))
    cards, problems = [], []
    for c in candidates[:MAX_COMPARE]:
        try:
            cards.append(ev.evaluate(home, c))
        except PartnerGraphError as exc:
            problems.append(f"{c}: {exc}")
    return compare(cards), problems


def evaluation_date(text: str | None) -> _dt.date | None:
    """The date box's date (``YYYY-MM-DD``), or None when it is empty or not a date."""
    try:
        return _dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def known_themes(view: GraphView, evaluator: Evaluator, home: str | None) -> dict[str, str]:
    """Theme id -> name: the register's themes and the home council's priorities."""
    out = {n: d.get("name") or n for n, d in view.g.nodes(data=True) if d.get("label") == "Theme"}
    if home:
        try:
            out.update({t: v[0] for t, v in (evaluator.resolve_home(home).themes or {}).items()})
        except PartnerGraphError:
            pass
    return out
