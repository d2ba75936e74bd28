"""Which files a command or a site reads: Markdown under folders, never outside the project.

A symbolic link is read as the file it points to when that file is inside the project
(the git repository, or the folder searched when there is none); a link that leaves it
is never followed, and is reported instead: a goal folder must not publish `/etc/hosts`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

MARKDOWN_SUFFIXES = (".md", ".markdown")
SKIPPED_FOLDERS = frozenset({"node_modules", "site", "__pycache__"})


class MissingPathError(FileNotFoundError):
    """A path given on the command line does not exist."""


@dataclass
class Found:
    """Markdown files found, and the links that were not followed (path, why)."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)


def is_markdown(path: Path | str) -> bool:
    """`.md` and `.markdown`, in any case (`PRIVATE.MD` is Markdown too)."""
    return str(path).lower().endswith(MARKDOWN_SUFFIXES)


def project_root(path: Path) -> Path:
    """The git work tree holding `path`, else `path` itself (a folder) or its folder."""
    return ProjectRoots()(path)


class RealPaths:
    """`os.path.realpath` of many files in the same folders, each folder resolved once.

    `realpath` asks the file system about every component of a path (eight `lstat`s for
    `…/keps/sig-node/1234-x/README.md`), and a build asked it five times for every goal
    file. Here a path is its folder's real path (kept) plus its name, which costs one
    `lstat` when the name is no link. Valid while no link changes: one per walk or build.
    """

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def __call__(self, path: Path | str) -> str:
        text = os.fspath(path)
        known = self._known.get(text)
        if known is not None:
            return known
        if os.name != "posix" or "\0" in text:
            real = os.path.realpath(text)  # a NUL raises ValueError, as realpath does: not inside
            self._known[text] = real
            return real
        absolute = text if text.startswith("/") else os.path.join(os.getcwd(), text)
        # Up to the nearest folder known (or a root, a trailing slash, `..`: as realpath
        # says), then down again: a loop, so a tree of any depth is no RecursionError.
        climbed: list[tuple[str, str]] = []
        current = absolute
        while (real := self._known.get(current)) is None:
            head, tail = os.path.split(current)
            if tail in ("", ".", ".."):
                real = self._known[current] = os.path.realpath(current)
                break
            climbed.append((current, tail))
            current = head
        for folder, tail in reversed(climbed):
            candidate = os.path.join(real, tail)
            real = self._known[folder] = os.path.realpath(candidate) if os.path.islink(candidate) else candidate
        self._known[text] = real
        return real


class ProjectRoots:
    """`project_root` of the folders of many files: each folder resolved and asked once
    (a goals folder of one folder per goal asked it for every file)."""

    def __init__(self) -> None:
        self.real_path = RealPaths()
        self._roots: dict[str, str | None] = {}  # real folder -> its work tree (None: in none)

    def __call__(self, path: Path) -> Path:
        """`project_root(path)`."""
        start = self._start(path)
        root = self._root(start)
        return Path(root if root is not None else start)

    def work_tree(self, path: Path) -> Path | None:
        """The git work tree holding `path`, None when it is in none."""
        root = self._root(self._start(path))
        return Path(root) if root is not None else None

    def _start(self, path: Path) -> str:
        real = self.real_path(path)
        return real if os.path.isdir(real) else os.path.dirname(real)

    def _root(self, folder: str) -> str | None:
        climbed, current = [], folder  # up to a folder asked before, a `.git` or `/`
        while current not in self._roots:
            parent = os.path.dirname(current)
            if os.path.exists(os.path.join(current, ".git")):
                self._roots[current] = current
            elif parent == current:
                self._roots[current] = None
            else:
                climbed.append(current)
                current = parent
        for below in climbed:
            self._roots[below] = self._roots[current]
        return self._roots[current]


