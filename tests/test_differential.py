"""Our GFM task counts against cmark-gfm, GitHub's own engine, used here only as an oracle.

The documented differences (docs/choices.md) are accounted for explicitly: cmark-gfm
never makes a task inside a block quote, a BOM hides the first task from it, and it
ticks an open box when `[x]` appears later on the item's first line.
"""

from __future__ import annotations

import re

import cmarkgfm
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import parse

_CHECKBOX = re.compile(r"<input type=\"checkbox\"( checked=\"\")?")


def oracle(text: str) -> tuple[int, int]:
    """(checked, total) checkboxes as cmark-gfm renders them."""
    html = cmarkgfm.github_flavored_markdown_to_html(text)
    boxes = _CHECKBOX.findall(html)
    return sum(1 for b in boxes if b), len(boxes)


_LATER_X = re.compile(r"\[[xX]\]")


def ours(text: str) -> tuple[int, int]:
    """Our GFM-only count, with cmark-gfm's two quirks modelled: no tasks in block
    quotes, and an open box reads as ticked when `[x]` follows on the same line."""
    tasks = [t for t in parse(text, gfm_only=True).checklist.tasks if not t.in_quote]
    return sum(t.checked or bool(_LATER_X.search(t.text)) for t in tasks), len(tasks)


HAND_WRITTEN = [
    "- [x] a\n- [ ] b\n",
    "* [X] a\n+ [ ] b\n1. [x] c\n2) [ ] d\n",
    "- [x] a\n  - [ ] b\n    - [x] c\n",
    "- [ ] foo [x] bar\n",
    "- [x]\n- [x] \n- [x]\ta\n- [x]a\n",
    "```\n- [x] a\n```\t\n- [x] b\n",
    "```\n- [x] a\n```  \t\n- [x] b\n",
    "~~~\n~~~\t\n- [x] c\n",
    "    - [x] indented code\n",
    "<div>\n- [x] a\n</div>\n\n- [ ] b\n",
    "<!--\n- [x] a\n-->\n- [ ] b\n",
    "| a |\n|---|\n| [x] |\n",
    "- [x] before\n\n| a |\n|---|\n| - [x] |\n\n- [ ] after\n",
    "Some text\n- [x] interrupts the paragraph\n",
    "Some text\n2. [x] cannot interrupt\n",
    "- a\n\n  - [x] loose nested\n",
    "1. - [x] nested on its parent's line\n- - [ ] also\n",
    "- [x] a\r\n- [ ] b\r\n",
    "- [ ]\n  foo\n",
    "- [x]\u00a0nbsp\n",
    "# heading\n- [x] under heading\nsetext\n---\n- [ ] b\n",
    "- [x] [link](u) text\n",
    "[ ] bare\n[x] bare\n",
    "\n- [ ] task\n- [ ]\n-->\n2) [ ] task",
    "- [ ]\nfoo\n2) [ ] task\n",
]


@pytest.mark.parametrize("text", HAND_WRITTEN)
def test_hand_written_cases_agree_with_cmark_gfm(text):
    assert ours(text) == oracle(text)


def test_later_x_difference_is_only_the_tick():
    text = "- [ ] foo [x] bar\n"
    assert oracle(text) == (1, 1)  # cmark-gfm's quirk
    document = parse(text, gfm_only=True)
    assert (document.checked, document.total) == (0, 1)  # what the author ticked


def test_blockquote_difference_is_exactly_the_quoted_tasks():
    text = "> - [x] quoted\n> - [ ] quoted\n\n- [x] outside\n"
    assert oracle(text) == (1, 1)
    document = parse(text, gfm_only=True)
    assert (document.checked, document.total) == (2, 3)
    assert ours(text) == oracle(text)


def test_bom_difference_is_only_the_first_task():
    text = "- [x] first\n- [ ] second\n"
    assert oracle("\ufeff" + text) == (0, 1)  # cmark-gfm's quirk
    assert oracle(text) == (1, 2)
    document = parse(("\ufeff" + text).encode("utf-8"), gfm_only=True)
    assert (document.checked, document.total) == oracle(text)


