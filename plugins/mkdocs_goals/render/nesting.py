"""Nested lists drawn as they are counted: GitHub (CommonMark) nests a list item under
another when it is indented to the parent's text, two spaces after `- `; Python-Markdown
nests only by four spaces a level, draws a two-space child as a sibling and a two-space
paragraph outside the list. Each line of a list is re-indented to four spaces per level
before Python-Markdown reads it, so the page shows the tree that was counted
(tests/test_nesting_differential.py compares the trees with cmark-gfm's)."""

from __future__ import annotations

import re

from ..core.document.markdown import ListItem, Outline

LEVEL = 4  # Python-Markdown's tab_length
_MARKER = re.compile(rb"(?:[-*+]|\d{1,9}[.)])([ \t]*)")
_CODE_AFTER_MARKER = 5  # columns of white space after a marker that make the item's text code
_LIST_LINE = re.compile(rb"(?m)^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_INDENTED_LINE = re.compile(rb"(?m)^[ \t]+[^ \t\r\n]")


def indentation_edits(outline: Outline) -> list[tuple[int, int, str]]:
    """Edits (start, end, new indentation) for the lines of lists that Python-Markdown
    would nest differently (nested items, and an item's text on later lines); none when
    every list already uses four spaces a level."""
    if not (_LIST_LINE.search(outline.source) and _INDENTED_LINE.search(outline.source)):
        return []  # no list, or nothing indented: both read it alike (and no second parse)
    items = outline.items
    owner: dict[int, int] = {}  # line -> innermost item holding it
    starting: dict[int, int] = {}  # line -> how many items start on it
    for index, item in enumerate(items):
        starting[item.line] = starting.get(item.line, 0) + 1
        for line in range(item.line, item.end_line + 1):
            owner[line] = index
    content = [_content_column(outline, item) for item in items]
    edits = []
    block_indent: int | None = None  # the new indentation of the first line of the current block
    for line in sorted(owner):
        index = owner[line]
        item = items[index]
        start = outline.line_starts[line - 1]
        text = outline.line_bytes(line)
        body = text.lstrip(b" \t")
        if item.in_quote or starting.get(line, 0) > 1 or content[index] is None or not body or body.startswith(b">"):
            block_indent = None
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
        if block_indent is None or line == 1 or not outline.line_bytes(line - 1).strip():
            block_indent = wanted
        elif line == item.line and wanted < block_indent:
            # A block that starts indented is all one child for Python-Markdown: an item of
            # a shallower list in it starts a block of its own (at worst its list is drawn loose).
            edits.append((start, start, "\n"))
            block_indent = wanted
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
