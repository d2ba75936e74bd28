"""The parse skips work a single search of the whole text shows to be empty: a heading
with no counter match before the next heading is not searched for a counter. This
compares it with the search it spares, on generated documents full of near misses
(counters in, under and between headings, setext headings, quotes, lists, code).
Milestone labels ride along: reading them once crashed on a `# Q1:` line in a fence."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import parse

from mkdocs_goals.core.document.counters import COUNTER, find_counter
from mkdocs_goals.core.document.markdown import _COUNTER_END

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



@settings(max_examples=400, deadline=None)
@given(DOCUMENT)
@example("\n```\n# Q1: Ship\n")  # found by Hypothesis: a crash once
@example("\n## Milestones\nſep 2026: folded\n")  # and so was a long s, which the label takes for an s
@example("\n## Progress log\nſep 2026: folded\n")
def test_a_milestone_on_a_hash_line_is_a_real_heading(text):
    document = parse("---\ntitle: Ship 2 things\nowner: ana\nstatus: on-track\n---\n" + text)
    headings = {s.line for s in document.checklist.sections}
    lines = document.decoded.body.decode().split("\n")
    for milestone in document.parts.milestones:
        if lines[milestone.line - 1].lstrip(" ").startswith("#"):
            assert milestone.line in headings
        assert 0 <= milestone.checked <= milestone.total


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="[]/%0123456789 x-\n", max_size=40))
def test_a_text_without_a_counter_end_holds_no_counter(text):
    """`list_structure` reads list items' first-line text only where `_COUNTER_END` occurs:
    it must occur wherever `COUNTER` matches."""
    source = text.encode()
    if COUNTER.search(source):
        assert _COUNTER_END.search(source)
    for match in COUNTER.finditer(source):
        assert _COUNTER_END.search(source, match.start(), match.end())
