"""Nested lists drawn as they are counted: GitHub (CommonMark) nests a list item under
another when it is indented to the parent's text, two spaces after `- `; Python-Markdown
nests only by four spaces a level, and draws a two-space child as a sibling. Each line of
a list is re-indented to four spaces per level before Python-Markdown reads it, so the
page shows the tree that was counted."""

from __future__ import annotations

import re

from ..core.document.markdown import ListItem, Outline

LEVEL = 4  # Python-Markdown's tab_length
_MARKER = re.compile(rb"(?:[-*+]|\d{1,9}[.)])([ \t]*)")
_CODE_AFTER_MARKER = 5  # columns of white space after a marker that make the item's text code
_INDENTED_MARKER = re.compile(rb"(?m)^[ \t]+(?:[-*+]|\d{1,9}[.)])[ \t\r\n]")  # a nested list may be near


def indentation_edits(outline: Outline) -> list[tuple[int, int, str]]:
    """Edits (start, end, new indentation) for the lines of lists that Python-Markdown
    would nest differently; none when every list already uses four spaces a level."""
    if not _INDENTED_MARKER.search(outline.source):
        return []  # no list item is indented: no list is nested (and no second parse)
    items = outline.items
    if not any(item.depth for item in items):
        return []  # flat lists read the same in both
    owner: dict[int, int] = {}  # line -> innermost item holding it
    starting: dict[int, int] = {}  # line -> how many items start on it
    for index, item in enumerate(items):
        starting[item.line] = starting.get(item.line, 0) + 1
        for line in range(item.line, item.end_line + 1):
            owner[line] = index
    content = [_content_column(outline, item) for item in items]
    edits = []
    for line, index in owner.items():
        item = items[index]
        if item.in_quote or starting.get(line, 0) > 1 or content[index] is None:
            continue
        start = outline.line_starts[line - 1]
        text = outline.line_bytes(line)
        body = text.lstrip(b" \t")
        if not body or body.startswith(b">"):
            continue
        width = len(text) - len(body)
        column = _columns(text[:width])
        if line == item.line:
            wanted = LEVEL * item.depth
        else:
            extra = max(0, column - content[index])  # type: ignore[operator]
            wanted = LEVEL * (item.depth + 1) + extra
            if extra < LEVEL and LEVEL * (item.depth + 1) <= column < LEVEL * (item.depth + 2):
                wanted = column  # text of this item for Python-Markdown as it is
        if wanted != column or b"\t" in text[:width]:
            edits.append((start, start + width, " " * wanted))
    return edits


def _content_column(outline: Outline, item: ListItem) -> int | None:
    """The column where an item's text starts (CommonMark: after the marker and up to four
    spaces; one when more follow, for the text is then code)."""
    start = outline.line_starts[item.line - 1]
    marker = _MARKER.match(outline.source, item.start)
    if marker is None:
        return None
    before = _columns(outline.source[start : item.start])
    after_marker = before + (marker.start(1) - item.start)
    gap = _columns(outline.source[start : marker.end(1)]) - after_marker
    at_line_end = outline.source[marker.end(1) : marker.end(1) + 1] in (b"\n", b"\r", b"")
    return after_marker + (1 if gap >= _CODE_AFTER_MARKER or gap == 0 or at_line_end else gap)


def _columns(white: bytes) -> int:
    """The width of leading white space, tabs to the next multiple of four."""
    column = 0
    for byte in white:
        column = column + 4 - column % 4 if byte == 9 else column + 1
    return column
