"""The history cache: what a scan knew at some commit, so the next scan reads only newer ones.

Keyed by the counting options, the engine version and the paths; inside, by the last
processed commit and by blob ids. Blob ids name content, so a cached record can never
describe different bytes; a rewritten history (the cached commit is no ancestor of
HEAD any more) is scanned again from the start.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from ..document.model import Options
from ..fix import write_atomically
from .git import Repository
from .engine import BlobRecord, Completion, FileHistory, HistoryState, Item, Snapshot

ENGINE_VERSION = 3  # 3: records hold work items, basis, percent, metric and visibility


def cache_file(directory: Path, options: Options, pathspec_key: str) -> Path:
    key = json.dumps([ENGINE_VERSION, options.scope.value, options.bare_checkboxes, pathspec_key])
    return directory / f"history-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"


def _history_json(history: FileHistory) -> dict:
    return {"path": history.path, "former_paths": history.former_paths, "snapshots": [asdict(s) for s in history.snapshots]}


def _snapshot(data: dict) -> Snapshot:
    return Snapshot(**{**data, "goals": tuple(tuple(g) for g in data.get("goals", ()))})


def _history(data: dict) -> FileHistory:
    return FileHistory(data["path"], [_snapshot(s) for s in data["snapshots"]], [], list(data["former_paths"]))


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
                   "goals": [list(g) for g in r.goals],
                   "items": [[i.key, i.text, i.checked, i.line] for i in r.items]}
            for blob, r in state.records.items() if blob in tips
        },
        "events": {
            blob: {key: asdict(event) for key, event in events.items()}
            for blob, events in state.events.items() if blob in tips
        },
    }


def load(data: dict) -> HistoryState:
    if data.get("version") != ENGINE_VERSION:
        return HistoryState()
    state = HistoryState(head=data["head"], tips=dict(data["tips"]))
    state.histories = {h["path"]: _history(h) for h in data["histories"]}
    state.deleted = {h["path"]: _history(h) for h in data["deleted"]}
    state.records = {
        blob: BlobRecord(
            r["checked"], r["total"], r["status"], tuple(Item(*item) for item in r["items"]), r["fm"],
            r["basis"], r["percent"], r["metric"], r["visibility"], r["kind"], tuple(tuple(g) for g in r["goals"]),
        )
        for blob, r in data["records"].items()
    }
    state.events = {
        blob: {key: Completion(**event) for key, event in events.items()} for blob, events in data["events"].items()
    }
    return state


class FileCache:
    """The cache for `history_for` (call it like a function): one JSON file per repository,
    options and folders, in `directory` relative to the repository root (default
    `.cache/goals`). A missing or unreadable cache file just means a full scan."""

    def __init__(self, directory: Path | None, options: Options) -> None:
        self.directory = directory
        self.options = options

    def path(self, repository: Repository, pathspecs: list[str]) -> Path:
        """The cache file; it names everything the cached state depends on."""
        folder = self.directory if self.directory is not None and self.directory.is_absolute() else (
            repository.root / (self.directory or Path(".cache/goals"))
        )
        return cache_file(folder, self.options, "\x00".join(pathspecs))

    @staticmethod
    def load(path: Path) -> HistoryState:
        try:
            return load(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return HistoryState()

    @staticmethod
    def save(path: Path, state: HistoryState) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, json.dumps(dump(state), separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs time

    def __call__(
        self, repository: Repository, pathspecs: list[str]
    ) -> tuple[HistoryState, Callable[[HistoryState], None]]:
        path = self.path(repository, pathspecs)
        return self.load(path), lambda state: self.save(path, state)



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
        state = self.state if self.key == path and self.state is not None else self.disk.load(path)

        def save(new_state: HistoryState) -> None:
            self.state, self.key = new_state, path
            self.disk.save(path, new_state)

        return state, save
