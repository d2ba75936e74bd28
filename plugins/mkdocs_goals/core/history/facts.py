"""What `goals history` must know of a file before its history: its kind and what it
says about being shown, remembered by blob id beside the history cache, so that a warm
run hashes the files on disk instead of parsing every one of them.

Only facts that settle the decision are kept. A version withheld in doubt is parsed
every time (its warning names a reason and a line that only a parse gives), and so is
one that is not UTF-8. The file is keyed by the package and engine versions and the
counting options (a newer rule may decide otherwise) and trusted as the history cache
is (`FileCache.trusted`). Nor is it the last word: the history engine decides again
from its own record of each version, so a fact that lied could only leave a goal out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ... import __version__
from ..document.model import Document, Kind, Options, load_document, parse_document
from ..document.publish import State, state_of
from .cache import ENGINE_VERSION, FileCache, cache_file, read_regular_file, write_cache_file
from .engine import AsRead, BlobRecord, git_blob_id, record_of
from .git import Repository

# Facts kept beyond those a run used: at most this many times as many, plus a margin,
# so running `goals history` on one folder after another does not parse again, while
# the file of a long-lived clone stays near the size of its working tree.
_KEEP_FACTOR, _KEEP_MARGIN = 2, 1000
_KINDS = {kind.value: kind for kind in Kind}
_SETTLED = {state.value: state for state in State if state is not State.WITHHELD}


@dataclass(frozen=True)
class Facts:
    """A version's kind and publish state: all the command decides by before history."""

    kind: Kind
    state: State

    @staticmethod
    def of(document: Document) -> Facts | None:
        """The document's facts, or None when they do not settle it (withheld, not UTF-8)."""
        if document.decoded is None:
            return None
        state, _, _ = state_of(document)
        return None if state is State.WITHHELD else Facts(document.kind, state)


class KnownFacts:
    """Facts by blob id, read from one file in the cache folder and written back when a
    run learned something (or dropped old facts)."""

    def __init__(self, file: Path | None, options: Options) -> None:
        self.file = file  # None: remember nothing (no cache, or a file we do not trust)
        self.key = [ENGINE_VERSION, __version__, options.scope.value, options.bare_checkboxes]
        self.known = self._load()
        self.used: dict[str, Facts] = {}
        self.learned = False

    @classmethod
    def beside(cls, cache: FileCache, repository: Repository) -> KnownFacts:
        file = cache_file(cache.folder(repository), cache.options, "", kind="facts")  # any folders: facts are by blob
        return cls(file if cache.trusted(repository, file) else None, cache.options)

    def get(self, blob: str) -> Facts | None:
        facts = self.known.get(blob)
        if facts is not None:
            self.used[blob] = facts
        return facts

    def learn(self, blob: str, document: Document) -> None:
        facts = Facts.of(document)
        if facts is not None and self.file is not None:
            self.used[blob] = facts
            self.learned = True

    def save(self) -> None:
        if self.file is None:
            return
        kept = self.known if len(self.known.keys() | self.used.keys()) <= _KEEP_FACTOR * len(self.used) + _KEEP_MARGIN \
            else {}
        if not self.learned and len(kept) == len(self.known):
            return
        facts = {**kept, **self.used}
        data = {"key": self.key, "facts": {blob: [f.kind.value, f.state.value] for blob, f in facts.items()}}
        write_cache_file(self.file, json.dumps(data, separators=(",", ":")).encode("utf-8"))

    def _load(self) -> dict[str, Facts]:
        """The facts the file holds, or none at all when any of it is not as written here."""
        if self.file is None or not self.file.exists():
            return {}
        try:
            data = json.loads(read_regular_file(self.file).decode("utf-8"))
            if type(data) is not dict or data.get("key") != self.key or type(data.get("facts")) is not dict:
                return {}
            return {_blob(blob): _facts(value) for blob, value in data["facts"].items()}
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return {}


def recall_or_read(
    path: Path, options: Options, facts: KnownFacts | None, records: dict[str, BlobRecord] | None,
    read: dict[Path, AsRead] | None = None,
) -> Document | Facts:
    """The file's facts when they are known (it is hashed, not parsed), else its document,
    parsed, whose facts are then learnt and whose history record goes into `records`
    (so that history does not parse the same version again); the version read goes into
    `read` (so that history does not read and hash the file again)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return load_document(path, options)  # which says why, as a finding
    blob = git_blob_id(raw)
    if read is not None:
        read[path] = AsRead(blob)  # its record is in `records` or the cache's (else history reads it again)
    known = facts.get(blob) if facts is not None else None
    if known is not None:
        return known
    document = parse_document(raw, str(path), options)
    if facts is not None:
        facts.learn(blob, document)
    if records is not None:
        records[blob] = record_of(document)
    return document


def _blob(value: Any) -> str:
    if type(value) is not str or len(value) != 40 or value.strip("0123456789abcdef"):
        raise ValueError("not a blob id")
    return value


def _facts(value: Any) -> Facts:
    if type(value) is not list or len(value) != 2 or type(value[0]) is not str or type(value[1]) is not str:
        raise ValueError("not facts")
    return Facts(_KINDS[value[0]], _SETTLED[value[1]])  # KeyError for a kind or state not known
