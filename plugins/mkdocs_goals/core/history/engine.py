"""Progress over time from git: snapshots per commit, and who checked each item when.

Every distinct blob is parsed once. Item state is kept per blob, so branches need no
special care: a commit's change goes from its parent's blob to its own, whatever else
happened elsewhere. Items are matched across versions by their text, tolerating small
edits and moves. Each blob's record comes from the same `Document` as every other
surface (its work items, progress basis and percent, status, and what it said about
being published), so a snapshot is the number a page showed at that commit.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..document.counters import COUNTER, COUNTER_TEXT
from ..document.encoding import BOM
from ..document.front_matter import find_front_matter, read_front_matter
from ..document.markdown import Task
from ..document.model import Document, Kind, Options, declared_kind, parse_document
from ..document.progress import Basis, format_number, items_percent, json_percent, progress_of
from ..document.publish import SITE_READERS, Audience, State, front_matter_state, state_of
from ..discovery import ProjectRoots
from ..processes import fork_context, usable_cores
from ..wording import agreeing, plural
from .git import Change, Commit, GitUnavailable, Repository, literal, markdown_in

WINDOW = 1000  # commits whose blobs are read together
_FUZZY_CUTOFF = 0.8
_FUZZY_MAX_CANDIDATES = 200

if TYPE_CHECKING:  # the pool is imported where it starts: a warm or derived scan never needs it
    import multiprocessing.context
    from concurrent.futures import Future


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
    """What one version of a file says: its work items and progress, status, visibility."""

    checked: int  # work items, as `Document.progress`
    total: int
    status: str | None
    items: tuple[Item, ...]  # the work items
    front_matter_lines: int = 0  # the closing delimiter's line; 0 without front matter
    basis: str = Basis.CHECKLIST.value
    percent: float = 0.0
    metric: float | None = None  # the metric's current value when the basis is the metric
    visibility: str = State.UNDECLARED.value  # a `publish.State`: what this version said
    kind: str = Kind.OTHER.value
    goals: tuple[tuple[str, int, int], ...] = ()  # a goal set's goals: (slug, first line, end line or -1)
    checkins: int = 0  # entries in the progress log: a new one is an update
    due: str | None = None  # the goal's due day (ISO), start day and metric target: a change of one is
    start: str | None = None  # an adjustment the goal page reports
    target: float | None = None
    note: str | None = None  # the newest check-in's words: an adjustment's reason, when made with it

    def goal_counts(self) -> tuple[tuple[str, int, int], ...]:
        """(slug, checked, total) of each goal of a goal set, from the items' lines."""
        counts = []
        for slug, first, end in self.goals:
            inside = [i for i in self.items if first <= i.line and (end < 0 or i.line < end)]
            counts.append((slug, sum(i.checked for i in inside), len(inside)))
        return tuple(counts)


@dataclass(frozen=True)
class Snapshot:
    commit: str
    date: str
    author: str
    checked: int
    total: int
    status: str | None
    basis: str = Basis.CHECKLIST.value
    percent: float = 0.0
    metric: float | None = None
    visibility: str = State.UNDECLARED.value
    goals: tuple[tuple[str, int, int], ...] = ()  # a goal set's goals: (slug, checked, total)
    checkins: int = 0  # entries in the progress log at this commit

    def to_json(self) -> dict:
        """The public shape (`goals history --format json`); visibility stays inside."""
        data = {
            "commit": self.commit, "date": self.date, "author": self.author, "checked": self.checked,
            "total": self.total, "status": self.status, "basis": self.basis,
            "percent": json_percent(self.percent), "metric": self.metric, "checkins": self.checkins,
        }
        if self.goals:
            data["goals"] = {
                slug: {"checked": c, "total": n, "percent": json_percent(items_percent(c, n))}
                for slug, c, n in self.goals
            }
        return data

    def of_goal(self, slug: str) -> Snapshot:
        """This snapshot as one goal of a goal set sees it (its own items only)."""
        checked, total = next(((c, n) for s, c, n in self.goals if s == slug), (0, 0))
        return replace(self, checked=checked, total=total, percent=items_percent(checked, total),
                       basis=Basis.CHECKLIST.value, metric=None, goals=())


