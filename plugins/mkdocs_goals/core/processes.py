"""Other processes for work that is independent per file, where starting them is safe."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import multiprocessing.context


def fork_context() -> multiprocessing.context.BaseContext | None:
    """Fork where it is safe and cheap (POSIX, no other thread running: forking a threaded
    process, say one drawing a progress bar, can deadlock the child); None elsewhere."""
    if os.name != "posix" or threading.active_count() != 1:
        return None
    import multiprocessing

    return multiprocessing.get_context("fork")


def usable_cores() -> int:
    """Cores this process may run on (its affinity, where the system says: a container's
    share, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
