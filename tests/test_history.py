"""The history engine on real repositories made with GitPython at fixed dates."""

from __future__ import annotations

import json
import subprocess

import git
import pytest

from conftest import run_goals
from gitrepo import GoalRepo, environ_without_git, goal
from mkdocs_goals.core.document.model import Options
from mkdocs_goals.core.history.engine import AsRead, git_blob_id, history_for
from mkdocs_goals.core.history.cache import FileCache
from mkdocs_goals.core.history.git import GitUnavailable, Repository
from sites import tool

OPTIONS = Options()


@pytest.fixture
def repo(tmp_path) -> GoalRepo:
    return GoalRepo(tmp_path)


def history(repo: GoalRepo, *names: str, cache=None):
    return history_for([repo.root / n for n in names], OPTIONS, cache=cache)


def test_snapshots_per_commit_with_dates_authors_counts_and_status(repo):
    repo.commit("start", "2026-01-05T09:00:00+02:00", files={"goals/g.md": goal("[ ] a", "[ ] b", status="not-started")})
    repo.commit("unrelated", "2026-01-06T09:00:00+02:00", files={"README.md": "hi\n"})
    repo.commit("tick a", "2026-02-01T10:30:00-05:00", author="Ben Okafor", files={"goals/g.md": goal("[x] a", "[ ] b")})
    result = history(repo, "goals/g.md")
    snapshots = result.files["goals/g.md"].snapshots
    assert [(s.date, s.author, s.checked, s.total, s.status) for s in snapshots] == [
        ("2026-01-05T09:00:00+02:00", "Ana Ruiz", 0, 2, "not-started"),
        ("2026-02-01T10:30:00-05:00", "Ben Okafor", 1, 2, "on-track"),
    ]
    assert result.warnings == []


def test_completion_is_the_commit_that_last_checked_the_item(repo):
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[ ] a", "[ ] b")})
    first = repo.commit("tick a", "2026-01-10T09:00:00+00:00", files={"goals/g.md": goal("[x] a", "[ ] b")})
    repo.commit("untick a", "2026-01-11T09:00:00+00:00", files={"goals/g.md": goal("[ ] a", "[ ] b")})
    again = repo.commit("tick a again", "2026-01-12T09:00:00+00:00", author="Chen Wei",
                        files={"goals/g.md": goal("[x] a", "[ ] b")})
    repo.commit("reword a", "2026-01-13T09:00:00+00:00", files={"goals/g.md": goal("[x] a!", "[ ] b", "[ ] c")})
    (completed,) = history(repo, "goals/g.md").files["goals/g.md"].completed
    assert first != again
    assert (completed.text, completed.commit, completed.author, completed.date) == (
        "a!", again, "Chen Wei", "2026-01-12T09:00:00+00:00"
    )


def test_items_are_matched_through_small_edits_and_moves(repo):
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[ ] write the design doc", "[ ] ship it")})
    ticked = repo.commit("tick", "2026-01-06T09:00:00+00:00",
                         files={"goals/g.md": goal("[x] write the design doc", "[ ] ship it")})
    repo.commit("move and edit", "2026-01-07T09:00:00+00:00",
                files={"goals/g.md": goal("[ ] ship it", "[x] write the design document")})
    (completed,) = history(repo, "goals/g.md").files["goals/g.md"].completed
    assert (completed.text, completed.commit) == ("write the design document", ticked)


def test_renames_are_followed(repo):
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/old.md": goal("[ ] a")})
    ticked = repo.commit("tick", "2026-01-06T09:00:00+00:00", files={"goals/old.md": goal("[x] a")})
    repo.move("goals/old.md", "goals/ana/new name.md")
    repo.commit("rename", "2026-01-07T09:00:00+00:00")
    history_ = history(repo, "goals/ana/new name.md").files["goals/ana/new name.md"]
    assert [s.checked for s in history_.snapshots] == [0, 1, 1]
    assert history_.former_paths == ["goals/old.md"]
    assert history_.completed[0].commit == ticked


