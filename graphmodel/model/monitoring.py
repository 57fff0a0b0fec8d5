"""Record kinds for what the team does after the papers are loaded: reviews, activities, actions.

The strategy asks for every link to be reviewed each year, for outcomes to be documented and for
annual action plans. These records hold that cycle. They are written by hand in a register file
or by ``partnergraph review|activity|action`` (which cite themselves as their source:
``{doc: partnergraph, section: "recorded by NAME on DATE"}``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from graphmodel.model.records import RECORD_MODELS, PartialDate, Slug, Source, _dates, _Strict

__all__ = ["Review", "Activity", "Action", "MONITORING_MODELS", "RECORDED_SOURCE_DOC"]

#: the ``doc`` of the source a record written by partnergraph itself cites
RECORDED_SOURCE_DOC = "partnergraph"


class _Monitoring(_Strict):
    id: Slug
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    notes: str | None = None


class Review(_Monitoring):
    """An annual review of one partnership."""

    partnership: Slug
    date: PartialDate
    reviewer: str = Field(min_length=1)
    outcome: str | None = None
    objectives_met: Literal["yes", "partly", "no", "not-assessed"] = "not-assessed"
    next_review: PartialDate | None = None
    check_dates = _dates("date", "next_review")


class Activity(_Monitoring):
    """A visit, exchange, event or project carried out with a partner."""

    name: str = Field(min_length=1)
    type: Literal["visit", "exchange", "event", "project", "meeting", "other"]
    start: PartialDate
    end: PartialDate | None = None
    unit: Slug | None = None
    partner: Slug | None = None
    partnership: Slug | None = None
    people: list[str] = Field(default_factory=list)
    outcome: str | None = None
    themes: list[Slug] = Field(default_factory=list)
    check_dates = _dates("start", "end")


class Action(_Monitoring):
    """An item of an annual action plan."""

    name: str = Field(min_length=1)
    owner: Slug
    target: PartialDate | None = None
    status: Literal["planned", "in-progress", "done", "dropped"] = "planned"
    plan: str | None = None
    partnership: Slug | None = None
    description: str | None = None
    check_dates = _dates("target")


#: record kind -> (model, node label), added to ``graphmodel.model.records.RECORD_MODELS``
MONITORING_MODELS = {
    "reviews": (Review, "Review"),
    "activities": (Activity, "Activity"),
    "actions": (Action, "Action"),
}

# One list of record kinds: the loader, the docs test and the graph builder all read RECORD_MODELS.
# graphmodel/__init__ imports this module (through graph.py), so the kinds are always there.
RECORD_MODELS.update(MONITORING_MODELS)
