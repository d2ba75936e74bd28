"""The `goals` command read by people and CI logs: whole text when piped, words that agree
with their numbers, and a clear exit for every input it cannot work on."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import click
import pytest

from conftest import GOALS, run_goals
from gitrepo import GoalRepo
from mkdocs_goals.cli import cli

ROOT = Path(__file__).resolve().parents[1]
LONG_TITLE = "Bring the median time to a first code review from 24 hours down to 12 hours for every team"
LONG_PATH = "goals/platform-engineering-guild/ana-ruiz-the-second/review-turnaround-for-the-whole-year.md"
GOAL = f"""\
---
title: {LONG_TITLE}
owner: ana
status: on-track
due: 2099-12-31
---
# {LONG_TITLE}

## Success criteria [1/27]

- [x] one
""" + "".join(f"- [ ] criterion {n}\n" for n in range(26))


def piped(*args: str, cwd: Path, columns: str | None = "80") -> subprocess.CompletedProcess[str]:
    """The console script as a CI log runs it: stdout a pipe, an 80-column COLUMNS (or none)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "GOALS_DEBUG", "FORCE_COLOR")}
    if columns:
        env["COLUMNS"] = columns
    return subprocess.run([*GOALS, *args], cwd=cwd, capture_output=True, text=True, timeout=60, env=env,
                          stdin=subprocess.DEVNULL)


# --- whole text when not on a terminal -------------------------------------------------

@pytest.mark.parametrize("columns", ["80", None])
def test_piped_stats_keep_every_character_of_long_paths_titles_and_numbers(tmp_path, columns):
    (tmp_path / LONG_PATH).parent.mkdir(parents=True)
    (tmp_path / LONG_PATH).write_text(GOAL)
    result = piped("stats", "goals", cwd=tmp_path, columns=columns)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert LONG_PATH in lines[1] and "1/27" in lines[1] and "goal" in lines[1]
    assert any(line.strip().startswith(LONG_TITLE) for line in lines)
    assert "[1/27]" in result.stdout and "…" not in result.stdout
    assert all(line == line.rstrip() for line in lines)  # no padding to a width


