"""The front matter of a goal document, as a validated model with a JSON Schema.

Values are read the way people write them: the seeds' own spellings (`On track`,
`Partially Achieved`, `cycle: 2026`) are accepted case-, space- and hyphen-insensitively
and stored in their canonical form; anything else is an error with a did-you-mean.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..cycles import CYCLE_PATTERN, Cycle, parse_cycle, quarter_of
from .vocabulary import (  # noqa: F401 - the words are re-exported beside the model that reads them
    ASSESSMENT_ALIASES, PAGE_KEYS, STATUS_ALIASES, VISIBILITY_ALIASES, Assessment, Status, Visibility, read_word,
)


class Metric(BaseModel):
    """A measurable outcome: progress runs from `baseline` to `target` (either direction)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, defer_build=True)

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

_DATE_HELP = "write an ISO date (YYYY-MM-DD, e.g. 2026-06-30) or a cycle (2026-Q2, 2026-H1 or 2026)"


def read_cycle(value: Any) -> str | None:
    """A cycle as people write it (`2026`, `2026-q2`, `Q2 2026`) in canonical form, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)  # `cycle: 2026` unquoted is a YAML integer
    if not isinstance(value, str):
        return None
    text = " ".join(value.upper().replace("_", " ").split())
    swapped = re.fullmatch(r"([QH][1-4]) (\d{4})", text)
    if swapped:
        text = f"{swapped.group(2)}-{swapped.group(1)}"
    text = text.replace(" ", "-")
    return text if parse_cycle(text) is not None else None


class GoalFrontMatter(BaseModel):
    """Front matter of a goal document (`kind: goal`, or any of status/start/due/cycle/metric/assessment)."""

    model_config = ConfigDict(extra="allow", title="mkdocs-goals goal front matter", use_enum_values=False, defer_build=True)

    title: str | None = Field(default=None, min_length=1, description="What the goal is, in one line (default: the first heading).")
    owner: str = Field(min_length=1, description="Person id of whoever owns the goal.")
    team: str | None = Field(default=None, description="Team id (default: the owner's team in the people registry).")
    status: Status = Field(default=Status.NOT_STARTED, description="Case-insensitive: `On track` works too.")
    start: DateOrCycle | None = Field(default=None, description="ISO date, or a cycle such as 2026-Q2.")
    due: DateOrCycle | None = Field(default=None, description="ISO date, or a cycle such as 2026-Q2.")
    cycle: Annotated[str, Field(pattern=CYCLE_PATTERN)] | None = Field(
        default=None, description="The cycle the goal belongs to: 2026-Q2, 2026-H1 or 2026; fills start and due when absent."
    )
    category: str | None = Field(default=None, description="e.g. engineering-craft, soft-skills, leadership.")
    visibility: Visibility = Field(default=Visibility.PUBLIC, description="Private goals are never published.")
    metric: Metric | None = None
    assessment: Assessment | None = Field(default=None, description="achieved, partial or not-achieved (case-insensitive).")
    aligns_to: list[Annotated[str, Field(min_length=1)]] | None = Field(
        default=None,
        description="The goals this one serves: paths as the site has them (goals/platform/latency.md) or inside "
        "the goals folder (platform/latency.md), with #slug for a goal of a goal set; one or a list.",
    )
    kind: Literal["goal"] | None = None

    @field_validator("aligns_to", mode="before")
    @classmethod
    def _one_or_more(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        return read_word(value, STATUS_ALIASES, "status")

    @field_validator("assessment", mode="before")
    @classmethod
    def _assessment(cls, value: Any) -> Any:
        return None if value is None else read_word(value, ASSESSMENT_ALIASES, "assessment")

    @field_validator("visibility", mode="before")
    @classmethod
    def _visibility(cls, value: Any) -> Any:
        return read_word(value, VISIBILITY_ALIASES, "visibility")

    @field_validator("cycle", mode="before")
    @classmethod
    def _cycle_name(cls, value: Any) -> Any:
        if value is None:
            return None
        cycle = read_cycle(value)
        if cycle is None:
            raise ValueError(f"{value!r} is not a cycle: write 2026-Q2, 2026-H1 or 2026")
        return cycle

    @field_validator("start", "due", mode="before")
    @classmethod
    def _date_or_cycle(cls, value: Any) -> Any:
        if value is None or isinstance(value, date):
            return value.date() if isinstance(value, datetime) else value
        cycle = read_cycle(value)
        if cycle is not None:
            return cycle
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValueError(f"{value!r} is not a date: {_DATE_HELP}")

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


def validate_goal(data: dict[str, Any]) -> tuple[GoalFrontMatter | None, list[tuple[str, str]], GoalFrontMatter | None]:
    """Validate front matter: (the goal or None, (key, message) problems, a lenient goal).

    The lenient goal leaves out the keys that failed, so the other checks of a file
    still run on what was right (one bad key must not hide the file's other findings).
    It is for lint only: a goal that does not validate is never published.
    """
    try:
        return GoalFrontMatter.model_validate(data), [], None
    except ValidationError as error:
        problems, bad = [], set()
        for item in error.errors(include_url=False):
            loc = [str(part) for part in item["loc"]]
            key = loc[0] if loc else ""
            bad.add(key)
            where = ".".join(loc) or "front matter"
            problems.append((key, f"{where}: {_message(item)}"))
    kept = {k: v for k, v in data.items() if k not in bad}
    kept.setdefault("owner", "?")
    try:
        lenient = GoalFrontMatter.model_validate(kept)
    except ValidationError:
        lenient = None
    return None, problems, lenient


def _message(item: dict[str, Any]) -> str:
    kind = item["type"]
    if kind == "missing":
        return "required for a goal document"
    if kind == "enum":
        return f"{item['input']!r} is not one of {item['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return f"{item['input']!r} is not a date or cycle: {_DATE_HELP}"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "finite_number":
        return f"{item['input']!r} is not a finite number"
    message = item["msg"]
    return message.removeprefix("Value error, ")


def _spellings(canonical: list[str], aliases: dict[str, Any]) -> list[str]:
    """What an editor may offer: the canonical values, then the seeds' title-case spellings."""
    spelled = [value.replace("-", " ").capitalize() for value in canonical]
    return list(dict.fromkeys([*canonical, *spelled]))


def json_schema() -> str:
    """The JSON Schema of goal front matter, for editors (VS Code YAML, JetBrains)."""
    schema = GoalFrontMatter.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = (
        "YAML front matter of an mkdocs-goals goal document. Unknown keys are allowed but `goals check` warns."
    )
    defs = schema.get("$defs", {})
    for name, aliases in (("Status", STATUS_ALIASES), ("Assessment", ASSESSMENT_ALIASES)):
        if name in defs:
            defs[name]["enum"] = _spellings(defs[name]["enum"], aliases)
    for key in sorted(PAGE_KEYS - {"kind"}):
        schema["properties"].setdefault(key, {"description": "MkDocs/Material page key, passed through."})
    return json.dumps(schema, indent=2, sort_keys=True)
