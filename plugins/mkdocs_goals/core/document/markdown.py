"""The one module that knows which Markdown parser we use.

Everything else sees an `Outline`: headings, tasks and paragraph-line facts with
1-based source lines and byte offsets. Swapping pulldown-cmark (via pyromark) for
another CommonMark/GFM parser means rewriting `_read()`, the walk over its events
(and the link definitions `_sections()` asks it for); see docs/choices.md for why
pyromark and where it is adjusted to match cmark-gfm, and docs/performance.md for
how long documents are read section by section.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import NamedTuple

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


class ListItem(NamedTuple):
    """A list item: its first and last line, the item it is nested in, and the plain
    text on its first line (where a counter may sit). A tuple: a page of nested lists
    has thousands, and a site lays out every page."""

    line: int
    end_line: int
    start: int  # its list marker
    end: int
    parent: int | None  # index in `Outline.items` of the item it is nested in
    depth: int  # 0 in a list nested in no item
    in_quote: bool
    first_line_spans: tuple[tuple[int, int], ...]


@dataclass
class Outline:
    """What the checklist engine needs to know about one Markdown body.

    Tasks are read at once; headings, paragraph starts and lists when first asked for
    (a history scan counts tasks only)."""

    source: bytes
    tasks: list[Task] = field(default_factory=list)
    _pieces: list[tuple[_Piece | _Slice, int, int]] = field(default_factory=list, repr=False, compare=False)

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

    @property
    def items(self) -> tuple[ListItem, ...]:
        """Every list item, in source order."""
        return self._list_structure[0]

    @property
    def verbatim_blocks(self) -> tuple[tuple[int, int], ...]:
        """First and last lines of fenced code and HTML blocks."""
        return self._list_structure[1]

    @cached_property
    def _list_structure(self) -> tuple[tuple[ListItem, ...], tuple[tuple[int, int], ...]]:
        """A parse of its own: only counters on list items, the `org` scope and the site's
        re-indented nested lists ask for it."""
        return list_structure(self.source, self.line_starts)

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
    sections, starts = _sections(parsed, bare_checkboxes) if len(parsed) >= _SECTIONS_FROM else (None, None)
    if sections is None:
        starts = line_starts_of(parsed)
        sections = [(_read(parsed, starts, bare_checkboxes, None), 0, 0)]
    if starts is not None:
        outline.__dict__["line_starts"] = starts  # `_normalise` keeps every newline where it was
    outline._pieces = sections
    outline.tasks = outline._gather(_TASKS)
    return outline


# Long documents are read section by section, each section by itself, and what a
# section holds is remembered by its content: the versions of a file in its history
# share most sections, so a new version parses only what its commit changed.
#
# A section starts at an ATX heading in column 0 after a blank line. Such a line ends
# every open block except a fenced code block or an HTML block that has not met its
# end yet; a section whose last block is one of those is read together with the next.
# Nothing else carries from one block to a later one but link reference definitions:
# links to definitions elsewhere in the document are resolved from the document's own
# definitions (a task's box is a box whatever is defined).
_SECTION_HEADING = re.compile(rb"#{1,6}(?:[ \t\r\n]|\Z)")
_SECTIONS_FROM = 4096  # bytes: shorter documents are read whole
_SECTION_MIN = 1024  # bytes: sections are joined until they are at least this long
_PIECES_KEPT = 8192  # sections remembered (least recently used ones go first), about 30 MB
_LABEL_SPACE = re.compile(r"[ \t\r\n]+")
_NOT_PLAIN = re.compile(r"[^\t\r\n\x20-\x7e]")


_HEADINGS, _TASKS, _PARAGRAPH_STARTS, _LISTS = range(4)


def _shift_headings(headings: tuple[Heading, ...], base: int, lines: int) -> tuple[Heading, ...]:
    return tuple(
        Heading(h.level, h.line + lines, h.end_line + lines, h.start + base, h.end + base, h.text,
                tuple((start + base, end + base) for start, end in h.text_spans))
        for h in headings
    )


def _shift_tasks(tasks: tuple[Task, ...], base: int, lines: int) -> tuple[Task, ...]:
    return tuple(Task(t.line + lines, t.checked, t.bare, t.text, t.in_quote, t.marker_start + base) for t in tasks)


def _shift_starts(starts: tuple[int, ...], base: int, lines: int) -> tuple[int, ...]:
    return tuple(start + base for start in starts)


def _shift_lists(lists: tuple[ListStart, ...], base: int, lines: int) -> tuple[ListStart, ...]:
    return tuple(ListStart(item.line + lines, item.interrupts_paragraph, item.has_task) for item in lists)


_SHIFTS = (_shift_headings, _shift_tasks, _shift_starts, _shift_lists)


class _Piece:
    """What a stretch of a document holds (headings, tasks, paragraph starts, lists),
    with lines and offsets relative to its start."""

    __slots__ = ("parts", "newlines", "open_at_end", "placed", "_positions")

    def __init__(self, parts: tuple[tuple, ...], newlines: int, open_at_end: bool) -> None:
        self.parts = parts
        self.newlines = newlines  # how many line feeds it holds
        self.open_at_end = open_at_end  # a code or HTML block runs into its last (blank) line
        self.placed = [(0, 0, part) for part in parts]  # each kind as at the last place it was used
        self._positions: tuple[list[int], list[int], None, list[int]] | None = None

    def positions(self) -> tuple[list[int], list[int], None, list[int]]:
        """Where its headings and tasks start (bytes) and its lists (lines), in order."""
        if self._positions is None:
            headings, tasks, _, lists = self.parts
            self._positions = ([h.start for h in headings], [t.marker_start for t in tasks], None,
                               [i.line for i in lists])
        return self._positions

    def at(self, kind: int, base: int, lines_before: int) -> tuple:
        """One kind of part as found `base` bytes and `lines_before` lines into a document.
        A version that only ticked boxes finds its other sections where they were, and
        shares their objects."""
        placed_base, placed_lines, value = self.placed[kind]
        if placed_base != base or placed_lines != lines_before:
            value = _SHIFTS[kind](self.parts[kind], base, lines_before)
            self.placed[kind] = (base, lines_before, value)
        return value


def _breaks(parsed: bytes) -> list[int]:
    """Where sections may start: ATX headings in column 0 after an empty line, at least
    `_SECTION_MIN` bytes apart. (Not every such place: a few more whole sections only
    cost time.)"""
    cuts = []
    for blank in (b"\n\n#", b"\n\r\n#") if b"\r" in parsed else (b"\n\n#",):
        find, shift = parsed.find, len(blank) - 1
        at = find(blank, max(0, _SECTION_MIN - shift))
        while at != -1:
            start = at + shift
            if _SECTION_HEADING.match(parsed, start):
                cuts.append(start)
                at = find(blank, max(start, start + _SECTION_MIN - shift))
            else:
                at = find(blank, start)
    kept = [0]
    for cut in sorted(cuts):
        if cut - kept[-1] >= _SECTION_MIN:
            kept.append(cut)
    return kept


def _sections(parsed: bytes, bare: bool) -> tuple[list[tuple[_Piece | _Slice, int, int]] | None, list[int] | None]:
    """The document's pieces with their byte offset and the lines before them (None when
    it has no place to split), and its line starts if they were needed."""
    cuts = _breaks(parsed)
    if len(cuts) == 1:
        return None, None
    resolve, context = None, b"b" if bare else b"g"
    if b"]:" in parsed:
        definitions = pyromark.reference_definitions(parsed.decode("utf-8"), options=_OPTIONS)
        if definitions:
            if any(_NOT_PLAIN.search(label) for label in definitions):
                return None, None
            labels = {_label(label) for label in definitions}
            context += hashlib.blake2b("\n".join(sorted(labels)).encode(), digest_size=16).digest()
            resolve = _resolver(labels)

    cuts.append(len(parsed))
    view = memoryview(parsed)
    keys = [hashlib.blake2b(view[begin:end], digest_size=16).digest() + context for begin, end in zip(cuts, cuts[1:])]
    known = sum(end - begin for key, begin, end in zip(keys, cuts, cuts[1:]) if key in _pieces)
    if _read_whole_first(known, len(parsed)):
        starts = line_starts_of(parsed)
        return [(_read_whole(parsed, starts, cuts, keys, bare), 0, 0)], starts
    try:
        return _known_and_new(parsed, cuts, keys, view, context, bare, resolve), None
    except _NotPlain:
        return None, None


def _known_and_new(
    parsed: bytes, cuts: list[int], keys: list[bytes], view: memoryview, context: bytes, bare: bool,
    resolve: Callable[[dict], tuple[str, str] | None] | None,
) -> list[tuple[_Piece | _Slice, int, int]]:
    """The sections remembered, and the others read one by one."""
    sections = []
    first, lines_before = 0, 0
    while first < len(keys):
        last = first + 1
        key = keys[first]
        while True:
            begin, end = cuts[first], cuts[last]
            piece = _remembered(key)
            if piece is None:
                section = parsed[begin:end]
                piece = _read(section, line_starts_of(section), bare, resolve)
                _remember(key, piece)
            if not piece.open_at_end or last == len(keys):
                break
            last += 1  # a fence or HTML block runs on past the break: read both as one
            key = hashlib.blake2b(view[begin : cuts[last]], digest_size=16).digest() + context
        sections.append((piece, begin, lines_before))
        lines_before += piece.newlines
        first = last
    return sections


def _read_whole_first(known: int, size: int) -> bool:
    """Whether to read a document in one go: when less than half of it is known (one
    parse is cheaper than many, and nothing of it may come again, as in a site build)."""
    return 2 * known < size


def _read_whole(parsed: bytes, starts: list[int], cuts: list[int], keys: list[bytes], bare: bool) -> _Piece:
    """Read a document in one go (it is new here), and remember where its sections are:
    a break is a section start only where the parse found its heading."""
    whole = _read(parsed, starts, bare, None)
    heading_starts = {heading.start for heading in whole.parts[_HEADINGS]}
    first = 0
    for last in range(1, len(keys) + 1):
        if last == len(keys) or cuts[last] in heading_starts:
            key = keys[first] if last == first + 1 else (
                hashlib.blake2b(parsed[cuts[first] : cuts[last]], digest_size=16).digest() + keys[first][16:]
            )
            before = bisect_left(starts, cuts[first])
            if last < len(keys):
                newlines = bisect_left(starts, cuts[last]) - before
                last_line = before + newlines
            else:
                newlines, last_line = len(starts) - 1 - before, len(starts)
            _remember(key, _Slice(whole, cuts[first], cuts[last], before, newlines, last_line))
            first = last
    return whole


class _Slice:
    """A section of a document that was read whole; used like a piece (`at`) straight
    from that parse: a later version that has the section where it was shares its
    objects, and one that moved it gets them moved."""

    __slots__ = ("whole", "begin", "end", "lines_before", "newlines", "last_line", "placed")
    open_at_end = False  # cut only where the parse found the section's heading

    def __init__(self, whole: _Piece, begin: int, end: int, lines_before: int, newlines: int, last_line: int) -> None:
        self.whole, self.begin, self.end = whole, begin, end
        self.lines_before, self.newlines = lines_before, newlines  # line feeds before it and in it
        self.last_line = last_line  # the number of its last line in the document
        self.placed: list[tuple | None] = [None] * 4

    def at(self, kind: int, base: int, lines_before: int) -> tuple:
        placed = self.placed[kind]
        if placed is not None and placed[0] == base and placed[1] == lines_before:
            return placed[2]
        part = self.whole.parts[kind]
        at = self.whole.positions()[kind] if kind != _PARAGRAPH_STARTS else part
        if kind == _LISTS:
            within = part[bisect_right(at, self.lines_before) : bisect_right(at, self.last_line)]
        else:
            within = part[bisect_left(at, self.begin) : bisect_left(at, self.end)]
        if base != self.begin or lines_before != self.lines_before:
            within = _SHIFTS[kind](within, base - self.begin, lines_before - self.lines_before)
        self.placed[kind] = (base, lines_before, within)
        return within


def _remembered(key: bytes) -> _Piece | _Slice | None:
    found = _pieces.pop(key, None)
    if found is not None:
        _pieces[key] = found  # now the most recently used
    return found


def _remember(key: bytes, piece: _Piece | _Slice) -> None:
    if len(_pieces) >= _PIECES_KEPT:
        del _pieces[next(iter(_pieces))]
    _pieces[key] = piece


_pieces: dict[bytes, _Piece | _Slice] = {}


def forget_sections() -> None:
    """Let go of every section remembered: a process that reads each file once (a single
    site build) never meets them again, and they hold each document's parse (25 MB on the
    540 KEPs of kubernetes/enhancements, kept to the end of the build)."""
    _pieces.clear()


def sections_remembered() -> int:
    return len(_pieces)


@lru_cache(maxsize=8192)
def _label(label: str) -> str:
    """A plain link label as pulldown-cmark matches it: white space collapsed, any case."""
    return _LABEL_SPACE.sub(" ", label.strip(" \t\r\n")).lower()


class _NotPlain(Exception):
    """A link label beyond printable ASCII: how it folds is left to pulldown-cmark."""


def _resolver(labels: set[str]) -> Callable[[dict], tuple[str, str] | None]:
    """For a section read by itself: links to the document's definitions elsewhere."""

    def resolve(link: dict) -> tuple[str, str] | None:
        if _NOT_PLAIN.search(link["reference"]):
            raise _NotPlain  # read the whole document instead
        return ("#", "") if _label(link["reference"]) in labels else None

    return resolve


