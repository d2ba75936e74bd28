"""Page URLs as MkDocs and Zensical make them, and links between pages."""

from __future__ import annotations

import posixpath


def page_url(uri: str, *, directory_urls: bool = True) -> str:
    """`goals/ana/x.md` → `goals/ana/x/` (or `goals/ana/x.html`); `index.md` files name their folder."""
    stem, _, suffix = uri.rpartition(".")
    if suffix.lower() not in ("md", "markdown"):
        return uri  # a static file keeps its name
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    if not directory_urls:
        return f"{stem}.html"
    return f"{stem}/"


def relative_url(url: str, from_url: str) -> str:
    """`url` as a link from the page at `from_url` (both relative to the site root)."""
    base, _, last = from_url.rpartition("/")
    if "." in last:
        from_url = base
    here = [part for part in posixpath.normpath(from_url or ".").split("/") if part not in ("", ".")]
    path, _, fragment = url.partition("#")
    there = [part for part in posixpath.normpath(path or ".").split("/") if part not in ("", ".")]
    common = 0
    for a, b in zip(here, there):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    link = "/".join(parts) or "."
    if path.endswith("/") and not link.endswith("/"):
        link += "/"
    return f"{link}#{fragment}" if fragment else link
