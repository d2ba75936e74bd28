"""Sections and their progress: who counts which task, with roll-ups and counters."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from enum import Enum

from .counters import COUNTER, Counter, find_counter, find_item_counter, may_have_item_counters
from .markdown import Heading, Outline, Task


class Scope(str, Enum):
    """What a counter covers (docs/formats.md, "Scopes and Org mode")."""

    SUBTREE = "subtree"  # a heading's own region and all its subsections; an item's nested tasks
    SECTION = "section"  # a heading's region up to the next heading of any level; an item's nested tasks
    ORG = "org"  # Emacs Org's default (hierarchical) statistics: direct children only


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
    counter_checked: int = 0  # what its counter covers under the scope
    counter_total: int = 0

    @property
    def stale(self) -> bool:
        """True when the written counter differs from the computed one."""
        return self.counter is not None and self.counter.text != self.expected_counter


@dataclass(frozen=True)
class ItemCounter:
    """A counter on a list item's first line (`- [ ] Migrate [1/3]`): it covers the tasks
    nested in that item (its own box is not one of them)."""

    title: str
    line: int
    counter: Counter
    expected_counter: str
    counter_checked: int
    counter_total: int

    @property
    def stale(self) -> bool:
        return self.counter.text != self.expected_counter


@dataclass(frozen=True)
class Checklist:
    """Every task of a document, its sections and its list items' counters, in source order."""

    tasks: tuple[Task, ...]
    sections: tuple[Section, ...]
    scope: Scope
    item_counters: tuple[ItemCounter, ...] = ()

    @property
    def counters(self) -> list[Section | ItemCounter]:
        """Every heading and list item that holds a counter, in source order."""
        holders: list[Section | ItemCounter] = [s for s in self.sections if s.counter is not None]
        return sorted([*holders, *self.item_counters], key=lambda holder: holder.line)

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
    scope = Scope(scope)
    headings = outline.headings
    tasks = tuple(outline.tasks)
    with_items = scope is Scope.ORG or may_have_item_counters(outline.source)
    parents = task_parents(outline, tasks) if with_items else [None] * len(tasks)
    own = [[0, 0] for _ in headings]
    top = [[0, 0] for _ in headings]  # the region's tasks nested in no list item
    cursor = 0
    for task, parent in zip(tasks, parents):
        while cursor + 1 < len(headings) and headings[cursor + 1].line <= task.line:
            cursor += 1
        if headings and headings[cursor].line <= task.line:
            own[cursor][0] += task.checked
            own[cursor][1] += 1
            if parent is None:
                top[cursor][0] += task.checked
                top[cursor][1] += 1

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
    # Only a heading followed by a counter match before the next heading can have one:
    # one search of the whole source spares the others a search each.
    matches = [match.start() for match in COUNTER.finditer(outline.source)]
    for index, heading in enumerate(headings):
        following = bisect_left(matches, heading.start)
        bound = headings[index + 1].start if index + 1 < len(headings) else len(outline.source)
        counter = find_counter(outline, heading) if following < len(matches) and matches[following] <= bound else None
        basis = {Scope.SUBTREE: rollup, Scope.SECTION: own, Scope.ORG: top}[scope][index]
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
                counter_checked=basis[0],
                counter_total=basis[1],
            )
        )
    item_counters = _item_counters(outline, tasks, parents, scope) if with_items else ()
    return Checklist(tasks=tasks, sections=tuple(sections), scope=scope, item_counters=item_counters)


def task_parents(outline: Outline, tasks: tuple[Task, ...]) -> list[int | None]:
    """For each task, the index in `outline.items` of the list item it is nested in:
    a task item's parent item, or for a bare `[x]` line the item holding it (None at
    the top level)."""
    items = outline.items
    parents: list[int | None] = []
    open_items: list[int] = []
    next_item = 0
    for task in tasks:  # items and tasks are both in source order
        at = task.marker_start
        while next_item < len(items) and items[next_item].start <= at:
            while open_items and items[open_items[-1]].end <= items[next_item].start:
                open_items.pop()
            open_items.append(next_item)
            next_item += 1
        while open_items and items[open_items[-1]].end <= at:
            open_items.pop()
        innermost = open_items[-1] if open_items else None
        if innermost is not None and not task.bare and items[innermost].line == task.line:
            parents.append(items[innermost].parent)  # the box is this item's own
        else:
            parents.append(innermost)
    return parents


def _item_counters(
    outline: Outline, tasks: tuple[Task, ...], parents: list[int | None], scope: Scope
) -> tuple[ItemCounter, ...]:
    """Counters on list items, each counting the item's nested tasks (direct children
    only under the `org` scope). Headings' counters are not items' (a heading inside an
    item keeps its own)."""
    items = outline.items
    counters = {}
    for index, item in enumerate(items):
        counter = find_item_counter(outline, item)
        if counter is not None:
            counters[index] = counter
    if not counters:
        return ()
    counts = [[0, 0] for _ in items]  # each item's direct children first
    for task, parent in zip(tasks, parents):
        if parent is not None:
            counts[parent][0] += task.checked
            counts[parent][1] += 1
    if scope is not Scope.ORG:
        for index in range(len(items) - 1, 0, -1):  # children come after their parent: add them up backwards
            parent = items[index].parent
            if parent is not None:
                counts[parent][0] += counts[index][0]
                counts[parent][1] += counts[index][1]
    found = []
    for index, counter in counters.items():
        checked, total = counts[index]
        line = outline.line_bytes(items[index].line).decode("utf-8", "replace").replace(counter.text, " ", 1)
        found.append(ItemCounter(_item_title(line), items[index].line, counter, counter.expected(checked, total),
                                 checked, total))
    return tuple(found)


_ITEM_START = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")


def _item_title(line: str) -> str:
    """A list item's first line without its marker, box and counter."""
    return " ".join(_ITEM_START.sub("", line).split())
