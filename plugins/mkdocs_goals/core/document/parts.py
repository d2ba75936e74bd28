"""The named parts of a goal document's body, recognised by their headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from .checklist import Checklist, Section
from ..cycles import parse_cycle
from .vocabulary import Assessment
from .markdown import Outline, Task

if TYPE_CHECKING:
    from .checkins import CheckIn
    from .milestones import Milestone

# Heading words (lower case, counters and punctuation removed) for each part.
PART_HEADINGS: dict[str, tuple[str, ...]] = {
    "success_criteria": ("success criteria", "success metrics", "success metric", "definition of done", "key results"),
    "action_steps": ("action steps", "action plan", "actions", "next steps", "steps"),
    "milestones": ("milestones", "quarterly milestones", "milestone"),
    "progress_log": ("progress log", "progress tracking", "monthly log", "check-ins", "check ins", "progress", "log", "monthly check-ins"),
    "evidence": ("evidence",),
    "statement": ("goal statement", "statement", "objective", "goal"),
    "final_assessment": ("final assessment", "assessment", "quarterly assessment", "outcome", "result"),
    "category": ("category", "categories", "goal category", "goal type", "type"),
}
# Sections whose boxes set a field instead of measuring work: the final assessment is a
# verdict (achieved / partial / not achieved), the category a choice among labels.
NOT_WORK = ("final_assessment", "category")
# Names too common to match as a prefix when they would exclude tasks from work:
# `Results of the survey` or `Type system migration` hold work.
EXACT_ONLY = frozenset({"assessment", "outcome", "result", "category", "categories", "goal category", "goal type", "type",
                        "goal", "objective", "statement"})

_BY_DATE = re.compile(r"\bby:?\s+\**(\d{4}-\d{1,2}-\d{1,2}|\d{4}-(?:Q[1-4]|H[12]))\b", re.IGNORECASE)
_ASSESSMENT_WORDS = (
    (re.compile(r"\bnot\s+achieved\b", re.IGNORECASE), Assessment.NOT_ACHIEVED),
    (re.compile(r"\bpartial(?:ly)?(?:\s+achieved)?\b", re.IGNORECASE), Assessment.PARTIAL),
    (re.compile(r"\bachieved\b", re.IGNORECASE), Assessment.ACHIEVED),
)


@dataclass(frozen=True)
class ActionStep:
    """A task in the action steps, with its `by YYYY-MM-DD` date when it names one."""

    text: str
    done: bool
    line: int
    due: date | None
    due_text: str | None  # as written; kept when it is not a real date


@dataclass
class GoalParts:
    """The parts found; `None` for a part the document does not have."""

    sections: dict[str, Section] = field(default_factory=dict)
    action_steps: list[ActionStep] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    progress_log: list[CheckIn] = field(default_factory=list)  # the check-ins
    assessment: Assessment | None = None
    category: str | None = None  # the label of the ticked box in a category section

    def to_json(self) -> dict:
        return {
            "sections": {name: section.line for name, section in self.sections.items()},
            "action_steps": [
                {"text": s.text, "done": s.done, "line": s.line, "due": s.due.isoformat() if s.due else None}
                for s in self.action_steps
            ],
            "milestones": [m.to_json() for m in self.milestones],
            "progress_log": [c.to_json() for c in self.progress_log],
            "assessment": self.assessment.value if self.assessment else None,
            "category": self.category,
        }


@lru_cache(maxsize=16384)
def part_of(title: str) -> str | None:
    """Which part a heading title names, if any: its words, or words that start with
    them (`Action steps for Q3`), except the `EXACT_ONLY` names. (Remembered: the same
    headings come back in every version of a file and in every check.)"""
    words = " ".join(re.sub(r"[^\w\s-]", " ", title.lower()).split())
    for part, names in PART_HEADINGS.items():
        if words in names or any(words.startswith(name + " ") for name in names if name not in EXACT_ONLY):
            return part
    return None


def find_parts(checklist: Checklist) -> dict[str, Section]:
    """The first section of each part, by its heading."""
    found: dict[str, Section] = {}
    for section in checklist.sections:
        name = part_of(section.title)
        if name and name not in found:
            found[name] = section
    return found


def excluded_sections(checklist: Checklist) -> list[Section]:
    """The verdict and choice sections of a goal: their tasks are not work."""
    return [section for name, section in find_parts(checklist).items() if name in NOT_WORK]


def work_tasks(checklist: Checklist) -> tuple[Task, ...]:
    """A goal's tasks without those in verdict and choice sections (and their subsections)."""
    regions = [(s.line, checklist.region_end(s)) for s in excluded_sections(checklist)]
    if not regions:
        return checklist.tasks
    return tuple(t for t in checklist.tasks if not any(start <= t.line < end for start, end in regions))


