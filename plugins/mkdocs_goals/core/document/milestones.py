"""Milestones as objects: a label that says when, a due date, its own progress.

Read from a goal's *Milestones* section (headings, list items and lines labelled `Q1:`,
`Month 3:`, `March:`, `2026-03-31:`, with or without a box), from `**Q2 milestone:**`
lines anywhere (seed 000), and from headings labelled with a quarter or a date anywhere
(`### Q1: Foundation`). A quarter is due on its last day (the year from the label, else
the goal's); `Month N` at the end of the N-th month from the goal's start; a month at its
end; a date on that day. A heading milestone's progress is the work under it; a milestone
written as a task is done when ticked; one with neither has no progress of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .checkins import label_of, month_number
from .checklist import Checklist
from .markdown import Outline, Task
from .parts import part_of

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")


@dataclass(frozen=True)
class Milestone:
    line: int
    label: str  # Q1, Month 3, 2026-03-31
    title: str
    due: date | None
    checked: int  # the work it holds (its own box, or the tasks under its heading)
    total: int

    @property
    def done(self) -> bool | None:
        """True when all its work is done; None when it has nothing to tick."""
        return None if self.total == 0 else self.checked == self.total

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today and self.done is not True

    def due_within(self, today: date, days: int) -> bool:
        return self.due is not None and today <= self.due <= today + timedelta(days=days) and self.done is not True

    def to_json(self) -> dict:
        return {"label": self.label, "title": self.title, "line": self.line,
                "due": self.due.isoformat() if self.due else None, "checked": self.checked, "total": self.total,
                "done": self.done}


def read_milestones(
    outline: Outline, checklist: Checklist, work: tuple[Task, ...], *, year: int | None, start: date | None,
    first: int = 1, end: float = float("inf"),
) -> list[Milestone]:
    """The milestones between lines `first` and `end` (a goal of a goal set has its own)."""
    in_section = [(s.line, checklist.region_end(s)) for s in checklist.sections
                  if part_of(s.title) == "milestones" and first <= s.line < end]
    in_log = [(s.line, checklist.region_end(s)) for s in checklist.sections if part_of(s.title) == "progress_log"]
    tasks_by_line = {task.line: task for task in work}
    sections_by_line = {s.line: s for s in checklist.sections}
    found: dict[int, Milestone] = {}
    for number in range(max(first, 1), min(int(end) if end != float("inf") else 10**9, len(outline.line_starts) + 1)):
        raw = outline.line_bytes(number).decode("utf-8", "replace")
        heading = _HEADING.match(raw)
        if heading and number not in sections_by_line:
            continue  # a `#` line in a code block or HTML: no heading, and no milestone
        match = label_of(heading.group(1) if heading else raw)
        if match is None:
            continue
        inside = any(a < number < b for a, b in in_section)
        if not inside and any(a < number < b for a, b in in_log):
            continue  # a dated heading of the progress log is a check-in
        if not (inside or match.group("milestone") or (heading and (match.group("quarter") or match.group("iso")))):
            continue
        title = match.group("rest").strip().lstrip(":—–-").strip().strip("*").strip()
        if heading:
            section = sections_by_line[number]
            region = [t for t in work if section.line <= t.line < checklist.region_end(section)]
            checked, total = sum(t.checked for t in region), len(region)
        elif number in tasks_by_line:
            checked, total = int(tasks_by_line[number].checked), 1
        else:
            checked, total = 0, 0
        found[number] = Milestone(number, match.group("label"), title, _due(match, year, start), checked, total)
    return sorted(found.values(), key=lambda m: m.line)


def _due(match: re.Match[str], year: int | None, start: date | None) -> date | None:
    try:
        if match.group("iso"):
            return date.fromisoformat(match.group("iso"))
        if match.group("quarter"):
            chosen = int(match.group("qyear")) if match.group("qyear") else year
            return _month_end(chosen, 3 * int(match.group("quarter"))) if chosen else None
        if match.group("ym"):
            y, m = (int(x) for x in match.group("ym").split("-"))
            return _month_end(y, m)
        if match.group("month"):
            chosen = int(match.group("year")) if match.group("year") else year
            month = month_number(match.group("month"))
            return _month_end(chosen, month) if chosen else None
        if match.group("n") and start is not None:
            months = start.month - 1 + int(match.group("n")) - 1
            return _month_end(start.year + months // 12, months % 12 + 1)
    except (ValueError, OverflowError):
        return None
    return None


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)
