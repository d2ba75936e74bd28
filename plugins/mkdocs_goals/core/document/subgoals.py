"""Several goals in one file: seed 000's tracking template keeps a year's goals together.

```markdown
## Goal 1: Master AI agents in production
- **Q1 milestone:** ...
### Monthly Log
- January: ...
## Goal 2: Improve system design skills
```

Two or more headings of one level that read `Goal <n>` (`Goal 1: …`, `Goal #2 — …`)
make the file a *goal set*: each of those sections is a goal with its own work items,
milestones and log, and a stable id `path#slug` (the slug of its heading, counters
left out, as the page's anchor).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..slugs import heading_slug
from .checklist import Checklist, Section
from .markdown import Outline, Task
from .checkins import CheckIn, read_checkins
from .milestones import Milestone, read_milestones
from .parts import part_of
from .progress import Progress, progress_of

_GOAL_HEADING = re.compile(r"^goal\s*#?\s*\d+\b\s*[:.\-–—)]?\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class SubGoal:
    """One goal of a goal set: its heading, its region of the file, its figures."""

    slug: str
    title: str
    line: int  # the heading's
    end: float  # the line of the next heading of its level or above (inf: the end)
    progress: Progress
    milestones: tuple[Milestone, ...]
    progress_log: tuple[CheckIn, ...]

    def holds(self, line: int) -> bool:
        return self.line <= line < self.end

    def to_json(self, path: str) -> dict:
        return {
            "id": f"{path}#{self.slug}",
            "title": self.title,
            "line": self.line,
            "progress": self.progress.to_json(),
            "milestones": [m.to_json() for m in self.milestones],
            "progress_log": [c.to_json() for c in self.progress_log],
        }


def goal_headings(checklist: Checklist) -> list[Section]:
    """The `Goal <n>` headings of a goal set (two or more of one level), else none."""
    by_level: dict[int, list[Section]] = {}
    for section in checklist.sections:
        if _GOAL_HEADING.match(section.title):
            by_level.setdefault(section.level, []).append(section)
    sets = [sections for sections in by_level.values() if len(sections) >= 2]
    return min(sets, key=lambda sections: sections[0].level) if sets else []


def find_subgoals(
    outline: Outline, checklist: Checklist, work: tuple[Task, ...], *, year: int | None = None,
    start: date | None = None,
) -> list[SubGoal]:
    """Each goal of a goal set with the work items, milestones and log of its region."""
    found, taken = [], set()
    for section in goal_headings(checklist):
        end = checklist.region_end(section)
        tasks = [task for task in work if section.line <= task.line < end]
        name = _GOAL_HEADING.match(section.title).group(1).strip() or section.title  # type: ignore[union-attr]
        base = heading_slug(section.title) or "goal"
        slug, n = base, 1
        while slug in taken:  # as Python-Markdown's toc numbers duplicate ids
            slug, n = f"{base}_{n}", n + 1
        taken.add(slug)
        logs = [inner for inner in checklist.sections
                if section.line < inner.line < end and part_of(inner.title) == "progress_log"]
        log = tuple(read_checkins(outline, checklist, logs, year=year, start=start))
        found.append(
            SubGoal(
                slug=slug,
                title=name,
                line=section.line,
                end=end,
                progress=progress_of(sum(task.checked for task in tasks), len(tasks), None),
                milestones=tuple(read_milestones(outline, checklist, work, year=year, start=start,
                                                 first=section.line, end=end)),
                progress_log=log,
            )
        )
    return found
