"""The `goals` Markdown extension with plain Python-Markdown, as any Markdown site uses it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GOAL = """---
title: Give 2 talks
owner: ana
status: At risk
cycle: 2026-Q4
---
# Give 2 talks

## Steps [0/2]

- [x] submit a proposal
- [ ] give the talk
"""


def convert(text: str, cwd: Path, *extensions: str) -> tuple[str, str]:
    """Python-Markdown in a fresh process in `cwd` (the extension finds the site's config there)."""
    code = ("import sys, markdown; sys.stdout.write(markdown.markdown(sys.stdin.read(), "
            f"extensions={list(extensions) or ['toc', 'goals']!r}))")
    result = subprocess.run([sys.executable, "-c", code], input=text, cwd=cwd, capture_output=True, text=True,
                            timeout=60, env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def test_a_goal_page_gets_the_plugins_header_counters_and_checkboxes(tmp_path):
    html, _ = convert(GOAL, tmp_path)
    assert '<div class="goals-header">' in html and "1/2 · 50%" in html and "at risk" in html
    assert 'class="goals-counter goals-counter--stale"' in html and "1&#47;2" in html
    assert html.count('type="checkbox"') == 2 and "title:" not in html  # front matter read, not shown
    assert '<h2 id="steps">' in html  # the anchor leaves the counter out


def test_a_private_page_is_replaced_by_a_notice(tmp_path):
    html, log = convert(GOAL.replace("cycle: 2026-Q4", "cycle: 2026-Q4\nvisibility: private"), tmp_path)
    assert "Give 2 talks" not in html and "not published" in html
    assert "not rendered: it is private" in log


def test_a_page_without_goal_front_matter_is_left_alone(tmp_path):
    html, _ = convert("# Notes\n\n- [ ] a stray box\n", tmp_path)
    assert "goals-header" not in html and 'type="checkbox"' not in html


def test_a_block_draws_a_dashboard_from_the_sites_handbook(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra:\n  goals:\n    people: people.yml\n    history: false\n")
    (tmp_path / "people.yml").write_text("ana: {name: Ana Ruiz, team: platform}\n")
    (tmp_path / "goals/ana").mkdir(parents=True)
    (tmp_path / "goals/ana/talks.md").write_text(GOAL)
    html, _ = convert("# Team\n\n```goals\nteam platform\n```\n", tmp_path)
    assert '<div class="goals-embed">' in html and "Ana Ruiz" in html and "Give 2 talks" in html
    html, log = convert("```goals\nteam nobody\n```\n", tmp_path)
    assert "no team 'nobody' in the handbook" in html and "no team 'nobody'" in log


def test_without_the_extension_a_block_stays_visible(tmp_path):
    html, _ = convert("```goals\noverview\n```\n", tmp_path, "fenced_code")
    assert "<code" in html and "overview" in html  # a visible failure, not a silent one
