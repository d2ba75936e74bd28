"""A goal page's header and History blocks skip Markdown (issue 10: Python-Markdown and
MkDocs parsed our own HTML again, a few per cent of a large build) and come back in the
converted page: where they were, once, with their anchors, never on another page."""

from __future__ import annotations

import re

import markdown

from gitrepo import GoalRepo
from mkdocs_goals.plugin.placeholders import Placeholders
from sites import build, every_file_text, main_content
from sites import page as built_page

HEADER = '<div class="goals-header">12/20</div>'
HISTORY = '<section class="goals-history">\n<h2 id="goals-history">History</h2>\n<h3 id=\'goals-x&amp;y\'>x</h3>\n</section>'


def converted(text: str) -> str:
    return markdown.markdown(text, extensions=["fenced_code"])


def test_blocks_come_back_where_their_markers_were_with_their_ids():
    held = Placeholders()
    hold = held.holder("goals/a.md")
    page = f"# A\n\n{hold(HEADER)}\n\nbody\n\n{hold(HISTORY)}\n"
    html, ids = held.release("goals/a.md", converted(page))
    assert html.index("<h1>A</h1>") < html.index(HEADER) < html.index("<p>body</p>") < html.index(HISTORY)
    assert "<!--goals-" not in html
    assert ids == {"goals-history", "goals-x&y"}
    assert held.release("goals/a.md", "<p>again</p>") == ("<p>again</p>", set())  # released once


def test_a_page_gets_only_its_own_blocks():
    held = Placeholders()
    marker = held.holder("goals/a.md")(HISTORY)
    html, ids = held.release("goals/b.md", converted(f"# B\n\n{marker}\n"))
    assert HISTORY not in html and not ids  # b wrote a's marker (it cannot guess it): a's block stays a's
    assert held.release("goals/a.md", converted(f"# A\n\n{marker}\n"))[0].endswith(HISTORY)


def test_markers_are_not_guessable_from_one_build_to_the_next():
    first, second = Placeholders(), Placeholders()
    assert first.holder("a.md")("x") != second.holder("a.md")("x")


def test_a_marker_swallowed_by_an_unclosed_fence_loses_nothing_and_shows_nothing():
    held = Placeholders()
    hold = held.holder("goals/a.md")
    page = f"# A\n\n{hold(HEADER)}\n\n```\nno closing fence\n\n{hold(HISTORY)}\n"
    html, _ = held.release("goals/a.md", converted(page))
    assert "&lt;!--goals-" not in html and "<!--goals-" not in html
    assert html.count(HEADER) == 1 and html.rstrip().endswith(HISTORY)


CONFIG = """\
site_name: Placeholders
theme: {name: material, font: false}
validation: {anchors: warn}
plugins:
  - search
  - goals
"""
GOAL = (
    "---\ntitle: Ship\nowner: ana\nstatus: on-track\nstart: 2026-01-01\ndue: 2099-12-31\n---\n# Ship\n\n"
    "## Action steps\n\n- [x] one\n- [ ] two\n\n```\na fence the file never closes\n"
)


def site(tmp_path, link: str):
    repo = GoalRepo(tmp_path)
    repo.commit("site", "2026-01-02T09:00:00+01:00", files={
        "mkdocs.yml": CONFIG, "docs/index.md": f"# Home\n\n[the history]({link})\n",
        "goals/ana/ship.md": GOAL.replace("- [x] one", "- [ ] one"),
    })
    repo.commit("tick", "2026-01-20T09:00:00+01:00", files={"goals/ana/ship.md": GOAL})
    return repo.root, build(repo.root, "--strict")


def test_a_built_goal_page_has_its_header_and_history_once_in_place_and_their_anchors(tmp_path):
    root, result = site(tmp_path, "goals/ana/ship.md#goals-history")
    assert result.returncode == 0, result.stderr  # the anchor is the page's, for MkDocs' link check
    html = main_content(built_page(root, "goals/ana/ship"))
    assert html.count('<div class="goals-header">') == 1 and html.count('id="goals-history"') == 1
    assert html.index('id="ship"') < html.index('<div class="goals-header">') < html.index("action-steps")
    assert html.index("a fence the file never closes") < html.index('id="goals-history"')
    assert re.search(r"1/2 · 50%", html)
    everything = every_file_text(root / "site")
    assert "<!--goals-" not in everything and "&lt;!--goals-" not in everything


def test_a_link_to_an_anchor_no_goal_page_has_still_fails_strict(tmp_path):
    _, result = site(tmp_path, "goals/ana/ship.md#goals-nowhere")
    assert result.returncode != 0 and "goals-nowhere" in result.stderr


def test_under_serve_a_kept_block_s_ids_are_looked_up_and_a_new_block_s_searched(monkeypatch):
    """`mkdocs serve` hands the last build's block strings back (kept blocks): their ids
    come from the last build, a changed block's are searched for, and what a build did
    not use is gone at the one after."""
    from mkdocs_goals.plugin import placeholders

    searched = []
    real = placeholders.anchor_ids
    monkeypatch.setattr(placeholders, "anchor_ids", lambda block: searched.append(block) or real(block))
    held = Placeholders(rebuilds=True)
    changed = HISTORY.replace("goals-x&amp;y", "goals-z")
    for build, history in enumerate((HISTORY, HISTORY, changed, HISTORY)):
        held.forget()
        hold = held.holder("goals/a.md")
        _, ids = held.release("goals/a.md", converted(f"{hold(HEADER)}\n\n{hold(history)}\n"))
        assert ids == real(history) == ({"goals-history", "goals-z"} if history is changed else {"goals-history", "goals-x&y"})
    assert searched == [HEADER, HISTORY, changed, HISTORY]  # the first HISTORY was dropped when build 2 did not use it
