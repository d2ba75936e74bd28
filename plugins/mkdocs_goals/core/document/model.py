"""A goal file read whole: its kind, front matter, checklist and the problems met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .checklist import Checklist, Scope, build_checklist
from .encoding import Decoded, UndecodableError, decode
from ..findings import Finding, Severity
from .front_matter import FrontMatter, blank_out, read_front_matter
from .vocabulary import GOAL_MARKER_KEYS, KNOWN_KEYS, Assessment, suggest_key
from .markdown import Outline, Task, scan
from .parts import GoalParts, read_parts, work_tasks
from .progress import Progress, progress_of
from .subgoals import SubGoal, find_subgoals

if TYPE_CHECKING:  # the model imports pydantic: only a document whose goal is read needs it
    from .goal import GoalFrontMatter


class Kind(str, Enum):
    GOAL = "goal"
    INVENTORY = "inventory"
    OTHER = "other"  # Markdown with nothing to count


@dataclass(frozen=True)
class Options:
    """How to count: the counter scope and whether bare `[x]` lines are tasks."""

    scope: Scope = Scope.SUBTREE
    bare_checkboxes: bool = True


@dataclass
class Document:
    """Everything the core knows about one Markdown file."""

    path: str
    kind: Kind
    raw: bytes
    decoded: Decoded | None
    front_matter: FrontMatter
    outline: Outline | None
    checklist: Checklist | None
    goal: GoalFrontMatter | None = None
    findings: list[Finding] = field(default_factory=list)
    lenient_goal: GoalFrontMatter | None = None  # what validated of a goal that did not: for lint only
    text_released: bool = False  # see `release_text`

    @property
    def readable(self) -> bool:
        return self.checklist is not None

    @property
    def title(self) -> str:
        """The goal's title, else a `title:` key, else the first heading, else the file name."""
        if self.goal and self.goal.title:
            return self.goal.title
        if self.front_matter.data.get("title"):
            return str(self.front_matter.data["title"])
        sections = self.checklist.sections if self.checklist else ()
        return sections[0].title if sections else Path(self.path).stem

    @property
    def checked(self) -> int:
        return self.checklist.checked if self.checklist else 0

    @property
    def total(self) -> int:
        return self.checklist.total if self.checklist else 0

    @cached_property
    def parts(self) -> GoalParts | None:
        """A goal's named parts (success criteria, action steps, ...); None for others."""
        if self.kind is not Kind.GOAL or self.outline is None or self.checklist is None:
            return None
        year, start = self._calendar()
        return read_parts(self.outline, self.checklist, self.work, year=year, start=start)

    def _calendar(self) -> tuple[int | None, date | None]:
        """The year and start day that date labels without a year (`Q2`, `Month 3`) count from."""
        goal = self.goal or self.lenient_goal
        if goal is None:
            return None, None
        start, due = goal.start_date, goal.due_date
        return (start or due).year if (start or due) else None, start

    @cached_property
    def work(self) -> tuple[Task, ...]:
        """The tasks that are work: a goal's without its verdict and choice sections
        (final assessment, category), an inventory's all."""
        if self.checklist is None:
            return ()
        return work_tasks(self.checklist) if self.kind is Kind.GOAL else self.checklist.tasks

    @cached_property
    def progress(self) -> Progress:
        """The document's progress on its basis (see `progress`): the one definition."""
        checked = sum(task.checked for task in self.work)
        metric = self.goal.metric if self.goal else None
        return progress_of(checked, len(self.work), metric)

    @cached_property
    def subgoals(self) -> list[SubGoal]:
        """The goals of a goal set (several `## Goal <n>` sections); none for one goal."""
        if self.kind is not Kind.GOAL or self.outline is None or self.checklist is None:
            return []
        year, start = self._calendar()
        return find_subgoals(self.outline, self.checklist, self.work, year=year, start=start)

    @property
    def category(self) -> str | None:
        """As written in front matter, else the ticked box of a `Category` section."""
        if self.goal and self.goal.category:
            return self.goal.category
        return self.parts.category if self.parts else None

    @property
    def assessment(self) -> Assessment | None:
        """As written in front matter, else the ticked box (or verdict) of the final assessment."""
        if self.goal and self.goal.assessment:
            return self.goal.assessment
        return self.parts.assessment if self.parts else None

    def file_offset(self, offset: int) -> int:
        """Map a body byte offset to an offset in `raw` (they differ by a BOM)."""
        return offset + (self.decoded.offset if self.decoded else 0)

    def release_text(self) -> None:
        """Work out now what is read from the text (the work, progress, parts, the goals of
        a set), then let the bytes and the outline go. A one-shot site build holds every
        published document until its end, and their bytes and line tables were half of
        what it held; counts, checklist and front matter stay. `decoded` stays set, bodiless,
        so what it says of the file (readable, BOM) does not change."""
        for derived in ("work", "progress", "parts", "subgoals"):
            getattr(self, derived)
        self.outline, self.raw = None, b""
        if self.decoded is not None:
            self.decoded = Decoded(b"", self.decoded.has_bom)
        self.text_released = True


