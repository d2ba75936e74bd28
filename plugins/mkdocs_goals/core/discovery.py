"""Which files a command looks at: the paths given, with folders searched for Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

MARKDOWN_SUFFIXES = (".md", ".markdown")
SKIPPED_FOLDERS = frozenset({"node_modules", "site", "__pycache__"})


class MissingPathError(FileNotFoundError):
    """A path given on the command line does not exist."""


def markdown_files(paths: Iterable[Path]) -> list[Path]:
    """Files given directly, plus Markdown files under folders (hidden folders and `site/` skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    candidate
                    for candidate in path.rglob("*")
                    if candidate.suffix.lower() in MARKDOWN_SUFFIXES
                    and candidate.is_file()
                    and not _skipped(candidate.relative_to(path))
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise MissingPathError(str(path))
    return list(dict.fromkeys(found))


def _skipped(relative: Path) -> bool:
    return any(part.startswith(".") or part in SKIPPED_FOLDERS for part in relative.parts[:-1])
