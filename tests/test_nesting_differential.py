"""Nested lists drawn as GitHub draws them: for generated nested task lists, the depth
of every item in cmark-gfm's HTML equals its depth in Python-Markdown's HTML after the
plugin's re-indentation (`render.nesting`), and without it they often differ."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import cmarkgfm
import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import reindent


class _Depths(HTMLParser):
    """Each text's number of enclosing `li` elements, in order, and code blocks' text."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.seen, self.in_code = 0, [], 0

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "li"
        self.in_code += tag == "pre"
        if tag in ("hr", "h1", "h2"):
            self.seen.append((tag, self.depth))

    def handle_endtag(self, tag):
        self.depth -= tag == "li"
        self.in_code -= tag == "pre"

    def handle_data(self, data):
        if self.in_code:
            # (runs of blank lines in indented code are kept by one, merged by the other)
            self.seen.append(("code", self.depth, re.sub(r"\n{2,}", "\n\n", data.rstrip("\n"))))
            return
        for word in data.split():
            if re.fullmatch(r"t\d+[cp]?", word):  # an item, its continuation line, its paragraph
                self.seen.append((word, self.depth))


def depths(html: str) -> list[tuple]:
    parser = _Depths()
    parser.feed(html)
    return parser.seen


def python_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=["pymdownx.superfences"])  # fences in lists, as sites use them


def reindented(source: str) -> str:
    return reindent(source.encode()).decode()


@st.composite
def nested_lists(draw) -> str:
    """A list written the GitHub way: each child indented to its parent's text (or up
    to three columns more), bullets or numbers, boxes or none, some loose paragraphs."""
    lines: list[str] = []
    stack: list[int] = []  # content columns of the open items
    for n in range(draw(st.integers(1, 12))):
        depth = draw(st.integers(0, min(len(stack), 3)))
        del stack[depth:]
        parent = stack[-1] if stack else 0
        indent = parent + draw(st.sampled_from([0, 0, 0, 1, 2, 3])) if depth else draw(st.sampled_from([0, 0, 1]))
        # Python-Markdown has no `1)` lists; a nested `10.` cannot interrupt its parent's text in CommonMark
        marker = draw(st.sampled_from(["-", "*", "1.", "10."] if not depth else ["-", "*", "1."]))
        gap = draw(st.sampled_from([1, 1, 2, 4]))
        box = draw(st.sampled_from(["[ ] ", "[x] ", ""]))
        lead = " " * indent
        if indent >= 4 and draw(st.booleans()):
            lead = "\t" + " " * (indent - 4)  # a tab is four columns here
        lines.append(lead + marker + " " * gap + box + f"t{n}")
        stack.append(indent + len(marker) + gap)
        if draw(st.integers(0, 5)) == 0:  # more of the item's text on the next line (lazily indented or not)
            lines.append(" " * draw(st.integers(0, stack[-1])) + f"t{n}c")
        if depth and draw(st.integers(0, 7)) == 0:  # a rule in the parent, right after its child
            lines.append(" " * parent + "---")
            stack.pop()  # the rule ends the child: what follows is the parent's
        if draw(st.integers(0, 6)) == 0:  # a fenced block of the item, its lines indented their own way
            pad = " " * stack[-1]
            lines += ["", pad + "```", pad + f"x{n} = 1", pad + "  " + f"y{n}()", pad + "```"]
            lines += [""] * draw(st.integers(0, 1))  # what follows may start on the next line
        if draw(st.integers(0, 5)) == 0:  # a paragraph of the item, after a blank line
            lines += ["", " " * stack[-1] + f"t{n}p"]
            lines.append("")
    if draw(st.integers(0, 5)) == 0 and "\t" not in "".join(lines):  # the whole list in a block quote
        # (a tab after `>` is read otherwise by pulldown-cmark than by cmark-gfm: not ours to test here)
        lines = [">" + (" " + line if line else "") for line in lines]
    return "\n".join(lines) + "\n"


@settings(max_examples=1000, deadline=None)
@given(nested_lists())
def test_item_depths_match_cmark_gfm_after_reindentation(source):
    expected = depths(cmarkgfm.github_flavored_markdown_to_html(source))
    assert depths(python_markdown(reindented(source))) == expected, source


def test_without_reindentation_python_markdown_flattens_two_space_children():
    source = "- [ ] t0\n  - [x] t1\n    - [ ] t2\n"
    assert depths(cmarkgfm.github_flavored_markdown_to_html(source)) == [("t0", 1), ("t1", 2), ("t2", 3)]
    assert depths(markdown.markdown(source)) != depths(cmarkgfm.github_flavored_markdown_to_html(source))
    assert depths(markdown.markdown(reindented(source))) == [("t0", 1), ("t1", 2), ("t2", 3)]
