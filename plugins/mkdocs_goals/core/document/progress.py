"""What a goal's progress is, and how a percent is rounded: one definition for every surface.

A goal's *basis* is its metric when the metric has a current value, else its work
checklist (the tasks that are work: see `parts.excluded_sections`). Items (`n/m`) and
goal progress are different figures; both round the same way:

- shown as a whole percent: rounded **down** (`floor`), so 99.9 % never reads as 100 %
  and a figure agrees with a `[p%]` counter of the same tasks;
- written to JSON: rounded down to one decimal.

Floats from metrics are first rounded to 9 decimals, so 39.99999999999999 is 40.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model imports pydantic; progress needs only its numbers
    from .goal import Metric


class Basis(str, Enum):
    """Where a goal's percent comes from."""

    CHECKLIST = "checklist"
    METRIC = "metric"


@dataclass(frozen=True)
class Progress:
    """How far a goal (or an inventory) is: percent on its basis, and its work items."""

    basis: Basis
    percent: float  # exact; show it with `whole_percent`, store it with `json_percent`
    checked: int  # work items done
    total: int  # work items
    metric: float | None = None  # the metric's current value when the basis is the metric

    @property
    def whole(self) -> int:
        return whole_percent(self.percent)

    def to_json(self) -> dict:
        return {
            "basis": self.basis.value,
            "percent": json_percent(self.percent),
            "checked": self.checked,
            "total": self.total,
            "metric": self.metric,
        }


def items_percent(checked: int, total: int) -> float:
    """Percent of items done; 0 when there are none (as `[p%]` counters say)."""
    return 100.0 * checked / total if total else 0.0


def progress_of(checked: int, total: int, metric: Metric | None) -> Progress:
    """The one definition: the metric when it has a current value, else the work items."""
    if metric is not None and metric.percent is not None:
        return Progress(Basis.METRIC, metric.percent, checked, total, metric.current)
    return Progress(Basis.CHECKLIST, items_percent(checked, total), checked, total)


def mean_percent(percents: Iterable[float]) -> float:
    """The mean of some goals' percents (goal progress of a person, a team, everyone)."""
    values = list(percents)
    return sum(values) / len(values) if values else 0.0


def _steady(value: float) -> float:
    return round(float(value), 9)


def whole_percent(value: float) -> int:
    """A percent as shown on every surface: rounded down to a whole number."""
    if not math.isfinite(value):
        return 0
    return math.floor(_steady(value))


def json_percent(value: float) -> float:
    """A percent as written to JSON: rounded down to one decimal."""
    if not math.isfinite(value):
        return 0.0
    return math.floor(_steady(value) * 10 + 1e-9) / 10


def format_number(value: float | None) -> str:
    """12.0 → "12", 2.50 → "2.5": metric values as people write them; "–" when unknown."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".")
