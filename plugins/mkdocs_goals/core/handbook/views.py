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

from ..document.vocabulary import Status
from ..document.parts import ActionStep
from ..document.progress import Basis, items_percent, json_percent, mean_percent
from ..history.engine import Completion
from ..history.trends import Pace, Point, burnup as burnup_of, combine, is_stale, pace as pace_of
from ..document.checkins import CheckIn
from ..document.milestones import Milestone
from .alignment import Links
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
    if not isinstance(entries, Entry):
        return combine([burnup(handbook, entry) for entry in entries])
    known = handbook.burnups.get(id(entries))
    if known is not None and known[0] is entries:  # its page, its owner's, team's and the overview's charts ask
        return list(known[1])
    progress = entries.progress
    snapshots = entries.history.snapshots if entries.history else []
    if progress.basis is Basis.METRIC:
        snapshots = [s for s in snapshots if s.basis == Basis.METRIC.value]
    now = Point(handbook.today, progress.checked, progress.total, progress.percent, progress.basis.value)
    points = burnup_of(snapshots, now, handbook.today)
    handbook.burnups[id(entries)] = (entries, tuple(points))
    return points


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


def links(handbook: Handbook) -> Links:
    """Who serves whom among the published goals (`aligns_to`)."""
    return handbook.alignment


def aligned_to(handbook: Handbook, entry: Entry) -> list[Entry]:
    """The goals `entry` serves."""
    return [handbook.goals_by_id[i] for i in handbook.alignment.parents.get(entry.id, ())]


def aligned_from(handbook: Handbook, entry: Entry) -> list[Entry]:
    """The goals that serve `entry`."""
    return [handbook.goals_by_id[i] for i in handbook.alignment.children.get(entry.id, ())]


@dataclass(frozen=True)
class Node:
    entry: Entry
    children: tuple[Node, ...]


def alignment_tree(handbook: Handbook) -> list[Node]:
    """Goals that others serve and that serve none themselves, each with its tree (loops cut)."""
    graph = links(handbook)
    by_id = handbook.goals_by_id

    def node(goal_id: str, seen: frozenset[str]) -> Node:
        kids = tuple(node(c, seen | {c}) for c in graph.children.get(goal_id, ()) if c not in seen)
        return Node(by_id[goal_id], kids)

    roots = [i for i in graph.children if not graph.parents.get(i)]
    return [node(i, frozenset({i})) for i in sorted(roots, key=lambda i: by_id[i].title)]


def milestones(handbook: Handbook, entries: Sequence[Entry] | None = None) -> list[tuple[Milestone, Entry]]:
    """Every milestone of the active goals, soonest first (undated last)."""
    pool = handbook.goals if entries is None else entries
    found = [(m, e) for e in _active(pool) for m in _milestones_of(e)]
    return sorted(found, key=lambda pair: (pair[0].due is None, pair[0].due or date.max, pair[1].title))


def _milestones_of(entry: Entry) -> Sequence[Milestone]:
    if entry.subgoal is not None:
        return entry.subgoal.milestones
    return entry.document.parts.milestones if entry.document.parts else ()


def milestones_of(entry: Entry) -> list[tuple[Milestone, Entry]]:
    """One goal's milestones, in file order, whatever its status."""
    return [(m, entry) for m in _milestones_of(entry)]


def overdue_milestones(handbook: Handbook, entries: Sequence[Entry] | None = None) -> list[tuple[Milestone, Entry]]:
    return [(m, e) for m, e in milestones(handbook, entries) if m.overdue(handbook.today)]


def milestones_due_soon(
    handbook: Handbook, entries: Sequence[Entry] | None = None, days: int = DUE_SOON_DAYS
) -> list[tuple[Milestone, Entry]]:
    return [(m, e) for m, e in milestones(handbook, entries) if m.due_within(handbook.today, days)]


def checkins(entry: Entry) -> Sequence[CheckIn]:
    """The entry's check-ins, oldest first (a goal of a goal set has its own)."""
    if entry.subgoal is not None:
        return entry.subgoal.progress_log
    return entry.document.parts.progress_log if entry.document.parts else ()


def latest_checkin(entry: Entry) -> CheckIn | None:
    """The newest check-in (by its date when entries have one, else the last written)."""
    found = list(checkins(entry))
    if not found:
        return None
    dated = [c for c in found if c.day]
    return max(dated, key=lambda c: (c.day, c.line)) if dated else found[-1]


def reports(handbook: Handbook, manager: str) -> list[Any]:
    """The people whose `manager:` in the registry is `manager`."""
    return sorted((p for p in handbook.people.values() if p.manager == manager), key=lambda p: p.name.lower())


def attention(handbook: Handbook, entry: Entry) -> list[str]:
    """What a manager should look at for one goal: at risk or blocked, stale, a milestone
    overdue, behind pace, or no assessment once its cycle has ended."""
    goal = entry.goal
    if goal is None:
        return []
    reasons = []
    if goal.status in (Status.AT_RISK, Status.BLOCKED):
        reasons.append(goal.status.value.replace("-", " "))
    if goal.status.active:
        if stale(handbook, [entry]):
            reasons.append("stale")
        late = [m for m in _milestones_of(entry) if m.overdue(handbook.today)]
        if late:
            reasons.append(f"milestone {late[0].label} overdue" + (f" (+{len(late) - 1})" if len(late) > 1 else ""))
        verdict = pace(handbook, entry)
        if verdict is not None and verdict.verdict in ("behind", "past due"):
            reasons.append(verdict.verdict)
    if goal.due_date and goal.due_date < handbook.today and entry.document.assessment is None:
        reasons.append("no assessment after its cycle ended")
    return reasons


VIEWS: dict[str, Callable[..., Any]] = {
    "overdue": overdue, "due_soon": due_soon, "at_risk": at_risk, "next_steps": next_steps,
    "by_cycle": by_cycle, "category_balance": category_balance, "has_history": has_history,
    "burnup": burnup, "pace": pace, "stale": stale, "recently_completed": recently_completed,
    "aligned_to": aligned_to, "aligned_from": aligned_from, "alignment_tree": alignment_tree,
    "milestones": milestones, "overdue_milestones": overdue_milestones, "milestones_due_soon": milestones_due_soon,
    "reports": reports, "attention": attention,
}


def bound_to(handbook: Handbook) -> dict[str, Callable[..., Any]]:
    """The views with the handbook filled in, plus the ones that need none (for templates)."""
    bound: dict[str, Callable[..., Any]] = {name: partial(view, handbook) for name, view in VIEWS.items()}
    bound.update(figures=figures, status_counts=status_counts, checkins=checkins, latest_checkin=latest_checkin,
                 milestones_of=milestones_of)
    return bound
