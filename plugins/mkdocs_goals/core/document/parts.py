"""The named parts of a goal document's body, recognised by their headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .checklist import Checklist, Section
from ..cycles import parse_cycle
from .goal import Assessment
from .markdown import Outline, Task

# Heading words (lower case, counters and punctuation removed) for each part.
PART_HEADINGS: dict[str, tuple[str, ...]] = {
    "success_criteria": ("success criteria", "success metrics", "success metric", "definition of done", "key results"),
    "action_steps": ("action steps", "action plan", "actions", "next steps", "steps"),
    "milestones": ("milestones", "quarterly milestones", "milestone"),
    "progress_log": ("progress log", "progress tracking", "monthly log", "check-ins", "check ins", "progress", "log", "monthly check-ins"),
    "evidence": ("evidence",),
    "final_assessment": ("final assessment", "assessment", "quarterly assessment", "outcome", "result"),
    "category": ("category", "categories", "goal category", "goal type", "type"),
}
# Sections whose boxes set a field instead of measuring work: the final assessment is a
# verdict (achieved / partial / not achieved), the category a choice among labels.
NOT_WORK = ("final_assessment", "category")
# Names too common to match as a prefix when they would exclude tasks from work:
# `Results of the survey` or `Type system migration` hold work.
EXACT_ONLY = frozenset({"assessment", "outcome", "result", "category", "categories", "goal category", "goal type", "type"})

_BY_DATE = re.compile(r"\bby:?\s+\**(\d{4}-\d{1,2}-\d{1,2}|\d{4}-(?:Q[1-4]|H[12]))\b", re.IGNORECASE)
_MONTHS = (
    "january february march april may june july august september october november december".split()
)
_LOG_LABEL = re.compile(
    r"^(?:[-*+]|\d+[.)])?\s*\**\s*(\d{4}-\d{2}(?:-\d{2})?|(?:"
    + "|".join(m[:3] + f"(?:{m[3:]})?" for m in _MONTHS)
    + r")\b\.?(?:\s+\d{4})?|Q[1-4](?:\s+\d{4})?|Month\s+\d{1,2})(\s+milestones?)?\s*\**\s*[:—–-]?",
    re.IGNORECASE,
)
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


@dataclass(frozen=True)
class LogEntry:
    """A dated or month-labelled entry of the progress log (or a milestone)."""

    label: str
    text: str
    line: int


@dataclass
class GoalParts:
    """The parts found; `None` for a part the document does not have."""

    sections: dict[str, Section] = field(default_factory=dict)
    action_steps: list[ActionStep] = field(default_factory=list)
    milestones: list[LogEntry] = field(default_factory=list)
    progress_log: list[LogEntry] = field(default_factory=list)
    assessment: Assessment | None = None
    category: str | None = None  # the label of the ticked box in a category section

    def to_json(self) -> dict:
        return {
            "sections": {name: section.line for name, section in self.sections.items()},
            "action_steps": [
                {"text": s.text, "done": s.done, "line": s.line, "due": s.due.isoformat() if s.due else None}
                for s in self.action_steps
            ],
            "milestones": [{"label": e.label, "text": e.text, "line": e.line} for e in self.milestones],
            "progress_log": [{"label": e.label, "text": e.text, "line": e.line} for e in self.progress_log],
            "assessment": self.assessment.value if self.assessment else None,
            "category": self.category,
        }


def part_of(title: str) -> str | None:
    """Which part a heading title names, if any: its words, or words that start with
    them (`Action steps for Q3`), except the `EXACT_ONLY` names."""
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


def read_parts(outline: Outline, checklist: Checklist) -> GoalParts:
    """Find each part's section and read action steps, milestones, log entries, the
    assessment and the chosen category."""
    parts = GoalParts(sections=find_parts(checklist))

    if steps := parts.sections.get("action_steps"):
        for task in checklist.tasks_in(steps):
            match = _BY_DATE.search(task.text)
            due_text = match.group(1) if match else None
            parts.action_steps.append(ActionStep(task.text, task.checked, task.line, _day(due_text), due_text))
    named = [(part_of(section.title), section) for section in checklist.sections]
    for name, section in named:  # every milestones or log section, not only the first
        if name == "milestones":
            parts.milestones += _entries(outline, checklist, section)
        elif name == "progress_log":
            parts.progress_log += read_log_entries(outline, checklist, section)
    parts.milestones += milestone_lines(outline, checklist, 1, float("inf"))
    # A log section inside another one is read once.
    parts.milestones = sorted({e.line: e for e in parts.milestones}.values(), key=lambda e: e.line)
    parts.progress_log = list({e.line: e for e in parts.progress_log}.values())
    if final := parts.sections.get("final_assessment"):
        parts.assessment = _assessment(outline, checklist, final)
    if choice := parts.sections.get("category"):
        ticked = [task for task in checklist.tasks_in(choice) if task.checked]
        parts.category = ticked[0].text if ticked else None
    return parts


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


def _entries(outline: Outline, checklist: Checklist, section: Section) -> list[LogEntry]:
    """Paragraph lines and subheadings of a section that start with a date, month or quarter."""
    end = checklist.region_end(section)
    entries = []
    for heading in outline.headings:
        if section.line < heading.line < end:
            label, text = _label(heading.text)
            if label:
                entries.append(LogEntry(label, text, heading.line))
    starts = {paragraph.line for paragraph in outline.paragraphs}
    for paragraph in outline.paragraphs:
        if not section.line < paragraph.line < end:
            continue
        current: list = []  # [label, text, line] of the entry being read
        for number in _paragraph_lines(outline, paragraph.line, end, starts):
            label, text = _label(_strip_container(outline.line_bytes(number).decode("utf-8", "replace")))
            if label:
                if current:
                    entries.append(LogEntry(*current))
                current = [label, text, number]
            elif current and text:
                current[1] = f"{current[1]} {text}".strip()
        if current:
            entries.append(LogEntry(*current))
    return sorted(entries, key=lambda e: e.line)


_BLOCK_START = re.compile(rb"^[ \t>]*(?:`{3,}|~{3,}|#{1,6}(?:[ \t]|$))")


def _paragraph_lines(outline: Outline, first: int, end: float, starts: set[int]) -> list[int]:
    """The lines of the paragraph that starts on `first`: up to a blank line, a fence,
    a heading, or the start of the next paragraph (a list's next item). Seed-style notes
    write one entry per hard-broken line (`**Month 1:** ...`, `**Month 2:** ...`)."""
    lines, number = [first], first + 1
    while number < end and number <= len(outline.line_starts) and number not in starts:
        text = outline.line_bytes(number)
        if not text.strip() or _BLOCK_START.match(text):
            break
        lines.append(number)
        number += 1
    return lines


def read_log_entries(outline: Outline, checklist: Checklist, section: Section) -> list[LogEntry]:
    """The labelled entries of a progress-log section (each with all its lines)."""
    return [entry for entry in _entries(outline, checklist, section) if entry.label]


def _strip_container(line: str) -> str:
    return re.sub(r"^[\s>]*(?:[-*+]|\d+[.)])?\s*(?:\[[ xX]\]\s*)?", "", line)


def _label(text: str) -> tuple[str, str]:
    match = _LOG_LABEL.match(text.strip())
    if not match:
        return "", text.strip()
    return match.group(1), text.strip()[match.end() :].strip(" *:—–-")


def milestone_lines(outline: Outline, checklist: Checklist, start: int, end: float) -> list[LogEntry]:
    """Lines labelled `Q1 milestone:` (seed 000's tracking template), wherever they are."""
    found = []
    for paragraph in outline.paragraphs:
        if start <= paragraph.line < end:
            raw = _strip_container(paragraph.first_line_text.decode("utf-8", "replace")).strip()
            match = _LOG_LABEL.match(raw)
            if match and match.group(2):
                found.append(LogEntry(match.group(1), raw[match.end() :].strip(" *:—–-"), paragraph.line))
    return found


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