def test_merges_credit_the_branch_commit_that_checked_the_item(repo):
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[ ] a", "[ ] b")})
    repo.repo.git.checkout("-b", "feature")
    on_branch = repo.commit("tick b", "2026-01-08T09:00:00+00:00", author="Dara Novak",
                            files={"goals/g.md": goal("[ ] a", "[x] b")})
    repo.repo.git.checkout("main")
    repo.commit("other work", "2026-01-07T09:00:00+00:00", files={"goals/other.md": goal("[ ] z")})
    repo.merge("feature", "2026-01-09T09:00:00+00:00")
    result = history(repo, "goals/g.md", "goals/other.md")
    (completed,) = result.files["goals/g.md"].completed
    assert (completed.commit, completed.author) == (on_branch, "Dara Novak")
    assert [s.checked for s in result.files["goals/g.md"].snapshots] == [0, 1]


def test_a_merge_that_resolves_a_conflict_is_a_snapshot(repo):
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[ ] a")})
    repo.repo.git.checkout("-b", "feature")
    repo.commit("branch edit", "2026-01-06T09:00:00+00:00", files={"goals/g.md": goal("[x] a")})
    repo.repo.git.checkout("main")
    repo.commit("main edit", "2026-01-07T09:00:00+00:00", files={"goals/g.md": goal("[ ] a", "[ ] b")})
    with pytest.raises(git.GitCommandError, match="CONFLICT|conflict"):
        repo.merge("feature", "2026-01-08T09:00:00+00:00")
    resolved = repo.commit("merge", "2026-01-08T09:00:00+00:00", author="Ben Okafor",
                           files={"goals/g.md": goal("[x] a", "[ ] b")})
    history_ = history(repo, "goals/g.md").files["goals/g.md"]
    assert history_.snapshots[-1].commit == resolved and (history_.snapshots[-1].checked, history_.snapshots[-1].total) == (1, 2)


def test_deleted_and_readded_file_keeps_its_history(repo):
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[x] a")})
    (repo.root / "goals/g.md").unlink()
    repo.commit("delete", "2026-01-06T09:00:00+00:00")
    repo.commit("re-add", "2026-01-07T09:00:00+00:00", files={"goals/g.md": goal("[x] a", "[ ] b")})
    assert [s.total for s in history(repo, "goals/g.md").files["goals/g.md"].snapshots] == [1, 2]


def test_uncommitted_edits_show_as_uncommitted_completions(repo):
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[ ] a", "[ ] b")})
    repo.write("goals/g.md", goal("[x] a", "[ ] b"))
    file_history = history(repo, "goals/g.md").files["goals/g.md"]
    assert [(c.text, c.commit) for c in file_history.completed] == [("a", None)]
    assert [s.checked for s in file_history.snapshots] == [0]


def test_the_version_the_caller_read_is_the_one_history_ends_in(repo):
    """`current`: the bytes a page counted, not the file as it is a moment later (a save
    under `mkdocs serve` between collecting and history), and not read again."""
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[ ] a", "[ ] b")})
    path = repo.write("goals/g.md", goal("[x] a", "[ ] b"))
    counted = path.read_bytes()
    repo.write("goals/g.md", goal("[x] a", "[x] b"))  # saved again after the page was counted
    seen = history_for([path], OPTIONS, current={path: AsRead.of(counted)}).files["goals/g.md"]
    assert [c.text for c in seen.completed] == ["a"]
    assert [c.text for c in history(repo, "goals/g.md").files["goals/g.md"].completed] == ["a", "b"]
    path.unlink()  # gone from disk: what the caller read still has its history
    assert [c.text for c in history_for([path], OPTIONS, current={path: AsRead.of(counted)}).files["goals/g.md"].completed] == ["a"]


