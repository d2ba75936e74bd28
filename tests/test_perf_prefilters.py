"""The parse skips work a single search of the whole text shows to be empty: headings
with no counter match before the next heading are not searched for a counter, and
only lines holding something a label is made of are read for milestones. These tests
compare both with the read they spare, on generated documents full of near misses
(counters under and between headings, setext headings, quotes, dates and month names
in every case, the Unicode letters that fold to ASCII ones)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import parse

import mkdocs_goals.core.document.milestones as milestones
from mkdocs_goals.core.document.counters import find_counter

HEADING = st.sampled_from(["# A", "## B [1/2]", "### C", "  ## D", "Setext", "#### [2/3] E", "# `[1/2]` F",
                           "## [link [1/2]](u)", "# Q1: Ship", "## 2026-03-31 review", "## Milestones",
                           "## Progress log", "# ſeptember"])
UNDERLINE = st.sampled_from(["---", "==="])
LINE = st.one_of(
    HEADING,
    st.sampled_from(["", "", "[1/2]", "  [3/4]", "[50%]", "[/]", "> [1/2]", "- [1/2]", "text [1/3]", "- [ ] a",
                     "- [x] b", "[x] bare", "Q2: launch", "- [ ] Q3 2026: beta", "**Q4 milestone:** done",
                     "Month 3: pilot", "MONTH 2: x", "march: plan", "Mar 2026 - review", "2026-05: mid",
                     "- 2026-06-30: done", "jan", "ſep 2026: folded", "Kelvin K", "decision: none",
                     "### Q1: heading", "```", "~~~"]),
    st.tuples(st.sampled_from(["Setext [1/2]", "[2/2]", "Q1: setext"]), UNDERLINE).map("\n".join),
)
DOCUMENT = st.lists(LINE, min_size=1, max_size=30).map(lambda lines: "\n" + "\n".join(lines) + "\n")


@settings(max_examples=400, deadline=None)
@given(DOCUMENT)
def test_every_heading_has_the_counter_a_search_of_its_own_finds(text):
    document = parse(text)
    assert [s.counter for s in document.checklist.sections] == [
        find_counter(document.outline, h) for h in document.outline.headings
    ]


def every_line(outline) -> list[int]:
    return list(range(1, len(outline.line_starts) + 1))


@settings(max_examples=400, deadline=None)
@given(DOCUMENT, st.integers(1, 12), st.sampled_from([None, 1, 3]))
def test_milestones_are_those_a_read_of_every_line_finds(text, first, span):
    document = parse(text)
    args = (document.outline, document.checklist, document.checklist.tasks)
    window = {"first": first, "end": float("inf") if span is None else first + span}
    found = milestones.read_milestones(*args, year=2026, start=None, **window)
    spared = milestones._label_lines
    milestones._label_lines = every_line
    try:
        expected = milestones.read_milestones(*args, year=2026, start=None, **window)
    finally:
        milestones._label_lines = spared
    assert found == expected