def read_parts(
    outline: Outline, checklist: Checklist, work: tuple[Task, ...] | None = None, *, year: int | None = None,
    start: date | None = None,
) -> GoalParts:
    """Find each part's section and read action steps, milestones, check-ins, the
    assessment and the chosen category. `year` and `start` (the goal's) date labels that
    name no year (`Q2`, `March`, `Month 3`)."""
    from .checkins import read_checkins  # noqa: PLC0415 - checkins and milestones read parts' names
    from .milestones import read_milestones  # noqa: PLC0415

    parts = GoalParts(sections=find_parts(checklist))
    if steps := parts.sections.get("action_steps"):
        for task in checklist.tasks_in(steps):
            match = _BY_DATE.search(task.text)
            due_text = match.group(1) if match else None
            parts.action_steps.append(ActionStep(task.text, task.checked, task.line, _day(due_text), due_text))
    logs = [section for section in checklist.sections if part_of(section.title) == "progress_log"]
    parts.progress_log = read_checkins(outline, checklist, logs, year=year, start=start)
    parts.milestones = read_milestones(outline, checklist, checklist.tasks if work is None else work,
                                       year=year, start=start)
    if final := parts.sections.get("final_assessment"):
        parts.assessment = _assessment(outline, checklist, final)
    if choice := parts.sections.get("category"):
        ticked = [task for task in checklist.tasks_in(choice) if task.checked]
        parts.category = ticked[0].text if ticked else None
    return parts


def section_text(outline: Outline, checklist: Checklist, section: Section) -> str:
    """A section's own Markdown, without its heading: up to the next heading of any level."""
    end = checklist.region_end(section, subtree=False)
    first = section.heading.end_line + 1
    last = len(outline.line_starts) if end == float("inf") else int(end) - 1
    text = b"\n".join(outline.line_bytes(n) for n in range(first, last + 1))
    return text.decode("utf-8", "replace").strip()


def _day(text: str | None) -> date | None:
    if not text:
        return None
    cycle = parse_cycle(text)
    if cycle:
        return cycle.end
    try:
        year, month, day = (int(x) for x in text.split("-"))
        return date(year, month, day)
    except ValueError:
        return None


def _assessment(outline: Outline, checklist: Checklist, section: Section) -> Assessment | None:
    """A ticked `Achieved / Partially achieved / Not achieved` box, else the first verdict in the text."""
    for task in checklist.tasks_in(section):
        if task.checked:
            for pattern, verdict in _ASSESSMENT_WORDS:
                if pattern.search(task.text):
                    return verdict
    end = checklist.region_end(section)
    for paragraph in outline.paragraphs:
        if section.line < paragraph.line < end:
            first = paragraph.first_line_text.decode("utf-8", "replace")
            if first.lstrip(" >-*+").startswith("[ ]"):
                continue  # an unticked choice is no verdict
            for pattern, verdict in _ASSESSMENT_WORDS:
                if pattern.search(first):
                    return verdict
    return None


