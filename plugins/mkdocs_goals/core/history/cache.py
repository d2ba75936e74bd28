"""The history cache: what a scan knew at some commit, so the next scan reads only newer ones.

Keyed by the counting options, the engine version and the paths; inside, by the last
processed commit and by blob ids. Blob ids name content, so a cached record can never
describe different bytes; a rewritten history (the cached commit is no ancestor of
HEAD any more) is scanned again from the start.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..document.model import Kind, Options
from ..document.progress import Basis
from ..document.publish import State
from ..fix import write_atomically
from .git import Repository
from .engine import Adjustment, BlobRecord, Completion, FileHistory, HistoryState, Item, Snapshot

ENGINE_VERSION = 6  # 3: work items, basis, percent, metric, visibility; 4: renames; 5: check-ins, plan changes;
# 6: items without their counters


def cache_file(directory: Path, options: Options, pathspec_key: str, kind: str = "history") -> Path:
    """A cache file of `kind` in `directory`, named by everything its content depends on."""
    key = json.dumps([ENGINE_VERSION, options.scope.value, options.bare_checkboxes, pathspec_key])
    return directory / f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"


def _history_json(history: FileHistory) -> dict:
    return {"path": history.path, "former_paths": history.former_paths, "renamed_at": history.renamed_at,
            "snapshots": [_snapshot_json(s) for s in history.snapshots],
            "adjustments": [asdict(a) for a in history.adjustments]}


def _snapshot_json(s: Snapshot) -> dict:
    """A snapshot's fields by name (as `asdict`, which copies every value deeply: slow)."""
    return {"commit": s.commit, "date": s.date, "author": s.author, "checked": s.checked, "total": s.total,
            "status": s.status, "basis": s.basis, "percent": s.percent, "metric": s.metric,
            "visibility": s.visibility, "goals": [list(g) for g in s.goals], "checkins": s.checkins}


def _completion_json(c: Completion) -> dict:
    return {"text": c.text, "date": c.date, "commit": c.commit, "author": c.author, "visibility": c.visibility,
            "line": c.line}


def dump(state: HistoryState) -> dict:
    """Only the tips' records and events are kept: the next scan starts from them."""
    tips = set(state.tips.values())
    return {
        "version": ENGINE_VERSION,
        "head": state.head,
        "histories": [_history_json(h) for h in state.histories.values()],
        "deleted": [_history_json(h) for h in state.deleted.values()],
        "tips": state.tips,
        "records": {
            blob: {"checked": r.checked, "total": r.total, "status": r.status, "fm": r.front_matter_lines,
                   "basis": r.basis, "percent": r.percent, "metric": r.metric, "visibility": r.visibility, "kind": r.kind,
                   "goals": [list(g) for g in r.goals], "checkins": r.checkins, "due": r.due, "start": r.start,
                   "target": r.target, "note": r.note,
                   "items": [[i.key, i.text, i.checked, i.line] for i in r.items]}
            for blob, r in state.records.items() if blob in tips
        },
        "events": {
            blob: {key: _completion_json(event) for key, event in events.items()}
            for blob, events in state.events.items() if blob in tips
        },
    }


class Malformed(ValueError):
    """The cache file is not one this version wrote (edited, truncated, hostile): the
    scan starts from scratch instead of trusting any of it."""


_OBJECT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # SHA-1 or SHA-256; never an option like `--output`
_HEX = "0123456789abcdef"


