"""Safe slugs for file names and URLs built from user-supplied ids and titles, and headings' anchors."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str, *, fallback: str = "item") -> str:
    """ASCII slug: lower case, dashes, no separators or dots, so no `../` can survive."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or fallback


def heading_slug(text: str) -> str:
    """The id Python-Markdown's `toc` gives a heading by default (MkDocs' anchors), so a
    link built here lands on the heading: `Goal 1: Ship it` → `goal-1-ship-it`."""
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)
