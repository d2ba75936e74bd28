"""Progress over time from git: snapshots per commit, and who checked each item when.

Every distinct blob is parsed once. Item state is kept per blob, so branches need no
special care: a commit's change goes from its parent's blob to its own, whatever else
happened elsewhere. Items are matched across versions by their text, tolerating small
edits and moves. The numbers of each blob come from the same core as `goals stats`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..document.model import Options
from ..document.encoding import BOM, UndecodableError, decode
from ..document.front_matter import blank_out, find_front_matter
from .git import Change, Commit, GitUnavailable, Repository
from ..document.markdown import Task, scan

_STATUS = re.compile(rb"(?m)^status:[ \t]*[\"']?([a-z-]+)")
_FUZZY_CUTOFF = 0.8
_FUZZY_MAX_CANDIDATES = 200


def normalise(text: str) -> str:
    """Item identity: case, spacing and punctuation do not matter."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    checked: bool
    line: int = 0


@dataclass(frozen=True)
class BlobRecord:
    """What one version of a file says: counts, status and its items."""

    checked: int
    total: int
    status: str | None
    items: tuple[Item, ...]
    front_matter_lines: int = 0  # the closing delimiter's line; 0 without front matter


@dataclass(frozen=True)
class Snapshot:
    commit: str
    date: str
    author: str
    checked: int
    total: int
    status: str | None


@dataclass(frozen=True)
class Completion:
    text: str
    date: str | None
    commit: str | None  # None: checked in the working tree, not committed yet
    author: str | None


@dataclass
class FileHistory:
    """The history of one file under its current path (renames followed)."""

    path: str
    snapshots: list[Snapshot] = field(default_factory=list)
    completed: list[Completion] = field(default_factory=list)
    former_paths: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "snapshots": [asdict(s) for s in self.snapshots],
            "completed": [asdict(c) for c in self.completed],
            "former_paths": self.former_paths,
        }


def read_record(raw: bytes, options: Options) -> BlobRecord:
    """Counts, status and items of a file version (invalid bytes count as empty)."""
    try:
        body = decode(raw).body
    except UndecodableError:
        return BlobRecord(0, 0, None, ())
    front_matter = find_front_matter(body)
    status = None
    if front_matter.present:
        match = _STATUS.search(body, 0, front_matter.body_start)
        status = match.group(1).decode() if match else None
    if b"[" not in body:
        return BlobRecord(0, 0, status, (), front_matter.last_line)
    # Not the content cache: a history scan sees each version once, caching would only cost memory.
    tasks = scan(blank_out(body, front_matter), bare_checkboxes=options.bare_checkboxes).tasks
    items = items_of(tasks)
    return BlobRecord(sum(i.checked for i in items), len(items), status, items, front_matter.last_line)


def items_of(tasks: tuple[Task, ...] | list[Task]) -> tuple[Item, ...]:
    """Tasks as items that can be matched across versions."""
    return tuple(Item(normalise(t.text), t.text, t.checked, t.line) for t in tasks)


# A line holding one task: the same container prefix before and after an edit means the
# same block structure, so only the box and the text can have changed.
_TASK_LINE = re.compile(rb"([ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)\[([ xX])\]([ \t]+)(.*?)[ \t\r]*")
_ATX_HEADING = re.compile(rb" {0,3}(#{1,6})(?:[ \t]|\r?$)")
_INLINE_RISK = re.compile(rb"[`<\[\]\\]")  # code spans, HTML, links can reach the next line


