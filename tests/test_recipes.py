"""The CI recipes and the git-diff text conversion, as shipped."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import click
import pytest
import yaml

from gitrepo import GoalRepo, goal
from mkdocs_goals.cli import cli
from sites import tool

RECIPES = Path(__file__).resolve().parents[1] / "recipes"


def goals_commands(text: str) -> list[list[str]]:
    """Every `goals ...` command line in a recipe, with shell variables as placeholders."""
    commands = []
    for line in text.splitlines():
        line = line.strip().removeprefix("- ").removeprefix("run: ")
        if line.startswith("goals "):
            line = re.sub(r"\$\{\{[^}]*\}\}", "X", line.split(">")[0])
            commands.append(shlex.split(line)[1:])
    return commands


@pytest.mark.parametrize(
    ("name", "expected"),
    [("github-goals.yml", {"check", "diff"}), ("github-goals-comment.yml", set()), ("gitlab-ci.yml", {"check", "diff"})],
)
def test_recipes_are_valid_yaml_and_call_real_goals_options(name, expected):
    text = (RECIPES / name).read_text()
    yaml.safe_load(text)
    commands = goals_commands(text)
    assert {args[0] for args in commands} == expected
    for args in commands:
        command = cli.get_command(click.Context(cli), args[0])
        assert command is not None, args
        command.make_context(args[0], list(args[1:]))  # raises on an unknown option


def test_github_recipes_keep_pull_request_code_away_from_the_write_token():
    review = yaml.safe_load((RECIPES / "github-goals.yml").read_text())
    comment = yaml.safe_load((RECIPES / "github-goals-comment.yml").read_text())
    assert review[True]["pull_request"] is None and "pull_request_target" not in review[True]
    assert review["permissions"] == {"contents": "read"}
    steps = comment["jobs"]["comment"]["steps"]
    assert not any("checkout" in step.get("uses", "") for step in steps)
    assert review["jobs"]["review"]["steps"][0]["with"]["fetch-depth"] == 0
    script = steps[-1]["with"]["script"]
    # The PR number comes from the PR's own run: it must name that PR before anything is posted.
    check = script.index("pr.head.sha !== context.payload.workflow_run.head_sha")
    assert check < script.index("createComment") and check < script.index("updateComment")


def test_git_diff_shows_progress_lines_with_the_textconv_recipe(tmp_path):
    repo = GoalRepo(tmp_path)
    repo.write(".gitattributes", "goals/**/*.md diff=goals\n")
    repo.repo.git.config("diff.goals.textconv", f"{tool('goals')} textconv")
    repo.commit("add", "2026-03-01T09:00:00+00:00", files={"goals/g.md": goal("[ ] a", "[ ] b")})
    repo.write("goals/g.md", goal("[x] a", "[ ] b"))
    out = subprocess.run(["git", "diff"], cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert "-goals: 0/2 (0%, checklist) · status on-track" in out
    assert "+goals: 1/2 (50%, checklist) · status on-track" in out
    assert "+- [x] a" in out


def test_textconv_leaves_plain_markdown_as_it_is(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(b"# Notes\r\n\r\nplain\r\n")
    result = subprocess.run([tool("goals"), "textconv", str(path)], capture_output=True, check=True)
    assert result.stdout == b"# Notes\r\n\r\nplain\r\n"
