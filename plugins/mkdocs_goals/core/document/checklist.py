"""Sections and their progress: who counts which task, with roll-ups and counters."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .counters import Counter, find_counter
from .markdown import Heading, Outline, Task


class Scope(str, Enum):
    """What a heading's counter covers."""

    SUBTREE = "subtree"  # the heading's own region and all its subsections
    SECTION = "section"  # org-mode: only up to the next heading of any level


@dataclass(frozen=True)
class Section:
    """A heading, the tasks of its own region and the roll-up over its subsections."""

    title: str
    level: int
    line: int
    heading: Heading
    checked: int
    total: int
    rollup_checked: int
    rollup_total: int
    counter: Counter | None
    expected_counter: str | None

    @property
    def stale(self) -> bool:
        """True when the written counter differs from the computed one."""
        return self.counter is not None and self.counter.text != self.expected_counter


@dataclass(frozen=True)
class Checklist:
    """Every task of a document and its sections, in source order."""

    tasks: tuple[Task, ...]
    sections: tuple[Section, ...]
    scope: Scope

    @property
    def checked(self) -> int:
        return sum(task.checked for task in self.tasks)

    @property
    def total(self) -> int:
        return len(self.tasks)

    def tasks_in(self, section: Section, *, subtree: bool = True) -> list[Task]:
        """Tasks in a section's own region, or in its whole subtree."""
        end = self.region_end(section, subtree=subtree)
        return [t for t in self.tasks if section.line <= t.line < end]

    def region_end(self, section: Section, *, subtree: bool = True) -> float:
        """The line of the heading that ends the section (its subtree, or its own region)."""
        index = self.sections.index(section)
        for later in self.sections[index + 1 :]:
            if not subtree or later.level <= section.level:
                return later.line
        return float("inf")


def build_checklist(outline: Outline, scope: Scope = Scope.SUBTREE) -> Checklist:
    """Assign tasks to headings, count each region and each subtree, and read counters."""
    headings = outline.headings
    tasks = tuple(outline.tasks)
    own = [[0, 0] for _ in headings]
    cursor = 0
    for task in tasks:
        while cursor + 1 < len(headings) and headings[cursor + 1].line <= task.line:
            cursor += 1
        if headings and headings[cursor].line <= task.line:
            own[cursor][0] += task.checked
            own[cursor][1] += 1

    rollup = [list(counts) for counts in own]
    # Walk backwards so every subsection is complete before its parent adds it.
    stack: list[int] = []
    for index in range(len(headings) - 1, -1, -1):
        level = headings[index].level
        while stack and headings[stack[-1]].level > level:
            child = stack.pop()
            rollup[index][0] += rollup[child][0]
            rollup[index][1] += rollup[child][1]
        stack.append(index)

    sections = []
    for index, heading in enumerate(headings):
        counter = find_counter(outline, heading)
        basis = rollup[index] if scope is Scope.SUBTREE else own[index]
        title = heading.text
        if counter is not None and counter.text in title:
            title = " ".join(title.replace(counter.text, " ").split())
        sections.append(
            Section(
                title=title,
                level=heading.level,
                line=heading.line,
                heading=heading,
                checked=own[index][0],
                total=own[index][1],
                rollup_checked=rollup[index][0],
                rollup_total=rollup[index][1],
                counter=counter,
                expected_counter=counter.expected(*basis) if counter else None,
            )
        )
    return Checklist(tasks=tasks, sections=tuple(sections), scope=Scope(scope))
