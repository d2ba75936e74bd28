"""Nested lists drawn as they are counted: GitHub (CommonMark) nests a list item under
another when it is indented to the parent's text, two spaces after `- `; Python-Markdown
nests only by four spaces a level, draws a two-space child as a sibling and a two-space
paragraph outside the list. Each line of a list is re-indented to four spaces per level
before Python-Markdown reads it, so the page shows the tree that was counted
(tests/test_nesting_differential.py compares the trees with cmark-gfm's)."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ..core.document.markdown import ListItem, Outline

LEVEL = 4  # Python-Markdown's tab_length
MAX_DEPTH = 60  # deeper lists are left as written: Python-Markdown reads nesting by recursion
_MARKER = re.compile(rb"(?:[-*+]|\d{1,9}[.)])([ \t]*)")
_CODE_AFTER_MARKER = 5  # columns of white space after a marker that make the item's text code
_LIST_LINE = re.compile(rb"(?m)^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_INDENTED_LINE = re.compile(rb"(?m)^[ \t>]*[ \t]+[^ \t\r\n]")
_PAREN_MARKER = re.compile(rb"\d{1,9}\)")
_QUOTES_AND_INDENT = re.compile(rb"((?: {0,3}> ?)*)[ \t]*")  # block quote markers as Python-Markdown strips them


@dataclass(frozen=True)
class Edits:
    """(start, end, text) edits kept as two objects, not three per edit: a page of nested
    lists has hundreds (kubernetes/enhancements: 53,792 on 540 pages), and a single build
    holds every page's layout from its file's parse until the page is drawn."""

    positions: array  # start, end, start, end, …
    texts: tuple[str, ...]  # the same few indentations over and over: one string each

    @classmethod
    def of(cls, edits: list[tuple[int, int, str]]) -> Edits:
        shared: dict[str, str] = {}
        return cls(array("q", [n for start, end, _ in edits for n in (start, end)]),
                   tuple(shared.setdefault(text, text) for _, _, text in edits))

    def __iter__(self) -> Iterator[tuple[int, int, str]]:
        positions = self.positions
        return ((positions[2 * n], positions[2 * n + 1], text) for n, text in enumerate(self.texts))

    def __len__(self) -> int:
        return len(self.texts)

    def __hash__(self) -> int:  # an array has none: a Layout stays hashable, as a frozen dataclass is
        return hash((self.positions.tobytes(), self.texts))


class _Line(NamedTuple):
    """A line of a list: where its indentation starts and ends, how wide it is, and the
    block quote markers before it (a tuple: a page of nested lists has thousands)."""

    start: int  # offset of the line
    indent_start: int  # after its quote markers
    indent_end: int
    column: int  # the width of its indentation
    quotes: int  # how many `>`


def indentation_edits(outline: Outline) -> list[tuple[int, int, str]]:
    """Edits (start, end, text) that make Python-Markdown nest lists as CommonMark does:
    new indentation for nested items and their later lines, `1.` for `1)` (which
    Python-Markdown does not know), and a blank line where Python-Markdown would run two
    blocks together. None when there is no list with an indented line."""
    if not (_LIST_LINE.search(outline.source) and _INDENTED_LINE.search(outline.source)):
        return []  # no list, or nothing indented: both read it alike (and no second parse)
    items = outline.items
    if not items or max(item.depth for item in items) > MAX_DEPTH:
        return []
    owner = _owners(items)
    verbatim = {line: first for first, last in outline.verbatim_blocks for line in range(first, last + 1)}
    block_ends = {last for _, last in outline.verbatim_blocks}
    lines: dict[int, _Line | None] = {}  # an item's first line is read for its content column and again below

    def line_at(number: int) -> _Line | None:
        if number not in lines:
            lines[number] = _line(outline, number)
        return lines[number]

    content = [_content_column(outline, item, line_at(item.line)) for item in items]
    edits: list[tuple[int, int, str]] = []
    wanted_at: dict[int, int] = {}  # line -> its new column, for the lines of a fence
    block_indent: int | None = None  # the new column of the first line of the current block
    previous: int | None = None  # the owner of the previous line, when it was not blank
    for number in sorted(owner):
        index = owner[number]
        item = items[index]
        line = line_at(number)
        if number - 1 not in owner:
            block_indent = previous = None  # after a line of no list (or the start)
        if line is None or content[index] is None or not _readable(items, index, line):
            block_indent = previous = None
            continue
        level = LEVEL * (item.depth + 1)  # where the item's text goes
        if number == item.line:
            wanted = LEVEL * item.depth
            marker = _PAREN_MARKER.match(outline.source, item.start)
            if marker:
                edits.append((marker.end() - 1, marker.end(), "."))
        elif number in verbatim and verbatim[number] not in (number, item.line) and verbatim[number] in wanted_at:
            first = line_at(verbatim[number])
            shift = wanted_at[verbatim[number]] - first.column if first else 0
            wanted = max(level, line.column + shift)  # a fence's lines move with it
        elif number in verbatim and _is_fence(outline, line):
            wanted = level  # a fence starts its block where Python-Markdown looks for one
        else:
            wanted = level + max(0, line.column - content[index])  # type: ignore[operator]
        wanted_at[number] = wanted
        text = outline.source[line.indent_start : line.indent_end]
        if wanted != line.column or b"\t" in text:
            edits.append((line.indent_start, line.indent_end, " " * wanted))
        blank_before = ">" * line.quotes + "\n"
        if previous is not None and number - 1 in block_ends and number not in verbatim:
            # Python-Markdown's fences run the next line into a paragraph with them.
            edits.append((line.start, line.start, blank_before))
            block_indent = wanted
        elif previous is not None and previous != index and number != item.line and _inside(items, previous, index):
            # A line of an item right after a line of its child: Python-Markdown would read
            # it as the child's (a `---` as a heading underline, a fence as the child's).
            edits.append((line.start, line.start, blank_before))
            block_indent = wanted
        elif block_indent is None or previous is None:
            block_indent = wanted
        elif number == item.line and wanted < block_indent:
            # A block that starts indented is all one child for Python-Markdown: an item of
            # a shallower list in it starts a block of its own (at worst its list is drawn loose).
            edits.append((line.start, line.start, blank_before))
            block_indent = wanted
        previous = index
    return edits


def _owners(items: tuple[ListItem, ...]) -> dict[int, int]:
    """For each line of a list, the innermost item holding it (items starting on one line
    together, as `- - a`, are left as written)."""
    owner: dict[int, int] = {}
    starting: dict[int, int] = {}
    for index, item in enumerate(items):
        starting[item.line] = starting.get(item.line, 0) + 1
        for number in range(item.line, item.end_line + 1):
            owner[number] = index
    return {number: index for number, index in owner.items() if starting.get(number, 0) < 2}


def _line(outline: Outline, number: int) -> _Line | None:
    """A non-blank line's quote markers and indentation (None for a blank line)."""
    source, starts = outline.source, outline.line_starts
    start = starts[number - 1]
    end = starts[number] if number < len(starts) else len(source)
    while end > start and source[end - 1] in b"\r\n":  # the line without its line ending
        end -= 1
    found = _QUOTES_AND_INDENT.match(source, start, end)
    assert found is not None  # every part of it may be empty
    indent_start, indent_end = found.end(1), found.end()
    if indent_end == end:
        return None
    return _Line(start, indent_start, indent_end, _columns(source[start:indent_end]) - (indent_start - start),
                 source.count(b">", start, indent_start))


