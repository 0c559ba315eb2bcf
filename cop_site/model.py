"""The content model's entities, as pydantic models (structure and types only).

Vocabulary (categories, levels, ...) is configurable, so it is checked in `validate`,
which can then name the closest allowed value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Discriminator, PrivateAttr, Tag, field_validator, model_validator

from . import yamlio

PARTNER_KINDS = ("organization", "individual")
GROUP_STATUSES = ("forming", "active", "resting", "closed")
NOTE_KINDS = ("meeting", "learning", "progress-report", "consultancy")
AGREEMENT_STATUSES = ("agreed", "drafting", "open")
# Fields that only a consultancy note reads (CONTENT-MODEL.md, version 2).
CONSULTANCY_FIELDS = ("presenter", "problem", "question", "feedback")
SCENARIO_STATUSES = ("exploring", "active", "sustained", "paused")
# The name of a partnership's printable worksheet page (render/registry.py), reserved among a
# group's notes, whose folder it shares.
WORKSHEET_NAME = "worksheet"
# Shared work you can track (CONTENT-MODEL.md, version 3).
MILESTONE_STATUSES = ("planned", "on-track", "at-risk", "done", "missed")
REPEATS = ("weekly", "every-2-weeks", "monthly-by-weekday", "monthly-by-date", "none")
SCHEDULE_FIELDS = ("start", "time", "duration", "timezone", "repeat", "until", "location")
MEASURE_FIELDS = ("name", "unit", "baseline", "target", "by", "values", "source")
MILESTONE_FIELDS = ("name", "due", "status", "owner")
# The answers an invitation can get (version 3, "outreach"); `no-reply` closes an invitation
# nobody answered, so the partner can be asked again.
OUTREACH_RESPONSES = ("invited", "accepted", "declined", "no-reply")


@dataclass
class Source:
    """Where an entity came from, for messages and links back to the file."""

    rel: str
    display: str
    slug: str
    body: str = ""
    body_line: int = 1
    meta: yamlio.Parsed | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def line(self, *path: str | int) -> int | None:
        return self.meta.line_of(path) if self.meta else None


_E = TypeVar("_E", bound="_Entity")


class _Entity(BaseModel):
    # Frozen: after `validate`, no stage changes an entity (`link` makes resolved copies).
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)
    type: str | None = None
    draft: bool = False
    private: dict[str, Any] | None = None
    _src: Source = PrivateAttr()

    @cached_property
    def src(self) -> Source:
        # Cached in the instance: a pydantic private attribute costs a Python-level
        # __getattr__ on every access, and this one is read for every link of every page.
        return self._src

    @property
    def slug(self) -> str:
        return self._src.slug

    def with_src(self: _E, src: Source) -> _E:
        """A copy with the same fields that came from `src` (the same file, another text)."""
        copy = self.model_copy()
        copy.__dict__.pop("src", None)  # `src` as cached in the original, copied with its fields
        copy._src = src
        return copy


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    return [value] if isinstance(value, (str, dict)) else value


class Assessment(BaseModel):
    """One sitting on the partnership rubric (a partner's, a group's or a scenario's): who took
    part, the level the team agreed on per indicator, what shows it, and what it will do next."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    date: dt.date
    participants: list[str] = []
    scores: dict[str, str] = {}
    evidence: dict[str, str] = {}
    next_steps: dict[str, str] = {}
    # Its place in the file as written (`validate` sorts them oldest first), for the line of a
    # problem found later.
    _written_at: int = PrivateAttr(default=0)

    _listy = field_validator("participants", mode="before")(_as_list)

    @property
    def written_at(self) -> int:
        return self._written_at

    @field_validator("scores", "evidence", "next_steps", mode="before")
    @classmethod
    def _empty_mapping(cls, value: Any) -> Any:
        # `scores:` with every line below it still commented out (as `cop-site new assessment`
        # writes it) is an empty mapping, not a missing one.
        return {} if value is None else value


class Agreement(BaseModel):
    """The "agreement for results": which of its elements the partners have settled. An
    element it does not list is open (CONTENT-MODEL.md), so `elements` may be partial."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    signed: dt.date | None = None
    elements: dict[str, str] = {}
    notes: dict[str, str] = {}


class RelationshipStep(BaseModel):
    """One dated stage of a partner's relationship history."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    date: dt.date
    stage: str


class Outreach(BaseModel):
    """One invitation, or the answer to one: who, when, asked by whom, and what came back."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    partner: str
    date: dt.date
    by: str | None = None
    response: str = "invited"
    note: str | None = None
    # Its place in the file's list as written, set by `validate` before it drops entries it
    # cannot use, so later messages still name the right line.
    _index: int = PrivateAttr(default=-1)

    @property
    def index(self) -> int:
        return self._index


def _relationship_form(value: Any) -> str | None:
    if isinstance(value, list):
        return "history"
    if isinstance(value, (str, int, float)):
        return "stage"
    return None


# Tags are dropped from error locations by `validate`, as for `Conditions`.
Relationship = Annotated[
    Annotated[str, Tag("stage")] | Annotated[list[RelationshipStep], Tag("history")],
    Discriminator(
        _relationship_form,
        custom_error_type="relationship_form",
        custom_error_message="must be one stage, or a list of '{date, stage}' items, oldest first",
    ),
]


class Partner(_Entity):
    name: str
    kind: str = "organization"
    category: list[str]
    level: str | None = None
    roles: list[str] = []
    topics: list[str] = []
    # As written: a stage, or a dated history of stages. `validate` makes it the current stage
    # (the history's last), which pages, cop.json and the tools read as `stage`; the dated
    # list is `relationship_history`.
    relationship: Relationship | None = None
    relationship_goal: str | None = None
    engagement: str | None = None
    influence: str | None = None
    interest: str | None = None
    desired_outcomes: str | None = None
    values: str | None = None
    alliances: list[str] = []
    website: str | None = None
    assessments: list[Assessment] = []
    resources: str | None = None
    information_needs: str | None = None
    agreement: Agreement | None = None

    _relationship_history: list[RelationshipStep] = PrivateAttr(default_factory=list)

    _listy = field_validator("category", "roles", "topics", "alliances", mode="before")(_as_list)

    @model_validator(mode="after")
    def _normalise_relationship(self) -> Partner:
        if isinstance(self.relationship, list):
            self._relationship_history = list(self.relationship)
        return self

    @property
    def relationship_history(self) -> list[RelationshipStep]:
        """Every dated stage, oldest first; empty when `relationship` was written as one stage."""
        return self._relationship_history

    @property
    def stage(self) -> str | None:
        """The current stage: `relationship` once validated (which sets it from the history's
        last entry); for an entity made by hand, the history's last stage."""
        if isinstance(self.relationship, list):
            return self._relationship_history[-1].stage if self._relationship_history else None
        return self.relationship

    @field_validator("website")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("a website must start with https://")
        return value


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    partner: str
    role: str | None = None
    since: dt.date | None = None


class ConditionAssessment(BaseModel):
    """One reading of a group's collective impact conditions. `date` is None for the
    mapping form (`conditions: {condition: level}`), which states no date."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    date: dt.date | None = None
    scores: dict[str, str] = {}
    evidence: dict[str, str] = {}


def _conditions_form(value: Any) -> str | None:
    # Which of the two written forms this is; None lets pydantic report a plain type error.
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return None


# Tags are dropped from error locations by `validate`, so a problem in the list form names
# the line of `conditions[i].date` as written.
Conditions = Annotated[
    Annotated[dict[str, str], Tag("mapping")] | Annotated[list[ConditionAssessment], Tag("list")],
    Discriminator(
        _conditions_form,
        custom_error_type="conditions_form",
        custom_error_message="must be a mapping of 'condition: level' lines, or a list of dated assessments",
    ),
]


# Numbers in measures: text in YAML ("42", "3.5"), never "inf" or "nan", which float() accepts.
_NUMBERS = ConfigDict(extra="forbid", coerce_numbers_to_str=True, allow_inf_nan=False)


class Schedule(BaseModel):
    """When a group meets, in a form calendars read (the free text stays in `meets`).
    `time` is checked by `validate` (HH:MM), so that it can name a likely fix."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    start: dt.date
    time: str | None = None
    duration: int = 60  # minutes
    timezone: str | None = None
    repeat: str = "none"
    until: dt.date | None = None
    location: str | None = None

    @field_validator("duration")
    @classmethod
    def _positive(cls, value: int) -> int:
        if not 0 < value <= 24 * 60:
            raise ValueError("must be a number of minutes between 1 and 1440")
        return value


class Group(_Entity):
    name: str
    focus: str
    topics: list[str] = []
    conveners: list[str] = []
    members: list[Member] = []
    expects: list[str] | None = None
    levels: list[str] | None = None
    meets: str | None = None
    status: str = "active"
    # As written: a mapping or a list. `validate` makes it the latest scores as a mapping,
    # which is what pages and cop.json read as "the" conditions (`latest_conditions` on an
    # entity made by hand); the dated history is `condition_assessments`.
    conditions: Conditions = {}
    assessments: list[Assessment] = []  # the partnership rubric, the group as a whole
    schedule: Schedule | None = None
    expects_roles: list[str] | None = None
    outreach: list[Outreach] = []
    _condition_assessments: list[ConditionAssessment] = PrivateAttr(default_factory=list)
    _conditions_listed: bool = PrivateAttr(default=False)

    _listy = field_validator("topics", "conveners", mode="before")(_as_list)

    @model_validator(mode="after")
    def _assessments(self) -> Group:
        self._conditions_listed = isinstance(self.conditions, list)
        if isinstance(self.conditions, list):
            self._condition_assessments = list(self.conditions)
        else:
            self._condition_assessments = [ConditionAssessment(scores=dict(self.conditions))] if self.conditions else []
        return self

    @property
    def condition_assessments(self) -> list[ConditionAssessment]:
        """Every assessment, oldest first (one undated one for the mapping form)."""
        return self._condition_assessments

    @property
    def conditions_listed(self) -> bool:
        """Whether `conditions` was written as a dated list (where each item needs a date)."""
        return self._conditions_listed

    @property
    def latest_conditions(self) -> dict[str, str]:
        """The latest assessment's scores (what `conditions` holds once validated)."""
        return dict(self._condition_assessments[-1].scores) if self._condition_assessments else {}

    @field_validator("expects", "levels", "expects_roles", mode="before")
    @classmethod
    def _optional_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("members", mode="before")
    @classmethod
    def _members(cls, value: Any) -> Any:
        value = _as_list(value)
        if isinstance(value, list):
            return [{"partner": m} if isinstance(m, str) else m for m in value]
        return value


Text = str | list[str] | None


class Note(_Entity):
    title: str
    date: dt.date
    kind: str = "meeting"
    group: str | None = None
    attendees: list[str] = []
    scenarios: list[str] = []
    decisions: list[str] = []
    next_steps: Text = None
    intention: Text = None
    actions: Text = None
    assessment: Text = None
    # A consultancy's protocol: who brings the problem of practice, the problem, the
    # question put to the group, and what the group offered back.
    presenter: str | None = None
    problem: str | None = None
    question: str | None = None
    feedback: list[str] = []

    _listy = field_validator("attendees", "scenarios", "decisions", "feedback", mode="before")(_as_list)


class MeasureValue(BaseModel):
    model_config = _NUMBERS
    date: dt.date
    value: float


class Measure(BaseModel):
    """One shared measure. Its baseline is taken on the date of its first value (the first
    reading), which is what a `by` date must not come before."""

    model_config = _NUMBERS
    name: str
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None
    by: dt.date | None = None
    values: list[MeasureValue] = []
    source: str | None = None

    @property
    def baseline_date(self) -> dt.date | None:
        return min((v.date for v in self.values), default=None)


class Milestone(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    name: str
    due: dt.date
    status: str = "planned"
    owner: str | None = None


class Success(BaseModel):
    """"By this date we will know we are successful if ..."."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    by: dt.date
    text: str


class Scenario(_Entity):
    title: str
    status: str = "exploring"
    topics: list[str] = []
    groups: list[str] = []
    partners: list[str] = []
    needs: list[str] | None = None
    efforts: list[str] = []
    goal: str | None = None
    assessments: list[Assessment] = []  # the partnership rubric, the shared work as a whole
    backbone: str | None = None
    priorities: list[str] = []
    measures: list[Measure] = []
    milestones: list[Milestone] = []
    success: list[Success] = []
    needs_roles: list[str] | None = None
    outreach: list[Outreach] = []

    _listy = field_validator("topics", "groups", "partners", "efforts", "priorities", "measures", "milestones", "success", mode="before")(_as_list)

    @field_validator("needs", "needs_roles", mode="before")
    @classmethod
    def _optional_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


Entity = Partner | Group | Note | Scenario
MODELS: dict[str, type[_Entity]] = {"partner": Partner, "group": Group, "note": Note, "scenario": Scenario}
REQUIRED_FALLBACK: dict[str, dict[str, Any]] = {
    "partner": {"name": None, "category": []},
    "group": {"name": None, "focus": ""},
    "note": {"title": None, "date": dt.date.min},
    "scenario": {"title": None},
}
# What cop.json writes for each type besides its front-matter fields (see export.py): an extra
# field of the same name would replace it there, so these names are reserved (settings.py).
EXPORT_KEYS: dict[str, tuple[str, ...]] = {
    "partner": ("url", "alliances", "groups", "scenarios", "notes", "assessment_trend", "relationship_history"),
    "group": ("url", "members", "member_details", "notes", "scenarios", "conditions_latest", "condition_assessments", "assessment_trend", "gaps_url"),
    "note": ("url", "group"),
    "scenario": ("url", "notes", "assessment_trend", "gaps_url"),
}


def reserved_fields(kind: str) -> set[str]:
    """Names no extra field of `kind` may take: the type's own fields, the shared ones
    (type, draft, private) and what cop.json adds."""
    return set(MODELS[kind].model_fields) | set(EXPORT_KEYS[kind])

# Slugs that would give a partner, a scenario or a topic the address of a page the engine
# writes in the same folder (partners/index.md is the Partners page, topics/index.md the
# Topics page: see render/registry.py, whose site pages a test holds to this set).
RESERVED_SLUGS = frozenset({"index"})
