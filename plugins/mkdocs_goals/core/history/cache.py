"""The history cache: what a scan knew at some commit, so the next scan reads only newer ones.

Keyed by the counting options, the engine version and the paths; inside, by the last
processed commit and by blob ids. Blob ids name content, so a cached record can never
describe different bytes; a rewritten history (the cached commit is no ancestor of
HEAD any more) is scanned again from the start.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import stat
import subprocess
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..document.model import Kind, Options
from ..document.progress import Basis
from ..document.publish import State
from ..fix import write_atomically
from .columns import (
    Malformed, at_most, choices, counts, fields, flags, groups, indexes, lists, maybe_numbers, maybe_texts, numbers,
    object_ids, table, texts, triples, typed, unique,
)
from .engine import Adjustment, BlobRecord, Completion, Events, FileHistory, HistoryState, Item, Snapshot
from .git import Repository

ENGINE_VERSION = 7  # 3: work items, basis, percent, metric, visibility; 4: renames; 5: check-ins, plan changes;
# 6: items without their counters; 7: tables of columns, commits by index


def cache_file(directory: Path, options: Options, pathspec_key: str, kind: str = "history") -> Path:
    """A cache file of `kind` in `directory`, named by everything its content depends on."""
    key = json.dumps([ENGINE_VERSION, options.scope.value, options.bare_checkboxes, pathspec_key])
    return directory / f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"


# The layout (version 7): tables of columns, one row per snapshot, plan change, record,
# item, tip's events and completion; all files' rows in one table each (a file owns the
# next `snapshots` rows, say); every commit's id, date and author once, in `commits`,
# referred to by index. Far fewer values than an object per row (40 MB became 23 MB for
# 10,000 goals and 100,000 commits), and each column is checked whole (`columns.py`).
_COMMIT = ("sha", "date", "author")
_FILE = ("path", "deleted", "former_paths", "renamed_at", "snapshots", "adjustments")
_SNAPSHOT = ("commit", "checked", "total", "status", "basis", "percent", "metric", "visibility", "goals", "checkins")
_ADJUSTMENT = ("commit", "kind", "before", "after", "items", "reason", "visibility", "visibility_before")
_RECORD = ("blob", "checked", "total", "status", "fm", "basis", "percent", "metric", "visibility", "kind", "goals",
           "checkins", "due", "start", "target", "note", "items")
_RECORD_ATTRIBUTES = ("checked", "total", "status", "front_matter_lines", "basis", "percent", "metric", "visibility",
                      "kind", "goals", "checkins", "due", "start", "target", "note")  # of `BlobRecord`, per column
_ITEM = ("key", "text", "checked", "line")
_EVENTS = ("blob", "completions")
_COMPLETION = ("key", "text", "commit", "visibility", "line")
_TOP = ("version", "head", "tips", "commits", "files", "snapshots", "adjustments", "records", "items", "events",
        "completions")


class _Commits:
    """The commit table being written: each commit's index, its date and author once."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.dates: list[str] = []
        self.authors: list[str] = []

    def of(self, sha: str | None, date: str | None, author: str | None) -> int | None:
        if sha is None:
            return None  # a completion in the working tree: no commit yet
        index = self.index.get(sha)
        if index is None:
            index = self.index[sha] = len(self.dates)
            self.dates.append(date)
            self.authors.append(author)
        return index

    def json(self) -> dict:
        return {"sha": list(self.index), "date": self.dates, "author": self.authors}


def _columns(rows: list, names: tuple[str, ...], attributes: tuple[str, ...] | None = None) -> dict[str, list]:
    """A table of `rows` (objects): each column one attribute (named as the column unless
    `attributes` says otherwise)."""
    return {name: [getattr(row, attribute) for row in rows] for name, attribute in zip(names, attributes or names)}


def dump(state: HistoryState) -> dict:
    """Only the tips' records and events are kept: the next scan starts from them."""
    return dict(_tables(state))


def encoded(state: HistoryState) -> Iterator[bytes]:
    """`dump(state)` as compact JSON, byte for byte, a table at a time: a save never holds
    the whole file's text, its bytes and every table at once (that doubled the peak of a
    10,000-goal history's save)."""
    opening = b"{"
    for key, value in _tables(state):
        yield b"%s%s:%s" % (opening, json.dumps(key).encode(), json.dumps(value, separators=(",", ":")).encode())
        opening = b","
    yield b"}"