def test_a_version_known_only_by_its_blob_id_is_read_when_history_has_no_record_of_it(repo):
    """`AsRead(blob)` without bytes (`goals history`, warm): the committed version is
    known and not read; a version history has never seen is read from disk and hashed,
    and a file gone meanwhile is hidden, as any unreadable file is."""
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[x] a", "[ ] b")})
    path = repo.root / "goals/g.md"
    committed = AsRead.of(path.read_bytes())
    path.write_bytes(goal("[ ] a", "[ ] b").encode())  # the blob id below says otherwise: not read
    assert [c.text for c in history_for([path], OPTIONS, current={path: AsRead(committed.blob)}).files["goals/g.md"].completed] == ["a"]
    stranger = AsRead(git_blob_id(b"a version never committed"))
    assert [c.text for c in history_for([path], OPTIONS, current={path: stranger}).files["goals/g.md"].completed] == []
    path.unlink()
    assert history_for([path], OPTIONS, current={path: stranger}).hidden == {"goals/g.md"}


def test_a_file_never_committed_has_no_history_and_is_named(repo):
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[ ] a")})
    repo.write("goals/new.md", goal("[x] a"))
    result = history(repo, "goals/g.md", "goals/new.md")
    assert result.files["goals/new.md"].snapshots == []
    assert result.uncommitted == ["goals/new.md"] and result.warnings == []


def test_the_work_tree_is_found_from_a_subfolder_and_gitpython_opens_only_to_read_a_blob(repo, tmp_path_factory):
    sha = repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[x] a")})
    found = Repository(repo.root / "goals")
    assert found.root.resolve() == repo.root.resolve()
    assert found.head() == sha and "repo" not in found.__dict__
    blob = found.run("rev-parse", f"{sha}:goals/g.md").decode().strip()
    assert found.blob(blob) == goal("[x] a").encode() and "repo" in found.__dict__
    found.close()
    bare = tmp_path_factory.mktemp("bare")
    git.Repo.init(bare, bare=True)
    with pytest.raises(GitUnavailable, match="is in a bare repository"):
        Repository(bare)


def test_no_commits_yet_and_not_a_repository_are_warnings(repo, tmp_path_factory):
    repo.write("goals/g.md", goal("[ ] a"))
    assert history(repo, "goals/g.md").warnings == ["no history: the repository has no commits yet"]
    plain = tmp_path_factory.mktemp("plain")
    (plain / "g.md").write_text(goal("[ ] a"))
    result = history_for([plain / "g.md"], OPTIONS)
    assert result.files == {} and "not inside a git repository" in result.warnings[0]


def test_shallow_clone_warns_how_to_fetch_full_history(repo, tmp_path_factory):
    for day in range(1, 5):
        repo.commit(f"day {day}", f"2026-01-0{day}T09:00:00+00:00", files={"goals/g.md": goal(*(["[x] a"] * day))})
    clone = tmp_path_factory.mktemp("clone") / "c"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone)], check=True)
    result = history_for([clone / "goals/g.md"], OPTIONS)
    assert any("fetch-depth: 0" in w and "GIT_DEPTH: 0" in w for w in result.warnings)
    assert [s.total for s in result.files["goals/g.md"].snapshots] == [3, 4]


def test_non_utf8_author_names_do_not_break_the_scan(repo):
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[ ] a")})
    repo.write("goals/g.md", goal("[x] a"))
    repo.repo.git.add("-A")
    env = {**dict(__import__("os").environb), b"GIT_AUTHOR_NAME": b"Jos\xe9 Lat\xedn", b"GIT_AUTHOR_EMAIL": b"j@x",
           b"GIT_AUTHOR_DATE": b"2026-01-06T09:00:00+00:00", b"GIT_COMMITTER_DATE": b"2026-01-06T09:00:00+00:00"}
    subprocess.run([b"git", b"-C", bytes(repo.root), b"-c", b"i18n.commitEncoding=ISO-8859-1", b"commit", b"-qm", b"x"],
                   env=env, check=True)
    snapshots = history(repo, "goals/g.md").files["goals/g.md"].snapshots
    assert snapshots[-1].author.startswith("Jos") and snapshots[-1].checked == 1