def _typed(value: Any, kind: type) -> Any:
    if type(value) is not kind:  # JSON gives exact types: `True` is no int here
        raise Malformed(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise Malformed(f"expected text, found {type(value).__name__}")
    return value


def _maybe_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _count(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise Malformed(f"not a count: {value!r}")
    return value


def _object_id(value: Any) -> str:
    if type(value) is not str or len(value) not in (40, 64) or value.strip(_HEX):  # as _OBJECT_ID, quicker
        raise Malformed("not a git object id")
    return value


def _numbers(checked: Any, total: Any) -> tuple[int, int]:
    checked, total = _count(checked), _count(total)
    if checked > total:
        raise Malformed("more checked than total")
    return checked, total


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (
        float("inf"), float("-inf")
    ):
        raise Malformed("not a finite number")
    return float(value)


def _maybe_number(value: Any) -> float | None:
    return None if value is None else _number(value)


def _choice(value: Any, allowed: frozenset[str]) -> str:
    if _text(value) not in allowed:
        raise Malformed(f"unknown value {value!r}")
    return value


_BASES = frozenset(b.value for b in Basis)
_STATES = frozenset(s.value for s in State)
_KINDS = frozenset(k.value for k in Kind)


def _goal_counts(data: Any) -> tuple[tuple[str, int, int], ...]:
    """A goal set's (slug, checked, total) per goal, or its (slug, first line, end line)."""
    found = []
    for entry in _typed(data, list):
        slug, first, second = _typed(entry, list)
        found.append((_text(slug), _typed(first, int), _typed(second, int)))
    return tuple(found)


def _snapshot(data: Any) -> Snapshot:
    data = _typed(data, dict)
    checked, total = _numbers(data["checked"], data["total"])
    return Snapshot(_object_id(data["commit"]), _text(data["date"]), _text(data["author"]), checked, total,
                    _maybe_text(data["status"]), _choice(data["basis"], _BASES), _number(data["percent"]),
                    _maybe_number(data["metric"]), _choice(data["visibility"], _STATES), _goal_counts(data["goals"]),
                    _count(data["checkins"]))


def _history(data: Any) -> FileHistory:
    data = _typed(data, dict)
    snapshots = [_snapshot(s) for s in _typed(data["snapshots"], list)]
    former = [_text(p) for p in _typed(data["former_paths"], list)]
    renamed_at = [_count(n) for n in _typed(data["renamed_at"], list)]
    if len(renamed_at) != len(former):
        raise Malformed("renames and their snapshot counts differ")
    adjustments = [_adjustment(a) for a in _typed(data["adjustments"], list)]
    return FileHistory(_text(data["path"]), snapshots, [], former, renamed_at, adjustments)


def _adjustment(data: Any) -> Adjustment:
    data = _typed(data, dict)
    return Adjustment(_object_id(data["commit"]), _text(data["date"]), _text(data["author"]),
                      _choice(data["kind"], frozenset({"due", "start", "target", "scope"})), _text(data["before"]),
                      _text(data["after"]), tuple(_text(i) for i in _typed(data["items"], list)),
                      _maybe_text(data["reason"]), _choice(data["visibility"], _STATES),
                      _choice(data["visibility_before"], _STATES))


def _item(data: Any) -> Item:
    key, text, checked, line = _typed(data, list)
    return Item(_text(key), _text(text), _typed(checked, bool), _count(line))


def _record(data: Any) -> BlobRecord:
    data = _typed(data, dict)
    checked, total = _numbers(data["checked"], data["total"])
    items = tuple(_item(i) for i in _typed(data["items"], list))
    return BlobRecord(checked, total, _maybe_text(data["status"]), items, _count(data["fm"]),
                      _choice(data["basis"], _BASES), _number(data["percent"]), _maybe_number(data["metric"]),
                      _choice(data["visibility"], _STATES), _choice(data["kind"], _KINDS), _goal_counts(data["goals"]),
                      _count(data["checkins"]), _maybe_text(data["due"]), _maybe_text(data["start"]),
                      _maybe_number(data["target"]), _maybe_text(data["note"]))


def _completion(data: Any) -> Completion:
    data = _typed(data, dict)
    commit = data["commit"]
    return Completion(_text(data["text"]), _maybe_text(data["date"]), None if commit is None else _object_id(commit),
                      _maybe_text(data["author"]), _choice(data["visibility"], _STATES), _count(data["line"]))


def _by_blob(data: Any, read: Callable[[Any], Any]) -> dict[str, Any]:
    return {_object_id(blob): read(value) for blob, value in _typed(data, dict).items()}


def load(data: Any) -> HistoryState:
    """The state a cache file describes. Any other version means a fresh state; any value
    of the wrong shape or type raises Malformed (or KeyError, ValueError for a missing
    key or a short list), never something that could mislead the scan."""
    data = _typed(data, dict)
    if data.get("version") != ENGINE_VERSION:
        return HistoryState()
    head = data["head"]
    state = HistoryState(head=None if head is None else _object_id(head))
    state.tips = {_text(path): _object_id(blob) for path, blob in _typed(data["tips"], dict).items()}
    state.histories = {h.path: h for h in map(_history, _typed(data["histories"], list))}
    state.deleted = {h.path: h for h in map(_history, _typed(data["deleted"], list))}
    state.records = _by_blob(data["records"], _record)
    state.events = _by_blob(
        data["events"], lambda events: {_text(key): _completion(e) for key, e in _typed(events, dict).items()}
    )
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
            return load(json.loads(read_regular_file(path).decode("utf-8")))
        except OSError as error:
            return HistoryState(problem=_ignored(path, f"cannot be read ({error.strerror or error})"))
        except (ValueError, KeyError, TypeError, IndexError, RecursionError) as error:
            return HistoryState(problem=_ignored(path, f"is not one this version wrote ({type(error).__name__})"))

    def save(self, path: Path, state: HistoryState) -> None:
        if path in self.untrusted:
            return
        write_cache_file(path, json.dumps(dump(state), separators=(",", ":")).encode("utf-8"))

    def __call__(
        self, repository: Repository, pathspecs: list[str]
    ) -> tuple[HistoryState, Callable[[HistoryState], None]]:
        path = self.path(repository, pathspecs)
        return self.load(path), lambda state: self.save(path, state)


def _ignored(path: Path, why: str) -> str:
    return f"history cache {path.name} {why}: ignored, the history is read from git (it only costs time)"


def write_cache_file(path: Path, data: bytes) -> None:
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
