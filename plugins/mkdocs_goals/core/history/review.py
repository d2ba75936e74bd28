"""What a change did to goals, for a reviewer: progress before → after, items, statuses.

Compares two revisions (or a revision and the working tree) with one `git diff --raw`,
reads the blobs in bulk and parses each version with the same core as everything else.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..document.model import Document, Kind, Options, parse_document
from ..document.progress import json_percent
from ..document.vocabulary import Visibility
from ..document.publish import Audience, State, state_of
from ..discovery import leaves
from .git import Change, GitUnavailable, Repository, parse_raw
from .engine import Item, items_of, match_items

MARKDOWN = (".md", ".markdown")


class ReviewError(ValueError):
    """A revision, path or repository problem to report with exit code 2."""


@dataclass(frozen=True)
class Side:
    """One version of a document: its progress (work items, basis, percent), status, title."""

    checked: int
    total: int
    status: str | None
    title: str
    kind: str
    state: str  # what the version says about being shown (a `publish.State`)
    stale_counters: tuple[tuple[int, str, str], ...]  # line, written, expected
    basis: str = "checklist"
    percent: float = 0.0
    metric: float | None = None
    unit: str | None = None

    def to_json(self) -> dict:
        return {"checked": self.checked, "total": self.total, "status": self.status, "basis": self.basis,
                "percent": json_percent(self.percent), "metric": self.metric}


@dataclass
class DocumentChange:
    path: str
    old_path: str | None
    before: Side | None
    after: Side | None
    checked_items: list[str] = field(default_factory=list)
    unchecked_items: list[str] = field(default_factory=list)
    added_items: list[str] = field(default_factory=list)
    removed_items: list[str] = field(default_factory=list)

    def visible_to(self, audience: Audience) -> bool:
        """Shown only when every version of it may be: a goal private before or after is not."""
        return all(audience.may_see(side.state) for side in (self.before, self.after) if side is not None)

    @property
    def title(self) -> str:
        side = self.after or self.before
        return side.title if side else self.path

    @property
    def newly_stale(self) -> list[tuple[int, str, str]]:
        """Counters stale after the change that were not stale before it (by written text)."""
        before = {(w, e) for _, w, e in self.before.stale_counters} if self.before else set()
        return [c for c in (self.after.stale_counters if self.after else ()) if (c[1], c[2]) not in before]

    def to_json(self) -> dict:
        def side(s: Side | None) -> dict | None:
            return None if s is None else s.to_json()

        return {
            "path": self.path,
            "old_path": self.old_path,
            "title": self.title,
            "kind": (self.after or self.before).kind if (self.after or self.before) else None,
            "before": side(self.before),
            "after": side(self.after),
            "checked_items": self.checked_items,
            "unchecked_items": self.unchecked_items,
            "added_items": self.added_items,
            "removed_items": self.removed_items,
            "stale_counters": [{"line": l, "text": w, "expected": e} for l, w, e in self.newly_stale],
        }


@dataclass
class Review:
    base: str
    head: str | None  # None: the working tree
    documents: list[DocumentChange]
    default: Visibility = Visibility.PUBLIC  # of files that declare none (the site's default_visibility)

    def public(self, include_private: bool) -> tuple[list[DocumentChange], int]:
        """The changes to show, and how many private (or withheld) goals changed and are hidden.
        `include_private` shows private goals, never withheld ones."""
        audience = Audience(include_private, self.default)
        shown = [d for d in self.documents if d.visible_to(audience)]
        return shown, len(self.documents) - len(shown)

    def to_json(self, include_private: bool = False) -> dict:
        shown, hidden = self.public(include_private)
        return {
            "base": self.base,
            "head": self.head,
            "documents": [d.to_json() for d in shown],
            "private_changes": hidden,
        }


def _side(raw: bytes, path: str, options: Options) -> tuple[Side | None, tuple[Item, ...]]:
    """A version's figures and its work items, from the same `Document` as every surface."""
    document: Document = parse_document(raw, path, options)
    items = items_of(document.work)
    state, _, _ = state_of(document)
    if document.kind is Kind.OTHER and state is not State.WITHHELD:
        return None, items
    stale = tuple(
        (s.counter.line, s.counter.text, s.expected_counter or "")
        for s in (document.checklist.counters if document.checklist else ())
        if s.stale and s.counter
    )
    status = document.goal.status.value if document.goal else None
    progress = document.progress
    unit = document.goal.metric.unit if document.goal and document.goal.metric else None
    side = Side(progress.checked, progress.total, status, document.title, document.kind.value, state.value, stale,
                progress.basis.value, progress.percent, progress.metric, unit)
    return side, items


