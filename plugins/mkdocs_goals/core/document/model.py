"""A goal file read whole: its kind, front matter, checklist and the problems met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path

from .checklist import Checklist, Scope, build_checklist
from .encoding import Decoded, UndecodableError, decode
from ..findings import Finding, Severity
from .front_matter import FrontMatter, blank_out, read_front_matter
from .goal import GOAL_MARKER_KEYS, KNOWN_KEYS, GoalFrontMatter, suggest_key, validate_goal
from .markdown import Outline, scan
from .parts import GoalParts, read_parts


class Kind(str, Enum):
    GOAL = "goal"
    INVENTORY = "inventory"
    OTHER = "other"  # Markdown with nothing to count


@dataclass(frozen=True)
class Options:
    """How to count: the counter scope and whether bare `[x]` lines are tasks."""

    scope: Scope = Scope.SUBTREE
    bare_checkboxes: bool = True


@dataclass(frozen=True)
class Progress:
    """How far a document is, and from what: its checklist or its metric."""

    percent: float
    source: str  # "checklist" | "metric"
    checked: int
    total: int


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
    parts: GoalParts | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return self.checklist is not None

    @property
    def title(self) -> str:
        """The goal's title, else a `title:` key, else the first heading, else the file name."""
        if self.goal:
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

    @property
    def progress(self) -> Progress:
        """The metric's progress when it has a current value, else the checklist's.

        The boxes of a goal's final assessment (achieved / partial / not achieved) are a
        verdict, not work, so they do not count toward the goal's progress.
        """
        checked, total = self.checked, self.total
        verdict = self.parts.sections.get("final_assessment") if self.parts else None
        if verdict is not None and self.checklist is not None:
            choices = self.checklist.tasks_in(verdict)
            checked -= sum(task.checked for task in choices)
            total -= len(choices)
        if self.goal and self.goal.metric and self.goal.metric.percent is not None:
            return Progress(self.goal.metric.percent, "metric", checked, total)
        percent = 100.0 * checked / total if total else 0.0
        return Progress(percent, "checklist", checked, total)

    def file_offset(self, offset: int) -> int:
        """Map a body byte offset to an offset in `raw` (they differ by a BOM)."""
        return offset + (self.decoded.offset if self.decoded else 0)


def is_published(document: Document, *, publish_private: bool = False) -> bool:
    """Whether a document may reach the site or a review: never a private one (unless
    asked), never one whose front matter cannot be read (it might be private), never
    unreadable bytes."""
    front_matter = document.front_matter
    if document.decoded is None or (front_matter.present and front_matter.error is not None):
        return False
    visibility = str(front_matter.data.get("visibility", "")).strip().lower()
    return publish_private or visibility != "private"


@lru_cache(maxsize=8192)
def scan_cached(body: bytes, bare_checkboxes: bool) -> Outline:
    """`scan`, remembered by content: the same version is parsed once per process."""
    return scan(body, bare_checkboxes=bare_checkboxes)


def parse_document(raw: bytes, path: str, options: Options = Options()) -> Document:
    """Read one file's bytes. Never raises for bad content: problems become findings."""
    try:
        decoded = decode(raw)
    except UndecodableError as error:
        finding = Finding(path, error.line, "encoding", Severity.ERROR, str(error))
        return Document(path, Kind.OTHER, raw, None, FrontMatter(), None, None, findings=[finding])

    findings: list[Finding] = []
    front_matter = read_front_matter(decoded.body)
    if front_matter.error:
        findings.append(Finding(path, front_matter.error.line, "front-matter", Severity.ERROR, str(front_matter.error)))
    outline = scan_cached(blank_out(decoded.body, front_matter), options.bare_checkboxes)
    checklist = build_checklist(outline, options.scope)
    document = Document(path, Kind.OTHER, raw, decoded, front_matter, outline, checklist, findings=findings)
    document.kind = _kind_of(front_matter, checklist, bool(front_matter.error))
    if document.kind is Kind.GOAL:
        _read_goal(document)
    return document


def _kind_of(front_matter: FrontMatter, checklist: Checklist, broken: bool) -> Kind:
    declared = front_matter.data.get("kind")
    if declared in ("goal", "inventory"):
        return Kind(declared)
    if GOAL_MARKER_KEYS & front_matter.data.keys():
        return Kind.GOAL
    if checklist.tasks or any(section.counter for section in checklist.sections):
        return Kind.INVENTORY
    return Kind.OTHER


def _read_goal(document: Document) -> None:
    front_matter, path = document.front_matter, document.path
    if front_matter.error:
        return  # already reported; its values cannot be trusted
    goal, problems = validate_goal(front_matter.data)
    for key, message in problems:
        document.findings.append(Finding(path, front_matter.line_of(key), "schema", Severity.ERROR, message))
    for key in sorted(str(k) for k in front_matter.data):
        if key not in KNOWN_KEYS:
            hint = suggest_key(key)
            message = f"unknown front-matter key {key!r}" + (f"; did you mean {hint!r}?" if hint else "")
            document.findings.append(Finding(path, front_matter.line_of(key), "unknown-key", Severity.WARNING, message))
    document.goal = goal
    assert document.outline is not None and document.checklist is not None
    document.parts = read_parts(document.outline, document.checklist)


def load_document(path: Path, options: Options = Options(), *, display: str | None = None) -> Document:
    """Read a file from disk; unreadable files become a document with one finding."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        finding = Finding(name, 1, "unreadable", Severity.ERROR, f"cannot read file: {error.strerror or error}")
        return Document(name, Kind.OTHER, b"", None, FrontMatter(), None, None, findings=[finding])
    return parse_document(raw, name, options)
