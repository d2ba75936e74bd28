"""`goals init` in real folders with the real console script: what it creates, what it
inserts into a user's mkdocs.yml (and nothing else), and that running it twice is a no-op."""

from __future__ import annotations

import difflib
import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import run_goals
from gitrepo import GoalRepo
from sites import build, tool

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "goals/ana/write-my-3-goals-for-this-quarter.md"
INIT = ("init", "--owner", "ana", "--name", "Ana Ruiz", "--team", "platform")

# A config as people write them: comments, tags MkDocs resolves, a CRLF nowhere, odd spacing.
USER_CONFIG = """\
# Our handbook
site_name: Team handbook   # shown in the header
site_url: !ENV [SITE_URL, "https://handbook.example.org/"]
theme:
  name: material
  features: [navigation.sections]

markdown_extensions:
  - admonition
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg

plugins:
  - search:
      lang: en    # English only
  # - tags      (maybe later)

nav:
  - Home: index.md
"""


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".git" not in p.relative_to(root).parts}


def only_inserted(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails if any line of `before` changed or went."""
    changes = [line for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)) if line[:1] in "+-?"]
    assert not [line for line in changes if line[:1] in "-?"], changes
    return [line[2:] for line in changes]


def test_init_in_an_empty_repository_makes_a_site_that_builds(tmp_path):
    repo = GoalRepo(tmp_path)
    result = run_goals(*INIT, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    made = files(tmp_path)
    assert set(made) == {"mkdocs.yml", "docs/index.md", EXAMPLE, "people.yml", ".github/workflows/goals.yml",
                         ".github/workflows/goals-comment.yml", ".gitignore"}
    for path in made:
        assert f"created  {path}" in result.stdout, path
    assert yaml.safe_load(made["people.yml"]) == {"ana": {"name": "Ana Ruiz", "team": "platform"}}
    assert made[".github/workflows/goals.yml"] == (ROOT / "recipes/github-goals.yml").read_bytes()
    assert made[".gitignore"].decode().splitlines()[-1] == ".cache/goals/"
    assert "GOALS_INSTALL" in result.stdout and "mkdocs serve" in result.stdout
    check = run_goals("check", "--format", "json", "goals", cwd=tmp_path)
    assert check.returncode == 0 and json.loads(check.stdout) == []
    repo.commit("Set up goals", "2026-12-01T09:00:00+00:00")
    built = build(tmp_path, "--strict")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site/dashboards/people/ana/index.html").read_text()
    assert "Ana Ruiz" in page and "Write my 3 goals for this quarter" in page


def test_init_twice_changes_nothing_the_second_time(tmp_path):
    GoalRepo(tmp_path)
    assert run_goals(*INIT, cwd=tmp_path).returncode == 0
    first = files(tmp_path)
    again = run_goals(*INIT, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert files(tmp_path) == first
    assert "already set up: nothing to change" in again.stdout and "created" not in again.stdout
    assert "kept  mkdocs.yml" in again.stdout and "already lists the goals plugin" in again.stdout


def test_init_inserts_the_plugin_and_keeps_every_byte_of_the_users_config(tmp_path):
    GoalRepo(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(USER_CONFIG)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    result = run_goals(*INIT, "--ci", "none", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    after = (tmp_path / "mkdocs.yml").read_text()
    assert only_inserted(USER_CONFIG, after) == ["  - goals:\n", "      people: people.yml\n"]
    assert after.index("people: people.yml") < after.index("# - tags")  # right after the last item
    assert "edited   mkdocs.yml" in result.stdout and not (tmp_path / ".github").exists()
    built = build(tmp_path, "--strict")
    assert "Aborted" not in built.stderr and "goals/ana/write-my-3-goals-for-this-quarter" in "\n".join(
        p.as_posix() for p in (tmp_path / "site").rglob("*"))


@pytest.mark.parametrize(("config", "inserted"), [
    ("site_name: X\nplugins: [search, tags]  # flow\n", "site_name: X\nplugins: [search, tags, {goals: {people: people.yml}}]  # flow\n"),
    ("site_name: X\nplugins:\n  search: {}\n", "site_name: X\nplugins:\n  search: {}\n  goals: {people: people.yml}\n"),
    ("site_name: X\r\nplugins:\r\n- search\r\n", "site_name: X\r\nplugins:\r\n- search\r\n- goals:\r\n    people: people.yml\r\n"),
    ("site_name: X", "site_name: X\n\nplugins:\n  - search\n  - goals:\n      people: people.yml\n"),
])
def test_init_follows_the_layout_of_the_plugins_list(tmp_path, config, inserted):
    (tmp_path / "mkdocs.yml").write_bytes(config.encode())
    assert run_goals(*INIT, "--ci", "none", cwd=tmp_path).returncode == 0
    assert (tmp_path / "mkdocs.yml").read_bytes() == inserted.encode()


def test_init_leaves_a_config_that_lists_goals_alone(tmp_path):
    config = "site_name: X\nplugins:\n  - goals:\n      goals_dir: handbook/goals   # ours\n      people: team.yml\n"
    (tmp_path / "mkdocs.yml").write_text(config)
    (tmp_path / "team.yml").write_text("bo: {name: Bo}\n")
    result = run_goals(*INIT, "--ci", "none", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mkdocs.yml").read_text() == config and (tmp_path / "team.yml").read_text() == "bo: {name: Bo}\n"
    assert "kept     mkdocs.yml" in result.stdout and "already lists the goals plugin: left as it is" in result.stdout
    assert (tmp_path / "handbook/goals/ana/write-my-3-goals-for-this-quarter.md").is_file()  # its goals_dir
    assert not (tmp_path / "people.yml").exists()


def test_init_refuses_a_config_it_cannot_edit_safely_and_writes_nothing(tmp_path):
    config = "site_name: X\nshared: &plugins [search]\nplugins: *plugins\n"
    (tmp_path / "mkdocs.yml").write_text(config)
    result = run_goals(*INIT, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "mkdocs.yml: cannot add `goals` under `plugins:` safely" in result.stderr and "nothing was changed" in result.stderr
    assert files(tmp_path) == {"mkdocs.yml": config.encode()}


def test_init_refuses_a_broken_config(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n")
    result = run_goals(*INIT, cwd=tmp_path)
    assert result.returncode == 2 and "not valid YAML" in result.stderr and "Traceback" not in result.stderr
    assert set(files(tmp_path)) == {"mkdocs.yml"}


def test_dry_run_shows_the_inserted_lines_and_writes_nothing(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(USER_CONFIG)
    before = files(tmp_path)
    result = run_goals(*INIT, "--dry-run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert files(tmp_path) == before
    assert "would edit    mkdocs.yml" in result.stdout and f"would create  {EXAMPLE}" in result.stdout
    assert "+  - goals:\n+      people: people.yml\n" in result.stdout and "dry run: nothing was written" in result.stdout
    data = json.loads(run_goals(*INIT, "--dry-run", "--format", "json", cwd=tmp_path).stdout)
    assert data["dry_run"] is True and files(tmp_path) == before
    assert {s["path"]: s["action"] for s in data["steps"]}["mkdocs.yml"] == "edit"


def test_init_for_the_generator_sets_up_goals_generate(tmp_path):
    GoalRepo(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: X\n")
    (tmp_path / ".gitignore").write_text("site/")  # no newline at the end
    result = run_goals(*INIT, "--generator", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    assert config["markdown_extensions"][-1] == "goals" and "pymdownx.tasklist" in str(config["markdown_extensions"])
    assert config["plugins"] == ["search", {"goals": {"people": "people.yml"}}]
    assert (tmp_path / ".gitignore").read_text() == (
        "site/\n# goals: build output and the history cache\n.cache/goals/\ndocs/goals/\ndocs/dashboards/\n")
    workflow = yaml.safe_load((tmp_path / ".github/workflows/goals.yml").read_text())
    site_steps = [step.get("run", "") for step in workflow["jobs"]["site"]["steps"]]
    assert "goals generate --strict && zensical build --strict" in site_steps
    assert not any(run.startswith("mkdocs build") for run in site_steps)
    assert "goals generate && zensical serve" in result.stdout
    generated = run_goals("generate", cwd=tmp_path)
    assert generated.returncode == 0, generated.stderr
    assert (tmp_path / "docs/goals/ana/write-my-3-goals-for-this-quarter.md").is_file()
    ignored = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path,
                             capture_output=True, text=True, check=True).stdout
    assert "docs/goals" not in ignored and "docs/dashboards" not in ignored


def test_init_with_gitlab_keeps_an_existing_pipeline(tmp_path):
    (tmp_path / ".gitlab-ci.yml").write_text("test:\n  script: [make]\n")
    result = run_goals(*INIT, "--ci", "gitlab", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".gitlab-ci.yml").read_text() == "test:\n  script: [make]\n"
    assert "add the jobs of recipes/gitlab-ci.yml to it yourself" in result.stdout
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert run_goals(*INIT, "--ci", "gitlab", cwd=fresh).returncode == 0
    assert (fresh / ".gitlab-ci.yml").read_bytes() == (ROOT / "recipes/gitlab-ci.yml").read_bytes()


def test_init_takes_the_owner_from_git(tmp_path):
    repo = GoalRepo(tmp_path)
    repo.repo.git.config("user.name", "Dara Novak")
    result = run_goals("init", "--ci", "none", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((tmp_path / "people.yml").read_text()) == {"dara": {"name": "Dara Novak"}}
    assert (tmp_path / "goals/dara/write-my-3-goals-for-this-quarter.md").is_file()


def test_the_installed_package_carries_the_recipes(tmp_path):
    """Every recipe of recipes/, byte for byte, from the installed package (scripts/test
    installs the wheel, not an editable copy, so this reads what a user gets)."""
    env = {**os.environ, "NO_COLOR": "1"}
    names = sorted(p.name for p in (ROOT / "recipes").glob("*.yml"))
    code = ("import json, sys; from mkdocs_goals.cli.init import recipe; "
            "print(json.dumps({name: recipe(name) for name in sys.argv[1:]}))")
    result = subprocess.run([str(Path(tool("python"))), "-c", code, *names], capture_output=True, text=True, env=env,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {name: (ROOT / "recipes" / name).read_text(encoding="utf-8") for name in names}
