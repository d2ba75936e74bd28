"""Sections from ATX and setext headings, roll-ups, counter scopes and stale counters."""

from __future__ import annotations

import pytest

from conftest import dedent, parse
from mkdocs_goals.core.document.checklist import Scope

NESTED = dedent(
    """
    # Plan [1/5]
    - [x] top

    ## Alpha [2/3]
    - [ ] a1

    ### Alpha deep
    - [x] a2
    - [ ] a3

    ## Beta [0%]
    - [ ] b1
    """
)


def test_each_section_has_its_own_count_and_a_rollup():
    sections = parse(NESTED).checklist.sections
    got = [(s.title, s.level, s.line, s.checked, s.total, s.rollup_checked, s.rollup_total) for s in sections]
    assert got == [
        ("Plan", 1, 1, 1, 1, 2, 5),
        ("Alpha", 2, 4, 0, 1, 1, 3),
        ("Alpha deep", 3, 7, 1, 2, 1, 2),
        ("Beta", 2, 11, 0, 1, 0, 1),
    ]


def test_subtree_scope_compares_counters_with_rollups():
    sections = parse(NESTED).checklist.sections
    assert [(s.counter.text, s.expected_counter, s.stale) for s in sections if s.counter] == [
        ("[1/5]", "[2/5]", True),
        ("[2/3]", "[1/3]", True),
        ("[0%]", "[0%]", False),
    ]


def test_section_scope_counts_only_up_to_the_next_heading():
    sections = parse(NESTED, scope=Scope.SECTION).checklist.sections
    assert [s.expected_counter for s in sections if s.counter] == ["[1/1]", "[0/1]", "[0%]"]


@pytest.mark.parametrize(
    ("checked", "total", "expected"),
    [(0, 0, "[0%]"), (1, 3, "[33%]"), (2, 3, "[66%]"), (3, 3, "[100%]")],
)
def test_percent_counters_floor(checked, total, expected):
    body = "".join("- [x] t\n" for _ in range(checked)) + "".join("- [ ] t\n" for _ in range(total - checked))
    section = parse(f"## S [50%]\n{body}").checklist.sections[0]
    assert section.expected_counter == expected


def test_setext_headings_make_sections_and_hold_counters():
    text = "Title [0/1]\n=====\n\n- [x] a\n\nSub\n---\n\n[ ] bare\n"
    sections = parse(text).checklist.sections
    assert [(s.title, s.level, s.line, s.rollup_total) for s in sections] == [("Title", 1, 1, 2), ("Sub", 2, 6, 1)]
    assert sections[0].expected_counter == "[1/2]"


def test_counter_alone_on_the_line_after_the_heading():
    text = "## Work Environment  \n[1/8]\n\n[x] a\n\n[ ] b\n"
    section = parse(text).checklist.sections[0]
    assert (section.counter.text, section.counter.line, section.expected_counter) == ("[1/8]", 2, "[1/2]")


def test_counter_after_blank_lines_following_the_heading():
    section = parse("## Goals\n\n\n[0/0]\n\n- [x] a\n").checklist.sections[0]
    assert section.counter.line == 4 and section.stale


def test_a_counter_line_followed_by_text_is_not_a_counter():
    section = parse("## Goals\n[1/2] of the team agreed\n").checklist.sections[0]
    assert section.counter is None


@pytest.mark.parametrize("heading", ["## Tasks `[1/2]`", "## See [1/2](https://example.com)"])
def test_counter_in_inline_code_or_a_link_is_not_a_counter(heading):
    assert parse(heading + "\n- [x] a\n").checklist.sections[0].counter is None


def test_title_drops_the_counter_and_heading_attributes():
    section = parse("## Technical Goals [5/16] {#tech}\n").checklist.sections[0]
    assert section.title == "Technical Goals"


def test_tasks_before_the_first_heading_count_for_the_document_only():
    document = parse("- [x] loose\n\n# H [0/0]\n- [ ] in\n")
    assert (document.checked, document.total) == (1, 2)
    assert document.checklist.sections[0].expected_counter == "[0/1]"


def test_heading_in_a_code_block_is_no_section():
    assert parse("```\n# not a heading [1/2]\n```\n").checklist.sections == ()


def test_the_seed_inventory_shape():
    text = dedent(
        """
        # Goals

        ## Technical Goals  [1/3]


        [ ] learn a new domain

        [x] ship a prototype

        [ ] write a postmortem

        ## Work Environment Goals
        [2/2]


        [x] flexible hours

        [ ] own office
        """
    )
    document = parse(text)
    assert (document.kind.value, document.checked, document.total) == ("inventory", 2, 5)
    tech, work = document.checklist.sections[1:]
    assert (tech.counter.text, tech.stale) == ("[1/3]", False)
    assert (work.counter.line, work.expected_counter, work.stale) == (13, "[1/2]", True)
