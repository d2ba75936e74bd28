"""The demo handbook's generated history (scripts/make_demo_history.py) tells a believable
year: no empty commits, people tick only their own boxes, managers comment and change a
status, and the last commit is a change worth reviewing. Checked on the repository as
the script writes it, with git and the real `goals` command."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from git import Repo
import pytest
import yaml

from conftest import run_goals
from mkdocs_goals.core.document.model import Options, parse_document
from mkdocs_goals.core.findings import Severity
from mkdocs_goals.core.handbook.categories import DEFAULT_CATEGORIES
from mkdocs_goals.core.lint import lint

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = yaml.safe_load((ROOT / "people.yml").read_text())
NAMES = {person["name"]: pid for pid, person in PEOPLE.items()}


def make(target: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "scripts/make_demo_history.py"), str(target)], check=True,
                   capture_output=True, timeout=120)
    return target


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return make(tmp_path_factory.mktemp("demo") / "handbook")


@pytest.fixture(scope="module")
def commits(demo) -> list[dict]:
    """Oldest first: sha, author id, date, the files it changed."""
    log = git(demo, "log", "--reverse", "--format=%x01%H%x00%an%x00%aI", "--name-only", "--no-renames")
    found = []
    for block in log.split("\x01")[1:]:
        head, *names = block.strip("\n").split("\n")
        sha, author, when = head.split("\x00")
        found.append({"sha": sha, "author": NAMES[author], "date": date.fromisoformat(when[:10]),
                      "files": [n for n in names if n]})
    return found


def checked_items(demo: Path, revision: str, path: str) -> set[str]:
    try:
        raw = subprocess.run(["git", "-C", str(demo), "show", f"{revision}:{path}"], capture_output=True,
                             check=True).stdout
    except subprocess.CalledProcessError:
        return set()  # not there yet
    document = parse_document(raw, path, Options())
    return {task.text for task in document.checklist.tasks if task.checked} if document.checklist else set()


def owner_of(demo: Path, path: str) -> str:
    text = (demo / path).read_text()
    return str(yaml.safe_load(text.split("---")[1])["owner"])


def test_a_year_of_history_with_no_empty_commit(commits):
    assert len(commits) >= 80
    assert all(commit["files"] for commit in commits), [c["sha"] for c in commits if not c["files"]]
    days = [commit["date"] for commit in commits]
    assert days == sorted(days)
    assert (days[-1] - days[0]).days >= 360
    assert len({(d.year, d.month) for d in days}) >= 12  # something happens every month
    assert {commit["author"] for commit in commits} == set(PEOPLE)


def test_the_history_ends_with_the_goals_folder_as_it_is(demo):
    mine = {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in (ROOT / "goals").rglob("*.md")}
    theirs = {p.relative_to(demo).as_posix(): p.read_bytes() for p in (demo / "goals").rglob("*.md")}
    assert theirs == mine
    assert git(demo, "status", "--porcelain") == ""


def test_people_tick_only_their_own_boxes_and_managers_only_comment(demo, commits):
    manager_commits = []
    for previous, commit in zip([None, *commits], commits):
        for path in commit["files"]:
            if not path.startswith("goals/") or path == "goals/index.md":
                continue
            before = checked_items(demo, previous["sha"], path) if previous else set()
            newly = checked_items(demo, commit["sha"], path) - before
            owner = owner_of(demo, path)
            if newly:
                assert commit["author"] == owner, (commit["sha"], path, newly)
            if commit["author"] != owner:
                assert PEOPLE[owner].get("manager") == commit["author"], (commit["sha"], path)
                manager_commits.append((commit["sha"], path))
    assert len(manager_commits) >= 3
    statuses = [git(demo, "show", f"{sha}:{path}").split("status: ")[1].split("\n")[0] for sha, path in manager_commits]
    assert "at-risk" in statuses  # a manager moved a goal to at-risk (and said why)


def test_the_last_commit_is_a_change_worth_reviewing(demo):
    result = run_goals("diff", "HEAD~1", "HEAD", "--format", "json", cwd=demo)
    assert result.returncode == 0, result.stderr
    (change,) = json.loads(result.stdout)["documents"]
    assert change["checked_items"] and change["before"]["checked"] < change["after"]["checked"]
    assert run_goals("diff", "HEAD~3", "HEAD", cwd=demo).stdout.count("| changed |") >= 2


def test_every_version_in_the_history_lints_without_errors(demo, commits):
    """Each version a reader of the history sees is a goal file `goals check` accepts:
    counters right, front matter valid, `aligns_to` naming a goal of that commit (the
    lint the command runs, on every blob, with the handbook as it was then)."""
    repo = Repo(demo)
    for commit in commits:
        tree = repo.commit(commit["sha"]).tree
        documents = [parse_document(blob.data_stream.read(), blob.path, Options())
                     for blob in tree.traverse() if blob.type == "blob" and blob.path.endswith(".md")]
        findings = lint(documents, date(2025, 12, 1), DEFAULT_CATEGORIES)
        errors = [str(f) for f in findings if f.severity is Severity.ERROR and f.path in commit["files"]]
        assert errors == [], (commit["sha"], errors)


def test_the_demo_is_the_same_repository_every_time(demo, tmp_path):
    again = make(tmp_path / "again")
    assert git(again, "rev-parse", "HEAD") == git(demo, "rev-parse", "HEAD")