def _tables(state: HistoryState) -> Iterator[tuple[str, Any]]:
    """The cache file's top-level keys and values, each table made when it is asked for."""
    tips = set(state.tips.values())
    files = [*state.histories.values(), *state.deleted.values()]
    commits = _Commits()  # filled while the other tables are made, so written last
    of = commits.of
    yield "version", ENGINE_VERSION
    yield "head", state.head
    yield "tips", state.tips
    yield "files", {"path": [h.path for h in files],
                    "deleted": [False] * len(state.histories) + [True] * len(state.deleted),
                    "former_paths": [h.former_paths for h in files], "renamed_at": [h.renamed_at for h in files],
                    "snapshots": [len(h.snapshots) for h in files], "adjustments": [len(h.adjustments) for h in files]}
    snapshots = [s for h in files for s in h.snapshots]
    yield "snapshots", {"commit": [of(s.commit, s.date, s.author) for s in snapshots],
                        **_columns(snapshots, _SNAPSHOT[1:])}
    del snapshots
    adjustments = [a for h in files for a in h.adjustments]
    yield "adjustments", {"commit": [of(a.commit, a.date, a.author) for a in adjustments],
                          **_columns(adjustments, _ADJUSTMENT[1:])}
    del adjustments
    records = [(blob, r) for blob, r in state.records.items() if blob in tips]
    yield "records", {"blob": [blob for blob, _ in records],
                      **_columns([r for _, r in records], _RECORD[1:-1], _RECORD_ATTRIBUTES),
                      "items": [len(r.items) for _, r in records]}
    yield "items", _columns([i for _, r in records for i in r.items], _ITEM)
    del records
    events = [(blob, e) for blob, e in state.events.items() if blob in tips]
    completions = [c for _, e in events for c in e.values()]
    yield "events", {"blob": [blob for blob, _ in events], "completions": [len(e) for _, e in events]}
    yield "completions", {"key": [key for _, e in events for key in e], "text": [c.text for c in completions],
                          "commit": [of(c.commit, c.date, c.author) for c in completions],
                          **_columns(completions, _COMPLETION[3:])}
    del events, completions
    yield "commits", commits.json()


_BASES = frozenset(b.value for b in Basis)
_STATES = frozenset(s.value for s in State)
_KINDS = frozenset(k.value for k in Kind)
_ADJUSTMENT_KINDS = frozenset({"due", "start", "target", "scope"})


def _commit_table(data: Any) -> tuple[list[str], list[str], list[str]]:
    commits = table(data, _COMMIT)
    return object_ids(commits["sha"]), texts(commits["date"]), texts(commits["author"])


def _snapshots(data: Any, commits: tuple[list[str], list[str], list[str]]) -> list[Snapshot]:
    rows = table(data, _SNAPSHOT)
    shas, dates, authors = commits
    index = indexes(rows["commit"], len(shas))
    checked, total = counts(rows["checked"]), counts(rows["total"])
    at_most(checked, total)
    return list(map(
        Snapshot, [shas[i] for i in index], [dates[i] for i in index], [authors[i] for i in index], checked, total,
        maybe_texts(rows["status"]), choices(rows["basis"], _BASES), numbers(rows["percent"]),
        maybe_numbers(rows["metric"]), choices(rows["visibility"], _STATES), triples(rows["goals"]),
        counts(rows["checkins"]),
    ))


def _adjustments(data: Any, commits: tuple[list[str], list[str], list[str]]) -> list[Adjustment]:
    rows = table(data, _ADJUSTMENT)
    shas, dates, authors = commits
    index = indexes(rows["commit"], len(shas))
    return list(map(
        Adjustment, [shas[i] for i in index], [dates[i] for i in index], [authors[i] for i in index],
        choices(rows["kind"], _ADJUSTMENT_KINDS), texts(rows["before"]), texts(rows["after"]),
        [tuple(items) for items in lists(rows["items"], texts)], maybe_texts(rows["reason"]),
        choices(rows["visibility"], _STATES), choices(rows["visibility_before"], _STATES),
    ))