def test_cache_hit_reads_no_commit_and_a_new_commit_reads_one(repo, tmp_path_factory):
    cache_dir = tmp_path_factory.mktemp("cache")
    for day in range(1, 6):
        repo.commit(f"day {day}", f"2026-01-0{day}T09:00:00+00:00", files={"goals/g.md": goal(*(["[x] a"] * day), "[ ] z")})
    cold = history(repo, "goals/g.md", cache=FileCache(cache_dir, OPTIONS))
    warm = history(repo, "goals/g.md", cache=FileCache(cache_dir, OPTIONS))
    assert (cold.commits_read, warm.commits_read, warm.from_cache) == (5, 0, True)
    assert warm.files["goals/g.md"].to_json() == cold.files["goals/g.md"].to_json()
    repo.commit("tick z", "2026-01-09T09:00:00+00:00", files={"goals/g.md": goal(*(["[x] a"] * 5), "[x] z")})
    incremental = history(repo, "goals/g.md", cache=FileCache(cache_dir, OPTIONS))
    fresh = history(repo, "goals/g.md")
    assert incremental.commits_read == 1
    assert incremental.files["goals/g.md"].to_json() == fresh.files["goals/g.md"].to_json()


def test_rewritten_history_invalidates_the_cache(repo, tmp_path_factory):
    cache_dir = tmp_path_factory.mktemp("cache")
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[ ] a")})
    repo.commit("tick", "2026-01-06T09:00:00+00:00", files={"goals/g.md": goal("[x] a")})
    history(repo, "goals/g.md", cache=FileCache(cache_dir, OPTIONS))
    repo.repo.git.reset("--hard", "HEAD~1")
    repo.commit("different tick", "2026-01-07T09:00:00+00:00", author="Chen Wei",
                files={"goals/g.md": goal("[x] a", "[ ] b")})
    cached = history(repo, "goals/g.md", cache=FileCache(cache_dir, OPTIONS))
    assert cached.files["goals/g.md"].to_json() == history(repo, "goals/g.md").files["goals/g.md"].to_json()
    assert [s.total for s in cached.files["goals/g.md"].snapshots] == [1, 2]


def test_a_corrupt_cache_means_a_full_scan(repo, tmp_path_factory):
    cache_dir = tmp_path_factory.mktemp("cache")
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[x] a")})
    history(repo, "goals/g.md", cache=FileCache(cache_dir, OPTIONS))
    for path in cache_dir.iterdir():
        path.write_text("{not json")
    assert history(repo, "goals/g.md", cache=FileCache(cache_dir, OPTIONS)).files["goals/g.md"].snapshots


def test_cli_history_json_shape_and_cache_flags(repo):
    repo.commit("add", "2026-01-05T09:00:00+01:00", files={"goals/g.md": goal("[ ] a")})
    ticked = repo.commit("tick", "2026-01-06T09:00:00+01:00", files={"goals/g.md": goal("[x] a")})
    result = run_goals("history", "--format", "json", "goals", cwd=repo.root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["goals/g.md"]
    assert data["goals/g.md"]["snapshots"][1] == {
        "commit": ticked, "date": "2026-01-06T09:00:00+01:00", "author": "Ana Ruiz", "checked": 1, "total": 1,
        "status": "on-track", "basis": "checklist", "percent": 100.0, "metric": None, "checkins": 0,
    }
    assert data["goals/g.md"]["completed"] == [
        {"text": "a", "date": "2026-01-06T09:00:00+01:00", "commit": ticked, "author": "Ana Ruiz"}
    ]
    assert (repo.root / ".cache/goals").is_dir()
    custom = repo.root / "elsewhere"
    assert run_goals("history", "--cache-dir", str(custom), "goals", cwd=repo.root).returncode == 0
    assert any(custom.iterdir())
    assert run_goals("history", "--no-cache", "goals", cwd=repo.root).returncode == 0


def test_cli_history_without_git_warns_and_exits_cleanly(repo):
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[ ] a")})
    result = subprocess.run([tool("goals"), "history", "goals"], cwd=repo.root, capture_output=True, text=True,
                            env=environ_without_git(), timeout=60)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "no history" in result.stderr and "git" in result.stderr