@lru_cache(maxsize=8192)
def scan_cached(body: bytes, bare_checkboxes: bool) -> Outline:
    """`scan`, remembered by content: the same version is parsed once per process."""
    return scan(body, bare_checkboxes=bare_checkboxes)


def parse_document(raw: bytes, path: str, options: Options = Options(), *, cache: bool = True) -> Document:
    """Read one file's bytes. Never raises for bad content: problems become findings.

    `cache=False` for callers that see each version once (a history scan, a site build's
    goal files: `KnownDocuments` keeps those a serve rebuild reads again): remembering
    outlines would only cost memory.
    """
    try:
        decoded = decode(raw)
    except UndecodableError as error:
        finding = Finding(path, error.line, "encoding", Severity.ERROR, str(error))
        return Document(path, Kind.OTHER, raw, None, FrontMatter(), None, None, findings=[finding])

    findings: list[Finding] = []
    front_matter = read_front_matter(decoded.body)
    if front_matter.error:
        findings.append(Finding(path, front_matter.error.line, "front-matter", Severity.ERROR, str(front_matter.error)))
    body = blank_out(decoded.body, front_matter)
    outline = scan_cached(body, options.bare_checkboxes) if cache else scan(body, bare_checkboxes=options.bare_checkboxes)
    checklist = build_checklist(outline, options.scope)
    document = Document(path, Kind.OTHER, raw, decoded, front_matter, outline, checklist, findings=findings)
    document.kind = kind_of(front_matter, bool(checklist.tasks) or any(s.counter for s in checklist.sections))
    if document.kind is Kind.GOAL:
        _read_goal(document)
    return document


def declared_kind(front_matter: FrontMatter) -> Kind | None:
    """The kind front matter settles on its own (`kind:`, or a goal key), else None."""
    declared = front_matter.data.get("kind")
    if declared in ("goal", "inventory"):
        return Kind(declared)
    if GOAL_MARKER_KEYS & front_matter.data.keys():
        return Kind.GOAL
    return None


def kind_of(front_matter: FrontMatter, counts_something: bool) -> Kind:
    """Goal by front matter; else an inventory when it has tasks or counters; else other."""
    declared = declared_kind(front_matter)
    if declared is not None:
        return declared
    return Kind.INVENTORY if counts_something else Kind.OTHER


def _read_goal(document: Document) -> None:
    front_matter, path = document.front_matter, document.path
    if front_matter.error:
        return  # already reported; its values cannot be trusted
    from .goal import validate_goal

    goal, problems, lenient = validate_goal(front_matter.data)
    for key, message in problems:
        document.findings.append(Finding(path, front_matter.line_of(key), "schema", Severity.ERROR, message))
    for key in sorted(str(k) for k in front_matter.data):
        if key not in KNOWN_KEYS:
            hint = suggest_key(key)
            message = f"unknown front-matter key {key!r}" + (f"; did you mean {hint!r}?" if hint else "")
            document.findings.append(Finding(path, front_matter.line_of(key), "unknown-key", Severity.WARNING, message))
    document.goal = goal
    document.lenient_goal = lenient


def load_document(
    path: Path, options: Options = Options(), *, display: str | None = None, cache: bool = True
) -> Document:
    """Read a file from disk; unreadable files become a document with one finding."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        finding = Finding(name, 1, "unreadable", Severity.ERROR, f"cannot read file: {error.strerror or error}")
        return Document(name, Kind.OTHER, b"", None, FrontMatter(), None, None, findings=[finding])
    return parse_document(raw, name, options, cache=cache)
