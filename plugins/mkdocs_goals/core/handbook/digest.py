"""The digest: what changed in a window of days, fit for a chat message or an email.

Check-ins dated in the window, items checked in it, status changes, goals that appeared,
and the goals that need a nudge now — stale, or slipping (behind pace now, on pace or
ahead at the window's start) — each goal and its owner named once, not a blanket ping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..document.checkins import CheckIn
from ..history.engine import Completion
from ..history.trends import StatusChange, day_of, pace as pace_of, status_history
from .model import Entry, Handbook
from .views import checkins, pace, stale

_SPAN = re.compile(r"^(?P<n>\d{1,4})\s*(?P<unit>[dw])$")


class DigestError(ValueError):
    """A window that is not one."""


def window(since: str, until: date) -> date:
    """`7d`, `2w` or an ISO date: the window's first day."""
    match = _SPAN.match(since.strip().lower())
    if match:
        days = int(match.group("n")) * (7 if match.group("unit") == "w" else 1)
        return until - timedelta(days=days)
    try:
        return date.fromisoformat(since.strip())
    except ValueError:
        raise DigestError(f"{since!r} is not a window: write 7d, 2w or a date such as 2026-11-01") from None


@dataclass
class Nudge:
    """One goal that needs a look, with every reason at once."""

    entry: Entry
    reasons: list[str]


@dataclass
class Digest:
    since: date
    until: date
    checkins: list[tuple[CheckIn, Entry]] = field(default_factory=list)
    completed: list[tuple[Completion, Entry]] = field(default_factory=list)
    status_changes: list[tuple[StatusChange, Entry]] = field(default_factory=list)
    new_goals: list[Entry] = field(default_factory=list)
    nudges: list[Nudge] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.checkins or self.completed or self.status_changes or self.new_goals or self.nudges)


def digest(handbook: Handbook, since: date, until: date | None = None) -> Digest:
    """What changed from `since` to `until` (default: the handbook's today), and who to nudge."""
    until = until or handbook.today
    result = Digest(since, until)
    inside = lambda day: day is not None and since <= day <= until  # noqa: E731
    for entry in handbook.entries:
        result.checkins += [(c, entry) for c in checkins(entry) if inside(c.day)]
        history = entry.history
        if history is None:
            continue
        result.completed += [(c, entry) for c in history.completed if c.date and inside(day_of(c.date))]
        changes = status_history(history.snapshots)
        result.status_changes += [(c, entry) for c in changes[1:] if inside(c.day)]
        if history.snapshots and inside(day_of(history.snapshots[0].date)):
            result.new_goals.append(entry)
    for entry in handbook.goals:
        reasons = _reasons(handbook, entry, since)
        if reasons:
            result.nudges.append(Nudge(entry, reasons))
    result.checkins.sort(key=lambda pair: (pair[0].day, pair[1].title))
    result.completed.sort(key=lambda pair: pair[0].date or "")
    result.status_changes.sort(key=lambda pair: pair[0].day)
    return result


def _reasons(handbook: Handbook, entry: Entry, since: date) -> list[str]:
    goal = entry.goal
    if goal is None or not goal.status.active:
        return []
    reasons = []
    if stale(handbook, [entry]):
        reasons.append(f"no update for more than {handbook.stale_after_days} days")
    now = pace(handbook, entry)
    if now is not None and now.verdict in ("behind", "past due"):
        then = _pace_at(entry, since)
        if then is None or then.verdict not in ("behind", "past due"):
            reasons.append(f"slipping: {now.verdict}" + (f" by {abs(round(now.delta))} pts" if now.verdict == "behind" else ""))
    return reasons


def _pace_at(entry: Entry, day: date):  # noqa: ANN202 - a Pace or None
    """The goal's pace as it stood on `day`, from the last snapshot before it."""
    goal = entry.goal
    history = entry.history
    if goal is None or history is None:
        return None
    before = [s for s in history.snapshots if day_of(s.date) <= day]
    if not before:
        return None
    return pace_of(before[-1].percent, goal.start_date, goal.due_date, day)
