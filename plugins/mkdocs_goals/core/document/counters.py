"""Progress counters: org-mode style `[n/m]` and `[p%]` cookies in headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markdown import Heading, Outline

COUNTER = re.compile(rb"\[(?:(\d{1,9})/(\d{1,9})|(\d{1,9})%)\]")


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
    spans = _merged(heading.text_spans)
    for match in COUNTER.finditer(outline.source, heading.start, heading.end):
        if any(s <= match.start() and match.end() <= e for s, e in spans):
            return _counter(outline, match.start(), match.end())
    return _counter_on_next_line(outline, heading)


def _counter_on_next_line(outline: Outline, heading: Heading) -> Counter | None:
    line = heading.end_line + 1
    while line <= len(outline.line_starts) and not outline.line_bytes(line).strip():
        line += 1
    if line > len(outline.line_starts) or not any(p.line == line for p in outline.paragraphs):
        return None
    text = outline.line_bytes(line)
    stripped = text.strip()
    if not COUNTER.fullmatch(stripped):
        return None
    start = outline.line_starts[line - 1] + text.index(stripped)
    return _counter(outline, start, start + len(stripped))


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
