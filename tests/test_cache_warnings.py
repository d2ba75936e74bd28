"""A history cache that cannot be used costs time and says so once; a missing one, or
one an older version wrote, is quietly replaced (issue 10)."""

from __future__ import annotations

import json

from gitrepo import GoalRepo, goal
from mkdocs_goals.core.document.model import Options
from mkdocs_goals.core.history.cache import FileCache, KeptCache
from mkdocs_goals.core.history.engine import history_for

OPTIONS = Options()


def scan(repo: GoalRepo, cache):
    return history_for([repo.root / "goals/g.md"], OPTIONS, cache=cache)


def written(tmp_path):
    repo = GoalRepo(tmp_path / "repo")
    repo.commit("add", "2026-01-05T09:00:00+00:00", files={"goals/g.md": goal("[x] a", "[ ] b")})
    folder = tmp_path / "cache"
    first = scan(repo, FileCache(folder, OPTIONS))
    assert first.warnings == []  # no cache yet: nothing to say
    (path,) = folder.glob("history-*.json")
    return repo, folder, path, first


def test_a_corrupt_cache_is_a_warning_and_the_same_answer(tmp_path):
    repo, folder, path, first = written(tmp_path)
    path.write_text("{not json")
    again = scan(repo, FileCache(folder, OPTIONS))
    assert len(again.warnings) == 1 and "history cache" in again.warnings[0] and "ignored" in again.warnings[0]
    assert again.files["goals/g.md"].to_json() == first.files["goals/g.md"].to_json()
    assert scan(repo, FileCache(folder, OPTIONS)).warnings == []  # rewritten: good again


def test_a_cache_of_the_wrong_shape_is_a_warning(tmp_path):
    repo, folder, path, _ = written(tmp_path)
    data = json.loads(path.read_text())
    data["records"]["blob"] = ["not-a-blob"]
    path.write_text(json.dumps(data))
    assert any("history cache" in w for w in scan(repo, FileCache(folder, OPTIONS)).warnings)


def test_an_older_version_s_cache_is_replaced_quietly(tmp_path):
    repo, folder, path, _ = written(tmp_path)
    data = json.loads(path.read_text())
    data["version"] = 1
    path.write_text(json.dumps(data))
    assert scan(repo, FileCache(folder, OPTIONS)).warnings == []


def test_serve_says_it_once_not_at_every_rebuild(tmp_path):
    repo, folder, path, _ = written(tmp_path)
    path.write_text("[]")
    kept = KeptCache(FileCache(folder, OPTIONS))
    assert len(scan(repo, kept).warnings) == 1
    assert scan(repo, kept).warnings == []
