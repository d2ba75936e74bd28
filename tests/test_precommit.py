"""Our .pre-commit-hooks.yaml with the real `pre-commit` tool, on a temporary repository.

`pre-commit try-repo` installs this repository (as committed, plus uncommitted changes)
into its own environment, exactly as a team's .pre-commit-config.yaml would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gitrepo import GoalRepo
from sites import tool

ROOT = Path(__file__).resolve().parents[1]
STALE = "# Goals\n\n## Tech [0/2]\n\n[x] done\n\n[ ] open\n"

if not (ROOT / ".git").exists():
    pytest.skip("try-repo needs this project as a git checkout", allow_module_level=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: GoalRepo, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [tool("pre-commit"), "try-repo", str(ROOT), hook, "--files", "goals/inventory.md"],
        cwd=repo.root, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.mark.skipif(shutil.which(tool("pre-commit")) is None, reason="pre-commit not installed")
def test_goals_fix_and_goals_check_hooks(tmp_path, pre_commit_home):
    repo = GoalRepo(tmp_path)
    repo.commit("inventory", "2026-03-01T09:00:00+00:00", files={"goals/inventory.md": STALE})
    check = try_repo(repo, "goals-check", pre_commit_home)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "goals/inventory.md:3: error: counter [0/2] should be [1/2]" in check.stdout

    fix = try_repo(repo, "goals-fix", pre_commit_home)
    assert fix.returncode == 1 and "files were modified by this hook" in fix.stdout
    assert (tmp_path / "goals/inventory.md").read_text() == STALE.replace("[0/2]", "[1/2]")

    repo.repo.git.add("-A")
    again = try_repo(repo, "goals-check", pre_commit_home)
    assert again.returncode == 0, again.stdout + again.stderr
