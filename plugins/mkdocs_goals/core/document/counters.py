"""Progress counters: org-mode style `[n/m]` and `[p%]` cookies in headings and on list
items; an empty cookie (`[/]`, `[%]`, as Org users write them to ask for one) counts too."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .markdown import Heading, ListItem, Outline

COUNTER = re.compile(rb"\[(?:(\d{0,9})/(\d{0,9})|(\d{0,9})%)\]")
COUNTER_TEXT = re.compile(COUNTER.pattern.decode("ascii"))  # the same, in decoded text
_LIST_LINE = re.compile(rb"[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]")
_NOT_BLANK = re.compile(rb"[^ \t\n\r\x0b\x0c]")


@dataclass(frozen=True)
class Counter:
    """A counter as written: its text, where it sits (1-based line, byte span)."""

    text: str
    line: int
    start: int
    end: int

    @property
    def is_percent(self) -> bool:
        return self.text.endswith("%]")

    def expected(self, checked: int, total: int) -> str:
        """The text this counter should show for `checked` of `total`."""
        return render_counter(checked, total, percent=self.is_percent)


def render_counter(checked: int, total: int, *, percent: bool = False) -> str:
    """`[n/m]`, or `[p%]` with p = floor(100·n/m) and `[0%]` when m = 0."""
    if percent:
        return f"[{(100 * checked) // total if total else 0}%]"
    return f"[{checked}/{total}]"


def find_counter(outline: Outline, heading: Heading) -> Counter | None:
    """The first counter in the heading's text, else one alone on the next non-blank line.

    Counters inside inline code or links are not counters: a match must lie wholly in
    plain-text spans of the heading.
    """
    spans = None
    for match in COUNTER.finditer(outline.source, heading.start, heading.end):
        spans = spans if spans is not None else _merged(heading.text_spans)
        if any(s <= match.start() and match.end() <= e for s, e in spans):
            return _counter(outline, match.start(), match.end())
    return _counter_on_next_line(outline, heading)


def may_have_item_counters(source: bytes) -> bool:
    """Whether a counter sits on a line that starts a list item: only then are list items
    read (most counters are in headings)."""
    for match in COUNTER.finditer(source):
        if _LIST_LINE.match(source, source.rfind(b"\n", 0, match.start()) + 1):
            return True
    return False


def find_item_counter(outline: Outline, item: ListItem) -> Counter | None:
    """The first counter in the plain text of a list item's first line."""
    if not item.first_line_spans:
        return None
    spans = _merged(item.first_line_spans)
    for match in COUNTER.finditer(outline.source, spans[0][0], spans[-1][1]):
        if any(s <= match.start() and match.end() <= e for s, e in spans):
            return _counter(outline, match.start(), match.end())
    return None


def _counter_on_next_line(outline: Outline, heading: Heading) -> Counter | None:
    if heading.end_line >= len(outline.line_starts):
        return None
    # The first non-blank line: where the first byte that `bytes.strip` keeps is.
    found = _NOT_BLANK.search(outline.source, outline.line_starts[heading.end_line])
    if found is None or found.group() != b"[":  # the pattern first: most headings have no counter
        return None
    line = outline.line_of(found.start())
    text = outline.line_bytes(line)
    stripped = text.strip()
    if not COUNTER.fullmatch(stripped) or not _paragraph_starts_on(outline, line):
        return None
    start = outline.line_starts[line - 1] + text.index(stripped)
    return _counter(outline, start, start + len(stripped))


def _paragraph_starts_on(outline: Outline, line: int) -> bool:
    """Whether a paragraph or a list item's text starts on a 1-based line."""
    begin = outline.line_starts[line - 1]
    end = outline.line_starts[line] if line < len(outline.line_starts) else len(outline.source)
    starts = outline.paragraph_starts  # in source order
    index = bisect_left(starts, begin)
    return index < len(starts) and starts[index] < end


def _counter(outline: Outline, start: int, end: int) -> Counter:
    return Counter(outline.source[start:end].decode("ascii"), outline.line_of(start), start, end)


def _merged(spans: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
