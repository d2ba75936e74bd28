"""Safe slugs for file names and URLs built from user-supplied ids and titles."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str, *, fallback: str = "item") -> str:
    """ASCII slug: lower case, dashes, no separators or dots, so no `../` can survive."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or fallback