def derive_record(old_raw: bytes, old: BlobRecord, new_raw: bytes) -> BlobRecord | None:
    """The record of `new_raw` from its parent version's, when the edit only ticked or
    reworded tasks, retitled ATX headings or changed front matter values; else None
    (and the caller parses). Exact: such edits cannot change the document's structure.
    """
    old_lines, new_lines = old_raw.split(b"\n"), new_raw.split(b"\n")
    if len(old_lines) != len(new_lines) or old_raw[:3] != new_raw[:3]:
        return None
    if b"]:" in new_raw:  # a reference definition can turn `[x]` into a link: parse instead
        return None
    new_fm = find_front_matter(new_raw.removeprefix(BOM))
    if new_fm.error or new_fm.last_line != old.front_matter_lines:
        return None
    by_line = {item.line: index for index, item in enumerate(old.items)}
    items = list(old.items)
    for number, (before, after) in enumerate(zip(old_lines, new_lines), start=1):
        if before == after or number <= new_fm.last_line:
            continue
        index = by_line.get(number)
        if index is not None:
            was, now = _TASK_LINE.fullmatch(before), _TASK_LINE.fullmatch(after)
            if not (was and now and was.group(1) == now.group(1)):
                return None
            if _INLINE_RISK.search(was.group(4)) or _INLINE_RISK.search(now.group(4)):
                return None
            text = now.group(4).decode("utf-8", "replace").strip()
            items[index] = Item(normalise(text), text, now.group(2) != b" ", number)
            continue
        was, now = _ATX_HEADING.match(before), _ATX_HEADING.match(after)
        if not (was and now and was.group(1) == now.group(1)):
            return None
    status = None
    if new_fm.present:
        body = new_raw.removeprefix(BOM)
        match = _STATUS.search(body, 0, new_fm.body_start)
        status = match.group(1).decode() if match else None
    return BlobRecord(sum(i.checked for i in items), len(items), status, tuple(items), new_fm.last_line)


def match_items(old: tuple[Item, ...], new: tuple[Item, ...]) -> dict[int, Item]:
    """For each index of `new`, its counterpart in `old`: same text first, then similar text."""
    if len(old) == len(new) and all(a.key == b.key for a, b in zip(old, new)):
        return dict(enumerate(old))  # the common case: boxes ticked, nothing moved
    by_key: dict[str, list[Item]] = {}
    for item in old:
        by_key.setdefault(item.key, []).append(item)
    matched: dict[int, Item] = {}
    unmatched_new = []
    used: set[int] = set()
    for index, item in enumerate(new):
        candidates = by_key.get(item.key)
        if candidates:
            counterpart = candidates.pop(0)
            matched[index] = counterpart
            used.add(id(counterpart))
        else:
            unmatched_new.append(index)
    leftovers = [item for item in old if id(item) not in used][:_FUZZY_MAX_CANDIDATES]
    for index in unmatched_new:
        if not leftovers:
            break
        keys = [item.key for item in leftovers]
        close = difflib.get_close_matches(new[index].key, keys, n=1, cutoff=_FUZZY_CUTOFF)
        if close:
            counterpart = leftovers.pop(keys.index(close[0]))
            matched[index] = counterpart
    return matched


Events = dict[str, Completion]  # item key -> the commit that last checked it


def advance(old: BlobRecord | None, old_events: Events, new: BlobRecord, commit: Commit | None) -> Events:
    """The checked items of `new` with the commit that last checked each.

    An item checked in `new` that was open or absent in `old` was checked by `commit`
    (None: in the working tree); one already checked keeps its earlier event.
    """
    previous = old.items if old else ()
    counterparts = match_items(previous, new.items)
    events: Events = {}
    for index, item in enumerate(new.items):
        if not item.checked:
            continue
        before = counterparts.get(index)
        if before is not None and before.checked:
            earlier = old_events.get(before.key)
            if earlier is not None:
                events[item.key] = Completion(item.text, earlier.date, earlier.commit, earlier.author)
            continue
        if commit is None:
            events[item.key] = Completion(item.text, None, None, None)
        else:
            events[item.key] = Completion(item.text, commit.date, commit.sha, commit.author)
    return events


