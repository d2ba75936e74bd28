"""The front matter of a goal document, as a validated model with a JSON Schema."""

from __future__ import annotations

import difflib
import json
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..cycles import CYCLE_PATTERN, Cycle, parse_cycle, quarter_of


class Status(str, Enum):
    NOT_STARTED = "not-started"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    BLOCKED = "blocked"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def active(self) -> bool:
        """Still being worked on: neither done nor dropped."""
        return self not in (Status.DONE, Status.DROPPED)


class Visibility(str, Enum):
    PUBLIC = "public"
    TEAM = "team"
    PRIVATE = "private"


class Assessment(str, Enum):
    ACHIEVED = "achieved"
    PARTIAL = "partial"
    NOT_ACHIEVED = "not-achieved"


class Metric(BaseModel):
    """A measurable outcome: progress runs from `baseline` to `target` (either direction)."""

    model_config = ConfigDict(extra="forbid")

    baseline: float
    target: float
    current: float | None = None
    unit: str | None = None

    @property
    def percent(self) -> float | None:
        """Progress in percent, clamped to 0–100; None until `current` is known."""
        if self.current is None:
            return None
        span = self.target - self.baseline
        if span == 0:
            return 100.0 if self.current == self.target else 0.0
        return max(0.0, min(100.0, 100.0 * (self.current - self.baseline) / span))


DateOrCycle = Union[date, Annotated[str, Field(pattern=CYCLE_PATTERN)]]

# Page keys that MkDocs and Material read; allowed beside ours without a warning.
PAGE_KEYS = frozenset(
    {"description", "tags", "hide", "template", "icon", "search", "subtitle", "comments", "authors", "date", "kind"}
)


class GoalFrontMatter(BaseModel):
    """Front matter of a goal document (`kind: goal`, or any of owner/status/due/start)."""

    model_config = ConfigDict(extra="allow", title="mkdocs-goals goal front matter", use_enum_values=False)

    title: str = Field(min_length=1, description="What the goal is, in one line.")
    owner: str = Field(min_length=1, description="Person id of whoever owns the goal.")
    team: str | None = Field(default=None, description="Team id.")
    status: Status = Field(default=Status.NOT_STARTED)
    start: DateOrCycle | None = Field(default=None, description="ISO date, or a cycle such as 2026-Q2.")
    due: DateOrCycle | None = Field(default=None, description="ISO date, or a cycle such as 2026-Q2.")
    cycle: Annotated[str, Field(pattern=CYCLE_PATTERN)] | None = Field(
        default=None, description="The cycle the goal belongs to, e.g. 2026-Q2; fills start and due when absent."
    )
    category: str | None = Field(default=None, description="e.g. engineering-craft, soft-skills, leadership.")
    visibility: Visibility = Field(default=Visibility.PUBLIC, description="Private goals are never published.")
    metric: Metric | None = None
    assessment: Assessment | None = None
    kind: Literal["goal"] | None = None

    @field_validator("start", "due", mode="before")
    @classmethod
    def _date_or_cycle(cls, value: Any) -> Any:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, str) and parse_cycle(value) is None:
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"{value!r} is neither an ISO date (YYYY-MM-DD) nor a cycle (2026-Q2)") from None
        return value

    @field_validator("title", "owner", "team", "category", mode="before")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return value

    @property
    def start_date(self) -> date | None:
        return _resolve(self.start, first=True) or (_cycle(self.cycle).start if self.cycle else None)

    @property
    def due_date(self) -> date | None:
        return _resolve(self.due, first=False) or (_cycle(self.cycle).end if self.cycle else None)

    @property
    def cycle_name(self) -> str | None:
        """The explicit cycle, a cycle written as due date, else the quarter of the due date."""
        if self.cycle:
            return self.cycle
        if isinstance(self.due, str):
            return self.due
        due = self.due_date
        return quarter_of(due).name if due else None


def _cycle(name: str) -> Cycle:
    cycle = parse_cycle(name)
    assert cycle is not None
    return cycle


def _resolve(value: date | str | None, *, first: bool) -> date | None:
    if value is None or isinstance(value, date):
        return value
    cycle = _cycle(value)
    return cycle.start if first else cycle.end


KNOWN_KEYS = frozenset(GoalFrontMatter.model_fields) | PAGE_KEYS
GOAL_MARKER_KEYS = frozenset({"owner", "status", "due", "start", "assessment", "metric", "cycle"})


def suggest_key(key: str) -> str | None:
    """The known key an unknown one was probably meant to be."""
    matches = difflib.get_close_matches(key.lower(), sorted(KNOWN_KEYS), n=1, cutoff=0.6)
    return matches[0] if matches else None


def validate_goal(data: dict[str, Any]) -> tuple[GoalFrontMatter | None, list[tuple[str, str]]]:
    """Validate front matter; errors come back as (top-level key, message) pairs."""
    try:
        return GoalFrontMatter.model_validate(data), []
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            loc = [str(part) for part in item["loc"]]
            key = loc[0] if loc else ""
            where = ".".join(loc) or "front matter"
            problems.append((key, f"{where}: {_message(item)}"))
        return None, problems


def _message(item: dict[str, Any]) -> str:
    kind = item["type"]
    if kind == "missing":
        return "required for a goal document"
    if kind == "enum":
        return f"{item['input']!r} is not one of {item['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return f"{item['input']!r} is neither an ISO date (YYYY-MM-DD) nor a cycle (2026-Q2)"
    if kind == "extra_forbidden":
        return "unknown key"
    message = item["msg"]
    return message.removeprefix("Value error, ")


def json_schema() -> str:
    """The JSON Schema of goal front matter, for editors (VS Code YAML, JetBrains)."""
    schema = GoalFrontMatter.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = (
        "YAML front matter of an mkdocs-goals goal document. Unknown keys are allowed but `goals check` warns."
    )
    for key in sorted(PAGE_KEYS - {"kind"}):
        schema["properties"].setdefault(key, {"description": "MkDocs/Material page key, passed through."})
    return json.dumps(schema, indent=2, sort_keys=True)
