"""The one module that knows which Markdown parser we use.

Everything else sees an `Outline`: headings, tasks and paragraph-line facts with
1-based source lines and byte offsets. Swapping pulldown-cmark (via pyromark) for
another CommonMark/GFM parser means rewriting `_read()`, the walk over its events;
see docs/choices.md for why pyromark and where it is adjusted to match cmark-gfm.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

import pyromark

_OPTIONS = (
    pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
)

# cmark-gfm (GFM 0.29) closes a fence followed by trailing tabs; pulldown-cmark
# does not. Turning those tabs into spaces keeps every byte offset and makes the
# two agree. Container prefixes (`> `, indentation) may precede the fence.
_FENCE_WITH_TRAILING_TAB = re.compile(rb"(?m)^([ \t>]*(?:`{3,}|~{3,})[ \t]*\t[ \t]*)(\r?)$")
_TAB_AT_LINE_END = re.compile(rb"\t[ \t]*\r?(?:\n|\Z)")  # somewhere that rewrite may apply

# An item that is only a box (`- [ ]`, nothing after it) is no task on GitHub, and cmark-gfm keeps the
# following lines as that item's text; pulldown-cmark ends the item there. Writing the
# box as `( )` (same length) makes pulldown-cmark read it as text too.
_EMPTY_TASK_ITEM = re.compile(rb"(?m)^([ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[([ xX])\](\r?)$")

_BOX_AT_LINE_END = re.compile(rb"\[[ xX]\](?:\r?\n|\s*\Z)")  # somewhere the rewrite may apply


# A bare task: `[ ]`, `[x]` or `[X]`, whitespace, then some text.
_BARE_TASK = re.compile(rb"\[([ xX])\][ \t]+\S")
_GFM_AFTER_MARKER = (b" ", b"\t")
# Only quote markers and indentation may stand before a task item's list marker:
# `1. - [x] a` (an item nested on its parent's line) renders as a checkbox neither
# on GitHub nor on MkDocs, so it is not counted.
_TASK_ITEM_PREFIX = re.compile(rb"[ \t>]*(?:[-*+]|\d{1,9}[.)])([ \t]+)")
# Five or more columns of white space after a list marker make the item's content an
# indented code block (CommonMark's rule for list items). pulldown-cmark gets this
# right for spaces but not for tabs, which reach the next multiple of four columns.
_CODE_INDENT = 5


@dataclass(frozen=True)
class Heading:
    """An ATX or setext heading; `text` is its plain inline text."""

    level: int
    line: int
    end_line: int
    start: int
    end: int
    text: str
    text_spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Task:
    """A checkbox the reader will see: a GFM task item or a bare `[x]` line."""

    line: int
    checked: bool
    bare: bool
    text: str
    in_quote: bool
    marker_start: int


@dataclass(frozen=True)
class Paragraph:
    """Where a paragraph (or a tight list item's text) starts, and its first source line."""

    line: int
    first_line_text: bytes


@dataclass(frozen=True)
class ListStart:
    """A list and the line of the block right before it (None after a blank line)."""

    line: int
    interrupts_paragraph: bool
    has_task: bool


@dataclass
class Outline:
    """What the checklist engine needs to know about one Markdown body.

    Tasks are read at once; headings, paragraph starts and lists when first asked for
    (a history scan counts tasks only)."""

    source: bytes
    tasks: list[Task] = field(default_factory=list)
    _pieces: list[tuple[_Piece, int, int]] = field(default_factory=list, repr=False, compare=False)

    @cached_property
    def headings(self) -> list[Heading]:
        return self._gather(_HEADINGS)

    @cached_property
    def paragraph_starts(self) -> list[int]:
        """Where each paragraph or list item starts (byte offsets)."""
        return self._gather(_PARAGRAPH_STARTS)

    @cached_property
    def lists(self) -> list[ListStart]:
        return self._gather(_LISTS)

    def _gather(self, kind: int) -> list:
        gathered: list = []
        for piece, base, lines_before in self._pieces:
            gathered += piece.at(kind, base, lines_before)
        return gathered

    @cached_property
    def line_starts(self) -> list[int]:
        """Byte offsets at which each line begins (built on demand: counting needs none)."""
        return line_starts_of(self.source)

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Paragraphs and list items by first line (built on demand: counting needs none)."""
        lines = dict.fromkeys(self.line_of(start) for start in self.paragraph_starts)
        return [Paragraph(line, self.line_bytes(line)) for line in lines]

    def line_of(self, offset: int) -> int:
        """1-based line number of a byte offset."""
        return bisect_right(self.line_starts, offset)

    def line_bytes(self, line: int) -> bytes:
        """The bytes of a 1-based line, without its line ending."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.source)
        return self.source[start:end].rstrip(b"\r\n")


_NEWLINE = re.compile(b"\n")


def line_starts_of(source: bytes) -> list[int]:
    """Byte offsets at which each line begins."""
    return [0, *[match.end() for match in _NEWLINE.finditer(source)]]


def _normalise(source: bytes) -> bytes:
    """Same-length rewrites that make pulldown-cmark read what cmark-gfm reads."""
    if _TAB_AT_LINE_END.search(source):
        source = _FENCE_WITH_TRAILING_TAB.sub(lambda m: m.group(1).replace(b"\t", b" ") + m.group(2), source)
    if _BOX_AT_LINE_END.search(source):
        source = _EMPTY_TASK_ITEM.sub(rb"\1(\2)\3", source)
    return source


def scan(source: bytes, *, bare_checkboxes: bool = True) -> Outline:
    """Parse UTF-8 Markdown `source` (no BOM, front matter already blanked)."""
    outline = Outline(source=source)
    if not source.strip():
        return outline
    parsed = _normalise(source)
    starts = line_starts_of(parsed)  # `_normalise` keeps every newline where it was
    outline.__dict__["line_starts"] = starts
    outline._pieces = [(_read(parsed, starts, bare_checkboxes), 0, 0)]
    outline.tasks = outline._gather(_TASKS)
    return outline


_HEADINGS, _TASKS, _PARAGRAPH_STARTS, _LISTS = range(4)


class _Piece:
    """What a document holds: headings, tasks, paragraph starts, lists."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[tuple, ...]) -> None:
        self.parts = parts

    def at(self, kind: int, base: int, lines_before: int) -> tuple:
        """One kind of part (the whole document is one piece: nothing to move)."""
        return self.parts[kind]


def _read(parsed: bytes, starts: list[int], bare_checkboxes: bool) -> _Piece:
    """Walk pulldown-cmark's events over `parsed`, whose line starts are `starts`."""
    headings: list[Heading] = []
    tasks: list[Task] = []
    paragraph_starts: list[int] = []
    lists: list[ListStart] = []

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset)

    quote_depth = 0
    heading: list | None = None  # start, end, level, text parts, text spans
    inline_depth = 0
    at_line_start = False
    last_block_end = -1  # offset of the last byte of the most recent closed paragraph
    last_block_was_paragraph = False
    list_stack: list[int] = []  # index into `lists` for each open list

    for event, rng in pyromark.events_with_range(parsed.decode("utf-8"), options=_OPTIONS):
        if type(event) is str:  # SoftBreak, HardBreak, Rule
            if event != "Rule":
                at_line_start = inline_depth > 0
            else:
                last_block_was_paragraph = False
            continue
        if "Text" in event:
            if heading is not None:
                heading[3].append(event["Text"])
                heading[4].append((rng["start"], rng["end"]))
                at_line_start = False
            elif at_line_start:
                at_line_start = False
                start = rng["start"]
                if bare_checkboxes and parsed.startswith(b"[", start):
                    match = _BARE_TASK.match(parsed, start)
                    if match and parsed[start - 1 : start] != b"\\":  # `\[x]` is escaped text
                        tasks.append(Task(line_of(start), match.group(1) != b" ", True,
                                          _rest_of_line(parsed, start + 3), quote_depth > 0, start))
            continue  # the hot path: most events are text we need not look at
        if "Start" in event:
            at_line_start = False
            value = event["Start"]
            if type(value) is str:
                if value == "Paragraph" or value == "Item":
                    # Tight list items hold their text without a Paragraph event.
                    inline_depth += 1
                    at_line_start = True
                    paragraph_starts.append(rng["start"])
                    if value == "Paragraph":
                        continue
            elif "Heading" in value:
                heading = [rng["start"], rng["end"], int(value["Heading"]["level"][1]), [], []]
            elif "List" in value:
                line = line_of(rng["start"])
                interrupts = last_block_was_paragraph and line_of(last_block_end) == line - 1
                lists.append(ListStart(line, interrupts, False))
                list_stack.append(len(lists) - 1)
            elif "BlockQuote" in value:
                quote_depth += 1
            last_block_was_paragraph = False
            continue
        if "End" in event:
            value = event["End"]
            if value == "Paragraph":
                inline_depth -= 1
                at_line_start = False
                last_block_was_paragraph = True
                last_block_end = max(rng["start"], rng["end"] - 1)
                continue
            last_block_was_paragraph = False
            if type(value) is str:
                if value == "Item":
                    inline_depth -= 1
            elif "Heading" in value:
                if heading is not None:
                    start, end = heading[0], heading[1]
                    headings.append(Heading(heading[2], line_of(start), line_of(max(start, end - 1)), start, end,
                                            "".join(heading[3]).strip(), tuple(heading[4])))
                    heading = None
            elif "List" in value:
                list_stack.pop()
            elif "BlockQuote" in value:
                quote_depth -= 1
            continue
        if "Code" in event:
            if heading is not None:
                heading[3].append(event["Code"])
            at_line_start = False
        elif "TaskListMarker" in event:
            start, end = rng["start"], rng["end"]
            after = parsed[end : end + 1]
            line = line_of(start)
            line_start = starts[line - 1]
            gap = _TASK_ITEM_PREFIX.fullmatch(parsed, line_start, end - 3)  # the range may hold a tab before `[`
            if after in _GFM_AFTER_MARKER and gap and not _box_is_indented_code(parsed, line_start, gap):
                tasks.append(Task(line, bool(event["TaskListMarker"]), False, _rest_of_line(parsed, end),
                                  quote_depth > 0, start))
                if list_stack and not lists[list_stack[-1]].has_task:
                    current = lists[list_stack[-1]]
                    lists[list_stack[-1]] = ListStart(current.line, current.interrupts_paragraph, True)
            at_line_start = False
        else:
            at_line_start = False

    parts = (tuple(headings), tuple(tasks), tuple(paragraph_starts), tuple(lists))
    return _Piece(parts)


def _box_is_indented_code(source: bytes, line_start: int, gap: re.Match[bytes]) -> bool:
    """Whether the white space between a list marker and its box (`gap`) is code indentation."""
    if b"\t" not in gap.group(1):
        return False  # pulldown-cmark already reads spaces as cmark-gfm does
    column = 0
    for index, byte in enumerate(source[line_start : gap.end(1)]):
        if index == gap.start(1) - line_start:
            marker_end = column
        column = column + 4 - column % 4 if byte == 9 else column + 1
    return column - marker_end >= _CODE_INDENT


def _rest_of_line(source: bytes, offset: int) -> str:
    end = source.find(b"\n", offset)
    if end == -1:
        end = len(source)
    return source[offset:end].decode("utf-8", "replace").strip()
