"""`goals generate --watch`: generate again whenever something the handbook is made of
changes: a goal file, the people registry, the site's config, or git's HEAD (a commit
changes the history). Polling, so it works on every file system and in containers."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterable
from pathlib import Path

State = tuple


def snapshot(folders: Iterable[Path], files: Iterable[Path], repository: Path | None) -> State:
    """What the handbook's inputs look like now (paths, sizes, modification times, HEAD)."""
    seen = []
    for folder in folders:
        for top, subfolders, names in os.walk(folder, followlinks=False):
            subfolders[:] = sorted(s for s in subfolders if not s.startswith("."))
            for name in sorted(names):
                seen.append(_stat(Path(top) / name))
    seen += [_stat(path) for path in files]
    return tuple(seen) + (_head(repository),)


def _stat(path: Path) -> tuple:
    try:
        info = path.stat()
    except OSError:
        return (str(path), None, None)
    return (str(path), info.st_size, info.st_mtime_ns)


def _head(repository: Path | None) -> str | None:
    if repository is None:
        return None
    try:
        out = subprocess.run(["git", "-C", str(repository), "rev-parse", "-q", "--verify", "HEAD"],
                             capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def watch(
    inputs: Callable[[], State],
    rebuild: Callable[[], None],
    *,
    interval: float = 0.5,
    stop: Callable[[], bool] = lambda: False,
    since: State | None = None,
) -> None:
    """Call `rebuild` each time `inputs()` changes, until `stop()` (or Ctrl-C). `since` is
    the state the last build read: taken before it, an edit made while it ran is not lost."""
    last = inputs() if since is None else since
    while not stop():
        time.sleep(interval)
        now = inputs()
        if now != last:
            last = now
            rebuild()