def test_piped_history_keeps_dates_authors_and_counts_whole(tmp_path):
    repo = GoalRepo(tmp_path)
    repo.commit("add", "2026-03-01T09:00:00+00:00", author="Anastasia Ruiz-Fernández", files={LONG_PATH: GOAL})
    result = piped("history", "goals", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    row = result.stdout.splitlines()[1]
    assert row.split() == [LONG_PATH, "1", "2026-03-01", "2026-03-01", "Anastasia", "Ruiz-Fernández", "1/27", "1"]
    assert "…" not in result.stdout


# --- words that agree with their numbers -----------------------------------------------

def test_check_summary_says_1_error_and_2_warnings(write, tmp_path):
    write("g.md", "---\ntitle: Learn things\nowner: ana\nkind: goal\n---\n## Steps [0/1]\n- [x] things\n")
    result = run_goals("check", "g.md", cwd=tmp_path)
    summary = result.stdout.splitlines()[-1]
    assert re.fullmatch(r"1 error, \d+ warnings?", summary), summary
    warnings = int(summary.split(", ")[1].split()[0])
    assert summary.endswith("1 warning" if warnings == 1 else f"{warnings} warnings")
    assert "(s)" not in result.stdout


def test_check_summary_counts_two_errors_in_the_plural(write, tmp_path):
    write("inv.md", "## A [0/1]\n\n[x] a\n\n## B [0/1]\n\n[x] b\n")
    assert run_goals("check", "inv.md", cwd=tmp_path).stdout.splitlines()[-1] == "2 errors, 0 warnings"


def test_history_and_diff_say_1_commit_and_1_private_goal(tmp_path):
    repo = GoalRepo(tmp_path)
    secret = "---\ntitle: Secret 2 things\nowner: ana\nvisibility: private\n---\n- [ ] a\n"
    base = repo.commit("add", "2026-03-01T09:00:00+00:00", files={"goals/s.md": secret})
    repo.commit("tick", "2026-03-02T09:00:00+00:00", files={"goals/s.md": secret.replace("[ ]", "[x]")})
    history = run_goals("history", "--include-private", "goals", cwd=tmp_path)
    assert history.stdout.splitlines()[-1] == "2 new commits read"
    repo.commit("more", "2026-03-03T09:00:00+00:00", files={"goals/t.md": "# T\n\n- [ ] t\n"})
    assert run_goals("history", "--include-private", "goals", cwd=tmp_path).stdout.splitlines()[-1] == "1 new commit read"
    diff = run_goals("diff", base, "HEAD", "--format", "text", cwd=tmp_path)
    assert "1 private goal changed (not shown)" in diff.stdout and "(s)" not in diff.stdout


def test_stats_says_1_private_file(write, tmp_path):
    write("goals/s.md", "---\ntitle: Secret 2 things\nowner: ana\nvisibility: private\n---\n- [ ] a\n")
    write("goals/p.md", "# Public\n\n- [ ] b\n")
    result = run_goals("stats", "goals", cwd=tmp_path)
    assert result.returncode == 0
    assert "1 private file not shown" in result.stderr and "(s)" not in result.stderr


# --- goals fix says why it exits 1 -----------------------------------------------------

def test_fix_says_its_exit_code_only_when_it_changed_something(write, tmp_path):
    write("inv.md", "## A [0/2]\n\n[x] a\n\n[x] b\n\n## B [0/1]\n\n[x] c\n")
    would = run_goals("fix", "--check", "inv.md", cwd=tmp_path)
    assert would.returncode == 1
    assert would.stdout.splitlines()[-1] == ("2 counters would change in 1 file; run `goals fix` to write them "
                                             "(exit code 1, so that CI and pre-commit notice)")
    fixed = run_goals("fix", "inv.md", cwd=tmp_path)
    assert fixed.returncode == 1
    assert fixed.stdout.splitlines()[-1] == ("2 counters fixed in 1 file; commit the change "
                                             "(exit code 1, so that CI and pre-commit notice)")
    again = run_goals("fix", "inv.md", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == "all counters up to date\n"


def test_fix_json_lists_each_counter_and_whether_it_was_written(write, tmp_path):
    path = write("inv.md", "## A [0/1]\n\n[x] a\n")
    before = path.read_bytes()
    would = run_goals("fix", "--check", "--format", "json", "inv.md", cwd=tmp_path)
    assert would.returncode == 1 and path.read_bytes() == before
    assert json.loads(would.stdout) == [{"path": "inv.md", "line": 1, "before": "[0/1]", "after": "[1/1]", "written": False}]
    fixed = run_goals("fix", "--format", "json", "inv.md", cwd=tmp_path)
    assert fixed.returncode == 1 and json.loads(fixed.stdout)[0]["written"] is True
    assert json.loads(run_goals("fix", "--format", "json", "inv.md", cwd=tmp_path).stdout) == []


# --- nothing to read, or nothing there ---------------------------------------------------

@pytest.mark.parametrize("command", ["check", "fix", "stats", "history"])
def test_a_folder_without_markdown_is_exit_2_not_no_problems(tmp_path, command):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty/notes.txt").write_text("- [ ] not Markdown\n")
    result = run_goals(command, "empty", cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "no Markdown files (*.md, *.markdown) found in empty" in result.stderr
    assert "no problems" not in result.stdout and "up to date" not in result.stdout


MISSING = {
    "check": ["check", "nope.md"],
    "fix": ["fix", "nope.md"],
    "stats": ["stats", "nope.md"],
    "history": ["history", "nope.md"],
    "textconv": ["textconv", "nope.md"],
    "diff (a path)": ["diff", "HEAD", "HEAD", "nope.md"],
    "diff (head or path)": ["diff", "HEAD", "nope.md"],
    "new --template-dir": ["new", "goal", "--title", "T", "--owner", "ana", "--template-dir", "nope.md"],
    "generate --config": ["generate", "--config", "nope.md"],
    "schema -o": ["schema", "-o", "nope.md/schema.json"],
}


@pytest.mark.parametrize("args", MISSING.values(), ids=MISSING.keys())
def test_every_command_names_a_missing_file_and_exits_2(tmp_path, args):
    GoalRepo(tmp_path).commit("start", "2026-03-01T09:00:00+00:00", files={"goals/g.md": "# G\n\n- [ ] g\n"})
    result = run_goals(*args, cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "nope.md" in result.stderr and "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stdout == ""


def test_diff_of_a_goal_deleted_since_is_not_a_missing_file(tmp_path):
    repo = GoalRepo(tmp_path)
    base = repo.commit("add", "2026-03-01T09:00:00+00:00", files={"goals/g.md": "# G\n\n- [x] g\n"})
    (tmp_path / "goals/g.md").unlink()
    repo.commit("drop", "2026-03-02T09:00:00+00:00", files={"goals/h.md": "# H\n"})
    result = run_goals("diff", base, "HEAD", "goals/g.md", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == ["goals/g.md"]


# --- withheld files are named, and broken YAML is unreadable input ------------------------

def test_stats_names_a_file_with_broken_yaml_and_exits_2(write, tmp_path):
    write("goals/good.md", "# Good\n\n- [x] g\n")
    write("goals/broken.md", "---\ntitle: Broken: yaml: here\nowner: ana\n---\n- [x] a\n")
    result = run_goals("stats", "--format", "json", "goals", cwd=tmp_path)
    assert result.returncode == 2
    assert [d["path"] for d in json.loads(result.stdout)] == ["goals/good.md"]
    assert "goals/broken.md:2: left out: its front matter cannot be read (invalid YAML" in result.stderr
    assert "`goals check` says more" in result.stderr and "private" not in result.stderr
    history = run_goals("history", "goals", cwd=tmp_path)
    assert history.returncode == 2 and "goals/broken.md:2: left out" in history.stderr


def test_stats_names_a_file_withheld_in_doubt_but_still_exits_0(write, tmp_path):
    write("goals/typo.md", "---\ntitle: Typo 2 things\nowner: ana\nvisiblity: private\n---\n- [x] a\n")
    result = run_goals("stats", "goals", cwd=tmp_path)
    assert result.returncode == 0
    assert "goals/typo.md:4: left out: front-matter key 'visiblity' looks like a misspelled `visibility`" in result.stderr
    assert "Typo 2 things" not in result.stdout + result.stderr


# --- --format, as documented ---------------------------------------------------------------

def documented_formats() -> dict[str, list[str]]:
    """The `--format` matrix of docs/cli.md: command -> formats, default first."""
    section = (ROOT / "docs/cli.md").read_text().split("## Output formats", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    matrix = {}
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        matrix[cells[0].strip("`").removeprefix("goals ")] = re.findall(r"`([a-z]+)`", cells[1])
    return matrix


def test_the_format_matrix_in_the_docs_is_what_each_command_takes():
    matrix = documented_formats()
    context = click.Context(cli)
    commands = {name: cli.get_command(context, name) for name in cli.list_commands(context)}
    assert set(matrix) == set(commands)
    for name, command in commands.items():
        option = next((p for p in command.params if p.name == "fmt"), None)
        formats = [] if option is None else list(option.type.choices)
        assert formats == matrix[name], name
        if option is not None:
            assert option.default == formats[0], name
