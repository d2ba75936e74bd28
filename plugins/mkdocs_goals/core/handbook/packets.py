"""Review packets: what a quarterly assessment needs of one person's goals in one cycle.

For each goal of the cycle: its statement, final state (progress on its basis, status,
assessment), evidence links, check-in timeline, changes of plan, completed items with
their dates, milestones, and its burn-up — everything the seeds ask to carry into
reviews and promotion packets, from the files and their git history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..cycles import Cycle, parse_cycle
from ..document.checkins import CheckIn
from ..document.milestones import Milestone
from ..document.parts import section_text
from ..history.engine import Adjustment, Completion
from ..history.trends import Point
from .model import Entry, Handbook
from .people import Person
from .views import burnup, checkins, milestones_of, pace

_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)[^)]*\)|(?P<bare>https?://[^\s)>\]]+)")


class PacketError(ValueError):
    """No such person, or no such cycle."""


@dataclass(frozen=True)
class GoalReview:
    entry: Entry
    statement: str
    evidence: list[tuple[str, str]]  # (text, url) of each link in its evidence
    evidence_text: str
    checkins: list[CheckIn]
    adjustments: list[Adjustment]
    completed: list[Completion]
    milestones: list[Milestone]
    points: list[Point]
    pace_verdict: str | None


@dataclass
class Packet:
    person: Person
    cycle: Cycle
    today: date
    goals: list[GoalReview] = field(default_factory=list)

    @property
    def assessed(self) -> int:
        return sum(1 for g in self.goals if g.entry.document.assessment)


def cycle_of(name: str) -> Cycle:
    cycle = parse_cycle(name.upper().replace(" ", "-"))
    if cycle is None:
        raise PacketError(f"{name!r} is not a cycle: write 2026-Q4, 2026-H2 or 2026")
    return cycle


def in_cycle(entry: Entry, cycle: Cycle) -> bool:
    """A goal of the cycle: named by it, or living through any of its days."""
    goal = entry.goal
    if goal is None:
        return False
    if goal.cycle_name == cycle.name:
        return True
    start, due = goal.start_date, goal.due_date
    if start is None and due is None:
        return False
    return (start or date.min) <= cycle.end and (due or date.max) >= cycle.start


def packet(handbook: Handbook, person_id: str, cycle_name: str) -> Packet:
    """The review packet of `person_id` for `cycle_name` (published goals only: the caller
    builds the handbook for the audience it writes for)."""
    person = handbook.people.get(person_id)
    if person is None:
        known = ", ".join(sorted(handbook.people)) or "nobody"
        raise PacketError(f"no person {person_id!r} in the handbook (known: {known})")
    cycle = cycle_of(cycle_name)
    result = Packet(person, cycle, handbook.today)
    for entry in handbook.goals_of(person_id):
        if in_cycle(entry, cycle):
            result.goals.append(goal_review(handbook, entry))
    return result


def goal_review(handbook: Handbook, entry: Entry) -> GoalReview:
    document = entry.document
    parts = document.parts
    assert not document.text_released, "a review packet quotes the goal's text: make it before releasing it"
    statement, evidence_text = "", ""
    if parts and document.outline and document.checklist:
        if "statement" in parts.sections:
            statement = section_text(document.outline, document.checklist, parts.sections["statement"])
        if "evidence" in parts.sections:
            evidence_text = section_text(document.outline, document.checklist, parts.sections["evidence"])
    links = [(m.group("text") or m.group("bare"), m.group("url") or m.group("bare")) for m in _LINK.finditer(evidence_text)]
    history = entry.history
    verdict = pace(handbook, entry)
    return GoalReview(
        entry=entry,
        statement=statement,
        evidence=links,
        evidence_text=evidence_text,
        checkins=list(checkins(entry)),
        adjustments=list(history.adjustments) if history else [],
        completed=sorted((c for c in (history.completed if history else []) if c.date), key=lambda c: c.date or ""),
        milestones=[m for m, _ in milestones_of(entry)],
        points=burnup(handbook, entry),
        pace_verdict=verdict.verdict if verdict else None,
    )
