"""The one module that knows which Markdown parser we use.

Everything else sees an `Outline`: headings, tasks and paragraph-line facts with
1-based source lines and byte offsets. Swapping pulldown-cmark (via pyromark) for
another CommonMark/GFM parser means rewriting only `scan()`; see
docs/choices.md for why pyromark and where it is adjusted to match cmark-gfm.
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
    """What the checklist engine needs to know about one Markdown body."""

    source: bytes
    headings: list[Heading] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    paragraph_starts: list[int] = field(default_factory=list)
    lists: list[ListStart] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)

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


def line_starts_of(source: bytes) -> list[int]:
    """Byte offsets at which each line begins."""
    starts = [0]
    find = source.find
    pos = find(b"\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find(b"\n", pos + 1)
    return starts


# An item that is only a box (`- [ ]`, nothing after it) is no task on GitHub, and cmark-gfm keeps the
# following lines as that item's text; pulldown-cmark ends the item there. Writing the
# box as `( )` (same length) makes pulldown-cmark read it as text too.
_EMPTY_TASK_ITEM = re.compile(rb"(?m)^([ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[([ xX])\](\r?)$")

_BOXES = (b"[ ]", b"[x]", b"[X]")
_BOX_AT_LINE_END = tuple(box + end for box in _BOXES for end in (b"\n", b"\r\n"))


def _normalise(source: bytes) -> bytes:
    """Same-length rewrites that make pulldown-cmark read what cmark-gfm reads."""
    if b"\t" in source:
        source = _FENCE_WITH_TRAILING_TAB.sub(lambda m: m.group(1).replace(b"\t", b" ") + m.group(2), source)
    if any(box in source for box in _BOX_AT_LINE_END) or source.rstrip().endswith(_BOXES):
        source = _EMPTY_TASK_ITEM.sub(rb"\1(\2)\3", source)
    return source


def scan(source: bytes, *, bare_checkboxes: bool = True) -> Outline:
    """Parse UTF-8 Markdown `source` (no BOM, front matter already blanked)."""
    outline = Outline(source=source, line_starts=line_starts_of(source))
    if not source.strip():
        return outline
    parsed = _normalise(source)
    text = parsed.decode("utf-8")
    line_of = outline.line_of

    quote_depth = 0
    heading: dict | None = None
    inline_depth = 0
    at_line_start = False
    last_block_end_line = 0  # last line of the most recent closed paragraph
    last_block_was_paragraph = False
    list_stack: list[int] = []  # index into outline.lists for each open list

    for event, rng in pyromark.events_with_range(text, options=_OPTIONS):
        if type(event) is str:  # SoftBreak, HardBreak, Rule
            if event != "Rule":
                at_line_start = inline_depth > 0
            else:
                last_block_was_paragraph = False
            continue
        if heading is None and not at_line_start and "Text" in event:
            continue  # the hot path: most events are text we need not look at
        start, end = rng["start"], rng["end"]
        kind, value = next(iter(event.items()))
        if kind == "Text" or kind == "Code":
            if heading is not None:
                heading["parts"].append(value)
                if kind == "Text":
                    heading["spans"].append((start, end))
            elif at_line_start and bare_checkboxes and kind == "Text":
                match = _BARE_TASK.match(parsed, start)
                if match and parsed[start - 1 : start] != b"\\":  # `\[x]` is escaped text
                    outline.tasks.append(
                        Task(
                            line=line_of(start),
                            checked=match.group(1) != b" ",
                            bare=True,
                            text=_rest_of_line(parsed, match.start() + 3),
                            in_quote=quote_depth > 0,
                            marker_start=start,
                        )
                    )
            at_line_start = False
        elif kind == "TaskListMarker":
            after = parsed[end : end + 1]
            line_start = outline.line_starts[line_of(start) - 1]
            gap = _TASK_ITEM_PREFIX.fullmatch(parsed, line_start, end - 3)  # the range may hold a tab before `[`
            if after in _GFM_AFTER_MARKER and gap and not _box_is_indented_code(parsed, line_start, gap):
                outline.tasks.append(
                    Task(
                        line=line_of(start),
                        checked=bool(value),
                        bare=False,
                        text=_rest_of_line(parsed, end),
                        in_quote=quote_depth > 0,
                        marker_start=start,
                    )
                )
                if list_stack:
                    _mark_list_has_task(outline, list_stack[-1])
            at_line_start = False
        elif kind == "Start":
            at_line_start = False
            block = value if type(value) is str else next(iter(value))
            if block == "Paragraph" or block == "Item":
                # Tight list items hold their text without a Paragraph event.
                inline_depth += 1
                at_line_start = True
                outline.paragraph_starts.append(start)
            elif block == "Heading":
                heading = {"start": start, "end": end, "level": int(value["Heading"]["level"][1]), "parts": [], "spans": []}
            elif block == "BlockQuote":
                quote_depth += 1
            elif block == "List":
                line = line_of(start)
                interrupts = last_block_was_paragraph and last_block_end_line == line - 1
                outline.lists.append(ListStart(line=line, interrupts_paragraph=interrupts, has_task=False))
                list_stack.append(len(outline.lists) - 1)
            if block != "Paragraph":
                last_block_was_paragraph = False
        elif kind == "End":
            block = value if type(value) is str else next(iter(value))
            if block == "Paragraph":
                inline_depth -= 1
                at_line_start = False
                last_block_was_paragraph = True
                last_block_end_line = line_of(max(start, end - 1))
                continue
            last_block_was_paragraph = False
            if block == "Heading" and heading is not None:
                outline.headings.append(
                    Heading(
                        level=heading["level"],
                        line=line_of(heading["start"]),
                        end_line=line_of(max(heading["start"], heading["end"] - 1)),
                        start=heading["start"],
                        end=heading["end"],
                        text="".join(heading["parts"]).strip(),
                        text_spans=tuple(heading["spans"]),
                    )
                )
                heading = None
            elif block == "BlockQuote":
                quote_depth -= 1
            elif block == "List":
                list_stack.pop()
            elif block == "Item":
                inline_depth -= 1
        else:
            at_line_start = False
    return outline


def _mark_list_has_task(outline: Outline, index: int) -> None:
    current = outline.lists[index]
    if not current.has_task:
        outline.lists[index] = ListStart(current.line, current.interrupts_paragraph, True)


def _rest_of_line(source: bytes, offset: int) -> str:
    end = source.find(b"\n", offset)
    if end == -1:
        end = len(source)
    return source[offset:end].decode("utf-8", "replace").strip()
