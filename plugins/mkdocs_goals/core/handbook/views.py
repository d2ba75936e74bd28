"""What the dashboards show: each view a small function of the handbook.

Two figures are never glued together: *goal progress* is the mean of goals' percents
(each on its own basis), *items* are work items summed over goals and inventories.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

from ..document.goal import Status
from ..document.parts import ActionStep
from ..document.progress import Basis, items_percent, json_percent, mean_percent
from ..history.engine import Completion
from ..history.trends import Pace, Point, burnup as burnup_of, combine, is_stale, pace as pace_of
from .categories import OTHER
from .model import Entry, Handbook

DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Figures:
    """A group's goal progress (mean of its goals) and its items (goals' work + inventories)."""

    goals: int
    goal_percent: float
    inventories: int
    checked: int
    total: int

    @property
    def items_percent(self) -> float:
        return items_percent(self.checked, self.total)

    def to_json(self) -> dict[str, Any]:
        return {
            "goals": self.goals,
            "goal_percent": json_percent(self.goal_percent),
            "inventories": self.inventories,
            "items": {"checked": self.checked, "total": self.total, "percent": json_percent(self.items_percent)},
        }


def figures(goals: Sequence[Entry], inventories: Sequence[Entry] = ()) -> Figures:
    """Mean goal progress of `goals`; items of `goals` and `inventories` together."""
    progresses = [e.progress for e in (*goals, *inventories)]
    return Figures(
        goals=len(goals),
        goal_percent=mean_percent(e.progress.percent for e in goals),
        inventories=len(inventories),
        checked=sum(p.checked for p in progresses),
        total=sum(p.total for p in progresses),
    )


def _active(entries: Sequence[Entry]) -> list[Entry]:
    return [e for e in entries if e.goal is not None and e.goal.status.active]


def overdue(handbook: Handbook, entries: Sequence[Entry] | None = None) -> list[Entry]:
    pool = handbook.goals if entries is None else entries
    found = [e for e in _active(pool) if e.goal.due_date and e.goal.due_date < handbook.today]
    return sorted(found, key=lambda e: e.goal.due_date)


def due_soon(handbook: Handbook, entries: Sequence[Entry] | None = None, days: int = DUE_SOON_DAYS) -> list[Entry]:
    pool = handbook.goals if entries is None else entries
    horizon = handbook.today + timedelta(days=days)
    found = [e for e in _active(pool) if e.goal.due_date and handbook.today <= e.goal.due_date <= horizon]
    return sorted(found, key=lambda e: e.goal.due_date)


def at_risk(handbook: Handbook, entries: Sequence[Entry] | None = None) -> list[Entry]:
    pool = handbook.goals if entries is None else entries
    return [e for e in pool if e.goal is not None and e.goal.status in (Status.AT_RISK, Status.BLOCKED)]


def status_counts(entries: Sequence[Entry]) -> dict[str, int]:
    counts = Counter(e.goal.status.value for e in entries if e.goal is not None)
    return {status.value: counts.get(status.value, 0) for status in Status}


@dataclass(frozen=True)
class NextStep:
    step: ActionStep
    entry: Entry


def next_steps(handbook: Handbook, owner: str, limit: int = 8) -> list[NextStep]:
    """Open action steps of an owner's active goals, soonest first (undated last)."""
    steps = [
        NextStep(step, entry)
        for entry in _active(handbook.goals_of(owner))
        if entry.document.parts
        for step in entry.document.parts.action_steps
        if not step.done
    ]
    steps.sort(key=lambda s: (s.step.due is None, s.step.due or date.max, s.entry.title))
    return steps[:limit]