INDENT = st.sampled_from(["", "", " ", "  ", "   ", "    ", "      "])
MARKER = st.sampled_from(["-", "*", "+", "1.", "2)", "10.", ""])
BOX = st.sampled_from(["[ ]", "[x]", "[X]", "[]", "[~]", "[x", "x]", ""])
AFTER = st.sampled_from([" ", " ", "\t", "", "  "])
WORDS = st.sampled_from(["task", "a [x] b", "`[x]`", "[x](u)", "**bold**", "", "<span>x</span>", "1/2"])
OTHER = st.sampled_from(
    [
        "",
        "",
        "```",
        "```\t",
        "~~~",
        "    code",
        "<div>",
        "</div>",
        "<!--",
        "-->",
        "# heading",
        "text line",
        "---",
        "===",
        "> quote",
        "<details>",
        "</details>",
    ]
)


@st.composite
def task_line(draw) -> str:
    return draw(INDENT) + draw(MARKER) + draw(st.sampled_from([" ", "  ", "\t"])) + draw(BOX) + draw(AFTER) + draw(WORDS)


LINE = st.one_of(task_line(), task_line(), task_line(), OTHER, st.builds(lambda i, o: i + o, INDENT, OTHER))
# Pipe-table rows are left out of generated documents: GFM does not specify how a table
# meets a list item's lazy continuation lines, and the two engines differ there
# (docs/choices.md). Tables are covered by the hand-written cases.
# A leading newline: a document opening with `---` would be front matter to us (as to MkDocs).
DOCUMENT = st.lists(LINE, min_size=1, max_size=25).map(lambda lines: "\n" + "\n".join(lines))


# pulldown-cmark ends a list at an empty task item followed by a blank line; cmark-gfm
# keeps the list going. Known and documented (docs/choices.md); pinned by a test below.
_EMPTY_TASK_THEN_BLANK = re.compile(r"\[[ xX]\][ \t]*\n[ \t]*\n")
# cmark-gfm's "[x] anywhere on the first line" quirk (modelled in `ours`) is undone when a
# lazy line of a quote inside the item looks like a task: its box is read for the item.
_LAZY_TASK_AFTER_QUOTE = re.compile(r"^ *>.*\n {4,}(?:[-*+]|\d+[.)]) +\[[ xX]\]", re.MULTILINE)


def comparable(text: str) -> bool:
    return not _EMPTY_TASK_THEN_BLANK.search(text) and not _LAZY_TASK_AFTER_QUOTE.search(text)


def test_known_difference_a_lazy_task_line_resets_the_quirk():
    text = "- [ ] a [x] b\n  > quote\n      - [ ] task"
    assert oracle(text) == (0, 1) and oracle(text.replace("      - [ ] task", "      - task")) == (1, 1)
    assert ours(text) == (1, 1)  # the quirk as modelled; if this starts agreeing, drop the exclusion


def test_known_difference_empty_task_then_blank_line():
    text = "- [ ] \n  \n  ```\n- [ ] task"
    assert oracle(text) == (0, 2)
    assert ours(text) == (0, 1)  # if this starts agreeing, drop the exclusion


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_generated_documents_agree_with_cmark_gfm(text):
    assume(comparable(text))
    assert ours(text) == oracle(text)


QUOTED = st.lists(st.one_of(LINE, st.builds(lambda line: "> " + line, LINE)), min_size=1, max_size=20).map(
    lambda lines: "\n" + "\n".join(lines)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUOTED)
def test_generated_documents_with_block_quotes_agree_outside_quotes(text):
    assume(comparable(text))
    assert ours(text) == oracle(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_bare_mode_adds_only_bare_tasks(text):
    with_bare = parse(text).checklist.tasks
    gfm = parse(text, gfm_only=True).checklist.tasks
    assert [t for t in with_bare if not t.bare] == list(gfm)