def _item_changes(change: DocumentChange, before: tuple[Item, ...], after: tuple[Item, ...]) -> None:
    counterparts = match_items(before, after)
    matched = {id(item) for item in counterparts.values()}
    for index, item in enumerate(after):
        old = counterparts.get(index)
        if old is None:
            change.added_items.append(item.text)
        elif item.checked and not old.checked:
            change.checked_items.append(item.text)
        elif old.checked and not item.checked:
            change.unchecked_items.append(item.text)
    change.removed_items = [item.text for item in before if id(item) not in matched]


def review(
    base: str, head: str | None, paths: list[Path], options: Options, *, cwd: Path,
    default: Visibility = Visibility.PUBLIC,
) -> Review:
    """The goal changes between `base` and `head` (None: the working tree), under `paths`.

    `base` may be `A...B` (from the merge base of A and B to B). Raises ReviewError.
    """
    try:
        repository = Repository(cwd)
    except GitUnavailable as error:
        raise ReviewError(str(error)) from None
    try:
        if "..." in base and head is None:
            left, right = base.split("...", 1)
            head = right or "HEAD"
            base_sha = _merge_base(repository, left or "HEAD", head)
        else:
            base_sha = _resolve(repository, base)
        head_sha = _resolve(repository, head) if head else None
        pathspecs = [_inside(repository, path, cwd) for path in paths] or ["."]
        raw_diff = repository.run(
            "-c", "core.quotePath=false", "diff", "--raw", "-M", "-z", "--no-abbrev", base_sha,
            *([head_sha] if head_sha else []), "--", *pathspecs,
        )
        changes = list(parse_raw(raw_diff.split(b"\x00")))
        if head_sha is None:
            changes += [Change("A", None, p, None, None) for p in _untracked(repository, pathspecs)]
        changes = [c for c in changes if c.path.lower().endswith(MARKDOWN)]
        blobs = repository.blobs(sorted({b for c in changes for b in (c.old_blob, c.new_blob) if b}))
        documents = []
        for c in changes:
            old_path, path = c.old_path, c.path
            before_raw = blobs.get(c.old_blob) if c.old_blob else None
            if c.status == "D":
                after_raw = None
            elif c.new_blob:
                after_raw = blobs.get(c.new_blob)
            else:  # the working tree; a link out of the repository is not read
                file = repository.root / path
                readable = file.is_file() and leaves(file, repository.root) is None
                after_raw = file.read_bytes() if readable else None
            before, before_items = _side(before_raw, old_path or path, options) if before_raw is not None else (None, ())
            after, after_items = _side(after_raw, path, options) if after_raw is not None else (None, ())
            if before is None and after is None:
                continue
            same_items = [(i.text, i.checked) for i in before_items] == [(i.text, i.checked) for i in after_items]
            if before == after and same_items and old_path == path:
                continue  # nothing a reviewer of goals would see (wording outside tasks)
            change = DocumentChange(path, old_path if old_path != path else None, before, after)
            _item_changes(change, before_items, after_items)
            documents.append(change)
        documents.sort(key=lambda d: d.path)
        return Review(base, head, documents, default)
    finally:
        repository.close()


def _resolve(repository: Repository, revision: str) -> str:
    try:
        return repository.run("rev-parse", "--verify", "-q", f"{revision}^{{commit}}").decode().strip()
    except subprocess.CalledProcessError:
        raise ReviewError(f"unknown revision: {revision!r}") from None


def _merge_base(repository: Repository, left: str, right: str) -> str:
    left_sha, right_sha = _resolve(repository, left), _resolve(repository, right)
    try:
        return repository.run("merge-base", left_sha, right_sha).decode().strip()
    except subprocess.CalledProcessError:
        raise ReviewError(f"{left!r} and {right!r} have no common ancestor") from None


def _inside(repository: Repository, path: Path, cwd: Path) -> str:
    absolute = (cwd / path).resolve()
    try:
        relative = absolute.relative_to(repository.root.resolve())
    except ValueError:
        raise ReviewError(f"{path} is outside the repository at {repository.root}") from None
    return relative.as_posix() or "."


def _untracked(repository: Repository, pathspecs: list[str]) -> list[str]:
    out = repository.run("ls-files", "-z", "--others", "--exclude-standard", "--", *pathspecs)
    return [p.decode("utf-8", "replace") for p in out.split(b"\x00") if p]