def by_cycle(handbook: Handbook, entries: Sequence[Entry]) -> list[tuple[str, list[Entry]]]:
    """Goals grouped by cycle, newest cycle first (goals without one last), then by category."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[entry.goal.cycle_name or "no cycle"].append(entry)
    ordered = sorted(groups.items(), key=lambda item: (item[0] != "no cycle", item[0]), reverse=True)
    return [(cycle, sorted(group, key=lambda e: (handbook.category_of(e), e.title))) for cycle, group in ordered]


def category_balance(handbook: Handbook, owner: str) -> list[dict[str, Any]]:
    """Share of the owner's active goals per category, against the guidance."""
    active = _active(handbook.goals_of(owner))
    counts = Counter(handbook.category_of(e) for e in active)
    rows = []
    for category in handbook.categories:
        share = 100.0 * counts.get(category.id, 0) / len(active) if active else 0.0
        verdict = "low" if share < category.low else "high" if share > category.high else "ok"
        rows.append({"group": category.id, "label": category.label, "goals": counts.get(category.id, 0),
                     "share": share, "low": category.low, "high": category.high, "verdict": verdict})
    share = 100.0 * counts.get(OTHER, 0) / len(active) if active else 0.0
    rows.append({"group": OTHER, "label": "Other", "goals": counts.get(OTHER, 0), "share": share,
                 "low": 0, "high": 0, "verdict": "n/a"})
    return rows


def has_history(handbook: Handbook) -> bool:
    return any(e.history and e.history.snapshots for e in handbook.entries)


def burnup(handbook: Handbook, entries: Sequence[Entry] | Entry) -> list[Point]:
    """One goal's burn-up (its metric's percent when that is its basis, else its work
    items), ending with today's figures; for several entries, their items summed."""
    if isinstance(entries, Entry):
        progress = entries.progress
        snapshots = entries.history.snapshots if entries.history else []
        if progress.basis is Basis.METRIC:
            snapshots = [s for s in snapshots if s.basis == Basis.METRIC.value]
        now = Point(handbook.today, progress.checked, progress.total, progress.percent, progress.basis.value)
        return burnup_of(snapshots, now, handbook.today)
    return combine([burnup(handbook, entry) for entry in entries])


def pace(handbook: Handbook, entry: Entry) -> Pace | None:
    """The goal's percent against a straight line from its start to its due date."""
    goal = entry.goal
    if goal is None:
        return None
    progress = entry.progress
    measurable = progress.basis is Basis.METRIC or progress.total > 0
    started = measurable and not (goal.status is Status.NOT_STARTED and progress.percent == 0)
    return pace_of(progress.percent, goal.start_date, goal.due_date, handbook.today,
                   done=goal.status is Status.DONE, started=started)


def stale(handbook: Handbook, entries: Sequence[Entry] | None = None) -> list[Entry]:
    """Active goals whose items, metric and status have not changed for `stale_after_days`."""
    pool = handbook.goals if entries is None else entries
    return [
        e for e in _active(pool)
        if e.history and is_stale(e.history.snapshots, handbook.today, handbook.stale_after_days)
    ]


def recently_completed(
    handbook: Handbook, entries: Sequence[Entry] | None = None, limit: int = 10
) -> list[tuple[Completion, Entry]]:
    """Items checked in commits, newest first."""
    pool = handbook.entries if entries is None else entries
    found = [(c, e) for e in pool if e.history for c in e.history.completed if c.date]
    found.sort(key=lambda pair: pair[0].date or "", reverse=True)
    return found[:limit]


VIEWS: dict[str, Callable[..., Any]] = {
    "overdue": overdue, "due_soon": due_soon, "at_risk": at_risk, "next_steps": next_steps,
    "by_cycle": by_cycle, "category_balance": category_balance, "has_history": has_history,
    "burnup": burnup, "pace": pace, "stale": stale, "recently_completed": recently_completed,
}


def bound_to(handbook: Handbook) -> dict[str, Callable[..., Any]]:
    """The views with the handbook filled in, plus the ones that need none (for templates)."""
    bound: dict[str, Callable[..., Any]] = {name: partial(view, handbook) for name, view in VIEWS.items()}
    bound.update(figures=figures, status_counts=status_counts)
    return bound