def _readable(items: tuple[ListItem, ...], index: int, line: _Line) -> bool:
    """Whether a line can be re-indented: its item and the item's whole list are inside
    the same block quotes as the line (a quote that starts inside an item, or a lazy line
    without its `>`, is left as written)."""
    item = items[index]
    if not item.in_quote:
        return line.quotes == 0
    if line.quotes == 0:
        return False
    parent = item.parent
    while parent is not None:
        if not items[parent].in_quote:
            return False
        parent = items[parent].parent
    return True


def _inside(items: tuple[ListItem, ...], child: int, ancestor: int) -> bool:
    parent = items[child].parent
    while parent is not None:
        if parent == ancestor:
            return True
        parent = items[parent].parent
    return False


def _is_fence(outline: Outline, line: _Line) -> bool:
    return outline.source.startswith((b"```", b"~~~"), line.indent_end)


def _content_column(outline: Outline, item: ListItem, line: _Line | None) -> int | None:
    """The column where an item's text starts, after its quote markers (CommonMark: after
    the marker and up to four spaces; one when more follow, for the text is then code);
    `line` is the item's first line (`_line`)."""
    marker = _MARKER.match(outline.source, item.start)
    if marker is None or line is None:
        return None
    quotes = line.indent_start - line.start  # as wide as it is long: spaces and `>`
    after_marker = _columns(outline.source[line.start : item.start]) + (marker.start(1) - item.start)
    gap = _columns(outline.source[line.start : marker.end(1)]) - after_marker
    at_line_end = outline.source[marker.end(1) : marker.end(1) + 1] in (b"\n", b"\r", b"")
    return after_marker - quotes + (1 if gap >= _CODE_AFTER_MARKER or gap == 0 or at_line_end else gap)


def _columns(white: bytes) -> int:
    """The width of the start of a line, tabs to the next multiple of four."""
    if b"\t" not in white:
        return len(white)
    column = 0
    for byte in white:
        column = column + 4 - column % 4 if byte == 9 else column + 1
    return column