def git_blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob (to see whether a file is as committed)."""
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()  # noqa: S324 - git's id, not security


@dataclass
class HistoryState:
    """Everything a scan knows after some commit; what the cache stores."""

    head: str | None = None
    histories: dict[str, FileHistory] = field(default_factory=dict)  # by current path
    tips: dict[str, str] = field(default_factory=dict)  # current path -> its blob at `head`
    deleted: dict[str, FileHistory] = field(default_factory=dict)  # path -> history, for re-adds
    records: dict[str, BlobRecord] = field(default_factory=dict)  # blob -> record (tips at least)
    events: dict[str, Events] = field(default_factory=dict)  # blob -> events (tips at least)


@dataclass
class HistoryResult:
    files: dict[str, FileHistory]  # by path relative to the repository root
    warnings: list[str]
    commits_read: int = 0
    from_cache: bool = False
    by_source: dict[Path, FileHistory] = field(default_factory=dict)  # by the path asked for


class HistoryScanner:
    """Scans a repository's history for some paths, incrementally from a cached state."""

    def __init__(self, repository: Repository, options: Options) -> None:
        self.repository = repository
        self.options = options
        self.raw: dict[str, bytes] = {}  # read in bulk, not parsed yet
        self.raw_kept: dict[str, bytes] = {}  # parsed; kept while a child version may need them

    def record(self, state: HistoryState, blob: str | None, parent: str | None = None) -> BlobRecord | None:
        """A blob's record: cached, derived from its parent version's, or parsed."""
        if blob is None:
            return None
        record = state.records.get(blob)
        if record is not None:
            return record
        raw = self.raw.pop(blob, None)
        if raw is None:
            raw = self.repository.blob(blob)
        parent_record = state.records.get(parent) if parent else None
        parent_raw = self.raw_kept.get(parent) if parent else None
        if parent_record is not None and parent_raw is not None:
            record = derive_record(parent_raw, parent_record, raw)
        if record is None:
            record = read_record(raw, self.options)
        state.records[blob] = record
        self.raw_kept[blob] = raw
        return record

    def apply(self, state: HistoryState, commit: Commit, change: Change) -> None:
        """Move one file forward by one commit's change."""
        path = change.path
        if change.status == "D":
            history = state.histories.pop(path, None)
            if history is not None:
                state.deleted[path] = history  # a later re-add continues it
            state.tips.pop(path, None)
            return
        if change.status == "R" and change.old_path and change.old_path != path:
            history = state.histories.pop(change.old_path, None)
            if history is not None:
                history.former_paths.append(change.old_path)
                history.path = path
                state.histories[path] = history
            state.tips.pop(change.old_path, None)
        history = state.histories.get(path)
        if history is None:  # added, copied, or re-added after a deletion
            history = state.deleted.pop(path, None) or FileHistory(path)
            state.histories[path] = history
        old_record = self.record(state, change.old_blob)
        new_record = self.record(state, change.new_blob, parent=change.old_blob)
        assert new_record is not None and change.new_blob is not None
        old_events = state.events.get(change.old_blob or "", {})
        state.events[change.new_blob] = advance(old_record, old_events, new_record, commit)
        state.tips[path] = change.new_blob
        history.snapshots.append(
            Snapshot(commit.sha, commit.date, commit.author, new_record.checked, new_record.total, new_record.status)
        )

    def scan(self, state: HistoryState, pathspecs: list[str], progress: Callable[[int], None] | None = None) -> int:
        """Read the commits after `state.head` up to HEAD into `state`; returns how many."""
        head = self.repository.head()
        since = state.head if state.head and head and self.repository.is_ancestor(state.head, head) else None
        if state.head and since is None:
            state.histories, state.tips, state.deleted, state.events = {}, {}, {}, {}  # history rewritten
        count = 0
        if head and head != state.head:
            commits = list(self.repository.log(pathspecs, since))
            wanted = {
                blob
                for _, changes in commits
                for change in changes
                for blob in (change.old_blob, change.new_blob)
                if blob and blob not in state.records
            }
            wanted |= {blob for blob in state.tips.values() if blob not in self.raw_kept}
            self.raw = self.repository.blobs(sorted(wanted))
            for blob in state.tips.values():  # cached tips: their bytes let children be derived
                if blob in self.raw:
                    self.raw_kept[blob] = self.raw.pop(blob)
            for commit, changes in commits:
                for change in changes:
                    self.apply(state, commit, change)
                count += 1
                if progress and count % 200 == 0:
                    progress(count)
            self.raw.clear()
        state.head = head
        return count


