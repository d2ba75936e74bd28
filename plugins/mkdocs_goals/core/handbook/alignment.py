"""Alignment: a goal serves other goals (`aligns_to:`), a personal goal a team's, a
team's a company's. The links make a tree the overview draws, and a goal with goals
aligned to it shows them and their mean progress (each on its own basis) beside — never
instead of — its own.

A reference names a goal by its path as the site has it (`goals/platform/latency.md`),
or inside the goals folder (`platform/latency.md`), with `#slug` for one goal of a goal
set; a path without `#slug` to a goal set means all its goals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath


def matches(reference: str, goal_id: str) -> bool:
    """Whether `reference` (as written in `aligns_to`) names the goal `goal_id` (`path` or
    `path#slug`): the same path, or the same path inside the goals folder."""
    ref_path, _, ref_slug = reference.strip().lstrip("./").partition("#")
    path, _, slug = goal_id.partition("#")
    if ref_slug and ref_slug != slug:
        return False
    ref_parts, parts = PurePosixPath(ref_path).parts, PurePosixPath(path).parts
    return bool(ref_parts) and parts[-len(ref_parts):] == ref_parts


@dataclass
class Links:
    """Who serves whom, by goal id; and what could not be followed."""

    parents: dict[str, list[str]] = field(default_factory=dict)  # id -> the ids it aligns to
    children: dict[str, list[str]] = field(default_factory=dict)  # id -> the ids aligned to it
    dangling: list[tuple[str, str]] = field(default_factory=list)  # (id, reference naming nothing)
    cycles: list[list[str]] = field(default_factory=list)  # each a loop of ids, first = last


def link(goals: Iterable[tuple[str, list[str]]]) -> Links:
    """Resolve `(goal id, its aligns_to references)` pairs among themselves."""
    goals = list(goals)
    ids = [goal_id for goal_id, _ in goals]
    links = Links()
    for goal_id, references in goals:
        for reference in references:
            found = [other for other in ids if matches(reference, other) and other != goal_id]
            if not found:
                links.dangling.append((goal_id, reference))
            for other in found:
                links.parents.setdefault(goal_id, []).append(other)
                links.children.setdefault(other, []).append(goal_id)
    links.cycles = _cycles(links.parents)
    return links


def _cycles(parents: dict[str, list[str]]) -> list[list[str]]:
    """Each loop once, found by walking up from every goal."""
    found, seen = [], set()
    for start in sorted(parents):
        path, position = [start], {start: 0}
        stack = [iter(parents.get(start, ()))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                position.pop(path.pop(), None)
                continue
            if step in position:
                loop = path[position[step]:] + [step]
                key = frozenset(loop)
                if key not in seen:
                    seen.add(key)
                    found.append(loop)
                continue
            position[step] = len(path)
            path.append(step)
            stack.append(iter(parents.get(step, ())))
    return found
