"""The install instructions people copy: docs/index.md's and the CI recipes' `pip install`
lines, run with pip against a clone of this repository (pip's --dry-run: it resolves and
builds the package, and installs nothing)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RECIPES = {"github-goals.yml": 2, "gitlab-ci.yml": 2, "github-goals-digest.yml": 1}  # recipe: its install lines


def install_lines(text: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"(?m)^\s*(?:- )?(?:run: )?(pip install .*GOALS_INSTALL.*)$", text)]


def run_line(line: str, cwd: Path, goals_install: str | None) -> subprocess.CompletedProcess[str]:
    """The recipe's shell line with `pip` as this Python's pip in --dry-run mode; --ignore-installed
    because the package under test is installed here, and pip before 24 would report nothing to do."""
    env = {k: v for k, v in os.environ.items() if k != "GOALS_INSTALL"}
    if goals_install is not None:
        env["GOALS_INSTALL"] = goals_install
    shim = f'pip() {{ "{sys.executable}" -m pip "$@" --dry-run --no-deps --ignore-installed --quiet --report - ; }}\n'
    return subprocess.run(["bash", "-c", shim + line], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A team's checkout with mkdocs-goals vendored in it, as a clone of this repository."""
    team = tmp_path_factory.mktemp("team")
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(team / "vendor/mkdocs-goals")], check=True, timeout=120)
    return team


@pytest.mark.parametrize("recipe", RECIPES)
def test_each_recipe_installs_from_a_vendored_folder_and_from_a_git_url(clone, recipe):
    lines = install_lines((ROOT / "recipes" / recipe).read_text())
    assert len(lines) == RECIPES[recipe] and len(set(lines)) == 1, lines  # each job installs the same way
    for spec in ("./vendor/mkdocs-goals", f"git+file://{clone / 'vendor/mkdocs-goals'}"):
        result = run_line(lines[0], clone, spec)
        assert result.returncode == 0, result.stderr[-2000:]
        assert '"name": "mkdocs-goals"' in result.stdout, (spec, result.stdout[-500:])


@pytest.mark.parametrize("recipe", RECIPES)
def test_a_recipe_without_goals_install_says_what_to_set(clone, recipe):
    line = install_lines((ROOT / "recipes" / recipe).read_text())[0]
    result = run_line(line, clone, None)
    assert result.returncode != 0 and "set the GOALS_INSTALL variable" in result.stderr


def test_the_docs_install_commands_work_from_a_clone(clone):
    docs = (ROOT / "docs/index.md").read_text()
    block = docs.split("## Install", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["pip install ./mkdocs-goals", 'pip install "git+<url of your clone>@<tag or commit>"']
    assert "pip install mkdocs-goals\n" not in docs  # the command no index serves
    vendor = clone / "vendor"
    head = subprocess.run(["git", "-C", str(vendor / "mkdocs-goals"), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    from_git = commands[1].replace("<url of your clone>", f"file://{vendor / 'mkdocs-goals'}").replace("<tag or commit>", head)
    for command in (commands[0], from_git):
        result = run_line(command, vendor, None)
        assert result.returncode == 0, (command, result.stderr[-2000:])
        assert '"name": "mkdocs-goals"' in result.stdout
