"""Rewriting stale counters: only the counter bytes change, and the write is atomic."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .document.model import Document


@dataclass(frozen=True)
class CounterChange:
    line: int
    before: str
    after: str


def fixed_bytes(document: Document) -> tuple[bytes, list[CounterChange]]:
    """The file's bytes with every stale counter replaced, and what changed.

    Everything outside the counters (line endings, BOM, front matter, spacing) is
    copied byte for byte.
    """
    if document.checklist is None:
        return document.raw, []
    stale = [s for s in document.checklist.sections if s.stale]
    if not stale:
        return document.raw, []
    out = bytearray(document.raw)
    changes = []
    for section in sorted(stale, key=lambda s: s.counter.start, reverse=True):  # type: ignore[union-attr]
        counter = section.counter
        assert counter is not None and section.expected_counter is not None
        start, end = document.file_offset(counter.start), document.file_offset(counter.end)
        assert out[start:end] == counter.text.encode("ascii"), "counter offsets drifted"
        out[start:end] = section.expected_counter.encode("ascii")
        changes.append(CounterChange(counter.line, counter.text, section.expected_counter))
    return bytes(out), sorted(changes, key=lambda c: c.line)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` via a temporary file in the same folder, keeping its mode."""
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
