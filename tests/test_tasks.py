"""Which lines are tasks: GFM task items, bare `[x]` lines, and the look-alikes we never count."""

from __future__ import annotations

import pytest

from conftest import dedent, parse


def counts(text: str, **kw) -> tuple[int, int]:
    document = parse(dedent(text), **kw)
    return document.checked, document.total


@pytest.mark.parametrize(
    "line",
    ["- [ ] a", "* [ ] a", "+ [ ] a", "1. [ ] a", "1) [ ] a", "12. [ ] a", "-   [ ] a", "- [ ]\ta"],
)
def test_every_gfm_list_marker_makes_a_task(line):
    assert counts(line) == (0, 1)


@pytest.mark.parametrize("mark", ["x", "X"])
def test_x_and_capital_x_are_done(mark):
    assert counts(f"- [{mark}] done") == (1, 1)


def test_tasks_at_any_nesting_depth_are_counted():
    text = """
    - [x] one
      - [ ] two
        - [x] three
          1. [ ] four
             * [X] five
    """
    assert counts(text) == (3, 5)


@pytest.mark.parametrize(
    "text",
    [
        "```\n- [x] fenced\n```",
        "~~~md\n- [x] tilde fenced\n~~~",
        "    - [x] indented code",
        "`- [x] inline code`",
        "<div>\n- [x] html block\n</div>",
        "<!--\n- [x] in a comment\n-->",
        "[x](https://example.com) a link",
        "- [x](https://example.com) a link in a list",
        "# [x] a heading",
        "| task |\n|------|\n| [x] cell |",
        "- [~] not a task mark",
        "- [x]no space",
        "- [x]",
        "\\[x] escaped",
    ],
)
def test_look_alikes_are_never_counted(text):
    document = parse(text)
    assert (document.checked, document.total) == (0, 0)


def test_second_bracket_on_a_task_line_is_text():
    document = parse("- [ ] foo [x] bar")
    assert (document.checked, document.total) == (0, 1)
    assert document.checklist.tasks[0].text == "foo [x] bar"


def test_bare_lines_are_tasks_by_default_and_not_with_gfm_only():
    text = """
    [x] bare done

    [ ] bare open
    and [x] not at the start
    [X] second line of the paragraph
    """
    assert counts(text) == (2, 3)
    assert counts(text, gfm_only=True) == (0, 0)


def test_bare_line_inside_a_tight_list_item_counts():
    assert counts("- intro\n  [x] bare in item\n") == (1, 1)


def test_bare_marker_needs_text_after_it():
    assert counts("[x]\n\n[ ] \n") == (0, 0)


def test_a_defined_reference_link_is_not_a_bare_task():
    assert counts("[x] looks like a task\n\n[x]: https://example.com\n") == (0, 0)


def test_task_in_blockquote_counts_unlike_cmark_gfm():
    # Our documented choice (docs/choices.md): the site renders it as a checkbox.
    document = parse("> - [x] quoted\n> - [ ] quoted too\n")
    assert (document.checked, document.total) == (1, 2)
    assert all(task.in_quote for task in document.checklist.tasks)


def test_bom_is_ignored_so_the_first_task_counts():
    assert parse("\ufeff- [x] first\n- [ ] second\n".encode("utf-8")).total == 2


def test_closing_fence_followed_by_tab_closes_as_on_github():
    assert counts("```\n- [x] in code\n```\t\n- [x] after\n") == (1, 1)


def test_task_lines_and_text_are_reported():
    document = parse("# T\n\n- [x] first task\n\n[ ] second task\n")
    tasks = document.checklist.tasks
    assert [(t.line, t.checked, t.bare, t.text) for t in tasks] == [
        (3, True, False, "first task"),
        (5, False, True, "second task"),
    ]


def test_front_matter_is_skipped_and_line_numbers_stay_true():
    document = parse("---\ntitle: t\nnote: \"- [x] not a task\"\n---\n\n- [x] real\n")
    assert document.total == 1
    assert document.checklist.tasks[0].line == 6


def test_crlf_line_endings_count_the_same():
    text = "# A [0/2]\r\n\r\n- [x] a\r\n- [ ] b\r\n"
    document = parse(text)
    assert (document.checked, document.total) == (1, 2)
    assert document.checklist.sections[0].expected_counter == "[1/2]"