def completed_now(state: HistoryState, path: str, current: bytes | None, options: Options) -> list[Completion]:
    """Items checked in the file as it is on disk, each with the commit that last checked it."""
    tip = state.tips.get(path)
    tip_record = state.records.get(tip) if tip else None
    tip_events = state.events.get(tip, {}) if tip else {}
    if current is None:
        return []
    if tip is not None and git_blob_id(current) == tip and tip_record is not None:
        record, events = tip_record, tip_events
    else:  # uncommitted edits: compare the working tree with HEAD
        record = read_record(current, options)
        events = advance(tip_record, tip_events, record, None)
    return [events[item.key] for item in record.items if item.checked and item.key in events]


def history_for(
    paths: list[Path],
    options: Options,
    *,
    cache: Callable[[Repository, list[str]], tuple[HistoryState, Callable[[HistoryState], None]]] | None = None,
    progress: Callable[[int], None] | None = None,
) -> HistoryResult:
    """History of the Markdown `paths` (files), with warnings instead of exceptions."""
    if not paths:
        return HistoryResult({}, [])
    try:
        repository = Repository(paths[0].parent)
    except GitUnavailable as error:
        return HistoryResult({}, [f"no history: {error}"])
    warnings: list[str] = []
    try:
        if repository.head() is None:
            return HistoryResult({}, ["no history: the repository has no commits yet"])
        if repository.is_shallow():
            warnings.append(
                "shallow clone: history starts at the oldest fetched commit; fetch the full history "
                "(GitHub Actions: `fetch-depth: 0` in actions/checkout; GitLab CI: `GIT_DEPTH: 0`)"
            )
        relative = {path: repository.relative(path) for path in paths}
        pathspecs = _pathspecs(list(relative.values()))
        state, save = cache(repository, pathspecs) if cache else (HistoryState(), None)
        cached_head = state.head
        read = HistoryScanner(repository, options).scan(state, pathspecs, progress)
        if save is not None and (read or cached_head != state.head):
            save(state)
        files, by_source = {}, {}
        for path, rel in relative.items():
            history = state.histories.get(rel)
            result = FileHistory(rel)
            if history is not None:
                result.snapshots, result.former_paths = list(history.snapshots), list(history.former_paths)
            try:
                current = path.read_bytes()
            except OSError:
                current = None
            result.completed = completed_now(state, rel, current, options)
            if history is None:
                warnings.append(f"{rel}: not committed yet: no history")
            files[rel] = result
            by_source[path] = result
        return HistoryResult(files, warnings, read, cached_head is not None and read == 0, by_source)
    finally:
        repository.close()


def _pathspecs(relative_paths: list[str]) -> list[str]:
    """Markdown files (`.md`, `.markdown`, any case, any depth) under the top-level folders
    holding the files, so renames within those folders are followed (`Repository.log`
    also follows files renamed into Markdown from other names there) while their other
    files (YAML, images) are never read. A file at the repository root, or one without a
    Markdown suffix, is its own pathspec."""
    from .git import literal, markdown_in

    specs = set()
    for path in relative_paths:
        top, _, rest = path.partition("/")
        if rest:
            specs.update(markdown_in(literal(top)))
        if not rest or not path.lower().endswith((".md", ".markdown")):
            specs.add(literal(path))
    return sorted(specs)
