"""What history means for a goal: its burn-up, its pace, whether it went stale.

Pure functions over snapshots (from `history`) and dates; no git, no HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..cycles import quarter_of
from ..document.progress import items_percent
from .engine import Snapshot

STALE_AFTER_DAYS = 35  # the seeds ask for monthly check-ins; a little slack
ON_PACE_MARGIN = 10.0  # percentage points either side of the expected line


@dataclass(frozen=True)
class Point:
    """A day's state: work items and the goal's percent on its basis."""

    day: date
    checked: int
    total: int
    percent: float = 0.0
    basis: str = "checklist"


@dataclass(frozen=True)
class Pace:
    expected: float  # percent expected by today on a straight line from start to due
    actual: float
    verdict: str  # "ahead" | "on pace" | "behind" | "done" | "not started" | "past due"

    @property
    def delta(self) -> float:
        return self.actual - self.expected


def day_of(iso: str) -> date:
    """The calendar day of an ISO date-time in its own offset (as the author saw it)."""
    return datetime.fromisoformat(iso).date()


def burnup(snapshots: list[Snapshot], now: Point | None, today: date) -> list[Point]:
    """One point per day with a change (the day's last state), ending with `now` (today's
    numbers, as the page header shows them)."""
    by_day: dict[date, Point] = {}
    for snapshot in snapshots:
        day = day_of(snapshot.date)
        by_day[day] = Point(day, snapshot.checked, snapshot.total, snapshot.percent, snapshot.basis)
    if now is not None and (not by_day or max(by_day) <= today):
        by_day[today] = Point(today, now.checked, now.total, now.percent, now.basis)
    return [by_day[day] for day in sorted(by_day)]


def combine(series: list[list[Point]]) -> list[Point]:
    """The sum of several burn-ups' work items (a person's or a team's), stepping at every
    change: an items figure, whatever each goal's own basis.

    Each burn-up is in day order, so the sum is a running total of each day's
    changes: linear in points (the overview sums every goal's burn-up on every rebuild)."""
    checked_by_day: dict[date, int] = {}
    total_by_day: dict[date, int] = {}
    for points in series:
        checked = total = 0
        for point in points:
            day = point.day
            checked_by_day[day] = checked_by_day.get(day, 0) + point.checked - checked
            total_by_day[day] = total_by_day.get(day, 0) + point.total - total
            checked, total = point.checked, point.total
    combined: list[Point] = []
    checked = total = 0
    for day in sorted(checked_by_day):
        checked, total = checked + checked_by_day[day], total + total_by_day[day]
        combined.append(Point(day, checked, total, items_percent(checked, total)))
    return combined


def pace(
    actual: float, start: date | None, due: date | None, today: date, *, done: bool = False, started: bool = True
) -> Pace | None:
    """How far a goal is against a straight line from 0 % at start to 100 % at due.

    `started=False` (nothing to measure yet: no work items and no metric value, or a
    goal still `not-started` at 0 %) says "not started" instead of "behind".
    """
    if done:
        return Pace(100.0, actual, "done")
    if start is None or due is None or due <= start:
        return None
    if today < start or not started:
        expected = 0.0 if today < start else min(100.0, 100.0 * (today - start).days / (due - start).days)
        if today > due:
            return Pace(expected, actual, "past due")
        return Pace(expected, actual, "not started")
    expected = min(100.0, 100.0 * (today - start).days / (due - start).days)
    if today > due and actual < 100.0:
        return Pace(expected, actual, "past due")
    if actual >= expected + ON_PACE_MARGIN:
        verdict = "ahead"
    elif actual <= expected - ON_PACE_MARGIN:
        verdict = "behind"
    else:
        verdict = "on pace"
    return Pace(expected, actual, verdict)


def last_real_change(snapshots: list[Snapshot]) -> date | None:
    """The last day the items, the metric, the status or the check-ins changed (a new
    progress-log entry is an update; edits to wording are not)."""
    last, previous = None, None
    for snapshot in snapshots:
        state = (snapshot.checked, snapshot.total, snapshot.status, snapshot.metric, snapshot.checkins)
        if state != previous:
            last = day_of(snapshot.date)
        previous = state
    return last


def is_stale(snapshots: list[Snapshot], today: date, days: int = STALE_AFTER_DAYS) -> bool:
    changed = last_real_change(snapshots)
    return changed is not None and today - changed > timedelta(days=days)


@dataclass(frozen=True)
class StatusChange:
    day: date
    status: str | None
    author: str
    commit: str


def status_history(snapshots: list[Snapshot]) -> list[StatusChange]:
    """Every change of the front-matter status, oldest first (the first one included)."""
    changes, previous = [], object()
    for snapshot in snapshots:
        if snapshot.status != previous:
            changes.append(StatusChange(day_of(snapshot.date), snapshot.status, snapshot.author, snapshot.commit))
        previous = snapshot.status
    return changes


@dataclass(frozen=True)
class QuarterState:
    quarter: str
    end: date
    checked: int
    total: int
    status: str | None
    percent: float = 0.0
    basis: str = "checklist"


def quarter_states(snapshots: list[Snapshot], today: date) -> list[QuarterState]:
    """The state at the end of each quarter the goal lived through (for reviews)."""
    if not snapshots:
        return []
    states, index, latest = [], 0, None
    quarter = quarter_of(day_of(snapshots[0].date))
    while quarter.start <= today:
        while index < len(snapshots) and day_of(snapshots[index].date) <= quarter.end:
            latest = snapshots[index]
            index += 1
        if latest is not None and quarter.end < today:
            states.append(QuarterState(quarter.name, quarter.end, latest.checked, latest.total, latest.status,
                                       latest.percent, latest.basis))
        quarter = quarter_of(quarter.end + timedelta(days=1))
    return states
