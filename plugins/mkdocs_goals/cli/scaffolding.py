"""Where `goals new` puts a scaffold, shared with `goals init` (its example goal)."""

from __future__ import annotations

from pathlib import Path

from ..core.slugs import slugify


def scaffold_path(folder: Path, title: str, owner: str | None) -> Path:
    """`folder/<owner>/<title-slug>.md`, or `folder/<title-slug>.md` without an owner."""
    name = f"{slugify(title, fallback='goal')}.md"
    return folder / slugify(owner, fallback="someone") / name if owner else folder / name
