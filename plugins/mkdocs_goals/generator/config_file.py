"""Where a site's configuration lives: a light module, so that a command run outside a
site learns there is none without importing what reads one (MkDocs' option types)."""

from __future__ import annotations

from pathlib import Path

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "zensical.toml")


def find_config(folder: Path) -> Path | None:
    """The first of `CONFIG_NAMES` in `folder`, or None."""
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None