class Boundary:
    """A folder that files must stay inside, with its own links resolved once: a walk or
    a build asks about every file of the goals folder (and resolves each file's folder
    once, `real`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.real_path = RealPaths()
        try:
            self.real: str | None = os.path.realpath(folder)
        except (OSError, ValueError):
            self.real = None

    def holds(self, path: Path) -> bool:
        """Whether `path`, links resolved, lies inside the folder."""
        if self.real is None:
            return False
        try:
            real = self.real_path(path)
        except (OSError, ValueError):
            return False
        return self.holds_real(real)

    def holds_real(self, real: str) -> bool:
        """`holds` of a path already resolved (`os.path.realpath`)."""
        return self.real is not None and relative_text(real, self.real) is not None


def relative_text(path: str, folder: str) -> str | None:
    """`Path(path).relative_to(folder).as_posix()` without building Paths (a build asks it
    for every goal file), None when `path` is not inside; both absolute and normalised."""
    if os.name == "posix" and not path.startswith("//") and not folder.startswith("//"):  # a `//` root is Path's
        base = folder.rstrip("/")
        if path == folder:
            return "."
        return path[len(base) + 1:] if path.startswith(base + "/") else None
    try:
        return Path(path).relative_to(folder).as_posix()
    except ValueError:
        return None


def is_inside(path: Path, boundary: Path) -> bool:
    """Whether `path`, links resolved, lies inside `boundary`."""
    return Boundary(boundary).holds(path)


def leaves(path: Path, boundary: Path | Boundary) -> str | None:
    """Why `path` must not be read (a link out of `boundary`), or None."""
    folder = boundary if isinstance(boundary, Boundary) else Boundary(boundary)
    if folder.holds(path):
        return None
    return f"it is a symlink to {os.path.realpath(path)}, outside {folder.folder}"


def walk(root: Path, boundary: Path | None = None) -> Found:
    """Markdown files under `root` (hidden folders, `site/`, `node_modules/` skipped),
    following links that stay inside `boundary` (default: the project of `root`).

    Each folder is listed once with `os.scandir`: its entries say whether they are links,
    folders or files without a system call per entry (`os.walk` plus `islink` and
    `is_file` asked three per Markdown file, most of a serve rebuild's walk)."""
    inside = Boundary(boundary or project_root(root))
    found, seen = Found(), set()

    # A stack, not recursion: a hostile tree a thousand folders deep must not end the
    # build in a RecursionError. Subfolders are pushed last-first, so they are listed
    # in the order recursion would list them (and links are refused in that order).
    pending = [(os.fspath(root), inside.real_path(root))]
    while pending:
        folder, real = pending.pop()
        if real in seen:  # a link loop, or a folder reached twice
            continue
        seen.add(real)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:  # unreadable, or gone since its parent was listed: as os.walk does
            continue
        # In a folder inside the boundary only a link can lead out: resolving every
        # other entry again would cost a system call per path component.
        here_inside = inside.holds_real(real)
        here, kept = Path(folder), []
        for entry in entries:
            if _is_folder(entry):
                if entry.name.startswith(".") or entry.name in SKIPPED_FOLDERS:
                    continue
                reason = leaves(here / entry.name, inside) if not here_inside or entry.is_symlink() else None
                if reason:
                    found.refused.append((here / entry.name, reason))
                else:  # a folder that is no link is its parent's real path plus its name
                    kept.append((entry.path, inside.real_path(entry.path) if entry.is_symlink() else os.path.join(real, entry.name)))
        for entry in entries:
            if _is_folder(entry) or not is_markdown(entry.name):
                continue
            path = here / entry.name
            reason = leaves(path, inside) if not here_inside or entry.is_symlink() else None
            if reason:
                found.refused.append((path, reason))
            elif _is_file(entry):
                found.files.append(path)
        pending.extend(reversed(kept))
    found.files.sort()
    return found


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one (followed as `os.walk(followlinks=True)` does)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A regular file, or a link to one: a FIFO or a device would block the read."""
    try:
        return entry.is_file()
    except OSError:
        return False


def markdown_files(paths: Iterable[Path], found: Found | None = None) -> list[Path]:
    """Files given directly, plus Markdown files under folders; links out of the project
    are left out (and recorded in `found.refused` when given)."""
    collected = found if found is not None else Found()
    for path in paths:
        if path.is_dir():
            walked = walk(path)
            collected.files.extend(walked.files)
            collected.refused.extend(walked.refused)
        elif path.is_file():
            collected.files.append(path)
        elif path.exists():  # a FIFO or a device would block the read, or never end
            collected.refused.append((path, "not a regular file"))
        else:
            raise MissingPathError(str(path))
    collected.files = list(dict.fromkeys(collected.files))
    return collected.files