def _files(data: Any, snapshots: list[Snapshot], adjustments: list[Adjustment]) -> list[tuple[bool, FileHistory]]:
    """Each file's history, and whether it is deleted (kept for a re-add)."""
    rows = table(data, _FILE)
    former, renamed_at = lists(rows["former_paths"], texts), lists(rows["renamed_at"], counts)
    if list(map(len, former)) != list(map(len, renamed_at)):
        raise Malformed("renames and their snapshot counts differ")
    deleted, paths = flags(rows["deleted"]), texts(rows["path"])
    for gone in (False, True):
        unique([path for path, flag in zip(paths, deleted) if flag is gone])
    return list(zip(deleted, map(
        FileHistory, paths, groups(snapshots, rows["snapshots"]), [[] for _ in paths], former, renamed_at,
        groups(adjustments, rows["adjustments"]),
    )))


def _records(data: Any, items: Any) -> dict[str, BlobRecord]:
    rows, item_rows = table(data, _RECORD), table(items, _ITEM)
    checked, total = counts(rows["checked"]), counts(rows["total"])
    at_most(checked, total)
    items = list(map(Item, texts(item_rows["key"]), texts(item_rows["text"]), flags(item_rows["checked"]),
                     counts(item_rows["line"])))
    return dict(zip(unique(object_ids(rows["blob"])), map(
        BlobRecord, checked, total, maybe_texts(rows["status"]), map(tuple, groups(items, rows["items"])),
        counts(rows["fm"]), choices(rows["basis"], _BASES), numbers(rows["percent"]), maybe_numbers(rows["metric"]),
        choices(rows["visibility"], _STATES), choices(rows["kind"], _KINDS), triples(rows["goals"]),
        counts(rows["checkins"]), maybe_texts(rows["due"]), maybe_texts(rows["start"]),
        maybe_numbers(rows["target"]), maybe_texts(rows["note"]),
    )))


def _events(data: Any, completions: Any, commits: tuple[list[str], list[str], list[str]]) -> dict[str, Events]:
    rows, done = table(data, _EVENTS), table(completions, _COMPLETION)
    shas, dates, authors = commits
    index = indexes(done["commit"], len(shas), optional=True)
    keys = texts(done["key"])
    found = list(map(
        Completion, texts(done["text"]), [None if i is None else dates[i] for i in index],
        [None if i is None else shas[i] for i in index], [None if i is None else authors[i] for i in index],
        choices(done["visibility"], _STATES), counts(done["line"]),
    ))
    events = {}
    for blob, key_group, group in zip(unique(object_ids(rows["blob"])), groups(keys, rows["completions"]),
                                      groups(found, rows["completions"])):
        events[blob] = dict(zip(unique(key_group), group))
    return events


def load(data: Any) -> HistoryState:
    """The state a cache file describes. Any other version means a fresh state; any value
    of the wrong shape or type raises Malformed, never something that could mislead the scan."""
    if typed(data, dict).get("version") != ENGINE_VERSION:
        return HistoryState()
    data = fields(data, _TOP)
    head = data["head"]
    tips = typed(data["tips"], dict)
    commits = _commit_table(data["commits"])
    state = HistoryState(head=None if head is None else object_ids([head])[0])
    state.tips = dict(zip(texts(list(tips)), object_ids(list(tips.values()))))
    for deleted, history in _files(data["files"], _snapshots(data["snapshots"], commits),
                                   _adjustments(data["adjustments"], commits)):
        (state.deleted if deleted else state.histories)[history.path] = history
    state.records = _records(data["records"], data["items"])
    state.events = _events(data["events"], data["completions"], commits)
    return state


