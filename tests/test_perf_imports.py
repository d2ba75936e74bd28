"""What the command line loads before it works: a warm `goals history` or `goals check`
runs in well under a second, and importing MkDocs, Jinja or the process pool would be
a third of that. Those are loaded where they are used (the site config, a scaffold, a
cold scan's pool, the goal-process commands)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gitrepo import GoalRepo, goal

LAZY = ("mkdocs", "jinja2", "multiprocessing", "concurrent.futures.process", "mkdocs_goals.generator.config",
        "mkdocs_goals.cli.process")


def loaded_after(code: str, cwd: Path | None = None) -> set[str]:
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=cwd)
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_importing_the_command_line_loads_none_of_the_heavy_modules():
    loaded = loaded_after("import mkdocs_goals.cli")
    assert "mkdocs_goals.cli" in loaded
    assert not loaded & set(LAZY)


@pytest.mark.parametrize("name", ["checkin", "review", "digest"])
def test_a_goal_process_command_is_loaded_when_asked_for(name):
    loaded = loaded_after(
        "import click\nfrom mkdocs_goals.cli import cli\n"
        f"command = cli.get_command(click.Context(cli), {name!r})\nassert command.name == {name!r}"
    )
    assert "mkdocs_goals.cli.process" in loaded


def test_help_lists_every_command_once():
    result = subprocess.run([sys.executable, "-m", "mkdocs_goals.cli", "--help"], capture_output=True, text=True)
    if result.returncode != 0:  # no __main__: the console script's entry point instead
        result = subprocess.run([sys.executable, "-c", "from mkdocs_goals.cli import main; main()", "--help"],
                                capture_output=True, text=True)
    listed = [line.split()[0] for line in result.stdout.split("Commands:", 1)[1].splitlines() if line.strip()]
    assert listed == sorted(set(listed))
    assert {"checkin", "review", "digest", "history", "check"} <= set(listed)


HISTORY = ("from mkdocs_goals.cli import main\nsys.argv = ['goals', 'history', '--format', 'json', 'goals']\n"
           "try:\n    main()\nexcept SystemExit:\n    pass")
WARM_LAZY = ("pydantic", "git", "mkdocs", "mkdocs_goals.core.document.goal")


def test_a_warm_history_loads_neither_pydantic_nor_gitpython_nor_mkdocs(tmp_path):
    """With a current cache no goal is validated and no blob is read: the goal model
    (pydantic) and GitPython are a third of the command's time, so they stay unloaded."""
    repo = GoalRepo(tmp_path)
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[x] a\n[ ] b")})
    cold = loaded_after(HISTORY, cwd=tmp_path)
    assert {"pydantic", "mkdocs_goals.core.document.goal"} <= cold  # the first run validated the goal
    assert (tmp_path / ".cache" / "goals").is_dir()
    warm = loaded_after(HISTORY, cwd=tmp_path)
    assert "mkdocs_goals.core.history.engine" in warm
    assert not warm & set(WARM_LAZY)