@dataclass(frozen=True)
class Adjustment:
    """A change of plan git recorded: a new due or start date, a new metric target, or
    items taken out of the goal (its scope), with who, when, and why if a check-in said."""

    commit: str
    date: str
    author: str
    kind: str  # "due" | "start" | "target" | "scope"
    before: str
    after: str
    items: tuple[str, ...] = ()  # the items taken out (scope)
    reason: str | None = None  # the check-in added in the same commit, if one was
    visibility: str = State.UNDECLARED.value  # what the version after it said
    visibility_before: str = State.UNDECLARED.value  # and the one before: both must be visible

    def visible_to(self, audience: Audience) -> bool:
        return audience.may_see(self.visibility) and audience.may_see(self.visibility_before)

    def to_json(self) -> dict:
        return {"commit": self.commit, "date": self.date, "author": self.author, "kind": self.kind,
                "before": self.before, "after": self.after, "items": list(self.items), "reason": self.reason}


def adjustments_between(old: BlobRecord, new: BlobRecord, commit: Commit) -> list[Adjustment]:
    """What the plan changed from `old` to `new` (one commit of a file)."""
    found = []
    reason = new.note if new.checkins > old.checkins else None
    for kind, before, after in (("due", old.due, new.due), ("start", old.start, new.start),
                                ("target", old.target, new.target)):
        if before is not None and after is not None and before != after:
            found.append(Adjustment(commit.sha, commit.date, commit.author, kind, _shown(before), _shown(after),
                                    (), reason, new.visibility, old.visibility))
    matched = {id(item) for item in match_items(old.items, new.items).values()}
    removed = tuple(item.text for item in old.items if id(item) not in matched)
    if removed:
        found.append(Adjustment(commit.sha, commit.date, commit.author, "scope", f"{len(old.items)} items",
                                f"{len(new.items)} items", removed, reason, new.visibility, old.visibility))
    return found


def _shown(value: object) -> str:
    return format_number(value) if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Completion:
    text: str
    date: str | None
    commit: str | None  # None: checked in the working tree, not committed yet
    author: str | None
    visibility: str = State.UNDECLARED.value  # what the version that checked it said
    line: int = 0  # the item's line in the file as it is now

    def to_json(self) -> dict:
        return {"text": self.text, "date": self.date, "commit": self.commit, "author": self.author}


@dataclass
class FileHistory:
    """The history of one file under its current path (renames followed)."""

    path: str
    snapshots: list[Snapshot] = field(default_factory=list)
    completed: list[Completion] = field(default_factory=list)
    former_paths: list[str] = field(default_factory=list)
    renamed_at: list[int] = field(default_factory=list)  # per former path: the snapshot count when it was left
    adjustments: list[Adjustment] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "snapshots": [s.to_json() for s in self.snapshots],
            "completed": [c.to_json() for c in self.completed],
            "former_paths": self.former_paths,
            "adjustments": [a.to_json() for a in self.adjustments],
        }


def read_record(raw: bytes, options: Options) -> BlobRecord:
    """A file version's record, read by the same `Document` as every other surface."""
    return record_of(parse_document(raw, "", options, cache=False))