def _read(
    parsed: bytes, starts: list[int], bare_checkboxes: bool, resolve: Callable[[dict], tuple[str, str] | None] | None
) -> _Piece:
    """Walk pulldown-cmark's events over `parsed`, whose line starts are `starts`."""
    headings: list[Heading] = []
    tasks: list[Task] = []
    paragraph_starts: list[int] = []
    lists: list[ListStart] = []

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset)

    quote_depth = 0
    heading: list | None = None  # start, end, level, text parts, text spans, links open
    inline_depth = 0
    at_line_start = False
    last_block_end = -1  # offset of the last byte of the most recent closed paragraph
    last_block_was_paragraph = False
    list_stack: list[int] = []  # index into `lists` for each open list
    event: object = None
    rng: dict = {}

    events = pyromark.events_with_range(parsed.decode("utf-8"), options=_OPTIONS, broken_link_callback=resolve)
    for event, rng in events:
        if type(event) is str:  # SoftBreak, HardBreak, Rule
            if event != "Rule":
                at_line_start = inline_depth > 0
            else:
                last_block_was_paragraph = False
            continue
        if "Text" in event:
            if heading is not None:
                heading[3].append(event["Text"])
                if not heading[5]:  # a link's text is no place for a counter
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
                heading = [rng["start"], rng["end"], int(value["Heading"]["level"][1]), [], [], 0]
            elif heading is not None and ("Link" in value or "Image" in value):
                heading[5] += 1
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
                elif heading is not None and (value == "Link" or value == "Image"):
                    heading[5] -= 1
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

    open_at_end = (
        isinstance(event, dict)
        and event.get("End") in ("CodeBlock", "HtmlBlock")
        and rng["end"] > parsed.rfind(b"\n", 0, len(parsed) - 1) + 1
    )
    parts = (tuple(headings), tuple(tasks), tuple(paragraph_starts), tuple(lists))
    return _Piece(parts, len(starts) - 1, open_at_end)


