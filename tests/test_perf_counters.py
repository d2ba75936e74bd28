"""Counters alone on the line after a heading are found exactly as before the speed-up.

`_counter_on_next_line` now looks for the counter pattern before it looks for a
paragraph on that line, and finds the first non-blank line with one search; the
reference below is the previous implementation, line by line.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_goals.core.document import counters
from mkdocs_goals.core.document.counters import COUNTER, Counter, find_counter
from mkdocs_goals.core.document.markdown import Heading, Outline, scan


def previous_counter_on_next_line(outline: Outline, heading: Heading) -> Counter | None:
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
    return counters._counter(outline, start, start + len(stripped))


LINE = st.sampled_from([
    "# Goals", "## Steps [1/2]", "Setext", "---", "===", "", " ", "\t", "\x0b", "\x0c \r", "[2/3]", "  [50%]  ",
    "[2/3] text", "- [3/4]", "- [ ] task", "> [1/1]", "    [1/2]", "```", "[0%]\r", "<div>", "</div>", "text",
    "[1/2]\x0c", "| [1/2] |", "#", "#### [9/9] deep",
])
DOCUMENT = st.lists(LINE, min_size=1, max_size=30).map(lambda lines: ("\n".join(lines)).encode())


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT, st.booleans())
def test_counters_under_headings_are_found_as_before(source, bare):
    outline = scan(source, bare_checkboxes=bare)
    for heading in outline.headings:
        assert counters._counter_on_next_line(outline, heading) == previous_counter_on_next_line(outline, heading)
        assert find_counter(outline, heading) is not None or previous_counter_on_next_line(outline, heading) is None
