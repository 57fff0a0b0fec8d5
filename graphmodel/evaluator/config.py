"""Weights and recommendation bands: the evaluator's whole configuration, documented defaults.

Examples
--------
>>> cfg = EvaluatorConfig().with_weights(parse_weights("accessibility=2"))
>>> cfg.weights["accessibility"], cfg.weights["similarity"]
(2.0, 1.0)
>>> parse_weights("nearness=1")
Traceback (most recent call last):
...
graphmodel.evaluator.config.WeightsError: unknown criterion 'nearness' in --weights: use similarity, priorities, accessibility, community, funding, network
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import PartnerGraphError
from .registry import CORE, REGISTRY, Titles

__all__ = [
    "CRITERIA",
    "CORE_CRITERIA",
    "BAND_LABELS",
    "SHORT_NAMES",
    "EvaluatorConfig",
    "WeightsError",
    "parse_weights",
    "read_config",
]

#: criterion key -> title shown to the board (from the registry, :mod:`.registry`)
CRITERIA: Mapping[str, str] = Titles("title")
#: criterion key -> short name used in sentences ("if accessibility weighed 0.52 instead of 1")
SHORT_NAMES: Mapping[str, str] = Titles("short")
#: the strategy's four criteria: weighted 1 by default; funding and network are shown beside them
CORE_CRITERIA = CORE
#: the same words for a band everywhere: CLI, page, report, JSON "recommendation"
BAND_LABELS = {
    "pursue": "Pursue",
    "pilot": "Pilot first",
    "do-not-pursue": "Do not pursue",
    "insufficient-evidence": "Gather evidence first",
}


class WeightsError(PartnerGraphError, ValueError):
    """Weights that cannot be used: unknown criterion, negative, not a number, or all zero."""


def _default_weights() -> dict[str, float]:
    return {k: c.default_weight for k, c in REGISTRY.items()}


def shown(x: float) -> int:
    """A figure as a board sees it: a whole number, halves rounded up (44.5 → 45, 44.49 → 44).
    Bands are decided on this, so the band always agrees with the figure shown."""
    return math.floor(x + 0.5)


class EvaluatorConfig(BaseModel):
    """Weights per criterion and the thresholds of the recommendation bands.

    A total's band (:meth:`band_of`, on the total as shown, a whole number): ``pursue`` at
    ``pursue_at`` or more, ``pilot`` at ``pilot_at`` or more, otherwise ``do-not-pursue``; a funding
    score of ``funding_justifies_at`` or more lifts ``do-not-pursue`` to ``pilot`` ("strong funding
    may justify the establishment of a new link"). The recommendation is decided on the range the
    missing evidence leaves open (:mod:`.recommendation`): one band at both ends, or
    ``insufficient-evidence``. ``min_confidence`` is accepted for older configuration files and
    no longer decides anything: the range does.
    """

    model_config = ConfigDict(extra="forbid")

    weights: dict[str, float] = Field(default_factory=_default_weights)
    pursue_at: float = Field(default=65.0, ge=0, le=100)
    pilot_at: float = Field(default=45.0, ge=0, le=100)
    min_confidence: float = Field(default=0.5, ge=0, le=1)
    funding_justifies_at: float = Field(default=75.0, ge=0, le=100)
    #: whether strong funding lifts *do not pursue* at all: off for a council whose strategy
    #: states its criteria for new links and no such clause (set by the evaluator, not in files)
    funding_rule: bool = Field(default=True, exclude=True)
    #: who gave the weights that differ from the defaults or were named ("on the command line",
    #: "in board.yaml", "on this page"): they override what a strategy states (:mod:`.weighting`)
    weights_given_by: str | None = Field(default=None, exclude=True)
    #: the criteria whose weights were given by name (``--weights``, a config file's ``weights``),
    #: even where the weight given is the default
    weights_named: tuple[str, ...] = Field(default=(), exclude=True)

    @field_validator("weights")
    @classmethod
    def _check_weights(cls, v: dict[str, float]) -> dict[str, float]:
        return check_weights({**_default_weights(), **v})

    @model_validator(mode="after")
    def _ordered(self) -> EvaluatorConfig:
        if self.pilot_at > self.pursue_at:
            raise ValueError(
                f"pilot_at ({self.pilot_at}) must not be above pursue_at ({self.pursue_at})"
            )
        return self

    def with_weights(self, weights: dict[str, float], by: str | None = None) -> EvaluatorConfig:
        """These weights over the others; ``by`` says who gave them (they then override the
        weights a strategy states, and outputs say so)."""
        update: dict = {"weights": check_weights({**self.weights, **weights})}
        if by and weights:
            update["weights_named"] = tuple(dict.fromkeys([*self.weights_named, *weights]))
            update["weights_given_by"] = (
                by
                if not self.weights_given_by or self.weights_given_by == by
                else f"{self.weights_given_by} and {by}"
            )
        return self.model_copy(update=update)

    def given_weights(self) -> dict[str, float]:
        """The weights given (by name, or differing from the defaults): what overrides a
        strategy's own."""
        defaults = _default_weights()
        return {
            k: w for k, w in self.weights.items() if k in self.weights_named or w != defaults.get(k)
        }

    def band_of(self, total: float | None, funding: float | None = None) -> str:
        """The band of a total (and a funding score) as shown: whole numbers.

        >>> cfg = EvaluatorConfig()
        >>> cfg.band_of(44.96), cfg.band_of(44.49), cfg.band_of(30, funding=80)
        ('pilot', 'do-not-pursue', 'pilot')
        """
        if total is None:
            return "insufficient-evidence"
        t = shown(total)
        if t >= self.pursue_at:
            return "pursue"
        if t >= self.pilot_at:
            return "pilot"
        if (
            self.funding_rule
            and funding is not None
            and shown(funding) >= self.funding_justifies_at
        ):
            return "pilot"
        return "do-not-pursue"

    def band(self, total: float | None, confidence: float = 1.0) -> str:
        """The band of a total as shown (``confidence`` is ignored: the range decides)."""
        return self.band_of(total)


def check_weights(weights: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, value in weights.items():
        if key not in CRITERIA:
            raise WeightsError(f"unknown criterion {key!r} in --weights: use {', '.join(CRITERIA)}")
        try:
            w = float(value)
        except (TypeError, ValueError):
            raise WeightsError(f"weight of {key!r} must be a number, not {value!r}") from None
        if not math.isfinite(w) or w < 0:
            raise WeightsError(f"weight of {key!r} must be a finite number ≥ 0, not {value!r}")
        out[key] = w
    if sum(out.values()) <= 0:
        raise WeightsError("the weights add up to 0: give at least one criterion a weight above 0")
    return out


def parse_weights(text: str | None) -> dict[str, float]:
    """``"similarity=2,accessibility=0.5"`` → ``{"similarity": 2.0, "accessibility": 0.5}``."""
    out: dict[str, float] = {}
    for item in (text or "").split(","):
        item = item.strip()
        if not item:
            continue
        key, eq, value = item.partition("=")
        key = key.strip()
        if not eq:
            raise WeightsError(f"--weights item {item!r}: write criterion=weight")
        if key not in CRITERIA:
            raise WeightsError(f"unknown criterion {key!r} in --weights: use {', '.join(CRITERIA)}")
        try:
            out[key] = float(value)
        except ValueError:
            raise WeightsError(
                f"weight of {key!r} must be a number, not {value.strip()!r}"
            ) from None
    check_weights({**_default_weights(), **out})
    return out


def read_config(path: str | Path) -> EvaluatorConfig:
    """A YAML file with any of the :class:`EvaluatorConfig` fields. A fault is one short
    :class:`WeightsError` naming the file, the line and the field, and what to do."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WeightsError(f"cannot read evaluator config {path}: {exc}") from None
    try:
        lines = _key_lines(yaml.compose(text))
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        at = f":{mark.line + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or "it cannot be read"
        raise WeightsError(
            f"{path}{at}: not valid YAML ({what}): write settings as 'name: value', "
            "e.g. 'weights: {similarity: 2}' (docs/EVALUATOR.md § Weights and bands)"
        ) from None
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise WeightsError(
            f"{path}:1: expected settings such as 'weights:' and 'pursue_at:', not a "
            f"{type(data).__name__} (docs/EVALUATOR.md § Weights and bands)"
        )

    def where(*loc: object) -> str:
        keys = tuple(str(x) for x in loc)
        line = next((lines[keys[:n]] for n in range(len(keys), 0, -1) if keys[:n] in lines), None)
        return f"{path}{f':{line}' if line else ''} field {'.'.join(keys)!r}"

    weights = data.get("weights")
    if isinstance(weights, dict):
        for key, value in weights.items():
            if key not in CRITERIA:
                raise WeightsError(
                    f"{where('weights', key)}: unknown criterion {key!r}: use {', '.join(CRITERIA)}"
                )
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise WeightsError(
                    f"{where('weights', key)}: a weight must be a number (0 to leave the "
                    f"criterion out), not {value!r}"
                )
            if not math.isfinite(value) or value < 0:
                raise WeightsError(
                    f"{where('weights', key)}: a weight must be 0 or more, not {value!r}"
                )
    try:
        config = EvaluatorConfig.model_validate(data)
    except ValidationError as exc:
        e = exc.errors()[0]
        if e["type"] == "extra_forbidden":
            names = [f for f in EvaluatorConfig.model_fields if f != "funding_rule"]
            msg = f"unknown setting: use {', '.join(names)}"
        else:
            msg = str(e["msg"]).removeprefix("Value error, ").replace(" in --weights", "")
        loc = e["loc"] or (("pilot_at",) if "pilot_at" in msg else ())
        raise WeightsError(f"{where(*loc) if loc else path}: {msg}") from None
    if isinstance(weights, dict) and weights:
        return config.model_copy(
            update={"weights_named": tuple(weights), "weights_given_by": f"in {Path(path).name}"}
        )
    return config


def _key_lines(node, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """(key path) -> the line its key is on, for every key of a composed YAML mapping."""
    out: dict[tuple[str, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, str(key.value))
            out[here] = key.start_mark.line + 1
            out.update(_key_lines(value, here))
    return out
