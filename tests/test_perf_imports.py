"""What the command line loads before it works: a warm `goals history` or `goals check`
runs in well under a second, and importing MkDocs, Jinja or the process pool would be
a third of that. Those are loaded where they are used (the site config, a scaffold, a
cold scan's pool, the goal-process commands)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

LAZY = ("mkdocs", "jinja2", "multiprocessing", "concurrent.futures.process", "mkdocs_goals.generator.config",
        "mkdocs_goals.cli.process")


def loaded_after(code: str) -> set[str]:
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
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
