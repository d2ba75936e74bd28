"""Nesting edits worked out by another process while the build draws its pages.

A single build lays out every goal page, and the nesting edits are most of a layout:
a parse of their own, then a walk over every line of every list (about 2 % of a
kubernetes/enhancements build). They are a function of the page's text alone, and
MkDocs draws pages on one core; so a process on a spare core works them out, in the
order the goal files were read, while the build goes on, and a page takes its edits
when it is drawn (the process stays far ahead: milliseconds a page against tens).
Where no core is spare or forking is not safe, or that process fails, a page is laid
out here, as before."""

from __future__ import annotations

import gc
import os
import threading
from typing import TYPE_CHECKING

from ..core.document.markdown import Outline
from ..core.processes import fork_context, usable_cores
from .nesting import Edits, indentation_edits

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

CHUNK = 16  # texts a task: few round trips, and the first pages' edits back soon
POOL_FROM = 64  # goal pages from which a process pays: fewer are laid out here in less than a fork takes


def workers_wanted() -> int:
    """`GOALS_LAYOUT_WORKERS` (0: lay every page out here), else one where a core is spare."""
    try:
        return max(0, int(os.environ.get("GOALS_LAYOUT_WORKERS", "") or min(1, usable_cores() - 1)))
    except ValueError:
        return 0


class NestingPool:
    """Texts sent off in chunks as they come; each one's edits taken once, by its key.
    Nothing it does raises: a text whose chunk could not be sent or worked out has no
    edits here (`take` says None), and its page is laid out in the build's process."""

    def __init__(self, executor: ProcessPoolExecutor) -> None:
        self.executor = executor
        self.waiting: list[tuple[str, bytes]] = []
        self.futures: dict[str, tuple[Future, int]] = {}
        self.sealed = False  # `sent_all`: no more texts are taken
        self.broken = False  # the process died: no more texts are sent
        self.manager: threading.Thread | None = None

    @classmethod
    def start(cls, pages: int) -> NestingPool | None:
        """A pool for `pages` goal pages, or None where they are better laid out here."""
        workers = workers_wanted() if pages >= POOL_FROM else 0
        context = fork_context() if workers else None
        if context is None:
            return None
        from concurrent.futures import ProcessPoolExecutor

        try:  # A forked process has the whole heap: frozen, its collections walk none of it (nor copy it).
            return cls(ProcessPoolExecutor(workers, mp_context=context, initializer=gc.freeze))
        except OSError:  # no semaphores here (some sandboxes have no /dev/shm): lay the pages out here
            return None

    def submit(self, key: str, source: bytes) -> bool:
        """Send `source` to be worked out as `key`; False when no more texts are taken."""
        if self.sealed or self.broken:
            return False
        self.waiting.append((key, source))
        if len(self.waiting) >= CHUNK:
            self._send()
        return True

    def sent_all(self) -> None:
        """No more texts: the process ends once it has worked out the last chunk (a forked
        process that stays shares the build's memory, which then copies every page it
        writes to)."""
        self._send()
        self.sealed = True
        # `shutdown` without waiting forgets the executor's thread, which `close` must still
        # see end: a thread left running would keep the next build (or test) from forking.
        self.manager = getattr(self.executor, "_executor_manager_thread", None)
        self.executor.shutdown(wait=False)

    def take(self, key: str) -> Edits | None:
        """The edits of the text sent as `key` (waiting for them); None if it was not sent or
        its process failed: lay the page out here."""
        self._send()
        sent = self.futures.pop(key, None)
        if sent is None:
            return None
        try:
            return sent[0].result()[sent[1]]
        except Exception:  # noqa: BLE001 - a process that died (memory, a signal): the page is laid out here
            return None

    def close(self) -> None:
        self.waiting.clear()
        self.futures.clear()
        self.sealed = True
        self.executor.shutdown(wait=True, cancel_futures=True)
        if self.manager is not None:
            self.manager.join()

    def _send(self) -> None:
        if not self.waiting:
            return
        chunk, self.waiting = self.waiting, []
        try:
            future = self.executor.submit(_edits_of, [source for _, source in chunk])
        except Exception:  # noqa: BLE001 - the pool broke (a process died) or was shut down: these are laid out here
            self.broken = True
            return
        for index, (key, _) in enumerate(chunk):
            self.futures[key] = (future, index)


def _edits_of(sources: list[bytes]) -> list[Edits]:
    """`indentation_edits` of each text, in the pool's process."""
    return [Edits.of(indentation_edits(Outline(source=source))) for source in sources]