_BEFORE_MARKER = (b" ", b"\t", b"\r", b"\n")
_COUNTER_END = re.compile(rb"(?:/\d{0,9}|%)\]")  # how every counter (`counters.COUNTER`) ends


def list_structure(source: bytes, starts: list[int]) -> tuple[tuple[ListItem, ...], tuple[tuple[int, int], ...]]:
    """The list items of `source` (whose line starts are `starts`) in source order, and the
    first and last lines of its fenced code and HTML blocks (text kept as written). Items
    hold their first line's text spans only when some counter may end in `source`: they
    are read for item counters, and nothing else."""
    if not source.strip():
        return (), ()
    want_text = _COUNTER_END.search(source) is not None
    found: list[list] = []  # start, end, parent, depth, in quote, first line, spans
    verbatim: list[tuple[int, int]] = []
    open_items: list[int] = []
    quote_depth = 0
    no_counter = 0  # open headings, links, images and tables: their text holds no item counter
    for event, rng in pyromark.events_with_range(_normalise(source).decode("utf-8"), options=_OPTIONS):
        if type(event) is str:
            continue
        if "Text" in event:
            if want_text and open_items and not no_counter:
                item = found[open_items[-1]]
                if bisect_right(starts, rng["start"]) == item[5]:
                    item[6].append((rng["start"], rng["end"]))
        elif "Start" in event:
            value = event["Start"]
            if value == "Item":
                parent = open_items[-1] if open_items else None
                start = rng["start"]
                while source[start : start + 1] in _BEFORE_MARKER:  # pulldown-cmark may start a tab-indented item early
                    start += 1
                found.append([start, rng["end"], parent, len(open_items), quote_depth > 0,
                              bisect_right(starts, start), []])
                open_items.append(len(found) - 1)
            elif value == "HtmlBlock" or (type(value) is dict and "CodeBlock" in value and value["CodeBlock"] != "Indented"):
                verbatim.append((bisect_right(starts, rng["start"]), bisect_right(starts, max(rng["start"], rng["end"] - 1))))
            elif type(value) is dict:
                if "BlockQuote" in value:
                    quote_depth += 1
                elif "Heading" in value or "Link" in value or "Image" in value or "Table" in value:
                    no_counter += 1
        elif "End" in event:
            value = event["End"]
            if value == "Item":
                found[open_items.pop()][1] = rng["end"]
            elif value in ("Link", "Image", "Table") or (type(value) is dict and "Heading" in value):
                no_counter -= 1
            elif type(value) is dict and "BlockQuote" in value:
                quote_depth -= 1
    items = tuple(
        ListItem(line, bisect_right(starts, max(start, end - 1)), start, end, parent, depth, quoted, tuple(spans))
        for start, end, parent, depth, quoted, line, spans in found
    )
    return items, tuple(verbatim)


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