class FileCache:
    """The cache for `history_for` (call it like a function): one JSON file per repository,
    options and folders, in `directory` relative to the repository root (default
    `.cache/goals`). A missing, unreadable or malformed cache file just means a full
    scan, and so does one this machine did not write: a file git tracks (it came with
    someone's commit), a symlink, or a relative cache folder that leads out of the
    repository; those are never written either."""

    def __init__(self, directory: Path | None, options: Options) -> None:
        self.directory = directory
        self.options = options
        self.untrusted: set[Path] = set()

    def folder(self, repository: Repository) -> Path:
        """The cache folder for `repository`."""
        if self.directory is not None and self.directory.is_absolute():
            return self.directory
        return repository.root / (self.directory or Path(".cache/goals"))

    def path(self, repository: Repository, pathspecs: list[str]) -> Path:
        """The cache file; it names everything the cached state depends on."""
        file = cache_file(self.folder(repository), self.options, "\x00".join(pathspecs))
        if not self.trusted(repository, file):
            self.untrusted.add(file)
        return file

    def trusted(self, repository: Repository, file: Path) -> bool:
        """Whether `file` is this machine's own cache (see the class docstring)."""
        root = repository.root.resolve()
        inside = file.parent.resolve().is_relative_to(root)
        if not inside:
            return self.directory is not None and self.directory.is_absolute()  # a folder the user chose
        try:
            tracked = repository.run("ls-files", "-z", "--", str(file.resolve().relative_to(root)))
        except (subprocess.CalledProcessError, OSError, ValueError):
            return False
        return not tracked

    def load(self, path: Path) -> HistoryState:
        """The cached state, or a fresh one: quietly when there is no cache file yet or an
        older version wrote it, with a warning (in `HistoryState.problem`) when it is
        there but not to be trusted or not readable."""
        if path in self.untrusted:
            problem = "is tracked by git or outside the repository" if path.exists() or path.is_symlink() else None
            return HistoryState(problem=_ignored(path, problem) if problem else None)
        if not path.exists() and not path.is_symlink():
            return HistoryState()
        try:  # one expression: the file's bytes and text are not held while the state is built
            with uncollected():
                return load(json.loads(read_regular_file(path).decode("utf-8")))
        except OSError as error:
            return HistoryState(problem=_ignored(path, f"cannot be read ({error.strerror or error})"))
        except (ValueError, KeyError, TypeError, IndexError, RecursionError) as error:
            return HistoryState(problem=_ignored(path, f"is not one this version wrote ({type(error).__name__})"))

    def save(self, path: Path, state: HistoryState) -> None:
        if path in self.untrusted:
            return
        with uncollected():
            write_cache_file(path, encoded(state))

    def __call__(
        self, repository: Repository, pathspecs: list[str]
    ) -> tuple[HistoryState, Callable[[HistoryState], None]]:
        path = self.path(repository, pathspecs)
        return self.load(path), lambda state: self.save(path, state)


@contextmanager
def uncollected() -> Iterator[None]:
    """No cycle collection meanwhile: decoding or writing a cache makes millions of
    containers, none of them in a cycle, and each collection on the way would walk them
    and everything else the process holds again (it was half the time of a load)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _ignored(path: Path, why: str) -> str:
    return f"history cache {path.name} {why}: ignored, the history is read from git (it only costs time)"


def write_cache_file(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Replace a cache file atomically, making its folder first; never through a symlink,
    and quietly not at all when it cannot be written (a cache only saves time)."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True)
            _ignore_itself(path.parent)
        if path.is_symlink():
            return
        write_atomically(path, data)
    except OSError:
        pass


def _ignore_itself(folder: Path) -> None:
    """A folder we created holds a `.gitignore` of `*` (as pytest's and ruff's caches do):
    a cache that `git add -A` committed would be ignored as untrusted, and cost time."""
    (folder / ".gitignore").write_text("# Created by mkdocs-goals: the history cache is not content.\n*\n")


def read_regular_file(path: Path) -> bytes:
    """The bytes of `path` if it is a regular file itself: not a symlink to a device or
    FIFO that would block or never end (OSError otherwise)."""
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"{path}: not a regular file")
    with open(path, "rb", opener=lambda name, flags: os.open(name, flags | getattr(os, "O_NOFOLLOW", 0))) as stream:
        return stream.read()


class KeptCache:
    """A `FileCache` whose last state stays in memory, for processes that build again and
    again (`mkdocs serve`, `goals generate --watch`): a rebuild reads the file only when
    the state it holds belongs to another cache file."""

    def __init__(self, disk: FileCache) -> None:
        self.disk = disk
        self.state: HistoryState | None = None
        self.key: Path | None = None

    def __call__(
        self, repository: Repository, pathspecs: list[str]
    ) -> tuple[HistoryState, Callable[[HistoryState], None]]:
        path = self.disk.path(repository, pathspecs)
        if self.key != path or self.state is None:  # kept from now on: a rebuild with no new commit saves
            self.state, self.key = self.disk.load(path), path  # nothing, and should not read the file again
        state = self.state

        def save(new_state: HistoryState) -> None:
            self.state, self.key = new_state, path
            self.disk.save(path, new_state)

        return state, save
