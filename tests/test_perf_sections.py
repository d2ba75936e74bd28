"""Reading a long document section by section gives exactly what reading it whole gives.

`markdown.scan` splits long documents at ATX headings after a blank line, reads each
section by itself and remembers it by content, so that the next version of a file
re-reads only what changed. These tests force the split at every possible heading and
compare every part of the outline with a whole read: on generated documents (fences
and HTML blocks left open across headings, reference definitions used across
sections, `[x]` defined as a label, bare tasks, quotes, tables, CRLF, tabs, no line feed
at the end), on edited
versions of them read after the original (so remembered sections are reused and
moved), and on the Markdown files of this repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_goals.core.document import markdown
from mkdocs_goals.core.document.checklist import build_checklist

ROOT = Path(__file__).resolve().parents[1]


def whole(source: bytes, bare: bool) -> markdown.Outline:
    """The reference: no sections at all."""
    saved = markdown._SECTIONS_FROM
    markdown._SECTIONS_FROM = 1 << 60
    try:
        return markdown.scan(source, bare_checkboxes=bare)
    finally:
        markdown._SECTIONS_FROM = saved


def facts(outline: markdown.Outline) -> tuple:
    checklist = build_checklist(outline)
    return (
        outline.headings, outline.tasks, outline.paragraph_starts, outline.lists, outline.line_starts,
        outline.paragraphs, [(s.title, s.checked, s.total, s.rollup_checked, s.rollup_total, s.counter, s.stale)
                             for s in checklist.sections],
    )


@pytest.fixture
def every_heading(monkeypatch):
    """Sections at every heading that may start one, and an empty memory."""
    monkeypatch.setattr(markdown, "_SECTIONS_FROM", 0)
    monkeypatch.setattr(markdown, "_SECTION_MIN", 1)
    monkeypatch.setattr(markdown, "_pieces", {})


HEADING = st.builds(lambda level, text, counter: "#" * level + " " + text + counter,
                    st.integers(1, 7), st.sampled_from(["Goals", "Steps [ref]", "See [foo]", "Plan `[1/2]`", ""]),
                    st.sampled_from(["", " [0/2]", " [50%]", " [x]"]))
BLOCK = st.sampled_from([
    "- [ ] open\n- [x] done", "* [X] star\n  - [ ] nested", "1. [x] one\n2) [ ] two", "[ ] bare\n[x] bare too",
    "text line\nmore [x] text", "> - [x] quoted\n> [ ] bare quoted", "```\n- [x] in a fence\n```",
    "```", "~~~\n# inside\n", "<!--\n- [x] hidden", "-->", "<div>\n- [x] html\n</div>", "    - [x] indented code",
    "| a | b |\n|---|---|\n| [x] | c |", "Setext\n---", "[foo]: /url", "[Bar Baz]: /u 'title'", "[x]: /u",
    "[ X ]: /u", "[ref]:\n  /multi-line 'definition'", "see [foo] and [text][foo] and [foo][]", "[bar baz] [unknown]", "[Ünï Kelvin]: /u", "[ünï kelvin] and [\u212a]", "[k]: /k", "[foo] starts a line",
    "[1/3]", "- [ ]\n  continued", "-\t\t[x] tab code", "- a\n\n  - [x] loose", "<details>\n\n- [x] d\n</details>",
    "\t- [x] tab", "text\r\n- [x] crlf\r\n", "  \n",
])
SECTION = st.builds(lambda heading, blocks, joiner: heading + "\n" + joiner.join(blocks),
                    HEADING, st.lists(BLOCK, max_size=5), st.sampled_from(["\n", "\n\n", "\n\n\n"]))
DOCUMENT = st.builds(lambda first, sections, joiner, end: (first + joiner + joiner.join(sections) + end).encode(),
                     st.lists(BLOCK, max_size=3).map("\n\n".join), st.lists(SECTION, min_size=1, max_size=8),
                     st.sampled_from(["\n\n", "\n\n", "\n", "\r\n\r\n", "\n \n"]), st.sampled_from(["\n", ""]))
EDIT = st.sampled_from(["tick", "append", "heading", "define", "close fence", "drop first"])


def edited(source: bytes, how: str) -> bytes:
    if how == "tick":
        return source.replace(b"[ ]", b"[x]", 1)
    if how == "append":
        return source + b"\n\n# Added\n\n- [ ] new\n"
    if how == "heading":
        return source.replace(b"# ", b"# Changed ", 1)
    if how == "define":
        return source + b"\n\n[unknown]: /now-known\n"
    if how == "close fence":
        return b"```\n" + source
    return source.split(b"\n#", 1)[-1]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(DOCUMENT, EDIT, st.booleans())
def test_sections_read_as_the_whole_document(every_heading, source, edit, bare):
    markdown._pieces.clear()
    versions = [source, edited(source, edit), source]
    for version in versions:  # the first is read whole, the others mostly from what it left
        assert facts(markdown.scan(version, bare_checkboxes=bare)) == facts(whole(version, bare))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(DOCUMENT, st.booleans())
def test_every_section_read_by_itself_reads_as_the_whole_document(every_heading, monkeypatch, source, bare):
    monkeypatch.setattr(markdown, "_read_whole_first", lambda known, size: False)
    markdown._pieces.clear()
    assert facts(markdown.scan(source, bare_checkboxes=bare)) == facts(whole(source, bare))


def test_a_fence_open_across_a_heading_is_read_with_what_follows(every_heading):
    source = b"# One\n\n```\ncode\n\n# Not a heading\n\n- [x] in the fence\n```\n\n# Two\n\n- [ ] real\n"
    for _ in range(2):
        outline = markdown.scan(source)
        assert [h.text for h in outline.headings] == ["One", "Two"]
        assert [t.text for t in outline.tasks] == ["real"]


def test_references_resolve_across_sections(every_heading, monkeypatch):
    """`[x] text` is a link, not a bare task, when `[x]` is defined, wherever it is defined;
    a task item's box stays a box."""
    source = b"# One [foo]\n\n[x] a link\n\n[ ] bare\n\n# Two\n\n- [x] task\n\n[x]: /here\n[foo]: /there\n"
    monkeypatch.setattr(markdown, "_read_whole_first", lambda known, size: False)
    for _ in range(2):
        outline = markdown.scan(source)
        assert [(t.text, t.bare) for t in outline.tasks] == [("bare", True), ("task", False)]
        assert [h.text for h in outline.headings] == ["One foo", "Two"]


def test_this_repository_s_markdown_reads_the_same(every_heading):
    sources = [path.read_bytes() for folder in ("docs", "goals", "templates")
               for path in sorted((ROOT / folder).rglob("*.md"))]
    assert sources
    for source in sources:
        for bare in (True, False):
            assert facts(markdown.scan(source, bare_checkboxes=bare)) == facts(whole(source, bare))
