"""The history reads only Markdown under the goal files' top-level folders, and still
follows renames within them."""

from __future__ import annotations

from pathlib import Path

import pytest

from gitrepo import GoalRepo, goal
from mkdocs_goals.core.document.model import Options
from mkdocs_goals.core.history import engine
from mkdocs_goals.core.history.engine import _pathspecs, history_for
from mkdocs_goals.core.history.git import Repository


def test_markdown_under_top_level_folders_in_any_case():
    assert _pathspecs(["goals/ana/a.md", "goals/b.MD", "inventories/x.markdown"]) == [
        "goals/*.[mM][aA][rR][kK][dD][oO][wW][nN]", "goals/*.[mM][dD]",
        "inventories/*.[mM][aA][rR][kK][dD][oO][wW][nN]", "inventories/*.[mM][dD]",
    ]


def test_root_files_and_other_suffixes_are_their_own_pathspec():
    assert _pathspecs(["GOALS.md"]) == ["GOALS.md"]
    assert "goals/notes.txt" in _pathspecs(["goals/notes.txt"])


def test_wildcards_in_names_are_escaped():
    assert _pathspecs(["go[als]/a.md"]) == ["go\\[als]/*.[mM][aA][rR][kK][dD][oO][wW][nN]", "go\\[als]/*.[mM][dD]"]
    assert _pathspecs(["a*b?.md"]) == ["a\\*b\\?.md"]


@pytest.fixture
def handbook(tmp_path: Path) -> GoalRepo:
    repo = GoalRepo(tmp_path)
    repo.commit("start", "2025-01-01T09:00:00+00:00", files={
        "goals/inbox/move-me.md": goal("[ ] one", "[ ] two"),
        "goals/ana/shout.MD": goal("[ ] loud"),
        "goals/ana/long.markdown": goal("[ ] long"),
        "goals/ana/goal.yml": "title: not markdown\n",
        "goals/ana/notes.txt": "[ ] a text file given by name\n",
        "go[als]/odd.md": goal("[ ] odd"),
        "docs/readme.md": goal("[x] not a goal folder"),
        "GOALS.md": goal("[ ] at the root"),
    })
    repo.move("goals/inbox/move-me.md", "goals/ana/move-me.md")
    repo.commit("triage", "2025-01-02T09:00:00+00:00")
    repo.commit("tick", "2025-01-03T09:00:00+00:00", files={
        "goals/ana/move-me.md": goal("[x] one", "[ ] two"), "goals/ana/goal.yml": "title: changed\n",
        "goals/ana/shout.MD": goal("[x] loud"), "go[als]/odd.md": goal("[x] odd"),
        "goals/ana/notes.txt": "[x] a text file given by name\n", "GOALS.md": goal("[x] at the root"),
    })
    return repo


GOAL_FILES = ["goals/ana/move-me.md", "goals/ana/shout.MD", "goals/ana/long.markdown", "goals/ana/notes.txt",
              "go[als]/odd.md", "GOALS.md"]


def test_the_log_holds_only_the_goal_files(handbook):
    repository = Repository(handbook.root)
    paths = {c.path for _, changes in repository.log(_pathspecs(GOAL_FILES)) for c in changes}
    assert paths == {"goals/inbox/move-me.md", "goals/ana/move-me.md", "goals/ana/shout.MD",
                     "goals/ana/long.markdown", "goals/ana/notes.txt", "go[als]/odd.md", "GOALS.md"}


def test_renames_are_followed_and_histories_are_as_with_whole_folders(handbook, monkeypatch):
    files = [handbook.root / name for name in GOAL_FILES]
    narrow = history_for(files, Options())
    moved = narrow.files["goals/ana/move-me.md"]
    assert moved.former_paths == ["goals/inbox/move-me.md"]
    assert [(s.checked, s.total) for s in moved.snapshots] == [(0, 2), (0, 2), (1, 2)]
    assert [c.text for c in moved.completed] == ["one"]
    assert [(s.checked, s.total) for s in narrow.files["go[als]/odd.md"].snapshots] == [(0, 1), (1, 1)]
    assert [(s.checked, s.total) for s in narrow.files["goals/ana/notes.txt"].snapshots] == [(0, 1), (1, 1)]

    def whole_folders(relative_paths: list[str]) -> list[str]:  # what the scan read before
        return sorted({p.split("/")[0] if "/" in p else p for p in relative_paths})

    monkeypatch.setattr(engine, "_pathspecs", whole_folders)
    wide = history_for(files, Options())
    assert {p: h.to_json() for p, h in narrow.files.items()} == {p: h.to_json() for p, h in wide.files.items()}