def record_of(document: Document) -> BlobRecord:
    """The record of a parsed version (a function of its bytes and the options alone)."""
    progress = document.progress
    state, _, _ = state_of(document)
    status = document.goal.status.value if document.goal else None
    goals = tuple((g.slug, g.line, -1 if g.end == float("inf") else int(g.end)) for g in document.subgoals)
    goal, checkins = document.goal, document.parts.progress_log if document.parts else []
    return BlobRecord(
        progress.checked, progress.total, status, items_of(document.work), document.front_matter.last_line,
        progress.basis.value, progress.percent, progress.metric, state.value, document.kind.value, goals,
        len(checkins), _iso(goal.due_date) if goal else None, _iso(goal.start_date) if goal else None,
        goal.metric.target if goal and goal.metric else None,
        " ".join(checkins[-1].lines)[:300] if checkins else None,
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def items_of(tasks: tuple[Task, ...] | list[Task]) -> tuple[Item, ...]:
    """Tasks as items that can be matched across versions."""
    return tuple(item_of(t.text, t.checked, t.line) for t in tasks)


def item_of(text: str, checked: bool, line: int) -> Item:
    """An item by its words: a counter in its text (`Migrate [1/3]`) is a figure that
    changes with its children, not part of what the item is or says."""
    if "[" in text:
        text = " ".join(COUNTER_TEXT.sub(" ", text).split()) or text
    return Item(normalise(text), text, checked, line)


# A line holding one task: the same container prefix before and after an edit means the
# same block structure, so only the box and the text can have changed.
_TASK_LINE = re.compile(rb"([ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)\[([ xX])\]([ \t]+)(.*?)[ \t\r]*")
_ATX_HEADING = re.compile(rb" {0,3}(#{1,6})(?:[ \t]|\r?$)")
_INLINE_RISK = re.compile(rb"[`<\[\]\\]")  # code spans, HTML, links can reach the next line


def derive_record(old_raw: bytes, old: BlobRecord, new_raw: bytes) -> BlobRecord | None:
    """The record of `new_raw` from its parent version's, when the edit only ticked or
    reworded work tasks, rewrote the counters in ATX headings or changed front-matter
    values; else None (and the caller parses). Exact: such edits cannot change the
    document's structure, so its sections and kind stay; what front matter decides
    (status, metric, visibility) is read again the way `read_record` reads it.
    """
    if old_raw.count(b"\n") != new_raw.count(b"\n") or old_raw[:3] != new_raw[:3]:
        return None  # lines added or removed (counted first: most rewrites of a design document end here)
    if b"]:" in new_raw:  # a reference definition can turn `[x]` into a link: parse instead
        return None
    old_lines, new_lines = old_raw.split(b"\n"), new_raw.split(b"\n")
    new_fm = find_front_matter(new_raw.removeprefix(BOM))
    if new_fm.error or new_fm.last_line != old.front_matter_lines:
        return None
    by_line = {item.line: index for index, item in enumerate(old.items)}
    items = list(old.items)
    front_matter_changed = False
    for number, (before, after) in enumerate(zip(old_lines, new_lines), start=1):
        if before == after:
            continue
        if number <= new_fm.last_line:
            front_matter_changed = True
            continue
        index = by_line.get(number)
        if index is not None:
            was, now = _TASK_LINE.fullmatch(before), _TASK_LINE.fullmatch(after)
            if not (was and now and was.group(1) == now.group(1)):
                return None
            if _INLINE_RISK.search(was.group(4)) or _INLINE_RISK.search(now.group(4)):
                return None
            text = now.group(4).decode("utf-8", "replace").strip()
            items[index] = item_of(text, now.group(2) != b" ", number)
            continue
        was, now = _ATX_HEADING.match(before), _ATX_HEADING.match(after)
        if not (was and now and was.group(1) == now.group(1)):
            return None
        if COUNTER.sub(b"", before) != COUNTER.sub(b"", after):
            return None  # a new title may name another part (a verdict section, say)
    checked, total = sum(i.checked for i in items), len(items)
    if not front_matter_changed:
        percent = old.percent if old.basis == Basis.METRIC.value else items_percent(checked, total)
        return replace(old, checked=checked, total=total, items=tuple(items), percent=percent)
    return _with_front_matter(old, old_raw, new_raw, checked, total, tuple(items))


def _with_front_matter(
    old: BlobRecord, old_raw: bytes, new_raw: bytes, checked: int, total: int, items: tuple[Item, ...]
) -> BlobRecord | None:
    """A record whose front matter changed: status, metric and visibility read anew."""
    before = read_front_matter(old_raw.removeprefix(BOM))
    after = read_front_matter(new_raw.removeprefix(BOM))
    if before.error or after.error or declared_kind(before) != declared_kind(after):
        return None  # the kind might change: parse
    from ..document.goal import validate_goal  # pydantic: only when a goal's front matter changed

    goal = validate_goal(after.data)[0] if old.kind == Kind.GOAL.value else None
    is_goal = old.kind == Kind.GOAL.value
    if is_goal and (goal is None or (goal.start_date, goal.due_date) != _dates(before)):
        return None  # new dates re-date labels such as `Q2` or `Month 3`: parse
    state, _, _ = front_matter_state(after, is_goal=is_goal, goal_valid=goal is not None)
    progress = progress_of(checked, total, goal.metric if goal else None)
    return BlobRecord(
        checked, total, goal.status.value if goal else None, items, after.last_line,
        progress.basis.value, progress.percent, progress.metric, state.value, old.kind, old.goals,
        old.checkins, old.due, old.start, goal.metric.target if goal and goal.metric else None, old.note,
    )


def _dates(front_matter) -> tuple[date | None, date | None]:  # noqa: ANN001 - a FrontMatter
    from ..document.goal import validate_goal

    goal = validate_goal(front_matter.data)[0]
    return (goal.start_date, goal.due_date) if goal else (None, None)


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
                events[item.key] = replace(earlier, text=item.text, line=item.line)
            continue
        if commit is None:
            events[item.key] = Completion(item.text, None, None, None, new.visibility, item.line)
        else:
            events[item.key] = Completion(item.text, commit.date, commit.sha, commit.author, new.visibility, item.line)
    return events


def git_blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob (to see whether a file is as committed)."""
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()  # noqa: S324 - git's id, not security


@dataclass(frozen=True)
class AsRead:
    """A file as the caller read it (`history_for(current=...)`): its record now is of
    this version, the one the caller's page counts, and the file is not read and hashed
    again. Without `raw` (not kept), it is read again only if its version is new."""

    blob: str
    raw: bytes | None = None

    @classmethod
    def of(cls, raw: bytes) -> AsRead:
        return cls(git_blob_id(raw), raw)


@dataclass
class HistoryState:
    """Everything a scan knows after some commit; what the cache stores."""

    head: str | None = None
    histories: dict[str, FileHistory] = field(default_factory=dict)  # by current path
    tips: dict[str, str] = field(default_factory=dict)  # current path -> its blob at `head`
    deleted: dict[str, FileHistory] = field(default_factory=dict)  # path -> history, for re-adds
    records: dict[str, BlobRecord] = field(default_factory=dict)  # blob -> record (tips at least)
    events: dict[str, Events] = field(default_factory=dict)  # blob -> events (tips at least)
    problem: str | None = field(default=None, compare=False)  # why a cache file was not used (a warning)


@dataclass
class HistoryResult:
    files: dict[str, FileHistory]  # by path relative to the repository root; none that is `hidden`
    warnings: list[str]
    commits_read: int = 0
    from_cache: bool = False
    by_source: dict[Path, FileHistory] = field(default_factory=dict)  # by the path asked for
    uncommitted: list[str] = field(default_factory=list)  # asked for, but in no commit yet
    hidden: set[str] = field(default_factory=set)  # asked for, but the audience may not see them now


class HistoryScanner:
    """Scans a repository's history for some paths, incrementally from a cached state."""

    def __init__(self, repository: Repository, options: Options, known: Mapping[str, BlobRecord] | None = None) -> None:
        self.repository = repository
        self.options = options
        self.known = known or {}  # records the caller made already (versions it parsed), by blob
        self.raw: dict[str, bytes] = {}  # read in bulk, not parsed yet
        self.raw_kept: dict[str, bytes] = {}  # parsed; kept while a child version may need them
        self.missing: set[str] = set()  # blobs the repository does not have (a damaged or partial clone)
        self.parsing: Parsing | None = None  # a window's versions being parsed by other processes
        self.parses = 0  # edits in the last window that derivation could not read, and edits: when most of
        self.recorded = 0  # many needed a full parse, the next window is parsed in parallel

    def record(self, state: HistoryState, blob: str | None, parent: str | None = None) -> BlobRecord | None:
        """A blob's record: cached, derived from its parent version's, or parsed."""
        if blob is None:
            return None
        record = state.records.get(blob)
        if record is not None:
            return record
        raw = self.raw.pop(blob, None)
        if raw is None:
            try:
                raw = self.repository.blob(blob)
            except Exception:  # noqa: BLE001 - gitdb raises its own kinds for a missing or broken object
                self.missing.add(blob)
                return None
        parent_record = state.records.get(parent) if parent else None
        parent_raw = self.raw_kept.get(parent) if parent else None
        record = self.known.get(blob)
        if record is None and parent_record is not None and parent_raw is not None:
            self.recorded += 1  # an edit: derivation tried (a new file, never derivable, predicts nothing)
            record = derive_record(parent_raw, parent_record, raw)
            self.parses += record is None
        if record is None:
            record = self.parsing.take(blob) if self.parsing and blob in self.parsing else None
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
                history.renamed_at.append(len(history.snapshots))
                history.path = path
                state.histories[path] = history
            state.tips.pop(change.old_path, None)
        history = state.histories.get(path)
        if history is None:  # added, copied, or re-added after a deletion
            history = state.deleted.pop(path, None) or FileHistory(path)
            state.histories[path] = history
        old_record = self.record(state, change.old_blob)
        new_record = self.record(state, change.new_blob, parent=change.old_blob)
        if new_record is None or change.new_blob is None:
            return  # the version is missing from the repository: no snapshot, the history goes on without it
        old_events = state.events.get(change.old_blob or "", {})
        state.events[change.new_blob] = advance(old_record, old_events, new_record, commit)
        state.tips[path] = change.new_blob
        r = new_record
        history.snapshots.append(
            Snapshot(commit.sha, commit.date, commit.author, r.checked, r.total, r.status, r.basis, r.percent,
                     r.metric, r.visibility, r.goal_counts(), r.checkins)
        )
        if old_record is not None and old_record.kind == r.kind:
            history.adjustments += adjustments_between(old_record, r, commit)

    def scan(self, state: HistoryState, pathspecs: list[str], progress: Callable[[int], None] | None = None) -> int:
        """Read the commits after `state.head` up to HEAD into `state`; returns how many.

        Blobs are read a window of commits at a time; between windows only the tips'
        bytes are kept (for deriving their children), and the records and events a later
        commit can still ask for: memory follows the files at HEAD and one window, not
        the whole history."""
        head = self.repository.head()
        since = state.head if state.head and head and self.repository.is_ancestor(state.head, head) else None
        if state.head and since is None:
            state.histories, state.tips, state.deleted, state.events = {}, {}, {}, {}  # history rewritten
        count = 0
        if head and head != state.head:
            commits = list(self.repository.log(pathspecs, since))
            last_use = {change.old_blob: index for index, (_, changes) in enumerate(commits)
                        for change in changes if change.old_blob}
            workers = parallel_workers() if len(commits) >= PARALLEL_FROM else 1
            frozen = len(commits) >= PARALLEL_FROM and not gc.get_freeze_count()
            if frozen:  # what the caller holds (the CLI's documents, say) is not ours to collect again and
                gc.freeze()  # again, nor for a forked parser to touch and so copy
            try:
                for start, end in _windows(len(commits)):
                    window = commits[start:end]
                    self._fetch(state, window)
                    if workers > 1 and self.parses >= max(PARALLEL_MIN, self.recorded * PARALLEL_SHARE):
                        self.parsing = Parsing(self.raw, window, self.options, workers, self.parsing, self.known)
                    self.parses = self.recorded = 0
                    for commit, changes in window:
                        for change in changes:
                            self.apply(state, commit, change)
                        count += 1
                        if progress and count % 200 == 0:
                            progress(count)
                    self.raw.clear()
                    self._forget(state, last_use, end)
            finally:
                if self.parsing is not None:
                    self.parsing.close()
                    self.parsing = None
                if frozen:
                    gc.unfreeze()
        state.head = head
        return count

    def _forget(self, state: HistoryState, last_use: dict[str, int], done: int) -> None:
        """After the first `done` commits: only the tips' bytes stay, and only the records
        and events of tips and of versions a later commit changes (its parent version).
        A version seen again later as a new one is read again: its record is a function
        of its bytes, and its events are computed anew from its parent's."""
        tips = set(state.tips.values())
        self.raw_kept = {blob: raw for blob, raw in self.raw_kept.items() if blob in tips}
        for table in (state.records, state.events):
            for blob in [b for b in table if b not in tips and last_use.get(b, -1) < done]:
                del table[blob]

    def _fetch(self, state: HistoryState, window: list[tuple[Commit, list[Change]]]) -> None:
        """The bytes a window needs, in one `cat-file` run: every version not recorded yet,
        and the recorded parent of each (its bytes let the child be derived, not parsed)."""
        wanted = set()
        for _, changes in window:
            for change in changes:
                if change.new_blob and change.new_blob not in state.records:
                    wanted.add(change.new_blob)
                    if change.old_blob and change.old_blob not in self.raw_kept:
                        wanted.add(change.old_blob)
                elif change.old_blob and change.old_blob not in state.records:
                    wanted.add(change.old_blob)
        self.raw = self.repository.blobs(sorted(wanted))
        for blob in [b for b in self.raw if b in state.records]:  # recorded parents: bytes only
            self.raw_kept[blob] = self.raw.pop(blob)


def _windows(count: int) -> list[tuple[int, int]]:
    """Where windows start and end: a short first one (it tells whether the next ones
    are worth parsing in parallel), then `WINDOW` commits each."""
    if not count:
        return []
    bounds = [0, min(count, max(1, WINDOW // 10))]
    while bounds[-1] < count:
        bounds.append(min(count, bounds[-1] + WINDOW))
    return list(zip(bounds, bounds[1:]))


PARALLEL_FROM = 64  # commits to read from which other processes may parse too
PARALLEL_MIN = 8  # full parses a window needed, and the share of its versions, for the next window to be
PARALLEL_SHARE = 0.5  # parsed in parallel (a history of small edits derives most versions: no pool)


def parallel_workers() -> int:
    """Processes that parse versions besides this one: one per core, unless
    `GOALS_HISTORY_WORKERS` says otherwise (1: parse here only)."""
    try:
        return max(1, int(os.environ.get("GOALS_HISTORY_WORKERS", "") or usable_cores()))
    except ValueError:
        return 1


class Parsing:
    """A window's new versions parsed by a process pool while this process walks the
    commits (deriving what it can, which needs no parse): distinct versions are
    independent. A version the walk derives is parsed for nothing; that is why the pool
    is only used after a window in which most edits of a file, and many, needed a full
    parse (not the first, short window: it is the measure)."""

    def __init__(self, raw: dict[str, bytes], window: list[tuple[Commit, list[Change]]], options: Options,
                 workers: int, previous: Parsing | None, known: Mapping[str, BlobRecord]) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.pool = previous.pool if previous is not None else ProcessPoolExecutor(workers, _start_method())
        order = list(dict.fromkeys(c.new_blob for _, changes in window for c in changes
                                   if c.new_blob in raw and c.new_blob not in known))
        size = max(1, min(32, len(order) // (4 * workers) or 1))
        self.futures: dict[str, Future] = {}
        self.index: dict[str, int] = {}  # a version's place in its chunk
        for start in range(0, len(order), size):
            chunk = order[start : start + size]
            future = self.pool.submit(_read_records, [raw[blob] for blob in chunk], options)
            for index, blob in enumerate(chunk):
                self.futures[blob], self.index[blob] = future, index

    def __contains__(self, blob: str) -> bool:
        return blob in self.futures

    def take(self, blob: str) -> BlobRecord | None:
        """The version's record, waiting for it; None if its process failed (parse here)."""
        future = self.futures.pop(blob)
        try:
            return future.result()[self.index.pop(blob)]
        except Exception:  # noqa: BLE001 - a worker that died (memory, a signal): parse in this process
            return None

    def close(self) -> None:
        for future in self.futures.values():
            future.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)


def _start_method() -> multiprocessing.context.BaseContext:
    """Fork where it is safe and cheap (`processes.fork_context`), else fresh processes."""
    import multiprocessing

    return fork_context() or multiprocessing.get_context("spawn")


def _read_records(raws: list[bytes], options: Options) -> list[BlobRecord]:
    """`read_record` of each, in a pool's process."""
    return [read_record(raw, options) for raw in raws]


def current_record(
    state: HistoryState, path: str, current: AsRead, options: Options, known: Mapping[str, BlobRecord] | None = None
) -> tuple[BlobRecord, Events] | None:
    """The record of a file as it is on disk, and who last checked each of its items.

    Read through the blob-keyed records, as history is: the file hashed as git would,
    a version already recorded is never parsed again (the tip when the file is as
    committed; under `mkdocs serve`, an uncommitted version seen by an earlier rebuild).
    A version other than the tip is compared with the tip (its new ticks: uncommitted).
    None for a version never recorded that `current` has no bytes of."""
    tip = state.tips.get(path)
    tip_record = state.records.get(tip) if tip else None
    tip_events = state.events.get(tip, {}) if tip else {}
    blob = current.blob
    if blob == tip and tip_record is not None:
        return tip_record, tip_events
    record = state.records.get(blob) or (known or {}).get(blob)
    if record is None:
        if current.raw is None:
            return None  # known by its id only: the caller reads the file
        record = read_record(current.raw, options)
    state.records[blob] = record
    return record, advance(tip_record, tip_events, record, None)


def completed_now(record: BlobRecord, events: Events, audience: Audience) -> list[Completion]:
    """Items checked now, each with the commit that last checked it; an item checked in a
    version the audience may not see (a private era) is left out: its date and author
    are that era's."""
    found = [events[item.key] for item in record.items if item.checked and item.key in events]
    return [c for c in found if c.commit is None or audience.may_see(c.visibility)]


def history_for(
    paths: list[Path],
    options: Options,
    *,
    cache: Callable[[Repository, list[str]], tuple[HistoryState, Callable[[HistoryState], None]]] | None = None,
    progress: Callable[[int], None] | None = None,
    audience: Audience = SITE_READERS,
    known: Mapping[str, BlobRecord] | None = None,
    current: Mapping[Path, AsRead] | None = None,
) -> HistoryResult:
    """History of the Markdown `paths` (files), as `audience` may see it, with warnings
    instead of exceptions. `known`: records of versions the caller parsed already (by
    blob id, from `record_of`), which are then not parsed again. `current`: the files as
    the caller read them, which are then not read again (and whose history ends in the
    version the caller shows, even if the file changed since).

    A file the audience may not see now has no history at all; of the others, the
    snapshots and completions from versions it may not see (a private era) are left out.
    Files in different repositories (a submodule, a nested clone) are read from each.
    """
    groups: dict[Path | None, list[Path]] = {}
    work_tree = ProjectRoots().work_tree
    for path in paths:
        groups.setdefault(work_tree(path), []).append(path)  # None: in no repository
    result = HistoryResult({}, [])
    for root, members in groups.items():
        part = _history_in(root or members[0].parent, members, options, cache=cache, progress=progress,
                           audience=audience, known=known or {}, current=current or {})
        result.files.update(part.files)
        result.by_source.update(part.by_source)
        result.uncommitted += part.uncommitted
        result.hidden |= part.hidden
        result.warnings += [w for w in part.warnings if w not in result.warnings]
        result.commits_read += part.commits_read
        result.from_cache = part.from_cache if len(groups) == 1 else result.from_cache and part.from_cache
    return result


def _history_in(
    root: Path,
    paths: list[Path],
    options: Options,
    *,
    cache: Callable[[Repository, list[str]], tuple[HistoryState, Callable[[HistoryState], None]]] | None,
    progress: Callable[[int], None] | None,
    audience: Audience,
    known: Mapping[str, BlobRecord],
    current: Mapping[Path, AsRead],
) -> HistoryResult:
    """`history_for` of files that share one repository (or none)."""
    try:
        repository = Repository(root)
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
        relative = {}
        for path in paths:
            try:
                relative[path] = repository.relative(path)
            except ValueError:
                warnings.append(f"no history for {path}: it is not inside the repository at {repository.root}")
        pathspecs = _pathspecs(list(relative.values()))
        state, save = cache(repository, pathspecs) if cache else (HistoryState(), None)
        if state.problem:
            warnings.append(state.problem)
            state.problem = None  # said once, not at every rebuild of `mkdocs serve`
        cached_head = state.head
        scanner = HistoryScanner(repository, options, known)
        read = scanner.scan(state, pathspecs, progress)
        if scanner.missing:
            warnings.append(
                f"{plural(len(scanner.missing), 'file version')} "
                f"{agreeing(len(scanner.missing), 'is', 'are')} missing from the repository (e.g. "
                f"{sorted(scanner.missing)[0][:12]}): the history is computed from what is there; "
                "`git fsck` says more"
            )
        if save is not None and (read or cached_head != state.head):
            save(state)
        result = HistoryResult({}, warnings, read, cached_head is not None and read == 0)
        for path, rel in relative.items():
            history = _visible_history(state, path, rel, options, audience, known, current.get(path))
            if history is None:  # not even its name is listed: a caller may print `files`
                result.hidden.add(rel)
                result.by_source[path] = FileHistory(rel)
                continue
            if rel not in state.histories:
                result.uncommitted.append(rel)
            result.files[rel] = result.by_source[path] = history
        return result
    finally:
        repository.close()


def _visible_history(
    state: HistoryState, path: Path, rel: str, options: Options, audience: Audience,
    known: Mapping[str, BlobRecord], as_read: AsRead | None,
) -> FileHistory | None:
    """The history of `rel` as `audience` may see it; None when it may not see the file
    now (or it cannot be read: in doubt, hidden)."""
    visible = FileHistory(rel)
    found = current_record(state, rel, as_read, options, known) if as_read is not None else None
    if found is None:
        try:
            found = current_record(state, rel, AsRead.of(path.read_bytes()), options, known)
        except OSError:
            return None
    record, events = found
    if not audience.may_see(record.visibility):
        return None  # a private goal shows nothing, not even that it has a history
    history = state.histories.get(rel)
    if history is not None:
        visible.snapshots = [s for s in history.snapshots if audience.may_see(s.visibility)]
        visible.adjustments = [a for a in history.adjustments if a.visible_to(audience)]
        visible.former_paths = _visible_former_paths(history, audience)
    visible.completed = completed_now(record, events, audience)
    return visible


def _visible_former_paths(history: FileHistory, audience: Audience) -> list[str]:
    """The file's former names that a version the audience may see had: a name from a
    private era is that era's (it may say what the goal was)."""
    if len(history.renamed_at) != len(history.former_paths):
        return []  # an older record without the boundaries: show none rather than guess
    shown, start = [], 0
    for name, end in zip(history.former_paths, history.renamed_at):
        if any(audience.may_see(s.visibility) for s in history.snapshots[start:end]):
            shown.append(name)
        start = end
    return shown


def _pathspecs(relative_paths: list[str]) -> list[str]:
    """Markdown files (`.md`, `.markdown`, any case, any depth) under the top-level folders
    holding the files, so renames within those folders are followed (`Repository.log`
    also follows files renamed into Markdown from other names there) while their other
    files (YAML, images) are never read. A file at the repository root, or one without a
    Markdown suffix, is its own pathspec."""
    specs = set()
    for path in relative_paths:
        top, _, rest = path.partition("/")
        if rest:
            specs.update(markdown_in(literal(top)))
        if not rest or not path.lower().endswith((".md", ".markdown")):
            specs.add(literal(path))
    return sorted(specs)
