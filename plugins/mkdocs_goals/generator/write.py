"""Putting the generated files in place: only what changed, atomically, and nothing but
our own files is ever touched or removed.

Each folder the generator owns holds a marker file; a folder that exists without it was
not written by us, and the generator refuses to write there. A file whose bytes did not
change keeps its modification time, so an engine's watcher rebuilds only the pages that
changed; a rewritten file's time moves to a new whole second, because some engines
(Zensical) compare seconds only.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..core.fix import write_atomically
from ..render.site import Output

MARKER = ".goals-generated"
MARKER_TEXT = (
    "Written by `goals generate` from the goals folder: every file here is rebuilt on each run,\n"
    "and files the handbook no longer has are removed. Edit the goal files, not these.\n"
    "Keep this folder out of git (it is a build output).\n"
)


class WriteError(ValueError):
    """A folder the generator would write to is not its own."""


@dataclass
class Written:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def write_outputs(docs_dir: Path, outputs: list[Output], folders: list[str]) -> Written:
    """Write `outputs` under `docs_dir`, owning `folders` (and removing what is stale there)."""
    for folder in folders:
        _claim(docs_dir / folder)
    result = Written()
    wanted = set()
    for output in outputs:
        target = docs_dir / output.uri
        wanted.add(target.resolve())
        data = output.content.encode("utf-8")
        try:
            if target.read_bytes() == data:
                result.unchanged += 1
                continue
            previous = target.stat().st_mtime
        except OSError:
            previous = 0.0
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
        moment = max(time.time(), int(previous) + 1)
        os.utime(target, (moment, moment))
        result.changed.append(output.uri)
    for folder in folders:
        result.removed += _remove_stale(docs_dir, docs_dir / folder, wanted)
    return result


def _claim(folder: Path) -> None:
    marker = folder / MARKER
    if folder.is_symlink():
        raise WriteError(f"{folder} is a symbolic link: the generator writes only into folders of its own")
    if folder.exists() and not marker.is_file() and any(folder.iterdir()):
        raise WriteError(
            f"{folder} exists and was not written by `goals generate` (no {MARKER} in it): move it away, or set "
            "the goals plugin's goals_dir/dashboards_dir so the generated folders do not meet your own pages"
        )
    folder.mkdir(parents=True, exist_ok=True)
    if not marker.is_file():
        marker.write_text(MARKER_TEXT, encoding="utf-8")


def _remove_stale(docs_dir: Path, folder: Path, wanted: set[Path]) -> list[str]:
    removed = []
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif path.name != MARKER and path.resolve() not in wanted:
            path.unlink()
            removed.append(path.relative_to(docs_dir).as_posix())
    return removed