def test_pathspec_switches_in_the_environment_change_nothing(handbook, monkeypatch):
    repository = Repository(handbook.root)
    expected = list(repository.log(_pathspecs(GOAL_FILES)))
    for switch in ("GIT_LITERAL_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_ICASE_PATHSPECS"):
        monkeypatch.setenv(switch, "1")
        assert list(repository.log(_pathspecs(GOAL_FILES))) == expected
        monkeypatch.delenv(switch)


def whole_folders(relative_paths: list[str]) -> list[str]:
    """What the scan read before: whole top-level folders."""
    return sorted({p.split("/")[0] if "/" in p else p for p in relative_paths})


def histories(root: Path, names: list[str], cache=None) -> dict:
    result = history_for([root / name for name in names], Options(), cache=cache)
    return {path: history.to_json() for path, history in result.files.items()}


@pytest.fixture
def renamed_into_markdown(tmp_path: Path) -> GoalRepo:
    """`notes.txt` becomes `README`, then `README.md`; an unrelated YAML file goes when a goal comes."""
    repo = GoalRepo(tmp_path)
    repo.commit("start", "2025-01-01T09:00:00+00:00", files={
        "goals/ana/notes.txt": goal("[ ] one", "[ ] two", "[ ] three"), "goals/ana/old.yml": "x: 1\n",
    })
    repo.commit("tick", "2025-01-02T09:00:00+00:00", files={"goals/ana/notes.txt": goal("[x] one", "[ ] two", "[ ] three")})
    repo.move("goals/ana/notes.txt", "goals/ana/README")
    repo.commit("rename", "2025-01-03T09:00:00+00:00")
    repo.commit("tick", "2025-01-04T09:00:00+00:00", files={"goals/ana/README": goal("[x] one", "[x] two", "[ ] three")})
    return repo


def test_files_renamed_into_markdown_keep_their_history(renamed_into_markdown, monkeypatch):
    repo = renamed_into_markdown
    repo.move("goals/ana/README", "goals/ana/README.md")
    (repo.root / "goals/ana/old.yml").unlink()
    repo.commit("markdown at last, and a new goal", "2025-01-05T09:00:00+00:00",
                files={"goals/ben/new.md": goal("[ ] fresh")})
    names = ["goals/ana/README.md", "goals/ben/new.md"]
    narrow = histories(repo.root, names)
    readme = narrow["goals/ana/README.md"]
    assert readme["former_paths"] == ["goals/ana/notes.txt", "goals/ana/README"]
    assert [(s["checked"], s["total"]) for s in readme["snapshots"]] == [(0, 3), (1, 3), (1, 3), (2, 3), (2, 3)]
    assert [c["date"][:10] for c in readme["completed"]] == ["2025-01-02", "2025-01-04"]
    monkeypatch.setattr(engine, "_pathspecs", whole_folders)
    assert histories(repo.root, names) == narrow


def test_a_rename_into_markdown_after_the_cache_reads_the_earlier_history(renamed_into_markdown, tmp_path):
    from mkdocs_goals.core.history.cache import FileCache

    repo = renamed_into_markdown
    cache = FileCache(tmp_path / "cache", Options())
    repo.commit("a goal elsewhere", "2025-01-04T10:00:00+00:00", files={"goals/ben/new.md": goal("[ ] fresh")})
    assert histories(repo.root, ["goals/ben/new.md"], cache)  # the cache knows nothing of README
    repo.move("goals/ana/README", "goals/ana/README.md")
    repo.commit("markdown at last", "2025-01-05T09:00:00+00:00")
    names = ["goals/ana/README.md", "goals/ben/new.md"]
    warm = histories(repo.root, names, cache)
    assert warm == histories(repo.root, names)
    assert warm["goals/ana/README.md"]["former_paths"] == ["goals/ana/notes.txt", "goals/ana/README"]
