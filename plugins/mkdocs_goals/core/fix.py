"""Rewriting stale counters: only the counter bytes change, and the write is atomic.

`goals fix` runs as a pre-commit hook on checkouts of other people's branches, so it
edits like a careful editor: it follows a symlink to its target (and keeps the link)
but not out of the repository, it leaves read-only and hard-linked files alone, and it
does not overwrite a file that changed after it was read.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .document.model import Document


@dataclass(frozen=True)
class CounterChange:
    line: int
    before: str
    after: str


class NotFixed(Exception):
    """A file `goals fix` left alone on purpose; the message says why, for the user."""


class ChangedWhileFixing(NotFixed):
    """The file's bytes changed between reading and replacing it."""


def fixed_bytes(document: Document) -> tuple[bytes, list[CounterChange]]:
    """The file's bytes with every stale counter replaced, and what changed.

    Everything outside the counters (line endings, BOM, front matter, spacing) is
    copied byte for byte.
    """
    if document.checklist is None:
        return document.raw, []
    stale = [holder for holder in document.checklist.counters if holder.stale]
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


def repository_root(path: Path) -> Path | None:
    """The git work tree holding `path` (the nearest folder with a `.git` entry), found
    from where the path sits, not from where a symlink points."""
    folder = Path(os.path.abspath(path)).parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def boundary(path: Path, named: Iterable[Path]) -> Path:
    """Where the file `path` may really live: its git work tree; outside git, the folder
    named on the command line that holds it, or the folder of a file named directly."""
    root = repository_root(path)
    if root is not None:
        return root
    location = Path(os.path.abspath(path))
    for folder in named:
        if folder.is_dir() and location.is_relative_to(os.path.abspath(folder)):
            return Path(os.path.abspath(folder))
    return location.parent


def editable_target(path: Path, within: Path) -> Path:
    """The real file to rewrite for `path` (a symlink's target), or NotFixed saying why not."""
    real = path.resolve()
    if not real.is_relative_to(within.resolve()):
        what = "a symlink to" if path.is_symlink() else "really"
        raise NotFixed(f"not fixed: it is {what} {real}, outside {within}")
    info = real.stat()
    if not stat.S_ISREG(info.st_mode):
        raise NotFixed("not fixed: not a regular file")
    if info.st_nlink > 1:
        raise NotFixed(f"not fixed: the file has {info.st_nlink} hard links, and rewriting it would split them")
    if not info.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise NotFixed("not fixed: the file is read-only")
    return real


def fix_file(document: Document, data: bytes, within: Path) -> Path:
    """Write the fixed `data` of `document` to the real file behind its path, only if that
    file still holds the bytes the document was read from. Returns the file written.

    Raises NotFixed (a refusal) or OSError (the write failed); the file is then untouched.
    """
    target = editable_target(Path(document.path), within)
    write_atomically(target, data, expected=document.raw)
    return target


def write_atomically(path: Path, data: bytes | Iterable[bytes], *, expected: bytes | None = None) -> None:
    """Replace `path` with `data` (bytes, or chunks written in turn) via a temporary file
    in the same folder, keeping its mode (and owner, where allowed). With `expected`, the
    replace only happens while `path` still holds those bytes (checked after the new
    bytes are on disk, just before the rename), else ChangedWhileFixing: an edit made
    meanwhile is never overwritten."""
    info = path.stat() if path.exists() else None
    # A bounded prefix: the temporary name fits wherever the file's own (up to 255 bytes) did.
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name[:32]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in (data,) if isinstance(data, bytes) else data:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode) if info else 0o644)
        if info is not None:
            _keep_owner(temporary, info)
        if expected is not None and path.read_bytes() != expected:
            raise ChangedWhileFixing("not fixed: the file changed while goals fix ran; run it again")
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _keep_owner(temporary: str, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group when we may (root, or a group we
    are in); otherwise it belongs to whoever runs the fix, as with any editor."""
    if not hasattr(os, "chown"):
        return
    current = os.stat(temporary)
    if (current.st_uid, current.st_gid) == (info.st_uid, info.st_gid):
        return
    try:
        os.chown(temporary, info.st_uid, info.st_gid)
    except OSError:
        pass
